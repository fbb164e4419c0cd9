"""The questions and answers of a `## Hỏi – đáp {#qa}` section.

A question is a `###` (or deeper) heading, or a bold line: a paragraph that is
bold as a whole, or whose first line is bold (the answer then follows on the
next line of the same paragraph), or a list item that begins in bold; or, as
people type them, a paragraph or list item whose first line begins "Hỏi:", bold
or not. Everything up to the next question is its answer. Text before the first question is kept
as an answer without a question (the loader warns about it), never dropped.
"""
from __future__ import annotations

import re
from typing import Sequence

from .htmltree import Child, Node, to_text
from .model import QuestionAnswer

_HEADINGS = ("h3", "h4", "h5", "h6")
_BOLD = ("strong", "b")
_ASKED = re.compile(r"\s*hỏi\s*[:.]", re.IGNORECASE)     # "Hỏi: …?" (the answer: "Đáp: …")


def questions_answers(body: Sequence[Child]) -> tuple[QuestionAnswer, ...]:
    pairs: list[tuple[str, list[Child]]] = []
    for node in body:
        if isinstance(node, str):
            if node.strip():
                _answer_of(pairs).append(node)
            continue
        if node.tag in _HEADINGS:
            pairs.append((to_text(node.children), []))
        elif node.tag == "p" and _question_start(node.children) is not None:
            question, rest = _question_start(node.children)
            pairs.append((question, [node.with_children(rest)] if _has_text(rest) else []))
        elif node.tag in ("ul", "ol") and _all_items_bold(node):
            for item in node.children:
                if isinstance(item, Node) and item.tag == "li":
                    question, rest = _question_start(_inline_of(item))
                    pairs.append((question, [Node("p", (), tuple(rest))] if _has_text(rest) else []))
                    first = _first_paragraph(item)
                    pairs[-1][1].extend(c for c in item.children if isinstance(c, Node) and c is not first
                                        and c.tag in ("p", "ul", "ol", "blockquote", "table"))
        else:
            _answer_of(pairs).append(node)
    return tuple(QuestionAnswer(question, tuple(answer)) for question, answer in pairs)


def _answer_of(pairs: list[tuple[str, list[Child]]]) -> list[Child]:
    if not pairs:
        pairs.append(("", []))
    return pairs[-1][1]


def _has_text(nodes: Sequence[Child]) -> bool:
    return bool(to_text(nodes).strip())


def _question_start(children: Sequence[Child]) -> tuple[str, list[Child]] | None:
    return _bold_start(children) or _asked_start(children)


def _asked_start(children: Sequence[Child]) -> tuple[str, list[Child]] | None:
    """(its first line, the rest) when `children` begin "Hỏi:" (the label bold or not)."""
    items = list(children)
    if not _ASKED.match(to_text(items)):
        return None
    for index, child in enumerate(items):
        if isinstance(child, Node) and child.tag == "br":
            return to_text(items[:index]), items[index + 1:]
        if isinstance(child, str) and "\n" in child.strip():
            head, tail = child.lstrip().split("\n", 1)
            return to_text([*items[:index], head]), [tail.lstrip(), *items[index + 1:]]
    return to_text(items), []


def _bold_start(children: Sequence[Child]) -> tuple[str, list[Child]] | None:
    """(question, the rest) when `children` begin with a bold run that ends the line or the block."""
    items = list(children)
    while items and isinstance(items[0], str) and not items[0].strip():
        items.pop(0)
    if not items or not isinstance(items[0], Node) or items[0].tag not in _BOLD:
        return None
    rest = items[1:]
    following = to_text(rest)
    # "**Hỏi:** đáp" on one line is emphasis, not a question: the bold must stand alone on its line.
    if following and not (rest and (isinstance(rest[0], Node) and rest[0].tag == "br"
                                    or isinstance(rest[0], str) and rest[0].startswith("\n"))):
        return None
    if rest and isinstance(rest[0], Node):
        rest = rest[1:]
    elif rest and isinstance(rest[0], str):
        rest = [rest[0].lstrip()] + rest[1:]
    return to_text(items[0].children), rest


def _first_paragraph(item: Node) -> Node | None:
    return next((c for c in item.children if isinstance(c, Node) and c.tag == "p"), None)


def _inline_of(item: Node) -> list[Child]:
    """A list item's first line of inline content (its first paragraph in a loose list)."""
    first = _first_paragraph(item)
    if first is not None:
        return list(first.children)
    return [c for c in item.children if isinstance(c, str) or c.tag not in ("ul", "ol", "p", "blockquote")]


def _all_items_bold(node: Node) -> bool:
    items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
    return bool(items) and all(_question_start(_inline_of(item)) is not None for item in items)
