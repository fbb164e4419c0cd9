"""The questions and answers (`## Hỏi – đáp {#qa}`) as an A4 sheet of their own for the
village meeting (`qa-sheet`). The page, the A4 leaflet's back and the loudspeaker script
show them too (site, leaflet and loudspeaker builders)."""
from __future__ import annotations

from ... import urls
from ..pdf_jobs import PdfJob
from ..typst_outputs import TypstOutputsBuilder

TEMPLATE = "qa-sheet.typ"


class QaSheetBuilder(TypstOutputsBuilder):
    name = "qa-sheet"

    def run(self) -> None:
        pending = self.pending((res, lang) for res in self.site.resolutions
                               for lang, summary in res.summaries.items() if summary.questions_answers)
        self.ctx.progress.start(self.name, len(pending))
        jobs = [PdfJob(f"{urls.resolution_folder(self.config, res.slug, lang)}{res.slug}-{lang}-hoi-dap.pdf",
                       "qa-sheet", res.slug, lang, TEMPLATE, self.page_data(res, lang, "qa-sheet"))
                for res, lang, _ in pending]
        written: dict[tuple[str, str], list] = {}
        self.render(jobs, written)
        self.remember_all(pending, written)
