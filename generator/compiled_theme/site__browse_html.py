from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'browse.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0__ = resolve('_')
    l_0_group_titles = missing
    pass
    parent_template = environment.get_template('base.html', 'browse.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    l_0_group_titles = {'loai': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Loại văn bản'), 'cap': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Cấp ban hành'), 'chu-de': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Chủ đề'), 'nam': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Năm ban hành')}
    context.vars['group_titles'] = l_0_group_titles
    context.exported_vars.add('group_titles')
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
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tra cứu', _block_vars=_block_vars))
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
    l_0_groups = resolve('groups')
    pass
    yield '<h1>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tra cứu', _block_vars=_block_vars))
    yield '</h1>\n'
    for l_1_group in (undefined(name='groups') if l_0_groups is missing else l_0_groups):
        l_1_group_titles = resolve('group_titles')
        _loop_vars = {}
        pass
        yield '<section class="group">\n  <h2>'
        yield escape(environment.getitem((undefined(name='group_titles') if l_1_group_titles is missing else l_1_group_titles), environment.getattr(l_1_group, 'key')))
        yield '</h2>\n  <ul class="tags">\n'
        for l_2_entry in environment.getattr(l_1_group, 'entries'):
            l_2_url = resolve('url')
            _loop_vars = {}
            pass
            yield '    <li><a href="'
            yield escape(context.call((undefined(name='url') if l_2_url is missing else l_2_url), environment.getattr(l_2_entry, 'path'), _loop_vars=_loop_vars))
            yield '">'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), environment.getattr(l_2_entry, 'name'), _loop_vars=_loop_vars))
            yield '</a> <span class="count">('
            yield escape(environment.getattr(l_2_entry, 'count'))
            yield ')</span></li>\n'
        l_2_entry = l_2_url = missing
        yield '  </ul>\n</section>\n'
    l_1_group = l_1_group_titles = missing

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=14&2=17&3=22&4=36&5=47&6=49&8=54&10=56&11=61'