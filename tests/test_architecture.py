"""The shape of generator/: no state between builds outside the build session, no import circles.

Both are read from the source with `ast`, so a new module is checked the day it is added.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Iterable

import pytest

from conftest import REPO

PACKAGE = REPO / "generator"
CONTAINER_CALLS = frozenset({"dict", "list", "set", "defaultdict", "OrderedDict", "deque", "Counter", "bytearray"})
MUTATORS = frozenset({"append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem", "remove",
                      "discard", "clear", "appendleft", "extendleft", "popleft", "sort", "reverse",
                      "difference_update", "intersection_update", "symmetric_difference_update"})


def modules() -> dict[str, Path]:
    """Dotted name → file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def sample_module(folder: Path, source: str, name: str = "sample.py") -> Path:
    """A module written for a check's own test (the check must find what it looks for)."""
    path = folder / name
    path.write_text(source, encoding="utf-8")
    return path


def _is_container(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    if isinstance(value, ast.Call):
        name = value.func.attr if isinstance(value.func, ast.Attribute) else getattr(value.func, "id", "")
        return name in CONTAINER_CALLS
    return False


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements run when the module is imported, those under a top-level if/try included."""
    found = []
    for node in body:
        if isinstance(node, (ast.If, ast.Try)):
            blocks = [node.body, node.orelse, getattr(node, "finalbody", [])] + \
                [handler.body for handler in getattr(node, "handlers", [])]
            found += [inner for block in blocks for inner in _top_level(block)]
        else:
            found.append(node)
    return found


def _bound(node: ast.stmt) -> list[tuple[str, ast.expr | None]]:
    """(name, value) for each plain name an assignment binds."""
    if isinstance(node, ast.Assign):
        return [(t.id, node.value) for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [(node.target.id, node.value)]
    return []


def module_containers(tree: ast.Module) -> set[str]:
    """Names the module binds, at its top level, to a mutable container."""
    return {name for node in _top_level(tree.body) for name, value in _bound(node) if _is_container(value)}


def module_objects(tree: ast.Module) -> set[str]:
    """Names the module binds at its top level to what a function could change through an
    attribute (`_local.md = …`, `Builder.seen = …`): a class, or an object a call made."""
    classes = {node.name for node in _top_level(tree.body) if isinstance(node, ast.ClassDef)}
    made = {name for node in _top_level(tree.body) for name, value in _bound(node) if isinstance(value, ast.Call)}
    return classes | made


def class_containers(tree: ast.Module) -> dict[str, set[str]]:
    """Class → the attributes its body binds to a mutable container (shared by every instance)."""
    return {node.name: {name for statement in node.body for name, value in _bound(statement) if _is_container(value)}
            for node in _top_level(tree.body) if isinstance(node, ast.ClassDef)}


def _root(node: ast.expr) -> ast.expr:
    """`x` of x[k], x.a, x.a[k].b …"""
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node


def _changed_places(node: ast.AST) -> list[ast.expr]:
    """What `node` changes in place: the target of x[k] = v, x.a = v, del x[k], or the receiver of x.add(v)."""
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        return [target for target in targets if isinstance(target, (ast.Subscript, ast.Attribute))]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
        return [node.func.value]
    return []


def _mutated_name(node: ast.AST, containers: set[str], objects: set[str]) -> str | None:
    """The module-level name whose contents `node` changes, if it does: a container changed at any
    depth (x[k] = v, x[k].append(v), x.add(v)), or an object or class given an attribute or
    changed through one (x.a = v, x.a.add(v))."""
    for place in _changed_places(node):
        root = _root(place)
        if not isinstance(root, ast.Name):
            continue
        if root.id in containers | objects:
            return root.id
    return None


def _self_class_container(node: ast.AST, own: set[str]) -> str | None:
    """`self.x` or `cls.x` changed in place where x is a container of the class body (every instance shares it)."""
    for place in _changed_places(node):
        while isinstance(place, ast.Subscript):
            place = place.value
        if isinstance(place, ast.Attribute) and place.attr in own and isinstance(place.value, ast.Name) \
                and place.value.id in {"self", "cls"}:
            return place.attr
    return None


def _mutable_defaults(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """Parameters whose default is a container: made once, when the function is defined."""
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults)) + \
        [(arg, default) for arg, default in zip(args.kwonlyargs, args.kw_defaults) if default is not None]
    return {arg.arg for arg, default in pairs if _is_container(default)}


def _registering(tree: ast.Module) -> set[ast.AST]:
    """The nodes inside decorator factories used at the module's top level (`@handler("x")`):
    they fill a registry while the module is imported, which is allowed."""
    factories = {decorator.func.id for node in tree.body
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                 for decorator in node.decorator_list
                 if isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Name)}
    return {inner for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in factories
            for inner in ast.walk(node)}


# Reviewed module-level objects that a function changes and that are caches of pure functions
# (issue 13: "caches of pure functions of their arguments remain"), with why.
PURE_CACHES = {
    # one python-markdown converter per thread, reset before every conversion: building one is costly
    "markdown_render.py": {"_local"},
}


def state_between_calls(path: Path) -> list[str]:
    """Every `global` statement, and every function that changes a module-level container, a class's
    shared container, a module-level object or class through an attribute, or a mutable default."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    containers = module_containers(tree)
    objects = module_objects(tree) - PURE_CACHES.get(path.name, set())
    shared = class_containers(tree)
    registering = _registering(tree)
    methods = {id(function): name for name, node in ((n.name, n) for n in _top_level(tree.body)
                                                       if isinstance(n, ast.ClassDef))
               for function in node.body if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))}
    found = set()
    for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))):
        local = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
        defaults = _mutable_defaults(function)
        own = shared.get(methods.get(id(function), ""), set())
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found.add((node.lineno, f"{path.name}:{node.lineno}: global {', '.join(node.names)}"))
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and not isinstance(function, ast.Lambda):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                local |= {t.id for t in targets if isinstance(t, ast.Name)}
            if node in registering:
                continue
            name = _mutated_name(node, containers - local, objects - local)
            if name is not None:
                found.add((node.lineno, f"{path.name}:{node.lineno}: {name} (module level) changed by a function"))
            name = _mutated_name(node, defaults, set())
            if name is not None:
                found.add((node.lineno,
                           f"{path.name}:{node.lineno}: {name} (a mutable default) changed by its function"))
            name = _self_class_container(node, own)
            if name is not None:
                found.add((node.lineno, f"{path.name}:{node.lineno}: {name} (a class's shared container) changed"))
    return [text for _, text in sorted(found)]


