"""The shape of generator/: no state between builds outside the build session, no import circles.

Both are read from the source with `ast`, so a new module is checked the day it is added.
"""
from __future__ import annotations

import ast
from pathlib import Path

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


def _is_container(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    if isinstance(value, ast.Call):
        name = value.func.attr if isinstance(value.func, ast.Attribute) else getattr(value.func, "id", "")
        return name in CONTAINER_CALLS
    return False


def module_containers(tree: ast.Module) -> set[str]:
    """Names the module binds, at its top level, to a mutable container."""
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if _is_container(getattr(node, "value", None)):
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _mutated_name(node: ast.AST) -> str | None:
    """The plain name `node` changes in place, if it does (x[k] = v, del x[k], x.add(v) …)."""
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        for target in targets:
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                return target.value.id
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS \
            and isinstance(node.func.value, ast.Name):
        return node.func.value.id
    return None


def _registering(tree: ast.Module) -> set[ast.AST]:
    """The nodes inside decorator factories used at the module's top level (`@handler("x")`):
    they fill a registry while the module is imported, which is allowed."""
    factories = {decorator.func.id for node in tree.body
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                 for decorator in node.decorator_list
                 if isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Name)}
    return {inner for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in factories
            for inner in ast.walk(node)}


def state_between_calls(path: Path) -> list[str]:
    """Every `global` statement, and every function that changes a module-level container."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    containers = module_containers(tree)
    registering = _registering(tree)
    found = set()
    for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))):
        local = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found.add((node.lineno, f"{path.name}:{node.lineno}: global {', '.join(node.names)}"))
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and not isinstance(function, ast.Lambda):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                local |= {t.id for t in targets if isinstance(t, ast.Name)}
            name = _mutated_name(node)
            if name in containers and name not in local and node not in registering:
                found.add((node.lineno, f"{path.name}:{node.lineno}: {name} (a module-level container) "
                                        "changed by a function"))
    return [text for _, text in sorted(found)]


def test_no_module_keeps_state_between_builds() -> None:
    """State between builds lives in the build session (session.py), never in a module."""
    found = [problem for path in modules().values() for problem in state_between_calls(path)]
    assert found == []


def test_the_state_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("_SEEN: set[str] = set()\n_BY_KEY = {}\nLIMIT = 3\n_counter = 0\n"
                      "def see(x):\n    _SEEN.add(x)\n"
                      "def keep(k, v):\n    _BY_KEY[k] = v\n"
                      "def count():\n    global _counter\n    _counter += 1\n"
                      "def fine(items):\n    _BY_KEY = {}\n    _BY_KEY['a'] = 1\n    return LIMIT, _SEEN\n"
                      "REGISTRY = {}\ndef named(name):\n    def register(fn):\n        REGISTRY[name] = fn\n"
                      "        return fn\n    return register\n@named('x')\ndef x():\n    pass\n",
                      encoding="utf-8")
    found = state_between_calls(sample)
    assert [line.split(": ", 1)[1] for line in found] == [
        "_SEEN (a module-level container) changed by a function",
        "_BY_KEY (a module-level container) changed by a function",
        "global _counter"]


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


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[module] = set().union(*(_imported(module, path, node, known) for node in ast.walk(tree)
                                      if isinstance(node, (ast.Import, ast.ImportFrom))))
    return graph


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


def heading_patterns(path: Path) -> list[str]:
    """Regular expressions in a module that look for `##` headings in Markdown source."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RE_FUNCTIONS \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args \
                and isinstance(node.args[0], ast.Constant) and "##" in str(node.args[0].value):
            found.append(node.args[0].value)
    return found


def test_only_content_source_reads_sections_from_markdown() -> None:
    """One section parser: a summary's `##` sections are read from its source in content/source.py
    only; the model's sections and the translation segments are both made from that reading."""
    readers = {module for module, path in modules().items() if heading_patterns(path)}
    assert readers == {"generator.content.source"}
