"""Timing and memory of a command: wall time, and the peak resident memory of its whole process tree.

The tree's memory is sampled from /proc (the build starts PDF worker
processes, so the largest single process — what ru_maxrss reports — would
understate it); ru_maxrss of the largest child is reported beside it.
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_tree_bytes: int = 0        # sampled sum of RSS over the process and its descendants
    max_child_bytes: int = 0        # ru_maxrss of the largest descendant waited for so far
    cpu_seconds: float = 0.0        # user + system time of the processes it waited for (not of orphans)
    stderr: str = ""


class CommandFailed(RuntimeError):
    pass


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _tree_rss(root: int) -> int:
    children, total, todo = _children_map(), 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * PAGE
        except OSError:
            pass
        todo.extend(children.get(pid, ()))
    return total


def run(argv: Sequence[str], *, memory: bool = False, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> Run:
    """Run argv to completion; raise CommandFailed with its output when it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True) if memory else None
    if sampler:
        sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    if sampler:
        sampler.join()
    if process.returncode != 0:
        raise CommandFailed(f"{' '.join(argv)} exited {process.returncode}\n{out.decode()[-2000:]}\n{err.decode()[-4000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Run(seconds, peak[0], after.ru_maxrss * 1024, cpu, err.decode("utf-8", "replace"))


def median_of(repeats: int, once: Callable[[], Run]) -> tuple[float, list[float]]:
    """Median seconds over `repeats` calls of `once` (which prepares and runs one repetition)."""
    times = [once().seconds for _ in range(max(1, repeats))]
    return statistics.median(times), times
