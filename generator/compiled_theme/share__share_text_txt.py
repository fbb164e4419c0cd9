from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'share-text.txt'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_points = resolve('points')
    l_0_points_title = resolve('points_title')
    l_0__ = resolve('_')
    l_0_url = resolve('url')
    l_0_hashtags = resolve('hashtags')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    yield str((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '\n'
    if (undefined(name='points') if l_0_points is missing else l_0_points):
        pass
        yield '\n'
        yield str((undefined(name='points_title') if l_0_points_title is missing else l_0_points_title))
        yield ':\n'
        for l_1_point in (undefined(name='points') if l_0_points is missing else l_0_points):
            _loop_vars = {}
            pass
            yield '• '
            yield str(l_1_point)
            yield '\n'
        l_1_point = missing
    yield '\n'
    yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Xem chi tiết'))
    yield ': '
    yield str((undefined(name='url') if l_0_url is missing else l_0_url))
    yield '\n'
    if (undefined(name='hashtags') if l_0_hashtags is missing else l_0_hashtags):
        pass
        yield '\n'
        yield str(t_1(context.eval_ctx, (undefined(name='hashtags') if l_0_hashtags is missing else l_0_hashtags), ' '))
        yield '\n'

blocks = {}
debug_info = '4=23&5=25&7=28&8=30&9=34&13=38&14=42&16=45'