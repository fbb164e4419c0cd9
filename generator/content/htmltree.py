"""A small immutable tree of the rendered, sanitised Markdown.

Markdown is rendered into this tree once (markdown_render.py: from python-markdown's
element tree, or by parsing sanitised HTML) so that every builder reads the same structure: the site serialises it back
(rewriting asset URLs for its page depth), leaflets turn it into data for
Typst, loudspeaker scripts into plain sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import Any, Callable, Iterable, Iterator, Union

from .control_chars import without_control_characters

VOID_TAGS = frozenset({"br", "hr", "img", "col", "wbr", "source"})
BLOCK_TAGS = frozenset({"p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th", "blockquote",
                        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "div", "dl", "dt", "dd", "hr", "figure"})


@dataclass(frozen=True)
class Node:
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    children: tuple["Child", ...] = ()

    def attr(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return default

    def with_children(self, children: Iterable["Child"]) -> "Node":
        return Node(self.tag, self.attrs, tuple(children))


Child = Union[Node, str]  # a str child is text (unescaped)


class _TreeBuilder(HTMLParser):
    """The tree of sanitised HTML; a character reference to a control character (`&#x1b;`)
    gives nothing, as the same character typed in the file does (reader.py)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[tuple[str, str]], list[Child]]] = [("#root", [], [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        clean = [(k, without_control_characters(v) if v is not None else "") for k, v in attrs]
        if tag in VOID_TAGS:
            self.stack[-1][2].append(Node(tag, tuple(clean)))
        else:
            self.stack.append((tag, clean, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1][2].append(Node(tag, tuple((k, without_control_characters(v or "")) for k, v in attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS or not any(entry[0] == tag for entry in self.stack[1:]):
            return
        while True:
            name, attrs, children = self.stack.pop()
            self.stack[-1][2].append(Node(name, tuple(attrs), tuple(children)))
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1][2].append(without_control_characters(data))

    def close_all(self) -> tuple[Child, ...]:
        self.close()
        while len(self.stack) > 1:
            name, attrs, children = self.stack.pop()
            self.stack[-1][2].append(Node(name, tuple(attrs), tuple(children)))
        return tuple(self.stack[0][2])


def parse_html(html: str) -> tuple[Child, ...]:
    builder = _TreeBuilder()
    builder.feed(html)
    return builder.close_all()


def walk(nodes: Iterable[Child]) -> Iterator[Node]:
    for node in nodes:
        if isinstance(node, Node):
            yield node
            yield from walk(node.children)


def replace_nodes(nodes: Iterable[Child], replace: Callable[[Node], Child | None]) -> tuple[Child, ...]:
    """The tree with every element passed through `replace` (children first); None drops it.
    What `replace` leaves as it was is not copied (the very same tuple comes back)."""
    out: list[Child] = []
    unchanged = isinstance(nodes, tuple)
    for node in nodes:
        new = node
        if isinstance(node, Node):
            if node.children:
                children = replace_nodes(node.children, replace)
                if children is not node.children:
                    new = node.with_children(children)
            new = replace(new)
        if new is not None:
            out.append(new)
        unchanged = unchanged and new is node
    return nodes if unchanged else tuple(out)  # type: ignore[return-value]


def captioned_figures(nodes: Iterable[Child]) -> tuple[Child, ...]:
    """A paragraph holding only an image with a title (`![alt](anh.jpg "Caption")`, also
    inside a link) becomes <figure> with the image and <figcaption>Caption</figcaption>;
    the title then no longer repeats as a tooltip."""
    def replace(node: Node) -> Node:
        if node.tag != "p":
            return node
        content = [c for c in node.children if not (isinstance(c, str) and not c.strip())]
        if len(content) != 1 or not isinstance(content[0], Node):
            return node
        shown = content[0]
        linked = [c for c in shown.children if isinstance(c, Node)] if shown.tag == "a" else []
        image = linked[0] if len(linked) == 1 and not to_text(shown.children, alt_text=False) else shown
        caption = " ".join((image.attr("title") or "").split()) if image.tag == "img" else ""
        if not caption:
            return node
        untitled = Node("img", tuple((k, v) for k, v in image.attrs if k != "title"))
        shown = untitled if image is shown else shown.with_children(
            untitled if c is image else c for c in shown.children)
        return Node("figure", node.attrs, (shown, Node("figcaption", (), (caption,))))
    return replace_nodes(nodes, replace)


def image_placeholder(img: Node) -> Node | None:
    """What shows instead of an image that is not published: its alt text (none: nothing)."""
    alt = " ".join((img.attr("alt") or "").split())
    return Node("span", (("class", "image-missing"),), (alt,)) if alt else None


UrlRewriter = Callable[[str, str], str]  # (tag, url) → url


def to_html(nodes: Iterable[Child], rewrite_url: UrlRewriter | None = None) -> str:
    """Serialise the (already sanitised) tree; `rewrite_url` adapts asset paths to the page."""
    out: list[str] = []
    _serialise(nodes, rewrite_url, out)
    return "".join(out)


def _serialise(nodes: Iterable[Child], rewrite_url: UrlRewriter | None, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            out.append(escape(node, quote=False))
            continue
        out.append("<" + node.tag)
        for key, value in node.attrs:
            if rewrite_url is not None and key in ("src", "href"):
                value = rewrite_url(node.tag, value)
            elif rewrite_url is not None and key == "srcset":
                value = _rewrite_srcset(node.tag, value, rewrite_url)
            out.append(f' {key}="{escape(value, quote=True)}"')
        out.append(">")
        if node.tag in VOID_TAGS:
            continue
        _serialise(node.children, rewrite_url, out)
        out.append(f"</{node.tag}>")


def _rewrite_srcset(tag: str, value: str, rewrite_url: UrlRewriter) -> str:
    """Each candidate of "a-480.webp 480w, a-960.webp 960w" rewritten like a src."""
    candidates = []
    for candidate in value.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        if url:
            candidates.append(" ".join(filter(None, (rewrite_url(tag, url), descriptor.strip()))))
    return ", ".join(candidates)


_SPACES = re.compile(r"[ \t\r\n]+")


# An image from another site, shown as a link to it (markdown_render.py): text on the page and
# in print, but like any image never read aloud.
EXTERNAL_IMAGE_CLASS = "external-image"


def is_subheading(nodes: Iterable[Child]) -> bool:
    """A section's point that is only a heading (### Về kinh tế): a title over the points after
    it, not a point of its own (the section's own heading is its h2)."""
    found = [n for n in nodes if not (isinstance(n, str) and not n.strip())]
    return len(found) == 1 and isinstance(found[0], Node) and found[0].tag in ("h3", "h4", "h5", "h6")


def is_image_link(node: Node) -> bool:
    return node.tag == "a" and node.attr("class") == EXTERNAL_IMAGE_CLASS


def is_footnote_mark(node: Node) -> bool:
    """A footnote reference as Python-Markdown writes it: <sup id="fnref:x"><a class="footnote-ref">1</a></sup>.
    Print and speech leave it out (the note is on the web page only)."""
    if node.tag != "sup":
        return False
    if "footnote-ref" in (node.attr("class") or "").split() or (node.attr("id") or "").startswith("fnref"):
        return True
    return any(isinstance(c, Node) and "footnote-ref" in (c.attr("class") or "").split() for c in node.children)


def to_text(nodes: Iterable[Child], alt_text: bool = True) -> str:
    """Plain text with blocks on their own lines, footnote markers removed; images give
    their alt text on a line of its own (unless `alt_text` is False: text to be read aloud)."""
    out: list[str] = []
    _text(nodes, out, alt_text)
    text = "".join(out)
    if "\n" not in text:               # one line (most points): what the lines below would give
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _text(nodes: Iterable[Child], out: list[str], alt_text: bool = True) -> None:
    for node in nodes:
        if isinstance(node, str):
            # A soft line break is not a new line; to_text collapses the other whitespace.
            out.append(node.replace("\n", " "))
        elif is_footnote_mark(node):
            continue
        elif node.tag == "img":
            alt = node.attr("alt") or ""
            if alt and alt_text:
                out.append(f"\n{alt}\n")
        elif is_image_link(node):
            if alt_text:                # its text is the image's alt text (or its address)
                _text(node.children, out, alt_text)
        elif node.tag == "table":
            out.append("\n" + "\n".join(_table_lines(node, alt_text)) + "\n")
        else:
            block = node.tag in BLOCK_TAGS or node.tag == "br"
            if block:
                out.append("\n")
            _text(node.children, out, alt_text)
            if block:
                out.append("\n")


def _table_lines(table: Node, alt_text: bool) -> list[str]:
    """A row a line, each cell named by its column's heading ("Bản: Tà Dê, Số hộ: 98"): read
    aloud or in the lecturer's notes, a cell a line would lose which column it belongs to."""
    rows = list(_table_rows(table))
    cells = [[" ".join(to_text(cell.children, alt_text).split()) for cell in row.children
              if isinstance(cell, Node) and cell.tag in ("td", "th")] for row in rows]
    headed = all(cell.tag == "th" for cell in rows[0].children if isinstance(cell, Node)) if rows else False
    headings, body = (cells[0], [row for row in cells[1:] if any(row)]) if headed else ([], cells)
    if headed and not body:                 # headings alone: said as they are
        headings, body = [], cells[:1]
    lines = []
    for row in body:
        named = [f"{heading}: {cell}" if heading else cell
                 for heading, cell in zip(headings + [""] * len(row), row) if cell]
        if named:
            lines.append(", ".join(named))
    return lines


def _table_rows(node: Node) -> Iterator[Node]:
    for child in node.children:
        if isinstance(child, Node) and child.tag == "tr":
            yield child
        elif isinstance(child, Node) and child.tag in ("thead", "tbody", "tfoot"):
            yield from _table_rows(child)



def inline_runs(nodes: Iterable[Child], marks: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Inline content as runs of text with bold/italic/code/link marks (data for PDF templates)."""
    marks = marks or {"bold": False, "italic": False, "code": False, "link": None}
    runs: list[dict[str, Any]] = []
    for node in nodes:
        if isinstance(node, str):
            # Soft line breaks and source indentation are one space, as in HTML.
            text = _SPACES.sub(" ", node)
            if runs and all(runs[-1][k] == v for k, v in marks.items()):
                runs[-1]["text"] += text
            else:
                runs.append({"text": text, **marks})
            continue
        if is_footnote_mark(node):
            continue
        inner = dict(marks)
        if node.tag in ("strong", "b"):
            inner["bold"] = True
        elif node.tag in ("em", "i"):
            inner["italic"] = True
        elif node.tag == "code":
            inner["code"] = True
        elif node.tag == "a":
            href = node.attr("href") or ""
            inner["link"] = href if href.startswith(("http://", "https://", "mailto:")) else None
        elif node.tag == "br":
            runs.append({"text": "\n", **marks})
            continue
        elif node.tag == "img":
            continue
        runs.extend(inline_runs(node.children, inner))
    return _merge_runs(runs)


def _merge_runs(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: list[dict[str, Any]] = []
    for run in runs:
        if merged and all(merged[-1][k] == run[k] for k in run if k != "text"):
            merged[-1] = {**merged[-1], "text": merged[-1]["text"] + run["text"]}
        else:
            merged.append(run)
    return merged


def to_blocks(nodes: Iterable[Child]) -> list[dict[str, Any]]:
    """Block structure as plain data: paragraphs, lists, tables, quotes, images."""
    blocks: list[dict[str, Any]] = []
    loose: list[Child] = []

    def flush() -> None:
        runs = inline_runs(loose)
        if any(run["text"].strip() for run in runs):
            blocks.append({"type": "paragraph", "runs": _strip_runs(runs)})
        loose.clear()

    for node in nodes:
        if isinstance(node, str) or node.tag not in BLOCK_TAGS | {"img"}:
            loose.append(node)
            continue
        flush()
        if node.tag in ("p", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "div", "figure"):
            inner = to_blocks(node.children)
            if node.tag.startswith("h") and inner and inner[0]["type"] == "paragraph":
                inner[0] = {**inner[0], "runs": [{**r, "bold": True} for r in inner[0]["runs"]]}
            blocks.extend(inner)
        elif node.tag in ("ul", "ol"):
            items = [to_blocks(li.children) for li in node.children if isinstance(li, Node) and li.tag == "li"]
            blocks.append({"type": "list", "ordered": node.tag == "ol", "items": items})
        elif node.tag == "blockquote":
            blocks.append({"type": "quote", "blocks": to_blocks(node.children)})
        elif node.tag == "table":
            blocks.append(_table(node))
        elif node.tag == "img":
            blocks.append({"type": "image", "path": node.attr("src") or "", "alt": node.attr("alt") or "",
                           "title": node.attr("title") or ""})
        elif node.tag == "li":
            blocks.extend(to_blocks(node.children))
    flush()
    return blocks


def _table(node: Node) -> dict[str, Any]:
    """Header and rows of cell runs, and each column's alignment (left | center | right)
    from its cells' align-* class (markdown_render.py)."""
    header: list[list[dict[str, Any]]] = []
    rows: list[list[list[dict[str, Any]]]] = []
    align: list[str] = []
    for row in walk(node.children):
        if row.tag != "tr":
            continue
        cells = [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]
        runs = [_strip_runs(inline_runs(c.children)) for c in cells]
        align += [_alignment(c) for c in cells[len(align):]]
        if all(c.tag == "th" for c in cells) and not header and not rows:
            header = runs
        else:
            rows.append(runs)
    return {"type": "table", "header": header, "rows": rows, "align": align}


def _alignment(cell: Node) -> str:
    classes = (cell.attr("class") or "").split()
    return next((c[len("align-"):] for c in classes if c in ("align-left", "align-center", "align-right")), "left")


def _strip_runs(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if runs:
        runs[0] = {**runs[0], "text": runs[0]["text"].lstrip()}
        runs[-1] = {**runs[-1], "text": runs[-1]["text"].rstrip()}
    return [r for r in runs if r["text"]]
