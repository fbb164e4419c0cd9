"""Read a summary's Markdown source into front matter, lead blocks, `##` sections and their blocks.

The one reading of a summary's source text, line by line: the loader keeps it
on the model (`Summary.source`), content/sections.py takes the lines of
headings and points from it, and translations/segments.py cuts translation
segments from it (so a point's Markdown can be handed to a translator and put
back in place).

A section is recognised by an explicit id (`## Anything {#key-points}`) or by
its heading containing a known label, compared folded (no tone marks, no
punctuation, any case), so "Những điểm mới của Nghị quyết" and
"Liên hệ, vận dụng vào thực tiễn" are found as the contract promises.

A block is a top-level list item with everything nested in it (its lazy
continuation lines too), or another block: a paragraph or table with its
following lines, a heading, a fenced code block. Footnote and link
definitions, and blocks that are only HTML comments, are not blocks: they stay
as they are in each file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Mapping, Sequence

from ..textfold import contains_phrase, slugify
from ..vocabulary import EXPLICIT_IDS, SECTION_KEYS

H2 = re.compile(r"^ {0,3}##(?!#)\s*(.*?)\s*#*\s*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
FENCES = ("```", "~~~")                 # what a line matching FENCE holds
_H2_STARTS = ("#", " ")                 # how a line matching H2 starts
ITEM = re.compile(r"^(?P<indent> {0,3})(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+|$)")
HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
OTHER_HEADING = re.compile(r"^ {0,3}#{1,6}\s*(.*?)\s*#*\s*$")      # a heading's text, at any level
DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")         # [^1]: footnote, [name]: url
ATTR_LIST = re.compile(r"\s*\{:?\s*([^}]*)\}\s*$")
_INLINE_MARKS = re.compile(r"(\*\*|__|\*|`|~~)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$", re.S)


@dataclass(frozen=True)
class SourceBlock:
    """A top-level block: lines [start, end) of the file (0-based). A list item (with everything
    nested in it) has its marker with the spacing after it ('- ', '1. '), the column its content
    starts at, and where its text starts on its first line."""

    start: int
    end: int
    marker: str = ""
    content_col: int = 0
    text_col: int = 0


@dataclass(frozen=True)
class SourceSection:
    """A `##` section: lines [start, end), its heading at `start`."""

    anchor: str              # its explicit id, else its title slugified (made unique like python-markdown's toc)
    title: str               # the heading as plain text, as written
    explicit: str | None     # the id written in the heading ({#id}), if any
    start: int
    end: int
    blocks: tuple[SourceBlock, ...]

    @property
    def marker(self) -> str:
        """The list marker its first point uses, if any."""
        return next((b.marker for b in self.blocks if b.marker), "")


@dataclass(frozen=True)
class SummarySource:
    """A summary's Markdown (normalised: LF line endings, NFC; content/reader.py) and what it is
    made of, read on first use and kept with it. The model keeps only the text (saved with the
    session as it is); the loader's first use reads it, and the review in the same process
    finds it read. `front_matter` False: a body alone, with no `---` front matter to look for."""

    text: str
    front_matter: bool = True

    @property
    def lines(self) -> tuple[str, ...]:
        """Split when asked (not kept: the text is kept already)."""
        return tuple(self.text.split("\n"))

    @property
    def front(self) -> tuple[int, int] | None:
        """Indexes of the opening and closing '---'."""
        return self._read[0]

    @property
    def lead(self) -> tuple[SourceBlock, ...]:
        """The blocks before the first `##`."""
        return self._read[1]

    @property
    def sections(self) -> tuple[SourceSection, ...]:
        return self._read[2]

    @cached_property
    def _read(self) -> tuple[tuple[int, int] | None, tuple[SourceBlock, ...], tuple[SourceSection, ...]]:
        return _parse(self.lines, self.front_matter, fenced=any(fence in self.text for fence in FENCES))

    def __reduce__(self) -> tuple:
        """Pickled (a load worker's answer to the build's process) as its text: what was read of
        it stays behind, read again only where asked (a site build never asks)."""
        return SummarySource, (self.text, self.front_matter)


def recognise(heading: str, anchor: str | None, labels: Mapping[str, Sequence[str]]) -> str | None:
    """The section key a heading stands for, or None for an ordinary section."""
    if anchor in EXPLICIT_IDS:
        return EXPLICIT_IDS[anchor]
    for key in SECTION_KEYS:
        if any(contains_phrase(heading, label) for label in labels.get(key, ())):
            return key
    return None


def _parse(lines: Sequence[str], front_matter: bool, fenced: bool = True
           ) -> tuple[tuple[int, int] | None, tuple[SourceBlock, ...], tuple[SourceSection, ...]]:
    """`fenced` False: no line holds a fence (FENCES), so none is looked for line by line."""
    front = front_bounds(lines) if front_matter else None
    body = front[1] + 1 if front else 0
    headings = _headings(lines, body, fenced)
    lead = _blocks(lines, body, headings[0] if headings else len(lines), fenced)
    sections: list[SourceSection] = []
    anchors: dict[str, int] = {}
    for index, start in enumerate(headings):
        end = headings[index + 1] if index + 1 < len(headings) else len(lines)
        title, explicit = _heading_text(lines[start])
        anchor = explicit or slugify(title) or "section"
        if anchor in anchors:  # python-markdown's toc makes duplicates unique the same way
            anchors[anchor] += 1
            anchor = f"{anchor}_{anchors[anchor]}"
        else:
            anchors[anchor] = 0
        sections.append(SourceSection(anchor, title, explicit, start, end, tuple(_blocks(lines, start + 1, end,
                                                                                           fenced))))
    return front, tuple(lead), tuple(sections)


# ---------------------------------------------------------------- front matter

def front_bounds(lines: Sequence[str]) -> tuple[int, int] | None:
    """Indexes of the opening `---` and the closing `---` (or `...`), when there is front matter."""
    if not lines or lines[0].strip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    return (0, end) if end is not None else None


def front_key_span(lines: Sequence[str], front: tuple[int, int], key: str) -> tuple[int, int] | None:
    """Lines [start, end) of a top-level front-matter key and its (possibly multi-line) value."""
    start = next((i for i in range(front[0] + 1, front[1])
                  if re.match(rf"^{re.escape(key)}\s*:", lines[i])), None)
    if start is None:
        return None
    end = start + 1
    while end < front[1] and (not lines[end].strip() or lines[end][:1] in (" ", "\t")):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return start, end


# ---------------------------------------------------------------- body

def _headings(lines: Sequence[str], start: int, fenced: bool = True) -> list[int]:
    found, in_fence = [], False
    for index in range(start, len(lines)):
        line = lines[index]
        if fenced and FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and line[:1] in _H2_STARTS and H2.match(line):
            found.append(index)
    return found


def misplaced_sections(lines: Sequence[str], labels: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Section key → 0-based line of the first `#` or `###`… heading that would be that section
    written `##`: an editor's slip that otherwise only reads as the section missing."""
    found: dict[str, int] = {}
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and HEADING.match(line) and not H2.match(line):
            key = recognise(*_heading_text(line, OTHER_HEADING), labels)
            if key is not None:
                found.setdefault(key, index)
    return found


