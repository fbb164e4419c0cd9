"""Write the build: a staging folder beside output/, swapped in only when all succeeded.

A failed build (bad content, a template error, a crash) removes its staging
folder and leaves the previous output/ exactly as it was.

The output replaced by a swap is kept beside it as the *spare*
(`.output.spare`), and the next build starts its staging folder from it
instead of from nothing: its folders already exist and most of its files are
already hard links to the live output's. Staging then only replaces the files
that differ and removes those the new build did not make. Files in the spare
may share their data with output/ (hard links), so staging never writes into
an existing file: it unlinks it first.
"""
from __future__ import annotations

import json
import os
import shutil
import stat
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..changes import folder_identity, stat_mark
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


@dataclass
class _Swap:
    """What a swap left behind, remembered by the process that made it: the files the live
    output and the spare share (hard links the build made or kept) and their stats."""

    live: tuple[int, int]               # (inode, mtime) of output/
    spare: tuple[int, int]              # (inode, mtime) of the spare folder
    shared: set[str]
    stats: dict[str, tuple[int, int]]


def spare_dir(output_dir: Path) -> Path:
    """Where the output a swap replaced is kept for the next build (`.output.spare` beside output/)."""
    output_dir = Path(output_dir).resolve()
    return output_dir.parent / f".{output_dir.name}.spare"


class UnsafeOutputError(Exception):
    """The output folder holds something a build must not replace."""


