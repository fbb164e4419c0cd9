"""What runs in a PDF worker process (a pool's, or a CLI build's print worker): it imports
generator.pdf (Typst) and nothing of the build, so that a worker starts quickly; pdf_jobs.py and
print_worker.py start the workers and send them jobs.

Besides Typst's PDFs, a worker makes files of the kinds in MAKERS (the lecturer's PPTX): a job
whose `template` is a maker's name goes to that function, which takes the job's data and
returns the file's bytes, importing only its own module (and its library) in the worker."""
from __future__ import annotations

import atexit
import importlib
import json
import multiprocessing
import os
import queue
import signal
import sys
import threading
from functools import lru_cache
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NoReturn, Sequence


QR_MAKER = "qr.svg"      # a page's QR code (print_worker.page_qr), asked of the print worker alone
# The print worker's first answer, unasked: it has started (print_worker.PrintWorker counts it as request 0).
STARTED: tuple[bool, list] = (True, [])

# A maker's name (a job's `template`) → (its module, its function, the library its bytes depend on:
# part of the cache key, pdf_jobs.PdfService._key).
MAKERS: dict[str, tuple[str, str, str]] = {
    "slides.pptx": ("generator.builders.lecture.pptx_slides", "deck_from_data", "python-pptx"),
    QR_MAKER: ("generator.pdf.qr_maker", "qr_from_data", "segno"),
}


def new_renderer(template_dirs: Sequence[str], font_dirs: Sequence[str]) -> Any:
    from ..pdf import PdfRenderer
    return PdfRenderer([Path(d) for d in template_dirs], [Path(d) for d in font_dirs])


@lru_cache(maxsize=1)
def _worker_renderer(template_dirs: tuple[str, ...], font_dirs: tuple[str, ...]) -> Any:
    """A worker process's renderer (only ever called in a worker: the building process's
    renderer belongs to its session). It rescans its templates itself when they change."""
    return new_renderer(template_dirs, font_dirs)


def init_worker(template_dirs: list[str], warm: bool = False, font_dirs: Sequence[str] = ()) -> None:
    """`warm` (a kept worker): compile every template once with sample data, so that the first
    edit finds fonts, templates and Typst's caches loaded."""
    if multiprocessing.parent_process() is not None:
        # Ctrl+C reaches every process of the console: the parent stops the workers, which
        # must not each print a traceback to the editor (see also pdf_jobs.interrupt_held).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    renderer = _worker_renderer(tuple(template_dirs), tuple(font_dirs))
    if warm:
        import_makers()
        from ..pdf import TEMPLATE_FILES
        from ..pdf.sample import sample_data
        for fmt in TEMPLATE_FILES:
            try:
                renderer.render(fmt, sample_data(fmt))
            except Exception:  # noqa: BLE001 - a broken site template is reported by the build itself
                pass


def render_chunk(template_dirs: tuple[str, ...], font_dirs: tuple[str, ...], args: list[tuple]) -> list[tuple]:
    renderer = _worker_renderer(template_dirs, font_dirs)
    return [render_one(renderer, *a) for a in args]


def render_one(renderer: Any, template: str, data_json: str, max_pages: int | None,
               files: tuple[tuple[str, str], ...] = ()) -> tuple:
    if template in MAKERS:
        return made(template, data_json), 0, 0.0, 0, 0     # no pages or type size to report
    from ..pdf import FitPolicy
    fit = FitPolicy(max_pages=max_pages) if max_pages else None
    result = renderer.render(template, json.loads(data_json), fit=fit, files=files)
    return result.pdf, result.pages, result.font_size, result.overflow_pages, result.words_to_cut


def import_makers() -> None:
    """The makers' modules and libraries imported (a worker with time to spare), but the QR code's:
    a page's code is kept in the cache (qr_codes.py), so an edit of a page asks none, and segno's
    import (≈ 0.02 s) would delay the edit's first PDF on the print worker; made() imports it for
    a new page's code."""
    for maker, (module, _, _) in MAKERS.items():
        if maker != QR_MAKER:
            importlib.import_module(module)


