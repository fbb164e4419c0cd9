"""The client-side search index of one language: what is indexed, and its compact form.

The index ships as a script that assigns a global (no fetch, so search works
from file:// too). Layout, read by templates/site/static/search.js:

    {"lang": "vi",
     "docs": [[title, code, date, path, kind], …],    # newest first; path relative to the search page
     "words": {"0,3": "chuyen doi so", "1": "dat",     # a set of docs → the folded words found in exactly those
               "*-zA": "nghi quyet", …}}

A set of docs is written the shorter way: document numbers in base 36 with
commas ("0,3,1z"), or after a '*' a bitmap, six documents per character of
BITMAP_DIGITS (document 6k+b is bit b of character k). Grouping words by the
documents they occur in keeps the index small: a word costs little more than
its own letters, and the common words of a large site share dense bitmaps.
Words are folded with textfold.fold (no tone marks, đ → d, lower case), the
same way search.js folds what the reader types.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from functools import lru_cache
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ...config import SiteConfig
from ...content.htmltree import to_text
from ...content.model import Edition, Summary
from ...dates import format_date
from ...textfold import fold

GLOBAL = "TUYENTRUYEN_SEARCH"
BITMAP = "*"
BITMAP_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass(frozen=True)
class Document:
    """One search result: what is shown, and all the text it is found by."""

    title: str
    code: str
    date: str
    path: str
    kind: str
    text: tuple[str, ...]      # title, code, kind, summary, lead, sections, topics

    @property
    def text_bytes(self) -> int:
        return sum(len(part.encode("utf-8")) for part in self.text)


def document(edition: Edition, config: SiteConfig, path: str, gettext: Callable[[str], str],
             flattened: dict[int, tuple[Summary, tuple[str, ...]]] | None = None) -> Document:
    """The searchable text of one edition; `path` is its page, relative to the search page."""
    res, summary = edition.resolution, edition.summary
    kind = gettext(config.kind_names().get(res.kind, res.kind))
    topics = [config.topic_name(t, edition.lang) for t in res.topics]
    text = (summary.title, res.code, kind, summary.summary, *_summary_text(summary, {} if flattened is None else flattened), *topics)
    return Document(summary.title, res.code, format_date(res.issued), path, kind,
                    tuple(part for part in text if part))


# id(summary) → (the summary, its lead and sections as plain text). The loader hands back the
# very same Summary while its folder is unchanged, so a rebuild flattens only edited ones.
def _summary_text(summary: Summary, flattened: dict[int, tuple[Summary, tuple[str, ...]]]) -> tuple[str, ...]:
    """`flattened`: the build session's texts by summary (session.search_texts)."""
    known = flattened.get(id(summary))
    if known is None or known[0] is not summary:
        if len(flattened) > 100_000:         # summaries of long-gone builds
            flattened.clear()
        text = (to_text(summary.lead), *(part for s in summary.sections for part in (s.title, to_text(s.nodes))))
        known = flattened[id(summary)] = (summary, text)
    return known[1]


def words(text: str) -> list[str]:
    """The folded words of a text: 'Nghị quyết 57-NQ/TW' → ['nghi', 'quyet', '57', 'nq', 'tw']."""
    return [word for token in text.split() for word in _folded_token(token)]


@lru_cache(maxsize=1 << 16)
def _folded_token(token: str) -> tuple[str, ...]:
    # Folding is per character, so a text folds token by token, and a language has far
    # fewer distinct tokens than a site has words.
    return tuple(fold(token).split())


@lru_cache(maxsize=1 << 14)
def text_digest(text: tuple[str, ...]) -> str:
    """A short stable hash of a document's text (for fingerprints: the texts of a whole
    site are megabytes, their digests a few kilobytes)."""
    return hashlib.sha1("\0".join(text).encode("utf-8")).hexdigest()[:20]


@lru_cache(maxsize=1 << 14)
def document_words(text: tuple[str, ...]) -> frozenset[str]:
    """The distinct folded words of a document's text (remembered: a rebuild re-indexes
    every document, almost all unchanged)."""
    return frozenset(word for part in text for word in words(part))