def test_no_module_keeps_state_between_builds() -> None:
    """State between builds lives in the build session (session.py), never in a module."""
    found = [problem for path in modules().values() for problem in state_between_calls(path)]
    assert found == []


def test_the_state_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = sample_module(tmp_path,
                           "_SEEN: set[str] = set()\n_BY_KEY = {}\nLIMIT = 3\n_counter = 0\n"
                           "def see(x):\n    _SEEN.add(x)\n"
                           "def keep(k, v):\n    _BY_KEY[k] = v\n"
                           "def count():\n    global _counter\n    _counter += 1\n"
                           "def fine(items):\n    _BY_KEY = {}\n    _BY_KEY['a'] = 1\n    return LIMIT, _SEEN\n"
                           "REGISTRY = {}\ndef named(name):\n    def register(fn):\n        REGISTRY[name] = fn\n"
                           "        return fn\n    return register\n@named('x')\ndef x():\n    pass\n")
    found = state_between_calls(sample)
    assert [line.split(": ", 1)[1] for line in found] == [
        "_SEEN (module level) changed by a function",
        "_BY_KEY (module level) changed by a function",
        "global _counter"]


def test_the_state_check_finds_state_kept_less_plainly(tmp_path: Path) -> None:
    """A container changed one level down, one defined under a top-level try, an object or class
    given an attribute, a class body's container changed through self, a mutable default changed."""
    sample = sample_module(tmp_path,
                           "import threading\n"
                           "_BY_KEY = {}\n"
                           "try:\n    _LATER = []\nexcept ImportError:\n    _LATER = None\n"
                           "_here = threading.local()\n"
                           "class Memo:\n    seen = set()\n    def note(self, x):\n        self.seen.add(x)\n"
                           "    def fine(self, x):\n        self.mine = {x}\n        self.mine.add(x)\n"
                           "def deep(k, v):\n    _BY_KEY[k].append(v)\n"
                           "def later(x):\n    _LATER.append(x)\n"
                           "def per_thread(x):\n    _here.value = x\n"
                           "def on_class(x):\n    Memo.last = x\n"
                           "def remember(x, seen=[]):\n    seen.append(x)\n"
                           "def only_reads(x, given=()):\n    return x in given\n")
    assert [line.split(": ", 1)[1] for line in state_between_calls(sample)] == [
        "seen (a class's shared container) changed",
        "_BY_KEY (module level) changed by a function",
        "_LATER (module level) changed by a function",
        "_here (module level) changed by a function",
        "Memo (module level) changed by a function",
        "seen (a mutable default) changed by its function"]


