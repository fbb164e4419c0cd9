"""The search postings saved with the cache, so that a new process folds only the changed documents.

Indexing every document again (flattening each summary to text, folding its
words) was a large part of a one-edit rebuild in a new process: 0.7 s of CPU
at 1 000 resolutions. After a CLI build the postings of each language (index.Postings:
each document's key and words, each word's set of documents) are written to
the cache folder, a file per language: an edit writes (and the next process
reads) only the languages whose index it made again. The next process starts
from them as `serve` does from memory, and the index it writes is the same,
byte for byte.

Each file is data (JSON), sealed like every cache entry (cache_seal.py) and
ignored when it does not verify, when the generator's code changed (the words
of a key are what this code folds), or when anything in it is not of the form
this module writes; that language's index is then made from every document again.
The cache sweep (cache_gc.py) removes the files of languages the output no longer has, and the
earlier single file of every language.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

from ...cache_gc import postings_file
from ...code_hash import code_fingerprint
from ...machinery.cache_seal import read_json, write_json
from .index import BITMAP, BITMAP_DIGITS, Postings

FORMAT = 2
# What encode_docs writes: base-36 numbers with commas, or a bitmap.
_CODE = re.compile(rf"^(?:[0-9a-z]+(?:,[0-9a-z]+)*|{re.escape(BITMAP)}[{re.escape(BITMAP_DIGITS)}]*)$")


def load(memo: dict[str, Postings], cache_dir: Path | None, languages: Iterable[str]) -> None:
    """The postings of the `languages` that `memo` (session.search_postings) has none of yet,
    from the cache folder: a new process's; none of a language whose file does not verify."""
    if cache_dir is None:
        return
    for lang in languages:
        if lang in memo:
            continue
        try:
            data = read_json(Path(cache_dir) / postings_file(lang))
            if data.get("format") != FORMAT or data.get("code") != code_fingerprint() or data.get("lang") != lang:
                continue
            memo[lang] = _postings(data["postings"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue


def save(memo: dict[str, Postings], cache_dir: Path | None) -> None:
    """Write the postings of each language whose postings changed since they were read or saved
    (the others' files stay as they are)."""
    if cache_dir is None:
        return
    for lang, postings in sorted(memo.items()):
        if postings.changed:
            write_json(Path(cache_dir) / postings_file(lang), {
                "format": FORMAT, "code": code_fingerprint(), "lang": lang,
                "postings": {"keys": postings.keys, "words": postings.words, "codes": postings.codes}})
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
