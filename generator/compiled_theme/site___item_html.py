from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_item.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_item = resolve('item')
    l_0__ = resolve('_')
    l_0_url = resolve('url')
    try:
        t_1 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    pass
    yield '<li class="item"'
    if environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'content_lang'):
        pass
        yield ' lang="'
        yield escape(environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'content_lang'))
        yield '"'
    yield '>\n  <p class="item-meta"><span class="kind">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'kind_name')))
    yield '</span> <span class="code">'
    yield escape(environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'code'))
    yield '</span> · <time datetime="'
    yield escape(context.call(environment.getattr(environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'issued'), 'isoformat')))
    yield '">'
    yield escape(t_1(environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'issued')))
    yield '</time></p>\n  <h2 class="item-title"><a href="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'path')))
    yield '">'
    yield escape(environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'title'))
    yield '</a></h2>\n'
    if environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'summary'):
        pass
        yield '<p class="item-summary">'
        yield escape(environment.getattr((undefined(name='item') if l_0_item is missing else l_0_item), 'summary'))
        yield '</p>'
    yield '</li>'

blocks = {}
debug_info = '3=21&4=27&5=35&6=39'