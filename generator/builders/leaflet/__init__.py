"""Printable leaflets (A4, A5, tri-fold) and the study sheet, as PDF through Typst.

Each resolution × language × format becomes one job; jobs render in
parallel and are cached (pdf_jobs). A leaflet whose text does not fit even
at the smallest type size keeps all its text on an extra page and the build
warns, naming what to cut.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from ... import urls
from ...content.model import Resolution, Site
from ...diagnostics import Problem
from ...fonts import font_dirs
from ...fonts.coverage import unknown_font_problem
from ...machinery.theme_inputs import templates_and_catalogs_fingerprint
from ...i18n import translations_for
from ...pdf.fit import FORMAT_DEFAULTS
from ..handoffs import overflow_warning, template_error
from ..pdf_jobs import PdfJob, PdfOutcome, PdfService, pdf_service
from ..print_worker import page_qr
from ...cache_gc import page_name
from ...photos import PhotoLibrary
from .print_data import print_data
from ...theme import template_dirs
from ..base import BuildOptions, SummaryBuilder
from ..images import PhotoIndex, print_images


class Format(NamedTuple):
    template: str
    max_pages: int | None
    file_suffix: str


FORMATS: dict[str, Format] = {
    "leaflet-a4": Format("a4.typ", 2, "to-roi-a4"),
    "leaflet-a5": Format("a5.typ", 2, "to-roi-a5"),
    "leaflet-trifold": Format("trifold.typ", 2, "to-gap-ba"),
    "study-sheet": Format("study-sheet.typ", None, "phieu-thu-hoach"),
}


def leaflet_file(site: Site, res: Resolution, lang: str, kind: str) -> str:
    return urls.download_file(site.config, res.slug, lang, f"{FORMATS[kind].file_suffix}.pdf")


def leaflet_jobs(site: Site, kinds: tuple[str, ...] = tuple(FORMATS),
                 pairs: list[tuple[Resolution, str]] | None = None,
                 photos: PhotoIndex | None = None) -> list[PdfJob]:
    """One job per resolution × language × format (all pairs unless `pairs` is given);
    `photos`: their grayscale print variants, printed instead of the alt text."""
    return list(iter_leaflet_jobs(site, kinds, pairs, photos))


def iter_leaflet_jobs(site: Site, kinds: tuple[str, ...] = tuple(FORMATS),
                      pairs: list[tuple[Resolution, str]] | None = None,
                      photos: PhotoIndex | None = None, qr_code: Callable[[str], str] | None = None
                      ) -> Iterator[PdfJob]:
    """leaflet_jobs, one at a time: a large site's job data need not all be in memory at once.
    `qr_code(address)`: the page's QR code (default pdf.qr_svg; a build's: print_worker.page_qr)."""
    if qr_code is None:
        from ...pdf import qr_svg as qr_code
    kind_names = site.config.kind_names()
    if pairs is None:
        pairs = [(res, lang) for res in site.resolutions for lang in res.summaries]
    for res, lang in pairs:
        gettext = translations_for(lang, site.content_dir).gettext
        qr = qr_code(urls.absolute(site.config, urls.resolution_path(site.config, res.slug, lang)))
        images, files = print_images(photos.printable(res.slug) if photos is not None else {})
        for kind in kinds:
            fmt = FORMATS[kind]
            data = print_data(site.config, res, lang, kind, gettext, qr_svg=qr, extra_kinds=kind_names,
                              images=images)
            yield PdfJob(leaflet_file(site, res, lang, kind), kind, res.slug, lang,
                         fmt.template, data, fmt.max_pages, files)


def print_inputs(res: Resolution, lang: str, photos: PhotoIndex | None = None) -> tuple:
    """What a resolution's printed material in one language is made from (for reuse). Of its
    files, only photos are printed (leaflets): their bytes are in the photo index's
    fingerprint (keys by content), so the files' own times need not be asked."""
    summary = res.summaries[lang]
    return (summary.source_hash, res.code, res.kind, res.level, res.issuer, res.issued, res.topics,
            res.scripts.get(lang), tuple(a.name for a in res.assets),
            photos.fingerprint(res.slug) if photos is not None else ())


