from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'list.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0__ = resolve('_')
    l_0_group_titles = missing
    pass
    parent_template = environment.get_template('base.html', 'list.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    l_0_group_titles = {'loai': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Loại văn bản'), 'cap': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Cấp ban hành'), 'chu-de': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Chủ đề'), 'nam': context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Năm ban hành')}
    context.vars['group_titles'] = l_0_group_titles
    context.exported_vars.add('group_titles')
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0__ = resolve('_')
    l_0_name = resolve('name')
    l_0_site = resolve('site')
    pass
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), (undefined(name='name') if l_0_name is missing else l_0_name), _block_vars=_block_vars))
    yield ' – '
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))

def block_main(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_url = resolve('url')
    l_0_site = resolve('site')
    l_0__ = resolve('_')
    l_0_group_titles = resolve('group_titles')
    l_0_group = resolve('group')
    l_0_name = resolve('name')
    l_0_rows = resolve('rows')
    pass
    yield '<p class="breadcrumb"><a href="'
    yield escape(context.call((undefined(name='url') if l_0_url is missing else l_0_url), environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'browse'), _block_vars=_block_vars))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Tra cứu', _block_vars=_block_vars))
    yield '</a> › '
    yield escape(environment.getitem((undefined(name='group_titles') if l_0_group_titles is missing else l_0_group_titles), (undefined(name='group') if l_0_group is missing else l_0_group)))
    yield '</p>\n<h1>'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), (undefined(name='name') if l_0_name is missing else l_0_name), _block_vars=_block_vars))
    yield '</h1>\n<ul class="items">\n'
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        yield escape(l_1_row)
    l_1_row = missing
    yield '</ul>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=14&2=17&3=22&4=37&5=53&6=59&8=61'