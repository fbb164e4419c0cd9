"""load → build → write: the one-way flow behind `tuyentruyen build`."""
from __future__ import annotations

import gc
import importlib
import queue
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from . import cache_gc, session_store
from .machinery import folder_swap
from .machinery.forked import in_background
from .code_hash import code_fingerprint
from .machinery.buildstate import BuildState
from .builders.base import BuildContext, BuildOptions, Builder
from .builders.pdf_jobs import end_build_pools
from .builders.print_worker import start_print_worker, stop_print_worker
from .builders.qr_codes import keep_drawn_codes
from .content import markdown_render
from .load import load_site
from .config import SiteConfig
from .content.model import Site
from .i18n import catalog_problems
from .diagnostics import ContentError, Problem, error, has_errors
from .fonts.coverage import unknown_font_problem
from .machinery.output import Artifact, Staging
from .machinery.progress import NoProgress, Progress
from .path_lengths import long_path_problems
from .session import BuildSession
from .uptodate import UpToDate


@dataclass(frozen=True)
class Registered:
    """A builder as the pipeline knows it before it runs: its name, the builders that read what it
    makes (`needed_by`) and whether it hands off print PDFs (`prints`), as its class says them
    (tests/test_pipeline_registry.py compares). Its module is imported only when a build runs
    it (`builder()`): a site build does not import the PDF, audio and PPTX builders."""
    name: str
    where: str                                  # "package.module:Class"
    needed_by: tuple[str, ...] = ()
    prints: bool = False

    def builder(self) -> type[Builder]:
        module, _, class_name = self.where.partition(":")
        return getattr(importlib.import_module(module), class_name)

    def runs(self, options: BuildOptions) -> bool:
        """Whether a build with `options` runs it: named by --only, or read by a builder that is."""
        return any(options.runs(name) for name in (self.name, *self.needed_by))


# Order matters: media builders first, so that the site can link what they made; search and
# calendar, which read only the model, before the site, while an edit's PDFs still render on the
# print worker (the site waits for them: it shows their sizes); feeds last, as their sitemap
# lists every page the others staged.
BUILDERS: list[Registered] = [
    Registered("images", "generator.builders.images:ImagesBuilder", needed_by=("site", "leaflets")),
    Registered("leaflets", "generator.builders.leaflet:LeafletBuilder", prints=True),
    Registered("loudspeaker", "generator.builders.loudspeaker:LoudspeakerBuilder", needed_by=("schedule",),
               prints=True),
    Registered("brief", "generator.builders.brief:BriefBuilder", prints=True),
    Registered("brief-loudspeaker", "generator.builders.brief:BriefLoudspeakerBuilder", needed_by=("schedule",),
               prints=True),
    Registered("qa-sheet", "generator.builders.qa:QaSheetBuilder", prints=True),
    Registered("lecture", "generator.builders.lecture.builder:LectureBuilder", prints=True),
    Registered("schedule", "generator.builders.schedule:ScheduleBuilder"),
    Registered("share", "generator.builders.share:ShareBuilder"),
    Registered("search", "generator.builders.search:SearchBuilder"),
    Registered("calendar", "generator.builders.calendar:CalendarBuilder"),
    Registered("site", "generator.builders.site:SiteBuilder"),
    Registered("feeds", "generator.builders.feeds:FeedBuilder"),
]


# Folders read anew from which the session is saved by a forked process (in_background): forking
# a process that holds the whole model costs ≈ 0.04 CPU s at N = 1 000 (the pages both touch
# are copied), more than writing a few folders' entries here.
SAVED_APART = 64


@dataclass
class BuildResult:
    output_dir: Path
    artifacts: list[Artifact]
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    deferred: list[str] = field(default_factory=list)   # outdated expensive items kept (defer_expensive)

    def counts(self) -> Counter:
        return Counter(a.kind for a in self.artifacts)


def load_or_raise(content_dir: Path, jobs: int | None = None, session: BuildSession | None = None,
                  meanwhile: Callable[[SiteConfig], None] | None = None) -> tuple[Site, list[Problem]]:
    site, problems = load_site(content_dir, jobs, session, meanwhile)
    if site is None or has_errors(problems):
        raise ContentError(problems)
    return site, problems


