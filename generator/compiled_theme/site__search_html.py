from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'search.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'search.html')
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
    l_0__ = resolve('_')
    l_0_site = resolve('site')
    pass
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tìm kiếm', _block_vars=_block_vars))
    yield ' – '
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))

def block_search_form(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0__ = resolve('_')
    l_0_url = resolve('url')
    l_0_page_path = resolve('page_path')
    l_0_site = resolve('site')
    l_0_index_script = resolve('index_script')
    l_0_search_script = resolve('search_script')
    pass
    yield '<h1>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tìm kiếm', _block_vars=_block_vars))
    yield '</h1>\n<form id="search-form" class="search-page" role="search" action="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), (undefined(name='page_path') if l_0_page_path is missing else l_0_page_path), _block_vars=_block_vars))
    yield '" method="get">\n  <label for="search-q">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Từ cần tìm: tên, số hiệu hay nội dung văn bản, gõ có dấu hoặc không dấu', _block_vars=_block_vars))
    yield '</label>\n  <div class="search-row">\n    <input id="search-q" name="q" type="search" autocomplete="off">\n    <button type="submit">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tìm', _block_vars=_block_vars))
    yield '</button>\n  </div>\n</form>\n<p id="search-fallback" class="notice">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tìm kiếm cần JavaScript, mà trình duyệt này đang tắt hoặc không chạy được.', _block_vars=_block_vars))
    yield '\n  <a href="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'browse'), _block_vars=_block_vars))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tra cứu văn bản theo loại, cấp, chủ đề và năm', _block_vars=_block_vars))
    yield '</a></p>\n<p id="search-status" role="status" aria-live="polite"\n   data-empty="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Gõ một vài từ để tìm, ví dụ: chuyen doi so.', _block_vars=_block_vars))
    yield '"\n   data-none="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Không có văn bản nào chứa đủ các từ đã gõ.', _block_vars=_block_vars))
    yield '"\n   data-found="'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tìm thấy {n} văn bản.', _block_vars=_block_vars))
    yield '"></p>\n<ol id="search-results" class="items search-results"></ol>\n<script src="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), (undefined(name='index_script') if l_0_index_script is missing else l_0_index_script), _block_vars=_block_vars))
    yield '"></script>\n<script src="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), (undefined(name='search_script') if l_0_search_script is missing else l_0_search_script), _block_vars=_block_vars))
    yield '"></script>\n'

blocks = {'title': block_title, 'search_form': block_search_form, 'main': block_main}
debug_info = '1=12&2=17&4=31&5=40&6=55&7=57&8=59&11=61&15=63&16=65&18=69&19=71&20=73&22=75&23=77'