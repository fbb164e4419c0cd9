from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'speech.ssml'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_sentences = resolve('sentences')
    pass
    yield '<speak>'
    for l_1_sentence in (undefined(name='sentences') if l_0_sentences is missing else l_0_sentences):
        l_1_second = resolve('second')
        l_1_second_voice = resolve('second_voice')
        _loop_vars = {}
        pass
        if (l_1_sentence in (undefined(name='second') if l_1_second is missing else l_1_second)):
            pass
            yield '<voice name="'
            yield escape((undefined(name='second_voice') if l_1_second_voice is missing else l_1_second_voice))
            yield '">'
            yield escape(l_1_sentence)
            yield '</voice>'
        else:
            pass
            yield escape(l_1_sentence)
        yield ' '
    l_1_sentence = l_1_second = l_1_second_voice = missing
    yield '</speak>'

blocks = {}
debug_info = '2=13'