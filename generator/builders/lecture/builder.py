"""The lecturer's kit builder: per resolution and language the deck as PPTX, as PDF slides, and
the outline. The three are handed off like PDFs (`render_pdf`): the PPTX is a job of its own kind
(pdf_worker.MAKERS), made from the slides' data in a PDF worker (an edit's on the print worker,
a cold build's on every core) and cached by that data like a PDF."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ...content.model import Resolution
from ...dates import material_date
from ...i18n import translations_for
from ...lecture_time import session_minutes
from ..pdf_jobs import PdfJob
from ..text_line import Line
from ...vocabulary import N_
from ..leaflet import print_inputs
from ..typst_outputs import TypstOutputsBuilder, download_file
from .kit import outline, slides
from .slide import deck_data

SLIDES_PPTX, SLIDES_PDF, OUTLINE = "bai-giang.pptx", "bai-giang.pdf", "dan-y.pdf"    # download_file names
OUTLINE_POINT = 110           # characters of a point in the outline: a skeleton, not the text
LABELS = {
    "heading": N_("DÀN Ý BÀI GIẢNG"),
    "length": N_("Thời lượng: %(minutes)s phút"),
    "part_label": N_("Phần"),
    "content_label": N_("Nội dung"),
    "minutes_label": N_("Phút"),
}


class LectureBuilder(TypstOutputsBuilder):
    name = "lecture"
    kinds = ("slides-pptx", "slides-pdf", "outline")
    file_names = (SLIDES_PPTX, SLIDES_PDF, OUTLINE)

    def item_inputs(self, item: tuple[Resolution, str]) -> Any:
        res, lang = item
        return print_inputs(res, lang), session_minutes(self.config, res)

    def build_item(self, item: tuple[Resolution, str]) -> None:
        res, lang = item
        gettext = translations_for(lang, self.ctx.content_dir).gettext
        deck = slides(res, lang, self.config.organisation, gettext)
        # python-pptx (≈ 0.1 s to import, ≈ 0.05 s a deck) runs where the PDFs render, not here.
        self.render_pdf(PdfJob(download_file(self.site, res, lang, SLIDES_PPTX), "slides-pptx", res.slug, lang,
                               "slides.pptx",
                               deck_data(deck, res.summaries[lang].title, self.config.organisation,
                                         self.config.languages[lang].tag, material_date(res, res.summaries[lang])[0])))
        data = self.page_data(res, lang, "slides-pdf", qr=False)
        self.render_pdf(PdfJob(download_file(self.site, res, lang, SLIDES_PDF), "slides-pdf", res.slug, lang,
                               "slides.typ", {**data, "slides": [asdict(s) for s in deck]}))
        self.render_pdf(PdfJob(download_file(self.site, res, lang, OUTLINE), "outline", res.slug, lang,
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
