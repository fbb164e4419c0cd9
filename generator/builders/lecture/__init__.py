"""The lecturer's kit for every resolution and language: slides as PPTX (`slides-pptx`), the
same slides as a 16:9 PDF (`slides-pdf`) and a one-page A4 outline of the session
(`outline`), 45 or 60 minutes (lecture_time.py).

kit.py decides the slides and the timing; pptx_slides.py and templates/lecture/ draw them.
"""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from ... import urls
from ...buildstate import folders_fingerprint
from ...content.model import Resolution
from ...i18n import translations_for
from ...lecture_time import session_minutes
from ...pdf_jobs import PdfJob, PdfService
from ...print_data import print_data
from ...share_text import Line
from ...theme import template_dirs
from ...vocabulary import N_
from ..base import Builder
from ..leaflet import print_inputs
from .kit import outline, slides
from .pptx_slides import pptx_bytes

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


class LectureBuilder(Builder):
    name = "lecture"
    expensive = True

    @property
    def template_dirs(self) -> list[Path]:
        # The templates import the leaflets' common.typ: both folders make one Typst root.
        return template_dirs(self.ctx.content_dir, "lecture") + template_dirs(self.ctx.content_dir, "leaflet")

    def theme_fingerprint(self) -> str:
        return folders_fingerprint(self.template_dirs)

    def run(self) -> None:
        pending = []
        for res in self.site.resolutions:
            for lang in res.summaries:
                inputs = (print_inputs(res, lang), session_minutes(self.config, res))
                reused, print_ = self.reuse(f"{lang}/{res.slug}", inputs)
                if not reused:
                    pending.append((res, lang, print_))
        self.ctx.progress.start(self.name, 3 * len(pending))
        written: dict[tuple[str, str], list] = {(res.slug, lang): [] for res, lang, _ in pending}
        jobs = []
        for res, lang, _ in pending:
            folder = urls.resolution_folder(self.config, res.slug, lang)
            gettext = translations_for(lang, self.ctx.content_dir).gettext
            deck = slides(res, lang, self.config.organisation, gettext)
            summary = res.summaries[lang]
            written[(res.slug, lang)].append(self.ctx.staging.write_bytes(
                kit_file(folder, res.slug, lang, "bai-giang.pptx"),
                pptx_bytes(deck, summary.title, self.config.organisation, self.config.languages[lang].tag),
                kind="slides-pptx", slug=res.slug, lang=lang))
            self.ctx.progress.advance()
            data = print_data(self.config, res, lang, "slides-pdf", gettext, extra_kinds=self.config.kind_names())
            jobs.append(PdfJob(kit_file(folder, res.slug, lang, "bai-giang.pdf"), "slides-pdf", res.slug, lang,
                               "slides.typ", {**data, "slides": [asdict(s) for s in deck]}))
            jobs.append(PdfJob(kit_file(folder, res.slug, lang, "dan-y.pdf"), "outline", res.slug, lang,
                               "outline.typ", {**data, "format": "outline",
                                               "outline": self.outline_data(res, lang, gettext)}, max_pages=1))
        service = PdfService(self.template_dirs, cache_dir=self.ctx.options.cache_dir, jobs=self.ctx.options.jobs,
                             keep_workers=self.ctx.options.keep_workers)
        for outcome in service.render_each(jobs, on_done=self.ctx.progress.advance):
            job = outcome.job
            written[(job.slug, job.lang)].append(
                self.ctx.staging.write_bytes(job.path, outcome.pdf, kind=job.kind, slug=job.slug, lang=job.lang))
            self.ctx.cache_use[job.path] = outcome.cache_key
        for res, lang, print_ in pending:
            self.remember(f"{lang}/{res.slug}", print_, written[(res.slug, lang)], [])

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
