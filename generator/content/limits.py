"""How big and how deep a summary or free page may be, with the line where a limit is passed.

A real summary is 300–800 words and a full resolution text under 100 KB. Beyond the
limits below, Markdown's parser recurses past Python's stack, Typst runs out of call
depth or reports an "infinite loop", and a build grows to gigabytes: the editor gets
an error naming the line instead, from `check` as from `build`.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..diagnostics import Problem, error, warning
from .htmltree import VOID_TAGS, Child, Node
from .listindent import normalise_list_indentation

KIB = 1024
MAX_PAGE_BYTES = 512 * KIB          # a summary or page: error beyond
LARGE_PAGE_BYTES = 128 * KIB        # warning beyond
MAX_TEXT_FILE_BYTES = 2 * 1024 * KIB    # any other text file the tool reads (YAML, scripts)
MAX_NESTING = 12                    # lists, quotes and block HTML inside each other
MAX_ELEMENT_DEPTH = 64              # any element, inline ones too (Python's own recursion)
MAX_LIST_ITEMS = 2000
# Typst lays a table out cell by cell and keeps it all: about 100 KB of memory a cell, so the
# cells of all the tables of one summary are limited (a commune list of 30 rows by 10 columns
# is 300), and so are the columns of one table (each is a column on a printed page).
MAX_TABLE_CELLS = 4000
MAX_TABLE_COLUMNS = 30

# Elements that nest blocks: each one is a level of indentation in print.
NESTING_TAGS = frozenset({"ul", "ol", "blockquote", "div", "section", "article", "aside", "table", "dl",
                          "figure", "details", "nav", "header", "footer", "main"})
LIST_TAGS = frozenset({"ul", "ol"})

_QUOTE = re.compile(r"^[ \t]{0,3}((?:>[ \t]?)+)")
_ITEM = re.compile(r"^( *)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(/?)>")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def size_problem(path: Path, size: int) -> Problem | None:
    """An error over MAX_PAGE_BYTES (the file is then not read), a warning over LARGE_PAGE_BYTES."""
    if size > MAX_PAGE_BYTES:
        return error(path, None, "content-too-large", size=_kib(size), limit=MAX_PAGE_BYTES // KIB)
    if size > LARGE_PAGE_BYTES:
        return warning(path, None, "content-large", size=_kib(size), limit=LARGE_PAGE_BYTES // KIB)
    return None


def text_file_problem(path: Path, size: int) -> Problem | None:
    """Any other text file: refused before it is read when it is beyond all reason."""
    if size > MAX_TEXT_FILE_BYTES:
        return error(path, None, "content-too-large", size=_kib(size), limit=MAX_TEXT_FILE_BYTES // KIB)
    return None


def _kib(size: int) -> int:
    return (size + KIB - 1) // KIB


def source_depths(body: str) -> Iterable[tuple[int, int, int]]:
    """(offset of the line, nesting of blocks, nesting of every element) for each line of the
    Markdown source: quote markers, list indentation and open HTML tags, counted as written."""
    open_all = open_blocks = 0
    in_fence = False
    for offset, line in enumerate(normalise_list_indentation(body).split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        quote = _QUOTE.match(line)
        quotes = quote.group(1).count(">") if quote else 0
        rest = line[quote.end():] if quote else line
        item = _ITEM.match(rest)
        indent = len(rest) - len(rest.lstrip(" "))
        lists = len(item.group(1)) // 4 + 1 if item else indent // 4
        deepest_all, deepest_blocks = open_all, open_blocks
        for closing, tag, self_closing in _TAG.findall(rest):
            tag = tag.lower()
            if tag in VOID_TAGS or self_closing:
                continue
            step = -1 if closing else 1
            open_all = max(0, open_all + step)
            if tag in NESTING_TAGS:
                open_blocks = max(0, open_blocks + step)
            deepest_all, deepest_blocks = max(deepest_all, open_all), max(deepest_blocks, open_blocks)
        yield offset, quotes + lists + deepest_blocks, quotes + lists + deepest_all


def source_nesting_problem(path: Path, body: str, first_line: int) -> Problem | None:
    """Nesting so deep that rendering it would exhaust Python's recursion: refused before."""
    if not may_nest_too_deep(body):
        return None
    for offset, _, every in source_depths(body):
        if every > MAX_ELEMENT_DEPTH:
            return error(path, first_line + offset, "nesting-too-deep", limit=MAX_NESTING)
    return None


