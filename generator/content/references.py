"""Where in the Markdown source each image or link destination is written.

The rendered tree keeps no source positions, so a message about a missing
file would otherwise point at the first line that merely mentions its name
(a caption, a sentence). Here the destinations are read from the source the
way Markdown writes them (`](dest)`, `src="dest"`, `[id]: dest`), in order,
so the n-th image or link to a name in the tree is the n-th one written.
"""
from __future__ import annotations

import re
from collections import Counter
from html import unescape

from .markdown_render import outside_fences

# Bounded lengths: a hostile line of many "](" without ")" must not take quadratic time.
_INLINE = re.compile(r"""\]\(\s*(?:<([^>\n]{0,1024})>|([^)\n]{0,1024}?))"""
                     r"""(?:\s+(?:"[^"\n]{0,1024}"|'[^'\n]{0,1024}'|\([^)\n]{0,1024}\)))?\s*\)""")
_ATTRIBUTE = re.compile(r"""\b(?:src|href)\s*=\s*(?:"([^"]{0,1024})"|'([^']{0,1024})'|([^\s>]{1,1024}))""", re.I)
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]{1,1024}\]:\s*(?:<([^>\n]{0,1024})>|(\S{1,1024}))")
# What each of the three needs on a line: a line without any of them has no destination.
_MARKS = ("](", "=", "]:")


class ReferenceLines:
    """The line of each destination written in `source` (whose first line is `first_line`)."""

    def __init__(self, source: str, first_line: int):
        self.source_lines = source.split("\n")
        self.first_line = first_line
        self.lines: dict[str, list[int]] = {}
        self.asked: Counter[str] = Counter()
        if not any(mark in source for mark in _MARKS):
            return                      # no destination written (most summaries: text and lists only)
        for offset, line in outside_fences(self.source_lines):
            if not any(mark in line for mark in _MARKS):
                continue
            found = [m for pattern in (_INLINE, _ATTRIBUTE, _DEFINITION) for m in pattern.finditer(line)]
            for match in sorted(found, key=lambda m: m.start()):
                destination = unescape(next(g for g in match.groups() if g is not None).strip())
                self.lines.setdefault(destination, []).append(first_line + offset)

    def next(self, destination: str) -> int:
        """The line of the next use of `destination` (asked in the order the tree has them);
        a destination not found as written: the first line that mentions it."""
        lines = self.lines.get(destination)
        if lines:
            index = min(self.asked[destination], len(lines) - 1)
            self.asked[destination] += 1
            return lines[index]
        return self.mentioned(destination)

    def embedded(self) -> list[tuple[int, str]]:
        """(line, destination) of each `data:image/…` destination: a picture pasted into the
        text itself, which the sanitiser removes (and which would skip the photo cleaning).
        Other data: URLs are markup to neutralise, not a picture (markdown_render warns)."""
        return sorted((line, destination) for destination, lines in self.lines.items()
                      if "".join(destination[:11].split()).lower().startswith("data:image/") for line in lines)

    def mentioned(self, text: str) -> int:
        """The first line that contains `text` (the first line of the source if none does)."""
        for offset, line in enumerate(self.source_lines):
            if text in line:
                return self.first_line + offset
        return self.first_line
