from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'glossary.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'glossary.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0__ = resolve('_')
    l_0_site = resolve('site')
    pass
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Thuật ngữ', _block_vars=_block_vars))
    yield ' – '
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0__ = resolve('_')
    l_0_glossary = resolve('glossary')
    pass
    yield '<article class="glossary">\n  <h1>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Thuật ngữ', _block_vars=_block_vars))
    yield '</h1>\n  <p>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Các thuật ngữ cố định và cách dịch đã thống nhất.', _block_vars=_block_vars))
    yield '</p>\n  <table>\n    <thead>\n      <tr>\n        <th scope="col" lang="'
    yield escape(environment.getattr(environment.getattr((undefined(name='glossary') if l_0_glossary is missing else l_0_glossary), 'source'), 'tag'))
    yield '">'
    yield escape(environment.getattr(environment.getattr((undefined(name='glossary') if l_0_glossary is missing else l_0_glossary), 'source'), 'name'))
    yield '</th>\n'
    for l_1_column in environment.getattr((undefined(name='glossary') if l_0_glossary is missing else l_0_glossary), 'columns'):
        _loop_vars = {}
        pass
        yield '        <th scope="col" lang="'
        yield escape(environment.getattr(l_1_column, 'tag'))
        yield '">'
        yield escape(environment.getattr(l_1_column, 'name'))
        yield '</th>\n'
    l_1_column = missing
    yield '        <th scope="col">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Ghi chú', _block_vars=_block_vars))
    yield '</th>\n      </tr>\n    </thead>\n    <tbody>\n'
    l_1_loop = missing
    for l_1_term, l_1_loop in LoopContext(environment.getattr((undefined(name='glossary') if l_0_glossary is missing else l_0_glossary), 'terms'), undefined):
        _loop_vars = {}
        pass
        yield '      <tr>\n        <th scope="row" lang="'
        yield escape(environment.getattr(environment.getattr((undefined(name='glossary') if l_0_glossary is missing else l_0_glossary), 'source'), 'tag'))
        yield '">'
        yield escape(environment.getattr(l_1_term, 'source'))
        yield '</th>\n'
        l_2_loop = missing
        for l_2_cell, l_2_loop in LoopContext(environment.getattr(l_1_term, 'cells'), undefined):
            _loop_vars = {}
            pass
            if l_2_cell:
                pass
                yield '        <td lang="'
                yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='glossary') if l_0_glossary is missing else l_0_glossary), 'columns'), environment.getattr(l_2_loop, 'index0')), 'tag'))
                yield '">'
                yield escape(l_2_cell)
                yield '</td>\n'
            else:
                pass
                yield '        <td class="missing">'
                yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'chưa thống nhất', _loop_vars=_loop_vars))
                yield '</td>\n'
        l_2_loop = l_2_cell = missing
        yield '        <td>'
        yield escape(environment.getattr(l_1_term, 'note'))
        yield '</td>\n      </tr>\n'
    l_1_loop = l_1_term = missing
    yield '    </tbody>\n  </table>\n</article>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=31&5=42&6=44&10=46&11=50&12=54&14=60&18=63&20=67&21=72&22=75&23=78&25=85&28=89'