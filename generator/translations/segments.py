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

The blocks and sections are those of the one reading of the source
(content/source.py) that the loader keeps on the model: during a build the
segments are cut from `Summary.source` (document_of), never from the file again.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from ..content.model import Summary
from ..content.reader import normalise_text, parse_yaml
from ..content.source import SourceBlock, SummarySource, block_markdown, front_key_span, last_content, recognise

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


def document_of(summary: Summary, labels: Mapping[str, Sequence[str]]) -> Document:
    """The segments of a loaded summary, cut from the source the loader read (Summary.source);
    `labels`: its language's section labels (site.yaml)."""
    if summary.source is None:
        raise ValueError(f"{summary.path}: loaded without its source")
    return cut(summary.source, summary.front, labels, summary.path)


def parse_document(text: str, labels: Mapping[str, Sequence[str]], path: Path | None = None) -> Document:
    """The segments of Markdown text that is not loaded (a file an import is about to write)."""
    source = SummarySource(normalise_text(text))
    lines = source.lines
    front: Mapping[str, object] = {}
    if source.front:
        doc, _ = parse_yaml("\n".join(lines[source.front[0] + 1:source.front[1]]), path or Path("-"), first_line=2)
        front = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    return cut(source, front, labels, path)


def cut(source: SummarySource, front: Mapping[str, object], labels: Mapping[str, Sequence[str]],
        path: Path | None) -> Document:
    """Segments of a summary as read: `front` is its front matter's data, `labels` its language's
    section labels."""
    lines = source.lines
    segments: list[Segment] = []
    spans: list[SectionSpan] = []
    if source.front:
        segments += _front_segments(lines, source.front, front)
    for number, block in enumerate(source.lead, start=1):
        segments.append(_block_segment(lines, block, f"lead/{number}", ""))
    counters: dict[str, int] = {}
    for section in source.sections:
        key = recognise(section.title, section.explicit, labels)
        spans.append(SectionSpan(key, section.anchor, section.title, section.start, section.end, section.marker))
        if key is None:
            last = last_content(lines, section.start, section.end)
            segments.append(Segment(f"{OTHER}/{section.anchor}", "\n".join(lines[section.start:last]).strip("\n"),
                                    section.start, last, "", section.title))
            continue
        for block in section.blocks:
            counters[key] = counters.get(key, 0) + 1
            segments.append(_block_segment(lines, block, f"{key}/{counters[key]}", section.title))
    return Document(path, lines, source.front, tuple(segments), tuple(spans))


def _front_segments(lines: Sequence[str], bounds: tuple[int, int], front: Mapping[str, object]) -> list[Segment]:
    segments = []
    for key in ("title", "summary"):
        value = front.get(key)
        span = front_key_span(lines, bounds, key)
        if span is None or not isinstance(value, (str, int, float)) or not str(value).strip():
            continue
        segments.append(Segment(key, " ".join(str(value).split()), span[0], span[1]))
    return segments


def _block_segment(lines: Sequence[str], block: SourceBlock, segment_id: str, section: str) -> Segment:
    return Segment(segment_id, block_markdown(lines, block), block.start, block.end, block.marker, section)


def render_point(text: str, marker: str = "- ") -> list[str]:
    """A point's lines in a file: its marker, continuation lines indented under it."""
    pad = " " * len(marker)
    lines = text.split("\n")
    return [marker + lines[0]] + [pad + line if line.strip() else "" for line in lines[1:]]
