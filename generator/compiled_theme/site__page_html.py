from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'page.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'page.html')
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
    l_0_page = resolve('page')
    l_0_site = resolve('site')
    pass
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield ' – '
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))

def block_meta(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_page = resolve('page')
    pass
    if environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'summary'):
        pass
        yield '<meta name="description" content="'
        yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'summary'))
        yield '">'

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_page = resolve('page')
    l_0_site = resolve('site')
    l_0__ = resolve('_')
    pass
    yield '<article class="page"'
    if environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'content_lang'):
        pass
        yield ' lang="'
        yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'content_lang'))
        yield '"'
    yield '>\n'
    if environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'translation_pending'):
        pass
        yield '  <p class="notice" lang="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'lang_tag'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Trang này chưa được dịch sang ngôn ngữ này; dưới đây là bản tiếng Việt.', _block_vars=_block_vars))
        yield '</p>\n'
    yield '  <h1>'
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'title'))
    yield '</h1>\n  '
    yield escape(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'html'))
    yield '\n</article>\n'

blocks = {'title': block_title, 'meta': block_meta, 'main': block_main}
debug_info = '1=12&2=17&3=31&4=46&5=58&6=64&7=67&9=72&10=74'