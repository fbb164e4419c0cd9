"""Which process a work file belongs to, and whether that process still runs.

A build names what it leaves beside output/ and in the cache while it works (staging,
journal, half-written entries) after itself, so that the next build can tell a running
build's files from a killed one's. A process id alone cannot tell: ids are reused (Linux
counts to 32 768 by default, then starts again), so a killed build's journal could wait
for an unrelated program that got its id, and never be rolled back. The name therefore
holds the process's start time too, `<pid>-<start>`, as the system reports it (Linux:
/proc/<pid>/stat field 22, clock ticks after boot; Windows: the creation time). A process
with that id that started at another time is not the owner. Where the start time cannot be
read (macOS, a /proc mounted with hidepid), the name is `<pid>` and the id alone decides, as
before: an unknown answer counts as running, so nothing of a live build is ever removed.
"""
from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass
from functools import lru_cache

# `<pid>` or `<pid>-<start>` inside a work file's name.
PATTERN = r"(\d+)(?:-(\d+))?"

_QUERY_LIMITED_INFORMATION = 0x1000         # Windows: PROCESS_QUERY_LIMITED_INFORMATION
_ACCESS_DENIED = 5
_STILL_ACTIVE = 259


@dataclass(frozen=True)
class Owner:
    """A process as a work file's name records it: its id, and its start time when known."""

    pid: int
    start: str | None = None

    @classmethod
    def parse(cls, pid: str, start: str | None) -> Owner:
        """From the two groups of PATTERN."""
        return cls(int(pid), start or None)

    def __str__(self) -> str:
        return f"{self.pid}-{self.start}" if self.start else str(self.pid)

    def is_this_process(self) -> bool:
        return self.pid == os.getpid() and (self.start is None or self.start == _own_start(self.pid))

    def running(self) -> bool:
        """Whether the process that wrote the name still runs (an unknown answer counts as running)."""
        if self.pid <= 0:
            return False
        if self.start is not None:
            now = process_start(self.pid)
            if now is not None:
                if now != self.start:           # the id was given to another process since
                    return False
        return process_alive(self.pid)


def this_process() -> Owner:
    """This process, for the names of the work files it makes."""
    pid = os.getpid()
    return Owner(pid, _own_start(pid))


@lru_cache(maxsize=4)
def _own_start(pid: int) -> str | None:
    """This process's start time (by its id: a forked child asks for its own); read once."""
    return process_start(pid)


def process_start(pid: int) -> str | None:
    """When process `pid` started, as a string of digits; None when it is not running or the
    system does not say."""
    if sys.platform.startswith("linux"):
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            return None
        # The command name (field 2) is in parentheses and may hold spaces and ")": the fields
        # after its last ")" are 3, 4, …, so field 22 is the 20th of them.
        fields = stat[stat.rfind(b")") + 1:].split()
        return fields[19].decode("ascii") if len(fields) > 19 and fields[19].isdigit() else None
    if os.name == "nt":
        return _windows_process_start(pid)
    return None


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running (an unknown answer counts as running)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)         # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True             # another user's process: it exists
    return True


def _windows_process_alive(pid: int) -> bool:
    """os.kill(pid, 0) would send Ctrl+C on Windows: ask the kernel instead."""
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return ctypes.GetLastError() == _ACCESS_DENIED      # it exists  # type: ignore[attr-defined]
    try:
        code = ctypes.c_ulong()
        return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _windows_process_start(pid: int) -> str | None:
    """The process's creation time (GetProcessTimes, 100 ns units), None when it cannot be asked."""
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return None
    try:
        created, exited, kernel, user = (ctypes.c_ulonglong() for _ in range(4))
        if not kernel32.GetProcessTimes(handle, ctypes.byref(created), ctypes.byref(exited),
                                        ctypes.byref(kernel), ctypes.byref(user)):
            return None
        return str(created.value)
    finally:
        kernel32.CloseHandle(handle)
