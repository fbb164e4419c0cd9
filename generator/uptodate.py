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
from pathlib import Path
from typing import Any

from .builders.base import BuildOptions
from .machinery.buildstate import code_fingerprint, problem_data, problem_from_data
from .machinery.cache_seal import read_json, write_json
from .changes import ChangeDetector
from .dates import reference_date
from .diagnostics import Problem
from .machinery.output import MANIFEST, Artifact
from .records import records_folder
from .theme import default_theme_dir

STAMP_FILE = "up-to-date.json"


def input_stamp(content_dir: Path, output_dir: Path, options: BuildOptions, changes: ChangeDetector) -> str:
    """A hash of everything a build reads, and of the options that shape its output."""
    digest = hashlib.sha256()
    digest.update(repr((code_fingerprint(), str(Path(output_dir).resolve()), options.no_audio,
                        sorted(options.only) if options.only else None, os.environ.get("SOURCE_DATE_EPOCH"),
                        reference_date())).encode("utf-8"))
    digest.update(repr((changes.tree_signature(Path(content_dir), skip=[options.cache_dir] if options.cache_dir else []),
                        changes.tree_signature(default_theme_dir()),
                        # the site publishes figures from it when site.yaml says so (study_results)
                        changes.tree_signature(records_folder(content_dir)))).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def output_stamp(output_dir: Path, artifacts: list[Artifact], changes: ChangeDetector,
                 known: dict[str, tuple[int, int]] | None = None) -> str | None:
    """The manifest and every file it lists as they are now (changes.stat_mark; None: one is
    missing). `known`: their marks already at hand for some paths (Staging.file_stats)."""
    return changes.written_stamp(output_dir, [MANIFEST, *sorted(a.path for a in artifacts)], known)


class UpToDate:
    """The stamp of the last successful build into one output folder."""

    def __init__(self, content_dir: Path, output_dir: Path, options: BuildOptions, changes: ChangeDetector):
        self.output_dir = Path(output_dir)
        self.changes = changes
        self.path = options.cache_dir / STAMP_FILE if options.cache_dir else None
        self.inputs = input_stamp(content_dir, output_dir, options, changes) if self.path else ""

    def previous(self) -> tuple[list[Artifact], list[Problem]] | None:
        """The last build's files and warnings when it is still current, else None."""
        if self.path is None or not self.path.is_file():
            return None
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
            return artifacts, [problem_from_data(p) for p in data["problems"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, artifacts: list[Artifact], problems: list[Problem],
             known: dict[str, tuple[int, int]] | None = None) -> None:
        if self.path is None:
            return
        body: dict[str, Any] = {
            "inputs": self.inputs, "output": output_stamp(self.output_dir, artifacts, self.changes, known),
            "problems": [problem_data(p) for p in problems],
        }
        write_json(self.path, body)

    def forget(self) -> None:
        """Before a build changes output/: a stamp must never outlive the output it describes."""
        if self.path is not None and self.path.is_file():
            self.path.unlink()
