"""Our tree (htmltree.Node) straight from python-markdown's ElementTree, sanitised on the tree.

Serialising python-markdown's tree to HTML, cleaning that with nh3 and parsing the result
again (markdown_render's HTML path) gives the same tree as reading the ElementTree directly
and applying the same allow-list, as long as nothing in the document is something only an
HTML parser would settle. So this module takes the direct way and says "use the HTML path"
(None) whenever a document holds anything else: raw HTML the editor wrote (python-markdown's
htmlStash; an HTML comment or a character reference such as `&nbsp;` is done here), a
placeholder it does not know, an entity-like `&…;` it did not write itself, a tag outside the
allow-list, or nesting an HTML parser repairs (a block inside a paragraph, a link inside a
link, table parts out of place). What is done here is what the serialiser, the
postprocessors, nh3 (html5ever + ammonia) and our parser do to the rest:
- text and attribute values: python-markdown's serialiser leaves `&amp;`-like sequences as
  they are (code spans hold `&lt;` for "<"), the HTML parser decodes them; control
  characters are left out (reader.py);
- attributes: python-markdown writes them sorted; those outside the allow-list go, and a
  link or image address whose scheme is not allowed goes (nh3 itself decides those with
  a scheme: it parses addresses as a browser does);
- comments: left out (nh3 strips them), with the paragraph python-markdown wrapped a
  comment on lines of its own in; character references: decoded as an HTML parser does;
- the whitespace at both ends of the document is stripped (Markdown.convert).
tests/test_markdown_tree.py renders the example content, the bench corpus and the hostile
inputs both ways and compares.
"""
from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass
from typing import Any, Union
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER
from markdown.serializers import BOOLEAN_ATTRIBUTES
from markdown.util import ETX, HTML_PLACEHOLDER, STX

from .control_chars import CONTROL, without_control_characters
from .htmltree import VOID_TAGS, Child, Node

ALLOWED_TAGS = (set(nh3.ALLOWED_TAGS) - {"map", "area", "center", "details", "summary"}) | {"section"}
ALLOWED_ATTRIBUTES = {tag: set(values) for tag, values in nh3.ALLOWED_ATTRIBUTES.items()}
ALLOWED_ATTRIBUTES.setdefault("a", set()).update({"title", "id"})
ALLOWED_ATTRIBUTES.setdefault("img", set()).update({"title"})
ALLOWED_ATTRIBUTES["*"] = {"id", "class", "lang"}
# Single letters (Windows paths, C:\\...) and file: pass so that the loader reports them
# as paths outside the folder instead of the sanitiser silently dropping them.
URL_SCHEMES = {"http", "https", "mailto", "tel", "file"} | set(string.ascii_lowercase)

# The postprocessors whose work is done here on the tree (the footnotes' placeholders; the
# other two only act on stashed HTML and on AMP_SUBSTITUTE, both sent to the HTML path).
KNOWN_POSTPROCESSORS = frozenset({"RawHtmlPostprocessor", "FootnotePostprocessor", "AndSubstitutePostprocessor"})

_ALLOWED_BY_TAG = {tag: frozenset(ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"])
                   for tag in ALLOWED_TAGS}
_URL_ATTRIBUTES = frozenset({"href", "src"})            # the ones ammonia checks the scheme of
_ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9_.:-]*")
# What python-markdown's serialiser leaves unescaped (serializers.RE_AMP); only the four it
# writes itself are decoded here, any other goes the HTML path.
_ENTITY_LIKE = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.I)
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
_ASCII_WHITESPACE = " \t\n\f\r"
_STASHED = re.compile(re.escape(HTML_PLACEHOLDER).replace("%s", "([0-9]+)"))
# What the stash may hold for this module to do its work: one whole comment (ending where an
# HTML parser ends it), or one character reference.
_COMMENT = re.compile(r"([ \t\n]*)<!--(?![->])(?:(?!--!?>).)*-->([ \t\n]*)", re.S)
_CHARACTER_REFERENCE = re.compile(r"&(?:#([0-9]+)|#x([0-9a-f]+)|[0-9a-z]+);", re.I)