def build_index(lang: str, documents: Iterable[Document], last: dict[str, _Postings]) -> dict[str, Any]:
    docs = list(documents)
    codes = _postings(last, lang, [doc.text for doc in docs]).codes
    groups: dict[str, list[str]] = defaultdict(list)
    for word in sorted(codes):
        groups[codes[word]].append(word)
    return {
        "lang": lang,
        "docs": [[d.title, d.code, d.date, d.path, d.kind] for d in docs],
        "words": {ids: " ".join(group) for ids, group in sorted(groups.items())},
    }


def prepare_index(lang: str, documents: Iterable[Document], last: dict[str, _Postings]) -> None:
    """Index the documents in memory only, so that the next build_index updates it."""
    _postings(last, lang, [doc.text for doc in documents])


@dataclass
class _Postings:
    """Which documents each word is found in (and that set encoded), for the texts indexed."""

    texts: list[tuple[str, ...]]
    found_in: dict[str, set[int]]
    codes: dict[str, str]


# lang → the postings of its last index: a rebuild after an edit (serve) updates them by the
# few documents whose text changed instead of indexing the whole site again.
def _postings(memo: dict[str, _Postings], lang: str, texts: list[tuple[str, ...]]) -> _Postings:
    """`memo`: the build session's postings by language (session.search_postings)."""
    last = memo.get(lang)
    if last is not None and len(last.texts) == len(texts):
        changed = [n for n, (old, new) in enumerate(zip(last.texts, texts)) if old != new]
        if len(changed) <= len(texts) // 10:
            _update(last, texts, changed)
            return last
    found_in: dict[str, set[int]] = defaultdict(set)
    for number, text in enumerate(texts):
        for word in document_words(text):
            found_in[word].add(number)
    postings = memo[lang] = _Postings(list(texts), dict(found_in),
                                       {word: encode_docs(found) for word, found in found_in.items()})
    return postings


def _update(postings: _Postings, texts: list[tuple[str, ...]], changed: list[int]) -> None:
    touched: set[str] = set()
    for number in changed:
        old, new = document_words(postings.texts[number]), document_words(texts[number])
        for word in old - new:
            postings.found_in[word].discard(number)
        for word in new - old:
            postings.found_in.setdefault(word, set()).add(number)
        touched |= old ^ new
        postings.texts[number] = texts[number]
    for word in touched:
        if postings.found_in[word]:
            postings.codes[word] = encode_docs(postings.found_in[word])
        else:
            del postings.found_in[word], postings.codes[word]


def encode_docs(numbers: Iterable[int]) -> str:
    """A set of document numbers, as a base-36 list or a bitmap, whichever is shorter."""
    ordered = sorted(set(numbers))
    bits = [0] * (ordered[-1] // 6 + 1 if ordered else 0)
    for n in ordered:
        bits[n // 6] |= 1 << (n % 6)
    bitmap = BITMAP + "".join(BITMAP_DIGITS[b] for b in bits)
    if len(bitmap) < 2 * len(ordered) - 1:      # shorter than any list of that many numbers can be
        return bitmap
    listed = ",".join(_base36(n) for n in ordered)
    return bitmap if len(bitmap) < len(listed) else listed


def decode_docs(code: str) -> list[int]:
    """The document numbers of encode_docs' result (search.js does the same)."""
    if not code.startswith(BITMAP):
        return [int(n, 36) for n in code.split(",")]
    return [k * 6 + b for k, digit in enumerate(code[1:])
            for b in range(6) if BITMAP_DIGITS.index(digit) >> b & 1]


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def index_script(index: dict[str, Any]) -> str:
    """The index as a script; its object is plain JSON (read_index_script reads it back)."""
    body = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.{GLOBAL}={body};\n"


def read_index_script(script: str) -> dict[str, Any]:
    """The JSON object of an index script."""
    return json.loads(script[script.index("{"): script.rindex("}") + 1])
