from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'calendar.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0__ = resolve('_')
    l_0_group_titles = l_0_empty_notes = missing
    pass
    parent_template = environment.get_template('base.html', 'calendar.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    l_0_group_titles = {'overdue': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Đã quá hạn (trong 12 tháng qua)'), 'soon': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Đến hạn trong 12 tháng tới'), 'later': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Sau 12 tháng tới')}
    context.vars['group_titles'] = l_0_group_titles
    context.exported_vars.add('group_titles')
    l_0_empty_notes = {'overdue': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Không có mục nào quá hạn.'), 'soon': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Không có mục nào đến hạn trong 12 tháng tới.'), 'later': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Chưa có mục nào.')}
    context.vars['empty_notes'] = l_0_empty_notes
    context.exported_vars.add('empty_notes')
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0__ = resolve('_')
    l_0_site = resolve('site')
    pass
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Lịch sơ kết, tổng kết', _block_vars=_block_vars))
    yield ' – '
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0__ = resolve('_')
    l_0_calendar = resolve('calendar')
    l_0_url = resolve('url')
    l_0_kinds = resolve('kinds')
    try:
        t_1 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
    pass
    yield '<h1>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Lịch sơ kết, tổng kết', _block_vars=_block_vars))
    yield '</h1>\n<p class="calendar-reference">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tính đến ngày %(date)s.', date=t_1(environment.getattr((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar), 'reference')), _block_vars=_block_vars))
    yield '</p>\n'
    if environment.getattr((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar), 'ics'):
        pass
        yield '<p class="calendar-download">\n  <a href="'
        yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(environment.getattr((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar), 'ics'), 'path'), _block_vars=_block_vars))
        yield '" download>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tải lịch về máy (tệp .ics)', _block_vars=_block_vars))
        yield '</a>\n  <span class="size">'
        yield escape(environment.getattr(environment.getattr((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar), 'ics'), 'name'))
        yield '</span><br>\n  <span class="hint">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Điện thoại: bấm vào tệp, chọn Thêm vào lịch. Máy tính: mở tệp bằng Outlook (hoặc Tệp › Mở và xuất › Nhập/Xuất). Mỗi hạn được nhắc trước %(days)s ngày.', days=environment.getattr((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar), 'reminder_days'), _block_vars=_block_vars))
        yield '</span>\n</p>\n'
    yield '<nav class="calendar-jump" aria-label="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Các phần của lịch', _block_vars=_block_vars))
    yield '">\n  <ul>\n'
    for l_1_group in environment.getattr((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar), 'groups'):
        l_1_group_titles = resolve('group_titles')
        _loop_vars = {}
        pass
        yield '    <li><a href="#'
        yield escape(environment.getattr(l_1_group, 'key'))
        yield '">'
        yield escape(environment.getitem((undefined(name='group_titles') if l_1_group_titles is missing else l_1_group_titles), environment.getattr(l_1_group, 'key')))
        yield '</a> <span class="count">('
        yield escape(t_2(environment.getitem(l_1_group, 'items')))
        yield ')</span></li>\n'
    l_1_group = l_1_group_titles = missing
    yield '  </ul>\n</nav>\n'
    for l_1_group in environment.getattr((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar), 'groups'):
        l_1_group_titles = resolve('group_titles')
        l_1_empty_notes = resolve('empty_notes')
        _loop_vars = {}
        pass
        yield '<section class="calendar-group calendar-'
        yield escape(environment.getattr(l_1_group, 'key'))
        yield '" id="'
        yield escape(environment.getattr(l_1_group, 'key'))
        yield '">\n  <h2>'
        yield escape(environment.getitem((undefined(name='group_titles') if l_1_group_titles is missing else l_1_group_titles), environment.getattr(l_1_group, 'key')))
        yield '</h2>\n'
        if environment.getitem(l_1_group, 'items'):
            pass
            yield '  <ol class="milestones">\n'
            for l_2_item in environment.getitem(l_1_group, 'items'):
                _loop_vars = {}
                pass
                yield '    <li class="milestone milestone-'
                yield escape(environment.getattr(l_2_item, 'event'))
                yield '">\n      <p class="milestone-when"><time datetime="'
                yield escape(context.call(environment.getattr(environment.getattr(l_2_item, 'date'), 'isoformat'), _loop_vars=_loop_vars))
                yield '">'
                yield escape(t_1(environment.getattr(l_2_item, 'date')))
                yield '</time>\n'
                if environment.getattr(l_2_item, 'ago'):
                    pass
                    yield '<span class="ago">'
                    if environment.getattr(environment.getattr(l_2_item, 'ago'), 'months'):
                        pass
                        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'quá hạn %(n)s tháng', n=environment.getattr(environment.getattr(l_2_item, 'ago'), 'months'), _loop_vars=_loop_vars))
                    else:
                        pass
                        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'quá hạn %(n)s ngày', n=environment.getattr(environment.getattr(l_2_item, 'ago'), 'days'), _loop_vars=_loop_vars))
                    yield '</span>'
                yield '      </p>\n      <p class="milestone-what">'
                yield escape(environment.getattr(l_2_item, 'what'))
                if environment.getattr(l_2_item, 'review_date'):
                    pass
                    yield ' <span class="note">('
                    if (environment.getattr(l_2_item, 'stage') == 'final'):
                        pass
                        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'hạn tổng kết: %(date)s', date=t_1(environment.getattr(l_2_item, 'review_date')), _loop_vars=_loop_vars))
                    else:
                        pass
                        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'hạn sơ kết: %(date)s', date=t_1(environment.getattr(l_2_item, 'review_date')), _loop_vars=_loop_vars))
                    yield ')</span>'
                yield '</p>\n      <p class="milestone-doc"><a href="'
                yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(l_2_item, 'path'), _loop_vars=_loop_vars))
                yield '"'
                if environment.getattr(l_2_item, 'content_lang'):
                    pass
                    yield ' lang="'
                    yield escape(environment.getattr(l_2_item, 'content_lang'))
                    yield '" hreflang="'
                    yield escape(environment.getattr(l_2_item, 'content_lang'))
                    yield '"'
                yield '>'
                yield escape(environment.getattr(l_2_item, 'title'))
                yield '</a></p>\n      <p class="item-meta"><span class="code">'
                yield escape(environment.getattr(l_2_item, 'code'))
                yield '</span> · '
                yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), environment.getattr(l_2_item, 'kind_name'), _loop_vars=_loop_vars))
                yield ' · '
                yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'cấp %(level)s', level=t_3(context.call((undefined(name='_') if l_0__ is missing else l_0__), environment.getattr(l_2_item, 'level_name'), _loop_vars=_loop_vars)), _loop_vars=_loop_vars))
                yield '</p>\n    </li>\n'
            l_2_item = missing
            yield '  </ol>\n'
        else:
            pass
            yield '  <p class="empty">'
            yield escape(environment.getitem((undefined(name='empty_notes') if l_1_empty_notes is missing else l_1_empty_notes), environment.getattr(l_1_group, 'key')))
            yield '</p>\n'
        yield '</section>\n'
    l_1_group = l_1_group_titles = l_1_empty_notes = missing
    yield '<details class="calendar-rules">\n  <summary>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Cách tính các hạn', _block_vars=_block_vars))
    yield '</summary>\n  <ul>\n'
    for l_1_level in environment.getattr(environment.getattr((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar), 'rules'), 'levels'):
        l_1_name = missing
        _loop_vars = {}
        pass
        l_1_name = t_3(context.call((undefined(name='_') if l_0__ is missing else l_0__), environment.getattr(l_1_level, 'name'), _loop_vars=_loop_vars))
        _loop_vars['name'] = l_1_name
        yield '    <li>'
        if (environment.getattr(l_1_level, 'preliminary') and environment.getattr(l_1_level, 'final')):
            pass
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Văn bản cấp %(level)s: sơ kết sau %(preliminary)s năm, tổng kết sau %(final)s năm kể từ ngày ban hành.', level=(undefined(name='name') if l_1_name is missing else l_1_name), preliminary=environment.getattr(l_1_level, 'preliminary'), final=environment.getattr(l_1_level, 'final'), _loop_vars=_loop_vars))
        elif environment.getattr(l_1_level, 'preliminary'):
            pass
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Văn bản cấp %(level)s: sơ kết sau %(preliminary)s năm kể từ ngày ban hành, không tổng kết.', level=(undefined(name='name') if l_1_name is missing else l_1_name), preliminary=environment.getattr(l_1_level, 'preliminary'), _loop_vars=_loop_vars))
        elif environment.getattr(l_1_level, 'final'):
            pass
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Văn bản cấp %(level)s: tổng kết sau %(final)s năm kể từ ngày ban hành, không sơ kết.', level=(undefined(name='name') if l_1_name is missing else l_1_name), final=environment.getattr(l_1_level, 'final'), _loop_vars=_loop_vars))
        else:
            pass
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Văn bản cấp %(level)s: không sơ kết, tổng kết.', level=(undefined(name='name') if l_1_name is missing else l_1_name), _loop_vars=_loop_vars))
        yield '</li>\n'
    l_1_level = l_1_name = missing
    yield '    <li>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Kế hoạch sơ kết, tổng kết ban hành chậm nhất %(months)s tháng trước hạn.', months=environment.getattr(environment.getattr((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar), 'rules'), 'plan_months'), _block_vars=_block_vars))
    yield '</li>\n    <li>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Hằng năm (vào ngày ban hành) đánh giá kết quả thực hiện, trừ năm có sơ kết, tổng kết.', _block_vars=_block_vars))
    yield '</li>\n'
    if environment.getattr(environment.getattr((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar), 'rules'), 'kinds_without_review'):
        pass
        t_4 = []
        pass
        l_2_loop = missing
        for l_2_kind, l_2_loop in LoopContext(environment.getattr(environment.getattr((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar), 'rules'), 'kinds_without_review'), undefined):
            _loop_vars = {}
            pass
            t_4.append(
                escape(t_3(context.call((undefined(name='_') if l_0__ is missing else l_0__), l_2_kind, _loop_vars=_loop_vars))),
            )
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                t_4.append(
                    ', ',
                )
        l_2_loop = l_2_kind = missing
        l_0_kinds = (Markup if context.eval_ctx.autoescape else identity)(concat(t_4))
        _block_vars['kinds'] = l_0_kinds
        yield '    <li>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Không lập lịch riêng cho %(kinds)s: các văn bản này được sơ kết, tổng kết cùng văn bản mà chúng triển khai.', kinds=(undefined(name='kinds') if l_0_kinds is missing else l_0_kinds), _block_vars=_block_vars))
        yield '</li>\n'
    yield '  </ul>\n</details>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=14&2=17&7=20&12=25&13=39&14=70&15=72&16=74&18=77&19=81&20=83&23=86&25=88&26=93&30=101&31=107&32=111&33=113&35=116&36=120&37=122&38=126&40=137&41=149&42=161&47=172&52=177&54=179&55=183&56=186&57=189&58=192&59=197&61=201&62=203&63=205&64=210&65=225'