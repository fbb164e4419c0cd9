"""Markdown → sanitised HTML tree, and the raw-HTML hazards an editor should hear about.

python-markdown with the extensions an editor expects (tables, attr_list for
`{#key-points}`, footnotes, fenced code, definition lists), no smart quotes:
Vietnamese text keeps the editor's own quotation marks. The tree is read
straight from python-markdown's ElementTree and sanitised on the tree with the
allow-list (markdown_tree.py); a document with raw HTML in it takes the HTML
path instead: serialised, cleaned by nh3 with the same allow-list, parsed again.
"""
from __future__ import annotations

import re
import threading
from importlib import import_module
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import markdown
import nh3

from ..diagnostics import Problem, error, warning
from ..textfold import slugify
from .tree_memo import TreeMemo
from .heading_ids import HeadingIdsExtension
from .markdown_prefilter import prefilter
from .htmltree import EXTERNAL_IMAGE_CLASS, Child, Node, parse_html, replace_nodes
from .linkify import linked_addresses, may_hold_addresses
from .listindent import normalise_list_indentation
from .markdown_tree import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, sanitised_tree, usable

EXTENSIONS = ["tables", "attr_list", "footnotes", "fenced_code", "def_list", "sane_lists", "toc"]
EXTENSION_CONFIG = {
    "toc": {"slugify": lambda value, separator: slugify(value, separator), "permalink": False},
    "footnotes": {"BACKLINK_TEXT": "↩", "BACKLINK_TITLE": "↑ %d"},
    # `| ---: |` as align="right" (the sanitiser keeps it, an inline style it would drop);
    # _alignment_class turns it into a class.
    "tables": {"use_align_attribute": True},
}
TABLE_CELLS = frozenset({"th", "td"})
ALIGNMENTS = frozenset({"left", "center", "right"})

# Raw HTML an editor may paste from a web page; each is removed by the sanitiser
# and reported so the editor knows why it vanished.
_HAZARDS = [
    (re.compile(r"<\s*(script|iframe|object|embed|style|form|input|button|frame|frameset|meta|link|base|svg|math)\b", re.I), "tag"),
    (re.compile(r"\bon[a-z]+\s*=", re.I), "handler"),
    (re.compile(r"(?:java|vb)script\s*:", re.I), "url"),
    (re.compile(r"\bdata\s*:\s*text/html", re.I), "url"),
]

# <html>, <head>, <body> or a doctype at the start of a line (pasted from a web page or a Word
# export): python-markdown would take everything after it as raw HTML, and every section
# would vanish. The tags say nothing in a summary; they are ignored (and reported).
_DOCUMENT_TAG = re.compile(r"^[ \t]*(?:<!doctype\b[^>]*>|</?\s*(?:html|head|body)\b[^>]*>)", re.I)
# Other block-level tags that, opened at the start of a line and never closed, hide the rest
# of the file in the same way (void ones such as <hr> need no closing tag).
_BLOCK_LEVEL = frozenset(markdown.util.BLOCK_LEVEL_ELEMENTS)     # a converter's block_level_elements
_UNCLOSED_KINDS = _BLOCK_LEVEL - {"html", "body", "hr"}
_BLOCK_START = re.compile(r"^ {0,3}<([a-z][a-z0-9]*)(?=[\s/>])[^>]*?(/?)>", re.I)
_CLOSING_TAG = re.compile(r"</\s*([a-z][a-z0-9]*)\s*>", re.I)
# Any tag written in the text, and what may stay open without harm: void elements, those
# whose end tag HTML makes optional, the document tags ignored above, and the hazards the
# sanitiser removes anyway (warned about by find_unsafe_html). Any other tag left open makes
# the HTML parser wrap what follows in it: a forgotten </b> or </blockquote> swallows the
# next sections, which then vanish or print inside a quote.
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)(?=[\s/>])[^<>]*?(/?)>", re.I)
_MAY_STAY_OPEN = (frozenset({"br", "hr", "img", "col", "wbr", "source", "area", "embed", "input", "link",
                             "meta", "param", "track", "base", "p", "li", "dt", "dd", "tr", "td", "th", "thead",
                             "tbody", "tfoot", "colgroup", "option", "optgroup", "rb", "rt", "rp", "html",
                             "head", "body"})
                  | {"script", "iframe", "object", "style", "form", "button", "frame", "frameset", "svg", "math"})
# Tags HTML knows: any other "<word>" (an editor's "<UBND>" placeholder) is dropped by the
# sanitiser with its letters, so it is reported instead of vanishing.
_KNOWN_TAGS = (frozenset(nh3.ALLOWED_TAGS) | _BLOCK_LEVEL | _MAY_STAY_OPEN
               | {"font", "big", "nobr", "section", "main", "label", "select", "textarea", "video", "audio",
                  "picture", "canvas", "title", "dialog", "template", "noscript", "s", "u"})
