"""Read list nesting the way editors write it (CommonMark), for python-markdown.

python-markdown nests a list only when it is indented by four spaces;
editors (and most Markdown tools since CommonMark) indent by two, or by the
width of the parent's marker ("1.  " → 3). Without this, a nested point
silently becomes a sibling point. We re-indent list lines to multiples of
four from CommonMark's rule (a line belongs to the deepest open item whose
content column it reaches), keeping the line count so line numbers hold.
"""
from __future__ import annotations

import re
from functools import lru_cache

_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+|$)(?P<rest>.*)$")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


# A line re-indenting could change (after a "\n"): one starting with spaces or tabs before its
# text, or a list item whose marker is not followed by one space and its text (nothing, a tab,
# two blanks, or "#"). A text without any such line comes back as it is, without the line loop.
_MAY_CHANGE = re.compile(r"\n(?:[ \t]+[^ \t\n]|(?:[-*+]|\d{1,9}[.)])(?:\n|\t|[ \t][ \t]| #))")


def may_change(source: str) -> bool:
    """False when normalise_list_indentation gives `source` back unchanged."""
    return _MAY_CHANGE.search(f"\n{source}\n") is not None


def _width(text: str) -> int:
    return len(text.expandtabs(4))


@lru_cache(maxsize=1)      # the loader's nesting check and the rendering of the same text ask in turn
def normalise_list_indentation(source: str) -> str:
    return _reindented(source) if may_change(source) else source


def _reindented(source: str) -> str:
    out: list[str] = []
    stack: list[int] = []          # content column of each open list item
    previous_blank = True
    in_fence = False
    quote_indent: int | None = None    # the indent given to the lines of the quote being read
    quote_depth = 0                    # ... and the depth of the item it belongs to
    normal_quote = False               # the line before is a quote line left at its own indent
    for line in source.split("\n"):
        if not line.strip():
            out.append(line)
            previous_blank = True
            quote_indent = None
            continue
        indent = _width(line) - _width(line.lstrip(" \t"))
        body = line.lstrip(" \t")
        if _FENCE.match(line):
            in_fence = not in_fence
        item = None if in_fence else _ITEM.match(line)
        if item and (stack or indent < 4):
            while stack and indent < stack[-1]:
                stack.pop()
            depth = len(stack)
            spaces = min(max(1, _width(item["space"])), 4) if item["rest"] else 1
            stack.append(indent + len(item["marker"]) + spaces)
            # "- #hashtag" or "- # ý": python-markdown would make a heading of the point,
            # which leaflets and the page outline do not expect; the editor meant the text.
            rest = "\\" + item["rest"] if item["rest"].startswith("#") else item["rest"]
            out.append("    " * depth + item["marker"] + " " + rest)
        elif stack:
            owners = [i for i, column in enumerate(stack) if indent >= column]
            if owners:
                del stack[owners[-1] + 1:]
                extra = indent - stack[-1]
                if body.startswith(">") and (quote_indent is not None or not (previous_blank or normal_quote)):
                    # A quote right under the point's text: python-markdown opens it only
                    # within the item's first four columns; at four it stays text, "> " and all.
                    # A quote line under another item starts that item's quote.
                    if quote_indent is None or quote_depth != len(stack):
                        quote_indent, quote_depth = 4 * (len(stack) - 1) + 2, len(stack)
                    out.append(" " * quote_indent + body)
                    previous_blank = False
                    continue
                out.append(" " * (4 * len(stack) + extra) + body)
                normal_quote = body.startswith(">")   # (a quote after a blank line): its next lines go with it
                previous_blank = False
                continue
            elif previous_blank:
                stack.clear()          # text back at the margin after a blank line ends the list
                out.append(line)
            else:
                out.append(line)       # lazy continuation of the item's paragraph
        else:
            out.append(line)
        previous_blank = normal_quote = False
    return "\n".join(out)