def fit_problems(site: Site, cache_dir: Path | None = None, jobs: int | None = None) -> list[Problem]:
    """Overflow warnings for every leaflet, and images that cannot be printed, without
    writing anything (used by `check`)."""
    kinds = tuple(k for k, f in FORMATS.items() if f.max_pages)
    photos = PhotoIndex(site, PhotoLibrary(cache_dir))   # photos take room on the page too
    from ...pdf import PdfFontMissing, PdfTemplateError
    try:
        outcomes = list(render_with_room_for_qa(pdf_service(site, cache_dir, jobs),
                                                 leaflet_jobs(site, kinds, photos=photos)))
    except PdfFontMissing as exc:       # a font only the content reaches (code in a point): as build says it
        return [unknown_font_problem(site.content_dir, exc.file, exc.line, exc.column, exc.family)]
    except PdfTemplateError as exc:     # the site's own leaflet template does not compile: as build says it
        return [template_error(exc)]
    return photos.problems + [overflow_warning(site, o.job, o.words_to_cut, o.overflow_pages)
                              for o in outcomes if o.overflow_pages]


def render_with_room_for_qa(service: PdfService, jobs: Iterator[PdfJob] | list[PdfJob],
                            on_done: Callable[[], None] = lambda: None) -> Iterator[PdfOutcome]:
    """The outcomes of `jobs`; a leaflet whose questions and answers leave no room (its text
    would have to shrink below the full size) is made again without them: they are on the
    Q&A sheet in any case."""
    crowded = []
    for outcome in service.render_each(jobs, on_done=on_done):
        if _qa_crowds(outcome):
            crowded.append(_without_qa(outcome.job))
        else:
            yield outcome
    yield from service.render_each(crowded)


def _qa_crowds(outcome: PdfOutcome) -> bool:
    sections = outcome.job.data.get("sections") or []
    if not any(s.get("key") == "qa" for s in sections):
        return False
    full_size = FORMAT_DEFAULTS[outcome.job.kind].start or 11
    return bool(outcome.overflow_pages) or outcome.font_size < full_size


def _without_qa(job: PdfJob) -> PdfJob:
    data = {**job.data, "sections": [s for s in job.data["sections"] if s.get("key") != "qa"]}
    return replace(job, data=data)


class LeafletBuilder(SummaryBuilder):
    name = "leaflets"
    kinds = tuple(FORMATS)
    expensive = True
    prints = while_printing = True
    inputs_in_folder = True     # print_inputs: the folder's; its photos' index is the folder's photos

    @classmethod
    def longest_download(cls, site: Site, res: Resolution, lang: str, options: BuildOptions) -> str | None:
        return max((leaflet_file(site, res, lang, kind) for kind in FORMATS), key=len)

    def builder_inputs(self) -> tuple[bool, str | None]:
        # No photo index (the images builder did not run): none printed. Else the settings every
        # print variant is made with, Pillow's version among them: after an upgrade the variants
        # (and which photos Pillow can read at all) are made again, so are the leaflets.
        photos = self.ctx.photos
        return (True, None) if photos is None else (False, photos.settings_key)

    def theme_fingerprint(self) -> str:
        # The catalogs too: the labels printed are the site's own words when it has a catalog.
        return templates_and_catalogs_fingerprint(
            template_dirs(self.ctx.content_dir, "leaflet") + font_dirs(self.ctx.content_dir),
            self.config.language_codes, self.ctx.content_dir, self.ctx.changes)

    def item_inputs(self, item: tuple[Resolution, str]) -> tuple:
        return print_inputs(*item, self.ctx.photos)

    def build_item(self, item: tuple[Resolution, str]) -> None:
        for job in iter_leaflet_jobs(self.site, pairs=[item], photos=self.ctx.photos,
                                     qr_code=lambda url: page_qr(self.ctx.session, url, self.ctx.options.cache_dir,
                                                                 page_name(item[1], item[0].slug))):
            self.render_pdf(job)

    def render_pdfs(self, service: PdfService, jobs: Iterable[PdfJob], on_done: Callable[[], None]
                    ) -> Iterator[PdfOutcome]:
        return render_with_room_for_qa(service, jobs, on_done)
