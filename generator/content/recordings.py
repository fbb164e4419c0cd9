"""Human recordings of a loudspeaker script, found in a resolution's folder.

`<lang>.loa.<ext>` is the whole script read by a person; `<lang>.loa.<n>.<ext>`
is its part n. `<lang>.loa.yaml` (written by `tuyentruyen recordings mark`)
says which script the reader read: its fingerprint and sentences, the reader
and the date. Only finding and reading these belongs here; comparing the
mark with today's script is loudspeaker/recordings.py.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..diagnostics import Problem, error, warning
from .folder_files import FolderFiles
from .reader import parse_date, read_yaml

AUDIO_EXTENSIONS = ("mp3", "wav", "m4a", "ogg", "opus")
MARK_SUFFIX = ".loa.yaml"
# hmn.loa.mp3, hmn.loa.2.mp3; any extension, so that an unsupported one is reported, not ignored.
_RECORDING = re.compile(r"^(?P<lang>[^.]+)\.loa(?:\.(?P<part>\d+))?\.(?P<ext>[A-Za-z0-9]+)$")
_OURS = ("txt", "yaml", "md")          # <lang>.loa.txt (the editor's script) and the mark are not sound


@dataclass(frozen=True)
class RecordingMark:
    path: Path
    fingerprint: str
    sentences: tuple[str, ...]
    reader: str
    date: dt.date | None


@dataclass(frozen=True)
class Recording:
    lang: str
    files: tuple[tuple[int | None, Path], ...]   # (part number or None for the whole script, file), in order
    digest: str                                  # of the files' bytes: the processed sound's cache key
    mark: RecordingMark | None = None

    @property
    def whole(self) -> bool:
        return self.files[0][0] is None


def find_recordings(folder: Path, languages: Iterable[str],
                    listed: FolderFiles | None = None) -> tuple[dict[str, Recording], list[Problem]]:
    """The recordings in a resolution folder, per language, with their marks (`listed`: the
    folder's names, when listed already)."""
    listed = listed or FolderFiles(folder)
    known = set(languages)
    problems: list[Problem] = []
    found: dict[str, dict[int | None, Path]] = {}
    for path in listed.everything():
        match = _RECORDING.match(path.name)
        if match is None or not path.is_file() or match["ext"].lower() in _OURS:
            continue
        lang, ext = match["lang"], match["ext"].lower()
        part = int(match["part"]) if match["part"] is not None else None
        if not path.resolve().is_relative_to(folder.resolve()):
            problems.append(error(path, None, "path-outside", ref=path.name))    # a link to a file elsewhere
        elif ext not in AUDIO_EXTENSIONS:
            problems.append(error(path, None, "recording-format", ext=ext, formats=", ".join(AUDIO_EXTENSIONS)))
        elif lang not in known:
            problems.append(error(path, None, "recording-unknown-language", lang=lang, languages=", ".join(sorted(known))))
        elif part == 0:
            problems.append(error(path, None, "recording-part-zero"))
        elif part in found.setdefault(lang, {}):
            problems.append(error(path, None, "recording-twice", other=found[lang][part].name))
        else:
            found[lang][part] = path
    recordings: dict[str, Recording] = {}
    for lang, parts in found.items():
        if not parts:
            continue
        if None in parts and len(parts) > 1:
            problems.append(error(parts[None], None, "recording-whole-and-parts", lang=lang))
            continue
        numbers = sorted(n for n in parts if n is not None)
        if numbers and numbers != list(range(1, len(numbers) + 1)):
            missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
            problems.append(error(parts[numbers[-1]], None, "recording-part-missing", lang=lang,
                                  missing=", ".join(f"{lang}.loa.{n}" for n in missing)))
            continue
        files = tuple(sorted(parts.items(), key=lambda item: item[0] or 0))
        mark, found_problems = read_mark(folder / f"{lang}{MARK_SUFFIX}")
        problems += found_problems
        recordings[lang] = Recording(lang, files, _digest(path for _, path in files), mark)
    for path in listed.ending(MARK_SUFFIX):
        lang = path.name[: -len(MARK_SUFFIX)]
        if lang not in recordings and lang not in found:
            problems.append(warning(path, None, "recording-mark-alone", lang=lang))
    return recordings, problems


def _digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode("utf-8") + b"\0")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def read_mark(path: Path) -> tuple[RecordingMark | None, list[Problem]]:
    """`<lang>.loa.yaml`, or None when there is none; a damaged one is an error naming its line."""
    if not path.is_file():
        return None, []
    doc, problems = read_yaml(path)
    if doc is None:
        return None, problems
    data = doc.data if isinstance(doc.data, dict) else {}
    fingerprint, sentences = data.get("fingerprint"), data.get("sentences")
    if not isinstance(fingerprint, str) or not isinstance(sentences, list):
        key = "fingerprint" if not isinstance(fingerprint, str) else "sentences"
        return None, problems + [error(path, doc.line_of(key) if key in data else 1, "recording-mark-damaged",
                                       key=key)]
    reader = data.get("reader")
    return RecordingMark(path, fingerprint, tuple(str(s) for s in sentences),
                         reader.strip() if isinstance(reader, str) else "",
                         parse_date(data.get("date"))), problems
