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
import json
import os
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .cache_seal import read_sealed, write_json, write_sealed  # noqa: F401 - write_json: imported from here by others
from ..diagnostics import Problem, Severity
from ..changes import ChangeDetector
from ..fonts import FONT_SUFFIXES, PACKAGED_DIR, packaged_fonts_signature
from ..theme import default_theme_dir
from .output import Artifact, Staging

STATE_FILE = "build-state.json"
_PACKAGE = Path(__file__).resolve().parent.parent   # generator/
_FONTS = PACKAGED_DIR.relative_to(_PACKAGE).as_posix()    # fonts/dejavu


def fingerprint(*parts: Any) -> str:
    """A stable hash of plain data (strings, numbers, tuples, dicts, dates)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=None)
def _code_hash(folder: str) -> str:
    """Every file of the package but the packaged fonts' bytes (6.5 MB of its 7.8: hashing them
    took 0.015 CPU s of every new process). A packaged font is known instead by its name and size
    and by the package's own record of its bytes, fonts/packaged_character_maps.json (hashed here
    with the code; tests/test_fonts.py checks it against the fonts): a font changed changes both."""
    digest = hashlib.sha256()
    for relative, full in _package_files(folder):
        if relative.rpartition("/")[0] == _FONTS and relative.lower().endswith(FONT_SUFFIXES):
            digest.update(f"{relative}\0{os.stat(full).st_size}\0".encode())
            continue
        with open(full, "rb") as handle:
            digest.update(relative.encode() + b"\0" + handle.read())
    return digest.hexdigest()[:32]


def _package_files(folder: str) -> list[tuple[str, str]]:
    """(path relative to `folder` with "/", full path) of every file under it, bytecode left out, in order."""
    found = []
    for here, subfolders, files in os.walk(folder):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        prefix = os.path.relpath(here, folder).replace(os.sep, "/")
        found += [(name if prefix == "." else f"{prefix}/{name}", os.path.join(here, name)) for name in files]
    return sorted(found)


def code_fingerprint() -> str:
    """Changes when tuyentruyen itself changes (upgrade, or a developer's edit), its packaged fonts
    included; not when the same code is copied or installed again (file times do not count)."""
    return _code_hash(str(_PACKAGE))


def folders_fingerprint(folders: Iterable[Path], changes: ChangeDetector, content_dir: Path | None = None) -> str:
    """Templates, catalogs and fonts (a site's own, then the default theme's): folders or single
    files. Scanned each time (they change while serving); an unchanged file is hashed once
    (changes.py). Each is known by what it holds and where it is inside the content folder or
    the default theme, not where those are: moving the project or reinstalling the code
    (another folder, new file times) rebuilds nothing."""
    roots = _roots(content_dir)
    return fingerprint(*((_placed(os.fspath(folder), roots), _signature(Path(folder), changes)) for folder in folders))


def folder_print(folder: Path, changes: ChangeDetector, content_dir: Path | None = None) -> tuple:
    """One folder or file of folders_fingerprint: (its place, its signature)."""
    return place(folder, content_dir), _signature(Path(folder), changes)


def _signature(folder: Path, changes: ChangeDetector) -> tuple:
    return packaged_fonts_signature(folder, changes) or changes.tree_signature(folder)


def place(path: Path, content_dir: Path | None = None) -> str:
    """Where a template, catalog or font is, told without the folders above the default theme,
    the package or the content folder (`content_dir`, when given)."""
    return _placed(os.fspath(path), _roots(content_dir))


def _roots(content_dir: Path | None) -> tuple[tuple[str, str], ...]:
    roots = ((os.fspath(default_theme_dir()), "theme"), (str(_PACKAGE), "package"))
    return roots if content_dir is None else (*roots, (os.fspath(content_dir), "content"))


def _placed(path: str, roots: tuple[tuple[str, str], ...]) -> str:
    for root, name in roots:
        if path == root or path.startswith(root + os.sep):
            return f"{name}:{path[len(root) + 1:].replace(os.sep, '/') or '.'}"
    return path


class BuildState:
    """Fingerprints and files of every item of the last successful build into one output folder."""

    def __init__(self, cache_dir: Path | None, output_dir: Path, changes: ChangeDetector):
        self.changes = changes
        self.path = cache_dir / STATE_FILE if cache_dir else None
        self.output_dir = Path(output_dir).resolve()
        self.previous: dict[str, dict[str, Any]] = {}
        # Each previous entry's line as the file holds it: written back as it is while the
        # entry is reused unchanged (an entry taken from `previous` is changed only by save()).
        self._lines: dict[str, bytes] = {}
        self.current: dict[str, dict[str, Any]] = {}
        if self.path and self.path.is_file():
            try:
                # serve does not parse again the file it wrote itself a moment ago
                data = self.changes.read_once(self.path, _read_state)
                if data.get("output") == str(self.output_dir):
                    self.previous, self._lines = data["items"], data["lines"]
            except (OSError, ValueError):
                self.previous, self._lines = {}, {}

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
        if not staging.keep_previous([Artifact(**a) for a in entry["files"]], entry.get("marks")):
            return None
        self.current[key] = entry
        problems = entry.get("problems")
        return [problem_from_data(p) for p in problems] if problems else []

    def remember(self, key: str, print_: str, artifacts: list[Artifact], problems: list[Problem],
                 published: list[tuple[str, str, Any]] = ()) -> None:
        self.current[key] = {"fingerprint": print_, "files": [asdict(a) for a in artifacts],
                             "problems": [problem_data(p) for p in problems],
                             "published": [list(entry) for entry in published]}

    def published(self, key: str) -> list[tuple[str, str, Any]]:
        """What the item, reused just now, published when it was built (builders/base.py)."""
        entry = self.current.get(key)
        published = entry.get("published") if entry else None
        return [(kind, name, value) for kind, name, value in published] if published else []

    def forget(self) -> None:
        """Before the swap: a state must never describe an output it did not make (an
        unchanged item would then take a changed item's files)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def save(self, marks: dict[str, tuple[int, int]]) -> None:
        """`marks`: the stat_mark of each file of the new output (Staging.file_stats), kept with
        each item's files, so that the next build takes no file changed by hand since.

        One JSON object, an item to a line: the line of an item reused with the same marks is
        written back as it was read, so that after an edit only the items made again are
        encoded (the state of a large site is megabytes)."""
        if self.path is None:
            return
        lines: dict[str, bytes] = {}
        for key, entry in self.current.items():
            line = self._lines.get(key) if entry is self.previous.get(key) else None
            now = [marks.get(f["path"]) for f in entry["files"]]
            if line is None or not _same_marks(entry.get("marks"), now):
                entry["marks"] = now
                line = f"{_dumps(key)}:{_dumps(entry)}".encode("utf-8")
            lines[key] = line
        write_sealed(self.path, _state_text(str(self.output_dir), lines))
        self.changes.remember(self.path, _read_state, {"output": str(self.output_dir), "items": self.current,
                                                       "lines": lines})


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _state_text(output: str, lines: dict[str, bytes]) -> bytes:
    """{"output": …, "items": {…}}, each item on a line of its own (json.dumps writes no line
    break inside a line: it escapes those of strings)."""
    return b"".join((f'{{"output":{_dumps(output)},"items":{{\n'.encode("utf-8"), b",\n".join(lines.values()),
                     b"\n}}"))


def _same_marks(kept: Any, now: list[tuple[int, int] | None]) -> bool:
    """Whether the marks an entry holds (lists when read from the file) are `now`'s."""
    return isinstance(kept, list) and len(kept) == len(now) and all(
        (a is None and b is None) or (a is not None and b is not None and tuple(a) == b) for a, b in zip(kept, now))


def _read_state(path: str) -> dict[str, Any]:
    """The state as saved, with the line of each item (none when the file was not written a
    line per item, as by an earlier version: every item is then encoded again)."""
    data = read_sealed(Path(path))
    if data is None:
        raise ValueError(f"damaged cache file: {path}")
    state = json.loads(data)
    if not isinstance(state, dict) or not isinstance(state.get("items"), dict):
        raise ValueError("not a build state")
    rows = data.split(b"\n")[1:-1]
    lines: dict[str, bytes] = {}
    if len(rows) == len(state["items"]) and rows:
        rows[:-1] = [row[:-1] for row in rows[:-1]]          # the comma between items
        lines = dict(zip(state["items"], rows))
    return {"output": state.get("output"), "items": state["items"], "lines": lines}


def problem_data(problem: Problem) -> dict[str, Any]:
    return {"path": str(problem.path) if problem.path else None, "line": problem.line, "col": problem.col,
            "severity": problem.severity.value, "code": problem.code, "params": dict(problem.params)}


def problem_from_data(data: dict[str, Any]) -> Problem:
    return Problem(Path(data["path"]) if data["path"] else None, data["line"], data["col"],
                   Severity(data["severity"]), data["code"], data["params"])
