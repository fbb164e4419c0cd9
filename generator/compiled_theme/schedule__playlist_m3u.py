from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'playlist.m3u'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_entries = resolve('entries')
    pass
    yield '#EXTM3U\n#EXTENC:UTF-8\n'
    for l_1_entry in (undefined(name='entries') if l_0_entries is missing else l_0_entries):
        _loop_vars = {}
        pass
        yield '#EXTINF:'
        yield str(environment.getattr(l_1_entry, 'seconds'))
        yield ','
        yield str(environment.getattr(l_1_entry, 'code'))
        yield ' - '
        yield str(environment.getattr(l_1_entry, 'title'))
        if environment.getattr(l_1_entry, 'part'):
            pass
            yield ' - '
            yield str(environment.getattr(l_1_entry, 'part'))
        yield ' ('
        yield str(environment.getattr(l_1_entry, 'language'))
        yield ')\n'
        yield str(environment.getattr(l_1_entry, 'file'))
        yield '\n'
    l_1_entry = missing

blocks = {}
debug_info = '3=13&4=17&5=29'