class Staging:
    def __init__(self, output_dir: Path, content_dir: Path | None = None,
                 swaps: dict[Path, _Swap] | None = None):
        """`swaps`: the build session's memory of its last swap into each output folder. serve
        rebuilds in one session: its next staging folder (the claimed spare) already holds these
        files as links to the live ones, so they need no stat. Trusted only while both folders
        are the ones the swap left (another build in between makes new folders)."""
        self.output_dir = Path(output_dir).resolve()
        self._swaps = {} if swaps is None else swaps
        _check_output_dir(self.output_dir, content_dir)
        self.dir = work_folder(self.output_dir, "staging")
        self.spare = spare_dir(self.output_dir)
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self._root = str(self.dir)
        self._folders: set[str] = set()       # made already: a rebuild links thousands of files
        # Files left in the claimed spare that this build has not made (yet): removed at commit.
        self._leftover: set[str] = self._claim_spare()
        self._trusted = self._trusted_links()
        self._shared: set[str] = set()          # files this build shares with the live output
        self.artifacts: dict[str, Artifact] = {}
        # The same artifacts by (slug, lang): every page asks for its downloads, and a scan
        # of all artifacts per page made large sites quadratic.
        self._by_item: dict[tuple[str | None, str | None], dict[str, Artifact]] = {}
        self._recording: list[Artifact] | None = None
        # The mark (changes.stat_mark) of every file written or linked here, as it will be in
        # output/ after the swap: the up-to-date stamp and the build state keep them, so that
        # the next build can tell a file changed by hand (and need not stat them all now).
        self.file_stats: dict[str, tuple[int, int]] = {}

    def _claim_spare(self) -> set[str]:
        """Take the spare as this build's staging folder (a rename, so two builds never share
        it) and list what it holds; an empty folder when there is no spare."""
        if self.output_dir.is_dir():
            try:
                os.replace(self.spare, self.dir)
            except OSError:
                pass                            # none, or another build took it first
        if not self.dir.is_dir():
            self.dir.mkdir(parents=True)
            self._folders.add(self._root)
            return set()
        files: set[str] = set()
        skip = len(self._root) + 1
        for root, _, names in os.walk(self._root):
            self._folders.add(root)
            prefix = root[skip:].replace(os.sep, "/")
            files.update(f"{prefix}/{name}" if prefix else name for name in names)
        return files

    def _trusted_links(self) -> _Swap | None:
        """The last swap's memory, if this process made it and nothing has touched the
        two folders since (the spare is now this staging folder)."""
        swap = self._swaps.pop(self.output_dir, None)
        if swap is None or folder_identity(self.output_dir) != swap.live or folder_identity(self.dir) != swap.spare:
            return None
        return swap

    def _path(self, rel: str) -> str:
        """`rel` (POSIX separators, from the build or its state file) inside staging."""
        if rel.startswith("/") or ".." in rel.split("/"):
            raise ValueError(f"output path escapes the output folder: {rel}")
        return f"{self._root}/{rel}"            # "/" works on Windows too

    def _target(self, rel: str) -> str:
        """Where `rel` goes in staging, its folder made and any file left there from the spare
        unlinked (it may be a hard link to the live output's file, which must stay as it is)."""
        target = self._path(rel)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        if rel in self._leftover:
            self._leftover.discard(rel)
            with suppress(FileNotFoundError):
                os.unlink(target)
        return target

    def write_bytes(self, rel: str, data: bytes, kind: str, slug: str | None = None, lang: str | None = None) -> Artifact:
        target = self._target(rel)
        self._shared.discard(rel)
        with open(target, "wb") as handle:
            handle.write(data)
        self._note(rel, os.stat(target))        # after closing: Windows may set the time then
        return self._record(Artifact(slug, lang, kind, rel, len(data)))

    def write_text(self, rel: str, text: str, kind: str, slug: str | None = None, lang: str | None = None) -> Artifact:
        return self.write_bytes(rel, text.encode("utf-8"), kind, slug, lang)

    def copy_file(self, rel: str, source: Path, kind: str, slug: str | None = None, lang: str | None = None) -> Artifact:
        target = self._target(rel)
        self._shared.discard(rel)
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
            self._leftover.discard(artifact.path)
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

    def link_previous(self, old_output: Path, artifacts: list[Artifact],
                      marks: list[tuple[int, int] | None] | None = None) -> bool:
        """Hard-link (or copy) unchanged files from the live output into staging. `marks`: each
        file's stat_mark when the build that made it ended (the build state): a file changed
        by hand since, even to the same size, is not taken (False: the item is made again)."""
        old = str(old_output)
        found: list[tuple[Artifact, str, os.stat_result | None]] = []
        for artifact, mark in zip(artifacts, marks or [None] * len(artifacts)):
            source = f"{old}/{artifact.path}"
            if self._known_link(artifact):
                found.append((artifact, source, None))
                continue
            info = _regular_file(source)
            if info is None or info.st_size != artifact.size:
                return False
            if mark is not None and stat_mark(info) != tuple(mark):      # changed by hand since
                return False
            found.append((artifact, source, info))
        for artifact, source, info in found:
            rel = artifact.path
            if info is None:                            # already a link to the live file
                self._leftover.discard(rel)
                self.file_stats[rel] = self._trusted.stats[rel]
                self._shared.add(rel)
            elif self._kept_from_spare(rel, info) or self._link(source, rel):
                self._note(rel, info)                   # the same file: `info` holds for it
                self._shared.add(rel)
            else:
                self._note(rel, os.stat(self._path(rel)))
            self._record(artifact)
        return True

    def _link(self, source: str, rel: str) -> bool:
        """Hard-link `source` as `rel`; a copy where links are not possible (returns False)."""
        target = self._target(rel)
        try:
            os.link(source, target)
            return True
        except OSError:
            shutil.copyfile(source, target)
            return False

    def _known_link(self, artifact: Artifact) -> bool:
        """Whether the last swap (this process's) left `artifact` in this staging folder as a
        link to the live file, untouched since: then it needs no stat at all."""
        swap = self._trusted
        if swap is None or artifact.path not in swap.shared or artifact.path not in self._leftover:
            return False
        return swap.stats[artifact.path][0] == artifact.size

    def _kept_from_spare(self, rel: str, live: os.stat_result) -> bool:
        """Whether the spare already holds `rel` as a link to the live file (nothing to do)."""
        if rel not in self._leftover:
            return False
        try:
            held = os.stat(self._path(rel))
        except OSError:
            return False
        if (held.st_ino, held.st_dev) != (live.st_ino, live.st_dev):
            return False
        self._leftover.discard(rel)
        return True

    def artifacts_for(self, slug: str, lang: str) -> list[Artifact]:
        return list(self._by_item.get((slug, lang), {}).values())

    def write_manifest(self, extra: dict | None = None) -> None:
        """manifest.json, one artifact per line (readable, diffable)."""
        entries = [a.__dict__ for a in sorted(self.artifacts.values(), key=lambda a: a.path)]  # not asdict(): slow
        listed = json.dumps(entries, ensure_ascii=False)    # one call: json's fast encoder
        # A line break after each entry, unless some value itself holds the separator.
        if listed.count("}, {") == len(entries) - 1:
            listed = listed.replace("}, {", "},\n{")
        head = json.dumps({"generator": "tuyentruyen", **(extra or {})}, ensure_ascii=False)[:-1]
        target = self._target(MANIFEST)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(f'{head}, "artifacts": {listed}}}\n')
        self._note(MANIFEST, os.stat(target))

    def commit(self) -> None:
        """Swap the staging folder in place of output/ (folder_swap.py); keep the old one as the spare."""
        self._remove_leftovers()
        if self.output_dir.exists():
            _carry_hidden_files(self.output_dir, self.dir)
        old = swap_in(self.dir, self.output_dir, work_folder(self.output_dir, "previous"))
        if old is not None:
            try:
                os.replace(old, self.spare)
            except OSError:                     # another build left a spare meanwhile
                shutil.rmtree(old, ignore_errors=True)
                return
            self._remember_swap()

    def _remember_swap(self) -> None:
        live, spare = folder_identity(self.output_dir), folder_identity(self.spare)
        if live is not None and spare is not None:
            shared = self._shared & self.file_stats.keys()
            self._swaps[self.output_dir] = _Swap(live, spare, shared, {rel: self.file_stats[rel] for rel in shared})

    def _remove_leftovers(self) -> None:
        """Files of the spare this build did not make, then the folders that became empty."""
        emptied: set[Path] = set()
        for rel in self._leftover:
            path = Path(self._path(rel))
            path.unlink(missing_ok=True)
            emptied.add(path.parent)
        self._leftover.clear()
        for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
            # A folder may be gone already: emptied as the parent of a deeper one.
            while folder != self.dir and folder.is_relative_to(self.dir) and folder.is_dir() \
                    and not any(folder.iterdir()):
                try:
                    folder.rmdir()
                except OSError:     # open in Windows Explorer: an empty folder does no harm
                    break
                folder = folder.parent

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


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
