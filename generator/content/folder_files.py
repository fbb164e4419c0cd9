"""The files of a resolution folder, listed once.

The loader looks in each folder for summaries, loudspeaker scripts, recordings and their marks,
and the translation review for the translations' records: one listing answers them all, as each
`folder.glob(f"*{suffix}")` and `folder.iterdir()` would have (a pattern per glob, and a listing
of the folder each time, cost more than reading the folder's YAML).
"""
from __future__ import annotations

import fnmatch
import os
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable

# How Path.glob compares a name with its pattern: without regard to case where the system's
# paths are (Windows), else exactly.
_GLOB_FLAGS = re.IGNORECASE if os.name == "nt" else 0


class FolderFiles:
    """The names in `folder`, listed when first asked; or `names`, the listing the build's
    change detector made of it (changes.ChangeDetector.names: one listing per folder per build)."""

    def __init__(self, folder: Path, names: tuple[str, ...] | None = None) -> None:
        self.folder = folder
        if names is not None:
            self.names = names

    @cached_property
    def names(self) -> tuple[str, ...]:
        try:
            return tuple(os.listdir(self.folder))
        except OSError:                 # as Path.glob: nothing found in a folder it cannot list
            return ()

    def everything(self) -> list[Path]:
        """sorted(folder.iterdir())."""
        return sorted(self.folder / name for name in self.names)

    def ending(self, suffix: str) -> list[Path]:
        """sorted(folder.glob(f"*{suffix}"))."""
        match = _matcher(suffix)
        return sorted(self.folder / name for name in self.names if match(name))


@lru_cache(maxsize=16)      # made once per suffix, not for every folder (fnmatch.translate: 11 µs)
def _matcher(suffix: str) -> Callable[[str], re.Match[str] | None]:
    return re.compile(fnmatch.translate(f"*{suffix}"), _GLOB_FLAGS).fullmatch
