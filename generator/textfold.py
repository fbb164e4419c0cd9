"""Fold Vietnamese text to one key: no tone marks, đ → d, lower case, no punctuation.

Used only for matching (search, heading recognition, glossary lookup),
never for display: the editor's own spelling is what readers see.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """'Những Điểm mới!' → 'nhung diem moi'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", bare.lower()).replace("_", " ").strip()


def slugify(text: str, separator: str = "-") -> str:
    """A URL-safe ASCII slug: 'Chuyển đổi số' → 'chuyen-doi-so'."""
    return fold(text).replace(" ", separator)


def contains_phrase(haystack: str, needle: str) -> bool:
    """True when the folded `needle` occurs in the folded `haystack` as whole words."""
    hay, need = f" {fold(haystack)} ", f" {fold(needle)} "
    return need.strip() != "" and need in hay
