"""Write the build: a staging folder beside output/, put in place only when all succeeded.

A failed build (bad content, a template error, a crash) removes its staging
folder and leaves the previous output/ exactly as it was.

Staging receives only the files this build makes. The files of items reused
from the previous build stay where they are in output/ (checked, not copied:
`keep_previous`). At the end (`commit`):
- a rebuild that made fewer files than it kept updates output/ in place: the
  new files moved in and the files no longer made moved out, under a journal
  that a failure or a kill rolls back (output_patch.py);
- any other build (the first into a folder, one after a change of templates or
  site.yaml, one without a build state) links the kept files into staging and
  swaps the whole folder in for output/ (folder_swap.py).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from ..changes import stat_mark
from . import output_patch
from .folder_swap import swap_in, work_folder

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Artifact:
    """One file of the build, as listed in manifest.json."""

    slug: str | None
    lang: str | None
    kind: str
    path: str          # relative to output/, POSIX separators
    size: int = 0


class UnsafeOutputError(Exception):
    """The output folder holds something a build must not replace."""


class Staging:
    def __init__(self, output_dir: Path, content_dir: Path | None = None):
        self.output_dir = Path(output_dir).resolve()
        self._output = str(self.output_dir)      # joined with each kept file's path (keep_previous)
        _check_output_dir(self.output_dir, content_dir)
        self.dir = work_folder(self.output_dir, "staging")
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        self._root = str(self.dir)
        self._folders: set[str] = {self._root}   # made already
        self._kept: set[str] = set()             # files of output/ this build keeps as they are
        self._written: set[str] = set()          # files this build made, in staging
        self.artifacts: dict[str, Artifact] = {}
        self.listed: list[Artifact] = []        # the artifacts in the manifest's order (write_manifest)
        # The same artifacts by (slug, lang): every page asks for its downloads, and a scan
        # of all artifacts per page made large sites quadratic.
        self._by_item: dict[tuple[str | None, str | None], dict[str, Artifact]] = {}
        self._recording: list[Artifact] | None = None
        # The mark (changes.stat_mark) of every file written or kept, as it will be in
        # output/ after the commit: the up-to-date stamp and the build state keep them, so that
        # the next build can tell a file changed by hand (and need not stat them all now).
        self.file_stats: dict[str, tuple[int, int]] = {}
        self._removing: threading.Thread | None = None      # the work folders commit() left (settle)

    def _path(self, rel: str) -> str:
        """`rel` (POSIX separators, from the build or its state file) inside staging."""
        if output_patch.escapes(rel):
            raise ValueError(f"output path escapes the output folder: {rel}")
        return f"{self._root}/{rel}"            # "/" works on Windows too

    def _target(self, rel: str) -> str:
        """Where `rel` goes in staging, its folder made; made now, it is no longer kept."""
        target = self._path(rel)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        self._kept.discard(rel)
        self._written.add(rel)
        return target

    def write_bytes(self, rel: str, data: bytes, kind: str, slug: str | None = None, lang: str | None = None) -> Artifact:
        target = self._target(rel)
        with open(target, "wb") as handle:
            handle.write(data)
        self._note(rel, os.stat(target))        # after closing: Windows may set the time then
        return self._record(Artifact(slug, lang, kind, rel, len(data)))

    def write_text(self, rel: str, text: str, kind: str, slug: str | None = None, lang: str | None = None) -> Artifact:
        return self.write_bytes(rel, text.encode("utf-8"), kind, slug, lang)

    def copy_file(self, rel: str, source: Path, kind: str, slug: str | None = None, lang: str | None = None) -> Artifact:
        target = self._target(rel)
        shutil.copyfile(source, target)
        info = os.stat(target)
        self._note(rel, info)
        return self._record(Artifact(slug, lang, kind, rel, info.st_size))

    def _note(self, rel: str, info: os.stat_result) -> None:
        self.file_stats[rel] = stat_mark(info)

    def _record(self, artifact: Artifact) -> Artifact:
        old = self.artifacts.get(artifact.path)
        if old is not None and (old.slug, old.lang) != (artifact.slug, artifact.lang):
            del self._by_item[(old.slug, old.lang)][old.path]
        self.artifacts[artifact.path] = artifact
        self._by_item.setdefault((artifact.slug, artifact.lang), {})[artifact.path] = artifact
        if self._recording is not None:
            self._recording.append(artifact)
        return artifact

    def adopt(self, written: list[Artifact]) -> None:
        """Files another process (forked.py) wrote into this staging folder: record them."""
        for artifact in written:
            self._kept.discard(artifact.path)
            self._written.add(artifact.path)
            self._note(artifact.path, os.stat(self._path(artifact.path)))   # the stamp would stat it anyway
            self._record(artifact)

    @contextmanager
    def recording(self) -> Iterator[list[Artifact]]:
        """Collect the artifacts written inside the block (to remember what an item made)."""
        previous, self._recording = self._recording, []
        try:
            yield self._recording
        finally:
            collected, self._recording = self._recording, previous
            if previous is not None:
                previous.extend(collected)

    def keep_previous(self, files: Sequence[Sequence[Any]]) -> bool:
        """Keep an unchanged item's files as they are in output/ (nothing is copied or linked
        now). `files`: each as the build state keeps it (buildstate.file_row): the Artifact's
        fields, then its stat_mark when the build that made it ended (None, None: not known).
        A file missing or changed by hand since, even to the same size, is not taken (False:
        the item is made again)."""
        found: list[tuple[int, int]] = []
        for file in files:
            rel = file[3]
            if output_patch.escapes(rel):     # a damaged or forged build state
                return False
            info = _regular_file(f"{self._output}/{rel}")     # one stat: deleted or edited by hand?
            now = stat_mark(info) if info is not None else None
            if now is None or now[0] != file[4] or (file[5] is not None and (file[5], file[6]) != now):
                return False
            found.append(now)
        for file, now in zip(files, found):
            rel = file[3]
            if rel in self._written:                # made by this build already: that one counts
                continue
            self._kept.add(rel)
            self.file_stats[rel] = now
            self._record(Artifact(file[0], file[1], file[2], rel, file[4]))
        return True

    def artifacts_for(self, slug: str, lang: str) -> list[Artifact]:
        return list(self._by_item.get((slug, lang), {}).values())

    def write_manifest(self, extra: dict | None = None) -> None:
        """manifest.json, one artifact per line (readable, diffable), in the order of their paths
        (`listed`, the order the up-to-date stamp hashes them in too)."""
        self.listed = [self.artifacts[path] for path in sorted(self.artifacts)]
        head = json.dumps({"generator": "tuyentruyen", **(extra or {})}, ensure_ascii=False)[:-1]
        target = self._target(MANIFEST)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(f'{head}, "artifacts": {_listing(self.listed)}}}\n')
        self._note(MANIFEST, os.stat(target))

    def commit(self) -> None:
        """Put the build in place of output/: in place, file by file, when it made fewer files
        than it kept and the previous output is listed; else the whole folder swapped in."""
        removed = self._removed() if len(self._written) <= len(self._kept) else None
        left = self._patch(removed) if removed is not None else self._swap()
        # Deleting files and folders waits on the disk (≈ 5–40 ms for an edit's few dozen on a busy
        # disk mounted with `discard`), not on the processor: done on a thread while the build
        # saves its state for the next one, which settle() waits for.
        self._removing = threading.Thread(target=_remove, args=(left,), name="remove-work-folders")
        self._removing.start()

    def settle(self) -> None:
        """Wait until the work folders commit() left behind are removed (the build's last step)."""
        if self._removing is not None:
            self._removing.join()
            self._removing = None

    def _removed(self) -> tuple[str, ...] | None:
        """The files of output/ that its manifest lists and this build no longer makes (None: no
        readable manifest, or one naming such a path outside output/: then the whole folder is swapped)."""
        previous = _listed_paths(self.output_dir / MANIFEST)
        if previous is None:
            return None
        removed = tuple(sorted(previous - self.artifacts.keys() - {MANIFEST}))
        # The paths this build keeps or writes were checked already (keep_previous, _path).
        return None if any(output_patch.escapes(path) for path in removed) else removed

    def _patch(self, removed: tuple[str, ...]) -> tuple[Path, ...]:
        """The files made now moved into output/, those no longer made moved out (output_patch.py);
        the work folders left to remove."""
        written = tuple(sorted(self._written - {MANIFEST})) + (MANIFEST,)     # the manifest last
        patch = output_patch.Patch(self.output_dir, self.dir, work_folder(self.output_dir, "replaced"),
                                   written, removed)
        return output_patch.apply(patch, work_folder(self.output_dir, "journal"))

    def _swap(self) -> tuple[Path, ...]:
        """The kept files linked into staging, then staging swapped in for output/ (folder_swap.py);
        the replaced output is left to remove."""
        for rel in sorted(self._kept):
            self._link(f"{self.output_dir}/{rel}", rel)
        if self.output_dir.exists():
            _carry_hidden_files(self.output_dir, self.dir)
        old = swap_in(self.dir, self.output_dir, work_folder(self.output_dir, "previous"))
        return (old,) if old is not None else ()

    def _link(self, source: str, rel: str) -> None:
        """Hard-link `source` into staging as `rel`; a copy where links are not possible."""
        target = self._path(rel)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


# What json.dumps(…, ensure_ascii=False) writes for a string.
_string = json.encoder.encode_basestring
# A path as write_manifest lists it, in a manifest with no escaped character (no backslash).
_LISTED_PATH = re.compile(r'"path": "([^"\\]*)"')


def _listing(artifacts: list[Artifact]) -> str:
    """The manifest's list of artifacts as json.dumps writes it, with a line break after each entry
    (unless some value itself holds the separator "}, {"). Each entry is formatted here: json.dumps of
    20 000 dicts took twice as long (0.025 s of an edit at N = 1 000)."""
    try:
        lines = [f'{{"slug": {"null" if a.slug is None else _string(a.slug)}, '
                 f'"lang": {"null" if a.lang is None else _string(a.lang)}, "kind": {_string(a.kind)}, '
                 f'"path": {_string(a.path)}, "size": {a.size:d}}}' for a in artifacts]
    except (TypeError, ValueError):     # a value of another type (a damaged build state's): as json writes it
        return _listing_by_json(artifacts)
    listed = ",\n".join(lines)
    if "}, {" in listed:            # a value holds the separator: all on one line, as json.dumps writes it
        listed = ", ".join(lines)
    return f"[{listed}]"


def _listing_by_json(artifacts: list[Artifact]) -> str:
    listed = json.dumps([a.__dict__ for a in artifacts], ensure_ascii=False)   # not asdict(): slow
    return listed.replace("}, {", "},\n{") if listed.count("}, {") == len(artifacts) - 1 else listed


def _listed_paths(manifest: Path) -> set[str] | None:
    """The paths a manifest lists (None: not readable, or not a manifest). One search through the
    text when it is as write_manifest left it, with no escaped character, where a path cannot
    hold a quote; else parsed as JSON."""
    try:
        text = manifest.read_bytes().decode("utf-8")
    except (OSError, ValueError):
        return None
    if text.startswith('{"generator": "tuyentruyen"') and text.endswith("]}\n") and "\\" not in text:
        found = _LISTED_PATH.findall(text)
        if len(found) == text.count('"path": '):
            return set(found)
    try:
        listed = json.loads(text)["artifacts"]
        paths = {entry["path"] for entry in listed}
    except (ValueError, KeyError, TypeError):
        return None
    return paths if all(isinstance(path, str) for path in paths) else None


def _remove(folders: tuple[Path, ...]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def _regular_file(path: Path) -> os.stat_result | None:
    """The stat of a regular file, None when there is none (one stat call)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def _carry_hidden_files(old: Path, new: Path) -> None:
    """Keep top-level dot files an administrator put in output/ (.gitignore, .htaccess)."""
    for item in old.iterdir():
        if item.name.startswith(".") and item.is_file() and not (new / item.name).exists():
            shutil.copy2(item, new / item.name)


def _check_output_dir(output_dir: Path, content_dir: Path | None) -> None:
    """Refuse to replace a folder that is not a previous build (a typo must not delete documents)."""
    if output_dir == Path(output_dir.anchor) or output_dir == Path.home().resolve():
        raise UnsafeOutputError(str(output_dir))
    if content_dir is not None:
        content = Path(content_dir).resolve()
        if output_dir == content or content.is_relative_to(output_dir) or output_dir.is_relative_to(content):
            raise UnsafeOutputError(str(output_dir))
    if output_dir.is_dir() and not (output_dir / MANIFEST).exists():
        visible = [p for p in output_dir.iterdir() if not p.name.startswith(".")]
        if visible:
            raise UnsafeOutputError(str(output_dir))