def build(content_dir: Path, output_dir: Path, options: BuildOptions | None = None,
          progress: Progress | None = None, session: BuildSession | None = None) -> BuildResult:
    """Validate, build every output into a staging folder, then swap it in.

    `session`: what earlier builds of this process remember (serve keeps one); without it,
    the build starts as a new process does. Raises ContentError (content or template
    problems) or any other exception; in every failure the previous output folder is left
    as it was.
    """
    own_session, session = session is None, session or BuildSession()
    # One look at the files per build: the folders the make rule scanned are not listed again (changes.py).
    with _collector_paused(), session.changes.moment():
        return _build(content_dir, output_dir, options, progress, session, own_session)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during a build. A build allocates millions of objects and
    keeps most (the model, memos); the collector's passes over them cost 0.2 s of a 1 s rebuild
    in serve, while a build leaves little cyclic garbage (measured: ~7 000 objects for 40
    resolutions with everything), which the collector takes once it runs again. A library
    that makes cyclic objects per item frees them where it is called (the lecturer's PPTX:
    builders/lecture/pptx_slides.py), or they stay until the build ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(content_dir: Path, output_dir: Path, options: BuildOptions | None,
           progress: Progress | None, session: BuildSession, own_session: bool = False) -> BuildResult:
    started = time.perf_counter()
    options = options or BuildOptions()
    progress = progress or NoProgress()
    folder_swap.recover(Path(output_dir).resolve())    # what a killed build left, before anything reads output/
    # serve's quick pass leaves outputs outdated on purpose: it neither trusts nor writes the stamp.
    stamp = None if options.defer_expensive else UpToDate(Path(content_dir), Path(output_dir), options,
                                                          session.changes)
    printing = _edit_with_pdfs(options, stamp)
    if printing and stamp and stamp.edited():       # a file saved since: before the make rule hashes them
        start_print_worker(Path(content_dir), options.jobs, session)
    try:
        previous = stamp.previous() if stamp and not options.warm_up else None
        if previous is not None:
            stop_print_worker(session, wait=True)   # a file saved unchanged: nothing to print
            artifacts, problems = previous
            return BuildResult(Path(output_dir), artifacts, problems, time.perf_counter() - started)
        if printing:
            start_print_worker(Path(content_dir), options.jobs, session)     # Typst and fonts load meanwhile
        return _built(content_dir, output_dir, options, progress, session, stamp, started, own_session)
    except BaseException as failure:
        stop_print_worker(session, wait=True)       # Ctrl+C or a failure: no worker left behind
        end_build_pools(session)
        if isinstance(failure, Exception):          # not after Ctrl+C, which stops at once
            keep_drawn_codes(session)   # cache data, true whatever became of the output (0.35 ms a code)
        raise


def _running(options: BuildOptions) -> list[Registered]:
    """The builders a build with `options` runs, in their order (the loop and the path check)."""
    return [registered for registered in BUILDERS if registered.runs(options)]


def _edit_with_pdfs(options: BuildOptions, stamp: UpToDate | None) -> bool:
    """A CLI rebuild that may have PDFs to make: there is a last build's stamp (the make rule, run
    after this, decides whether anything changed), and a builder of PDFs runs. Not serve (its workers
    are kept), not a first build (its many PDFs start a pool of their own)."""
    return (stamp is not None and stamp.path is not None and stamp.path.is_file() and not options.keep_workers
            and any(b.prints and options.runs(b.name) for b in BUILDERS))