_CODE_SPAN = re.compile(r"`+[^`]*`+")

# What each hazard cannot be written without, as found in the text folded by _folded: a file
# without it is not searched for that hazard (most files have none: a quick look each instead of
# a case-insensitive search of the whole file).
_HAZARD_NEEDS = (("<",), ("=",), (":", "script"), (":", "text/html"))
# The letters a case-insensitive search matches beyond upper and lower case (ſ for s; İ, ı for i).
_CASE_EXTRAS = str.maketrans({"ſ": "s", "İ": "i", "ı": "i"})

_local = threading.local()


def _converter() -> markdown.Markdown:
    # Building a Markdown instance is costly; keep one per thread and reset it.
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=extensions(), output_format="html")
        prefilter(md)
        _local.md = md
    return md


def extensions() -> list[markdown.Extension]:
    """EXTENSIONS as the converter loads them, each made here with its EXTENSION_CONFIG: by its
    name, python-markdown would first look for it among every installed package's entry points
    (importlib.metadata imported and site-packages scanned: 0.02 CPU s of every process that
    loads, before its workers start). toc's heading ids are made by heading_ids.py (the same
    ids, without the table of contents nobody reads unless a summary writes [TOC])."""
    return [HeadingIdsExtension(**EXTENSION_CONFIG["toc"]) if name == "toc" else
            import_module(f"markdown.extensions.{name}").makeExtension(**EXTENSION_CONFIG.get(name, {}))
            for name in EXTENSIONS]


def prepare() -> None:
    """Build the converter now (its extensions are imported on first use): serve's first
    build calls this, as the content it reads comes from tree_memo without converting."""
    _render("")


def render_markdown(text: str, trees: TreeMemo | None = None) -> tuple[Child, ...]:
    """Markdown source → sanitised tree (remembered between builds in a session's
    `trees`: tree_memo; without them, rendered here and now)."""
    return trees.remembered(text, _render) if trees is not None else _render(text)


def _render(text: str) -> tuple[Child, ...]:
    md = _converter()
    md.reset()
    source = normalise_list_indentation(without_document_tags(text))
    nodes = sanitised_tree(md, source, EXTENSION_CONFIG["footnotes"]["BACKLINK_TEXT"]) if usable(md) else None
    if nodes is None:                   # raw HTML in the text (markdown_tree.py): the HTML path
        md.reset()
        nodes = render_through_html(md, source)
    nodes = replace_nodes(nodes, _published_forms)
    return linked_addresses(nodes) if may_hold_addresses(source) else nodes


def render_through_html(md: markdown.Markdown, source: str) -> tuple[Child, ...]:
    """Markdown → HTML → cleaned by nh3 → parsed into our tree: what the tree path stands in
    for, taken for documents with raw HTML (`md` freshly reset)."""
    html = md.convert(source)
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                      link_rel=None, strip_comments=True)
    return parse_html(clean)


def _published_forms(node: Node) -> Node:
    """One pass over the tree for what the rendered tree never holds as python-markdown
    writes it: a table cell's alignment attribute, an image from another site."""
    if node.tag in TABLE_CELLS:
        return _alignment_class(node)
    if node.tag == "img":
        return _external_image_as_link(node)
    return node


def _alignment_class(node: Node) -> Node:
    """A table cell's column alignment as a class (align-right …) that the stylesheet and the
    leaflets read, instead of the obsolete `align` attribute."""
    align = (node.attr("align") or "").strip().lower()
    if not align:
        return node
    classes = [c for c in (node.attr("class") or "").split() if not c.startswith("align-")]
    if align in ALIGNMENTS:
        classes.append(f"align-{align}")
    attrs = tuple((k, v) for k, v in node.attrs if k not in ("align", "class"))
    return Node(node.tag, attrs + ((("class", " ".join(classes)),) if classes else ()), node.children)


def is_external(url: str) -> bool:
    """A web address on another site (http:, https:, or //host/…)."""
    parsed = urlparse(url.strip())
    return parsed.scheme.lower() in ("http", "https") or (not parsed.scheme and bool(parsed.netloc))


def _external_image_as_link(node: Node) -> Node:
    """An image from another site would tell that site about every reader of a government
    page and be missing offline: it becomes a link to the image (its alt text, else its
    address), which the loader reports (`external-image`)."""
    src = node.attr("src") or ""
    if not is_external(src):
        return node
    text = " ".join((node.attr("alt") or "").split()) or src
    return Node("a", (("href", src), ("class", EXTERNAL_IMAGE_CLASS)), (text,))