# Inline elements an HTML parser leaves where they are; inside these and inside p and
# headings only they may stand (any other start tag closes an open <p>).
_PHRASING = frozenset({"a", "abbr", "acronym", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em",
                       "i", "img", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
                       "sup", "time", "tt", "u", "var", "wbr"})
_PHRASING_ONLY = _PHRASING | {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
# Elements that only stand inside one parent; the parser moves or drops them elsewhere.
_ONLY_INSIDE = {"li": frozenset({"ul", "ol"}), "dt": frozenset({"dl"}), "dd": frozenset({"dl"}),
                "tr": frozenset({"thead", "tbody"}), "td": frozenset({"tr"}), "th": frozenset({"tr"}),
                "thead": frozenset({"table"}), "tbody": frozenset({"table"}), "caption": frozenset({"table"}),
                "colgroup": frozenset({"table"}), "col": frozenset({"colgroup"})}
# Parents whose text the parser moves out unless it is whitespace, and whose children are fixed.
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tr", "colgroup"})
_TABLE_CHILDREN = {"table": frozenset({"caption", "colgroup", "thead", "tbody"}),
                   "thead": frozenset({"tr"}), "tbody": frozenset({"tr"}), "tr": frozenset({"td", "th"}),
                   "colgroup": frozenset({"col"})}
_NOT_HERE = frozenset({"ruby", "rt", "rp", "rtc"})      # the parser closes them by rules of their own


class _NeedsHtmlPath(Exception):
    """The document holds something only the HTML path settles exactly."""


def usable(md: markdown.Markdown) -> bool:
    """Whether this converter's postprocessors are all ones this module stands in for."""
    return {type(pp).__name__ for pp in md.postprocessors} <= KNOWN_POSTPROCESSORS


def sanitised_tree(md: markdown.Markdown, source: str, backlink_text: str) -> tuple[Child, ...] | None:
    """The sanitised tree of `source` (after md.reset()), or None: use the HTML path.
    `backlink_text`: the footnotes' BACKLINK_TEXT (written into the HTML as it is)."""
    if not source.strip():
        return ()
    # Markdown.convert up to its serialiser.
    md.lines = source.split("\n")
    for preprocessor in md.preprocessors:
        md.lines = preprocessor.run(md.lines)
    root = md.parser.parseDocument(md.lines).getroot()
    for treeprocessor in md.treeprocessors:
        new_root = treeprocessor.run(root)
        if new_root is not None:
            root = new_root
    try:
        stashed = [_stashed_text(block) for block in md.htmlStash.rawHtmlBlocks]
        # A text node can hold a control character only from the source or a character reference.
        clean = not stashed and not CONTROL.search(source)
        return _Converter(backlink_text, stashed, clean).content(root, "", in_link=False, strip=True)
    except _NeedsHtmlPath:
        return None


def _stashed_text(block: object) -> Stashed:
    """What the HTML path makes of a piece of raw HTML: the whitespace around a comment (the
    comment goes), the character of a character reference; anything else goes the HTML path."""
    if isinstance(block, str) and (comment := _COMMENT.fullmatch(block)):
        return _Comment(comment[1], comment[2])
    if isinstance(block, str) and (reference := _CHARACTER_REFERENCE.fullmatch(block)):
        return _character(reference)
    raise _NeedsHtmlPath


@dataclass
class _Comment:
    """A comment in the stash: the whitespace written before and after it stays."""
    before: str
    after: str


Stashed = Union[str, _Comment]


class _Converter:
    def __init__(self, backlink_text: str, stashed: list[Stashed], clean: bool = False) -> None:
        """`clean`: no text of the document can hold a control character (none to leave out)."""
        if any(c in backlink_text for c in "&<>"):
            raise _NeedsHtmlPath        # markup in the setting: the HTML parser reads it
        self.backlink_text = backlink_text
        self.stashed = stashed
        self.comments = any(isinstance(found, _Comment) for found in stashed)
        self.finished = (lambda text: text) if clean else without_control_characters

    def content(self, elem: Element, tag: str, in_link: bool, strip: bool = False) -> tuple[Child, ...]:
        """The children of `elem` (its text, its elements and their tails) as our tree."""
        pieces: list[str | Element | _Comment] = [elem.text or ""]
        for child in elem:
            pieces += [(self.comments and self.comment_alone(child)) or child, child.tail or ""]
        if strip:                       # Markdown.convert strips the document before and after postprocessing
            _strip_ends(pieces)
        out: list[Child] = []
        text: list[str] = []             # the text since the last element: one text node
        for piece in pieces:
            if isinstance(piece, _Comment):
                text += [piece.before, piece.after]
            elif isinstance(piece, str):
                if piece:
                    text.append(self.text(piece, tag))
            else:
                if text and (joined := "".join(text)):
                    out.append(self.finished(joined))
                text = []
                out.append(self.element(piece, tag, in_link))
        if text and (joined := "".join(text)):
            out.append(self.finished(joined))
        return tuple(out)

    def comment_alone(self, elem: Element) -> _Comment | None:
        """A paragraph of nothing but a comment: RawHtmlPostprocessor puts the comment in its
        place (with the whitespace around it)."""
        if elem.tag != "p" or elem.attrib or len(elem) or not elem.text:
            return None
        stashed = _STASHED.fullmatch(elem.text)
        found = self.stashed[int(stashed[1])] if stashed and int(stashed[1]) < len(self.stashed) else None
        return found if isinstance(found, _Comment) else None

    def element(self, elem: Element, parent: str, in_link: bool) -> Node:
        tag = elem.tag
        if not isinstance(tag, str) or tag not in ALLOWED_TAGS or tag in _NOT_HERE:
            raise _NeedsHtmlPath        # a comment, or a tag nh3 would unwrap
        if parent in _PHRASING_ONLY and tag not in _PHRASING:
            raise _NeedsHtmlPath        # a block inside a paragraph: the parser closes the paragraph
        if parent in _TABLE_CHILDREN and tag not in _TABLE_CHILDREN[parent]:
            raise _NeedsHtmlPath
        if tag in _ONLY_INSIDE and parent not in _ONLY_INSIDE[tag]:
            raise _NeedsHtmlPath
        if tag == "a" and in_link:
            raise _NeedsHtmlPath        # a link in a link: the parser closes the outer one
        attrs = self.attributes(tag, elem.attrib) if elem.attrib else ()
        if tag in VOID_TAGS:
            if len(elem) or elem.text:
                raise _NeedsHtmlPath
            return Node(tag, attrs)
        if tag == "pre" and (elem.text or "").startswith("\n"):
            raise _NeedsHtmlPath        # the parser drops a newline right after <pre>
        return Node(tag, attrs, self.content(elem, tag, in_link or tag == "a"))

    def attributes(self, tag: str, attrib: dict[str, str]) -> tuple[tuple[str, str], ...]:
        allowed = _ALLOWED_BY_TAG[tag]
        kept = []
        for name, value in sorted(attrib.items()):      # the serialiser's order, which nh3 keeps
            if not isinstance(name, str) or not isinstance(value, str) or not _ATTRIBUTE_NAME.fullmatch(name):
                raise _NeedsHtmlPath    # a name the parser would read otherwise (or lower-case)
            if name not in allowed:
                continue
            if name == value and name in BOOLEAN_ATTRIBUTES["html"]:
                raise _NeedsHtmlPath    # written without its value
            value = self.decoded(value, in_text=False)
            if name in _URL_ATTRIBUTES and ":" in value and not _scheme_allowed(value):
                continue
            kept.append((name, without_control_characters(value)))
        return tuple(kept)

    def text(self, raw: str, parent: str) -> str:
        if parent in _TABLE_PARTS and raw.strip(_ASCII_WHITESPACE):
            raise _NeedsHtmlPath        # text between table cells: the parser moves it before the table
        return self.decoded(raw, in_text=True)

    def decoded(self, raw: str, in_text: bool) -> str:
        """Text as the HTML parser reads what the serialiser and the postprocessors wrote
        (control characters are left out of each whole text node by the caller)."""
        if STX in raw or ETX in raw:
            raw = raw.replace(FN_BACKLINK_TEXT, self.backlink_text).replace(NBSP_PLACEHOLDER, "\xa0")
            if in_text and STX in raw:
                parts = _STASHED.split(raw)     # text, stash key, text, …
                return "".join(self.decoded(part, in_text) if index % 2 == 0 else self.stashed_text(part)
                               for index, part in enumerate(parts))
            if STX in raw or ETX in raw:
                raise _NeedsHtmlPath    # a placeholder of python-markdown's not replaced here
        if "&" in raw:
            raw = _ENTITY_LIKE.sub(_entity, raw)
        return raw

    def stashed_text(self, key: str) -> str:
        if int(key) >= len(self.stashed):
            raise _NeedsHtmlPath
        found = self.stashed[int(key)]
        return found.before + found.after if isinstance(found, _Comment) else found


def _strip_ends(pieces: list) -> None:
    """Whitespace at the start and the end of the document left out, as Markdown.convert
    strips it: the serialised text first, then, after postprocessing, a comment's own."""
    pieces[0] = pieces[0].lstrip()
    if not pieces[0] and len(pieces) > 1 and isinstance(pieces[1], _Comment):
        pieces[1] = _Comment(pieces[1].before.lstrip(), pieces[1].after)
    pieces[-1] = pieces[-1].rstrip()
    if not pieces[-1] and len(pieces) > 1 and isinstance(pieces[-2], _Comment):
        pieces[-2] = _Comment(pieces[-2].before, pieces[-2].after.rstrip())


def _entity(match: re.Match[str]) -> str:
    decoded = _ENTITIES.get(match.group(0))
    if decoded is None:
        raise _NeedsHtmlPath
    return decoded


def _character(reference: re.Match[str]) -> str:
    """A character reference as an HTML parser reads it in text (the HTML standard's
    numeric rules: html.unescape leaves out some characters a parser keeps)."""
    number, hexadecimal = reference.groups()
    if number is None and hexadecimal is None:
        return html.unescape(reference.group(0))
    code = int(number) if number is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    if 0x80 <= code <= 0x9F:
        return html.unescape(f"&#{code};")      # the windows-1252 table, as the standard has it
    return chr(code)


def _scheme_allowed(url: str) -> bool:
    """Whether nh3 keeps this address (one with a colon: it may have a scheme, which nh3
    checks after parsing it as a browser does; one without is relative and kept)."""
    cleaned = nh3.clean(f'<a href="{html.escape(url, quote=True)}"></a>', tags={"a"}, attributes={"a": {"href"}},
                        url_schemes=URL_SCHEMES, link_rel=None)
    return "href=" in cleaned


def saved_node(tag: Any, attrs: Any, children: tuple) -> Node:
    """A node of a tree read back from the cache (the saved session, the tree memo), which
    anyone who can write the content can write: only what this module lets through (an allowed
    tag, its allowed attributes, addresses of allowed schemes, text). ValueError otherwise."""
    allowed = _ALLOWED_BY_TAG.get(tag) if isinstance(tag, str) else None
    pairs = tuple((name, value) for name, value in attrs)
    if allowed is None or not all(isinstance(name, str) and isinstance(value, str) and name in allowed
                                  and not (name in _URL_ATTRIBUTES and ":" in value and not _scheme_allowed(value))
                                  for name, value in pairs) \
            or not all(isinstance(child, (str, Node)) for child in children):
        raise ValueError(f"not a sanitised <{tag}>")
    return Node(tag, pairs, children)
