"""The lecturer's kit for every resolution and language: slides as PPTX (`slides-pptx`), the
same slides as a 16:9 PDF (`slides-pdf`) and a one-page A4 outline of the session
(`outline`), 45 or 60 minutes (lecture_time.py).

kit.py decides the slides and the timing; pptx_slides.py and templates/lecture/ draw them.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ... import urls
from ...content.model import Resolution
from ...dates import material_date
from ...i18n import translations_for
from ...lecture_time import session_minutes
from ..pdf_jobs import PdfJob
from ..share.text import Line
from ...vocabulary import N_
from ..leaflet import print_inputs
from ..typst_outputs import TypstOutputsBuilder
from .kit import outline, slides

OUTLINE_POINT = 110           # characters of a point in the outline: a skeleton, not the text
LABELS = {
    "heading": N_("DÀN Ý BÀI GIẢNG"),
    "length": N_("Thời lượng: %(minutes)s phút"),
    "part_label": N_("Phần"),
    "content_label": N_("Nội dung"),
    "minutes_label": N_("Phút"),
}


def kit_file(folder: str, slug: str, lang: str, suffix: str) -> str:
    return f"{folder}{slug}-{lang}-{suffix}"


class LectureBuilder(TypstOutputsBuilder):
    name = "lecture"

    def item_inputs(self, item: tuple[Resolution, str]) -> Any:
        res, lang = item
        return print_inputs(res, lang), session_minutes(self.config, res)

    def build_item(self, item: tuple[Resolution, str]) -> None:
        from .pptx_slides import pptx_bytes      # python-pptx takes ≈ 0.1 s to import: only when slides are made
        res, lang = item
        folder = urls.resolution_folder(self.config, res.slug, lang)
        gettext = translations_for(lang, self.ctx.content_dir).gettext
        deck = slides(res, lang, self.config.organisation, gettext)
        self.ctx.staging.write_bytes(
            kit_file(folder, res.slug, lang, "bai-giang.pptx"),
            pptx_bytes(deck, res.summaries[lang].title, self.config.organisation, self.config.languages[lang].tag,
                       material_date(res, res.summaries[lang])[0]),
            kind="slides-pptx", slug=res.slug, lang=lang)
        data = self.page_data(res, lang, "slides-pdf", qr=False)
        self.render_pdf(PdfJob(kit_file(folder, res.slug, lang, "bai-giang.pdf"), "slides-pdf", res.slug, lang,
                               "slides.typ", {**data, "slides": [asdict(s) for s in deck]}))
        self.render_pdf(PdfJob(kit_file(folder, res.slug, lang, "dan-y.pdf"), "outline", res.slug, lang,
                               "outline.typ", {**data, "format": "outline",
                                               "outline": self.outline_data(res, lang, gettext)}, max_pages=1))

    def outline_data(self, res: Resolution, lang: str, gettext) -> dict:
        minutes = session_minutes(self.config, res)
        rows = outline(res.summaries[lang], minutes, gettext)
        last = len(rows) - 1
        return {**{key: gettext(text) for key, text in LABELS.items()},
                "length": gettext(LABELS["length"]) % {"minutes": minutes},
                "rows": [{"title": row.title, "minutes": row.minutes,
                          # Questions are kept whole; points are shortened to a line or two.
                          "points": list(row.points) if index == last else
                          [Line.of(p).shortened_to(OUTLINE_POINT).text for p in row.points]}
                         for index, row in enumerate(rows)]}
