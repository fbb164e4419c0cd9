"""Markdown → sanitised HTML tree, and the raw-HTML hazards an editor should hear about.

python-markdown with the extensions an editor expects (tables, attr_list for
`{#key-points}`, footnotes, fenced code, definition lists), no smart quotes:
Vietnamese text keeps the editor's own quotation marks. Raw HTML inside
Markdown passes through python-markdown, so the result is cleaned by nh3
with an allow-list before anything else sees it.
"""
from __future__ import annotations

import re
import string
import threading
from pathlib import Path

import markdown
import nh3

from ..diagnostics import Problem, warning
from ..textfold import slugify
from . import tree_memo
from .htmltree import Child, Node, parse_html, replace_nodes
from .listindent import normalise_list_indentation

EXTENSIONS = ["tables", "attr_list", "footnotes", "fenced_code", "def_list", "sane_lists", "toc"]
EXTENSION_CONFIG = {
    "toc": {"slugify": lambda value, separator: slugify(value, separator), "permalink": False},
    "footnotes": {"BACKLINK_TEXT": "↩", "BACKLINK_TITLE": "↑ %d"},
    # `| ---: |` as align="right" (the sanitiser keeps it, an inline style it would drop);
    # _alignment_classes turns it into a class.
    "tables": {"use_align_attribute": True},
}
TABLE_CELLS = frozenset({"th", "td"})
ALIGNMENTS = frozenset({"left", "center", "right"})

ALLOWED_TAGS = (set(nh3.ALLOWED_TAGS) - {"map", "area", "center", "details", "summary"}) | {"section"}
ALLOWED_ATTRIBUTES = {tag: set(values) for tag, values in nh3.ALLOWED_ATTRIBUTES.items()}
ALLOWED_ATTRIBUTES.setdefault("a", set()).update({"title", "id"})
ALLOWED_ATTRIBUTES.setdefault("img", set()).update({"title"})
ALLOWED_ATTRIBUTES["*"] = {"id", "class", "lang"}
# Single letters (Windows paths, C:\\...) and file: pass so that the loader reports them
# as paths outside the folder instead of the sanitiser silently dropping them.
URL_SCHEMES = {"http", "https", "mailto", "tel", "file"} | set(string.ascii_lowercase)

# Raw HTML an editor may paste from a web page; each is removed by the sanitiser
# and reported so the editor knows why it vanished.
_HAZARDS = [
    (re.compile(r"<\s*(script|iframe|object|embed|style|form|input|button|frame|frameset|meta|link|base|svg|math)\b", re.I), "tag"),
    (re.compile(r"\bon[a-z]+\s*=", re.I), "handler"),
    (re.compile(r"(?:java|vb)script\s*:", re.I), "url"),
    (re.compile(r"\bdata\s*:\s*text/html", re.I), "url"),
]

# One search over a whole file finds whether any hazard may be there (most files have none).
_ANY_HAZARD = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _HAZARDS), re.I)

_local = threading.local()


def _converter() -> markdown.Markdown:
    # Building a Markdown instance is costly; keep one per thread and reset it.
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIG, output_format="html")
        _local.md = md
    return md


def prepare() -> None:
    """Build the converter now (its extensions are imported on first use): serve's first
    build calls this, as the content it reads comes from tree_memo without converting."""
    _render("")


def render_markdown(text: str) -> tuple[Child, ...]:
    """Markdown source → sanitised HTML → tree (remembered between builds: tree_memo)."""
    return tree_memo.remembered(text, _render)


def _render(text: str) -> tuple[Child, ...]:
    md = _converter()
    md.reset()
    html = md.convert(normalise_list_indentation(text))
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                      link_rel=None, strip_comments=True)
    return _alignment_classes(parse_html(clean))


def _alignment_classes(nodes: tuple[Child, ...]) -> tuple[Child, ...]:
    """A table cell's column alignment as a class (align-right …) that the stylesheet and the
    leaflets read, instead of the obsolete `align` attribute."""
    def replace(node: Node) -> Node:
        align = (node.attr("align") or "").strip().lower() if node.tag in TABLE_CELLS else ""
        if not align:
            return node
        classes = [c for c in (node.attr("class") or "").split() if not c.startswith("align-")]
        if align in ALIGNMENTS:
            classes.append(f"align-{align}")
        attrs = tuple((k, v) for k, v in node.attrs if k not in ("align", "class"))
        return Node(node.tag, attrs + ((("class", " ".join(classes)),) if classes else ()), node.children)
    return replace_nodes(nodes, replace)


def find_unsafe_html(path: Path, body: str, first_line: int) -> list[Problem]:
    """Warnings, with line and column, for raw HTML the sanitiser will remove."""
    problems: list[Problem] = []
    if not _ANY_HAZARD.search(body):
        return problems
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        for pattern, kind in _HAZARDS:
            for match in pattern.finditer(line):
                if kind == "handler" and "<" not in line[: match.start()]:
                    continue  # "on=" in ordinary prose, not inside a tag
                problems.append(warning(path, first_line + offset, "unsafe-html", col=match.start() + 1,
                                        snippet=match.group(0).strip()))
    return problems