def made(maker: str, data_json: str) -> bytes:
    """The bytes of a file of another kind than a PDF (MAKERS)."""
    module, function, _ = MAKERS[maker]
    return getattr(importlib.import_module(module), function)(json.loads(data_json))


def serve_requests(pipe: Connection, template_dirs: tuple[str, ...], font_dirs: tuple[str, ...]) -> None:
    """The print worker (print_worker.py): first STARTED, once it is ready; then each request, a
    list of jobs, answered in order with (True, outcomes) or (False, the exception). Requests are read as they come (a thread), so
    that the build never waits to send one while Typst loads here; answers are written by
    another thread, so that the next job renders while an answer waits in the pipe for the
    build to read it (a pipe holds 64 KB, less than two PDFs: the build reads them only when it
    writes them, and this process stood still meanwhile)."""
    requests: queue.SimpleQueue = queue.SimpleQueue()
    if not _sent_already(pipe, requests):   # the build has ended (a file saved unchanged): no Typst to load
        end_process()
        return
    answers: queue.SimpleQueue = queue.SimpleQueue()
    gone = threading.Event()                # the build has stopped listening
    threads = [threading.Thread(target=_received, args=(pipe, requests), daemon=True),
               threading.Thread(target=_answered, args=(pipe, answers, gone), daemon=True)]
    for thread in threads:
        thread.start()
    # Typst and the fonts' folders now; compiling sample pages to warm it would cost more than it
    # saves: the edit's first PDFs arrive once the build has loaded.
    init_worker(list(template_dirs), False, font_dirs)
    if requests.empty():
        # Nothing asked yet (the build still loads): the makers' libraries now rather than when
        # the edit's deck arrives behind its PDFs (python-pptx: ≈ 0.07 s).
        import_makers()
    answers.put(STARTED)
    while not gone.is_set() and (args := requests.get()) is not None:
        try:
            answers.put((True, render_chunk(template_dirs, font_dirs, args)))
        except Exception as exc:  # noqa: BLE001 - raised in the build, as a pool's future would
            answers.put((False, exc))
    answers.put(None)
    # Ended as the building process ends (its exit's clean-ups run, the rest of the interpreter's
    # teardown skipped: ≈ 0.04 s with Typst and python-pptx loaded), which the build waits for
    # before it is done: every answer written (or the build gone), the end of the pipe read.
    for thread in threads:
        thread.join(timeout=1)
    end_process()


def end_process() -> NoReturn:
    """The print worker's end: the clean-ups registered with atexit (the renderer's temporary
    template folder), then the process gone without freeing its objects one by one (as the
    program itself ends: generator/__main__.py)."""
    atexit._run_exitfuncs()
    sys.stderr.flush()
    os._exit(0)


def _sent_already(pipe: Connection, requests: queue.SimpleQueue) -> bool:
    """What the build sent before this worker got to read, taken without waiting: a request is put
    first in `requests`; False: the build closed the pipe (stop_print_worker) before anything."""
    try:
        if pipe.poll():
            requests.put(pipe.recv())
    except (EOFError, OSError):
        return False
    return True


def _received(pipe: Connection, requests: queue.SimpleQueue) -> None:
    """serve_requests' reading thread: each request as it comes, None once the build closed the pipe."""
    try:
        while True:
            requests.put(pipe.recv())
    except (EOFError, OSError):
        requests.put(None)


def _answered(pipe: Connection, answers: queue.SimpleQueue, gone: threading.Event) -> None:
    """serve_requests' writing thread: each answer in order, until None or the build is gone."""
    while (answer := answers.get()) is not None:
        try:
            pipe.send(answer)
        except OSError:                  # the build has stopped listening
            gone.set()
            return
        except Exception as exc:  # noqa: BLE001 - an exception that does not pickle: its text
            pipe.send((False, RuntimeError(str(exc))))
