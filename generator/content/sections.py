"""Cut a rendered summary into lead, sections and points.

Which section is which, and the lines of headings and points, come from the
one reading of the summary's source (content/source.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from ..vocabulary import DEFAULT_LABELS, EXPLICIT_IDS, REQUIRED_SECTIONS, SECTION_KEYS
from .htmltree import Child, Node, to_text
from .model import Point, Section
from .qa import questions_answers
from .source import SummarySource, recognise

__all__ = ["DEFAULT_LABELS", "EXPLICIT_IDS", "REQUIRED_SECTIONS", "SECTION_KEYS", "SplitBody", "recognise",
           "split_body"]


@dataclass(frozen=True)
class SplitBody:
    lead: tuple[Child, ...]
    sections: tuple[Section, ...]
    footnotes: tuple[Child, ...]


def split_body(nodes: Sequence[Child], source: str | SummarySource, first_line: int,
               labels: Mapping[str, Sequence[str]]) -> SplitBody:
    """Group top-level nodes under their H2; points are the items of a section's lists.
    `source`: the body's Markdown, or the summary as read (content/source.py); `first_line`:
    the line number of its first line."""
    read = source if isinstance(source, SummarySource) else SummarySource(source, front_matter=False)
    heading_lines = [first_line + section.start for section in read.sections]
    item_lines = [[first_line + block.start for block in section.blocks if block.marker]
                  for section in read.sections]
    footnotes: tuple[Child, ...] = ()
    lead: list[Child] = []
    groups: list[tuple[Node, list[Child]]] = []
    for node in nodes:
        if isinstance(node, Node) and node.tag == "div" and "footnote" in (node.attr("class") or "").split():
            footnotes = (node,)
        elif isinstance(node, Node) and node.tag == "h2":
            groups.append((node, []))
        elif groups:
            groups[-1][1].append(node)
        else:
            lead.append(node)
    lines_known = len(heading_lines) == len(groups)
    sections = []
    for index, (heading, body) in enumerate(groups):
        title = to_text(heading.children)
        anchor = heading.attr("id") or ""
        line = heading_lines[index] if lines_known else None
        items = item_lines[index] if lines_known else []
        key = recognise(title, anchor, labels)
        sections.append(Section(
            key=key,
            title=title,
            anchor=anchor,
            heading=heading,
            nodes=tuple(body),
            points=_points(body, items),
            line=line,
            qa=questions_answers(body) if key == "qa" else (),
        ))
    return SplitBody(tuple(lead), tuple(sections), footnotes)


def _points(body: Sequence[Child], item_lines: list[int]) -> tuple[Point, ...]:
    """Each list item is a point; any other block (a paragraph, a table) is a point of its own,
    except a picture after a point, which belongs to that point."""
    points: list[Point] = []
    lines = iter(item_lines)
    for node in body:
        if isinstance(node, str):
            if node.strip():
                points.append(Point(nodes=(node,), text=node.strip(), line=None))
            continue
        if node.tag in ("ul", "ol"):
            for item in node.children:
                if isinstance(item, Node) and item.tag == "li":
                    points.append(Point(nodes=item.children, text=to_text(item.children), line=next(lines, None)))
        elif points and _only_pictures(node):
            # A figure after a point illustrates it: printed under it, not as a numbered point of its own.
            last = points[-1]
            points[-1] = Point(nodes=last.nodes + (node,), text=last.text, line=last.line)
        elif to_text((node,)) or node.tag == "img":
            points.append(Point(nodes=(node,), text=to_text((node,)), line=None))
    return tuple(points)


def _only_pictures(node: Node) -> bool:
    """An image, or a paragraph holding nothing but images, linked or not (`![…](…)` or
    `[![…](…)](…)` on its own)."""
    if node.tag == "img":
        return True
    if node.tag not in ("p", "a"):
        return False
    children = [c for c in node.children if not (isinstance(c, str) and not c.strip())]
    return bool(children) and all(isinstance(c, Node) and _only_pictures(c) for c in children)
