"""Cut a rendered summary into lead, sections and points; recognise the three sections.

A section is recognised by an explicit id (`## Anything {#key-points}`) or by
its heading containing a known label, compared folded (no tone marks, no
punctuation, any case), so "Những điểm mới của Nghị quyết" and
"Liên hệ, vận dụng vào thực tiễn" are found as the contract promises.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..textfold import contains_phrase
from ..vocabulary import DEFAULT_LABELS, EXPLICIT_IDS, REQUIRED_SECTIONS, SECTION_KEYS
from .htmltree import Child, Node, to_text
from .model import Point, Section
from .qa import questions_answers

_ATX_H2 = re.compile(r"^ {0,3}##(?!#)\s*(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_TOP_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+")


@dataclass(frozen=True)
class SplitBody:
    lead: tuple[Child, ...]
    sections: tuple[Section, ...]
    footnotes: tuple[Child, ...]


def recognise(heading: str, anchor: str | None, labels: Mapping[str, Sequence[str]]) -> str | None:
    """The section key a heading stands for, or None for an ordinary section."""
    if anchor in EXPLICIT_IDS:
        return EXPLICIT_IDS[anchor]
    for key in SECTION_KEYS:
        if any(contains_phrase(heading, label) for label in labels.get(key, ())):
            return key
    return None


def split_body(nodes: Sequence[Child], source: str, first_line: int,
               labels: Mapping[str, Sequence[str]]) -> SplitBody:
    """Group top-level nodes under their H2; points are the items of a section's lists."""
    heading_lines, item_lines = _scan_source(source, first_line)
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


def _scan_source(source: str, first_line: int) -> tuple[list[int], list[list[int]]]:
    """Lines of each `## ` heading and of the top-level list items under it."""
    headings: list[int] = []
    items: list[list[int]] = []
    in_fence = False
    for offset, line in enumerate(source.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if _ATX_H2.match(line):
            headings.append(first_line + offset)
            items.append([])
        elif items and _TOP_ITEM.match(line):
            items[-1].append(first_line + offset)
    return headings, items
