"""Heading ids exactly as python-markdown's toc extension gives them, without its table of contents.

The toc extension, for every document, serialises each heading to find its name, builds the
table of contents as a tree, serialises that too and walks the whole document looking for a
`[TOC]` marker to replace; we only use the ids it gives the headings (section anchors, the
page outline). This is the same treeprocessor with that work left out when the document
holds no marker (a summary with `[TOC]` gets the whole of toc, as before), and a plain-text
heading's name read from its text instead of from its serialisation. Every id stays the
same: tests/test_heading_ids.py converts the example content, the bench corpus and the
hostile inputs with toc and with this and compares the HTML.
"""
from __future__ import annotations

import html
import inspect
from xml.etree.ElementTree import Element

from markdown.extensions.toc import TocExtension, TocTreeprocessor, remove_fnrefs, render_inner_html, strip_tags, unique
from markdown.util import ETX, STX

# What makes a heading's serialised text differ from its own text: markup the serialiser
# escapes (the name is unescaped again, but `&copy;` written is decoded there) and
# python-markdown's placeholders (escapes, stashed HTML, footnote markers).
_NOT_PLAIN = ("&", "<", ">", STX, ETX)
# Since Markdown 3.11 toc remembers the suffixes taken per id (many equal headings stay
# linear); the ids are the same either way.
_UNIQUE_COUNTS = "counters" in inspect.signature(unique).parameters


class HeadingIdsTreeprocessor(TocTreeprocessor):
    """toc's treeprocessor: the ids (and the removal of `data-toc-label`) only, unless the
    document asks for a table of contents or the configuration for anchors or permalinks."""

    def run(self, doc: Element) -> None:
        if (self.use_anchors or self.use_permalinks not in (False, None)
                or (self.marker and any(el.text and el.text.strip() == self.marker for el in doc.iter()))):
            super().run(doc)
            return
        used_ids = {el.attrib["id"] for el in doc.iter() if "id" in el.attrib}
        id_counters: dict[str, int] = {}
        for el in doc.iter():
            if isinstance(el.tag, str) and self.header_rgx.match(el.tag):
                self.set_level(el)
                if "id" not in el.attrib:
                    name = html.unescape(self.heading_name(el))
                    slug = self.slugify(name, self.sep)
                    el.attrib["id"] = (unique(slug, used_ids, id_counters) if _UNIQUE_COUNTS
                                       else unique(slug, used_ids))
                el.attrib.pop("data-toc-label", None)    # toc takes it as the entry's label
        self.md.toc_tokens = []
        self.md.toc = ""

    def heading_name(self, el: Element) -> str:
        """What toc names a heading: its inner HTML, postprocessed, without tags, whitespace
        collapsed (read straight from the text when the heading is plain text)."""
        text = el.text or ""
        if len(el) == 0 and not any(mark in text for mark in _NOT_PLAIN):
            return " ".join(text.split())
        return strip_tags(render_inner_html(remove_fnrefs(el), self.md))


class HeadingIdsExtension(TocExtension):
    """The toc extension (same options) with HeadingIdsTreeprocessor."""

    TreeProcessorClass = HeadingIdsTreeprocessor
