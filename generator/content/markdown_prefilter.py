"""python-markdown's block tests and inline patterns, not tried on text that cannot match them.

For every block, python-markdown asks each of its fifteen block processors whether the block
is theirs (a heading? a quote? a table? ...), and for every piece of text it tries each of its
fifteen inline patterns (code spans, escapes, links, images, autolinks, line breaks, raw HTML,
entities, emphasis); most of them search the whole text with a regular expression, and most
find nothing: a summary's blocks are paragraphs and lists, its text mostly plain words. Each
test and pattern listed below cannot match a text without one of the strings listed for it (a
heading needs "#", a link "[", an entity "&"), so for a text without them the answer "no" is
given without running it: the same answer, the same tree. Four whole-document stages (fenced
code, the raw-HTML pass, attr_list, unescape) are skipped in the same way on a document without
what they look for. A test, pattern or stage is only skipped when its regular expression is the
very one listed here (another python-markdown version's is always tried).
tests/test_markdown_converter.py converts the example content, the bench corpus and the hostile
inputs both ways and compares.
"""
from __future__ import annotations

from typing import Any, Callable

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.treeprocessors import InlineProcessor
from markdown.util import ETX, STX, AtomicString

# An inline pattern's regular expression → strings of which a match holds at least one.
INLINE_NEEDS = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),                      # code span
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

