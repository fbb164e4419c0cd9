"""A CLI build's print worker: one PDF worker process started before the content is loaded.

A new process that rebuilds after an edit must load Typst and the fonts for the edited
resolution's few PDFs. The pipeline starts this worker as soon as a first look at the content's
stat (uptodate.UpToDate.edited), else the make rule, has found something changed (and the build
makes PDFs): forked from this process where it may be (else a new interpreter), it loads Typst on
the other core while this process hashes, restores the session and loads (pdf_worker.serve_requests). A builder then
sends its few PDFs to it as soon as it has listed them (PdfService.send_ahead) and the build
goes on with the next builders; Builder.run() writes them before a builder that reads them
(the site lists the downloads with their sizes). A build of many PDFs (a cold one) renders
them on a pool of its own, as before; serve keeps its pools instead.

No thread here: the process talks to the worker through one pipe from the calling thread, so
the forked pools of the loader and the pages (machinery/forked.py: only from a process with no
other thread) still fork.
"""
from __future__ import annotations

import atexit
import gc
import json
import multiprocessing
import multiprocessing.util
import os
import sys
from contextlib import suppress
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Sequence

from ..fonts import font_dirs
from ..machinery.forked import can_fork
from ..session import BuildSession
from .pdf_jobs import folders_key, interrupt_held, print_template_dirs, session_renderer
from .pdf_worker import QR_MAKER, render_one, serve_requests
from .qr_codes import code_key, drawn_code, keep_later, kept_code


class PrintWorker:
    """The worker process and the answers it sent back, in the order of the requests."""

    def __init__(self, template_dirs: Sequence[Path], font_dirs: Sequence[Path], session: BuildSession) -> None:
        self.folders = folders_key(template_dirs, font_dirs)
        # Forked where this process may fork and has not loaded Typst (which does not survive fork()
        # once used): it starts with what this process imported, without a new interpreter and
        # without the resource tracker (one more) that multiprocessing starts beside a spawned
        # process: ≈ 0.06 CPU s less before its first PDF. Else a fresh interpreter; not the fork
        # server, whose start this process would wait for.
        self.forked = can_fork() and "typst" not in sys.modules
        context = multiprocessing.get_context("fork" if self.forked else "spawn")
        self._pipe, theirs = context.Pipe()
        target, args = (_forked, (theirs, self._pipe, *self.folders)) if self.forked else \
            (serve_requests, (theirs, *self.folders))
        with interrupt_held():                              # it starts with Ctrl+C ignored: the build stops it
            self._process = context.Process(target=target, args=args, name="tuyentruyen-pdf")
            self._process.start()
        theirs.close()
        # Request 0 is its start: answered, unasked, once Typst and the makers' libraries are loaded
        # (pdf_worker.STARTED), so that idle() is false until then (page_qr asks only an idle worker).
        self._sent = 1
        self._received = 0
        self._answers: dict[int, tuple[bool, Any]] = {}
        self._requests: dict[int, list[tuple]] = {0: []}    # sent, not yet taken: made here if it dies
        self._gone = False                              # the process died (killed, out of memory)
        self._session = session                         # its renderer makes what is made here then
        self.qr_codes: dict[str, str] = {}          # page_qr: address → its code, made there

    def send(self, args: list[tuple]) -> Answer:
        """Render these jobs (pdf_jobs.job_args) there, one after the other."""
        number = self._sent
        self._sent += 1
        self._requests[number] = args
        if not self._gone:
            try:
                self._pipe.send(args)
            except OSError:             # it died: what it has not answered is made here (_take)
                self._gone = True
        return Answer(self, number)

    def stop(self, wait: bool) -> None:
        """Its pipe closed: it ends after the job it is on. `wait`: until it has ended (and is
        reaped); else this process goes on meanwhile."""
        if not self._pipe.closed:
            self._pipe.close()
        if wait:
            self._process.join()

    def idle(self) -> bool:
        """It has started and every request sent is answered: the next one starts at once."""
        self._read_answers(self._sent - 1, block=False)
        self._answers.pop(0, None)
        return not self._gone and self._received == self._sent

    def _answered(self, number: int, block: bool) -> bool:
        self._read_answers(number, block)
        return number in self._answers

    def _read_answers(self, last: int, block: bool) -> None:
        """The answers up to request `last` read from the pipe (without `block`: those there)."""
        while not self._gone and self._received <= last and (block or self._pipe.poll()):
            try:
                answer = self._pipe.recv()
            except (EOFError, OSError):     # it died: what it has not answered is made here (_take)
                self._gone = True
                return
            self._answers[self._received] = answer
            self._received += 1

    def _take(self, number: int) -> Any:
        args = self._requests.pop(number)
        if not self._answered(number, block=True):
            return self._made_here(args)
        ok, value = self._answers.pop(number)
        if not ok:
            raise value
        return value

    def _made_here(self, args: list[tuple]) -> list[tuple]:
        """A request the worker died before answering, rendered by this process (as a build
        without a worker does, with the session's renderer: Typst loaded once in this process), so
        that the build neither fails nor loses a file."""
        renderer = session_renderer(self._session, *self.folders)
        return [render_one(renderer, *job) for job in args]


