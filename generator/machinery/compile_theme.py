"""Make generator/compiled_theme/: the default theme's templates compiled by Jinja2 ahead of time
(machinery/packaged_theme.py loads them). Run after changing a template of the default theme:

    python -m generator.machinery.compile_theme

tests/test_precompiled.py fails while the committed modules are not what this makes.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import jinja2

from .packaged_theme import INDEX, PACKAGE, jinja2_version, settings_key
from .templating import new_environment

# What is compiled ahead: the default theme's folder, the templates in it and whether the
# environment that renders them escapes (templating.make_environment's `autoescape`, as the
# builder that renders them asks for it). Each template once.
PRECOMPILED = (
    ("site", ("*.html", "*.xml"), True),        # builders/site, search, calendar, feeds
    ("site", ("robots.txt",), False),           # builders/feeds' text
    ("share", ("*.txt",), False),
    ("brief", ("*.txt",), False),
    ("loudspeaker", ("script.txt",), False),
    ("loudspeaker", ("speech.ssml",), True),
    ("schedule", ("*.m3u",), False),
)


def generated(theme_dir: Path) -> dict[str, str]:
    """File name → text of every module of compiled_theme/ for the theme in `theme_dir`."""
    if not jinja2_version():
        raise RuntimeError("this Jinja2 does not say its version: its compiled code could not be told apart")
    files: dict[str, str] = {}
    templates: dict[str, dict[str, Any]] = {}
    for folder, patterns, autoescape in PRECOMPILED:
        env = new_environment((str(theme_dir / folder),), autoescape, bytecode_cache=None)
        settings = settings_key(env)
        names = sorted({p.name for pattern in patterns for p in (theme_dir / folder).glob(pattern) if p.is_file()})
        for name in names:
            source, filename, _ = env.loader.get_source(env, name)       # type: ignore[union-attr]
            module = f"{folder}__{name.replace('.', '_').replace('-', '_')}.py"
            files[module] = env.compile(source, name, filename, raw=True)
            templates[f"{folder}/{name}"] = {"module": module, "settings": settings, "autoescape": autoescape,
                                             "checksum": jinja2.BytecodeCache().get_source_checksum(source)}
    files[INDEX] = json.dumps({"jinja2": jinja2_version(), "templates": templates}, indent=1, sort_keys=True) + "\n"
    return files


def write(theme_dir: Path, package: Path = PACKAGE) -> list[str]:
    """Make compiled_theme/ anew from the theme; returns the files written."""
    files = generated(theme_dir)
    package.mkdir(parents=True, exist_ok=True)
    for old in [*package.glob("*.py"), *package.glob("*.json")]:
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8", newline="\n")
    return sorted(files)


if __name__ == "__main__":
    from ..theme import default_theme_dir
    written = write(default_theme_dir())
    sys.stdout.write(f"{len(written)} files in {PACKAGE}\n")
