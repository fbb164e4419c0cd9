"""The search postings saved with the cache, so that a new process folds only the changed documents.

Indexing every document again (flattening each summary to text, folding its
words) was a large part of a one-edit rebuild in a new process: 0.7 s of CPU
at 1 000 resolutions. After a CLI build the postings of each language (index.Postings:
each document's key and words, each word's set of documents) are written to
the cache folder; the next process starts from them as `serve` does from
memory, and the index it writes is the same, byte for byte.

The file is data (JSON), sealed like every cache entry (cache_seal.py) and
ignored when it does not verify, when the generator's code changed (the words
of a key are what this code folds), or when anything in it is not of the form
this module writes; the index is then made from every document again.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

from ...machinery.buildstate import code_fingerprint
from ...machinery.cache_seal import read_json, write_json
from .index import BITMAP, BITMAP_DIGITS, Postings

POSTINGS_FILE = "search-postings.json"
FORMAT = 1
# What encode_docs writes: base-36 numbers with commas, or a bitmap.
_CODE = re.compile(rf"^(?:[0-9a-z]+(?:,[0-9a-z]+)*|{re.escape(BITMAP)}[{re.escape(BITMAP_DIGITS)}]*)$")


def load(memo: dict[str, Postings], cache_dir: Path | None, languages: Iterable[str]) -> None:
    """The postings of the `languages` that `memo` (session.search_postings) has none of yet,
    from the cache folder: a new process's; nothing when the file does not verify."""
    missing = [lang for lang in languages if lang not in memo]
    if cache_dir is None or not missing:
        return
    try:
        data = read_json(Path(cache_dir) / POSTINGS_FILE)
        if data.get("format") != FORMAT or data.get("code") != code_fingerprint():
            return
        found = {lang: _postings(data["languages"][lang]) for lang in missing if lang in data["languages"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return
    memo.update(found)


def save(memo: dict[str, Postings], cache_dir: Path | None) -> None:
    """Write the postings when any language's changed since they were read or saved (`memo`
    holds every language then: load() them first)."""
    if cache_dir is None or not any(p.changed for p in memo.values()):
        return
    write_json(Path(cache_dir) / POSTINGS_FILE, {
        "format": FORMAT, "code": code_fingerprint(),
        "languages": {lang: {"keys": p.keys, "words": p.words, "codes": p.codes} for lang, p in sorted(memo.items())}})
    for postings in memo.values():
        postings.changed = False


def _postings(value: Any) -> Postings:
    """One language's postings as saved; ValueError when they are not what save() writes."""
    keys, words, codes = value["keys"], value["words"], value["codes"]
    if not (isinstance(keys, list) and isinstance(words, list) and isinstance(codes, dict)
            and len(keys) == len(words) and all(isinstance(k, str) for k in keys)
            and all(isinstance(w, str) for w in words)
            and all(isinstance(c, str) and _CODE.match(c) for c in codes.values())):
        raise ValueError("not saved search postings")
    return Postings(keys, words, codes, changed=False)
