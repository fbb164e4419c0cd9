"""Limits on what a YAML file may expand to, checked before it is built into Python data.

YAML aliases let ten lines stand for a billion values ("billion laughs"), and a deep
enough nesting crashes the C parser's recursion. Every YAML file the tool reads
(site.yaml, resolution.yaml, front matter, glossary.yaml, translation records) goes
through parse_yaml in reader.py, which asks `find_excess` first. The check reads
the event stream (libyaml parses iteratively, in constant stack) and adds up how
much each anchor stands for; it stops at the first event that passes a limit, so
it takes milliseconds however large the expansion would be.
"""
from __future__ import annotations

from typing import NamedTuple

import yaml

# Real content nests 4 levels (languages → hmn → sections → key); 40 is far beyond any
# honest file and far below the parser's own recursion.
MAX_DEPTH = 40
# Values that aliases may add beyond what is written out. A site that repeats a settings
# block with `<<: *defaults` a few times stays in the hundreds; a billion laughs needs millions.
MAX_ALIAS_EXPANSION = 100_000
# A long text counts as more than one value: an alias to a 1 MB string repeated is no cheaper.
CHARS_PER_VALUE = 64

_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Every collection is opened by one of these (a key's colon or question mark, a list item's
# dash, a bracket or a brace): a text with fewer of them cannot nest MAX_DEPTH deep. Most
# files (front matter, resolution.yaml) are that small and skip reading the events.
_OPENERS = (":", "-", "?", "[", "{")


class Excess(NamedTuple):
    code: str          # yaml-too-deep | yaml-alias-expansion
    line: int          # 0-based, as YAML's marks
    column: int        # 0-based
    limit: int


def find_excess(text: str) -> Excess | None:
    """The first place where `text` nests or expands past the limits; None if it stays within.
    Syntax errors are left to the composer, which words them for the editor."""
    if "*" not in text and sum(text.count(mark) for mark in _OPENERS) < MAX_DEPTH:
        return None     # no alias to expand, and too few collections written to nest that deep
    sizes: dict[str, int] = {}                  # anchor → values it stands for
    open_collections: list[list] = []           # [anchor, values so far]
    expansion = 0
    try:
        for event in yaml.parse(text, Loader=_PARSER):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(open_collections) >= MAX_DEPTH:
                    return _at(event, "yaml-too-deep", MAX_DEPTH)
                open_collections.append([event.anchor, 1])
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                anchor, size = open_collections.pop()
            elif isinstance(event, yaml.ScalarEvent):
                anchor, size = event.anchor, 1 + len(event.value) // CHARS_PER_VALUE
            elif isinstance(event, yaml.AliasEvent):
                anchor, size = None, sizes.get(event.anchor, 1)
                expansion += size
                if expansion > MAX_ALIAS_EXPANSION:
                    return _at(event, "yaml-alias-expansion", MAX_ALIAS_EXPANSION)
            else:
                continue
            if anchor:
                sizes[anchor] = size
            if open_collections:
                open_collections[-1][1] += size
    except yaml.MarkedYAMLError as exc:
        # libyaml refuses a thousand nested brackets itself (before any event reaches us);
        # the pure-Python parser the composer falls back to would recurse instead.
        if "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            return Excess("yaml-too-deep", exc.problem_mark.line, exc.problem_mark.column, MAX_DEPTH)
        return None
    except yaml.YAMLError:
        return None
    return None


def _at(event: yaml.Event, code: str, limit: int) -> Excess:
    mark = event.start_mark
    return Excess(code, mark.line if mark else 0, mark.column if mark else 0, limit)
