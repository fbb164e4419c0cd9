"""The website: home, one page per resolution and language, lists, free pages, 404.

Python prepares plain view data (what to show, where it links); the
templates in templates/site/ decide how it looks.
"""
from __future__ import annotations

import posixpath
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable

from markupsafe import Markup

from ... import urls
from ...content.htmltree import Child, captioned_figures, to_html
from ...load import local_reference
from ...content.model import Edition, FreePage, Resolution, Site
from ...dates import format_date
from ...machinery.buildstate import fingerprint, place
from ...machinery.output import Artifact
from ...photos import is_raster
from ...records.published import published_figures
from .assets import publish_asset
from .open_graph import share_view
from ...translations.translation_review import OUTDATED, outdated_notice
from ...vocabulary import LEVELS
from ..base import Builder, BuildContext, BuildOptions
from ..images import ResolutionPhoto, with_pictures
from .renderer import BROWSE, GLOSSARY, PageRenderer

# The list pages: output folder name and how to read the grouping value off a resolution.
GROUPS: dict[str, Any] = {
    "loai": lambda r: [r.kind],
    "cap": lambda r: [r.level],
    "chu-de": lambda r: list(r.topics),
    "nam": lambda r: [str(r.issued.year)],
}
ROW = "_item.html"           # a resolution's row in the list pages
# The templates of the pages it makes, compiled ahead while the content is read (pipeline).
PAGE_TEMPLATES = ("resolution.html", "home.html", "list.html", ROW, "browse.html", "404.html")
STATIC_FILES = {"style.css": urls.STYLESHEET, "share.js": urls.SHARE_SCRIPT, "icon.svg": urls.ICON}
STATIC_KINDS = {".js": "script", ".css": "stylesheet", ".svg": "icon"}

# The lecturer's kit: linked in a block of its own.
KIT_KINDS = ("slides-pptx", "slides-pdf", "outline")
# Download kinds in the order a reader should see them.
DOWNLOAD_ORDER = ("leaflet-a4", "leaflet-a5", "leaflet-trifold", "study-sheet",
                  "loudspeaker-text", "loudspeaker-print", "loudspeaker-audio", "share-image", "share-text",
                  "brief-a5", "brief-text", "brief-loudspeaker-text", "brief-loudspeaker-print",
                  "brief-loudspeaker-audio", "qa-sheet", *KIT_KINDS)
DOWNLOAD_KINDS = frozenset(DOWNLOAD_ORDER)
OPUS = "loudspeaker-audio-opus"     # the end of the kinds of an MP3's Opus copy (the page's player)


