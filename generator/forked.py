"""Run one function over many items on all cores, in forked worker processes.

A cold build of a large site spends its time in work that is the same for
every item and independent between items (rendering Markdown while reading
folders, rendering pages). Workers are forked, so they start at once with
everything the parent holds (the model, compiled templates): only the item
positions go to them and only the results (pickled) come back. Used only
where fork() is the platform's way and the process runs no other thread (a
threaded process, like `serve`, can deadlock a forked child); elsewhere, and
for a few items, the items are done one after the other here. Nothing
changes in the result, only who computes it.
"""
from __future__ import annotations

import copyreg
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from types import MappingProxyType
from typing import Any, Callable, Sequence, TypeVar

MIN_ITEMS = 64              # below this, starting workers costs more than they save
CHUNKS_PER_WORKER = 4       # smaller pieces even out items of different sizes

Item = TypeVar("Item")
Result = TypeVar("Result")


def _read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


# The model's read-only mappings travel as plain dicts and come back read-only.
copyreg.pickle(MappingProxyType, lambda proxy: (_read_only, (dict(proxy),)))

# The function, the items and fixed arguments, set before the fork: workers inherit them.
_job: tuple[Callable[..., Any], Sequence[Any], tuple[Any, ...]] | None = None


def worker_count(items: int, jobs: int | None) -> int:
    """How many processes share `items` items (1: do them here)."""
    if items < MIN_ITEMS or not _can_fork():
        return 1
    return max(1, min(jobs or os.cpu_count() or 1, items // (MIN_ITEMS // 2)))


def _can_fork() -> bool:
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def forked_map(function: Callable[..., Result], items: Sequence[Item], *args: Any,
               jobs: int | None = None, on_chunk: Callable[[int], None] | None = None) -> list[Result]:
    """[function(item, *args) for item in items], on several processes when it pays.
    `on_chunk(n)`: n more items are done (progress)."""
    workers = worker_count(len(items), jobs)
    if workers == 1:
        results = []
        for item in items:
            results.append(function(item, *args))
            if on_chunk:
                on_chunk(1)
        return results
    global _job
    size = max(1, -(-len(items) // (workers * CHUNKS_PER_WORKER)))
    ranges = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _job = (function, items, args)
    results = []
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for (start, stop), chunk in zip(ranges, pool.map(_run_range, ranges)):
                results += chunk
                if on_chunk:
                    on_chunk(stop - start)
    finally:
        _job = None
    return results


def _run_range(bounds: tuple[int, int]) -> list[Any]:
    """In a worker: the function over items[start:stop]."""
    assert _job is not None, "forked_map sets the job before forking"
    function, items, args = _job
    return [function(items[index], *args) for index in range(*bounds)]
