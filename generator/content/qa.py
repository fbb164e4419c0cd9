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
from typing import Iterator, Sequence

from .htmltree import Child, Node, to_text
from .model import QuestionAnswer

_HEADINGS = ("h3", "h4", "h5", "h6")
_BOLD = ("strong", "b")
# "Hỏi: …?", "Câu hỏi 1: …?", "Câu 2: …?" (the answer: "Đáp: …", "Trả lời: …")
_ASKED = re.compile(r"\s*(?:(?:câu\s+)?hỏi(?:\s+\d+)?|câu\s+\d+)\s*[:.]", re.IGNORECASE)
# a capital letter: "ai phải đáp." or "ai trả lời: …" inside a question is no label
_ANSWERED = re.compile(r"(?<!\S)(?:Đ(?i:áp)\s*[:.]|T(?i:rả\s+lời)\s*:)")
_LABEL_TAGS = ("strong", "b", "em", "i")


def questions_answers(body: Sequence[Child]) -> tuple[QuestionAnswer, ...]:
    pairs: list[tuple[str, list[Child]]] = []
    for node in body:
        if isinstance(node, str):
            if node.strip():
                _answer_of(pairs).append(node)
            continue
        if node.tag in _HEADINGS:
            pairs.append((to_text(node.children), []))
        elif node.tag == "p" and (started := _question_start(node.children)) is not None:
            question, rest = started
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
    """(the question, the rest) when `children` begin "Hỏi:" (the label bold or not): the question
    ends before the first "Đáp:", else with the first line ending in "?", else with the first line."""
    items = list(children)
    if not _ASKED.match(to_text(items)):
        return None
    split = _at_answer_label(items)
    if split is None:
        lines = list(_line_ends(items))
        split = next((line for line in lines if to_text(line[0]).endswith("?")), next(iter(lines), None))
    return (to_text(split[0]), split[1]) if split else (to_text(items), [])


def _at_answer_label(items: list[Child]) -> tuple[list[Child], list[Child]] | None:
    """(before, from) the first "Đáp:" (bold or not) that has an answer after it, on any line."""
    for index, child in enumerate(items):
        if isinstance(child, str):
            starts = [m.start() for m in _ANSWERED.finditer(child)]
        elif child.tag in _LABEL_TAGS and _ANSWERED.match(to_text(child.children)):
            starts = [None]
        else:
            continue
        for at in starts:
            before = [*items[:index], child[:at]] if at is not None else items[:index]
            rest = [child[at:], *items[index + 1:]] if at is not None else items[index:]
            if _has_text(before) and _ANSWERED.sub("", to_text(rest), count=1).strip():
                return before, rest
    return None


def _line_ends(items: list[Child]) -> Iterator[tuple[list[Child], list[Child]]]:
    """(the lines so far, the rest) at each line break (a <br> or a newline) after some text."""
    for index, child in enumerate(items):
        if isinstance(child, Node) and child.tag == "br" and _has_text(items[:index]):
            yield items[:index], items[index + 1:]
        elif isinstance(child, str):
            for at in (i for i, c in enumerate(child) if c == "\n"):
                head = [*items[:index], child[:at]]
                if _has_text(head):
                    yield head, [child[at + 1:].lstrip(" "), *items[index + 1:]]


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
