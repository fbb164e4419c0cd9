"""Find Vietnamese text in legacy 8-bit encodings shown as Unicode (mojibake).

Before Unicode, Vietnamese was typed in TCVN3 (ABC, ".Vn" fonts) or VNI
fonts. Pasted into a Unicode document the letters come out wrong:

* TCVN3: "Uû ban nh©n d©n" (Ủy ban nhân dân), "§¶ng", "ViÖt Nam" — symbols
  of Latin-1 (© ® § ¶ ¸ ¹ µ ...) and capitals (Ö Ó Þ) inside words;
* VNI: "UÛy ban nhaân daân", "Ñaûng" — a base vowel followed by a second
  letter carrying the mark (aâ aù eá oä), and letters Vietnamese never uses
  (ñ ö û ø ï ä ë);
* UTF-8 read as Windows-1252: "Viá»‡t", "Ä‘".

Such text must never be read out: this module finds it so that it can be
reported. The signals are about characters, not words, so they are the same
for every language; Hmong RPA and normal Vietnamese (NFC, either tone
placement: hòa / hoà, thủy / thuỷ) never trigger them.
"""
from __future__ import annotations

import re
import unicodedata

# Latin-1 letters that Vietnamese uses (NFC); every other Latin-1 letter is foreign.
_VIET_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_LATIN1_LETTERS = {chr(c) for c in range(0xC0, 0x100)} - {"×", "÷"}
# Ð/ð (eth) is a common look-alike typed for Đ/đ: wrong, but not legacy encoding.
_FOREIGN_LETTERS = _LATIN1_LETTERS - _VIET_LATIN1 - {"Ð", "ð"}
# Latin-1 symbols that TCVN3 uses for letters. Not ° ² ³ (units), not « » (quotes, handled apart).
_SYMBOLS = {chr(c) for c in range(0xA1, 0xC0)} - {"°", "²", "³", "«", "»"} | {"×", "÷"}

_WORD_CHAR = re.compile(r"[^\W\d_]")

_STRONG = [
    # TCVN3: a capital Latin-1 letter right after a small letter: ViÖt, triÓn, NghÞ
    re.compile(r"[a-z\u00df-\u00ff][\u00c0-\u00de]"),
    # VNI: a vowel followed by a second vowel letter carrying the mark
    re.compile(r"[aAeE][\u00c0-\u00ff]"),
    re.compile(r"[oO][ÂÊÔÙÚÕÌÍÒÓÝâêôùúõìíòóý]"),
    re.compile(r"[uU][ÙÚÕÒùúõò]"),
    # « » inside a word: TCVN3 ô / ằ (c«ng = công)
    re.compile(r"[^\W\d_][«»][^\W\d_]"),
    # UTF-8 read as Windows-1252
    re.compile(r"Ã[\u0080-\u00bf]|Ä[\u0080-\u00bf‘’]|Æ[\u0080-\u00bf]|á[º»]\S|â€[\u0080-\u00bf\u2018-\u203a™œ]"),
]


# Every strong sign above needs one of these somewhere in the text: a Latin-1 symbol or
# control, €, "Ä‘", a capital Latin-1 letter after a small letter, or a vowel followed
# by a Latin-1 letter. Clean Vietnamese and Hmong almost never contain one, so
# a single search settles most texts without the word-by-word scan.
_MAYBE_STRONG_SIGNS = (r"[\u0080-\u00bf×÷€]", "Ä[‘’]", *(p.pattern for p in _STRONG[:4]))
_MAYBE_STRONG = re.compile("|".join(_MAYBE_STRONG_SIGNS))



def _rarer_first(sign: str) -> str:
    """A pair of character classes "[A][B]" as "[B](?<=[A].)": the same matches, found by
    scanning for B (a Latin-1 letter) rather than trying A (most small letters) everywhere."""
    first, bracket, second = sign.partition("][")
    return f"[{second}(?<={first}].)" if bracket and first.startswith("[") and second.endswith("]") else sign


# The same signs searched one by one (may_be_legacy, on whole files): the regular-expression
# engine scans quickly for a pattern's first character set, while their alternation it tries
# at every position.
_MAYBE_STRONG_PARTS = tuple(re.compile(_rarer_first(sign)) for sign in _MAYBE_STRONG_SIGNS)


def _strong(token: str) -> bool:
    for i, ch in enumerate(token):
        if ch in _SYMBOLS:
            before = token[i - 1] if i else ""
            after = token[i + 1] if i + 1 < len(token) else ""
            if _WORD_CHAR.match(before or " ") or _WORD_CHAR.match(after or " "):
                return True
    return any(p.search(token) for p in _STRONG)


def _weak(token: str) -> bool:
    """A letter Vietnamese never uses (ñ ö û ...): also a foreign name (Müller), so weak alone."""
    return any(ch in _FOREIGN_LETTERS for ch in token)


def _runs(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, strong) of each suspicious run of words, line by line."""
    runs: list[tuple[int, int, bool]] = []
    for line in re.finditer(r"[^\n]+", text):
        tokens = [(t.start() + line.start(), t.end() + line.start(), t.group()) for t in re.finditer(r"\S+", line.group())]
        current: list[int] | None = None  # [start, end, strong, gap]
        for start, end, token in tokens:
            strong = _strong(token)
            flagged = strong or _weak(token)
            if flagged:
                if current is not None and current[3] <= 2:
                    current[1], current[2], current[3] = end, current[2] or strong, 0
                else:
                    if current is not None:
                        runs.append((current[0], current[1], bool(current[2])))
                    current = [start, end, strong, 0]
            elif current is not None:
                current[3] += 1
        if current is not None:
            runs.append((current[0], current[1], bool(current[2])))
    return runs


def may_be_legacy(text: str) -> bool:
    """False when no line of `text` can be legacy-encoded (find_legacy_encoding finds nothing
    in any): one search of the whole text instead of one a line."""
    text = unicodedata.normalize("NFC", text)
    return any(part.search(text) for part in _MAYBE_STRONG_PARTS)


def legacy_spans(text: str) -> list[tuple[int, int]]:
    """Positions of the offending snippets in `text` (see find_legacy_encoding)."""
    text = unicodedata.normalize("NFC", text)
    if not _MAYBE_STRONG.search(text):
        return []
    runs = _runs(text)
    if not any(strong for _, _, strong in runs):
        return []
    return [(start, end) for start, end, _ in runs]


def find_legacy_encoding(text: str) -> list[str]:
    """The snippets of `text` that are legacy-encoded Vietnamese (TCVN3, VNI, UTF-8 read as
    Windows-1252); [] for clean Unicode. Words with letters Vietnamese never uses
    (ü, ñ ...) are reported only when the text also shows a sure sign of legacy encoding,
    so a foreign name alone (Müller) is not reported.
    """
    text = unicodedata.normalize("NFC", text)
    return [text[start:end] for start, end in legacy_spans(text)]