# ---------------------------------------------------------------- imports

def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom, known: dict[str, Path]) -> set[str]:
    """The package's modules an import statement loads (function-level and TYPE_CHECKING ones included)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else [])) \
            if node.level else node.module or ""
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
    return {name for name in names if name in known and name != module}


def named_by_strings(module: str, tree: ast.Module, known: dict[str, Path] | set[str]) -> set[str]:
    """The package's modules a string names for importlib ("generator.builders.leaflet:LeafletBuilder"
    in pipeline.BUILDERS, pdf_worker.MAKERS): imported at run time all the same."""
    return {name for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            for name in [node.value.partition(":")[0]] if name in known and name != module}


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[module] = set().union(*(_imported(module, path, node, known) for node in ast.walk(tree)
                                      if isinstance(node, (ast.Import, ast.ImportFrom))),
                                    named_by_strings(module, tree, known))
    return graph


def test_an_import_by_name_counts() -> None:
    tree = ast.parse('BUILDERS = [("leaflets", "generator.b.leaflet:LeafletBuilder")]\n'
                     'MAKERS = {"x": ("generator.b.slides", "deck")}\nTEXT = "generator.b"\n')
    assert named_by_strings("generator.pipeline", tree, {"generator.b.leaflet", "generator.b.slides", "generator.c"}) \
        == {"generator.b.leaflet", "generator.b.slides"}


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    circles.append(sorted(group))
    return circles


def test_no_modules_import_each_other_in_a_circle() -> None:
    """Not even through an import inside a function or for type checking only."""
    assert import_circles(import_graph()) == []


def test_no_two_packages_import_each_other() -> None:
    graph = import_graph()
    packages = {name for name, path in modules().items() if path.name == "__init__.py" and name.count(".") == 1}

    def package_of(module: str) -> str | None:
        top = ".".join(module.split(".")[:2])
        return top if top in packages else None
    uses = {(package_of(module), package_of(other)) for module, imported in graph.items() for other in imported}
    uses = {(a, b) for a, b in uses if a and b and a != b}
    assert sorted((a, b) for a, b in uses if (b, a) in uses and a < b) == KNOWN_PACKAGE_CIRCLES


def imported_by(graph: dict[str, set[str]], module: str) -> set[str]:
    """Every module `module` loads, directly or through others."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        for other in graph[todo.pop()] - seen:
            seen.add(other)
            todo.append(other)
    return seen


# The bottom of the package (issue 13: "the model and the settings sit at the bottom and import
# nothing above them"): the model (content/), the settings (config.py) and the validators of the
# keys it reads with lines of their own, and what those import.
BOTTOM = ("generator.diagnostics", "generator.options", "generator.vocabulary", "generator.textfold",
          "generator.portable_names",
          "generator.content.", "generator.config", "generator.lecture_time", "generator.loudspeaker.settings",
          "generator.loudspeaker.schedule", "generator.loudspeaker.loudness")


def above_the_bottom(graph: dict[str, set[str]], modules_at_bottom: Iterable[str]) -> list[str]:
    """What the model and the settings import, directly or not, that is not at the bottom."""
    return sorted({f"{module} → {other}" for module in modules_at_bottom for other in imported_by(graph, module)
                   if not any(other == name or (name.endswith(".") and other.startswith(name)) for name in BOTTOM)})


def test_the_model_and_the_settings_import_nothing_above_them() -> None:
    graph = import_graph()
    assert above_the_bottom(graph, ["generator.content.model", "generator.config"]) == []


def test_the_bottom_check_finds_an_import_upward() -> None:
    graph = {"generator.content.model": {"generator.config"}, "generator.config": {"generator.content.reader"},
             "generator.content.reader": {"generator.machinery.output"}, "generator.machinery.output": set()}
    assert above_the_bottom(graph, ["generator.content.model", "generator.config"]) == [
        "generator.config → generator.machinery.output", "generator.content.model → generator.machinery.output"]