def may_nest_too_deep(body: str) -> bool:
    """False when no line of `body` can count more than MAX_ELEMENT_DEPTH in source_depths,
    without reading it line by line: a line counts its quote markers and open tags (at most
    the text's '>' and '<') and its list indentation / 4 + 1 (below MAX_ELEMENT_DEPTH - marks
    when the re-indented text has no run of 4 × (MAX_ELEMENT_DEPTH - marks) spaces)."""
    marks = body.count("<") + body.count(">")
    return " " * (4 * (MAX_ELEMENT_DEPTH - marks)) in normalise_list_indentation(body)


def deep_source_line(body: str, first_line: int) -> int | None:
    """The first line where the source nests blocks beyond MAX_NESTING."""
    for offset, blocks, every in source_depths(body):
        if blocks > MAX_NESTING or every > MAX_ELEMENT_DEPTH:
            return first_line + offset
    return None


def tree_problems(path: Path, nodes: tuple[Child, ...], line_of: Callable[[str], int],
                  body: str, first_line: int) -> list[Problem]:
    """Nesting and list length measured on the rendered tree (what the builders get);
    `line_of(text)` finds where a piece of text stands in the source."""
    problems: list[Problem] = []
    too_deep: Node | None = None
    cells = 0
    tables: Iterator[int] | None = None         # the source's table lines, read at the first table
    stack: list[tuple[Child, int, int]] = [(node, 0, 0) for node in reversed(nodes)]
    while stack:        # iterative: the tree may be deeper than Python's recursion
        node, blocks, every = stack.pop()
        if not isinstance(node, Node):
            continue
        blocks += node.tag in NESTING_TAGS
        every += 1
        if too_deep is None and (blocks > MAX_NESTING or every > MAX_ELEMENT_DEPTH):
            too_deep = node
            continue
        if node.tag in LIST_TAGS:
            items = sum(1 for child in node.children if isinstance(child, Node) and child.tag == "li")
            if items > MAX_LIST_ITEMS:
                problems.append(error(path, line_of(_first_text(node)), "list-too-long", count=items,
                                      limit=MAX_LIST_ITEMS))
                continue
        if node.tag == "table":
            tables = tables or iter(_table_lines(body, first_line))
            line = next(tables, None) or line_of(_first_text(node))
            rows = [row for row in _descendants(node) if row.tag == "tr"]
            widest = max((sum(1 for c in row.children if isinstance(c, Node) and c.tag in ("td", "th"))
                          for row in rows), default=0)
            before, cells = cells, cells + sum(1 for c in _descendants(node) if c.tag in ("td", "th"))
            if widest > MAX_TABLE_COLUMNS:
                problems.append(error(path, line, "table-too-wide", count=widest,
                                      limit=MAX_TABLE_COLUMNS))
                continue
            if before <= MAX_TABLE_CELLS < cells:
                problems.append(error(path, line, "table-too-large", count=cells,
                                      limit=MAX_TABLE_CELLS))
                continue
        stack.extend((child, blocks, every) for child in reversed(node.children))
    if too_deep is not None:
        line = deep_source_line(body, first_line) or line_of(_first_text(too_deep))
        problems.append(error(path, line, "nesting-too-deep", limit=MAX_NESTING))
    return problems


_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")
_HTML_TABLE = re.compile(r"<table\b", re.I)


def _table_lines(body: str, first_line: int) -> list[int]:
    """The first line of each table in the source, in order: a Markdown table's heading row
    (the line above its |---| rule) or a <table> tag."""
    lines = body.split("\n")
    found = []
    for offset, line in enumerate(lines):
        if _TABLE_RULE.match(line) and offset > 0:
            found.append(first_line + offset - 1)
        found += [first_line + offset] * len(_HTML_TABLE.findall(line))
    return found


def _descendants(node: Node) -> Iterable[Node]:
    """Every element under `node`, without recursion."""
    stack = list(node.children)
    while stack:
        child = stack.pop()
        if isinstance(child, Node):
            yield child
            stack.extend(child.children)


def _first_text(node: Node) -> str:
    """A short piece of the node's own text to find its line by (iterative, any depth)."""
    stack: list[Child] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            if current.strip():
                return current.strip().split("\n")[0][:60]
            continue
        stack.extend(reversed(current.children))
    return ""


__all__ = ["MAX_PAGE_BYTES", "LARGE_PAGE_BYTES", "MAX_NESTING", "MAX_LIST_ITEMS", "size_problem", "deep_source_line",
           "text_file_problem", "source_nesting_problem", "tree_problems"]
