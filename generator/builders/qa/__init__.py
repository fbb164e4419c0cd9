"""The questions and answers (`## Hỏi – đáp {#qa}`) as an A4 sheet of their own for the
village meeting (`qa-sheet`). The page, the A4 leaflet's back and the loudspeaker script
show them too (site, leaflet and loudspeaker builders)."""
from __future__ import annotations

from pathlib import Path

from ... import urls
from ...buildstate import folders_fingerprint
from ...i18n import translations_for
from ...pdf_jobs import PdfJob, PdfService
from ...print_data import print_data
from ...theme import template_dirs
from ..base import Builder
from ..leaflet import print_inputs

TEMPLATE = "qa-sheet.typ"


class QaSheetBuilder(Builder):
    name = "qa-sheet"
    expensive = True

    @property
    def template_dirs(self) -> list[Path]:
        return template_dirs(self.ctx.content_dir, "qa") + template_dirs(self.ctx.content_dir, "leaflet")

    def theme_fingerprint(self) -> str:
        return folders_fingerprint(self.template_dirs)

    def run(self) -> None:
        from ...pdf import qr_svg
        pending = []
        for res in self.site.resolutions:
            for lang, summary in res.summaries.items():
                if not summary.questions_answers:
                    continue
                reused, print_ = self.reuse(f"{lang}/{res.slug}", print_inputs(res, lang))
                if not reused:
                    pending.append((res, lang, print_))
        self.ctx.progress.start(self.name, len(pending))
        jobs = []
        for res, lang, _ in pending:
            gettext = translations_for(lang, self.ctx.content_dir).gettext
            qr = qr_svg(urls.absolute(self.config, urls.resolution_path(self.config, res.slug, lang)))
            data = print_data(self.config, res, lang, "qa-sheet", gettext, qr_svg=qr,
                              extra_kinds=self.config.kind_names())
            folder = urls.resolution_folder(self.config, res.slug, lang)
            jobs.append(PdfJob(f"{folder}{res.slug}-{lang}-hoi-dap.pdf", "qa-sheet", res.slug, lang, TEMPLATE, data))
        service = PdfService(self.template_dirs, cache_dir=self.ctx.options.cache_dir, jobs=self.ctx.options.jobs,
                             keep_workers=self.ctx.options.keep_workers)
        written = {}
        for outcome in service.render_each(jobs, on_done=self.ctx.progress.advance):
            job = outcome.job
            written[(job.slug, job.lang)] = self.ctx.staging.write_bytes(job.path, outcome.pdf, kind=job.kind,
                                                                         slug=job.slug, lang=job.lang)
            self.ctx.cache_use[job.path] = outcome.cache_key
        for res, lang, print_ in pending:
            self.remember(f"{lang}/{res.slug}", print_, [written[(res.slug, lang)]], [])
