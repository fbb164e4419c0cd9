"""SVG images from content, cleaned before they are published.

An SVG is a document, not a picture: opened from the site (or from disk) it runs
its <script>, its onload= handlers and whatever a <foreignObject> holds, and it
loads anything its links and CSS point at. Published SVGs keep only the drawing:
the SVG elements of an allow-list (shapes, text, gradients, filters, as DOMPurify
allows them), attributes without event handlers, and references only inside the
file itself (href="#id", url(#id)) or to embedded raster images (data:image/png…).
Editor metadata (Inkscape, Illustrator) is dropped quietly; everything that could
run or load is dropped and reported, with the line in the SVG.

Parsed with lxml without DTDs, entities or network, so the file cannot expand or
reach out while it is read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Problem, error, warning

if TYPE_CHECKING:       # lxml is imported where an SVG is read: most sites have none
    from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Namespaces whose elements hold the content of another language (XHTML, MathML):
# dropping them is reported, unlike an editor's metadata.
ACTIVE_NAMESPACES = frozenset({"http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML"})

DRAWING_ELEMENTS = frozenset("""
    svg g defs desc title metadata symbol use switch view
    circle ellipse line path polygon polyline rect
    text tspan textPath tref altGlyph altGlyphDef altGlyphItem glyphRef
    linearGradient radialGradient stop pattern clipPath mask marker image
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
    feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
    feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight
    feSpecularLighting feSpotLight feTile feTurbulence style a
""".split())
# Elements that run code, embed other documents or change attributes over time
# (an <animate> or <set> can turn an href into javascript:).
ACTIVE_ELEMENTS = frozenset("""
    script foreignObject iframe embed object audio video canvas handler listener
    animate animateColor animateMotion animateTransform set discard
""".split())
REFERENCE_ATTRIBUTES = frozenset({"href", f"{{{XLINK_NS}}}href"})
KEPT_FOREIGN_ATTRIBUTES = frozenset({f"{{{XML_NS}}}space", f"{{{XML_NS}}}lang"})
# Embedded pictures an <image> may show; anything else (another SVG, a web address) is dropped.
EMBEDDED_IMAGE = re.compile(r"^\s*data:image/(png|jpeg|gif|webp);base64,", re.I)
# CSS that loads or runs something: url() other than url(#id), @import, old IE/Mozilla hooks.
ACTIVE_CSS = re.compile(r"url\s*\(\s*(?!['\"]?#)|@import|expression\s*\(|javascript:|-moz-binding|behavior\s*:", re.I)
INLINE_URL = re.compile(r"^\s*(java|vb)script:|^\s*data:", re.I)

_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                       remove_comments=True, remove_pis=True, dtd_validation=False)


class UnreadableSvg(Exception):
    def __init__(self, line: int | None, detail: str):
        self.line, self.detail = line, detail
        super().__init__(detail)


@dataclass(frozen=True)
class Removed:
    line: int | None
    what: str            # the element or attribute as written, e.g. "<script>", "onload", "href=https://…"


@dataclass(frozen=True)
class CleanSvg:
    data: bytes
    removed: tuple[Removed, ...]


def clean_svg(source: bytes) -> CleanSvg:
    """The SVG with only its drawing left, and what was removed; UnreadableSvg if it is not
    an SVG document (the file is then not published)."""
    from lxml import etree
    try:
        root = etree.fromstring(source, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise UnreadableSvg(exc.lineno, exc.msg) from None
    if root is None or root.tag != f"{{{SVG_NS}}}svg":
        raise UnreadableSvg(getattr(root, "sourceline", None), "not <svg>")
    removed: list[Removed] = []
    _clean(root, removed)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return CleanSvg(data, tuple(removed))


def _clean(root: etree._Element, removed: list[Removed]) -> None:
    stack = [root]
    while stack:                            # iterative: no recursion however deep the file nests
        element = stack.pop()
        if not isinstance(element.tag, str):  # an entity reference left unexpanded
            _drop(element)
            continue
        namespace, name = _split(element.tag)
        if namespace != SVG_NS or name not in DRAWING_ELEMENTS:
            if name in ACTIVE_ELEMENTS or namespace in ACTIVE_NAMESPACES or namespace == SVG_NS:
                removed.append(Removed(element.sourceline, f"<{name}>"))
            _drop(element)
            continue
        if name == "style" and ACTIVE_CSS.search(element.text or ""):
            removed.append(Removed(element.sourceline, "<style> url()/@import"))
            _drop(element)
            continue
        for attribute, value in list(element.attrib.items()):
            reason = _attribute_problem(name, attribute, value)
            if reason is not None:
                del element.attrib[attribute]
                if reason:
                    removed.append(Removed(element.sourceline, reason))
        stack.extend(reversed(list(element)))


def _attribute_problem(element: str, attribute: str, value: str) -> str | None:
    """None to keep the attribute; "" to drop it quietly (editor metadata); else what to report."""
    namespace, name = _split(attribute)
    if attribute in REFERENCE_ATTRIBUTES:
        if value.strip().startswith("#"):
            return None
        if element in ("image", "feImage") and EMBEDDED_IMAGE.match(value):
            return None
        return f"{name}={value.strip()[:40]}"
    if namespace is not None:
        return None if attribute in KEPT_FOREIGN_ATTRIBUTES else ""
    if name.lower().startswith("on"):
        return name
    if ACTIVE_CSS.search(value) or INLINE_URL.match(value):
        return f"{name}={value.strip()[:40]}"
    return None


def _split(tag: str) -> tuple[str | None, str]:
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return None, tag


def _drop(element: etree._Element) -> None:
    """Remove the element and its children, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def is_svg(name: str | Path) -> bool:
    return str(name).lower().endswith(".svg")


# Larger than any drawing an editor makes (a detailed Illustrator map is a few MB).
MAX_SVG_BYTES = 16 * 1024 * 1024


def svg_problems(path: Path) -> list[Problem]:
    """For `check`: an SVG that cannot be published (error) or loses parts when it is (warning),
    at the line of the SVG where the first removed part stood."""
    try:
        size = path.stat().st_size
        if size > MAX_SVG_BYTES:
            return [error(path, None, "content-too-large", size=(size + 1023) // 1024, limit=MAX_SVG_BYTES // 1024)]
        cleaned = clean_svg(path.read_bytes())
    except OSError as exc:
        return [error(path, None, "file-unreadable", detail=str(exc))]
    except UnreadableSvg as exc:
        return [error(path, exc.line, "svg-unreadable", name=path.name, detail=exc.detail)]
    if not cleaned.removed:
        return []
    parts = list(dict.fromkeys(part.what for part in cleaned.removed))
    shown = ", ".join(parts[:5]) + (" …" if len(parts) > 5 else "")
    return [warning(path, cleaned.removed[0].line, "svg-cleaned", what=shown)]
