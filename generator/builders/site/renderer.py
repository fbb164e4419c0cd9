"""Rendering a web page: the site theme's templates and catalogs, the layout data of a
language (menus, language switcher), URLs, writing the page through staging.

The site builder holds one PageRenderer; so do the builders with one page per language
(search, calendar, feeds), whose language switcher links the same page in the other
languages (`switch_to`). None of them inherits another to render pages.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
from markupsafe import Markup

from ... import urls
from ...changes import ChangeDetector
from ...content.model import Summary
from ...i18n import translations_for
from ...machinery.buildstate import fingerprint
from ...machinery.templating import make_environment, use_translations
from ...machinery.theme_inputs import templates_and_catalogs_fingerprint
from ...theme import template_dirs
from ...vocabulary import KINDS
from ..base import BuildContext
from ..published import Entry, HreflangLink, PageAlternates, alternates_entry

BROWSE = "tra-cuu"
GLOSSARY = "thuat-ngu"
Publish = Callable[[Entry], None]       # Builder.publish of the renderer's holder


def prepare_theme(content_dir: Path, language_codes: Iterable[str], changes: ChangeDetector,
                  names: Iterable[str]) -> None:
    """The site theme's templates `names` compiled and the catalogs loaded before there is a
    model (the pipeline, while the content is read): the PageRenderers of the build then find
    them made (make_environment and translations_for keep them for the process)."""
    env = make_environment(template_dirs(content_dir, "site"), changes=changes)
    for name in names:
        env.get_template(name)
    for lang in language_codes:
        translations_for(lang, content_dir)


class PageRenderer:
    """The site theme for one builder: `publish` is the holder's Builder.publish (a page's
    hreflang links go to the sitemap with the item that made it); `switch_to(code)` is where
    the language switcher leads (default: each language's home page)."""

    def __init__(self, ctx: BuildContext, publish: Publish, switch_to: Callable[[str], str] | None = None):
        self.ctx = ctx
        self.site = ctx.site
        self.config = ctx.site.config
        self._publish = publish
        self._switch_to = switch_to or (lambda code: urls.home_path(self.config, code))
        self.dirs = template_dirs(ctx.content_dir, "site")
        self.env = make_environment(self.dirs, changes=ctx.changes)
        self.kind_names = {**KINDS, **self.config.kind_names()}
        self._theme = templates_and_catalogs_fingerprint(self.dirs, self.config.language_codes, ctx.content_dir,
                                                         ctx.changes)
        self._site_views: dict[str, dict[str, Any]] = {}
        self._site_view_prints: dict[str, str] = {}
        self._catalogs: dict[str, Any] = {}        # lang → its catalog, found once per build (not per page)

    def theme_fingerprint(self) -> str:
        """The templates and the site's UI catalogs: what every page depends on."""
        return self._theme

    def template(self, name: str) -> jinja2.Template:
        return self.env.get_template(name)

    def prepare(self, names: Iterable[str]) -> None:
        """Compile `names` and load every language's catalog now (before forked workers start:
        they inherit them instead of making them each)."""
        for name in sorted(names):
            self.template(name)
        for lang in self.config.language_codes:
            self.catalog(lang)

    def catalog(self, lang: str) -> Any:
        """`lang`'s UI catalog (i18n.translations_for), looked up once per build and language."""
        if lang not in self._catalogs:
            self._catalogs[lang] = translations_for(lang, self.ctx.content_dir)
        return self._catalogs[lang]

    # ------------------------------------------------------------ the layout of a language

    def site_view(self, lang: str) -> dict[str, Any]:
        """The layout's data for `lang` (menus, switcher), made once per language and build."""
        if lang not in self._site_views:
            self._site_views[lang] = self._make_site_view(lang)
        return self._site_views[lang]

    def site_view_fingerprint(self, lang: str) -> str:
        """site_view(lang) hashed once: what every page's fingerprint takes of the layout."""
        if lang not in self._site_view_prints:
            self._site_view_prints[lang] = fingerprint(self.site_view(lang))
        return self._site_view_prints[lang]

    def _make_site_view(self, lang: str) -> dict[str, Any]:
        language = self.config.languages[lang]
        return {
            "title": self.config.title_in(lang), "description": self.config.description_in(lang),
            "organisation": self.config.organisation,
            "lang": lang, "lang_tag": language.tag, "language_name": language.name,
            "home": urls.home_path(self.config, lang),
            "browse": urls.list_path(self.config, lang, BROWSE),
            "glossary": urls.list_path(self.config, lang, GLOSSARY)
            if self.site.glossary is not None and self.site.glossary.terms else None,
            # The review calendar (builders/calendar/), when this build makes it.
            "calendar": urls.calendar_path(self.config, lang) if self.ctx.options.runs("calendar") else None,
            # The search page (builders/search/) and the Atom feed (builders/feeds/), when built.
            "search": urls.search_page_path(self.config, lang) if self.ctx.options.runs("search") else None,
            "feed": urls.feed_path(self.config, lang) if self.ctx.options.runs("feeds") else None,
            "stylesheet": urls.STYLESHEET,
            "icon": urls.ICON,
            "menu": [{"title": p.title, "path": urls.page_path(self.config, p.name, lang)}
                     for p in self.site.pages_in(lang)],
            "languages": [self.language_link(code, self._switch_to(code)) for code in self.config.language_codes],
        }

    def language_link(self, code: str, path: str) -> dict[str, Any]:
        language = self.config.languages[code]
        return {"code": code, "name": language.name, "tag": language.tag, "path": path,
                "url": urls.absolute(self.config, path)}

    def other_languages(self, lang: str) -> list[dict[str, Any]]:
        """hreflang alternates of this language's page (where the switcher leads)."""
        return [link for link in self.site_view(lang)["languages"] if link["code"] != lang]

    def related(self, slugs: Iterable[str], lang: str) -> list[dict[str, Any]]:
        """Linked resolutions in this language where translated, else in the source language."""
        views = []
        for slug in slugs:
            other = self.site.resolution(slug)
            if other is None:
                continue
            shown = lang if lang in other.summaries else self.config.default_language
            summary: Summary = other.summaries[shown]
            views.append({"title": summary.title, "code": other.code, "issued": other.issued,
                          "lang": shown if shown != lang else None,
                          "path": urls.resolution_path(self.config, slug, shown)})
        return views

    # ------------------------------------------------------------ writing a page

    def fragment(self, template: str, path: str, lang: str, **context: Any) -> Markup:
        """`template` filled for `lang` as a part of the page at `path` (its links relative to it)."""
        use_translations(self.env, self.catalog(lang))
        return Markup(self.template(template).render(site=self.site_view(lang), page_path=path, **context))

    def render(self, template: str, path: str, lang: str, kind: str, slug: str | None = None,
               alternates: list[dict[str, Any]] | None = None, **context: Any) -> None:
        """`template` filled for `lang` into staging at `path`; its hreflang links published."""
        use_translations(self.env, self.catalog(lang))
        site, canonical = self.site_view(lang), urls.absolute(self.config, path)
        html = self.template(template).render(
            site=site, page_path=path, alternates=alternates or [], canonical=canonical, **context)
        self.ctx.staging.write_text(path, html, kind=kind, slug=slug, lang=lang)
        # The page and the hreflang links it declares (base.html), for the sitemap (builders/feeds/).
        declared = [HreflangLink(hreflang=alt["tag"], href=alt["url"]) for alt in alternates or []]
        links = declared + [HreflangLink(hreflang=site["lang_tag"], href=canonical)] if declared else []
        self._publish(alternates_entry(path, PageAlternates(kind=kind, links=links)))

    def find_static(self, name: str) -> Path:
        for folder in self.dirs:
            candidate = folder / "static" / name
            if candidate.is_file():
                return candidate
        raise FileNotFoundError(f"templates/site/static/{name}")
