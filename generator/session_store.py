"""The build session saved with the cache, so that a new process starts where the last one ended.

A `build` after an edit would otherwise read and parse every resolution folder
again. After each build the model of every folder (with its problems and the
review of its translations) is written to the cache folder; the next process
restores it, and the loader then reads again only the folders whose files
changed (their signature differs), exactly as `serve` does in memory.

The file is data, never code: JSON, decoded only into the model's own
classes (ALLOWED). The cache folder is writable by anyone who can write the
content, and unpickling runs code. It is verified on reading (its SHA-256
seal, cache_seal.py, and the generator's code fingerprint); anything that does not
verify is ignored, and the build reads every folder as a new process always did.
"""
from __future__ import annotations

import dataclasses
from dataclasses import replace
import datetime as dt
import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .machinery.buildstate import code_fingerprint
from .machinery.cache_seal import read_sealed, write_sealed
from .content.htmltree import Node
from .content import model
from .content.model import Resolution
from .content.source import SummarySource
from .diagnostics import Problem, Severity
from .session import BuildSession
from .content.glossary import Glossary, Term

SESSION_FILE = "session.json"
FORMAT = 1
# The only classes a saved session may create (a file naming another one does not verify): the
# model's own data classes (a class added to content/model.py is carried at once), a summary's
# source text, problems and the glossary.
ALLOWED: dict[str, type] = {
    **{name: cls for name, cls in vars(model).items()
       if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__},
    **{cls.__name__: cls for cls in (SummarySource, Problem, Glossary, Term)}}


class NotSaved(ValueError):
    """The session holds a value this format does not carry (nothing is written)."""


def save(session: BuildSession, cache_dir: Path | None, content_dir: Path) -> None:
    """Write the session's loaded folders and their reviews (when they changed since read or
    written). An entry unchanged since then is written from its text as it was read."""
    path = Path(cache_dir) / SESSION_FILE if cache_dir else None
    if path is None or not session.loaded or (session.saved_reads == session.reads and path.is_file()):
        return
    glossary = session.glossaries.get(content_dir)
    try:
        lines = [json.dumps({"content": _where(content_dir), "glossary": _encode(glossary)}, ensure_ascii=False,
                            separators=(",", ":"))]
        for folder, loaded in sorted(session.loaded.items()):
            lines.append(_entry_line(session, folder, loaded, glossary))
    except NotSaved:
        return
    header = json.dumps({"format": FORMAT, "code": code_fingerprint()})
    write_sealed(path, "\n".join([header, *lines]).encode("utf-8"))     # with its checksum (cache_seal.py)
    session.saved_reads = session.reads


def _entry_line(session: BuildSession, folder: str, loaded: tuple, glossary: Glossary | None) -> str:
    signature, site_hash, (resolution, problems) = loaded
    reviewed = session.reviewed.get(resolution.folder) if resolution is not None else None
    if not (reviewed is not None and resolution is not None and reviewed[0] is resolution
            and (reviewed[2] is glossary or reviewed[2] is None)):
        reviewed = None
    known = session.saved_entries.get(folder)
    if known is not None and known[0] is loaded and known[1] is reviewed:
        return known[2]
    parts = encoded_parts((resolution, problems), reviewed and reviewed[3], reviewed and reviewed[1],
                          reviewed is not None and reviewed[2] is not None)
    line = entry_line(folder, signature, site_hash, *parts)
    session.saved_entries[folder] = (loaded, reviewed, line)
    return line


def encoded_parts(loaded: tuple, review: tuple | None, review_site: str | None,
                  with_glossary: bool) -> tuple[str, str]:
    """A folder's model and problems, and the review of its translations, as JSON text: made
    where the folder is read (a worker process of a cold build, in parallel), joined by
    entry_line. Raises NotSaved for a value the format does not carry."""
    encoded_review = None
    if review is not None:
        result, found = review
        # The review only sets each summary's translation status (translations/status.review_one).
        encoded_review = {"site": review_site, "glossary": with_glossary, "problems": _encode(found),
                          "status": {lang: summary.translation_status for lang, summary in result.summaries.items()}}
    return _dumps(_encode(loaded)), _dumps(encoded_review)


def entry_line(folder: str, signature: tuple, site_hash: str, loaded: str, review: str) -> str:
    """One line of the saved session (loaded, review: encoded_parts)."""
    return (f'{{"folder":{_dumps(folder)},"signature":{_dumps(_encode(signature))},"site":{_dumps(site_hash)},'
            f'"loaded":{loaded},"review":{review}}}')


