"""A line of text shortened by whole words, ending in "…" once cut: the share post's and image's lines
(share/), the short version's message (brief/), the lecturer's outline (lecture/); and wrapped by
measured width (the share image's title, the slides' headings). Its own module,
so that the print builders do not import the share builder (Jinja2, Pillow's card code) before
they send an edit's PDFs to the print worker."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

ELLIPSIS = "…"
_TRAILING = ",;:.-–—"      # punctuation that must not stand before '…'


class Measured(Protocol):
    """A font that measures a run of text (Pillow's FreeTypeFont)."""

    def getlength(self, text: str) -> float: ...


def wrap(text: str, font: Measured, width: float) -> list[str]:
    """Greedy word wrap by measured width; a word wider than the line stays whole on its own line
    (the share image's title, the lecturer's slide headings)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return [line for line in lines if line]


def with_ellipsis(text: str) -> str:
    """A shortened text as shown: trailing punctuation dropped, then '…' (post and image alike)."""
    return text.rstrip(_TRAILING) + ELLIPSIS


@dataclass(frozen=True)
class Line:
    """A line that can lose words from its end; shows '…' once it has."""

    words: tuple[str, ...]
    cut: bool = False

    @classmethod
    def of(cls, text: str) -> "Line":
        return cls(tuple(text.split()))

    @property
    def text(self) -> str:
        shown = " ".join(self.words)
        return with_ellipsis(shown) if self.cut else shown

    def shorter(self) -> "Line":
        return replace(self, words=self.words[:-1], cut=True)

    def shortened_to(self, limit: int) -> "Line":
        line = self
        while len(line.text) > limit and len(line.words) > 1:
            line = line.shorter()
        return line
