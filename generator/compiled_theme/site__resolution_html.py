from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'resolution.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'resolution.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_res = resolve('res')
    l_0_site = resolve('site')
    pass
    yield escape(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'title'))
    yield ' – '
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))

def block_meta(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_res = resolve('res')
    l_0_url = resolve('url')
    l_0_og = missing
    pass
    l_0_og = environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'share')
    _block_vars['og'] = l_0_og
    yield '<meta name="description" content="'
    yield escape(environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'description'))
    yield '">\n<meta property="og:type" content="article">\n<meta property="og:title" content="'
    yield escape(environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'title'))
    yield '">\n<meta property="og:description" content="'
    yield escape(environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'description'))
    yield '">\n<meta property="og:url" content="'
    yield escape(environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'url'))
    yield '">\n<meta property="og:site_name" content="'
    yield escape(environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'site_name'))
    yield '">\n'
    if environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'locale'):
        pass
        yield '<meta property="og:locale" content="'
        yield escape(environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'locale'))
        yield '">\n'
    yield '<meta property="article:published_time" content="'
    yield escape(environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'published'))
    yield '">\n'
    if environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'image'):
        pass
        yield '<meta property="og:image" content="'
        yield escape(environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'image'))
        yield '">\n<meta property="og:image:type" content="image/png">\n<meta property="og:image:width" content="'
        yield escape(environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'image_width'))
        yield '">\n<meta property="og:image:height" content="'
        yield escape(environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'image_height'))
        yield '">\n<meta property="og:image:alt" content="'
        yield escape(environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'title'))
        yield '">\n<meta name="twitter:card" content="summary_large_image">\n'
    else:
        pass
        yield '<meta name="twitter:card" content="summary">\n'
    if environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'script'):
        pass
        yield '<script src="'
        yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='og') if l_0_og is missing else l_0_og), 'script'), _block_vars=_block_vars))
        yield '" defer></script>\n'

