from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'brief-text.txt'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_points = resolve('points')
    l_0__ = resolve('_')
    l_0_url = resolve('url')
    pass
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n\n'
    for l_1_point in (undefined(name='points') if l_0_points is missing else l_0_points):
        _loop_vars = {}
        pass
        yield '- '
        yield str(l_1_point)
        yield '\n'
    l_1_point = missing
    yield '\n'
    yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Xem chi tiết'))
    yield ': '
    yield str((undefined(name='url') if l_0_url is missing else l_0_url))

blocks = {}
debug_info = '3=15&5=17&6=21&9=25'