# A block processor (its class, its regular expression) → strings of which a block it takes
# holds at least one. Its test answers no to a block without them (the table's test splits the
# first rows at their pipes; the footnote and reference processors take the block when their
# expression finds a definition in it, and give it back untouched otherwise).
BLOCK_NEEDS = {
    ("markdown.blockprocessors.HashHeaderProcessor",
     r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)"): ("#",),
    ("markdown.blockprocessors.HRProcessor",
     r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$"):
        ("-", "_", "*"),
    ("markdown.blockprocessors.BlockQuoteProcessor", r"(^|\n)[ ]{0,3}>[ ]?(.*)"): (">",),
    ("markdown.extensions.def_list.DefListProcessor", r"(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)"): (":",),
    ("markdown.extensions.tables.TableProcessor", None): ("|",),
    ("markdown.extensions.footnotes.FootnoteBlockProcessor", r"^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$"): ("]:",),
    ("markdown.blockprocessors.ReferenceProcessor",
     r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
     r"""((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$"""): ("]:",),
}


# A whole-document stage (its class, its regular expression where it has one) → strings the
# document must hold for the stage to change anything; without any of them it is not run, its
# answer being what it was given. Fenced code needs a fence; the raw-HTML pass hands back every
# line as it was unless one holds "<" or "&" (a tag, an entity); attr_list's three expressions
# all need "{"; unescape turns back placeholders that only a backslash escape makes. The tree
# processors look at the lines the parser read (`md.lines`: every text of the tree came from them).
STAGE_NEEDS = {
    ("markdown.extensions.fenced_code.FencedBlockPreprocessor",
     r"(?P<fence>^(?:~{3,}|`{3,}))"): ("```", "~~~"),
    ("markdown.preprocessors.HtmlBlockPreprocessor", None): ("<", "&"),
    ("markdown.extensions.attr_list.AttrListTreeprocessor", r"\{\:?[ ]*([^\}\n ][^\n]*)\}"): ("{",),
    ("markdown.treeprocessors.UnescapeTreeprocessor", f"{STX}(\\d+){ETX}"): ("\\",),
}
# Where each stage keeps the expression STAGE_NEEDS names (the start of it, for fenced code).
_STAGE_EXPRESSION = {"FencedBlockPreprocessor": "FENCED_BLOCK_RE", "AttrListTreeprocessor": "BASE_RE",
                     "UnescapeTreeprocessor": "RE"}


def prefilter(md: Markdown) -> None:
    """Put the prefilter in front of `md`'s block tests, inline patterns and the document
    stages of STAGE_NEEDS."""
    for processor in md.parser.blockprocessors:
        needs = _block_needs(processor)
        if needs is not None:
            processor.test = _test_if_possible(processor.test, needs)
    for stage in md.preprocessors:
        needs = _stage_needs(stage)
        if needs is not None:
            stage.run = _preprocess_if_possible(stage.run, needs)
    for stage in md.treeprocessors:
        needs = _stage_needs(stage)
        if needs is not None:
            stage.run = _process_tree_if_possible(stage.run, needs, md)
    # The inline pass, where python-markdown's own has the methods SkippingInlineProcessor uses.
    priorities = {item.name: item.priority for item in getattr(md.treeprocessors, "_priority", ())}
    if all(hasattr(InlineProcessor, f"_InlineProcessor__{name}") for name in ("applyPattern", "handleInline")) \
            and "inline" in priorities:
        md.treeprocessors.register(SkippingInlineProcessor(md), "inline", priorities["inline"])


def _block_needs(processor: object) -> tuple[str, ...] | None:
    """What a block must hold for `processor` to take it; None: always ask it."""
    kind = type(processor)
    expression = getattr(processor, "RE", None)
    expression = getattr(expression, "pattern", expression)
    return BLOCK_NEEDS.get((f"{kind.__module__}.{kind.__qualname__}", expression))


def _stage_needs(stage: object) -> tuple[str, ...] | None:
    """What a document must hold for `stage` to change it; None: always run it."""
    kind = type(stage)
    expression = getattr(stage, _STAGE_EXPRESSION.get(kind.__qualname__, ""), None)
    expression = getattr(expression, "pattern", expression)
    for (name, known), needs in STAGE_NEEDS.items():
        if name == f"{kind.__module__}.{kind.__qualname__}" and (
                known is None or (isinstance(expression, str) and expression.lstrip().startswith(known))):
            return needs
    return None


def _preprocess_if_possible(run: Callable[[list[str]], list[str]],
                            needs: tuple[str, ...]) -> Callable[[list[str]], list[str]]:
    def preprocess_if_possible(lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        return run(lines) if any(need in text for need in needs) else lines
    return preprocess_if_possible


def _process_tree_if_possible(run: Callable[[Any], Any], needs: tuple[str, ...], md: Markdown) -> Callable[[Any], Any]:
    def process_tree_if_possible(root: Any) -> Any:
        text = "\n".join(md.lines)
        return run(root) if any(need in text for need in needs) else None
    return process_tree_if_possible


def _test_if_possible(test: Callable[[Any, str], bool], needs: tuple[str, ...]) -> Callable[[Any, str], bool]:
    if len(needs) == 1:                 # most: one string, looked for without a generator (every block)
        need = needs[0]

        def test_if_one(parent: Any, block: str) -> bool:
            return need in block and test(parent, block)
        return test_if_one

    def test_if_possible(parent: Any, block: str) -> bool:
        return any(text in block for text in needs) and test(parent, block)
    return test_if_possible


def _inline_needs(pattern: object) -> tuple[str, ...] | None:
    """What a text must hold for `pattern` to match it; None: always try it."""
    if not isinstance(pattern, InlinePattern):
        return None
    expression = pattern.compiled_re.pattern
    if expression.startswith(_HTML_PATTERN_START) and expression.endswith(")>)"):
        return ("<",)
    return INLINE_NEEDS.get(expression)


class SkippingInlineProcessor(InlineProcessor):
    """InlineProcessor that does not try a pattern on a text that cannot hold what it needs.

    Its loop over the patterns is python-markdown's (InlineProcessor.__handleInline), with
    the patterns and what each needs listed once per document instead of looked up in the
    registry for every try. A pattern skipped is answered as InlineProcessor answers a pattern
    that finds nothing (not matched, search again from the start); a match only ever takes
    text out (for a placeholder holding none of the strings needed), so what a text could not
    hold at the start of the loop it cannot hold later."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.patterns: list[tuple[object, tuple[str, ...] | None]] = []
        self.needles: tuple[str, ...] = ()
        self.chosen: dict[tuple[tuple[bool, ...], int], list[tuple[int, object]]] = {}

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        self.patterns = [(pattern, _inline_needs(pattern)) for pattern in self.inlinePatterns]
        self.needles = tuple(dict.fromkeys(text for _pattern, needs in self.patterns for text in needs or ()))
        self.chosen = {}
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, AtomicString):
            return data
        # Which of the strings the text holds: the patterns to try follow from that alone (listed
        # once a document for each answer; most texts give the same one).
        present = tuple([text in data for text in self.needles])
        patterns = self.chosen.get((present, patternIndex))
        if patterns is None:
            held = {text for text, here in zip(self.needles, present) if here}
            patterns = self.chosen[(present, patternIndex)] = [
                (index, pattern) for index, (pattern, needs) in enumerate(self.patterns)
                if index >= patternIndex and (needs is None or any(text in held for text in needs))]
        start = 0
        position = 0
        while position < len(patterns):
            index, pattern = patterns[position]
            data, matched, start = self._InlineProcessor__applyPattern(pattern, data, index, start)
            if not matched:
                position += 1
                start = 0
        return data
