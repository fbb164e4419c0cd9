"""Packs of cache entries, each sealed on its own: a new process reads only the entries it needs.

The saved session and the Markdown trees hold one entry per resolution. Kept as one
sealed file each, every `build` read, checked and decoded them whole, and wrote them
whole again after each edit: the cost grew with the site, not with the edit. A pack
holds the entries back to back in one file; its owner's index (a sealed file of its
own, cache_seal.py) names each entry by a `Ref`: where it starts, its length and its
SHA-256. So one entry is read and verified alone (a damaged one reads as missing, the
others stay good), and a build appends only the entries it changed.

Appending never changes the bytes an index points at, so an index written before stays
true (a build killed mid-append leaves only unnamed bytes at the end). Entries no index
names any more are dropped by copying the live ones into a new pack once the dead ones
outweigh them; the owner then writes its index naming the new pack, and the old one is
removed (`remove_others`).
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
from pathlib import Path
from typing import Any, Iterable, Mapping, TypeVar

Ref = tuple[int, int, str]              # offset, length, SHA-256 (hex) of the entry's bytes
Key = TypeVar("Key")
_NAME = re.compile(r"^(?P<stem>[a-z][a-z-]*)\.[0-9a-f]{16}\.pack$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
SLACK = 1 << 20                         # dead bytes always tolerated before a pack is rewritten


class Pack:
    """One pack file of the cache folder (`<stem>.<token>.pack`)."""

    def __init__(self, folder: Path, name: str):
        self.folder = Path(folder)
        self.name = name
        self.path = self.folder / name

    @classmethod
    def new(cls, folder: Path, stem: str) -> "Pack":
        return cls(folder, f"{stem}.{secrets.token_hex(8)}.pack")

    @classmethod
    def named(cls, folder: Path, stem: str, name: Any) -> "Pack | None":
        """The pack an index names; None for a name this module did not make (an index is
        data anyone who can write the cache can change: it never names a path elsewhere)."""
        found = _NAME.match(name) if isinstance(name, str) else None
        return cls(folder, name) if found and found["stem"] == stem else None

    def read(self, ref: Ref) -> bytes | None:
        """The entry's bytes; None when the pack is missing or the bytes are not the sealed ones."""
        offset, length, digest = ref
        try:
            with open(self.path, "rb") as pack:
                pack.seek(offset)
                data = pack.read(length)
        except (OSError, ValueError, OverflowError):
            return None
        return data if len(data) == length and hashlib.sha256(data).hexdigest() == digest else None

    def append(self, entries: Iterable[bytes | tuple[bytes, str]]) -> list[Ref]:
        """Write entries at the end (each bytes, or bytes with their SHA-256 made elsewhere);
        their refs, in order. Raises OSError (a cache that cannot be written)."""
        blobs = [entry if isinstance(entry, tuple) else (entry, hashlib.sha256(entry).hexdigest())
                 for entry in entries]
        if not blobs:
            return []
        self.folder.mkdir(parents=True, exist_ok=True)
        refs = []
        with open(self.path, "ab") as pack:
            offset = pack.seek(0, os.SEEK_END)
            for data, digest in blobs:
                refs.append((offset, len(data), digest))
                offset += len(data)
            pack.write(b"".join(data for data, _ in blobs))
        return refs

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def needs_compacting(self, live: Iterable[Ref]) -> bool:
        """Whether the entries no index names outweigh the live ones (and SLACK)."""
        return self.size() > 2 * sum(length for _, length, _ in live) + SLACK

    def compacted(self, live: Mapping[Key, Ref], stem: str) -> tuple["Pack", dict[Key, Ref]]:
        """A new pack holding only `live` (copied as they are: a damaged entry stays detectable),
        and their refs in it. Raises OSError."""
        with open(self.path, "rb") as old:
            data = old.read()
        fresh = Pack.new(self.folder, stem)
        keys = list(live)
        refs = fresh.append([(data[offset:offset + length], digest) for offset, length, digest
                             in (live[key] for key in keys)])
        return fresh, dict(zip(keys, refs))

    def remove_others(self, stem: str) -> None:
        """The other packs of `stem` in the folder (rewritten, or left by an older index)."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            found = _NAME.match(name)
            if found and found["stem"] == stem and name != self.name:
                try:
                    os.unlink(self.folder / name)
                except OSError:         # in use (Windows): the next compaction tries again
                    pass


def ref_of(value: Any) -> Ref | None:
    """A Ref read back from an index (JSON: a list), or None when it is not one."""
    if isinstance(value, list) and len(value) == 3:
        offset, length, digest = value
        if type(offset) is int and type(length) is int and offset >= 0 and length >= 0 \
                and isinstance(digest, str) and _DIGEST.match(digest):
            return offset, length, digest
    return None
