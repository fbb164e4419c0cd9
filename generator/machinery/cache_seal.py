"""Cache files carry a checksum of what they hold, checked on every read.

A cache entry is trusted by its name (a hash of its inputs), so one flipped byte on
an old disk went into every output made from it: 45 PDFs once. Each cache file now
ends with a short trailer, the SHA-256 of the bytes before it; a file whose bytes
do not match (damaged, cut short by a full disk, written by an older version) reads
as missing and is made again. Files the build copies as they are (photos) keep
their checksums in their sealed description instead (photos.py).
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from .output_patch import replace_when_free
from .process_owner import PATTERN as OWNER, Owner, this_process

_MARK = b"\n--tuyentruyen-sha256 "
_TEMPORARY = re.compile(rf"^\..+\.{OWNER}\.tmp$")       # write_sealed's name while it writes
_TRAILER = len(_MARK) + 64 + 1          # the mark, 64 hex digits, a line break


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sealed(data: bytes) -> bytes:
    """`data` with its checksum trailer."""
    return data + _MARK + digest(data).encode("ascii") + b"\n"


def unsealed(blob: bytes) -> bytes | None:
    """The bytes `sealed` was given, or None when the blob is not exactly what it wrote."""
    if len(blob) < _TRAILER or not blob.endswith(b"\n"):
        return None
    data, trailer = blob[:-_TRAILER], blob[-_TRAILER:]
    if not trailer.startswith(_MARK) or trailer[len(_MARK):-1] != digest(data).encode("ascii"):
        return None
    return data


def write_sealed(path: Path, data: bytes) -> None:
    """Written whole under another name, then renamed in place: a crash or a full disk
    never leaves half an entry under the real name."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{this_process()}.tmp")
    try:
        temporary.write_bytes(sealed(data))
        replace_when_free(temporary, path)       # the entry read by another build now (Windows)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def abandoned(name: str) -> bool:
    """Whether `name` is a half-written entry of a process that is gone (killed mid-write)."""
    found = _TEMPORARY.match(name)
    return found is not None and not Owner.parse(found.group(1), found.group(2)).running()


def read_sealed(path: Path) -> bytes | None:
    """The entry's bytes; None when it is missing, unreadable or damaged."""
    try:
        blob = Path(path).read_bytes()
    except OSError:
        return None
    return unsealed(blob)


def write_json(path: Path, body: Any) -> None:
    write_sealed(path, json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def read_json(path: Path | str) -> Any:
    """A sealed JSON file's value. Raises OSError when it cannot be read, ValueError when it is damaged."""
    data = unsealed(Path(path).read_bytes())
    if data is None:
        raise ValueError(f"damaged cache file: {path}")
    return json.loads(data.decode("utf-8"))