def machinery_under_the_model(graph: dict[str, set[str]]) -> list[str]:
    """The build machinery (machinery/) that a module of the model's package (content/) loads,
    directly or not: the tree memo's saving is machinery/tree_cache.py's, the code fingerprint code_hash.py's."""
    return sorted(f"{module} → {other}" for module in graph
                  if module == "generator.content" or module.startswith("generator.content.")
                  for other in imported_by(graph, module) if other.startswith("generator.machinery."))


def test_the_model_package_imports_no_machinery() -> None:
    assert machinery_under_the_model(import_graph()) == []


def test_the_machinery_check_finds_an_import_through_another_module() -> None:
    graph = {"generator.content.tree_memo": {"generator.code_hash"}, "generator.code_hash": {"generator.fonts"},
             "generator.fonts": set(), "generator.content.loader": {"generator.urls"},
             "generator.urls": {"generator.machinery.buildstate"}, "generator.machinery.buildstate": set()}
    assert machinery_under_the_model(graph) == ["generator.content.loader → generator.machinery.buildstate"]


UNSAFE_TO_LOAD = frozenset({"pickle", "marshal", "shelve", "dill", "cloudpickle"})


def test_nothing_is_kept_as_pickle() -> None:
    """The cache folder is writable by whoever writes the content; loading a pickle runs code.
    Kept data is JSON (machinery/cache_seal.py); only multiprocessing pickles, between our own processes."""
    found = [f"{module}: {alias.name}" for module, path in modules().items()
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, (ast.Import, ast.ImportFrom))
             for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
             if alias.name.split(".")[0] in UNSAFE_TO_LOAD]
    assert found == []