def block_switcher(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_alternates = resolve('alternates')
    l_0__ = resolve('_')
    l_0_site = resolve('site')
    pass
    if (undefined(name='alternates') if l_0_alternates is missing else l_0_alternates):
        pass
        yield '<nav class="languages" aria-label="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Văn bản này bằng ngôn ngữ khác', _block_vars=_block_vars))
        yield '">\n  <ul>\n    <li><span aria-current="true" lang="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'lang_tag'))
        yield '">'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'language_name'))
        yield '</span></li>\n'
        for l_1_alt in (undefined(name='alternates') if l_0_alternates is missing else l_0_alternates):
            l_1_url = resolve('url')
            _loop_vars = {}
            pass
            yield '    <li><a href="'
            yield escape(context.call((undefined(name='url') if l_1_url is missing else l_1_url), environment.getattr(l_1_alt, 'path'), _loop_vars=_loop_vars))
            yield '" hreflang="'
            yield escape(environment.getattr(l_1_alt, 'tag'))
            yield '" lang="'
            yield escape(environment.getattr(l_1_alt, 'tag'))
            yield '">'
            yield escape(environment.getattr(l_1_alt, 'name'))
            yield '</a></li>\n'
        l_1_alt = l_1_url = missing
        yield '  </ul>\n</nav>\n'

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_res = resolve('res')
    l_0_site = resolve('site')
    l_0__ = resolve('_')
    l_0_url = resolve('url')
    l_0_download_labels = resolve('download_labels')
    try:
        t_1 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_2 = environment.filters['filesize']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'filesize' found.")
    try:
        t_3 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_4 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_5 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<article class="resolution"'
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'content_lang'):
        pass
        yield ' lang="'
        yield escape(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'content_lang'))
        yield '"'
    yield '>\n'
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'translation_pending'):
        pass
        yield '  <p class="notice" lang="'
        yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'lang_tag'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Văn bản này chưa được dịch sang ngôn ngữ này; dưới đây là bản tiếng Việt.', _block_vars=_block_vars))
        yield '</p>\n'
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'outdated'):
        pass
        yield '  <p class="notice notice-outdated" role="note">'
        if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'outdated_notice'):
            pass
            yield escape(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'outdated_notice'))
        else:
            pass
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bản tiếng Việt của văn bản này đã được sửa sau khi dịch; bản dịch dưới đây có thể chưa cập nhật.', _block_vars=_block_vars))
        yield '    <a href="'
        yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'source_path'), _block_vars=_block_vars))
        yield '" hreflang="'
        yield escape(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'source_lang_tag'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Xem bản tiếng Việt mới nhất', _block_vars=_block_vars))
        yield '</a></p>\n'
    yield '  <h1>'
    yield escape(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'title'))
    yield '</h1>\n  <dl class="meta">\n    <div><dt>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Số hiệu', _block_vars=_block_vars))
    yield '</dt><dd>'
    yield escape(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'code'))
    yield '</dd></div>\n    <div><dt>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Loại văn bản', _block_vars=_block_vars))
    yield '</dt><dd><a href="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'kind_path'), _block_vars=_block_vars))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'kind_name'), _block_vars=_block_vars))
    yield '</a></dd></div>\n    <div><dt>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Cơ quan ban hành', _block_vars=_block_vars))
    yield '</dt><dd>'
    yield escape(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'issuer'))
    yield '</dd></div>\n    <div><dt>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Cấp ban hành', _block_vars=_block_vars))
    yield '</dt><dd><a href="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'level_path'), _block_vars=_block_vars))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'level_name'), _block_vars=_block_vars))
    yield '</a></dd></div>\n    <div><dt>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Ngày ban hành', _block_vars=_block_vars))
    yield '</dt><dd><a href="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'year_path'), _block_vars=_block_vars))
    yield '"><time datetime="'
    yield escape(context.call(environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'issued'), 'isoformat'), _block_vars=_block_vars))
    yield '">'
    yield escape(t_1(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'issued')))
    yield '</time></a></dd></div>\n'
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'topics'):
        pass
        yield '    <div><dt>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Chủ đề', _block_vars=_block_vars))
        yield '</dt><dd>'
        l_1_loop = missing
        for l_1_topic, l_1_loop in LoopContext(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'topics'), undefined):
            _loop_vars = {}
            pass
            yield '<a href="'
            yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(l_1_topic, 'path'), _loop_vars=_loop_vars))
            yield '">'
            yield escape(environment.getattr(l_1_topic, 'name'))
            yield '</a>'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ', '
        l_1_loop = l_1_topic = missing
        yield '</dd></div>\n'
    yield '  </dl>\n'
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'summary'):
        pass
        yield '<p class="summary">'
        yield escape(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'summary'))
        yield '</p>'
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'lead_html'):
        pass
        yield '<div class="lead">'
        yield escape(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'lead_html'))
        yield '</div>'
    yield '\n'
    for l_1_section in environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'sections'):
        _loop_vars = {}
        pass
        yield '  <section class="section'
        if environment.getattr(l_1_section, 'key'):
            pass
            yield ' section-'
            yield escape(t_4(context.eval_ctx, environment.getattr(l_1_section, 'key'), '_', '-'))
        yield '" id="'
        yield escape(environment.getattr(l_1_section, 'anchor'))
        yield '">\n'
        if (environment.getattr(l_1_section, 'key') == 'in_depth'):
            pass
            yield '    <details class="in-depth">\n      <summary><h2>'
            yield escape(environment.getattr(l_1_section, 'title'))
            yield '</h2> <span class="audience">'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'dành cho cán bộ chủ chốt', _loop_vars=_loop_vars))
            yield '</span></summary>\n      '
            yield escape(environment.getattr(l_1_section, 'html'))
            yield '\n    </details>\n'
        elif (environment.getattr(l_1_section, 'key') == 'qa'):
            pass
            yield '    <h2>'
            yield escape(environment.getattr(l_1_section, 'title'))
            yield '</h2>\n'
            for l_2_pair in environment.getattr(l_1_section, 'qa'):
                _loop_vars = {}
                pass
                if environment.getattr(l_2_pair, 'question'):
                    pass
                    yield '    <details class="qa">\n      <summary>'
                    yield escape(environment.getattr(l_2_pair, 'question'))
                    yield '</summary>\n      '
                    yield escape(environment.getattr(l_2_pair, 'answer_html'))
                    yield '\n    </details>\n'
                else:
                    pass
                    yield '    '
                    yield escape(environment.getattr(l_2_pair, 'answer_html'))
                    yield '\n'
            l_2_pair = missing
        else:
            pass
            yield '    <h2>'
            yield escape(environment.getattr(l_1_section, 'title'))
            yield '</h2>\n    '
            yield escape(environment.getattr(l_1_section, 'html'))
            yield '\n'
        yield '  </section>\n'
    l_1_section = missing
    yield '\n'
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'footnotes_html'):
        pass
        yield '<div class="footnotes">'
        yield escape(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'footnotes_html'))
        yield '</div>'
    yield '\n'
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'implements'):
        pass
        yield '  <section class="related">\n    <h2>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Văn bản này triển khai', _block_vars=_block_vars))
        yield '</h2>\n    <ul>'
        for l_1_rel in environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'implements'):
            _loop_vars = {}
            pass
            yield '<li><a href="'
            yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(l_1_rel, 'path'), _loop_vars=_loop_vars))
            yield '">'
            yield escape(environment.getattr(l_1_rel, 'title'))
            yield '</a> ('
            yield escape(environment.getattr(l_1_rel, 'code'))
            yield ', '
            yield escape(t_1(environment.getattr(l_1_rel, 'issued')))
            yield ')</li>'
        l_1_rel = missing
        yield '</ul>\n  </section>\n'
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'implemented_by'):
        pass
        yield '  <section class="related">\n    <h2>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Văn bản triển khai văn bản này', _block_vars=_block_vars))
        yield '</h2>\n    <ul>'
        for l_1_rel in environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'implemented_by'):
            _loop_vars = {}
            pass
            yield '<li><a href="'
            yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(l_1_rel, 'path'), _loop_vars=_loop_vars))
            yield '">'
            yield escape(environment.getattr(l_1_rel, 'title'))
            yield '</a> ('
            yield escape(environment.getattr(l_1_rel, 'code'))
            yield ', '
            yield escape(t_1(environment.getattr(l_1_rel, 'issued')))
            yield ')</li>'
        l_1_rel = missing
        yield '</ul>\n  </section>\n'
    yield '\n'
    if (environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'downloads') or environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'kit')):
        pass
        l_0_download_labels = {'leaflet-a4': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tờ rơi khổ A4 (PDF, in hai mặt)', _block_vars=_block_vars), 'leaflet-a5': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tờ rơi khổ A5 (PDF)', _block_vars=_block_vars), 'leaflet-trifold': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tờ gấp ba (PDF, A4 ngang)', _block_vars=_block_vars), 'study-sheet': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Phiếu thu hoạch (PDF)', _block_vars=_block_vars), 'loudspeaker-text': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bài đọc trên loa (văn bản)', _block_vars=_block_vars), 'loudspeaker-print': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bài đọc trên loa, chữ to (PDF)', _block_vars=_block_vars), 'loudspeaker-audio': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bài đọc trên loa (âm thanh)', _block_vars=_block_vars), 'share-image': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Ảnh chia sẻ', _block_vars=_block_vars), 'share-text': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bài đăng chia sẻ (văn bản)', _block_vars=_block_vars), 'brief-a5': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bản tóm tắt ngắn, khổ A5 (PDF)', _block_vars=_block_vars), 'brief-text': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tin nhắn tóm tắt cho nhóm Zalo (văn bản)', _block_vars=_block_vars), 'brief-loudspeaker-text': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bản tin ngắn trên loa (văn bản)', _block_vars=_block_vars), 'brief-loudspeaker-print': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bản tin ngắn trên loa, chữ to (PDF)', _block_vars=_block_vars), 'brief-loudspeaker-audio': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bản tin ngắn trên loa (âm thanh)', _block_vars=_block_vars), 'qa-sheet': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Hỏi – đáp cho buổi họp thôn (PDF)', _block_vars=_block_vars), 'slides-pptx': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bài giảng trình chiếu (PowerPoint)', _block_vars=_block_vars), 'slides-pdf': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bài giảng trình chiếu (PDF)', _block_vars=_block_vars), 'outline': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Dàn ý bài giảng (PDF)', _block_vars=_block_vars)}
        _block_vars['download_labels'] = l_0_download_labels
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'downloads'):
        pass
        yield '  <section class="downloads">\n    <h2>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tải về để in và phát thanh', _block_vars=_block_vars))
        yield '</h2>\n    <ul>\n'
        l_1_loop = missing
        for l_1_file, l_1_loop in LoopContext(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'downloads'), undefined):
            _loop_vars = {}
            pass
            yield '      <li class="download-'
            yield escape(environment.getattr(l_1_file, 'kind'))
            yield '">\n'
            if (environment.getattr(l_1_file, 'kind') in ('loudspeaker-audio', 'brief-loudspeaker-audio')):
                pass
                if environment.getattr(l_1_file, 'opus'):
                    pass
                    yield '        <audio controls preload="none"><source src="'
                    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(l_1_file, 'opus'), _loop_vars=_loop_vars))
                    yield '" type="audio/ogg; codecs=opus"><source src="'
                    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(l_1_file, 'path'), _loop_vars=_loop_vars))
                    yield '" type="audio/mpeg"></audio>\n'
                else:
                    pass
                    yield '        <audio controls preload="none" src="'
                    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(l_1_file, 'path'), _loop_vars=_loop_vars))
                    yield '"></audio>\n'
                if ((environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'recording') and (environment.getattr(l_1_file, 'kind') == 'loudspeaker-audio')) and context.call(environment.getattr(l_1_loop, 'changed'), environment.getattr(l_1_file, 'kind'), _loop_vars=_loop_vars)):
                    pass
                    yield '        <p class="recording-by">'
                    if (environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'recording'), 'reader') and environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'recording'), 'date')):
                        pass
                        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Người đọc: %(reader)s, ghi âm ngày %(date)s', reader=environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'recording'), 'reader'), date=environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'recording'), 'date'), _loop_vars=_loop_vars))
                    elif environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'recording'), 'reader'):
                        pass
                        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Người đọc: %(reader)s', reader=environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'recording'), 'reader'), _loop_vars=_loop_vars))
                    elif environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'recording'), 'date'):
                        pass
                        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Ghi âm ngày %(date)s', date=environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'recording'), 'date'), _loop_vars=_loop_vars))
                    else:
                        pass
                        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bản ghi âm giọng người đọc', _loop_vars=_loop_vars))
                    yield '</p>\n'
                    if environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'recording'), 'outdated'):
                        pass
                        yield '<p class="recording-outdated notice">'
                        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bản ghi âm này đọc bản trước của bài; nội dung đã được sửa sau khi ghi âm.', _loop_vars=_loop_vars))
                        yield '</p>'
            yield '        <a href="'
            yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(l_1_file, 'path'), _loop_vars=_loop_vars))
            yield '" download>'
            yield escape(context.call(environment.getattr((undefined(name='download_labels') if l_0_download_labels is missing else l_0_download_labels), 'get'), environment.getattr(l_1_file, 'kind'), environment.getattr(l_1_file, 'name'), _loop_vars=_loop_vars))
            yield '</a>\n        <span class="size">'
            yield escape(t_2(environment.getattr(l_1_file, 'size')))
            yield '</span>\n      </li>\n'
        l_1_loop = l_1_file = missing
        yield '    </ul>\n  </section>\n'
    yield '\n'
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'kit'):
        pass
        yield '  <section class="downloads lecture-kit">\n    <h2>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bộ tài liệu cho báo cáo viên', _block_vars=_block_vars))
        yield '</h2>\n    <ul>\n'
        for l_1_file in environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'kit'):
            _loop_vars = {}
            pass
            yield '      <li class="download-'
            yield escape(environment.getattr(l_1_file, 'kind'))
            yield '"><a href="'
            yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(l_1_file, 'path'), _loop_vars=_loop_vars))
            yield '" download>'
            yield escape(context.call(environment.getattr((undefined(name='download_labels') if l_0_download_labels is missing else l_0_download_labels), 'get'), environment.getattr(l_1_file, 'kind'), environment.getattr(l_1_file, 'name'), _loop_vars=_loop_vars))
            yield '</a>\n        <span class="size">'
            yield escape(t_2(environment.getattr(l_1_file, 'size')))
            yield '</span></li>\n'
        l_1_file = missing
        yield '    </ul>\n  </section>\n'
    yield '\n'
    if environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'study'):
        pass
        yield '  <section class="study-results" id="ket-qua-hoc-tap">\n    <h2>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Kết quả học tập, quán triệt', _block_vars=_block_vars))
        yield '</h2>\n    <table>\n      <thead><tr><th scope="col">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Đơn vị', _block_vars=_block_vars))
        yield '</th><th scope="col">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Chi bộ đã học', _block_vars=_block_vars))
        yield '</th>\n        <th scope="col">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tỷ lệ tham dự', _block_vars=_block_vars))
        yield '</th><th scope="col">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bài thu hoạch', _block_vars=_block_vars))
        yield '</th>\n        <th scope="col">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tốt', _block_vars=_block_vars))
        yield '</th><th scope="col">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Khá', _block_vars=_block_vars))
        yield '</th>\n        <th scope="col">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Trung bình', _block_vars=_block_vars))
        yield '</th><th scope="col">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Yếu', _block_vars=_block_vars))
        yield '</th></tr></thead>\n      <tbody>\n'
        l_1_loop = missing
        for l_1_row, l_1_loop in LoopContext((environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'study'), 'units') + [environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'study'), 'total')]), undefined):
            _loop_vars = {}
            pass
            yield '        <tr'
            if environment.getattr(l_1_loop, 'last'):
                pass
                yield ' class="total"'
            yield '><th scope="row">'
            yield escape(environment.getattr(l_1_row, 'name'))
            yield '</th>\n          <td>'
            yield escape(environment.getattr(l_1_row, 'cells_reported'))
            yield '/'
            yield escape(environment.getattr(l_1_row, 'cells'))
            yield '</td>\n          <td>'
            if t_5(environment.getattr(l_1_row, 'attendance_rate')):
                pass
                yield '—'
            else:
                pass
                yield escape(t_4(context.eval_ctx, t_3('%.1f', (environment.getattr(l_1_row, 'attendance_rate') * 100)), '.', ','))
                yield '%'
            yield '</td>\n          <td>'
            yield escape(environment.getattr(l_1_row, 'essays_submitted'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_row, 'tot'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_row, 'kha'))
            yield '</td>\n          <td>'
            yield escape(environment.getattr(l_1_row, 'trung_binh'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_row, 'yeu'))
            yield '</td></tr>\n'
        l_1_loop = l_1_row = missing
        yield '      </tbody>\n    </table>\n  </section>\n'
    yield '\n'
    if environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'share'), 'text'):
        pass
        yield '  <section class="share" id="chia-se">\n    <h2>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Chia sẻ lên Zalo, Facebook', _block_vars=_block_vars))
        yield '</h2>\n    <label for="share-text">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Bài đăng soạn sẵn: chép rồi dán vào Zalo hoặc Facebook; đường dẫn trang sẽ hiện kèm ảnh.', _block_vars=_block_vars))
        yield '</label>\n    <textarea id="share-text" class="share-text" readonly rows="'
        yield escape(environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'share'), 'text_rows'))
        yield '">'
        yield escape(environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'share'), 'text'))
        yield '</textarea>\n    <p class="share-actions">\n      <button type="button" class="copy" data-copy="share-text" hidden\n              data-done="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Đã chép bài đăng. Hãy dán vào Zalo hoặc Facebook.', _block_vars=_block_vars))
        yield '"\n              data-failed="'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Chưa chép được: bài đăng đã được chọn, hãy bấm Ctrl+C (trên điện thoại: giữ ngón tay rồi chọn Sao chép).', _block_vars=_block_vars))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Chép bài đăng', _block_vars=_block_vars))
        yield '</button>\n      <span class="copy-status" role="status" aria-live="polite"></span>\n    </p>\n'
        if environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'share'), 'image_path'):
            pass
            yield '    <p><a href="'
            yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'share'), 'image_path'), _block_vars=_block_vars))
            yield '" download><img class="share-image" src="'
            yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'share'), 'image_path'), _block_vars=_block_vars))
            yield '"\n       width="'
            yield escape(environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'share'), 'image_width'))
            yield '" height="'
            yield escape(environment.getattr(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'share'), 'image_height'))
            yield '" loading="lazy" decoding="async"\n       alt="'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Ảnh chia sẻ', _block_vars=_block_vars))
            yield ': '
            yield escape(environment.getattr((undefined(name='res') if l_0_res is missing else l_0_res), 'title'))
            yield '"></a></p>\n'
        yield '  </section>\n'
    yield '</article>\n'

blocks = {'title': block_title, 'meta': block_meta, 'switcher': block_switcher, 'main': block_main}
debug_info = '1=12&2=17&3=31&4=42&5=45&9=47&10=49&11=51&12=53&13=55&14=58&16=61&17=63&18=66&20=68&21=70&22=72&27=77&28=80&31=83&32=94&33=97&35=99&36=103&37=108&43=119&44=163&45=169&46=172&48=176&49=179&50=186&52=193&54=195&55=199&56=205&57=209&58=215&59=223&60=226&63=243&64=248&66=254&67=258&68=265&71=268&72=272&74=274&75=277&76=279&77=282&79=285&80=287&83=292&87=298&88=300&93=305&95=311&97=314&98=316&101=330&103=333&104=335&108=350&110=352&131=354&133=357&135=360&136=364&137=366&138=368&139=371&141=378&143=380&145=383&146=386&147=389&148=394&150=396&153=402&154=406&161=411&163=414&165=416&166=420&167=426&173=431&175=434&177=436&178=440&179=444&180=448&182=453&183=457&184=463&185=467&186=475&187=481&194=488&196=491&197=493&198=495&202=499&203=501&206=505&207=508&208=512&209=516'