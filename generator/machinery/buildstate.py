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
from pathlib import Path
from typing import Any, Iterable, Mapping

from .cache_seal import read_sealed, write_json, write_sealed  # noqa: F401 - write_json: imported from here by others
from ..diagnostics import Problem, Severity
from ..changes import ChangeDetector
from ..fonts import packaged_fonts_signature
from ..theme import default_theme_dir
from .output import Artifact, Staging

STATE_FILE = "build-items.json"
# The state as versions before the arrays wrote it (an object per item), under another name so that
# neither version reads the other's: removed when this one is saved (a state for the same output).
EARLIER_STATE_FILE = "build-state.json"
_PACKAGE = Path(__file__).resolve().parent.parent   # generator/


def fingerprint(*parts: Any) -> str:
    """A stable hash of plain data (strings, numbers, tuples, dicts, dates)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def folders_fingerprint(folders: Iterable[Path], changes: ChangeDetector, content_dir: Path | None = None) -> str:
    """Templates, catalogs and fonts (a site's own, then the default theme's): folders or single
    files. Scanned each time (they change while serving); an unchanged file is hashed once
    (changes.py). Each is known by what it holds and where it is inside the content folder or
    the default theme, not where those are: moving the project or reinstalling the code
    (another folder, new file times) rebuilds nothing."""
    roots = _roots(content_dir)
    return fingerprint(*(_print(folder, changes, roots) for folder in folders))


def folder_print(folder: Path, changes: ChangeDetector, content_dir: Path | None = None) -> tuple:
    """One folder or file of folders_fingerprint: (its place, its signature)."""
    return _print(folder, changes, _roots(content_dir))


def _print(folder: Path, changes: ChangeDetector, roots: tuple[tuple[str, str], ...]) -> tuple:
    return _placed(os.fspath(folder), roots), folder_signature(Path(folder), changes)


def folder_signature(folder: Path, changes: ChangeDetector) -> tuple:
    """What a folder or file holds: the packaged fonts by the package's record of them, anything
    else by changes.tree_signature."""
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
    """Fingerprints and files of every item of the last successful build into one output folder.

    An item's entry is plain data, as the file holds it (a list, which JSON reads back in half the
    time of an object with named fields: the state of a large site is megabytes, read by every
    rebuild): [fingerprint, files, problems, published], each file [slug, lang, kind, path, size,
    then its mark: size, modification time] (`file_row`); then, for an item of a builder whose
    inputs are its resolution folder's (Builder.inputs_in_folder), the proof it was made under
    (`reuse_proven`)."""

    def __init__(self, cache_dir: Path | None, output_dir: Path, changes: ChangeDetector):
        self.changes = changes
        self.path = cache_dir / STATE_FILE if cache_dir else None
        self.output_dir = Path(output_dir).resolve()
        self.previous: dict[str, list[Any]] = {}
        # Each previous entry's line as the file holds it: written back as it is while the
        # entry is reused unchanged (an entry taken from `previous` is changed only by save()).
        self._lines: dict[str, bytes] = {}
        self.current: dict[str, list[Any]] = {}
        # folder → the digest of what the load read it as (folder_digest), made once per build
        self._folder_digests: dict[str, str | None] = {}
        if self.path and self.path.is_file():
            try:
                # serve does not parse again the file it wrote itself a moment ago
                data = self.changes.read_once(self.path, _read_state)
                if data.get("output") == str(self.output_dir):
                    self.previous, self._lines = data["items"], data["lines"]
            except (OSError, ValueError):
                self.previous, self._lines = {}, {}

    def reuse(self, staging: Staging, key: str, print_: str, proof: str | None = None) -> Kept | None:
        """Keep the item's previous files if its fingerprint is unchanged: the warnings its
        build raised and what it published then (None when it must be rebuilt). `proof`: the
        item's proof now (reuse_proven), kept with the entry for the next build."""
        entry = self.previous.get(key)
        if not entry or entry[0] != print_:
            return None
        if proof is not None and _proof_of(entry) != proof:
            entry = entry[:4] + [proof]         # a new entry: its line is written anew
        return self._keep(staging, key, entry)

    def reuse_proven(self, staging: Staging, key: str, proof: str) -> tuple[str, Kept] | None:
        """Keep the item's previous files when it was made under the same proof: the same
        builder-wide fingerprint and its resolution folder as the load read it then
        (Builder.item_proof), so its inputs, and its fingerprint, are those of then. Its
        fingerprint and what reuse() gives; None: not proven (or a file changed by hand):
        the full check decides."""
        entry = self.previous.get(key)
        if not entry or _proof_of(entry) != proof:
            return None
        kept = self._keep(staging, key, entry)
        return None if kept is None else (entry[0], kept)

    def folder_digest(self, folder: str, loaded: Mapping[str, tuple]) -> str | None:
        """A digest of what the load read `folder` as: its signature (changes.py, every file by
        its content; the make rule asked it first) and site.yaml's part in reading it
        (`loaded`: session.loaded). None: the load has no such folder."""
        known = self._folder_digests.get(folder, _UNKNOWN)
        if known is _UNKNOWN:
            entry = loaded.get(folder)
            known = self._folder_digests[folder] = None if entry is None else \
                hashlib.sha256(repr((entry[0], entry[1])).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return known

    def reuse_outdated(self, staging: Staging, key: str) -> Kept | None:
        """Keep the item's previous files even though its inputs changed, and its old
        fingerprint, so that the next full build makes it again (serve's quick pass)."""
        entry = self.previous.get(key)
        return self._keep(staging, key, entry) if entry else None

    def _keep(self, staging: Staging, key: str, entry: list[Any]) -> Kept | None:
        if not staging.keep_previous(entry[1]):
            return None
        self.current[key] = entry
        problems, published = entry[2], entry[3]
        return [problem_from_data(p) for p in problems] if problems else [], published

    def remember(self, key: str, print_: str, artifacts: list[Artifact], problems: list[Problem],
                 published: list[tuple[str, str, Any]] = (), proof: str | None = None) -> None:
        self.current[key] = [print_, [file_row(a) for a in artifacts], [problem_data(p) for p in problems],
                             [list(entry) for entry in published], *([proof] if proof is not None else [])]

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
        previous, kept_lines = self.previous, self._lines
        for key, entry in self.current.items():
            line = kept_lines.get(key) if entry is previous.get(key) else None
            if line is None or not _same_marks(entry[1], marks):
                for row in entry[1]:
                    row[5:] = marks.get(row[3]) or (None, None)
                line = f"{_dumps(key)}:{_dumps(entry)}".encode("utf-8")
            lines[key] = line
        write_sealed(self.path, _state_text(str(self.output_dir), lines))
        self.path.with_name(EARLIER_STATE_FILE).unlink(missing_ok=True)
        self.changes.remember(self.path, _read_state, {"output": str(self.output_dir), "items": self.current,
                                                       "lines": lines})


_UNKNOWN = object()


def _proof_of(entry: list[Any]) -> str | None:
    return entry[4] if len(entry) == 5 else None


# What a reused item's build gave besides its files: its warnings, and what it published
# ([kind, name, value] each: builders/base.py hands them on as the build did).
Kept = tuple[list[Problem], list[list[Any]]]


def file_row(artifact: Artifact) -> list[Any]:
    """A file of an item as the state keeps it (Staging.keep_previous reads it): the artifact's
    fields, then its mark, filled in when the state is saved."""
    return [artifact.slug, artifact.lang, artifact.kind, artifact.path, artifact.size, None, None]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _state_text(output: str, lines: dict[str, bytes]) -> bytes:
    """{"output": …, "items": {…}}, each item on a line of its own (json.dumps writes no line
    break inside a line: it escapes those of strings)."""
    return b"".join((f'{{"output":{_dumps(output)},"items":{{\n'.encode("utf-8"), b",\n".join(lines.values()),
                     b"\n}}"))


def _same_marks(rows: list[list[Any]], marks: dict[str, tuple[int, int]]) -> bool:
    """Whether each file's mark in the entry is its mark now (`marks`); one unknown is not."""
    for row in rows:
        now = marks.get(row[3])
        if now is None or row[5] != now[0] or row[6] != now[1]:
            return False
    return True


def _read_state(path: str) -> dict[str, Any]:
    """The state as saved, with the line of each item (none when the file was not written a
    line per item: every item is then encoded again). A state in another form (an earlier
    version's: objects, not lists) is no state: every item is made again, as after an upgrade."""
    data = read_sealed(Path(path))
    if data is None:
        raise ValueError(f"damaged cache file: {path}")
    state = json.loads(data)
    if not isinstance(state, dict) or not isinstance(state.get("items"), dict) or \
            not all(_is_entry(entry) for entry in state["items"].values()):
        raise ValueError("not a build state")
    rows = data.split(b"\n")[1:-1]
    lines: dict[str, bytes] = {}
    if len(rows) == len(state["items"]) and rows:
        rows[:-1] = [row[:-1] for row in rows[:-1]]          # the comma between items
        lines = dict(zip(state["items"], rows))
    return {"output": state.get("output"), "items": state["items"], "lines": lines}


def _is_entry(entry: Any) -> bool:
    """An entry in the form BuildState keeps (its files' fields are checked where they are used):
    the proof is a string when there is one."""
    return type(entry) is list and (len(entry) == 4 or len(entry) == 5 and type(entry[4]) is str) and \
        type(entry[1]) is list and \
        all(type(row) is list and len(row) == 7 for row in entry[1])


def problem_data(problem: Problem) -> dict[str, Any]:
    return {"path": str(problem.path) if problem.path else None, "line": problem.line, "col": problem.col,
            "severity": problem.severity.value, "code": problem.code, "params": dict(problem.params)}


def problem_from_data(data: dict[str, Any]) -> Problem:
    return Problem(Path(data["path"]) if data["path"] else None, data["line"], data["col"],
                   Severity(data["severity"]), data["code"], data["params"])
