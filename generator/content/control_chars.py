"""Invisible control characters: found (for a warning at their line) and left out of text."""
from __future__ import annotations

import re

# Invisible control characters (pasted from Word, PDF or a terminal) and the two non-characters
# XML forbids: feed.xml, the .ics files and Typst must never see them. Line and page breaks
# from Word (VT, FF, NEL) separate words, so they become a space; the others go.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_AS_SPACE = frozenset("\x0b\x0c\x85")


def without_control_characters(text: str) -> str:
    """`text` with control characters removed (line and page breaks become a space)."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(lambda m: " " if m.group(0) in _AS_SPACE else "", text)


def control_characters(text: str) -> list[tuple[int, int, str]]:
    """(line, column, U+XXXX) of the first control character on each line that has one."""
    found: list[tuple[int, int, str]] = []
    if not CONTROL.search(text):
        return found
    for number, line in enumerate(text.split("\n"), start=1):
        match = CONTROL.search(line)
        if match:
            found.append((number, match.start() + 1, f"U+{ord(match.group(0)):04X}"))
    return found