class SiteBuilder(Builder):
    name = "site"
    kinds = ("page", "home", "list", "glossary", "free-page", "not-found", *STATIC_KINDS.values(),
             "image", "attachment")             # the last two: the resolutions' files (assets.py)
    forkable = True         # a resolution page only reads the model and writes its file
    # It runs while an edit's PDFs render on the print worker: only the pages that list them
    # (with their sizes) wait for them (waits_for_prints), after the other pages and the lists.
    while_printing = True

    def __init__(self, ctx: BuildContext):
        super().__init__(ctx)
        self.pages = PageRenderer(ctx, self.publish)
        self._share_views: dict[tuple[str, str], dict[str, Any]] = {}
        # lang → each edition's row fingerprint, by id() (self._editions holds the editions: the ids stay theirs)
        self._listed: dict[str, dict[int, str]] = {}
        self._editions: dict[str, tuple[Edition, ...]] = {}             # lang → site.editions(lang)
        self._row_views: dict[tuple[str, str], dict[str, Any]] = {}     # (slug, lang) → its row's view
        self._listings: list[tuple[tuple, str, str | None]] = []     # list pages to render (render_listing)
        self._lists_made = False                                        # alongside() ran
        self._rows: dict[tuple[str, str, str], Markup] = {}                # (slug, lang, link) → its row (list_row)
        self._study, problems = published_figures(ctx.site)             # site.yaml study_results (off by default)
        ctx.problems.extend(problems)

    @classmethod
    def longest_download(cls, site: Site, res: Resolution, lang: str, options: BuildOptions) -> str | None:
        return urls.resolution_path(site.config, res.slug, lang)

    @classmethod
    def longest_asset(cls, name: str, stem: str | None) -> str | None:
        return None if is_raster(name) else name         # a photo: the images builder's variants

    def theme_fingerprint(self) -> str:
        return self.pages.theme_fingerprint()

    def item_key(self, edition: Edition) -> str:
        return f"{edition.lang}/{edition.resolution.slug}"

    def item_inputs(self, edition: Edition) -> Any:
        """What a resolution page shows: its summary, metadata, related titles, downloads, menus."""
        res, lang = edition.resolution, edition.lang
        related = [(r["path"], r["title"], r["code"], r["issued"]) for r in
                   self.pages.related(res.implements, lang) + self.pages.related(res.implemented_by, lang)
                   ] if res.implements or res.implemented_by else []
        artifacts = self.ctx.staging.artifacts_for(res.slug, lang)      # looked up once for both
        # Asked of every page in every build: what the others already say is left out (the share
        # view's title, links and site name: the summary's hash, the key, site.yaml), and the
        # layout, the same for every page of a language, counts by its fingerprint.
        return (edition.summary.source_hash, edition.fallback, edition.summary.translation_status,
                res.code, res.kind, res.level, res.issuer, res.issued, res.topics, res.languages,
                tuple(a.name for a in res.assets), self.photo_fingerprint(res.slug) if res.assets else (),
                related, download_inputs(artifacts), self.recording_view(edition),
                self.pages.site_view_fingerprint(lang), self.share_inputs(edition, artifacts),
                self.study_view(edition))

    # ------------------------------------------------------------ work items

    def waits_for_prints(self, edition: Edition) -> bool:
        return (edition.resolution.slug, edition.lang) in self.ctx.printing

    def items(self) -> Iterable[Edition]:
        for lang in self.config.language_codes:
            yield from self.editions(lang)

    def editions(self, lang: str) -> tuple[Edition, ...]:
        """site.editions(lang), made once per build: the pages and the lists both go through them."""
        if lang not in self._editions:
            self._editions[lang] = self.site.editions(lang)
        return self._editions[lang]

    def build_item(self, edition: Edition) -> None:
        res, lang = edition.resolution, edition.lang
        path = urls.resolution_path(self.config, res.slug, lang)
        self.pages.render("resolution.html", path, lang, kind="page", slug=res.slug,
                    res=self.resolution_view(edition, path),
                    alternates=[] if edition.fallback else self.alternates_of(res, lang))

    def before_fork(self, pending: list[tuple[Any, str | None, str | None]], build: Callable[[Any], None]) -> None:
        """The templates and catalogs the workers render with, compiled here once and inherited
        (each worker compiled them again: ≈ 0.3 s). Only the resolution pages are forked: the
        lists are made here (alongside)."""
        self.pages.prepare({"resolution.html"})

    def finish(self) -> None:
        for res in self.site.resolutions:
            for asset in res.assets:
                if self.ctx.photos is not None and self.ctx.photos.handled(res.slug, asset.name):
                    continue      # the images builder wrote it resized, without metadata (or left it out)
                publish_asset(self, res, asset)
        if not self._lists_made:        # made alongside the resolution pages (alongside()) as a rule
            self.alongside()
        # The 404 page and the static files, reused as the pages are (templates, catalogs and
        # site.yaml are in every item's fingerprint): made again only when what they show changed.
        default = self.config.default_language
        self.reuse_or_build("page:404.html", self.pages.site_view_fingerprint(default), lambda: self.pages.render(
            "404.html", "404.html", default, kind="not-found", absolute_base=self.config.base_url))
        for name, target in STATIC_FILES.items():
            source = self.pages.find_static(name)
            # Which file by its place in the theme or the content folder (its bytes are in the
            # templates' fingerprint), not by where those are: moving either rebuilds nothing.
            self.reuse_or_build(f"static:{target}", place(source, self.ctx.content_dir),
                                lambda target=target, source=source, name=name:
                                self.ctx.staging.copy_file(target, source, kind=STATIC_KINDS[Path(name).suffix]))

    def alongside(self) -> None:
        """The list pages and each language's other pages, made in this process while the workers
        make the resolution pages: one round of workers, not two, and each list row rendered
        once (a worker renders the rows of the lists it makes)."""
        for lang in self.config.language_codes:
            self.build_language_pages(lang)
        self.build_pending(self._listings, self._render_listing, here=True)
        self._listings = []
        self._lists_made = True
        if self.ctx.printing:       # pages waiting for their PDFs (waits_for_prints): their template compiled meanwhile
            self.pages.prepare({"resolution.html"})

    # ------------------------------------------------------------ pages of a language

    def build_language_pages(self, lang: str) -> None:
        editions = self.editions(lang)
        self._listed[lang] = {id(edition): self.listed(edition) for edition in editions}
        home = urls.home_path(self.config, lang)
        self.render_listing("home.html", home, lang, kind="home", editions=editions)
        groups = self.groups(editions, lang)
        browse = urls.list_path(self.config, lang, BROWSE)
        counts = [{"key": key, "entries": [{"name": e["name"], "count": len(e["items"]), "path": e["path"]}
                                           for e in entries]} for key, entries in groups.items()]
        self.reuse_or_build(f"page:{browse}", (counts, self.pages.site_view_fingerprint(lang)),
                            lambda: self.pages.render("browse.html", browse, lang, kind="list", groups=counts))
        for key, entries in groups.items():
            for entry in entries:
                self.render_listing("list.html", entry["path"], lang, kind="list", editions=entry["items"],
                                    group=key, name=entry["name"])
        if self.site.glossary is not None and self.site.glossary.terms:
            self.pages.render("glossary.html", urls.list_path(self.config, lang, GLOSSARY), lang, kind="glossary",
                        glossary=self.glossary_view(lang))
        for page in self.site.pages_in(lang):
            path = urls.page_path(self.config, page.name, lang)
            fallback = page.lang != lang
            self.pages.render("page.html", path, lang, kind="free-page", page=self.free_page_view(page, fallback),
                        alternates=[] if fallback else self.page_alternates(page))

    def groups(self, editions: Iterable[Edition], lang: str) -> dict[str, list[dict[str, Any]]]:
        """Resolutions grouped by kind, level, topic and year, each group with its list page."""
        grouped: dict[str, dict[str, list[Edition]]] = {key: defaultdict(list) for key in GROUPS}
        for edition in editions:
            for key, values_of in GROUPS.items():
                for value in values_of(edition.resolution):
                    grouped[key][value].append(edition)
        result: dict[str, list[dict[str, Any]]] = {}
        for key, values in grouped.items():
            order = sorted(values, reverse=True) if key == "nam" else sorted(values, key=lambda v: self.group_name(key, v, lang))
            result[key] = [{"value": v, "name": self.group_name(key, v, lang), "items": values[v],
                            "path": urls.list_path(self.config, lang, key, v)} for v in order]
        return result

    def group_name(self, key: str, value: str, lang: str) -> str:
        if key == "loai":
            return self.pages.kind_names.get(value, value)
        if key == "cap":
            return LEVELS.get(value, value)
        if key == "chu-de":
            return self.config.topic_name(value, lang)
        return value

    # ------------------------------------------------------------ view data

    def item_view(self, edition: Edition) -> dict[str, Any]:
        res, summary = edition.resolution, edition.summary
        return {
            "slug": res.slug, "code": res.code, "kind_name": self.pages.kind_names.get(res.kind, res.kind),
            "issued": res.issued, "title": summary.title, "summary": summary.summary,
            "path": urls.resolution_path(self.config, res.slug, edition.lang),
            "content_lang": self.config.languages[summary.lang].tag if edition.fallback else None,
        }

    def resolution_view(self, edition: Edition, path: str) -> dict[str, Any]:
        res, summary, lang = edition.resolution, edition.summary, edition.lang
        rewrite = _asset_rewriter(res.slug, path)
        return {
            **self.item_view(edition),
            "translation_pending": edition.fallback,
            "outdated": not edition.fallback and summary.translation_status == OUTDATED,
            "outdated_notice": outdated_notice(self.config, lang),
            "source_path": urls.resolution_path(self.config, res.slug, self.config.default_language),
            "source_lang_tag": self.config.languages[self.config.default_language].tag,
            "issuer": res.issuer, "level_name": LEVELS.get(res.level, res.level),
            "kind_path": urls.list_path(self.config, lang, "loai", res.kind),
            "level_path": urls.list_path(self.config, lang, "cap", res.level),
            "year_path": urls.list_path(self.config, lang, "nam", str(res.issued.year)),
            "topics": [{"name": self.config.topic_name(t, lang), "path": urls.list_path(self.config, lang, "chu-de", t)}
                       for t in res.topics],
            "lead_html": self.summary_html(summary.lead, res.slug, rewrite),
            "sections": [self.section_view(s, res.slug, rewrite) for s in summary.sections],
            "footnotes_html": self.summary_html(summary.footnotes, res.slug, rewrite),
            "implements": self.pages.related(res.implements, lang),
            "implemented_by": self.pages.related(res.implemented_by, lang),
            "downloads": [d for d in self.downloads(res.slug, lang) if d["kind"] not in KIT_KINDS],
            "kit": [d for d in self.downloads(res.slug, lang) if d["kind"] in KIT_KINDS],
            "recording": self.recording_view(edition),
            "share": self.share_view(edition),
            "study": self.study_view(edition),
        }

    def study_view(self, edition: Edition) -> dict[str, Any] | None:
        """The round's figures per unit, on the default language's page only (they are the
        committee's Vietnamese report)."""
        if edition.lang != self.config.default_language:
            return None
        return self._study.get(edition.resolution.slug)

    def recording_view(self, edition: Edition) -> dict[str, Any] | None:
        """Who read the page's recording and when, and whether the script changed since."""
        if edition.fallback or edition.lang not in edition.resolution.recordings:
            return None
        # Imported for a recording only: comparing it with today's script loads the spoken-form
        # rules (≈ 0.01 CPU s), which a site without recordings never needs.
        from ...loudspeaker.recordings import recording_state
        state = recording_state(self.site, edition.resolution, edition.lang)
        if state is None:
            return None
        mark = state.recording.mark
        return {"reader": mark.reader if mark else "", "date": format_date(mark.date) if mark else "",
                "outdated": state.outdated}

    def share_view(self, edition: Edition) -> dict[str, Any]:
        """Open Graph tags and the share block, from the files the share builder made
        (read once per page: both the fingerprint and the page need them)."""
        res, lang = edition.resolution, edition.lang
        if (res.slug, lang) not in self._share_views:
            self._share_views[(res.slug, lang)] = share_view(
                self.config, edition, urls.resolution_path(self.config, res.slug, lang),
                self.ctx.staging.artifacts_for(res.slug, lang), self.ctx.published.share_text(f"{lang}/{res.slug}"))
        return self._share_views[(res.slug, lang)]

    def share_inputs(self, edition: Edition, artifacts: list[Artifact]) -> tuple[str | None, str | None]:
        """What the share view shows that the page's other inputs do not say: the share image
        the share builder staged (among the page's `artifacts`) and the post text it published (share_view)."""
        res, lang = edition.resolution, edition.lang
        image = next((a.path for a in artifacts if a.kind == "share-image"), None)
        post = self.ctx.published.share_text(f"{lang}/{res.slug}")
        return image, post.text if post is not None else None

    def section_view(self, section: Any, slug: str, rewrite: Any) -> dict[str, Any]:
        return {"key": section.key, "title": section.title, "anchor": section.anchor,
                "html": self.summary_html(section.nodes, slug, rewrite),
                "qa": [{"question": pair.question, "answer_html": self.summary_html(pair.answer, slug, rewrite)}
                       for pair in section.qa]}

    def summary_html(self, nodes: tuple[Child, ...], slug: str, rewrite: Any) -> Markup:
        """A summary's content as page HTML: captioned images as figures, processed photos as
        <picture>, images left out (unreadable) as their alt text."""
        left_out = self.ctx.photos.left_out(slug) if self.ctx.photos is not None else frozenset()
        nodes = with_pictures(captioned_figures(nodes), self.photos_of(slug), left_out)
        return Markup(to_html(nodes, rewrite))

    def photos_of(self, slug: str) -> dict[str, ResolutionPhoto]:
        """A resolution's processed images (builders/images/), by the name the summary uses."""
        return dict(self.ctx.photos.of(slug)) if self.ctx.photos is not None else {}

    def photo_fingerprint(self, slug: str) -> tuple:
        return self.ctx.photos.fingerprint(slug) if self.ctx.photos is not None else ()

    def downloads(self, slug: str, lang: str, artifacts: list[Artifact] | None = None) -> list[dict[str, Any]]:
        """Files other builders made for this resolution and language (they run before the site;
        `artifacts`: staging's, when the caller has them already)."""
        artifacts = self.ctx.staging.artifacts_for(slug, lang) if artifacts is None else artifacts
        # The page's player prefers the smaller Opus copy of an MP3 where there is one.
        opus = {posixpath.splitext(a.path)[0]: a.path for a in artifacts if a.kind.endswith(OPUS)}
        found = [a for a in artifacts if a.kind in DOWNLOAD_KINDS]
        found.sort(key=lambda a: (DOWNLOAD_ORDER.index(a.kind), a.path))
        return [{"kind": a.kind, "path": a.path, "size": a.size, "name": posixpath.basename(a.path),
                 "opus": opus.get(posixpath.splitext(a.path)[0]) if a.kind.endswith("loudspeaker-audio") else None}
                for a in found]

    def alternates_of(self, res: Resolution, lang: str) -> list[dict[str, Any]]:
        return [self.pages.language_link(code, urls.resolution_path(self.config, res.slug, code))
                for code in res.summaries if code != lang]

    def page_alternates(self, page: FreePage) -> list[dict[str, Any]]:
        return [self.pages.language_link(p.lang, urls.page_path(self.config, p.name, p.lang))
                for p in self.site.pages if p.name == page.name and p.lang != page.lang]

    def free_page_view(self, page: FreePage, fallback: bool) -> dict[str, Any]:
        return {"title": page.title, "summary": page.summary, "html": Markup(to_html(captioned_figures(page.nodes))),
                "translation_pending": fallback,
                "content_lang": self.config.languages[page.lang].tag if fallback else None}

    def glossary_view(self, lang: str) -> dict[str, Any]:
        """The glossary as a table: Vietnamese, then this language (or, on the Vietnamese page, every other)."""
        source = self.config.default_language
        shown = [lang] if lang != source else list(self.config.language_codes[1:])
        column = lambda code: {"name": self.config.languages[code].name, "tag": self.config.languages[code].tag}  # noqa: E731
        return {
            "source": column(source),
            "columns": [column(code) for code in shown],
            "terms": [{"source": term.source, "note": term.note,
                       "cells": [" / ".join(term.forms(code)) or None for code in shown]}
                      for term in self.site.glossary.terms],
        }

    # ------------------------------------------------------------ rendering

    def render_listing(self, template: str, path: str, lang: str, kind: str, editions: list[Edition],
                       **context: Any) -> None:
        """A page listing many resolutions: reused from the previous build when what it shows
        (its items' view data and the menus) is unchanged, as most lists are after one edit."""
        key = f"listing:{path}"
        rows = self._listed[lang]
        reused, print_ = self.reuse(key, (template, kind, context, [rows[id(edition)] for edition in editions],
                                          self.pages.site_view_fingerprint(lang)))
        if not reused:          # rendered in finish(), all together (on all cores when there are many)
            self._listings.append(((template, path, lang, kind, [self.row_view(edition) for edition in editions],
                                    context), key, print_))

    def _render_listing(self, job: tuple[str, str, str, str, list[dict[str, Any]], dict[str, Any]]) -> None:
        template, path, lang, kind, items, context = job
        self.pages.render(template, path, lang, kind=kind, items=items,
                          rows=[self.list_row(item, path, lang) for item in items], **context)

    def list_row(self, item: dict[str, Any], page_path: str, lang: str) -> Markup:
        """A resolution's row (_item.html) on the list page at `page_path`. A row shows its item
        and links it; it is the same on every list that links it by the same address (a language's
        kind, level, topic and year lists), so it is rendered once per address."""
        key = (item["slug"], lang, urls.relative(page_path, item["path"]))
        if key not in self._rows:
            self._rows[key] = self.pages.fragment(ROW, page_path, lang, item=item)
        return self._rows[key]

    def listed(self, edition: Edition) -> str:
        """The fingerprint of a resolution's row in the lists, made once per build and language
        (build_language_pages: each resolution is listed on six pages or so: home, kind, level,
        topics, year, and the lists look it up by the edition's id, not by a call each) from what
        item_view shows (the kinds' names and the languages' tags are site.yaml's), without making
        the view: an edit renders few lists again, and only their rows' views are made (row_view)."""
        res, summary = edition.resolution, edition.summary
        return fingerprint(res.slug, res.code, res.kind, res.issued, summary.title, summary.summary,
                           summary.lang, edition.lang, edition.fallback)

    def row_view(self, edition: Edition) -> dict[str, Any]:
        """item_view of a listed resolution, made once per build."""
        key = (edition.resolution.slug, edition.lang)
        if key not in self._row_views:
            self._row_views[key] = self.item_view(edition)
        return self._row_views[key]


def download_inputs(artifacts: list[Artifact]) -> tuple[tuple[str, str, int], ...]:
    """What SiteBuilder.downloads makes a page's download list of, for its fingerprint: the
    kind, path and size of each file it reads (the downloads and their Opus copies), in an order
    of their own (staging's follows which items were reused). Asked of every page in every build:
    no list of views made, the same few tuples for each file."""
    return tuple(sorted((a.kind, a.path, a.size) for a in artifacts if a.kind in DOWNLOAD_KINDS or a.kind.endswith(OPUS)))


def _asset_rewriter(slug: str, page_path: str) -> Any:
    """Summaries reference images by name; on a page they resolve to the shared copy."""
    def rewrite(tag: str, ref: str) -> str:
        local = local_reference(ref)
        if isinstance(local, str):
            return urls.relative(page_path, urls.asset_path(slug, local))
        return ref
    return rewrite
