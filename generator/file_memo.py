"""Values read from files, remembered while each file is the very same file.

A rebuild hard-links unchanged files from the previous output, so an
unchanged page or post text keeps its inode, size and modification time: a
long-running process (serve) then reads only the files the build wrote anew.
A file the process wrote itself (the build state) is remembered with what it
holds, so it is not read back at all.
"""
from __future__ import annotations

import os
from typing import Any, Callable, TypeVar

Value = TypeVar("Value")

# (reader, path) → (the file's identity, what the reader made of it)
_READ: dict[tuple[Callable[[str], Any], str], tuple[tuple[int, int, int], Any]] = {}


def read_once(path: str | os.PathLike, reader: Callable[[str], Value]) -> Value:
    """reader(path), or what it gave for this same file before."""
    path = os.fspath(path)
    identity = _identity(path)
    known = _READ.get((reader, path))
    if known is None or known[0] != identity:
        known = _READ[(reader, path)] = (identity, reader(path))
    return known[1]


def remember(path: str | os.PathLike, reader: Callable[[str], Value], value: Value) -> None:
    """`value` is what reader(path) gives for the file as it is now (just written from it)."""
    path = os.fspath(path)
    _READ[(reader, path)] = (_identity(path), value)


def _identity(path: str) -> tuple[int, int, int]:
    info = os.stat(path)
    return info.st_ino, info.st_size, info.st_mtime_ns