class Answer:
    """What a Future offers render_each (done, result), for one request to the print worker."""

    def __init__(self, worker: PrintWorker, number: int) -> None:
        self._worker, self._number = worker, number
        self._result: Any = None
        self._taken = False

    def done(self) -> bool:
        return self._taken or self._worker._answered(self._number, block=False)

    def result(self) -> Any:
        if not self._taken:
            self._result, self._taken = self._worker._take(self._number), True
        return self._result


def _forked(pipe: Connection, builds_end: Connection, template_dirs: tuple[str, ...],
            font_dirs: tuple[str, ...]) -> None:
    """The print worker forked from the build: the build's end of the pipe closed here first, else
    this process would hold it open and never read that the build has closed it (stop()). What it
    has of the build is frozen out of the cyclic collector, which runs again, as in a new process:
    a collection does not copy the build's pages (fork shares them until written), and the deck's
    collection of its own cycles (pptx_slides.py) does not go through all of them."""
    builds_end.close()
    # Its end runs the clean-ups registered with atexit (pdf_worker.end_process): its own, not the
    # build's it inherited (a TemporaryDirectory's would remove the build's folder). Its own is
    # multiprocessing's, which runs the renderer's Finalize (its temporary Typst folder); the build's
    # Finalize objects were cleared as this process started (multiprocessing's _after_fork).
    atexit._clear()
    atexit.register(multiprocessing.util._exit_function)
    gc.freeze()
    gc.enable()
    serve_requests(pipe, template_dirs, font_dirs)


def page_qr(session: BuildSession, url: str, cache_dir: Path | None = None, name: str | None = None) -> str:
    """The QR code of a page's address (pdf.qr_svg): as kept in `cache_dir` for the page `name`
    (`<lang>-<slug>`: qr_codes.py), else made on the print worker while it is idle, which imports
    segno with the first code asked of it (pdf_worker.import_makers skips it: an edit of a kept page
    asks none), rather than here (≈ 0.025 CPU s with segno's imports).
    Made here without a worker, behind PDFs queued there, or while it still starts (Typst,
    python-pptx: waiting for it cost the edit up to 0.08 s, more than making it); then kept once
    the builders are done (qr_codes.keep_drawn_codes)."""
    key = code_key(session, url) if name is not None and cache_dir is not None else None
    kept = (drawn_code(session, cache_dir, name, key) or kept_code(cache_dir, name, key)) if key is not None else None
    if kept is not None:
        return kept
    code = _made_code(session, url)
    if key is not None:
        keep_later(session, cache_dir, name, key, code)
    return code


def _made_code(session: BuildSession, url: str) -> str:
    worker = session.print_worker
    if worker is not None and url not in worker.qr_codes and worker.idle():
        [(svg, *_)] = worker.send([(QR_MAKER, json.dumps({"url": url}), None, ())]).result()
        worker.qr_codes[url] = svg.decode("ascii")
    if worker is not None and url in worker.qr_codes:
        return worker.qr_codes[url]
    from ..pdf import qr_svg
    return qr_svg(url)


def start_print_worker(content_dir: Path, jobs: int | None, session: BuildSession) -> None:
    """The session's print worker for this content folder's print templates and fonts, when a
    core is idle for it (core_idle); else the edit's PDFs render in this process, as they would
    have to wait for this process's core anyway."""
    if session.print_worker is None and core_idle(jobs, multiprocessing.cpu_count(), runnable_elsewhere()):
        session.print_worker = PrintWorker(print_template_dirs(content_dir), font_dirs(content_dir), session)


def core_idle(jobs: int | None, cores: int, elsewhere: float | None) -> bool:
    """Whether a second process of this build would have a core of its own: `jobs` (or the
    machine) allows two, and fewer tasks than the other cores are ready to run elsewhere
    (`elsewhere`: runnable_elsewhere). On a busy machine the worker only takes turns with this
    process, and its start (an interpreter, Typst, the fonts) makes the edit slower. Unknown
    (Windows keeps no load): an editor's own PC, otherwise idle while it builds: started."""
    if (jobs or cores) < 2:
        return False
    return elsewhere is None or elsewhere < cores - 1


def runnable_elsewhere(loadavg: Path = Path("/proc/loadavg")) -> float | None:
    """Tasks ready to run besides this process, as `make -l` reads them: on Linux the kernel's
    count of runnable tasks now (/proc/loadavg, "running/total", this process among them: recent
    GNU make reads the same; the one-minute average lags by a minute); elsewhere the one-minute
    load average; None where there is none (Windows)."""
    with suppress(OSError, ValueError, IndexError):
        running = loadavg.read_text(encoding="ascii").split()[3].partition("/")[0]
        return max(0.0, float(int(running) - 1))
    with suppress(OSError, AttributeError):
        return os.getloadavg()[0]
    return None


def stop_print_worker(session: BuildSession, wait: bool) -> None:
    """Without `wait` (its last PDF is in): told to end, while the build writes its output; with
    `wait` (the build's end, Ctrl+C, a failure): ended, reaped, and no longer the session's."""
    if session.print_worker is not None:
        session.print_worker.stop(wait)
        if wait:
            session.print_worker = None
