"""The Jinja2 environment shared by HTML and text builders: autoescape, i18n, filters."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import jinja2
from markupsafe import escape

from .buildstate import folders_fingerprint
from .packaged_theme import PackagedTheme
from ..changes import ChangeDetector
from ..dates import format_date
from ..i18n import translations_for
from ..theme import default_theme_dir
from ..urls import relative


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


def make_environment(template_dirs: Sequence[Path], autoescape: bool = True,
                     changes: ChangeDetector | None = None) -> jinja2.Environment:
    """One environment per template folders and their contents, kept for the life of the
    process: builders that share a theme share compiled templates, and `serve` recompiles
    only after a template changed. Jinja's own reload check is off: it stats the template
    file at every use, and a list page includes `_item.html` once per resolution. `changes`: the
    build session's change detector (a builder's ctx.changes), which hashes an unchanged file once."""
    return _environment(tuple(str(d) for d in template_dirs), autoescape,
                        folders_fingerprint(template_dirs, changes or ChangeDetector()))


@lru_cache(maxsize=32)
def _environment(template_dirs: tuple[str, ...], autoescape: bool, contents: str) -> jinja2.Environment:
    return new_environment(template_dirs, autoescape, PackagedTheme(default_theme_dir()))


def new_environment(template_dirs: Sequence[str], autoescape: bool,
                    bytecode_cache: jinja2.BytecodeCache | None) -> jinja2.Environment:
    """A new environment (make_environment keeps one per folders for the process); the default
    theme's templates come precompiled from `bytecode_cache` (machinery/packaged_theme.py) when it
    has them for exactly these settings."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(template_dirs)),
        autoescape=autoescape,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=bytecode_cache,
    )
    env.filters["date"] = format_date
    env.filters["filesize"] = format_size
    env.globals["url"] = _url
    env.install_null_translations(newstyle=True)
    return env


_LANGUAGE = "_tuyentruyen_language"      # which catalog an environment's _() speaks now


def use_language(env: jinja2.Environment, lang: str, content_dir: Path | None = None) -> None:
    """Switch the environment's _() to `lang`'s catalog (the site's own catalog wins)."""
    use_translations(env, translations_for(lang, content_dir))


def use_translations(env: jinja2.Environment, translations: Any) -> None:
    """Switch the environment's _() to `translations` (a catalog of i18n.translations_for)."""
    if env.globals.get(_LANGUAGE) is translations:
        return                              # every page asks; most already speak its language
    env.install_gettext_translations(translations, newstyle=True)
    env.globals["_"] = _direct_gettext(translations.gettext)
    env.globals[_LANGUAGE] = translations


def _direct_gettext(translate: Any) -> Any:
    """_() as Jinja's newstyle gettext does it, without its two indirect calls per use: a page
    says _() thirty times. Unlike Jinja, the text is escaped, not trusted: templates also pass
    labels from site.yaml and the site's own catalogs through _() ("<img onerror=…>" stays
    text), and it is %-formatted only when given variables ("Tăng trưởng 8%" stays as written)."""
    escaped: dict[str, str] = {}        # message → its translation escaped: most are said on every page

    @jinja2.pass_eval_context
    def gettext(eval_ctx: Any, message: str, **variables: Any) -> str:
        if eval_ctx.autoescape:
            text = escaped.get(message)
            if text is None:
                text = escaped[message] = escape(translate(message))
        else:
            text = translate(message)
        return text % variables if variables else text
    return gettext
