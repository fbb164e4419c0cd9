"""What the previous build produced, so an unchanged item is reused, not rebuilt.

Each builder item (a resolution page, a resolution's leaflets …) has a
fingerprint: a hash of everything it was made from (its model data, the
templates, site.yaml, the generator's own code). When the fingerprint is
unchanged and its files are still in output/ as that build left them, they are
kept there instead of being made again (Staging.keep_previous).
The state lives in the cache folder (`.tuyentruyen-cache/`), never in output/.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .cache_seal import read_json, write_json  # noqa: F401 - write_json: imported from here by others
from ..diagnostics import Problem, Severity
from ..changes import ChangeDetector
from .output import Artifact, Staging

STATE_FILE = "build-state.json"
_PACKAGE = Path(__file__).resolve().parent.parent   # generator/


def fingerprint(*parts: Any) -> str:
    """A stable hash of plain data (strings, numbers, tuples, dicts, dates)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=None)
def _tree_hash(folder: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


def code_fingerprint() -> str:
    """Changes when tuyentruyen itself changes (upgrade, or a developer's edit)."""
    return _tree_hash(str(_PACKAGE))


def folders_fingerprint(folders: Iterable[Path], changes: ChangeDetector) -> str:
    """Templates and catalogs (a site's own, then the default theme's): folders or single files.
    Scanned each time (they change while serving); an unchanged file is hashed once (changes.py)."""
    return fingerprint(*((str(folder), changes.tree_signature(folder)) for folder in folders))


class BuildState:
    """Fingerprints and files of every item of the last successful build into one output folder."""

    def __init__(self, cache_dir: Path | None, output_dir: Path, changes: ChangeDetector):
        self.changes = changes
        self.path = cache_dir / STATE_FILE if cache_dir else None
        self.output_dir = Path(output_dir).resolve()
        self.previous: dict[str, dict[str, Any]] = {}
        self.current: dict[str, dict[str, Any]] = {}
        if self.path and self.path.is_file():
            try:
                # serve does not parse again the file it wrote itself a moment ago
                data = self.changes.read_once(self.path, _read_state)
                if data.get("output") == str(self.output_dir):
                    self.previous = data.get("items", {})
            except (OSError, ValueError):
                self.previous = {}

    def reuse(self, staging: Staging, key: str, print_: str) -> list[Problem] | None:
        """Keep the item's previous files if its fingerprint is unchanged; returns the
        warnings its build raised (None when it must be rebuilt)."""
        entry = self.previous.get(key)
        if not entry or entry.get("fingerprint") != print_:
            return None
        return self._keep(staging, key, entry)

    def reuse_outdated(self, staging: Staging, key: str) -> list[Problem] | None:
        """Keep the item's previous files even though its inputs changed, and its old
        fingerprint, so that the next full build makes it again (serve's quick pass)."""
        entry = self.previous.get(key)
        return self._keep(staging, key, entry) if entry else None

    def _keep(self, staging: Staging, key: str, entry: dict[str, Any]) -> list[Problem] | None:
        artifacts = [Artifact(**a) for a in entry["files"]]
        if not staging.keep_previous(artifacts, entry.get("marks")):
            return None
        self.current[key] = entry
        return [problem_from_data(p) for p in entry.get("problems", [])]

    def remember(self, key: str, print_: str, artifacts: list[Artifact], problems: list[Problem],
                 published: list[tuple[str, str, Any]] = ()) -> None:
        self.current[key] = {"fingerprint": print_, "files": [asdict(a) for a in artifacts],
                             "problems": [problem_data(p) for p in problems],
                             "published": [list(entry) for entry in published]}

    def published(self, key: str) -> list[tuple[str, str, Any]]:
        """What the item, reused just now, published when it was built (builders/base.py)."""
        entry = self.current.get(key) or {}
        return [(kind, name, value) for kind, name, value in entry.get("published", [])]

    def forget(self) -> None:
        """Before the swap: a state must never describe an output it did not make (an
        unchanged item would then take a changed item's files)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def save(self, marks: dict[str, tuple[int, int]]) -> None:
        """`marks`: the stat_mark of each file of the new output (Staging.file_stats), kept with
        each item's files, so that the next build takes no file changed by hand since."""
        if self.path is None:
            return
        for entry in self.current.values():
            entry["marks"] = [marks.get(f["path"]) for f in entry["files"]]
        body = {"output": str(self.output_dir), "items": self.current}
        write_json(self.path, body)
        self.changes.remember(self.path, _read_state, body)


def _read_state(path: str) -> dict[str, Any]:
    data = read_json(path)
    if not isinstance(data, dict):
        raise ValueError("not a build state")
    return data


def problem_data(problem: Problem) -> dict[str, Any]:
    return {"path": str(problem.path) if problem.path else None, "line": problem.line, "col": problem.col,
            "severity": problem.severity.value, "code": problem.code, "params": dict(problem.params)}


def problem_from_data(data: dict[str, Any]) -> Problem:
    return Problem(Path(data["path"]) if data["path"] else None, data["line"], data["col"],
                   Severity(data["severity"]), data["code"], data["params"])
