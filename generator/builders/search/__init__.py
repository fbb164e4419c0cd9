"""Search without diacritics: per language an index script and a search page.

builders/search/index.py decides what is indexed and how it is packed; this builder
writes the index (assets/search-<lang>.js), the page (<lang root>tim-kiem/)
and the script that searches (assets/search.js): one item per language, rendered with the
site's layout and menus by a PageRenderer (builders/site/renderer.py).
"""
from __future__ import annotations

from typing import Any

from ... import urls
from ...content.model import Edition
from ...i18n import translations_for
from ...machinery.buildstate import place
from . import saved
from .index import Document, DocumentMaker, Postings, build_index, index_script, postings
from ..base import BuildContext, LanguageBuilder
from ..site.renderer import PageRenderer

NAME = "search"
SCRIPT = "search.js"


class SearchBuilder(LanguageBuilder):
    name = NAME
    kinds = ("search", "search-index", "script")
    while_printing = True      # reads the model only: runs while an edit's PDFs render (print_worker.py)

    def __init__(self, ctx: BuildContext):
        super().__init__(ctx)
        self.pages = PageRenderer(ctx, self.publish, switch_to=self.page_path)
        self._documents: dict[str, list[Document]] = {}
        self._editions: dict[str, tuple[Edition, ...]] = {}     # lang → site.editions(lang), made once
        self._flattened: dict[int, tuple] = {}      # summary → its text, in this build (index.document)

    def theme_fingerprint(self) -> str:
        return self.pages.theme_fingerprint()

    def page_path(self, lang: str) -> str:
        return urls.search_page_path(self.config, lang)

    def item_inputs(self, lang: str) -> Any:
        """What the language's documents are made of (index.document: each summary's file, its
        resolution's metadata and page; the kinds' and topics' names are site.yaml's and the
        catalogs', in every item's fingerprint), not the documents: a language whose index is
        reused after an edit makes none. The layout is the search page's (finish)."""
        return [(e.resolution.slug, e.summary.lang, e.summary.source_hash, e.resolution.code, e.resolution.kind,
                 e.resolution.issued, e.resolution.topics) for e in self.editions(lang)]

    def build_item(self, lang: str) -> None:
        self.ctx.staging.write_text(urls.search_index_path(lang),
                                    index_script(build_index(lang, self.documents(lang), self.postings(lang))),
                                    kind="search-index", lang=lang)

    def finish(self) -> None:
        # The search page and its script show no document: reused while the layout and the
        # templates are the same (an edit makes only the index again), as the site's 404 page is.
        for lang in self.items():
            self.reuse_or_build(f"page:{lang}", self.pages.site_view_fingerprint(lang),
                                lambda lang=lang: self.pages.render(
                                    "search.html", self.page_path(lang), lang, kind="search",
                                    alternates=self.pages.other_languages(lang),
                                    index_script=urls.search_index_path(lang), search_script=urls.SEARCH_SCRIPT))
        source = self.pages.find_static(SCRIPT)
        self.reuse_or_build(f"static:{urls.SEARCH_SCRIPT}", place(source, self.ctx.content_dir),
                            lambda: self.ctx.staging.copy_file(urls.SEARCH_SCRIPT, source, kind="script"))
        if self.ctx.options.warm_up:        # the index was reused: prepare its update by the next edit
            for lang in self.items():
                postings(self.postings(lang), lang, self.documents(lang))
        memo = self.ctx.session.search_postings
        if self.ctx.options.persist_session and any(p.changed for p in memo.values()):   # serve keeps them in memory
            saved.save(memo, self.ctx.options.cache_dir)        # the languages indexed again (a file each)

    def postings(self, lang: str) -> dict[str, Postings]:
        """The session's postings by language, with `lang`'s: in a new process, those saved with
        the cache (only the languages indexed again are read)."""
        saved.load(self.ctx.session.search_postings, self.ctx.options.cache_dir, [lang])
        return self.ctx.session.search_postings

    def documents(self, lang: str) -> list[Document]:
        """Every resolution the language's site shows, newest first (made once per build, for
        the index: its fingerprint takes what they are made of, item_inputs)."""
        if lang not in self._documents:
            self._documents[lang] = self._make_documents(lang)
        return self._documents[lang]

    def _make_documents(self, lang: str) -> list[Document]:
        page = self.page_path(lang)
        maker = DocumentMaker(self.config, lang, translations_for(lang, self.ctx.content_dir).gettext, self._flattened)
        return [maker.document(e, urls.relative(page, urls.resolution_path(self.config, e.resolution.slug, lang)))
                for e in self.editions(lang)]

    def editions(self, lang: str) -> tuple[Edition, ...]:
        """site.editions(lang), made once per build: the fingerprint and the documents both read them."""
        if lang not in self._editions:
            self._editions[lang] = self.site.editions(lang)
        return self._editions[lang]

