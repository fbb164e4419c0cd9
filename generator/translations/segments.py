"""Cut a summary's Markdown into translation segments, each with a stable id and a hash.

Segments, in file order:

- `title`, `summary`: the front-matter values;
- `lead/1`, `lead/2` …: each block (paragraph) before the first `##` heading;
- `key_points/1` …, `new_points/…`, `local_application/…`, `questions/…`: each
  point of a known section (a top-level list item with everything nested in it,
  or any other block of that section), numbered within the section;
- `section/<anchor>`: each other `##` section as a whole, heading included.

A segment's text is its Markdown source: a point without its list marker and
with continuation lines dedented, so that it can be handed to a translator
and put back. Its hash is of that text in NFC with whitespace folded, so
re-wrapping or re-indenting is not a change. Headings of the known sections
are not segments: each language titles them from site.yaml.

Footnote and link definitions, and blocks that are only HTML comments, are
not segments: they stay as they are in each file.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from ..content.reader import normalise_text, parse_yaml
from ..content.sections import recognise
from ..textfold import slugify

# The same reading of the source as content/sections.py (ATX `##`, fences, list items).
H2 = re.compile(r"^ {0,3}##(?!#)\s*(.*?)\s*#*\s*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
ITEM = re.compile(r"^(?P<indent> {0,3})(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+|$)")
HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")         # [^1]: footnote, [name]: url
ATTR_LIST = re.compile(r"\s*\{:?\s*([^}]*)\}\s*$")
_INLINE_MARKS = re.compile(r"(\*\*|__|\*|`|~~)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$", re.S)

GROUP_ORDER_FIRST = ("title", "summary", "lead")
OTHER = "section"


def text_hash(text: str) -> str:
    """Hash of a segment: NFC, whitespace folded."""
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:16]


def group_of(segment_id: str) -> str:
    """'key_points/3' → 'key_points'; 'section/y-kien' → 'section'; 'title' → 'title'."""
    return segment_id.split("/", 1)[0]


@dataclass(frozen=True)
class Segment:
    id: str
    text: str
    start: int          # index (0-based) of its first line in the file
    end: int            # index after its last non-blank line
    marker: str = ""    # a point's list marker with its spacing ('- ', '1. '), else ''
    section: str = ""   # title of the section it belongs to (as written)

    @property
    def group(self) -> str:
        return group_of(self.id)

    @property
    def line(self) -> int:
        return self.start + 1

    @property
    def hash(self) -> str:
        return text_hash(self.text)


@dataclass(frozen=True)
class SectionSpan:
    """A `##` section of the file: lines [start, end), heading at `start`."""

    key: str | None
    anchor: str
    title: str
    start: int
    end: int
    marker: str = ""    # the marker its first list item uses, if any


@dataclass(frozen=True)
class Document:
    path: Path | None
    lines: tuple[str, ...]          # normalised text, split on '\n'
    front: tuple[int, int] | None   # indexes of the opening and closing '---'
    segments: tuple[Segment, ...]
    sections: tuple[SectionSpan, ...]

    @property
    def body_start(self) -> int:
        return self.front[1] + 1 if self.front else 0

    def get(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)

    def group(self, name: str) -> list[Segment]:
        return [s for s in self.segments if s.group == name]

    def groups(self) -> list[str]:
        """Group names in file order (title, summary and lead first)."""
        seen: list[str] = [g for g in GROUP_ORDER_FIRST]
        for segment in self.segments:
            if segment.group not in seen:
                seen.append(segment.group)
        for span in self.sections:
            name = span.key or OTHER
            if name not in seen:
                seen.append(name)
        return seen

    def section(self, key: str) -> SectionSpan | None:
        return next((s for s in self.sections if s.key == key), None)


def read_document(path: Path, labels: Mapping[str, Sequence[str]]) -> Document:
    """Segments of a file on disk (raises OSError / UnicodeDecodeError); an unchanged file
    is not parsed again in a long-running process (serve)."""
    frozen_labels = tuple(sorted((key, tuple(names)) for key, names in labels.items()))
    return _parsed(path.read_bytes().decode("utf-8-sig"), frozen_labels, path)


@lru_cache(maxsize=8192)
def _parsed(text: str, labels: tuple[tuple[str, tuple[str, ...]], ...], path: Path) -> Document:
    return parse_document(text, dict(labels), path)


def parse_document(text: str, labels: Mapping[str, Sequence[str]], path: Path | None = None) -> Document:
    lines = tuple(normalise_text(text).split("\n"))
    front = _front_bounds(lines)
    segments: list[Segment] = []
    if front:
        segments += _front_segments(lines, front, path)
    body = front[1] + 1 if front else 0
    headings = _headings(lines, body)
    first_heading = headings[0] if headings else len(lines)
    for number, block in enumerate(_blocks(lines, body, first_heading), start=1):
        segments.append(_block_segment(lines, block, f"lead/{number}", ""))
    sections: list[SectionSpan] = []
    counters: dict[str, int] = {}
    anchors: dict[str, int] = {}
    for index, start in enumerate(headings):
        end = headings[index + 1] if index + 1 < len(headings) else len(lines)
        title, explicit = _heading_text(lines[start])
        key = recognise(title, explicit, labels)
        anchor = explicit or slugify(title) or "section"
        if anchor in anchors:  # python-markdown's toc makes duplicates unique the same way
            anchors[anchor] += 1
            anchor = f"{anchor}_{anchors[anchor]}"
        else:
            anchors[anchor] = 0
        blocks = _blocks(lines, start + 1, end)
        marker = next((b.marker for b in blocks if b.marker), "")
        sections.append(SectionSpan(key, anchor, title, start, end, marker))
        if key is None:
            last = _last_content(lines, start, end)
            segments.append(Segment(f"{OTHER}/{anchor}", "\n".join(lines[start:last]).strip("\n"),
                                    start, last, "", title))
            continue
        for block in blocks:
            counters[key] = counters.get(key, 0) + 1
            segments.append(_block_segment(lines, block, f"{key}/{counters[key]}", title))
    return Document(path, lines, front, tuple(segments), tuple(sections))


# ---------------------------------------------------------------- front matter

def _front_bounds(lines: Sequence[str]) -> tuple[int, int] | None:
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


def _front_segments(lines: Sequence[str], front: tuple[int, int], path: Path | None) -> list[Segment]:
    doc, _ = parse_yaml("\n".join(lines[front[0] + 1:front[1]]), path or Path("-"), first_line=2)
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    segments = []
    for key in ("title", "summary"):
        value = data.get(key)
        span = front_key_span(lines, front, key)
        if span is None or not isinstance(value, (str, int, float)) or not str(value).strip():
            continue
        segments.append(Segment(key, " ".join(str(value).split()), span[0], span[1]))
    return segments


# ---------------------------------------------------------------- body

def _headings(lines: Sequence[str], start: int) -> list[int]:
    found, in_fence = [], False
    for index in range(start, len(lines)):
        if FENCE.match(lines[index]):
            in_fence = not in_fence
        elif not in_fence and H2.match(lines[index]):
            found.append(index)
    return found


def _heading_text(line: str) -> tuple[str, str | None]:
    """Plain title of a `##` line and its explicit id ({#id}), if any."""
    title = H2.match(line).group(1)
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
    skip: bool = False


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _blocks(lines: Sequence[str], start: int, end: int) -> list[_Block]:
    """Top-level blocks of lines [start, end): list items (with all they contain) and other blocks."""
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
        indent = _indent(line)
        item = ITEM.match(line)
        if item and (current is None or not current.marker or indent < current.content_col):
            spaces = len(item["space"].expandtabs(4))
            prefix = item["indent"] + item["marker"] + (item["space"] if 0 < spaces <= 4 else " ")
            current = _Block(index, index + 1, prefix, len(prefix.expandtabs(4)))
            blocks.append(current)
        elif current is not None and current.marker and (indent >= current.content_col or not previous_blank):
            current.end = index + 1                       # nested content or lazy continuation
        elif current is not None and not current.marker and not previous_blank and not HEADING.match(line) \
                and not current.skip and not HEADING.match(lines[current.start]):
            current.end = index + 1                       # next line of the same paragraph or table
        else:
            current = _Block(index, index + 1, skip=bool(DEFINITION.match(line)))
            blocks.append(current)
        if FENCE.match(line) or (current.marker and FENCE.match(line[current.content_col:])):
            in_fence = True
        previous_blank = False
    for block in blocks:
        if not block.marker and _COMMENT.match("\n".join(lines[block.start:block.end])):
            block.skip = True
    return [b for b in blocks if not b.skip]


def _block_segment(lines: Sequence[str], block: _Block, segment_id: str, section: str) -> Segment:
    if block.marker:
        first = ITEM.match(lines[block.start])
        parts = [lines[block.start][first.end():]]
        for line in lines[block.start + 1:block.end]:
            expanded = line.expandtabs(4)
            parts.append(expanded[min(block.content_col, _indent(line)):])
        text = "\n".join(parts)
    else:
        text = "\n".join(lines[block.start:block.end])
    text = "\n".join(part.rstrip() for part in text.split("\n")).strip("\n")
    return Segment(segment_id, text, block.start, block.end, block.marker, section)


def _last_content(lines: Sequence[str], start: int, end: int) -> int:
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def render_point(text: str, marker: str = "- ") -> list[str]:
    """A point's lines in a file: its marker, continuation lines indented under it."""
    pad = " " * len(marker)
    lines = text.split("\n")
    return [marker + lines[0]] + [pad + line if line.strip() else "" for line in lines[1:]]
