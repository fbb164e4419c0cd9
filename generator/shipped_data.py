"""Data the package ships compiled from its own source files, as JSON beside them: the
i18n catalogs (i18n/locale/compiled.json, from the .po files) and the spoken-form tables
(spoken/compiled.json, from the YAML). JSON reads in a fraction of the time their sources'
parsers take, in every new process.

One mechanism for both: an index, source name → entry; each entry holds the SHA-256 of the
source's bytes it was made from (`source_sha256`). An entry is used only for those very bytes:
a source edited since is read from the source as before, so it is never stale; the package's
command (`python -m generator.i18n.extract`, `python -m generator.spoken`) writes the index
again, and a test of each fails until then.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol

SOURCE_SHA256 = "source_sha256"


class Readable(Protocol):
    def read_bytes(self) -> bytes: ...


def source_digest(source: bytes) -> str:
    return hashlib.sha256(source).hexdigest()


def entry(source: bytes, **fields: Any) -> dict[str, Any]:
    """An index entry for the source's bytes `source`: its digest, then `fields`."""
    return {SOURCE_SHA256: source_digest(source), **fields}


def entry_for(index: Mapping[str, Any], name: str, source: bytes) -> dict[str, Any] | None:
    """The entry `name` of `index` if it was made from these very bytes (None: not there, or
    the source was edited since)."""
    found = index.get(name)
    if not isinstance(found, dict) or found.get(SOURCE_SHA256) != source_digest(source):
        return None
    return found


def read_index(path: Readable, object_hook: Callable[[dict[str, Any]], Any] | None = None) -> dict[str, Any]:
    """The index at `path` (a file of the package); {} when it is missing or not an index."""
    try:
        data = json.loads(path.read_bytes(), object_hook=object_hook)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_index(path: Path, index: Mapping[str, Any], sort_keys: bool = False) -> None:
    """The index written as the package ships it (one value to a line, UTF-8)."""
    path.write_text(json.dumps(index, ensure_ascii=False, indent=0, sort_keys=sort_keys) + "\n", encoding="utf-8")
