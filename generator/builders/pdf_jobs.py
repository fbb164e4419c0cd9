"""Render PDFs in parallel across the machine's cores, with a cache that survives builds.

Fonts and templates load once per worker process. A PDF is cached by the
hash of everything that went into it (template files, data, engine version),
so an unchanged leaflet is never rendered again.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import signal
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..code_hash import code_fingerprint
from ..machinery.buildstate import fingerprint, folder_signature
from ..machinery.cache_seal import read_json, read_sealed, write_json, write_sealed
from ..machinery.forked import fresh_interpreter_context
from ..machinery.installed import library_version
from ..content.model import Site
from ..fonts import font_dirs
from ..session import BuildSession
from ..theme import template_dirs
from .pdf_worker import MAKERS, init_worker, new_renderer, render_chunk, render_one

INLINE_LIMIT = 12  # below this many jobs, starting worker processes (≈ 0.25 s) costs more than it saves
WINDOW = 64       # jobs in flight at once: bounds the data and PDFs held in memory
CHUNK = 4         # jobs sent to a worker at once: fewer round trips, little idle time at the end
# Job data (JSON) above this size (a summary over the 128 KB warning limit) renders in a process
# of its own that ends with the job: Typst keeps every layout it made for the life of its process,
# and a 500 KB summary's leaflets hold hundreds of MB that serve or the next jobs would carry on.
HEAVY_DATA = 128 * 1024
# For the same reason a kept pool (serve, a working day of edits) is started anew, between two
# builds, once it has rendered this many PDFs. Measured: a worker grows by 5 MB (leaflets of
# 10 KB data) to 20 MB (100 KB) over its first 200 PDFs, then by little; what is left, the new
# workers return.
KEPT_POOL_JOBS = 1000

@dataclass(frozen=True)
class PdfJob:
    path: str                     # output path relative to output/
    kind: str                     # manifest kind
    slug: str
    lang: str
    template: str                 # e.g. "a4.typ"; or a maker of another kind of file (pdf_worker.MAKERS: the PPTX)
    data: dict[str, Any]
    max_pages: int | None = None  # fit to this many pages (None: no fitting)
    # Files the template reads besides itself (photos): (path inside the Typst root, file on
    # disk). Their paths carry a hash of their content, which the data names, so the cache key holds.
    files: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PdfOutcome:
    job: PdfJob
    pdf: bytes
    pages: int
    font_size: float
    overflow_pages: int = 0
    words_to_cut: int = 0
    cache_key: str = ""           # the cache entry this PDF is (or would be) kept as


@dataclass
class PdfService:
    template_dirs: Sequence[Path]
    cache_dir: Path | None = None
    jobs: int | None = None
    keep_workers: bool = False          # leave the worker processes running for the next call
    # A build's print builders (one after the other in pipeline.BUILDERS) render on one pool, started
    # by the first with many PDFs and ended by pipeline (end_build_pools) before the builders that fork.
    keep_for_build: bool = False
    font_dirs: Sequence[Path] = ()      # empty: the fonts shipped in the package (fonts.font_dirs)
    # Worker pools kept between builds by a long-running process (serve, `keep_workers`), by
    # (template and font folders, worker count), live in the session (session.pdf_pools): an
    # edit's handful of PDFs then render on every core without the ≈ 0.25 s of starting processes.
    session: BuildSession = field(default_factory=BuildSession)
    _fingerprint: str = field(default="", init=False)
    _ahead: dict[str, Future] = field(default_factory=dict, init=False)     # send_ahead: cache key → its render
    _maker_versions: dict[str, str] = field(default_factory=dict, init=False)   # maker → _maker_version

    def __post_init__(self) -> None:
        # The templates by content (the session's change detector hashes an unchanged file
        # once), not by where the project folder is.
        self.font_dirs = [Path(d) for d in self.font_dirs] or font_dirs()
        changes = self.session.changes
        # The packaged fonts by the package's record of them, not their file times (a reinstall).
        self._fingerprint = fingerprint(_engine_version(), *(changes.tree_signature(f) for f in self.template_dirs),
                                        *(folder_signature(f, changes) for f in self.font_dirs))

    def start_kept_workers(self) -> None:
        """Start the workers `keep_workers` keeps (serve's first build, which may find nothing to
        render), so that the first edit does not wait for them."""
        if not self.keep_workers:
            return
        with _Workers(self, many=True) as workers:
            if not workers.inline:
                with interrupt_held():
                    pool = workers.started()
                    started = [pool.submit(render_chunk, tuple(workers.dirs), tuple(workers.fonts), [])
                               for _ in range(workers.count)]
                for done in started:
                    done.result()

    def send_ahead(self, jobs: Sequence[PdfJob]) -> bool:
        """Send these jobs to the build's print worker (print_worker.py) now: they render there while
        this process goes on, and render_each takes their outcomes later. False: there is no print
        worker for these templates and fonts (nothing was sent)."""
        worker = self.session.print_worker
        if worker is None or worker.folders != folders_key(self.template_dirs, self.font_dirs):
            return False
        for job in jobs:
            key = self._key(job)
            args = job_args(job)
            # Cached ones are read by render_each; heavy ones render in a process of their own there.
            if key in self._ahead or self._cached(key) or len(args[1]) > HEAVY_DATA:
                continue
            self._ahead[key] = worker.send([args])
        return True

    def render_all(self, jobs: Iterable[PdfJob], on_done: Callable[[], None] = lambda: None) -> list[PdfOutcome]:
        """Outcomes in the order of `jobs` (see render_each), all at once."""
        return list(self.render_each(jobs, on_done))

    def render_each(self, jobs: Iterable[PdfJob], on_done: Callable[[], None] = lambda: None) -> Iterator[PdfOutcome]:
        """Outcomes in the order of `jobs`, each as soon as it and those before it are done;
        cached ones are read, the rest rendered in parallel.

        At most WINDOW jobs are in flight, so a large site never holds all its PDFs (or
        all their data) in memory: pass a generator of jobs and write each outcome away.
        `on_done` is called once per job (for the progress bar)."""
        if not isinstance(jobs, Sequence):
            jobs = _Lookahead(jobs, INLINE_LIMIT)
        with _Workers(self, many=len(jobs) >= INLINE_LIMIT) as workers:
            window: deque[_Entry] = deque()
            unsent: list[_Entry] = []
            for job in jobs:
                entry = _Entry(job, self._key(job))
                entry.outcome = self._read_cache(entry.key, job)
                window.append(entry)
                if entry.outcome is None and entry.key in self._ahead:
                    entry.future = self._ahead.pop(entry.key)      # sent to the print worker already
                elif entry.outcome is None:
                    unsent.append(entry)
                    if len(unsent) == workers.chunk:
                        unsent = workers.send(unsent)
                while window and (len(window) > WINDOW or window[0].ready()):
                    if window[0] in unsent:
                        unsent = workers.send(unsent)
                    yield self._finish(window.popleft(), on_done)
            workers.send(unsent)
            while window:
                yield self._finish(window.popleft(), on_done)

    def _finish(self, entry: _Entry, on_done: Callable[[], None]) -> PdfOutcome:
        if entry.outcome is None:
            assert entry.future is not None
            entry.outcome = PdfOutcome(entry.job, *entry.future.result()[entry.index], cache_key=entry.key)
            self._write_cache(entry.key, entry.outcome)
        on_done()
        return entry.outcome

    def _key(self, job: PdfJob) -> str:
        parts = [self._fingerprint, job.template, job.max_pages, job.data]
        if job.template in MAKERS:                  # made by our code and a library, not by a template
            if job.template not in self._maker_versions:
                self._maker_versions[job.template] = _maker_version(job.template)
            parts.append(self._maker_versions[job.template])
        payload = json.dumps(parts, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def _cached(self, key: str) -> bool:
        """In the cache (read by render_each; a damaged entry is rendered there)."""
        return self.cache_dir is not None and (self.cache_dir / f"{key}.pdf").is_file()

    def _read_cache(self, key: str, job: PdfJob) -> PdfOutcome | None:
        if self.cache_dir is None:
            return None
        pdf = read_sealed(self.cache_dir / f"{key}.pdf")
        if pdf is None:                 # not there, or damaged: rendered again
            return None
        try:
            info = read_json(self.cache_dir / f"{key}.json")
            return PdfOutcome(job, pdf, **info, cache_key=key)
        except (OSError, ValueError, TypeError):
            return None

    def _write_cache(self, key: str, outcome: PdfOutcome) -> None:
        if self.cache_dir is None:
            return
        info = {"pages": outcome.pages, "font_size": outcome.font_size,
                "overflow_pages": outcome.overflow_pages, "words_to_cut": outcome.words_to_cut}
        with suppress(OSError):     # a read-only or full cache only costs time (`check` on a locked USB stick)
            write_sealed(self.cache_dir / f"{key}.pdf", outcome.pdf)
            write_json(self.cache_dir / f"{key}.json", info)


class _Lookahead:
    """An iterator whose first `size` items are read ahead, to tell a handful of jobs from many."""

    def __init__(self, items: Iterable[PdfJob], size: int):
        self._rest = iter(items)
        self._head = list(itertools.islice(self._rest, size))

    def __len__(self) -> int:          # at least this many; enough to choose inline or a pool
        return len(self._head)

    def __iter__(self) -> Iterator[PdfJob]:
        yield from self._head
        yield from self._rest


@dataclass(eq=False)
class _Entry:
    """One job of render_each's window: its outcome read from the cache, or its place in a
    chunk sent to a worker."""
    job: PdfJob
    key: str
    outcome: PdfOutcome | None = None
    future: Any = None            # a Future, or the print worker's Answer (print_worker.py)
    index: int = 0

    def ready(self) -> bool:
        return self.outcome is not None or (self.future is not None and self.future.done())


class _Pool(ProcessPoolExecutor):
    """Worker processes that count the PDFs sent to them (see KEPT_POOL_JOBS)."""

    rendered = 0
    between_builds = False      # serve's (keep_workers), not only this build's (keep_for_build)


class _Workers:
    """The worker processes of one render_each call: started at the first chunk to render,
    only when there are enough jobs; with one core or few jobs, jobs render inline."""

    def __init__(self, service: PdfService, many: bool):
        self.count = max(1, service.jobs or os.cpu_count() or 1)
        self.dirs = [str(d) for d in service.template_dirs]
        self.fonts = [str(d) for d in service.font_dirs]
        self.between_builds = service.keep_workers
        kept = self.count > 1 and (service.keep_workers or service.keep_for_build)
        self.kept_key = (tuple(self.dirs + self.fonts), self.count) if kept else None
        self.session = service.session
        worker = self.session.print_worker
        self.print_worker = worker if worker is not None and worker.folders == folders_key(self.dirs, self.fonts) else None
        self.pool: _Pool | None = self.session.pdf_pools.get(self.kept_key) if self.kept_key else None
        if self.between_builds and self.kept_key and self.pool is None:
            self.session.close()        # kept for other template folders (a site theme added meanwhile)
        # A kept pool is worth using for a single job: it costs no start-up (a build's, once started).
        self.inline = self.count == 1 or not (many or self.between_builds or self.pool is not None)
        # Few jobs on serve's pool: one per round trip, so that they spread over the workers.
        self.chunk = 1 if self.between_builds and self.kept_key else CHUNK

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is None:
            return
        if self.kept_key and not any(exc):
            if self.between_builds and self.pool.rendered >= KEPT_POOL_JOBS:
                self.pool = self._renewed()
            self.session.pdf_pools[self.kept_key] = self.pool
        else:
            self.session.pdf_pools.pop(self.kept_key, None)    # type: ignore[arg-type]
            self.pool.shutdown(cancel_futures=True)

    def started(self) -> _Pool:
        if self.pool is None:
            # serve's workers warm up (every template once); a build's render at once.
            self.pool = _Pool(self.count, mp_context=_start_context(), initializer=init_worker,
                              initargs=(self.dirs, self.between_builds, self.fonts))
            self.pool.between_builds = self.between_builds
        return self.pool

    def _renewed(self) -> _Pool:
        """A kept pool that rendered KEPT_POOL_JOBS PDFs stopped and a new one started: its
        workers load fonts and templates now, while the editor reads (not waited for here)."""
        assert self.pool is not None
        self.pool.shutdown(cancel_futures=True)
        self.pool = None
        pool = self.started()
        with interrupt_held():
            for _ in range(self.count):
                pool.submit(render_chunk, tuple(self.dirs), tuple(self.fonts), [])
        return pool

    def send(self, entries: list[_Entry]) -> list[_Entry]:
        """Render these jobs as one chunk (one round trip to a worker); returns a new empty list."""
        if not entries:
            return entries
        args = [job_args(e.job) for e in entries]
        if any(len(data) > HEAVY_DATA for _, data, _, _ in args):
            future: Future = self._apart(args)
        elif self.inline and self.print_worker is not None:
            future = self.print_worker.send(args)       # warm already, and Typst stays out of this process
        elif self.inline:
            renderer = session_renderer(self.session, self.dirs, self.fonts)
            future = Future()
            future.set_result([render_one(renderer, *a) for a in args])
        else:
            pool = self.started()
            with interrupt_held():
                future = pool.submit(render_chunk, tuple(self.dirs), tuple(self.fonts), args)
            pool.rendered += len(args)
        for index, entry in enumerate(entries):
            entry.future, entry.index = future, index
        return []


    def _apart(self, args: list[tuple]) -> Future:
        """Each job in a fresh process that exits after it (see HEAVY_DATA)."""
        future: Future = Future()
        results = []
        try:
            for arg in args:
                with ProcessPoolExecutor(1, mp_context=_start_context(), initializer=init_worker,
                                         initargs=(self.dirs, False, self.fonts)) as pool:
                    with interrupt_held():
                        done = pool.submit(render_chunk, tuple(self.dirs), tuple(self.fonts), [arg])
                    results += done.result()
        except Exception as exc:  # noqa: BLE001 - handed on as a pool's future would: raised by result()
            future.set_exception(exc)
        else:
            future.set_result(results)
        return future


def end_build_pools(session: BuildSession) -> None:
    """Stop the pools this build's print builders shared (keep_for_build), not serve's: the builders
    after them fork their workers from a process without other threads (machinery/forked.py)."""
    for key in [key for key, pool in session.pdf_pools.items() if not pool.between_builds]:
        session.pdf_pools[key].shutdown(cancel_futures=True)
        del session.pdf_pools[key]      # only now: one a Ctrl+C stopped shutting down is ended by the failure path


def session_renderer(session: BuildSession, template_dirs: Sequence[str], font_dirs: Sequence[str]) -> Any:
    """The renderer of the PDFs made in this process: the session's (Typst and the fonts load once
    per process; print_worker's requests made here after its worker died use it too), made anew
    for other folders."""
    renderer = session.pdf_renderer
    if renderer is None or (renderer.template_dirs, renderer.font_dirs) != (
            [Path(d) for d in template_dirs], [Path(d) for d in font_dirs]):
        renderer = session.pdf_renderer = new_renderer(template_dirs, font_dirs)
    return renderer


def folders_key(template_dirs: Sequence[Path], font_dirs: Sequence[Path]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Template and font folders as a worker is started with them (print_worker.PrintWorker.folders)."""
    return tuple(str(d) for d in template_dirs), tuple(str(d) for d in font_dirs)