def find_unsafe_html(path: Path, body: str, first_line: int) -> list[Problem]:
    """Warnings, with line and column, for raw HTML the sanitiser will remove."""
    problems: list[Problem] = []
    folded = _folded(body)
    if not any(all(need in folded for need in needs) and pattern.search(body)
               for (pattern, _), needs in zip(_HAZARDS, _HAZARD_NEEDS)):
        return problems
    for offset, line in outside_fences(body.split("\n")):
        for pattern, kind in _HAZARDS:
            for match in pattern.finditer(line):
                if kind == "handler" and "<" not in line[: match.start()]:
                    continue  # "on=" in ordinary prose, not inside a tag
                problems.append(warning(path, first_line + offset, "unsafe-html", col=match.start() + 1,
                                        snippet=match.group(0).strip()))
    return problems


def _folded(text: str) -> str:
    """`text` as the hazards' case-insensitive patterns see it: lower case, ſ İ ı as s i i."""
    if any(letter in text for letter in "ſİı"):
        text = text.translate(_CASE_EXTRAS)
    return text.lower()


def without_document_tags(text: str) -> str:
    """`text` with <html>, <head>, <body> and doctype tags at line starts removed (line count kept)."""
    if "<" not in text:
        return text
    lines = text.split("\n")
    for offset, _col, _tag, rest in _document_tags(lines):
        lines[offset] = rest
    return "\n".join(lines)


def find_stray_html(path: Path, body: str, first_line: int) -> list[Problem]:
    """Warnings for document tags ignored and for words in angle brackets HTML does not know
    (they would vanish); an error for a tag left open (it would hide or swallow what follows)."""
    problems: list[Problem] = []
    if "<" not in body:
        return problems
    lines = body.split("\n")
    for offset, col, tag, _rest in _document_tags(lines):
        problems.append(warning(path, first_line + offset, "html-document-tag", col=col, tag=tag))
    lines = without_document_tags(body).split("\n")
    last_closed: dict[str, int] = {}        # tag → the last line with its closing tag (one pass)
    for offset, line in enumerate(lines):
        for name in _CLOSING_TAG.findall(line):
            last_closed[name.lower()] = offset
    unclosed, unknown = _left_open(lines)
    for offset, col, tag in unknown:
        problems.append(warning(path, first_line + offset, "html-unknown-tag", col=col, tag=tag))
    for offset, line in outside_fences(lines):
        match = _BLOCK_START.match(line)
        tag = match[1].lower() if match else ""
        if tag in _UNCLOSED_KINDS and not match[2] and last_closed.get(tag, -1) < offset:
            unclosed.add((offset, line.index("<") + 1, tag))
    for offset, col, tag in sorted(unclosed):
        problems.append(error(path, first_line + offset, "html-unclosed", col=col, tag=tag))
    return problems


def _left_open(lines: list[str]) -> tuple[set[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(line offset, column, tag) of each known tag opened in the text and never closed, for
    the tags where that matters, and of each tag HTML does not know (as written), outside
    code blocks, code spans and comments."""
    text = _without_comments("\n".join(lines))
    still_open: dict[str, list[tuple[int, int]]] = {}
    unknown: list[tuple[int, int, str]] = []
    for offset, line in outside_fences(text.split("\n")):
        line = _CODE_SPAN.sub(lambda m: " " * len(m[0]), line)
        for match in _TAG.finditer(line):
            closing, tag, self_closing = match[1], match[2].lower(), match[3]
            if tag not in _KNOWN_TAGS:
                unknown.append((offset, match.start() + 1, match[0]))
            elif tag in _MAY_STAY_OPEN or self_closing:
                continue
            elif not closing:
                still_open.setdefault(tag, []).append((offset, match.start() + 1))
            elif still_open.get(tag):
                still_open[tag].pop()
    return {(offset, col, tag) for tag, places in still_open.items() for offset, col in places}, unknown


def _without_comments(text: str) -> str:
    """`text` with each <!-- comment --> blanked (lines kept); one pass, however many there are."""
    parts, position = [], 0
    while (start := text.find("<!--", position)) >= 0 and (end := text.find("-->", start + 4)) >= 0:
        parts += [text[position:start], re.sub(r"[^\n]", " ", text[start:end + 3])]
        position = end + 3
    return "".join(parts) + text[position:]


def _document_tags(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """(line offset, column, the tags, the line without them) for each line starting with
    document tags, outside code blocks."""
    found = []
    for offset, line in outside_fences(lines):
        rest, tags = line, []
        while match := _DOCUMENT_TAG.match(rest):
            tags.append(match[0].strip())
            rest = rest[match.end():]
        if tags:
            found.append((offset, len(line) - len(line.lstrip(" \t")) + 1, "".join(tags), rest))
    return found


def outside_fences(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(offset, line) of the lines that are not inside a fenced code block."""
    in_fence = False
    for offset, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield offset, line
