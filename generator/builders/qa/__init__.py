"""The questions and answers (`## Hỏi – đáp {#qa}`) as an A4 sheet of their own for the
village meeting (`qa-sheet`). The page, the A4 leaflet's back and the loudspeaker script
show them too (site, leaflet and loudspeaker builders)."""
from __future__ import annotations

from ...content.model import Resolution, Site
from ..pdf_jobs import PdfJob
from ..typst_outputs import TypstOutputsBuilder, download_file

TEMPLATE = "qa-sheet.typ"
SHEET = "hoi-dap.pdf"


class QaSheetBuilder(TypstOutputsBuilder):
    name = "qa-sheet"
    kinds = ("qa-sheet",)
    file_names = (SHEET,)

    @classmethod
    def makes(cls, site: Site, res: Resolution, lang: str) -> bool:
        return lang in res.summaries and bool(res.summaries[lang].questions_answers)

    def build_item(self, item: tuple[Resolution, str]) -> None:
        res, lang = item
        self.render_pdf(PdfJob(download_file(self.site, res, lang, SHEET),
                               "qa-sheet", res.slug, lang, TEMPLATE, self.page_data(res, lang, "qa-sheet")))
