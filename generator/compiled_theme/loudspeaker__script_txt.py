from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'script.txt'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0__ = resolve('_')
    l_0_script = resolve('script')
    l_0_code = resolve('code')
    l_0_total_time = resolve('total_time')
    l_0_parts = resolve('parts')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'BÀI ĐỌC TRÊN LOA TRUYỀN THANH'))
    yield '\n'
    yield str(environment.getattr((undefined(name='script') if l_0_script is missing else l_0_script), 'title'))
    yield '\n'
    yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Số hiệu'))
    yield ': '
    yield str((undefined(name='code') if l_0_code is missing else l_0_code))
    yield '\n'
    yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tổng thời lượng đọc'))
    yield ': '
    yield str((undefined(name='total_time') if l_0_total_time is missing else l_0_total_time))
    if (t_1(environment.getattr((undefined(name='script') if l_0_script is missing else l_0_script), 'parts')) > 1):
        pass
        yield ' ('
        yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'chia thành %(n)s phần để phát vào các buổi khác nhau', n=t_1(environment.getattr((undefined(name='script') if l_0_script is missing else l_0_script), 'parts'))))
        yield ')'
    yield '\n'
    for l_1_part in (undefined(name='parts') if l_0_parts is missing else l_0_parts):
        _loop_vars = {}
        pass
        yield '==============================\n'
        if (t_1(environment.getattr((undefined(name='script') if l_0_script is missing else l_0_script), 'parts')) > 1):
            pass
            yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'PHẦN %(number)s/%(total)s', number=environment.getattr(l_1_part, 'number'), total=environment.getattr(l_1_part, 'total'), _loop_vars=_loop_vars))
            yield ' – '
            yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'thời lượng', _loop_vars=_loop_vars))
            yield ': '
            yield str(environment.getattr(l_1_part, 'time'))
            yield '\n'
        yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Ngày phát', _loop_vars=_loop_vars))
        yield ': ....................   '
        yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Người đọc', _loop_vars=_loop_vars))
        yield ': ..............................\n==============================\n\n'
        for l_2_sentence in environment.getattr(l_1_part, 'sentences'):
            _loop_vars = {}
            pass
            yield str(l_2_sentence)
            yield '\n'
        l_2_sentence = missing
        yield '\n'
    l_1_part = missing

blocks = {}
debug_info = '1=22&2=24&3=26&4=30&6=39&8=43&9=45&11=51&14=55&15=58'