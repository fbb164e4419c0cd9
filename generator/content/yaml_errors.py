"""PyYAML's syntax errors, told the way an editor can act on them.

PyYAML words its problems in English parser terms ("mapping values are not
allowed here") and, for an unclosed bracket or quote, points at the end of the
file. Each known problem gets its own message code (vi + en in
messages/diagnostics.yaml) and the position that helps: the opening bracket or
quote rather than the end of the file. Unknown problems keep YAML's own words.
"""
from __future__ import annotations

import re
from typing import NamedTuple

import yaml


class YamlProblem(NamedTuple):
    code: str
    line: int          # 0-based, as YAML's marks
    column: int        # 0-based
    params: dict[str, str]


_STRAY_COLON = re.compile(r"^mapping values are not allowed here")

# (pattern on exc.problem, message code, point at the context mark (where the bracket, quote or
# key began) rather than where YAML noticed the problem)
KNOWN: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (_STRAY_COLON, "yaml-stray-colon", False),
    (re.compile(r"^found character '\\t' that cannot start any token"), "yaml-tab", False),
    (re.compile(r"^found character '(?P<char>[@`%|>])' that cannot start any token"), "yaml-reserved-start", False),
    (re.compile(r"^found undefined alias"), "yaml-reserved-start", False),
    (re.compile(r"^expected ',' or '\]'"), "yaml-unclosed-list", True),
    (re.compile(r"^expected ',' or '\}'"), "yaml-unclosed-mapping", True),
    (re.compile(r"^found unexpected end of stream"), "yaml-unclosed-quote", True),
    (re.compile(r"^could not find expected ':'"), "yaml-missing-colon", True),
    (re.compile(r"^expected <block end>, but found"), "yaml-indentation", False),
    (re.compile(r"^did not find expected key"), "yaml-indentation", False),
)


# Word's “curly” quotes (AutoFormat as you type): YAML takes them for text, not for quotes, so a
# value "quoted" with them that holds a ':' fails as if it were not quoted at all.
# Only a quote that opens the value counts: "title: People’s Council: plan" is a stray colon.
_SMART_QUOTES = re.compile("^[ \t]*(?:-[ \t]+)*(?:[^\\s:#][^:#]*:[ \t]+)?(?P<quote>[\u201c\u201d\u2018\u2019])")

# Every code a syntax error can get (serve retries a half-saved file on any of them).
CODES = frozenset({"yaml-syntax", "yaml-smart-quotes", *(code for _, code, _ in KNOWN)})


def explain(exc: yaml.MarkedYAMLError, text: str = "") -> YamlProblem:
    """The message code, position and parameters for one PyYAML syntax error in `text`."""
    problem = exc.problem or str(exc)
    smart = _smart_quote(exc, text) if _STRAY_COLON.search(problem) else None
    if smart is not None:
        return YamlProblem("yaml-smart-quotes", smart[0], smart[1], {})
    for pattern, code, at_opening in KNOWN:
        found = pattern.search(problem)
        if not found:
            continue
        mark = (exc.context_mark if at_opening else None) or exc.problem_mark or exc.context_mark
        char = found.groupdict().get("char") or ("*" if "alias" in problem else "")
        return YamlProblem(code, mark.line if mark else 0, mark.column if mark else 0, {"char": char})
    mark = exc.problem_mark or exc.context_mark
    return YamlProblem("yaml-syntax", mark.line if mark else 0, mark.column if mark else 0, {"detail": problem})


def _smart_quote(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int] | None:
    """Line and column of a curly quote opening a value on the lines YAML complains about, if any."""
    lines = text.split("\n")
    for mark in (exc.context_mark, exc.problem_mark):
        if mark is not None and mark.line < len(lines):
            found = _SMART_QUOTES.match(lines[mark.line])
            if found:
                return mark.line, found.start("quote")
    return None
