"""The Jinja2 environment shared by HTML and text builders: autoescape, i18n, filters."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import jinja2

from .buildstate import folders_fingerprint
from .dates import format_date
from .i18n import translations_for
from .urls import relative


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


@jinja2.pass_context
def _url(context: Any, target: str) -> str:
    """Link from the page being rendered (`page_path`) to another output file."""
    if context.get("absolute_base"):
        return context["absolute_base"] + target
    return relative(context["page_path"], target)


def make_environment(template_dirs: Sequence[Path], autoescape: bool = True) -> jinja2.Environment:
    """One environment per template folders and their contents, kept for the life of the
    process: builders that share a theme share compiled templates, and `serve` recompiles
    only after a template changed. Jinja's own reload check is off: it stats the template
    file at every use, and a list page includes `_item.html` once per resolution."""
    return _environment(tuple(str(d) for d in template_dirs), autoescape, folders_fingerprint(template_dirs))


@lru_cache(maxsize=32)
def _environment(template_dirs: tuple[str, ...], autoescape: bool, contents: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(template_dirs)),
        autoescape=autoescape,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["date"] = format_date
    env.filters["filesize"] = format_size
    env.globals["url"] = _url
    env.install_null_translations(newstyle=True)
    return env


def use_language(env: jinja2.Environment, lang: str, content_dir: Path | None = None) -> None:
    """Switch the environment's _() to `lang`'s catalog (the site's own catalog wins)."""
    env.install_gettext_translations(translations_for(lang, content_dir), newstyle=True)
