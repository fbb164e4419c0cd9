"""Web addresses written bare in a summary ("xem tại https://… hoặc www.…") as links, as Hugo
and GitHub show them: a reader on a phone taps the address rather than copying it by hand.

Text inside a link, code or preformatted text stays as written. Leaflets print such a link
once (its words are its address), loudspeaker scripts say the site's phrase, as for any link.
"""
from __future__ import annotations

import re

from .htmltree import Child, Node

# An address begins with http(s):// or www. where a word may begin, and ends before a space,
# a quote (straight, curly, « ») or an angle bracket; the punctuation that ends the sentence is not part of it.
_ADDRESS = re.compile(r"(?<![\w@/.:%-])(?:https?://|www\.)[^\s<>\"'`“”‘’«»‹›]+", re.I)
_TRAILING = ".,;:!?…'\")]}"
_SCHEME = re.compile(r"^https?://", re.I)
# Elements whose text is never made a link: a link already, code, preformatted text.
_AS_WRITTEN = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style"})


def may_hold_addresses(source: str) -> bool:
    """False when `source` has no bare address to link (most summaries): no pass is needed."""
    return "://" in source or "www." in source.lower()


def linked_addresses(nodes: tuple[Child, ...]) -> tuple[Child, ...]:
    """The tree with each bare web address in its text made a link."""
    out: list[Child] = []
    for node in nodes:
        if isinstance(node, str):
            out.extend(_linked(node))
        elif node.tag in _AS_WRITTEN or not node.children:
            out.append(node)
        else:
            children = linked_addresses(node.children)
            out.append(node if children == node.children else node.with_children(children))
    return tuple(out)


def _linked(text: str) -> list[Child]:
    pieces: list[Child] = []
    last = 0
    for found in _ADDRESS.finditer(text):
        address = _without_trailing_punctuation(found.group(0))
        host = _SCHEME.sub("", address)
        if "." not in host.strip("."):          # "https://" alone, "www." alone: not an address
            continue
        href = address if _SCHEME.match(address) else f"http://{address}"
        pieces += [text[last:found.start()], Node("a", (("href", href),), (address,))]
        last = found.start() + len(address)
    if not pieces:
        return [text]
    return [piece for piece in (*pieces, text[last:]) if piece != ""]


def _without_trailing_punctuation(address: str) -> str:
    """'https://x.vn/a.' → 'https://x.vn/a'; a closing bracket stays when the address opened one."""
    while address and address[-1] in _TRAILING:
        closing = address[-1]
        opening = {")": "(", "]": "[", "}": "{"}.get(closing)
        if opening and address.count(opening) >= address.count(closing):
            break
        address = address[:-1]
    return address