def _heading_text(line: str, pattern: re.Pattern[str] = H2) -> tuple[str, str | None]:
    """Plain title of a `##` line (or one `pattern` reads) and its explicit id ({#id}), if any."""
    title = pattern.match(line).group(1)
    explicit = None
    attrs = ATTR_LIST.search(title)
    if attrs:
        ids = [part[1:] for part in attrs.group(1).split() if part.startswith("#")]
        explicit = ids[0] if ids else None
        title = title[:attrs.start()]
    title = _INLINE_MARKS.sub("", _LINK.sub(r"\1", title))
    return " ".join(title.split()), explicit


@dataclass
class _Block:
    start: int
    end: int
    marker: str = ""
    content_col: int = 0
    text_col: int = 0
    skip: bool = False


def indent_of(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _blocks(lines: Sequence[str], start: int, end: int, fenced: bool = True) -> list[SourceBlock]:
    """Top-level blocks of lines [start, end): list items (with all they contain) and other blocks.
    `fenced` False: no line holds a fence."""
    blocks: list[_Block] = []
    current: _Block | None = None
    previous_blank = True
    in_fence = False
    for index in range(start, end):
        line = lines[index]
        if in_fence:
            current.end = index + 1
            if FENCE.match(line.lstrip()) or FENCE.match(line):
                in_fence = False
            continue
        if not line.strip():
            previous_blank = True
            continue
        indent = indent_of(line) if line[0] in " \t" else 0
        item = ITEM.match(line)
        if item and (current is None or not current.marker or indent < current.content_col):
            spaces = len(item["space"].expandtabs(4))
            prefix = item["indent"] + item["marker"] + (item["space"] if 0 < spaces <= 4 else " ")
            current = _Block(index, index + 1, prefix, len(prefix.expandtabs(4)), item.end())
            blocks.append(current)
        elif current is not None and current.marker and (indent >= current.content_col or not previous_blank):
            current.end = index + 1                       # nested content or lazy continuation
        elif current is not None and not current.marker and not previous_blank and not HEADING.match(line) \
                and not current.skip and not HEADING.match(lines[current.start]):
            current.end = index + 1                       # next line of the same paragraph or table
        else:
            current = _Block(index, index + 1, skip=bool(DEFINITION.match(line)))
            blocks.append(current)
        if fenced and (FENCE.match(line) or (current.marker and FENCE.match(line[current.content_col:]))):
            in_fence = True
        previous_blank = False
    for block in blocks:
        if not block.marker and _COMMENT.match("\n".join(lines[block.start:block.end])):
            block.skip = True
    return [SourceBlock(b.start, b.end, b.marker, b.content_col, b.text_col) for b in blocks if not b.skip]


def block_markdown(lines: Sequence[str], block: SourceBlock) -> str:
    """A block's Markdown: a point without its list marker, continuation lines dedented (so a
    translator gets the point alone, and it can be put back under the same marker)."""
    if block.marker:
        parts = [lines[block.start][block.text_col:]]
        for line in lines[block.start + 1:block.end]:
            expanded = line.expandtabs(4)
            parts.append(expanded[min(block.content_col, indent_of(line)):])
        text = "\n".join(parts)
    else:
        text = "\n".join(lines[block.start:block.end])
    return "\n".join(part.rstrip() for part in text.split("\n")).strip("\n")


def last_content(lines: Sequence[str], start: int, end: int) -> int:
    """The index after the last non-blank line of [start, end) (at least start + 1)."""
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end
