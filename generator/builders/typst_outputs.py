"""What the builders of PDFs from their own Typst template folder share (the short version,
the Q&A sheet, the lecturer's kit): their templates import the leaflets' common.typ, so
all print templates make one Typst root; an item is a resolution in one language."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from .. import urls
from ..machinery.buildstate import folders_fingerprint
from ..content.model import Resolution
from ..i18n import translations_for
from .pdf_jobs import PdfJob
from .leaflet.print_data import print_data
from ..diagnostics import Problem
from .base import BuildContext, Builder
from .leaflet import _overflow_warning as overflow_warning   # the leaflets' message
from .leaflet import pdf_service, print_inputs, print_template_dirs

Pending = list[tuple[Resolution, str, "str | None"]]     # (resolution, language, fingerprint to remember)


class TypstOutputsBuilder(Builder):
    expensive = True

    def __init__(self, ctx: BuildContext):
        super().__init__(ctx)
        self._warned: dict[tuple[str, str], list[Problem]] = {}

    def theme_fingerprint(self) -> str:
        return folders_fingerprint(print_template_dirs(self.ctx.content_dir), self.ctx.changes)

    def pending(self, pairs: Iterable[tuple[Resolution, str]], inputs: Callable[[Resolution, str], Any] = print_inputs
                ) -> Pending:
        """The pairs whose files could not be taken from the previous build."""
        result = []
        for res, lang in pairs:
            reused, print_ = self.reuse(f"{lang}/{res.slug}", inputs(res, lang))
            if not reused:
                result.append((res, lang, print_))
        return result

    def page_data(self, res: Resolution, lang: str, fmt: str, qr: bool = True) -> dict[str, Any]:
        """print_data for one format, with the QR code to the page when `qr`."""
        from ..pdf import qr_svg
        gettext = translations_for(lang, self.ctx.content_dir).gettext
        code = qr_svg(urls.absolute(self.config, urls.resolution_path(self.config, res.slug, lang))) if qr else ""
        return print_data(self.config, res, lang, fmt, gettext, qr_svg=code, extra_kinds=self.config.kind_names())

    def render(self, jobs: list[PdfJob], written: dict[tuple[str, str], list]) -> None:
        """Render the jobs (cached, in parallel) into the staging folder; their files join `written`."""
        service = pdf_service(self.site, self.ctx.options.cache_dir, self.ctx.options.jobs,
                              self.ctx.options.keep_workers, self.ctx.session)
        for outcome in service.render_each(jobs, on_done=self.ctx.progress.advance):
            job = outcome.job
            written.setdefault((job.slug, job.lang), []).append(
                self.ctx.staging.write_bytes(job.path, outcome.pdf, kind=job.kind, slug=job.slug, lang=job.lang))
            self.ctx.cache_use[job.path] = outcome.cache_key
            if outcome.overflow_pages:      # a one-page format that is longer even at the smallest type
                problem = overflow_warning(self.site, job, outcome.words_to_cut, outcome.overflow_pages)
                self.ctx.problems.append(problem)
                self._warned.setdefault((job.slug, job.lang), []).append(problem)

    def remember_all(self, pending: Pending, written: dict[tuple[str, str], list]) -> None:
        for res, lang, print_ in pending:
            self.remember(f"{lang}/{res.slug}", print_, written.get((res.slug, lang), []),
                          self._warned.get((res.slug, lang), []))