def _built(content_dir: Path, output_dir: Path, options: BuildOptions, progress: Progress,
           session: BuildSession, stamp: UpToDate | None, started: float, own_session: bool) -> BuildResult:
    progress.start("load")
    session.trees.load(options.cache_dir)
    session_store.restore(session, options.cache_dir, Path(content_dir))
    site, problems = load_or_raise(Path(content_dir), options.jobs, session,
                                   meanwhile=lambda config: _prepare_pages(config, Path(content_dir), options, session))
    if stamp:
        stamp.read(session.loaded)                  # what the content was, as the load read it
    too_long = long_path_problems(site, Path(output_dir), options,      # Windows' 260 characters, before writing
                                  lambda: [registered.builder() for registered in _running(options)])
    if too_long:
        raise ContentError(problems + too_long)
    if options.warm_up:
        markdown_render.prepare()
    progress.finish()
    # A session of this build's own is complete once the content is read: written for the
    # next process by a forked one while this one builds, rather than after the swap, when
    # many folders were read (an edit's few cost less to write here than the fork: _keep_cache).
    saving = in_background(lambda: persist(session, options.cache_dir, Path(content_dir))) \
        if options.persist_session and own_session and session_store.unwritten(session) >= SAVED_APART else None
    staging = Staging(Path(output_dir), Path(content_dir))
    state = BuildState(options.cache_dir, Path(output_dir), session.changes)
    ctx = BuildContext(site=site, staging=staging, options=options, state=state, progress=progress,
                       session=session)
    writing: _WritePhase | None = None
    committed: queue.SimpleQueue[bool] = queue.SimpleQueue()
    try:
        for registered in _running(options):
            if not registered.prints:
                end_build_pools(session)            # the print builders' pool, before builders that fork
            _run_builder(registered.builder()(ctx).run, ctx)
            progress.finish()
        end_build_pools(session)
        _run_builder(ctx.settle_pdfs, ctx)          # PDFs still rendering on the print worker
        stop_print_worker(session, wait=False)
        progress.start("write")
        staging.write_manifest({"base_url": site.config.base_url})
        if stamp:
            stamp.forget()
        state.forget()
        # On a thread meanwhile (_keep_cache), what the next build reads besides the build state: it
        # waits on the disk while this one commits (journal, moves) and saves the state, and the
        # other way round. The cache index only once the output is in place.
        writing = _WritePhase(lambda: _keep_cache(options, session, Path(content_dir), saving, stamp, staging, ctx,
                                                  committed.get))
        staging.commit()
        committed.put(True)
        progress.finish()
    except BaseException:
        # Said whether or not the thread started (a Ctrl+C may come between its start and
        # `writing` being set): it never waits for an answer that does not come.
        committed.put(False)
        if writing:
            writing.join()              # it waited for the session's forked save too
        staging.discard()
        if saving and not writing:
            saving()
        raise
    try:                                # while the work folders are removed (Staging.commit)
        _remember(state, staging.file_stats)
        stop_print_worker(session, wait=True)       # ended by now: reaped, not left a zombie
        problems += catalog_problems(list(site.config.language_codes), site.content_dir)
        result = BuildResult(Path(output_dir), staging.listed, problems + ctx.problems,
                             time.perf_counter() - started, ctx.deferred)
        output = writing.wait()
        if stamp and not result.deferred:
            with suppress(OSError):     # as in _remember: the next build is a full one
                stamp.save(output, result.problems)
    finally:
        writing.join()                  # Ctrl+C or a failure: nothing left writing after the build
        staging.settle()
    return result


def _prepare_pages(config: SiteConfig, content_dir: Path, options: BuildOptions, session: BuildSession) -> None:
    """While the workers read the content: the site's page templates compiled and its catalogs
    loaded, which the site builder would do between reading and its pages, with a core idle.
    Only a head start: what fails here fails again, and is reported, where the builder does it.
    So is the hash of tuyentruyen's own code (machinery/buildstate.py: remembered), which the
    make rule, the builders' fingerprints and the saved session ask for next. Not the templates
    when an edit's PDFs go to the print worker: a load of a few folders does this before them,
    which would delay the PDFs the site then waits for; the site compiles them while they render."""
    code_fingerprint()
    if options.runs("site") and session.print_worker is None:
        with suppress(Exception):
            from .builders.site import PAGE_TEMPLATES       # imported here, while the workers read
            from .builders.site.renderer import prepare_theme
            prepare_theme(content_dir, config.language_codes, session.changes, PAGE_TEMPLATES)


def _remember(state: BuildState, marks: dict[str, tuple[int, int]]) -> None:
    """The build state, which the next build reuses items by. The new output is in place already:
    a cache that cannot be written (disk full meanwhile) only makes the next build a full one,
    never a failed or a wrong one (the state of the output before was removed before the swap)."""
    with suppress(OSError):
        state.save(marks)


