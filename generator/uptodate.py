"""The make rule for a whole build: when nothing it reads has changed and output/ is
as the last build left it, there is nothing to do.

"What it reads" is every file of the content folder, of records/ beside it and
of the default theme (the change detector, changes.py), tuyentruyen's own code,
the build options that change outputs, SOURCE_DATE_EPOCH and "today" (the review
calendar depends on it). "As the last build left it" is every file the manifest
lists, with the size and modification time it had (changes.stat_mark, asked of
the same detector). Any difference, and the normal (incremental) build runs.
The stamp lives in the cache folder, never in output/.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import suppress
from pathlib import Path
from typing import Any, Mapping, Sequence

from .builders.base import BuildOptions
from .code_hash import code_fingerprint
from .machinery.buildstate import problem_data, problem_from_data
from .machinery.cache_seal import read_json, write_json
from .changes import ChangeDetector
from .dates import reference_date
from .diagnostics import Problem
from .machinery.output import MANIFEST, Artifact
from .load import resolution_folder_entries
from .records import records_folder
from .theme import default_theme_dir

STAMP_FILE = "up-to-date.json"


def _the_rest(content_dir: Path, output_dir: Path, options: BuildOptions, changes: ChangeDetector,
              folders: Sequence[os.DirEntry]) -> bytes:
    """What the input stamp says of everything a build reads but the resolution folders' files (each
    described by its signature, _composed), and of the options that shape its output."""
    skip = [*(folder.path for folder in folders), *([options.cache_dir] if options.cache_dir else [])]
    return repr((str(Path(output_dir).resolve()), options.no_audio,
                 sorted(options.only) if options.only else None, os.environ.get("SOURCE_DATE_EPOCH"),
                 reference_date(), changes.tree_signature(Path(content_dir), skip=skip),
                 # a link to a resolution folder kept elsewhere: where it points
                 [(folder.name, os.path.realpath(folder.path) if folder.is_symlink() else None) for folder in folders],
                 changes.tree_signature(default_theme_dir()),
                 # the site publishes figures from it when site.yaml says so (study_results)
                 changes.tree_signature(records_folder(content_dir)))).encode("utf-8", "surrogateescape")


def _composed(rest: bytes, names: Sequence[str], signatures: Sequence[tuple]) -> str:
    """The input stamp: tuyentruyen's own code (hashed when first asked: a first build asks after
    the load, whose workers do not need it), the rest, each folder's signature."""
    return hashlib.sha256(code_fingerprint().encode("ascii") + rest + repr(list(zip(names, signatures))).encode(
        "utf-8", "surrogateescape")).hexdigest()


def output_stamp(output_dir: Path, artifacts: list[Artifact], changes: ChangeDetector,
                 known: dict[str, tuple[int, int]] | None = None) -> str | None:
    """The manifest and every file it lists as they are now (changes.stat_mark; None: one is
    missing). `known`: their marks already at hand for some paths (Staging.file_stats)."""
    return changes.written_stamp(output_dir, [MANIFEST, *sorted(a.path for a in artifacts)], known)


class UpToDate:
    """The stamp of the last successful build into one output folder.

    What it says of the content is taken when each file is read or before: everything but the
    resolution folders here, before the build; the folders' files too when there is a stamp to
    compare with (`previous`), else by the processes that read them, each file hashed just before
    it is read (load.py), and the stamp completed from their signatures (`read`). So a first
    build's parent does not hash every summary before its workers start, and a file changed
    while the build ran is never described as the build read it."""

    def __init__(self, content_dir: Path, output_dir: Path, options: BuildOptions, changes: ChangeDetector):
        self.output_dir = Path(output_dir)
        self.changes = changes
        self.path = options.cache_dir / STAMP_FILE if options.cache_dir else None
        folders = resolution_folder_entries(content_dir, changes) if self.path else []
        self._names = [folder.name for folder in folders]
        self._folders = [os.path.abspath(folder.path) for folder in folders]     # as session.loaded knows them
        self._rest = _the_rest(content_dir, output_dir, options, changes, folders) if self.path else b""
        self.inputs: str | None = None      # None: not known (yet)
        self._saved_since = False           # edited() said a file was saved since the stamp

    def previous(self) -> tuple[list[Artifact], list[Problem]] | None:
        """The last build's files and warnings when it is still current, else None."""
        if self.path is None or not self.path.is_file():
            return None
        self.inputs = _composed(self._rest, self._names, [self.changes.folder_signature(f) for f in self._folders])
        try:
            data = read_json(self.path)
            if data.get("inputs") != self.inputs:
                return None
            # The files are those the manifest lists; the manifest's own size and time are
            # part of the output stamp, so an edited manifest is noticed too.
            listed = json.loads((self.output_dir / MANIFEST).read_text(encoding="utf-8"))["artifacts"]
            artifacts = [Artifact(**a) for a in listed]
            if output_stamp(self.output_dir, artifacts, self.changes) != data.get("output"):
                return None
            if self._saved_since:
                self._past_the_files()
            return artifacts, [problem_from_data(p) for p in data["problems"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def edited(self) -> bool:
        """A first look, before previous() hashes the folders: a file of a resolution folder
        modified (or replaced) since the stamp was written. True: the content has changed (an
        edit's print worker starts now, and loads Typst while the make rule hashes); False proves
        nothing (previous() decides). Costs no more than the stat() the make rule makes anyway."""
        self._saved_since = self.path is not None and self.changes.changed_after(self._folders, self.path)
        return self._saved_since

    def _past_the_files(self) -> None:
        """A file saved unchanged (edited() said changed, the stamp still holds): the stamp's time moved
        to the files' latest (or now), else every next build with nothing to do would find it
        edited too and start a print worker for nothing (pipeline._build)."""
        assert self.path is not None
        latest = max(time.time_ns(), self.changes.last_change(self._folders))
        with suppress(OSError):             # a stamp that cannot be touched: the next build looks again
            os.utime(self.path, ns=(latest, latest))

    def read(self, loaded: Mapping[str, tuple]) -> None:
        """The content is read: the folders' signatures the load used (`loaded`: session.loaded,
        folder → (signature, ...)), unless `previous` hashed them already. A folder the load did not
        read (removed meanwhile): no stamp this time."""
        if self.path is None or self.inputs is not None:
            return
        entries = [loaded.get(folder) for folder in self._folders]
        if all(entries):
            self.inputs = _composed(self._rest, self._names, [entry[0] for entry in entries])

    def output_of(self, artifacts: list[Artifact], known: dict[str, tuple[int, int]] | None = None) -> str | None:
        """The output stamp of the build just made (`save`'s `output`): the manifest and `artifacts`
        (in the manifest's order, which output_stamp's sort finds in one pass) by their marks, `known`
        (Staging.file_stats) or asked."""
        return output_stamp(self.output_dir, artifacts, self.changes, known) if self.path is not None else None

    def save(self, output: str | None, problems: list[Problem]) -> None:
        """Written once the build is in place and its state saved: `output` from output_of()."""
        if self.path is None or self.inputs is None:
            return
        body: dict[str, Any] = {"inputs": self.inputs, "output": output, "problems": [problem_data(p) for p in problems]}
        write_json(self.path, body)

    def forget(self) -> None:
        """Before a build changes output/: a stamp must never outlive the output it describes."""
        if self.path is not None and self.path.is_file():
            self.path.unlink()
