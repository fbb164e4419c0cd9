"""Run one function over many items on all cores, in forked worker processes.

A cold build of a large site spends its time in work that is the same for
every item and independent between items (rendering Markdown while reading
folders, rendering pages). Workers are forked, so they start at once with
everything the parent holds (the model, compiled templates): only the item
positions go to them and only the results (pickled) come back. The parent is
one of the workers: it takes its share of the items from the same queue
instead of waiting, so one process fewer is started and its results are
never pickled. Used only
where fork() is the platform's way and the process runs no other thread (a
threaded process, like `serve`, can deadlock a forked child); elsewhere, and
for a few items, the items are done one after the other here. Nothing
changes in the result, only who computes it.
"""
from __future__ import annotations

import copyreg
import multiprocessing
import os
import queue
import sys
import threading
from contextlib import suppress
from types import MappingProxyType
from typing import Any, Callable, Sequence, TypeVar

MIN_ITEMS = 64              # below this, starting workers costs more than they save
SMALLEST_RANGE = 4          # the last pieces of work: fewer items would cost more in answers than they even out

Item = TypeVar("Item")
Result = TypeVar("Result")


def _read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


# The model's read-only mappings travel as plain dicts and come back read-only.
copyreg.pickle(MappingProxyType, lambda proxy: (_read_only, (dict(proxy),)))

