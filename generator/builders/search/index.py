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
from dataclasses import dataclass, field
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
    """One search result: what is shown, and what it is found by."""

    title: str
    code: str
    date: str
    path: str
    kind: str
    # Changes whenever the text does: the postings of a document are found again by it (in a
    # rebuild, and from the cache in a new process), so only a document with a new key is
    # flattened to text and folded.
    key: str
    flatten: Callable[[], tuple[str, ...]] = field(repr=False, compare=False)

    @classmethod
    def of_text(cls, title: str, code: str, date: str, path: str, kind: str, text: tuple[str, ...]) -> Document:
        """A document whose text is at hand (its key: the text's digest)."""
        return cls(title, code, date, path, kind, text_digest(text), lambda: text)

    @property
    def text(self) -> tuple[str, ...]:
        """Title, code, kind, summary, lead, sections, topics: flattened when asked."""
        return self.flatten()

    @property
    def text_bytes(self) -> int:
        return sum(len(part.encode("utf-8")) for part in self.text)


class DocumentMaker:
    """The documents of one language's index, with what many of them share looked
    up once per build: a kind's name through the catalog, a topic's name, a date as shown."""

    def __init__(self, config: SiteConfig, lang: str, gettext: Callable[[str], str],
                 flattened: dict[int, tuple[Summary, tuple[str, ...]]] | None = None):
        self.config, self.lang, self.gettext, self.flattened = config, lang, gettext, flattened
        self._kind_names = config.kind_names()
        self._kinds: dict[str, str] = {}
        self._topics: dict[str, str] = {}
        self._dates: dict[Any, str] = {}

    def document(self, edition: Edition, path: str) -> Document:
        res, summary, config = edition.resolution, edition.summary, self.config
        kind = self._kinds.get(res.kind)
        if kind is None:
            kind = self._kinds[res.kind] = self.gettext(self._kind_names.get(res.kind, res.kind))
        topics = [self._topic(t) for t in res.topics]
        date = self._dates.get(res.issued)
        if date is None:
            date = self._dates[res.issued] = format_date(res.issued)
        head = (summary.title, res.code, kind, summary.summary)
        # The lead and the sections are made from the summary's file (its hash) as site.yaml says
        # (the section labels): the key names those instead of the flattened text.
        key = text_digest((*head, *topics, "", summary.source_hash, config.source_hash))
        flattened = self.flattened
        return Document(summary.title, res.code, date, path, kind, key,
                        lambda: tuple(part for part in (*head, *_summary_text(summary, flattened), *topics) if part))

    def _topic(self, slug: str) -> str:
        name = self._topics.get(slug)
        if name is None:
            name = self._topics[slug] = self.config.topic_name(slug, self.lang)
        return name


def _summary_text(summary: Summary, flattened: dict[int, tuple[Summary, tuple[str, ...]]] | None) -> tuple[str, ...]:
    """The lead and the sections as plain text."""
    known = flattened.get(id(summary)) if flattened is not None else None
    if known is None or known[0] is not summary:
        known = (summary, (to_text(summary.lead), *(part for s in summary.sections
                                                   for part in (s.title, to_text(s.nodes)))))
        if flattened is not None:
            flattened[id(summary)] = known
    return known[1]


def words(text: str) -> list[str]:
    """The folded words of a text: 'Nghị quyết 57-NQ/TW' → ['nghi', 'quyet', '57', 'nq', 'tw']."""
    return [word for token in text.split() for word in _folded_token(token)]


@lru_cache(maxsize=1 << 16)
def _folded_token(token: str) -> tuple[str, ...]:
    # Folding is per character, so a text folds token by token, and a language has far
    # fewer distinct tokens than a site has words.
    return tuple(fold(token).split())


def text_digest(text: tuple[str, ...]) -> str:
    """A short stable hash of a document's text (for fingerprints: the texts of a whole
    site are megabytes, their digests a few kilobytes)."""
    return hashlib.sha1("\0".join(text).encode("utf-8")).hexdigest()[:20]


def document_words(text: tuple[str, ...]) -> frozenset[str]:
    """The distinct folded words of a document's text."""
    return frozenset(word for part in text for word in words(part))


def build_index(lang: str, documents: Iterable[Document], memo: dict[str, Postings]) -> dict[str, Any]:
    """`memo`: the build session's postings by language (session.search_postings), updated."""
    docs = list(documents)
    codes = postings(memo, lang, docs).codes
    groups: dict[str, list[str]] = defaultdict(list)
    for word in sorted(codes):
        groups[codes[word]].append(word)
    return {
        "lang": lang,
        "docs": [[d.title, d.code, d.date, d.path, d.kind] for d in docs],
        "words": {ids: " ".join(group) for ids, group in sorted(groups.items())},
    }


@dataclass
class Postings:
    """Which documents each word is found in, for the documents of a language's last index."""

    keys: list[str]             # each document's key (Document.key), in index order
    words: list[str]            # each document's distinct words (document_words), separated by spaces
    codes: dict[str, str]       # word → the documents it is found in (encode_docs)
    changed: bool = True        # since it was read from the cache or saved there (saved.py)


def postings(memo: dict[str, Postings], lang: str, docs: list[Document]) -> Postings:
    """The postings of `docs`, made from the language's last ones in `memo` (a rebuild after an
    edit folds only the documents whose key changed) and kept there for the next build."""
    last = memo.get(lang)
    keys = [doc.key for doc in docs]
    if last is not None and last.keys == keys:
        return last
    if last is not None and len(last.keys) == len(keys):
        changed = [n for n, (old, new) in enumerate(zip(last.keys, keys)) if old != new]
        if len(changed) <= len(keys) // 10:
            _update(last, docs, changed)
            return last
    # Documents added, removed or moved: every number may have changed. The words of a
    # document known by its key are taken as they were; only the others are folded.
    known = dict(zip(last.keys, last.words)) if last is not None else {}
    texts: list[str] = []
    found_in: dict[str, list[int]] = defaultdict(list)
    for number, doc in enumerate(docs):
        if doc.key in known:
            text = known[doc.key]
            found = text.split()
        else:
            found = document_words(doc.text)
            text = " ".join(found)
        texts.append(text)
        for word in found:
            found_in[word].append(number)
    made = memo[lang] = Postings(keys, texts, {word: encode_docs(found) for word, found in found_in.items()})
    return made


def _update(last: Postings, docs: list[Document], changed: list[int]) -> None:
    """The documents at the `changed` numbers have a new text: only the words they gained or
    lost get a new set of documents."""
    touched: dict[str, set[int]] = {}
    for number in changed:
        found = document_words(docs[number].text)
        text = " ".join(found)
        old, new = set(last.words[number].split()), found
        for word in old ^ new:
            if word not in touched:
                touched[word] = set(decode_docs(last.codes[word])) if word in last.codes else set()
            if word in new:
                touched[word].add(number)
            else:
                touched[word].discard(number)
        last.keys[number], last.words[number] = docs[number].key, text
    for word, found in touched.items():
        if found:
            last.codes[word] = encode_docs(found)
        else:
            last.codes.pop(word, None)
    last.changed = True


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
