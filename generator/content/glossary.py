"""The glossary's data: fixed terms and their agreed translation per language.

Read from content/glossary.yaml by translations/glossary.py.

Matching is by whole words, ignoring case. In the Vietnamese source the tone
marks count but not where they sit ("hòa" = "hoà"), because folding them away
would make "Đảng" match every "đang"; in a translation matching is fully
folded (a translator typing "Nghi quyet" has used the term).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from ..textfold import contains_phrase

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    source: str                                   # the term in the source language (Vietnamese)
    translations: Mapping[str, tuple[str, ...]]   # lang → agreed forms; missing/empty = not agreed yet
    note: str = ""
    line: int | None = None

    def forms(self, lang: str) -> tuple[str, ...]:
        return self.translations.get(lang, ())


@dataclass(frozen=True)
class Glossary:
    path: Path
    source_language: str
    terms: tuple[Term, ...]

    def missing(self, lang: str) -> list[Term]:
        """Terms with no agreed translation in `lang`."""
        return [t for t in self.terms if not t.forms(lang)]

    def missing_list(self, lang: str) -> str:
        """The terms missing in `lang` as a message lists them: ';' between them, since a term may
        hold a comma ("khoa học, công nghệ") and ', ' would make 8 terms read as 10."""
        return "; ".join(t.source for t in self.missing(lang))

    def terms_in(self, source_text: str) -> list[Term]:
        """Terms the source-language text uses."""
        words = word_keys(source_text)
        return [t for t in self.terms if _contains(words, _term_keys(t.source))]

    def lacking(self, source_text: str, translated_text: str, lang: str) -> list[Term]:
        """Terms the source uses whose agreed `lang` translation the translated text lacks."""
        return [t for t in self.terms_in(source_text)
                if t.forms(lang) and not any(contains_phrase(translated_text, form) for form in t.forms(lang))]


def word_keys(text: str) -> list[str]:
    """Words, lower case, each with its tone mark moved to the end (placement-insensitive)."""
    return [_word_key(word) for word in _WORD.findall(unicodedata.normalize("NFC", text).lower())]


@lru_cache(maxsize=1 << 16)     # a text's words repeat (every segment of every summary is looked at)
def _word_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(sorted(ch for ch in decomposed if ch in _TONE_MARKS))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS)) + tones


@lru_cache(maxsize=4096)        # each term's words, once (not again for every segment)
def _term_keys(source: str) -> tuple[str, ...]:
    return tuple(word_keys(source))


def _contains(words: Sequence[str], phrase: Sequence[str]) -> bool:
    size = len(phrase)
    if size == 0:
        return False
    first, phrase = phrase[0], list(phrase)
    return any(words[i] == first and list(words[i:i + size]) == phrase for i in range(len(words) - size + 1))
