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
next to a `build`, a `check`) may have just made them.

A build removes the entries the index dropped (an edit's old PDFs) by name. The whole folder
is listed (15 000 files on a large site: 0.02 s of every edit) only when a sweep is due, as
`git gc --auto` decides by a count and Hugo's caches by age: when the index records no sweep,
the last one is older than SWEEP_EVERY, or SWEEP_AFTER_LEFT dropped entries could not be
removed since (too young, or open in another program). What only a sweep finds (what `check`
rendered, half-written entries of killed builds, the photos and share images no page uses any
more, the saved search postings of a language dropped from site.yaml) is thus removed within a
day, and the cache stays bounded.
"""
from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from .machinery.cache_seal import abandoned, read_json, write_json
from .machinery.output import Artifact
from .session import BuildSession

INDEX_FILE = "cache-index.json"
PHOTO_FOLDER = "photos"
SHARE_IMAGE_FOLDER = "share-images"          # one file per page, <lang>-<slug>
QR_CODE_FOLDER = "qr-codes"                  # one file per page, <lang>-<slug> (builders/qr_codes.py)
# A language's saved search postings (builders/search/saved.py); without a language, the earlier
# single file of every language.
_POSTINGS = re.compile(r"^search-postings(?:-.+)?\.json$")
_HASH = "[0-9a-f]{64}"                          # a PDF's or a sound's cache key
_ENTRY = re.compile(rf"^({_HASH})\.(pdf|json|mp3|wav|opus)$")
_PHOTO_ENTRY = re.compile(r"^[0-9a-f]{32}$")
PDF_SUFFIXES = frozenset({"pdf", "json"})       # a PDF (or a lecturer's PPTX) and its page count / type size
CACHED_SUFFIXES = (".pdf", ".pptx")             # output files made through the PDF cache (builders/pdf_jobs.py)
AUDIO_SUFFIXES = frozenset({"mp3", "wav", "opus"})

KEEP_YOUNG = 600                # seconds: entries this recent are kept whatever the index says
SWEEP_EVERY = 24 * 3600         # seconds: the whole folder is swept at least this often…
SWEEP_AFTER_LEFT = 256          # …and as soon as this many dropped entries were left in it since
_KEY = re.compile(rf"^{_HASH}$")


def postings_file(lang: str) -> str:
    """The name of a language's saved search postings in the cache folder, pruned by it."""
    return f"search-postings-{lang}.json"


def page_name(lang: str, slug: str) -> str:
    """A page's file in the folders kept per page (SHARE_IMAGE_FOLDER, QR_CODE_FOLDER), pruned by it."""
    return f"{lang}-{slug}"


@dataclass(frozen=True)
class Sweeps:
    """What the index records of sweeps: when the whole folder was last swept (None: never, or
    an index older than this record), and how many dropped entries were left in it since."""

    swept: float | None = None
    left: int = 0

    def due(self, now: float) -> bool:
        return self.swept is None or not 0 <= now - self.swept < SWEEP_EVERY or self.left >= SWEEP_AFTER_LEFT


def update(cache_dir: Path, output_dir: Path, artifacts: Iterable[Artifact], used: Mapping[str, str], *,
           full: bool, audio: bool, photos: Iterable[str] | None, session: BuildSession) -> int:
    """Record which cache entry each output file came from (`used`: this build's; the
    previous index for the files it reused) and, after a `full` build, remove the entries
    none came from. `audio`: the build made sound files; `photos`: the keys of every photo
    the content uses (None: keep all photos). `session`: the index it read or wrote last.
    Returns how many entries were removed."""
    artifacts = list(artifacts)
    previous, sweeps = _index(session, cache_dir, output_dir)
    files = {**(previous or {}), **used}
    if full:
        paths = {a.path for a in artifacts}
        files = {path: key for path, key in files.items() if path in paths}
    if not full or previous is None or not _names_every_entry(artifacts, files, audio):
        _record(session, cache_dir, output_dir, previous, sweeps, files, sweeps)
        return 0
    live = set(files.values())
    suffixes = PDF_SUFFIXES | (AUDIO_SUFFIXES if audio else frozenset())
    now = time.time()
    if not sweeps.due(now):
        dropped = set(previous.values()) - live
        left = [key for key in dropped if not _remove_entry(cache_dir, key, suffixes)]
        _record(session, cache_dir, output_dir, previous, sweeps, files, Sweeps(sweeps.swept, sweeps.left + len(left)))
        return len(dropped) - len(left)
    locked: list[str] = []
    postings = {postings_file(a.lang) for a in artifacts if a.kind == "search-index" and a.lang}
    removed = _sweep(cache_dir, live, suffixes, postings, locked)
    if photos is not None:
        removed += _prune_photos(cache_dir / PHOTO_FOLDER, set(photos), locked)
    removed += _prune_page_files(cache_dir / SHARE_IMAGE_FOLDER,
                                 {page_name(a.lang, a.slug) for a in artifacts if a.kind == "share-image"}, locked)
    removed += _prune_page_files(cache_dir / QR_CODE_FOLDER,
                                 {page_name(a.lang, a.slug) for a in artifacts if a.slug and a.lang}, locked)
    # An entry another program held (Windows) was skipped: the sweep stays due, the next build tries again.
    _record(session, cache_dir, output_dir, previous, sweeps, files, Sweeps(sweeps.swept if locked else now, 0))
    return removed


def _remove_entry(cache_dir: Path, key: str, suffixes: frozenset[str]) -> bool:
    """The files of one entry the index dropped; whether none of them is left."""
    gone = True
    for suffix in suffixes:
        path = cache_dir / f"{key}.{suffix}"
        if os.path.lexists(path) and not _remove(path):
            gone = False
    return gone


def _sweep(cache_dir: Path, live: set[str], suffixes: frozenset[str], postings: set[str], locked: list[str]) -> int:
    """Every entry of the folder with one of `suffixes` whose key is not `live`, the saved search
    postings but those named in `postings` (the output's languages'), and what killed builds left
    half-written; `locked` gets those another program holds."""
    removed = 0
    with os.scandir(cache_dir) as entries:
        for entry in entries:
            found = _ENTRY.match(entry.name)
            if found and found.group(2) in suffixes and found.group(1) not in live and entry.is_file():
                removed += _remove(Path(entry.path), locked)
            elif (abandoned(entry.name) or _POSTINGS.match(entry.name) and entry.name not in postings) \
                    and entry.is_file():
                removed += _remove(Path(entry.path), locked)
    return removed


def _record(session: BuildSession, cache_dir: Path, output_dir: Path, previous: Mapping[str, str] | None,
            was: Sweeps, files: Mapping[str, str], sweeps: Sweeps) -> None:
    """The new index, written unless it is the previous one (an edit that made no PDF or sound)."""
    if files == previous and sweeps == was:
        return
    files = dict(sorted(files.items()))
    write_json(cache_dir / INDEX_FILE, {"output": str(output_dir), "files": files, "swept": sweeps.swept,
                                        "left": sweeps.left})
    session.changes.remember(cache_dir / INDEX_FILE, _read_index,
                             {"output": str(output_dir), "files": files, "sweeps": sweeps})


def _names_every_entry(artifacts: list[Artifact], files: Mapping[str, str], audio: bool) -> bool:
    """Whether the index knows the cache entry of every cached kind of output file."""
    return all(a.path in files for a in artifacts
               if a.path.endswith(CACHED_SUFFIXES) or (audio and a.kind == "loudspeaker-audio"))


def _prune_photos(folder: Path, live: set[str], locked: list[str]) -> int:
    removed = 0
    if not folder.is_dir():
        return removed
    with os.scandir(folder) as entries:
        for entry in entries:
            # Not used any more, or a temporary folder a killed build left (photos._write).
            unused = _PHOTO_ENTRY.match(entry.name) and entry.name not in live
            if (unused or entry.name.startswith(".")) and entry.is_dir() and not _young(entry.path):
                shutil.rmtree(entry.path, ignore_errors=True)
                if os.path.exists(entry.path):
                    locked.append(entry.name)
                else:
                    removed += 1
    return removed


def _prune_page_files(folder: Path, live: set[str], locked: list[str]) -> int:
    """The files kept per page (share images, QR codes) of pages the output no longer has (a
    resolution deleted or renamed, a language dropped), and what a killed build left half-written."""
    removed = 0
    if not folder.is_dir():
        return removed
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name not in live and entry.is_file():
                removed += _remove(Path(entry.path), locked)
    return removed


def _young(path: str | Path) -> bool:
    try:
        return time.time() - os.stat(path).st_mtime < KEEP_YOUNG
    except OSError:
        return True


def _remove(path: Path, locked: list[str] | None = None) -> int:
    """1 when `path` is removed; 0 when it is young, gone, or held by another program (Windows:
    then named in `locked`, and skipped: the rest is removed all the same)."""
    if _young(path):
        return 0
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    except OSError:         # in use (Windows): the next sweep tries again
        if locked is not None:
            locked.append(path.name)
        return 0
    return 1


def _index(session: BuildSession, cache_dir: Path, output_dir: Path) -> tuple[dict[str, str] | None, Sweeps]:
    """The index's files when it was written for this output folder (else None), and its sweeps."""
    try:
        body = session.changes.read_once(cache_dir / INDEX_FILE, _read_index)
    except (OSError, ValueError):
        return None, Sweeps()
    return body["files"] if body["output"] == str(output_dir) else None, body["sweeps"]


def _read_index(path: str) -> dict:
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise ValueError("not a cache index")
    # Keys become file names: only the hashes this module writes are taken.
    files = {str(k): v for k, v in data["files"].items() if isinstance(v, str) and _KEY.match(v)}
    swept, left = data.get("swept"), data.get("left")
    sweeps = Sweeps(float(swept) if isinstance(swept, (int, float)) and not isinstance(swept, bool) else None,
                    left if isinstance(left, int) and not isinstance(left, bool) and left >= 0 else 0)
    return {"output": str(data.get("output")), "files": files, "sweeps": sweeps}