def job_args(job: PdfJob) -> tuple:
    """A job as a worker receives it (_render_one)."""
    return job.template, json.dumps(job.data, ensure_ascii=False, sort_keys=True), job.max_pages, job.files


# Every print template's folder (the loudspeaker's sheet, leaflets, the short version, the Q&A
# sheet, the lecturer's kit): one Typst root, so that one set of PDF workers renders them all
# (serve keeps one set). The loudspeaker's and the leaflets' folders go together (the site's of
# both first): its sheet moved from leaflet/ to loudspeaker/ (theme.MOVED_TEMPLATES).
PRINT_TEMPLATE_PARTS = (("loudspeaker", "leaflet"), ("brief",), ("qa",), ("lecture",))


def print_template_dirs(content_dir: Path) -> list[Path]:
    return [folder for parts in PRINT_TEMPLATE_PARTS for folder in template_dirs(content_dir, *parts)]


def pdf_service(site: Site, cache_dir: Path | None, jobs: int | None, keep_workers: bool = False,
                session: BuildSession | None = None, keep_for_build: bool = False) -> PdfService:
    """The service of the print templates (and the site's fonts)."""
    return PdfService(print_template_dirs(site.content_dir), cache_dir=cache_dir, jobs=jobs,
                      keep_workers=keep_workers, font_dirs=font_dirs(site.content_dir),
                      session=session or BuildSession(), keep_for_build=keep_for_build)


def _start_context() -> Any:
    """Typst hangs in a forked child of a process that has used it: workers start from a
    fresh interpreter (forkserver where there is one, spawn as on Windows)."""
    return fresh_interpreter_context()


@contextmanager
def interrupt_held() -> Iterator[None]:
    """Worker processes (and the fork server that makes them) started inside begin with
    Ctrl+C ignored: one pressed while they still import Python would print a traceback
    from each. An ignored signal stays ignored in a started program, and Python then sets
    no KeyboardInterrupt handler. A Ctrl+C in these few milliseconds is lost here; only
    the main thread may change signal handling (serve rebuilds in another)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _maker_version(maker: str) -> str:
    """What a maker's bytes depend on besides its data: our code and its library's version."""
    return fingerprint(code_fingerprint(), library_version(MAKERS[maker][2]))


def _engine_version() -> str:
    try:
        return "typst-" + library_version("typst")
    except Exception:  # noqa: BLE001 - the version only refines the cache key
        return "typst"