def remember_parts(session: BuildSession, folder: str, parts: tuple[str, str] | None) -> None:
    """The line of a folder just read (its parts encoded by the worker that read it), kept for
    save() so that a cold build does not encode the whole model again at its end."""
    loaded = session.loaded.get(folder)
    if parts is None or loaded is None:
        return
    resolution = loaded[2][0]
    reviewed = session.reviewed.get(resolution.folder) if resolution is not None else None
    session.saved_entries[folder] = (loaded, reviewed, entry_line(folder, loaded[0], loaded[1], *parts))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def restore(session: BuildSession, cache_dir: Path | None, content_dir: Path) -> bool:
    """Fill a new session from the saved one; False (and the session untouched) when there is
    none, or it does not verify."""
    if cache_dir is None or session.loaded:
        return False
    sealed = read_sealed(Path(cache_dir) / SESSION_FILE)     # None: missing or damaged
    if sealed is None:
        return False
    try:
        header, first, *lines = sealed.decode("utf-8").split("\n")
        meta = json.loads(header)
        if meta.get("format") != FORMAT or meta.get("code") != code_fingerprint():
            return False
        data = json.loads(first, object_hook=_decode)
        if data["content"] != _where(content_dir):
            return False
        glossary = data["glossary"]
        entries = [(_restored(json.loads(line, object_hook=_decode), glossary), line) for line in lines]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return False
    for (folder, loaded, reviewed), line in entries:
        session.loaded[folder] = loaded
        if reviewed is not None:
            session.reviewed[loaded[2][0].folder] = reviewed
        session.saved_entries[folder] = (loaded, reviewed, line)
    if glossary is not None:
        session.glossaries[Path(content_dir)] = glossary
    session.saved_reads = session.reads
    session.trees.keep_unused = True
    return True


def _restored(entry: dict, glossary: Glossary | None) -> tuple[str, tuple, tuple | None]:
    """(folder, the loader's entry, the review's entry) of one saved line."""
    resolution, problems = entry["loaded"]
    if not (resolution is None or isinstance(resolution, Resolution)) or not isinstance(entry["site"], str) \
            or not isinstance(entry["folder"], str):
        raise ValueError("not a saved resolution")
    loaded = (entry["signature"], entry["site"], (resolution, list(problems)))
    review = entry["review"]
    if review is None or resolution is None:
        return entry["folder"], loaded, None
    status = review["status"]
    result = replace(resolution, summaries=MappingProxyType(
        {lang: replace(summary, translation_status=status.get(lang)) for lang, summary in resolution.summaries.items()}))
    # The very resolution object the loader hands back, as status._review_once expects.
    return entry["folder"], loaded, (resolution, review["site"], glossary if review["glossary"] else None,
                                     (result, list(review["problems"])))


def _where(content_dir: Path) -> list[str]:
    """The content folder as given and as it resolves: the model's paths are as given, so a
    saved session serves only a build that names the folder the same way from the same place."""
    return [str(content_dir), str(Path(content_dir).resolve())]


# ---------------------------------------------------------------- the codec

def _encode(value: Any) -> Any:
    """Plain JSON data for a value of the model; every non-JSON type tagged with a "$" key."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Node):
        return {"$n": [value.tag, [list(pair) for pair in value.attrs], [_encode(c) for c in value.children]]}
    if isinstance(value, tuple):
        return {"$t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, (dict, MappingProxyType)):
        tag = "$dict" if isinstance(value, dict) else "$m"
        return {tag: [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, Path):
        return {"$p": str(value)}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b": value.hex()}
    if isinstance(value, Severity):
        return {"$s": value.value}
    if dataclasses.is_dataclass(value) and ALLOWED.get(type(value).__name__) is type(value):
        return {"$c": type(value).__name__,
                "f": {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise NotSaved(f"{type(value).__name__} is not saved with the session")


def _decode(obj: dict) -> Any:
    """json.loads' object_hook: the inverse of _encode (inner objects come first)."""
    if len(obj) == 1:
        (tag, value), = obj.items()
        if tag == "$n":
            return Node(value[0], tuple((k, v) for k, v in value[1]), tuple(value[2]))
        if tag == "$t":
            return tuple(value)
        if tag == "$m":
            return MappingProxyType({k: v for k, v in value})
        if tag == "$dict":
            return {k: v for k, v in value}
        if tag == "$p":
            return Path(value)
        if tag == "$d":
            return dt.date.fromisoformat(value)
        if tag == "$dt":
            return dt.datetime.fromisoformat(value)
        if tag == "$b":
            return bytes.fromhex(value)
        if tag == "$s":
            return Severity(value)
    if "$c" in obj:
        cls = ALLOWED[obj["$c"]]                 # KeyError: a class the format does not carry
        return cls(**obj["f"])
    return obj
