"""Spoken form: turn written text into what a loudspeaker reader says.

    >>> spoken_form("Kết luận số 224-KL/TU ngày 1/7/2025.")
    'Kết luận số hai trăm hai mươi tư của Tỉnh ủy ngày một tháng bảy năm hai nghìn không trăm hai mươi lăm.'

The rules and every word are data, one table per language
(generator/spoken/<lang>.yaml: vi, hmn; _markup.yaml is the language-neutral
clean-up they share, and all that `plain_form` applies for a language without a
table); engine.py runs them in order,
numbers.py spells numbers, handlers.py holds the handlers the rules name,
legacy.py detects TCVN3/VNI mojibake.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from .legacy import find_legacy_encoding, legacy_spans

__all__ = [
    "SpokenOptions",
    "LegacyEncodingError",
    "TableError",
    "NoTableError",
    "spoken_form",
    "plain_form",
    "has_table",
    "review_entries",
    "PLAIN",
    "number_to_words",
    "find_legacy_encoding",
    "count_syllables",
    "available_languages",
]

# The engine's names (its rules, numbers and handlers: ≈ 0.007 CPU s of imports), imported when
# first asked for: the loader checks every summary it reads for legacy encodings (legacy.py) and
# needs no more of the package (a site edit reads a summary and speaks nothing).
_ENGINE = frozenset({"CLOSE", "OPEN", "PLAIN", "NoTableError", "apply_rules", "finish", "has_table", "ruleset"})


def __getattr__(name: str) -> Any:
    if name in _ENGINE:
        from . import engine
        return getattr(engine, name)
    if name == "TableError":
        from .numbers import TableError
        return TableError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


LIST_MARKER_MODES = ("drop", "words")
LEGACY_MODES = ("error", "drop", "keep")


@dataclass(frozen=True)
class SpokenOptions:
    """How a site wants its texts read.

    linh_word      the word for an empty tens place: "linh" (105 một trăm linh năm) or "lẻ".
    tu_is_city     /TU and TU are "Thành ủy" (a centrally-run city) instead of "Tỉnh ủy".
    abbreviations  the site's additions and corrections to the abbreviation table (also
                   consulted for the issuer of a document code); an empty value removes one.
    website_phrase what a URL becomes; None: the language table's phrase
                   ("trên trang thông tin điện tử của đơn vị"); "": URLs and e-mail addresses are
                   dropped. An e-mail address otherwise becomes the table's `email_phrase`.
    list_markers   "drop" (default) or "words": a) b) 1. I. at the start of a line, and inside a
                   paragraph after ":" or ";".
    legacy         what spoken_form does with legacy-encoded text (find_legacy_encoding):
                   "error" (raise LegacyEncodingError, the default), "drop" or "keep".
    """

    linh_word: str = "linh"
    tu_is_city: bool = False
    abbreviations: Mapping[str, str] = field(default_factory=dict)
    website_phrase: str | None = None
    list_markers: str = "drop"
    legacy: str = "error"

    def __post_init__(self) -> None:
        if self.list_markers not in LIST_MARKER_MODES:
            raise ValueError(f"list_markers must be one of {LIST_MARKER_MODES}, not {self.list_markers!r}")
        if self.legacy not in LEGACY_MODES:
            raise ValueError(f"legacy must be one of {LEGACY_MODES}, not {self.legacy!r}")
        if not isinstance(self.abbreviations, Mapping):
            raise TypeError("abbreviations must be a mapping of abbreviation to expansion")
        # a private read-only copy: the caller's dict may change, these options do not
        object.__setattr__(self, "abbreviations", MappingProxyType(dict(self.abbreviations)))

    def __hash__(self) -> int:
        return hash((self.linh_word, self.tu_is_city, tuple(sorted(self.abbreviations.items(), key=str)),
                     self.website_phrase, self.list_markers, self.legacy))


class LegacyEncodingError(ValueError):
    """The text holds legacy-encoded (TCVN3/VNI) snippets, which must not be read out;
    `lines` are their line numbers (1-based) in the text."""

    def __init__(self, snippets: list[str], lines: list[int] | None = None):
        self.snippets = snippets
        self.lines = lines or []
        super().__init__("legacy-encoded text: " + "; ".join(snippets))


_DEFAULT = SpokenOptions()


def available_languages() -> list[str]:
    """Languages that have a spoken-form table, e.g. ['hmn', 'vi']."""
    from .engine import available_languages as tables
    return tables()


def spoken_form(text: str, lang: str = "vi", options: SpokenOptions | None = None) -> str:
    """`text` (a paragraph or several lines of Markdown-ish text) as it is to be read aloud.

    Numbers, dates, times, document codes, Roman numerals, abbreviations, units, URLs
    become words; sentence punctuation (. , ; : ? !) stays; "(x)" becomes ", x,";
    Markdown residue and list markers go. Lines are kept. Output is NFC.
    """
    from .engine import CLOSE, OPEN, apply_rules, finish, ruleset
    options = options or _DEFAULT
    rs = ruleset(lang, options)
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace(OPEN, "").replace(CLOSE, "")
    if options.legacy != "keep":
        spans = legacy_spans(text)
        if spans:
            if options.legacy == "error":
                lines = sorted({text.count("\n", 0, a) + 1 for a, _ in spans})
                raise LegacyEncodingError([text[a:b] for a, b in spans], lines)
            for start, end in reversed(spans):
                text = text[:start] + text[end:]
    return finish(apply_rules(text, rs))


def plain_form(text: str, options: SpokenOptions | None = None) -> str:
    """`text` with only the language-neutral clean-up, for a language without a table:
    markup, footnotes, URLs, e-mail addresses and list markers go; numbers, dates and
    abbreviations stay as written."""
    from .engine import PLAIN
    return spoken_form(text, PLAIN, options)


def review_entries(lang: str) -> dict[str, str]:
    """The entries of a language's table that await a native speaker's review
    (its `review:` section: entry -> what is said meanwhile), {} when none."""
    from .engine import load_table
    review = load_table(lang).get("review") or {}
    return {str(k): str(v) for k, v in review.items()}


def number_to_words(n: int, lang: str = "vi", options: SpokenOptions | None = None) -> str:
    """A whole number in words: 2016 -> 'hai nghìn không trăm mười sáu'; -5 -> 'âm năm'."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"number_to_words needs an int, not {type(n).__name__}")
    from .engine import ruleset
    return ruleset(lang, options or _DEFAULT).context.numbers.cardinal(n)


_SYLLABLE_SPLIT = re.compile(r"[\s\-‐‑‒–—/]+")
_HAS_WORD = re.compile(r"[^\W_]")


def count_syllables(text: str) -> int:
    """Words separated by spaces or hyphens, punctuation ignored: for reading-time estimates.

    Meant for spoken text (run spoken_form first: '2016' counts 1 as written).
    """
    return sum(1 for token in _SYLLABLE_SPLIT.split(text or "") if _HAS_WORD.search(token))
