"""The expensive part of a builder's items, run for all of them at once (Sphinx's
`_write_parallel` shape): while an item is built here, one after the other, it hands off
its PDFs (`Builder.render_pdf`) and its calls of external programs (`Builder.call_program`:
espeak-ng, sox, ffmpeg); the base builder then runs them in parallel, and what comes back
is written here, as part of the item that asked for it (its files, its warnings, its
fingerprint in the build state).

- PDFs go through the builder's PdfService as one stream (cached, on every core, serve's
  kept workers), each written to staging as soon as it is ready;
- program calls run on a thread pool: the threads only wait for the programs.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..content.model import Site
from ..diagnostics import Problem, error, message, warning
from ..machinery.output import Artifact, Staging
from .pdf_jobs import PdfJob, PdfOutcome
from .published import Entry


@dataclass(eq=False)
class ItemRecord:
    """An item built in this run: its name in the build state and what it made so far."""
    key: str | None
    print_: str | None
    written: list[Artifact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    published: list[Entry] = field(default_factory=list)
    handed_off: int = 0             # PDFs and program calls it asked for

    def add(self, written: list[Artifact], problems: list[Problem], published: list[Entry]) -> None:
        self.written += written
        self.problems += problems
        self.published += published


@dataclass(eq=False)
class ProgramCall:
    work: Callable[[], Any]          # runs on a thread of the pool (it waits for a program)
    then: Callable[[Any], None]      # runs here with what work() returned: writes the files
    item: ItemRecord


class HandOffs:
    """What the items built in one builder's run handed off, each with its item."""

    def __init__(self) -> None:
        self.item: ItemRecord | None = None          # the item being built here
        self.pdfs: list[PdfJob] = []                 # handed off, not yet taken by the PDF stream
        self.owners: dict[str, ItemRecord] = {}      # a PDF's output path → its item
        self.calls: list[ProgramCall] = []
        self.waiting: list[ItemRecord] = []          # items with hand-offs: remembered once all are done

    @contextmanager
    def building(self, item: ItemRecord) -> Iterator[None]:
        """`item` is being built here: what is handed off meanwhile is its own."""
        self.item = item
        try:
            yield
        finally:
            self.item = None
        if item.handed_off:
            self.waiting.append(item)

    def add_pdf(self, job: PdfJob) -> None:
        self.pdfs.append(job)
        self.owners[job.path] = self._building()

    def add_call(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        self.calls.append(ProgramCall(work, then, self._building()))

    def take_pdfs(self) -> list[PdfJob]:
        taken, self.pdfs = self.pdfs, []
        return taken

    def _building(self) -> ItemRecord:
        if self.item is None:
            # A forked worker's hand-offs would be lost with it: say so instead of dropping PDFs or audio.
            raise RuntimeError("work is handed off only by an item that Builder.run() builds in this process")
        self.item.handed_off += 1
        return self.item


def write_pdfs(outcomes: Iterable[PdfOutcome], handoffs: HandOffs, staging: Staging, site: Site,
               cache_use: dict[str, str], problems: list[Problem]) -> None:
    """Each PDF into staging as it comes, counted to its item; a PDF with a page limit that its
    text exceeds even at the smallest type is a warning (raised now, remembered with the item)."""
    for outcome in outcomes:
        job = outcome.job
        item = handoffs.owners[job.path]
        # A site-wide PDF (the broadcast schedule) has neither slug nor language.
        item.written.append(staging.write_bytes(job.path, outcome.pdf, kind=job.kind, slug=job.slug or None,
                                                lang=job.lang or None))
        cache_use[job.path] = outcome.cache_key
        if outcome.overflow_pages:
            problem = overflow_warning(site, job, outcome.words_to_cut, outcome.overflow_pages)
            problems.append(problem)
            item.problems.append(problem)


def call_programs(calls: list[ProgramCall], jobs: int | None, done: Callable[[ProgramCall, Any], None]) -> None:
    """Every call's work() on a thread pool; done(call, what work() returned) here, in the
    order of the calls. On Ctrl+C or an error the calls not started yet are dropped (the
    running programs got the Ctrl+C too)."""
    if not calls:
        return
    pool = ThreadPoolExecutor(max_workers=jobs or None)
    try:
        for call, made in zip(calls, pool.map(lambda call: call.work(), calls)):
            done(call, made)
    finally:
        pool.shutdown(cancel_futures=True)


def template_error(exc: Any) -> Problem:
    """A print template of the site's that Typst refuses (a PdfTemplateError), as `build` and
    `check` both say it: at the template's own file and line."""
    return error(Path(exc.file or "?"), exc.line, "template-error", template=exc.file or "?", detail=exc.message)


def overflow_warning(site: Site, job: PdfJob, words: int, pages: int) -> Problem:
    """A PDF with a page limit that its text exceeds even at the smallest type size."""
    res = site.resolution(job.slug)
    summary = res.summaries[job.lang]
    names = {f"name_{lang}": message(f"format-{job.kind}", lang) for lang in ("vi", "en")}  # "Tờ rơi A5"
    return warning(summary.path, 1, "leaflet-overflow", slug=job.slug, lang=job.lang, format=job.kind,
                   pages=pages, words=words, **names)