# No two packages import each other: content/loader.py moved up to load.py and the glossary's
# data type into content/glossary.py, which ended the last two; this list stays empty.
KNOWN_PACKAGE_CIRCLES: list[tuple[str, str]] = []


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_the_circle_check_finds_circles(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert import_circles(graph) == expected


# ---------------------------------------------------------------- one section parser

RE_FUNCTIONS = frozenset({"compile", "match", "search", "fullmatch", "finditer", "findall", "sub", "split"})


HEADING_SAMPLE = "Mở đầu\n## Điểm mới {#new-points}\n- Một ý\n"


def _finds_a_heading(pattern: str) -> bool:
    """Whether a regular expression finds the `##` heading of a sample summary, however it is written
    (`##`, `#{2}`, `#+` …)."""
    try:
        found = re.compile(pattern, re.MULTILINE).search(HEADING_SAMPLE)
    except re.error:
        return False
    heading = HEADING_SAMPLE.index("##")
    return any(match.start() <= heading < match.end()           # the heading's own marks, not an anchor's #
               for match in re.compile(pattern, re.MULTILINE).finditer(HEADING_SAMPLE)) if found else False


def heading_patterns(path: Path) -> list[str]:
    """Regular expressions in a module that look for `##` headings in Markdown source, and
    `startswith("##")` tests."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            continue
        text = node.args[0].value
        if node.func.attr in RE_FUNCTIONS and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" \
                and "#" in text and _finds_a_heading(text):
            found.append(text)
        elif node.func.attr == "startswith" and text.startswith("##"):
            found.append(text)
    return found


@pytest.mark.parametrize("source, found", [
    ('import re\nH = re.compile(r"^#{2} (.*)")\n', True),
    ('import re\nH = re.compile(r"^## (.*)")\n', True),
    ('def f(line):\n    return line.startswith("## ")\n', True),
    ('import re\nA = re.compile(r"#([\\w-]+)")\n', False),             # an anchor, not a heading
])
def test_the_heading_check_finds_a_second_parser(tmp_path: Path, source: str, found: bool) -> None:
    sample = sample_module(tmp_path, source)
    assert bool(heading_patterns(sample)) is found


def test_only_content_source_reads_sections_from_markdown() -> None:
    """One section parser: a summary's `##` sections are read from its source in content/source.py
    only; the model's sections and the translation segments are both made from that reading."""
    readers = {module for module, path in modules().items() if heading_patterns(path)}
    assert readers == {"generator.content.source"}


# ---------------------------------------------------------------- caches that read the machine

CACHE_DECORATORS = frozenset({"lru_cache", "cache"})
MACHINE_READS = frozenset({"open", "read_text", "read_bytes", "stat", "lstat", "truetype", "which", "getpid",
                           "CDLL", "listdir", "scandir", "iterdir", "glob", "rglob", "walk", "exists", "is_file",
                           "is_dir", "run", "Popen", "check_output", "getenv", "cpu_count", "getloadavg",
                           "read_index"})     # shipped_data.read_index: opens a file
# Reviewed: what these read is the package itself or a fact of the process, which no build changes.
READS_WHAT_NEVER_CHANGES = {
    "diagnostics._catalog",              # the package's messages/diagnostics.yaml
    "code_hash._code_hash",              # the package's own files (the code fingerprint)
    "machinery.folder_swap._renameat2",  # the C library of this process
    "fonts.coverage._packaged_maps",     # the package's fonts/packaged_character_maps.json
    "spoken.shipped._index",             # the package's spoken/compiled.json
    "pdf.renderer._typst_loaded_by",     # the process that first loaded Typst
}


def _is_cached(function: ast.FunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in CACHE_DECORATORS:
            return True
    return False


def machine_reading_caches(module: str, path: Path) -> list[str]:
    """Cached functions that read files, processes or the environment themselves without being
    given the file's identity (changes.file_identity): in serve's long process they would answer
    from before the machine changed. What reads the machine belongs to the session."""
    found = []
    for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(function, ast.FunctionDef) or not _is_cached(function):
            continue
        if any(arg.arg.endswith("identity") for arg in function.args.args):
            continue
        calls = {node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                 for node in ast.walk(function) if isinstance(node, ast.Call)}
        name = f"{module.removeprefix('generator.')}.{function.name}"
        if calls & MACHINE_READS:
            found.append(f"{name} ({', '.join(sorted(calls & MACHINE_READS))})")
    return found


def test_no_cache_answers_from_a_machine_that_changed() -> None:
    found = {text.partition(" ")[0]: text for module, path in modules().items()
             for text in machine_reading_caches(module, path)}
    assert [text for name, text in found.items() if name not in READS_WHAT_NEVER_CHANGES] == []
    assert READS_WHAT_NEVER_CHANGES <= set(found)        # no entry outlives its function


def test_the_cache_check_finds_a_cache_that_reads_a_file(tmp_path: Path) -> None:
    sample = sample_module(tmp_path,
                           "from functools import lru_cache\nimport functools\n"
                           "@lru_cache(maxsize=4)\ndef font(path, size):\n    return open(path).read()\n"
                           "@functools.cache\ndef voices():\n    return shutil.which('espeak-ng')\n"
                           "@lru_cache(maxsize=4)\ndef keyed(path, identity):\n    return open(path).read()\n"
                           "@lru_cache(maxsize=4)\ndef pure(text):\n    return text.casefold()\n")
    assert machine_reading_caches("generator.sample", sample) == ["sample.font (open)", "sample.voices (which)"]


# ---------------------------------------------------------------- tests start a new session

def private_state_cleared(path: Path) -> list[str]:
    """Where a test empties the package's private memory to pretend to be a new process:
    `x.cache_clear()`, or `module._name.clear()` (or any change in place of a private name)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = node.func.value
        private = isinstance(receiver, ast.Attribute) and receiver.attr.startswith("_") \
            and isinstance(receiver.value, ast.Name) and receiver.value.id != "self"
        if node.func.attr == "cache_clear" or (node.func.attr in MUTATORS and private):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_test_clears_private_state() -> None:
    """A test that needs a new process's state starts a new BuildSession (issue 13)."""
    assert [found for path in sorted((REPO / "tests").glob("*.py")) for found in private_state_cleared(path)] == []


def test_the_clearing_check_finds_it(tmp_path: Path) -> None:
    sample = sample_module(tmp_path,
                           "coverage._drawable_keyed.cache_clear()\nloader._LOADED.clear()\nseen.clear()\n"
                           "self._items.append(1)\n", "test_sample.py")
    assert private_state_cleared(sample) == ["test_sample.py:1: coverage._drawable_keyed.cache_clear()",
                                             "test_sample.py:2: loader._LOADED.clear()"]
