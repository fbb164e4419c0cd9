"""Share material per resolution page and language: the 1200×630 image that Zalo and
Facebook show with a link (og:image), and a ready-to-paste post text beside it.

Runs before the site, which links both files and fills the page's Open Graph tags.
Every page has them, also a page that shows the Vietnamese text while its
translation is pending (its image and post are in the language of that text).
"""
from __future__ import annotations

from functools import cached_property
from typing import Any, Iterable

from ... import urls
from ...content.htmltree import is_subheading
from ...content.model import Edition, Resolution, Site
from ...diagnostics import warning
from ...fonts import FontPair, font_dirs, share_fonts
from ...i18n import translations_for
from .card_memo import CardMemo
from .image import Card
from .text import LIMIT, compose, hashtags
from ...dates import format_date
from ...cache_gc import page_name
from ...machinery.buildstate import folder_print, place
from ...machinery.templating import make_environment, use_language
from ...machinery.theme_inputs import templates_and_catalogs_fingerprint
from ...theme import template_dirs
from ...vocabulary import KINDS, SECTION_NAMES
from ..base import BuildContext, Builder, BuildOptions
from ..published import SharePost, share_text_entry

TEXT_TEMPLATE = "share-text.txt"
# Where the post's lines come from: the new points, else (a summary without them) the key points.
POINT_SECTIONS = ("new_points", "key_points")


class ShareBuilder(Builder):
    name = "share"
    kinds = ("share-image", "share-text")
    expensive = True
    forkable = True         # an image and a text per page, from the model alone: drawn on all cores
    while_printing = True

    @classmethod
    def longest_download(cls, site: Site, res: Resolution, lang: str, options: BuildOptions) -> str | None:
        return urls.share_file(site.config, res.slug, lang, ".png")      # and .txt: as long

    def __init__(self, ctx: BuildContext):
        super().__init__(ctx)
        self.dirs = template_dirs(ctx.content_dir, "share")
        self.env = make_environment(self.dirs, autoescape=False, changes=ctx.changes)
        self.kind_names = {**KINDS, **self.config.kind_names()}
        self._theme = templates_and_catalogs_fingerprint(self.dirs, self.config.language_codes, ctx.content_dir,
                                                         ctx.changes)
        # A site's own copy (templates/share/ or templates/fonts/) wins; else the packaged DejaVu.
        self.fonts: FontPair = share_fonts([*self.dirs, *font_dirs(ctx.content_dir)])
        # Where the fonts are, as every item's inputs name them: told once, not per item (≈ 20 µs each).
        self._font_places = (place(self.fonts.regular, ctx.content_dir), place(self.fonts.bold, ctx.content_dir))

    def theme_fingerprint(self) -> str:
        return self._theme

    @cached_property
    def cards(self) -> CardMemo:
        """The images drawn before, by their card (card_memo.py): an edit of a point draws none."""
        marks = tuple(folder_print(path, self.ctx.changes, self.ctx.content_dir)
                      for path in (self.fonts.regular, self.fonts.bold))
        return CardMemo(self.ctx.options.cache_dir, self.fonts, marks)

    def items(self) -> Iterable[Edition]:
        for lang in self.config.language_codes:
            yield from self.site.editions(lang)

    def item_key(self, edition: Edition) -> str:
        return f"{edition.lang}/{edition.resolution.slug}"

    # An edition's inputs are its resolution's folder's (the summary shown: its own, or the
    # source's while the translation is pending, by site.yaml's policy), and where the fonts are.
    inputs_in_folder = True

    def item_resolution(self, edition: Edition) -> Resolution:
        return edition.resolution

    def builder_inputs(self) -> tuple[str, str]:
        return self._font_places

    def item_inputs(self, edition: Edition) -> Any:
        res = edition.resolution
        return (edition.summary.source_hash, edition.summary.lang, res.code, res.kind, res.issued, res.topics,
                *self._font_places)

    def build_item(self, edition: Edition) -> None:
        res, summary, lang = edition.resolution, edition.summary, edition.lang
        # The labels speak the language of the text shown: Vietnamese on a page whose translation is pending.
        gettext = translations_for(summary.lang, self.ctx.content_dir).gettext
        kind_name = gettext(self.kind_names.get(res.kind, res.kind))
        card = Card(organisation=self.config.organisation,
                    headline=f"{kind_name} {res.code} · {format_date(res.issued)}",
                    title=summary.title, site_title=self.config.title_in(summary.lang),
                    address=urls.display(self.config.base_url).rstrip("/"))
        drawing = self.cards.drawing(page_name(lang, res.slug), card)
        if "title" in drawing.ellipsized:
            self.ctx.problems.append(warning(summary.path, None, "share-title-cut", lang=lang))
        if drawing.missing_glyphs:
            self.ctx.problems.append(warning(summary.path, None, "share-missing-glyph", lang=lang,
                                             chars=" ".join(drawing.missing_glyphs)))
        self.ctx.staging.write_bytes(urls.share_file(self.config, res.slug, lang, ".png"), drawing.png,
                                     kind="share-image", slug=res.slug, lang=lang)
        self.write_text(edition, gettext, kind_name)

    def write_text(self, edition: Edition, gettext: Any, kind_name: str) -> None:
        res, summary, lang = edition.resolution, edition.summary, edition.lang
        use_language(self.env, summary.lang, self.ctx.content_dir)
        template = self.env.get_template(TEXT_TEMPLATE)
        section = next((s for key in POINT_SECTIONS if (s := summary.section(key)) and s.points), None)
        post = compose(
            template.render, summary.title,
            [point.text for point in section.points if not is_subheading(point.nodes)] if section else [],
            hashtags(self.config.topic_name(topic, summary.lang) for topic in res.topics),
            points_title=(section.title or gettext(SECTION_NAMES[section.key])) if section else "",
            url=urls.absolute(self.config, urls.resolution_path(self.config, res.slug, lang)),
            code=res.code, kind_name=kind_name,
            organisation=self.config.organisation)
        if not post.fits:
            self.ctx.problems.append(warning(summary.path, None, "share-text-too-long", lang=lang,
                                             length=len(post.text), limit=LIMIT))
        # CRLF, so that Notepad on an old Windows PC shows the lines; UTF-8 with a BOM, so it shows the diacritics.
        data = "\ufeff" + post.text.replace("\n", "\r\n") + "\r\n"
        self.ctx.staging.write_text(urls.share_file(self.config, res.slug, lang, ".txt"), data,
                                    kind="share-text", slug=res.slug, lang=lang)
        shown = SharePost(post.text.rstrip("\n"))      # as the page shows it
        self.publish(share_text_entry(self.item_key(edition), shown))

