"""python-markdown's inline pass, without trying patterns that cannot match.

For every piece of text, python-markdown tries each of its fifteen inline patterns in turn
(code spans, escapes, links, images, autolinks, line breaks, raw HTML, entities, emphasis),
and most pieces of a summary hold none of the characters they start with: most of the
inline pass is spent finding nothing. Each pattern below cannot match a text without one of
the strings listed for it (a link needs "[", an entity "&"), so for a text without them the
answer "no match" is given without running the pattern: the same answer, the same tree.
A pattern is only skipped when its regular expression is the very one listed here (another
python-markdown version's pattern is always tried). tests/test_inline_patterns.py converts
the example content, the bench corpus and the hostile inputs both ways and compares.
"""
from __future__ import annotations

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.treeprocessors import InlineProcessor

# A pattern's regular expression → strings of which a match holds at least one.
NEEDED = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),                       # code span
    r"\\(.)": ("\\",),                                                      # escape
    r"\[\^([^\]]*)\]": ("[^",),                                             # footnote reference
    r"(?<!\!)\[": ("[",),                                                   # link, reference
    r"\!\[": ("![",),                                                       # image
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),                        # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),                                       # e-mail autolink
    r"  \n": ("  \n",),                                                     # line break
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),               # entity
    r"\*|_": ("*", "_"),                                                    # emphasis
}
# Raw inline HTML: its expression changes between versions, it always starts with "<".
_HTML_PATTERN_START = "(<("


def _needed(pattern: object) -> tuple[str, ...] | None:
    """What a text must hold for `pattern` to match it; None: always try it."""
    if not isinstance(pattern, InlinePattern):
        return None
    expression = pattern.compiled_re.pattern
    if expression.startswith(_HTML_PATTERN_START) and expression.endswith(")>)"):
        return ("<",)
    return NEEDED.get(expression)


class SkippingInlineProcessor(InlineProcessor):
    """InlineProcessor that answers "no match" itself for a pattern that cannot match."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.needed = {id(pattern): _needed(pattern) for pattern in md.inlinePatterns}

    def _InlineProcessor__applyPattern(self, pattern: object, data: str, patternIndex: int,  # noqa: N802, N803
                                       startIndex: int = 0) -> tuple[str, bool, int]:  # noqa: N803
        needed = self.needed.get(id(pattern))
        if needed is not None and not any(text in data for text in needed):
            return data, False, 0       # what InlineProcessor answers when the pattern finds nothing
        return super()._InlineProcessor__applyPattern(pattern, data, patternIndex, startIndex)


def skip_impossible_patterns(md: Markdown) -> None:
    """Use SkippingInlineProcessor for `md`'s inline pass (where python-markdown's own has
    the method it stands in for)."""
    if hasattr(InlineProcessor, "_InlineProcessor__applyPattern") and "inline" in md.treeprocessors:
        priority = next(item.priority for item in md.treeprocessors._priority if item.name == "inline")
        md.treeprocessors.register(SkippingInlineProcessor(md), "inline", priority)
