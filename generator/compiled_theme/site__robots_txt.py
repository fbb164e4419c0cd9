from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'robots.txt'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_sitemap = resolve('sitemap')
    pass
    yield '# Every page may be crawled; the sitemap lists them all, with their language versions.\nUser-agent: *\nAllow: /\n\nSitemap: '
    yield str((undefined(name='sitemap') if l_0_sitemap is missing else l_0_sitemap))
    yield '\n'

blocks = {}
debug_info = '5=13'