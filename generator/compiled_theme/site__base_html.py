from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'base.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_site = resolve('site')
    l_0_canonical = resolve('canonical')
    l_0_alternates = resolve('alternates')
    l_0_url = resolve('url')
    l_0__ = resolve('_')
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'lang_tag'))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield from context.blocks['title'][0](context)
    yield '</title>\n'
    yield from context.blocks['meta'][0](context)
    yield '<link rel="canonical" href="'
    yield escape((undefined(name='canonical') if l_0_canonical is missing else l_0_canonical))
    yield '">\n'
    for l_1_alt in (undefined(name='alternates') if l_0_alternates is missing else l_0_alternates):
        _loop_vars = {}
        pass
        yield '<link rel="alternate" hreflang="'
        yield escape(environment.getattr(l_1_alt, 'tag'))
        yield '" href="'
        yield escape(environment.getattr(l_1_alt, 'url'))
        yield '">\n'
    l_1_alt = missing
    if (undefined(name='alternates') if l_0_alternates is missing else l_0_alternates):
        pass
        yield '<link rel="alternate" hreflang="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'lang_tag'))
        yield '" href="'
        yield escape((undefined(name='canonical') if l_0_canonical is missing else l_0_canonical))
        yield '">\n'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'feed'):
        pass
        yield '<link rel="alternate" type="application/atom+xml" title="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
        yield '" href="'
        yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'feed')))
        yield '">\n'
    yield '<link rel="stylesheet" href="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'stylesheet')))
    yield '">\n<link rel="icon" type="image/svg+xml" href="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'icon')))
    yield '">\n</head>\n<body>\n<a class="skip" href="#main">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bỏ qua, đến nội dung chính'))
    yield '</a>\n<header class="site-header">\n  <p class="organisation">'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'organisation'))
    yield '</p>\n  <p class="site-title"><a href="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'home')))
    yield '">'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</a></p>\n  <nav class="menu" aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Trình đơn'))
    yield '">\n    <ul>\n      <li><a href="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'home')))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Trang chủ'))
    yield '</a></li>\n      <li><a href="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'browse')))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tra cứu'))
    yield '</a></li>\n'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'glossary'):
        pass
        yield '      <li><a href="'
        yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'glossary')))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Thuật ngữ'))
        yield '</a></li>\n'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'calendar'):
        pass
        yield '      <li><a href="'
        yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'calendar')))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Lịch sơ kết, tổng kết'))
        yield '</a></li>\n'
    for l_1_item in environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'menu'):
        _loop_vars = {}
        pass
        yield '      <li><a href="'
        yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(l_1_item, 'path'), _loop_vars=_loop_vars))
        yield '">'
        yield escape(environment.getattr(l_1_item, 'title'))
        yield '</a></li>\n'
    l_1_item = missing
    yield '    </ul>\n  </nav>\n'
    yield from context.blocks['search_form'][0](context)
    yield from context.blocks['switcher'][0](context)
    yield '</header>\n<main id="main">\n'
    yield from context.blocks['main'][0](context)
    yield '</main>\n<footer class="site-footer">\n  <p>'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'organisation'))
    yield '</p>\n  <p>'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</p>\n</footer>\n</body>\n</html>'

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    pass
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))

def block_meta(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_search_form(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    l_0_url = resolve('url')
    l_0__ = resolve('_')
    pass
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'search'):
        pass
        yield '  <form class="search" role="search" action="'
        yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'search'), _block_vars=_block_vars))
        yield '" method="get">\n    <label class="visually-hidden" for="site-search">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tìm văn bản', _block_vars=_block_vars))
        yield '</label>\n    <input id="site-search" name="q" type="search" placeholder="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tìm văn bản, gõ không dấu cũng được', _block_vars=_block_vars))
        yield '">\n    <button type="submit">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tìm', _block_vars=_block_vars))
        yield '</button>\n  </form>\n'

def block_switcher(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    l_0__ = resolve('_')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    if (t_1(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'languages')) > 1):
        pass
        yield '  <nav class="languages" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Ngôn ngữ', _block_vars=_block_vars))
        yield '">\n    <ul>\n'
        for l_1_language in environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'languages'):
            l_1_url = resolve('url')
            _loop_vars = {}
            pass
            if (environment.getattr(l_1_language, 'code') == environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'lang')):
                pass
                yield '      <li><span aria-current="true" lang="'
                yield escape(environment.getattr(l_1_language, 'tag'))
                yield '">'
                yield escape(environment.getattr(l_1_language, 'name'))
                yield '</span></li>\n'
            else:
                pass
                yield '      <li><a href="'
                yield escape(context.call((undefined(name='url') if l_1_url is missing else l_1_url), environment.getattr(l_1_language, 'path'), _loop_vars=_loop_vars))
                yield '" hreflang="'
                yield escape(environment.getattr(l_1_language, 'tag'))
                yield '" lang="'
                yield escape(environment.getattr(l_1_language, 'tag'))
                yield '">'
                yield escape(environment.getattr(l_1_language, 'name'))
                yield '</a></li>\n'
        l_1_language = l_1_url = missing
        yield '    </ul>\n  </nav>\n'

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'title': block_title, 'meta': block_meta, 'search_form': block_search_form, 'switcher': block_switcher, 'main': block_main}
debug_info = '2=17&6=19&7=21&8=23&9=25&10=29&12=34&13=37&15=41&16=44&18=49&20=51&23=53&25=55&26=57&27=61&29=63&30=67&31=71&32=74&34=78&35=81&37=85&38=89&42=95&51=96&68=98&71=100&72=102&6=105&7=116&42=125&43=136&44=139&45=141&46=143&47=145&51=148&52=164&53=167&55=169&56=173&57=176&59=183&68=194'