def worker_count(items: int, jobs: int | None) -> int:
    """How many processes share `items` items (1: do them here)."""
    if items < MIN_ITEMS or not can_fork():
        return 1
    return max(1, min(jobs or os.cpu_count() or 1, items // (MIN_ITEMS // 2)))


def can_fork() -> bool:
    """Whether this process may fork now: fork_allowed, and it runs no other thread."""
    return fork_allowed() and threading.active_count() == 1


# Set to 1, processes start as on Windows (no fork; worker pools spawn a fresh interpreter): the
# path Windows and macOS take, run on Linux by the tests (test_windows_spawn.py) and by hand.
SPAWN_ONLY = "TUYENTRUYEN_SPAWN_ONLY"


def spawn_only() -> bool:
    """Whether new processes must start from a fresh interpreter (no fork()): Windows, or
    SPAWN_ONLY set. The one place that reads it, so that the tests' Windows is Windows."""
    return not hasattr(os, "fork") or os.environ.get(SPAWN_ONLY) == "1"


def fork_allowed() -> bool:
    """Whether this process may fork workers that inherit it: Linux only (macOS's system
    libraries do not survive fork() in a process that used them), and not SPAWN_ONLY."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and not spawn_only())


def fresh_interpreter_context() -> Any:
    """The multiprocessing context of workers that start from a fresh interpreter (the PDF
    workers: Typst does not survive fork()): the fork server where there is one and fork is
    allowed (its children start at once), else spawn, as on Windows."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods and not spawn_only() else "spawn")


def forked_map(function: Callable[..., Result], items: Sequence[Item], *args: Any,
               jobs: int | None = None, on_chunk: Callable[[int], None] | None = None,
               before_fork: Callable[[], None] | None = None,
               meanwhile: Callable[[], None] | None = None) -> list[Result]:
    """[function(item, *args) for item in items], on several processes when it pays.
    `on_chunk(n)`: n more items are done (progress). `before_fork()`: called here when workers
    are started, before they are, to make what every worker needs once (they inherit it).
    `meanwhile()`: other work of this process, done here while the workers start on the items
    (this process takes a smaller share of them after it); without workers, before the items."""
    workers = worker_count(len(items), jobs)
    if workers == 1:
        if meanwhile:
            meanwhile()
        results = []
        for item in items:
            results.append(function(item, *args))
            if on_chunk:
                on_chunk(1)
        return results
    ranges = _ranges(len(items), workers)
    if before_fork:
        before_fork()
    context = multiprocessing.get_context("fork")
    # Tasks are written before the fork (a SimpleQueue has no thread to inherit); answers
    # travel on a Queue, which a parent can wait on with a timeout.
    tasks, answers = context.SimpleQueue(), context.Queue()
    for bounds in ranges:
        tasks.put(bounds)
    for _ in range(workers):
        tasks.put(None)                     # one stop sign per worker, the parent's included

    def work() -> None:
        """In a worker (forked: it has the function, items and arguments; only ranges and
        results travel): ranges until the stop sign."""
        while (bounds := tasks.get()) is not None:
            try:
                answers.put((bounds, [function(items[index], *args) for index in range(*bounds)]))
            except BaseException as exc:    # noqa: BLE001 - handed to the parent, which raises it
                answers.put((bounds, _Failure(exc)))
                return

    processes = [context.Process(target=work, daemon=True) for _ in range(workers - 1)]
    for process in processes:
        process.start()
    done: dict[int, list[Result]] = {}
    try:
        if meanwhile:
            meanwhile()
        # The parent's share, taken from the same queue (all ranges come before the stop signs);
        # between its ranges, the answers already there are taken in (unpickled while the
        # workers still work, not all at the end).
        while (bounds := tasks.get()) is not None:
            start, stop = bounds
            done[start] = [function(items[index], *args) for index in range(start, stop)]
            if on_chunk:
                on_chunk(stop - start)
            while (answer := _ready_answer(answers)) is not None:
                _take(answer, done, on_chunk)
        while len(done) < len(ranges):
            _take(_next_answer(answers, processes), done, on_chunk)
    finally:
        for process in processes:
            if len(done) < len(ranges):
                process.kill()
            process.join()
        answers.close()
    return [result for start, _ in ranges for result in done[start]]


def in_background(work: Callable[[], None]) -> Callable[[], None]:
    """work() in a forked process while this one goes on; returns wait(), which waits until
    it has ended. Only for work whose failure costs time later and nothing else (cache files):
    that process ends quietly on any error, without this one's clean-ups (os._exit). Where
    forking is not possible, work() is done here and now."""
    if not can_fork():
        work()
        return lambda: None
    pid = os.fork()
    if pid == 0:                            # the forked process
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)

    def wait() -> None:
        with suppress(ChildProcessError):
            os.waitpid(pid, 0)
    return wait


def _ranges(count: int, workers: int) -> list[tuple[int, int]]:
    """The items cut into ranges of falling size (guided scheduling): large ones first, few
    answers to send; small ones last, so that the processes finish close together (with four
    equal ranges each, one waited up to a quarter of its share for the other at the end)."""
    ranges, start = [], 0
    while start < count:
        size = max(SMALLEST_RANGE, (count - start) // (2 * workers))
        ranges.append((start, min(start + size, count)))
        start += size
    return ranges


def _take(answer: tuple, done: dict[int, list[Any]], on_chunk: Callable[[int], None] | None) -> None:
    """A worker's answer: its results kept by the start of their range, or its error raised."""
    (start, stop), chunk = answer
    if isinstance(chunk, _Failure):
        raise chunk.exc
    done[start] = chunk
    if on_chunk:
        on_chunk(stop - start)


def _ready_answer(answers: Any) -> tuple | None:
    """A chunk a worker has finished, if one is there now (None: none yet)."""
    try:
        return answers.get_nowait()
    except queue.Empty:
        return None


def _next_answer(answers: Any, processes: list[Any]) -> tuple:
    """The next chunk a worker finished; an error when every worker is gone without it."""
    while True:
        try:
            return answers.get(timeout=0.5)
        except queue.Empty:
            if not any(process.is_alive() for process in processes) and answers.empty():
                codes = [process.exitcode for process in processes]
                raise WorkersEnded(f"worker processes ended before finishing their work (exit codes {codes})")


class WorkersEnded(RuntimeError):
    """Forked workers ended without their answers (killed: out of memory, an antivirus)."""


def worker_died(exc: BaseException) -> bool:
    """Whether `exc` says that a worker process of the build ended abruptly (forked here, or of a
    process pool: spawned PDF workers): the machine's doing, said as a message, not a traceback.
    The pools' module is looked up, not imported: if it is not loaded, no pool ran."""
    pools = sys.modules.get("concurrent.futures.process")
    return isinstance(exc, WorkersEnded) or (pools is not None and isinstance(exc, pools.BrokenProcessPool))


class _Failure:
    """An exception a worker raised, on its way to the parent."""

    def __init__(self, exc: BaseException):
        self.exc = exc
