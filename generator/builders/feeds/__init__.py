"""Feeds and sitemap: what portals, feed readers and search engines read.

- an Atom feed (RFC 4287) per language, `feed.xml` in that language's root,
  with the newest resolutions. Every date in it comes from the content (issue
  date, a summary's own `date:`), never from the clock, so two builds of the
  same content give the same file;
- `sitemap.xml` with every page and its hreflang alternates (sitemap.py), and
  `robots.txt` naming it, at the output root. They list the pages every other
  builder published, so this builder runs last.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from ... import urls
from ...content.model import Edition
from ...dates import own_date, site_date
from .sitemap import sitemap_pages
from ...machinery.templating import make_environment
from ..base import BuildContext, LanguageBuilder
from ..site.renderer import PageRenderer

NAME = "feeds"
MAX_ENTRIES = 50
# Dates carry no time of day; midnight in Vietnam (UTC+7) is when they begin.
ZONE = dt.timezone(dt.timedelta(hours=7))


def timestamp(day: dt.date) -> str:
    """RFC 3339 date-time, as Atom requires: '2024-12-22T00:00:00+07:00'."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=ZONE).isoformat()


def updated_on(edition: Edition) -> dt.date:
    """The summary's own `date:` when it is later than the issue date, else the issue date."""
    issued = edition.resolution.issued
    written = own_date(edition.summary)
    return max(issued, written) if written else issued


def newest(editions: Iterable[Edition]) -> list[Edition]:
    """Newest first by issue date, then by title; at most MAX_ENTRIES."""
    by_title = sorted(editions, key=lambda e: e.summary.title)
    return sorted(by_title, key=lambda e: e.resolution.issued, reverse=True)[:MAX_ENTRIES]


class FeedBuilder(LanguageBuilder):
    name = NAME
    kinds = ("feed", "sitemap", "robots")

    def __init__(self, ctx: BuildContext):
        super().__init__(ctx)
        self.pages = PageRenderer(ctx, self.publish)
        self.text_env = make_environment(self.pages.dirs, autoescape=False, changes=ctx.changes)   # robots.txt is not markup
        self._views: dict[str, dict[str, Any]] = {}      # lang → feed_view(lang): the fingerprint's and the feed's

    def theme_fingerprint(self) -> str:
        return self.pages.theme_fingerprint()

    def page_path(self, lang: str) -> str:
        return urls.feed_path(self.config, lang)

    def item_inputs(self, lang: str) -> Any:
        return self.feed_view(lang)

    def build_item(self, lang: str) -> None:
        xml = self.pages.template("feed.xml").render(feed=self.feed_view(lang))
        self.ctx.staging.write_text(self.page_path(lang), xml, kind="feed", lang=lang)

    def finish(self) -> None:
        """The sitemap and robots.txt, reused as the feeds are (templates, catalogs and site.yaml
        are in every item's fingerprint): an edit to a summary's text lists the same pages, and
        rendering the sitemap of a large site is most of this builder's work."""
        pages = sitemap_pages(self.config, self.ctx.published.alternates())
        self.reuse_or_build(f"file:{urls.SITEMAP}", pages, lambda: self.ctx.staging.write_text(
            urls.SITEMAP, self.pages.template("sitemap.xml").render(pages=pages), kind="sitemap"))
        self.reuse_or_build(f"file:{urls.ROBOTS}", None, lambda: self.ctx.staging.write_text(
            urls.ROBOTS, self.text_env.get_template("robots.txt").render(sitemap=urls.absolute(self.config, urls.SITEMAP)),
            kind="robots"))

    def feed_view(self, lang: str) -> dict[str, Any]:
        """What the language's feed shows, made once per build (its fingerprint and the feed both read it)."""
        if lang not in self._views:
            self._views[lang] = self._feed_view(lang)
        return self._views[lang]

    def _feed_view(self, lang: str) -> dict[str, Any]:
        entries = [self.entry_view(e) for e in newest(self.site.editions(lang))]
        # A feed without entries still needs a date: the site's newest document says when it last changed.
        quiet = site_date(self.site.resolutions)
        updated = max((e["updated_on"] for e in entries), default=quiet)
        absolute = lambda path: urls.absolute(self.config, path)  # noqa: E731
        return {
            "lang_tag": self.config.languages[lang].tag,
            "id": absolute(self.page_path(lang)),
            "self": absolute(self.page_path(lang)),
            "home": absolute(urls.home_path(self.config, lang)),
            "title": self.config.title_in(lang),
            "subtitle": self.config.description_in(lang),
            "author": self.config.organisation,
            "updated": timestamp(updated),
            "entries": entries,
        }

    def entry_view(self, edition: Edition) -> dict[str, Any]:
        res, summary, lang = edition.resolution, edition.summary, edition.lang
        updated = updated_on(edition)
        url = urls.absolute(self.config, urls.resolution_path(self.config, res.slug, lang))
        return {
            "id": url, "url": url,     # the page's address is permanent: it serves as the id
            "lang_tag": self.config.languages[summary.lang].tag if edition.fallback else None,
            "title": summary.title, "summary": summary.summary, "code": res.code,
            "published": timestamp(res.issued), "updated": timestamp(updated), "updated_on": updated,
            "categories": [{"term": t, "label": self.config.topic_name(t, lang)} for t in res.topics],
        }