def _keep_cache(options: BuildOptions, session: BuildSession, content_dir: Path,
                saved_apart: Callable[[], None] | None, stamp: UpToDate | None, staging: Staging,
                ctx: BuildContext, committed: Callable[[], bool]) -> str | None:
    """While the build commits its output and saves its state: the up-to-date stamp's hash of the
    new output (returned: saved by the build), the session (unless a forked process saves it:
    waited for), then, once the output is in place (`committed()`), the cache index: the cache
    whole before it is tidied. The QR codes the print builders drew first (qr_codes.py)."""
    keep_drawn_codes(session)
    output = stamp.output_of(staging.listed, staging.file_stats) if stamp else None
    if saved_apart:
        saved_apart()
    elif options.persist_session:
        persist(session, options.cache_dir, content_dir)
    if committed() and options.cache_dir and not ctx.deferred:
        _tidy_cache(options, staging.output_dir, staging, ctx)
    return output


def persist(session: BuildSession, cache_dir: Path | None, content_dir: Path) -> None:
    """The session's Markdown trees and model into the cache, for the next process (a cache
    that cannot be written only makes the next build read more)."""
    with suppress(OSError):
        session.trees.save(cache_dir)
        session_store.save(session, cache_dir, content_dir)


def _tidy_cache(options: BuildOptions, output_dir: Path, staging: Staging, ctx: BuildContext) -> None:
    """The cache keeps what this output was made from (cache_gc.py). The output is in place
    already: a cache file another program holds open must not fail the build."""
    assert options.cache_dir is not None
    try:
        cache_gc.update(options.cache_dir, output_dir.resolve(), staging.artifacts.values(), ctx.cache_use,
                        full=options.only is None, audio=not options.no_audio,
                        photos=ctx.photos.keys() if ctx.photos is not None else None, session=ctx.session)
    except OSError:
        pass


class _WritePhase:
    """work() on a thread while this one goes on: what waits on the disk (writing, deleting) overlaps
    with what uses the processor. `wait()` gives what work() returned, or raises what it raised;
    `join()` only waits."""

    def __init__(self, work: Callable[[], Any]):
        self._work = work
        self._result: Any = None
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="write-phase")
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._work()
        except BaseException as exc:        # handed to wait()
            self._failure = exc

    def wait(self) -> Any:
        self.join()
        if self._failure is not None:
            raise self._failure
        return self._result

    def join(self) -> None:
        self._thread.join()


def _run_builder(run: Callable[[], None], ctx: BuildContext) -> None:
    """A builder's run (or the PDFs written after it), its template errors reported as content problems."""
    try:
        run()
    except Exception as exc:
        problem = _content_problem(exc, ctx)
        if problem is None:
            raise
        raise ContentError([problem]) from exc


def _content_problem(exc: Exception, ctx: BuildContext) -> Problem | None:
    """The content's part in a builder's failure (a font its templates name and lack, a template
    that is wrong), else None. Jinja2 and the PDF renderer are imported here, as their builders
    do, not at start-up: a site build has no PDFs, and its templates load while the content is read."""
    import jinja2
    from .pdf import PdfFontMissing, PdfTemplateError
    if isinstance(exc, PdfFontMissing):
        return unknown_font_problem(ctx.content_dir, exc.file, exc.line, exc.column, exc.family)
    if isinstance(exc, PdfTemplateError):       # a print template of the site's that Typst refuses
        from .builders.handoffs import template_error
        return template_error(exc)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(Path(exc.filename or exc.name or "?"), exc.lineno, "template-error",
                     template=exc.name or exc.filename, detail=exc.message)
    if isinstance(exc, jinja2.TemplateError):
        template, line = _template_location(exc)
        return error(Path(template), line, "template-error", template=template, detail=str(exc))
    return None


def _template_location(exc: BaseException) -> tuple[str, int | None]:
    """The innermost template frame of a runtime template error."""
    tb = exc.__traceback__
    found: tuple[str, int | None] = ("?", None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".txt", ".xml", ".typ", ".j2")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
