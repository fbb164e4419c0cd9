"""Write the build: a staging folder beside output/, swapped in only when all succeeded.

A failed build (bad content, a template error, a crash) removes its staging
folder and leaves the previous output/ exactly as it was.
"""
from __future__ import annotations

import json
import os
import shutil
import stat
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath
from typing import Iterator

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
        _check_output_dir(self.output_dir, content_dir)
        self.dir = self.output_dir.parent / f".{self.output_dir.name}.staging-{os.getpid()}"
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        self.artifacts: dict[str, Artifact] = {}
        # The same artifacts by (slug, lang): every page asks for its downloads, and a scan
        # of all artifacts per page made large sites quadratic.
        self._by_item: dict[tuple[str | None, str | None], dict[str, Artifact]] = {}
        self._recording: list[Artifact] | None = None
        self._folders: set[Path] = set()      # made already: a rebuild links thousands of files

    def _target(self, rel: str) -> Path:
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts:
            raise ValueError(f"output path escapes the output folder: {rel}")
        target = self.dir.joinpath(*pure.parts)
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target

    def write_bytes(self, rel: str, data: bytes, kind: str, slug: str | None = None, lang: str | None = None) -> Artifact:
        self._target(rel).write_bytes(data)
        return self._record(Artifact(slug, lang, kind, rel, len(data)))

    def write_text(self, rel: str, text: str, kind: str, slug: str | None = None, lang: str | None = None) -> Artifact:
        return self.write_bytes(rel, text.encode("utf-8"), kind, slug, lang)

    def copy_file(self, rel: str, source: Path, kind: str, slug: str | None = None, lang: str | None = None) -> Artifact:
        target = self._target(rel)
        shutil.copyfile(source, target)
        return self._record(Artifact(slug, lang, kind, rel, target.stat().st_size))

    def _record(self, artifact: Artifact) -> Artifact:
        old = self.artifacts.get(artifact.path)
        if old is not None and (old.slug, old.lang) != (artifact.slug, artifact.lang):
            del self._by_item[(old.slug, old.lang)][old.path]
        self.artifacts[artifact.path] = artifact
        self._by_item.setdefault((artifact.slug, artifact.lang), {})[artifact.path] = artifact
        if self._recording is not None:
            self._recording.append(artifact)
        return artifact

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

    def link_previous(self, old_output: Path, artifacts: list[Artifact]) -> bool:
        """Hard-link (or copy) unchanged files from the live output into staging."""
        sources = [(a, old_output.joinpath(*PurePosixPath(a.path).parts)) for a in artifacts]
        if not all(_file_size(src) == a.size for a, src in sources):
            return False
        for artifact, source in sources:
            target = self._target(artifact.path)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
            self._record(artifact)
        return True

    def artifacts_for(self, slug: str, lang: str) -> list[Artifact]:
        return list(self._by_item.get((slug, lang), {}).values())

    def write_manifest(self, extra: dict | None = None) -> None:
        names = [f.name for f in fields(Artifact)]          # asdict() is slow for 15 000 entries
        entries = [{name: getattr(a, name) for name in names}
                   for a in sorted(self.artifacts.values(), key=lambda a: a.path)]
        body = {"generator": "tuyentruyen", **(extra or {}), "artifacts": entries}
        (self.dir / MANIFEST).write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")

    def commit(self) -> None:
        """Swap the staging folder in place of output/ (two renames)."""
        old = self.output_dir.parent / f".{self.output_dir.name}.previous-{os.getpid()}"
        if self.output_dir.exists():
            _carry_hidden_files(self.output_dir, self.dir)
            os.replace(self.output_dir, old)
        try:
            os.replace(self.dir, self.output_dir)
        except OSError:
            if old.exists():
                os.replace(old, self.output_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _file_size(path: Path) -> int | None:
    """Size of a regular file, None when there is none (one stat call)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


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
