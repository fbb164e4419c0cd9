"""Keep the cache folder to what the current output was made from.

Every edit adds the new PDFs (and sound files) of what changed to the cache
(`.tuyentruyen-cache/`, about 1 MB per edited resolution), and nothing took the
old ones away: on an old office PC a season of editing filled the disk. After
a full build, entries that no output file came from are removed, as Hugo's
`--gc` does, but without a flag to remember.

Which entry each output file came from is kept in `cache-index.json` (output
path -> cache key): files reused from the previous build (hard-linked, never
looked up in the cache) keep their entry through it. Sound files are only
pruned by a build that made sound (`serve` and `--no-audio` builds do not, and
must not throw away ten minutes of speech synthesis); photos by one that read
them all. The first prune in a process sweeps the whole folder (entries of
`check`, of a crashed build); later ones (serve's rebuilds) only remove the
entries the index dropped, so an edit does not list 15 000 files.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Iterable, Mapping

from . import file_memo
from .buildstate import write_json
from .output import Artifact

INDEX_FILE = "cache-index.json"
PHOTO_FOLDER = "photos"
_ENTRY = re.compile(r"^([0-9a-f]{64})\.(pdf|json|mp3|wav)$")
_PHOTO_ENTRY = re.compile(r"^[0-9a-f]{32}$")
PDF_SUFFIXES = frozenset({"pdf", "json"})       # a PDF and its page count / type size
AUDIO_SUFFIXES = frozenset({"mp3", "wav"})

_SWEPT: set[Path] = set()      # cache folders this process has swept whole


def prune(cache_dir: Path, artifacts: Iterable[Artifact], used: Mapping[str, str], *, audio: bool,
          photos: Iterable[str] | None) -> int:
    """Record which cache entry each output file came from (`used`: this build's, plus the
    previous index for the files it reused), then remove the entries none came from.

    `audio`: the build made sound files (else sound entries are all kept); `photos`: the
    keys of every photo the content uses (None: photos are all kept). Returns how many
    entries were removed. A first build with no index yet only writes it."""
    paths = {artifact.path for artifact in artifacts}
    previous = _index(cache_dir)
    index = {path: key for path, key in (previous or {}).items() if path in paths}
    index.update((path, key) for path, key in used.items() if path in paths)
    index = dict(sorted(index.items()))
    write_json(cache_dir / INDEX_FILE, index)
    file_memo.remember(cache_dir / INDEX_FILE, _read_index, index)
    if previous is None:
        return 0
    live = set(index.values())
    suffixes = PDF_SUFFIXES | (AUDIO_SUFFIXES if audio else frozenset())
    if cache_dir in _SWEPT:
        dropped = set(previous.values()) - live
        return sum(_remove(cache_dir / f"{key}.{suffix}") for key in dropped for suffix in suffixes)
    _SWEPT.add(cache_dir)
    removed = 0
    with os.scandir(cache_dir) as entries:
        for entry in entries:
            found = _ENTRY.match(entry.name)
            if found and found.group(2) in suffixes and found.group(1) not in live and entry.is_file():
                removed += _remove(Path(entry.path))
    if photos is not None:
        removed += _prune_photos(cache_dir / PHOTO_FOLDER, set(photos))
    return removed


def _prune_photos(folder: Path, live: set[str]) -> int:
    removed = 0
    if not folder.is_dir():
        return removed
    with os.scandir(folder) as entries:
        for entry in entries:
            if _PHOTO_ENTRY.match(entry.name) and entry.name not in live and entry.is_dir():
                shutil.rmtree(entry.path, ignore_errors=True)
                removed += 1
    return removed


def _remove(path: Path) -> int:
    try:
        path.unlink()
    except OSError:         # not there, or in use (Windows): the next sweep tries again
        return 0
    return 1


def _index(cache_dir: Path) -> dict[str, str] | None:
    try:
        return file_memo.read_once(cache_dir / INDEX_FILE, _read_index)
    except (OSError, ValueError):
        return None


def _read_index(path: str) -> dict[str, str]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a cache index")
    return {str(k): str(v) for k, v in data.items()}
