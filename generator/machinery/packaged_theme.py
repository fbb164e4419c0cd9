"""The default theme's Jinja2 templates compiled ahead of time, so that a new process (every CLI
rebuild, every page worker) does not lex, parse, generate and compile them again (≈ 0.05 CPU s).

Jinja2's generated Python modules (what `Environment.compile_templates` writes) are committed
in `generator/compiled_theme/`, made by `python -m generator.machinery.compile_theme`; Python
byte-compiles them like the rest of the package (pip at install, `__pycache__` in a checkout).
They are code, so they come only from the package, never from the cache folder beside the
content. `PackagedTheme` hands them to Jinja2 through its hook for "code already made for this
source" (a `BytecodeCache`), and only when the template is the default theme's file, its source
has the checksum the module was made from, and Jinja2's version and the environment's settings
are those it was made with; anything else (a site's own template, an edited theme, another
Jinja2) compiles from its source as before. tests/test_precompiled.py fails when they are stale.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import types
from pathlib import Path
from typing import Any, Callable

import jinja2

PACKAGE = Path(__file__).resolve().parent.parent / "compiled_theme"
INDEX = "index.json"

# The settings that change what Jinja2 generates (the lexer's and the parser's, the code
# generator's); with the filters' and tests' names and how they are called, see settings_key.
_SYNTAX = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
           "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
           "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
           "is_async", "newstyle_gettext")


def settings_key(env: jinja2.Environment) -> str:
    """A digest of everything in `env` that the compiled code of a template depends on."""
    described = {
        "syntax": [repr(getattr(env, name, None)) for name in _SYNTAX],
        "autoescape": _named(env.autoescape), "finalize": _named(env.finalize),
        "undefined": _named(env.undefined), "code_generator": _named(env.code_generator_class),
        "extensions": sorted(env.extensions),
        "filters": sorted((name, _passes(f)) for name, f in env.filters.items()),
        "tests": sorted((name, _passes(f)) for name, f in env.tests.items()),
        "policies": sorted((name, repr(value)) for name, value in env.policies.items()),
    }
    return hashlib.sha256(json.dumps(described).encode()).hexdigest()[:32]


def jinja2_version() -> str:
    """The running Jinja2's version ("" if it does not say: then nothing precompiled is used)."""
    return str(getattr(jinja2, "__version__", ""))


def _named(value: Any) -> str:
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"
    return repr(value)


def _passes(function: Callable[..., Any]) -> str:
    """What Jinja2 passes a filter or test first (context, eval context, environment): its call differs."""
    return str(getattr(function, "jinja_pass_arg", None))


class PackagedTheme(jinja2.BytecodeCache):
    """An environment's `bytecode_cache`: the precompiled code of the default theme's templates
    under `theme_dir`; nothing for any other file, and nothing is ever written."""

    def __init__(self, theme_dir: Path, package: Path | None = None):
        self.package = package or PACKAGE
        self.theme_dir = theme_dir
        self._index: dict[str, Any] | None = None           # read at the first template
        self._files: dict[str, str] = {}                     # the theme's file (normalised) → its name
        self._settings: str | None = None                    # settings_key of the environment

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """The theme's name of the file ("site/resolution.html"), "" for any other file."""
        if self._index is None:
            self._index = read_index(self.package)
            self._files = {os.path.normpath(self.theme_dir / name): name for name in self._index["templates"]}
        return self._files.get(os.path.normpath(filename), "") if filename else ""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        index = self._index or {}
        entry = index.get("templates", {}).get(bucket.key)
        if entry is None or entry["checksum"] != bucket.checksum or not jinja2_version() \
                or index["jinja2"] != jinja2_version():
            return
        if self._settings is None:
            self._settings = settings_key(bucket.environment)
        if entry["settings"] != self._settings:
            return
        try:
            bucket.code = module_code(self.package / entry["module"], os.path.normpath(self.theme_dir / bucket.key))
        except (OSError, ImportError, SyntaxError, ValueError):
            return          # a module missing or damaged (a broken install): compiled from the source

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Compiled code is made only with the package (`write`), never while building."""


def read_index(package: Path) -> dict[str, Any]:
    """The index of `package`: the Jinja2 version and, per template, its module, the checksum of
    its source and the settings it was compiled with (empty if there is none)."""
    try:
        index = json.loads((package / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = None
    if not isinstance(index, dict) or not isinstance(index.get("templates"), dict):
        return {"jinja2": None, "templates": {}}
    return index


def module_code(path: Path, filename: str) -> types.CodeType:
    """The code of a generated module through Python's own byte-code cache (__pycache__),
    named after the template it was made from, as Jinja2 names what it compiles."""
    code = importlib.machinery.SourceFileLoader(f"generator.compiled_theme.{path.stem}", str(path)).get_code(None)
    return _renamed(code, filename)


def _renamed(code: types.CodeType, filename: str) -> types.CodeType:
    consts = tuple(_renamed(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)
