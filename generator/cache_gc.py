"""Keep the cache folder to what the current output was made from.

Every edit adds the new PDFs (and sound files) of what changed to the cache
(`.tuyentruyen-cache/`, about 1 MB per edited resolution), and nothing took the
old ones away: on an old office PC a season of editing filled the disk. After
a full build, entries that no output file came from are removed, as Hugo's
`--gc` does, but without a flag to remember.

Which entry each output file came from is kept in `cache-index.json` (output
path -> cache key), updated by every build: files reused from the previous
build (hard-linked, never looked up in the cache) keep their entry through it.
Nothing is removed unless the index names an entry for every PDF and PPTX (and, when
sound was made, every sound file) of the output and was written for this
output folder: after an upgrade, a lost index or a second output folder
sharing the cache, entries are only added, as before. Sound files are only
pruned by a build that made sound (`serve` and `--no-audio` builds must not
throw away minutes of speech synthesis); photos by a full build, which reads
them all; the share images kept with their card (builders/share/card_memo.py) by a full build,
which draws every page's. Entries younger than KEEP_YOUNG are kept: another process (a `serve`
next to a `build`, a `check`) may have just made them. The first prune in a
build session sweeps the whole folder; later ones (serve's rebuilds) only remove the
entries the index dropped, so an edit does not list 15 000 files.
"""
from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import Iterable, Mapping

from .machinery.cache_seal import abandoned, read_json, write_json
from .machinery.output import Artifact
from .session import BuildSession

INDEX_FILE = "cache-index.json"
PHOTO_FOLDER = "photos"
SHARE_IMAGE_FOLDER = "share-images"          # one file per page, <lang>-<slug>
_HASH = "[0-9a-f]{64}"                          # a PDF's or a sound's cache key
_ENTRY = re.compile(rf"^({_HASH})\.(pdf|json|mp3|wav|opus)$")
_PHOTO_ENTRY = re.compile(r"^[0-9a-f]{32}$")
PDF_SUFFIXES = frozenset({"pdf", "json"})       # a PDF (or a lecturer's PPTX) and its page count / type size
CACHED_SUFFIXES = (".pdf", ".pptx")             # output files made through the PDF cache (builders/pdf_jobs.py)
AUDIO_SUFFIXES = frozenset({"mp3", "wav", "opus"})

KEEP_YOUNG = 600                # seconds: entries this recent are kept whatever the index says
_KEY = re.compile(rf"^{_HASH}$")


def update(cache_dir: Path, output_dir: Path, artifacts: Iterable[Artifact], used: Mapping[str, str], *,
           full: bool, audio: bool, photos: Iterable[str] | None, session: BuildSession) -> int:
    """Record which cache entry each output file came from (`used`: this build's; the
    previous index for the files it reused) and, after a `full` build, remove the entries
    none came from. `audio`: the build made sound files; `photos`: the keys of every photo
    the content uses (None: keep all photos). `session`: which cache folders it swept whole
    already, and the index it wrote last. Returns how many entries were removed."""
    artifacts = list(artifacts)
    previous = _index(session, cache_dir, output_dir)
    files = _record(session, cache_dir, output_dir, previous, used, {a.path for a in artifacts} if full else None)
    if not full or previous is None or not _names_every_entry(artifacts, files, audio):
        return 0
    live = set(files.values())
    suffixes = PDF_SUFFIXES | (AUDIO_SUFFIXES if audio else frozenset())
    if cache_dir in session.swept:
        dropped = set(previous.values()) - live
        return sum(_remove(cache_dir / f"{key}.{suffix}") for key in dropped for suffix in suffixes)
    session.swept.add(cache_dir)
    removed = _sweep(cache_dir, live, suffixes)
    if photos is not None:
        removed += _prune_photos(cache_dir / PHOTO_FOLDER, set(photos))
    removed += _prune_share_images(cache_dir / SHARE_IMAGE_FOLDER,
                                   {f"{a.lang}-{a.slug}" for a in artifacts if a.kind == "share-image"})
    return removed


def _sweep(cache_dir: Path, live: set[str], suffixes: frozenset[str]) -> int:
    """Every entry of the folder with one of `suffixes` whose key is not `live`, and what
    killed builds left half-written."""
    removed = 0
    with os.scandir(cache_dir) as entries:
        for entry in entries:
            found = _ENTRY.match(entry.name)
            if found and found.group(2) in suffixes and found.group(1) not in live and entry.is_file():
                removed += _remove(Path(entry.path))
            elif abandoned(entry.name) and entry.is_file():
                removed += _remove(Path(entry.path))
    return removed


def _record(session: BuildSession, cache_dir: Path, output_dir: Path, previous: Mapping[str, str] | None, used: Mapping[str, str],
            paths: set[str] | None) -> dict[str, str]:
    """The new index (the previous one, this build's entries over it, only `paths` when
    given), written unless it is the previous one (an edit that made no PDF or sound);
    returns its files."""
    files = {**(previous or {}), **used}
    if paths is not None:
        files = {path: key for path, key in files.items() if path in paths}
    if files == previous:
        return files
    files = dict(sorted(files.items()))
    body = {"output": str(output_dir), "files": files}
    write_json(cache_dir / INDEX_FILE, body)
    session.changes.remember(cache_dir / INDEX_FILE, _read_index, body)
    return files


def _names_every_entry(artifacts: list[Artifact], files: Mapping[str, str], audio: bool) -> bool:
    """Whether the index knows the cache entry of every cached kind of output file."""
    return all(a.path in files for a in artifacts
               if a.path.endswith(CACHED_SUFFIXES) or (audio and a.kind == "loudspeaker-audio"))


def _prune_photos(folder: Path, live: set[str]) -> int:
    removed = 0
    if not folder.is_dir():
        return removed
    with os.scandir(folder) as entries:
        for entry in entries:
            # Not used any more, or a temporary folder a killed build left (photos._write).
            unused = _PHOTO_ENTRY.match(entry.name) and entry.name not in live
            if (unused or entry.name.startswith(".")) and entry.is_dir() and not _young(entry.path):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed += not os.path.exists(entry.path)
    return removed


def _prune_share_images(folder: Path, live: set[str]) -> int:
    """The images of pages the output no longer has (a resolution deleted or renamed, a language
    dropped), and what a killed build left half-written."""
    removed = 0
    if not folder.is_dir():
        return removed
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name not in live and entry.is_file():
                removed += _remove(Path(entry.path))
    return removed


def _young(path: str | Path) -> bool:
    try:
        return time.time() - os.stat(path).st_mtime < KEEP_YOUNG
    except OSError:
        return True


def _remove(path: Path) -> int:
    if _young(path):
        return 0
    try:
        path.unlink()
    except OSError:         # not there, or in use (Windows): the next sweep tries again
        return 0
    return 1


def _index(session: BuildSession, cache_dir: Path, output_dir: Path) -> dict[str, str] | None:
    """The index's files when it was written for this output folder, else None."""
    try:
        body = session.changes.read_once(cache_dir / INDEX_FILE, _read_index)
    except (OSError, ValueError):
        return None
    return body["files"] if body["output"] == str(output_dir) else None


def _read_index(path: str) -> dict:
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise ValueError("not a cache index")
    # Keys become file names: only the hashes this module writes are taken.
    files = {str(k): v for k, v in data["files"].items() if isinstance(v, str) and _KEY.match(v)}
    return {"output": str(data.get("output")), "files": files}
