from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'feed.xml'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_feed = resolve('feed')
    pass
    yield '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="'
    yield escape(environment.getattr((undefined(name='feed') if l_0_feed is missing else l_0_feed), 'lang_tag'))
    yield '">\n  <id>'
    yield escape(environment.getattr((undefined(name='feed') if l_0_feed is missing else l_0_feed), 'id'))
    yield '</id>\n  <title>'
    yield escape(environment.getattr((undefined(name='feed') if l_0_feed is missing else l_0_feed), 'title'))
    yield '</title>\n'
    if environment.getattr((undefined(name='feed') if l_0_feed is missing else l_0_feed), 'subtitle'):
        pass
        yield '  <subtitle>'
        yield escape(environment.getattr((undefined(name='feed') if l_0_feed is missing else l_0_feed), 'subtitle'))
        yield '</subtitle>\n'
    yield '  <updated>'
    yield escape(environment.getattr((undefined(name='feed') if l_0_feed is missing else l_0_feed), 'updated'))
    yield '</updated>\n  <author><name>'
    yield escape(environment.getattr((undefined(name='feed') if l_0_feed is missing else l_0_feed), 'author'))
    yield '</name></author>\n  <link rel="self" type="application/atom+xml" href="'
    yield escape(environment.getattr((undefined(name='feed') if l_0_feed is missing else l_0_feed), 'self'))
    yield '"/>\n  <link rel="alternate" type="text/html" href="'
    yield escape(environment.getattr((undefined(name='feed') if l_0_feed is missing else l_0_feed), 'home'))
    yield '"/>\n  <generator>tuyentruyen</generator>\n'
    for l_1_entry in environment.getattr((undefined(name='feed') if l_0_feed is missing else l_0_feed), 'entries'):
        _loop_vars = {}
        pass
        yield '  <entry'
        if environment.getattr(l_1_entry, 'lang_tag'):
            pass
            yield ' xml:lang="'
            yield escape(environment.getattr(l_1_entry, 'lang_tag'))
            yield '"'
        yield '>\n    <id>'
        yield escape(environment.getattr(l_1_entry, 'id'))
        yield '</id>\n    <title>'
        yield escape(environment.getattr(l_1_entry, 'title'))
        yield '</title>\n    <published>'
        yield escape(environment.getattr(l_1_entry, 'published'))
        yield '</published>\n    <updated>'
        yield escape(environment.getattr(l_1_entry, 'updated'))
        yield '</updated>\n    <link rel="alternate" type="text/html" href="'
        yield escape(environment.getattr(l_1_entry, 'url'))
        yield '"/>\n'
        if environment.getattr(l_1_entry, 'summary'):
            pass
            yield '    <summary>'
            yield escape(environment.getattr(l_1_entry, 'summary'))
            yield '</summary>\n'
        for l_2_category in environment.getattr(l_1_entry, 'categories'):
            _loop_vars = {}
            pass
            yield '    <category term="'
            yield escape(environment.getattr(l_2_category, 'term'))
            yield '" label="'
            yield escape(environment.getattr(l_2_category, 'label'))
            yield '"/>\n'
        l_2_category = missing
        yield '  </entry>\n'
    l_1_entry = missing
    yield '</feed>'

blocks = {}
debug_info = '2=13&3=15&4=17&5=19&6=22&8=25&9=27&10=29&11=31&13=33&14=37&15=43&16=45&17=47&18=49&19=51&20=53&21=56&23=58&24=62'