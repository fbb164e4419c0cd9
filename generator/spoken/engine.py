"""The rule engine: load a language table, compile its rules, apply them in order.

A table (generator/spoken/<lang>.yaml) holds every word and every pattern;
this module only knows how to run them:

* Patterns may use macros: ``<<name>>`` (from the table's ``macros:``),
  ``<<keys:TABLE>>``, ``<<values:TABLE>>`` and ``<<list:LIST>>`` (an escaped
  alternation, longest first). Tables that a site can change (abbreviations,
  issuers) are merged with the options before the macros are expanded.
* Rules run one after the other over the whole text. The output of a rule is
  *protected* (wrapped in two private-use characters) so that later rules
  never read it again: "năm" said for 5 is not a year word, "Trung ương" is
  not re-expanded. Rules marked ``protect: false`` (clean-up of markup) leave
  their output open to later rules.
* Finally the markers are removed, parentheses become commas and spaces and
  punctuation are tidied.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Mapping

from . import shipped
from .context import CLOSE, OPEN, Context
from .handlers import HANDLERS
from .numbers import NumberSpeller, TableError

_MARKERS = re.compile(f"[{OPEN}{CLOSE}]")
_PROTECTED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_MACRO = re.compile(r"<<(?:(keys|values|list):)?([A-Za-z_][\w]*)>>")

# Keys of a rule entry that are not handler parameters.
_RULE_KEYS = {"name", "pattern", "handler", "protect"}

# The pseudo-language of text whose language has no table: the shared clean-up
# (_markup.yaml) alone; numbers and abbreviations stay as written.
PLAIN = "_markup"
_REQUIRED = ("numbers", "rules", "templates", "defaults")


class NoTableError(ValueError):
    """There is no spoken-form table for this language (see generator/spoken/README.md)."""

    def __init__(self, lang: str, available: list[str]):
        self.lang, self.available = lang, available
        super().__init__(f"no spoken-form table for language {lang!r} (have: {', '.join(available)})")


# -- tables -------------------------------------------------------------------
def table_dir():
    return resources.files(__package__)


def available_languages() -> list[str]:
    return sorted(
        entry.name[: -len(".yaml")]
        for entry in table_dir().iterdir()
        if entry.name.endswith(".yaml") and not entry.name.startswith("_")
    )


def normalise_lang(lang: str) -> str:
    """'vi-VN' -> 'vi', 'hmn-Latn-VN' -> 'hmn'."""
    if lang == PLAIN:
        return PLAIN
    return (lang or "").replace("_", "-").split("-")[0].strip().lower()


def has_table(lang: str) -> bool:
    return normalise_lang(lang) in available_languages()


def _read_table(name: str) -> dict[str, Any]:
    path = table_dir() / f"{name}.yaml"
    if not path.is_file():
        raise TableError(f"{name}.yaml: no such table")
    source = path.read_bytes()
    # As shipped.py holds it (JSON) when the YAML is unchanged since: read by every process that
    # makes loudspeaker material.
    data = shipped.table(name, source)
    if data is None:
        data = shipped.parse_yaml(source)
    if not isinstance(data, dict):
        raise TableError(f"{name}.yaml: not a mapping")
    return data


def _with_includes(data: dict[str, Any], code: str) -> dict[str, Any]:
    """Splice `- include: NAME` entries of `rules:`; the included file's lists and macros
    are defaults that the including table may override."""
    rules: list[Any] = []
    lists: dict[str, Any] = {}
    macros: dict[str, Any] = {}
    for entry in data.get("rules") or []:
        if isinstance(entry, Mapping) and "include" in entry:
            included = _read_table(str(entry["include"]))
            if not isinstance(included.get("rules"), list):
                raise TableError(f"{code}.yaml: included {entry['include']}.yaml has no rules")
            rules += included["rules"]
            lists.update(included.get("lists") or {})
            macros.update(included.get("macros") or {})
        else:
            rules.append(entry)
    return {**data, "rules": rules, "lists": {**lists, **(data.get("lists") or {})},
            "macros": {**macros, **(data.get("macros") or {})}}


@lru_cache(maxsize=None)
def load_table(lang: str) -> Mapping[str, Any]:
    code = normalise_lang(lang)
    if code != PLAIN and code not in available_languages():
        raise NoTableError(lang, available_languages())
    data = _with_includes(_read_table(code), code)
    for key in ("rules",) if code == PLAIN else _REQUIRED:
        if key not in data:
            raise TableError(f"{code}.yaml: '{key}' is missing")
    return data


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    handler: Callable[..., str | None]
    params: Mapping[str, Any]
    protect: bool


@dataclass(frozen=True)
class RuleSet:
    context: Context
    rules: tuple[Rule, ...]


def _options_key(options: Any) -> tuple:
    return (
        options.linh_word,
        options.tu_is_city,
        tuple(sorted((str(k), str(v) if v is not None else "") for k, v in dict(options.abbreviations).items())),
        options.website_phrase,
        options.list_markers,
    )


def ruleset(lang: str, options: Any) -> RuleSet:
    """The compiled rules of a language with these options (compiled once: the tables are
    part of the package, so the rules are a pure function of the two)."""
    code = normalise_lang(lang)
    return _compiled(code, _KeyedOptions(_options_key(options), options))


@dataclass(frozen=True)
class _KeyedOptions:
    """Options compared and hashed by everything the rules read of them (_options_key)."""
    key: tuple
    options: Any = field(compare=False, hash=False)


@lru_cache(maxsize=64)
def _compiled(code: str, keyed: _KeyedOptions) -> RuleSet:
    return compile_ruleset(code, keyed.options)


def _str_map(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TableError(f"{where} must be a mapping")
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def compile_ruleset(code: str, options: Any) -> RuleSet:
    """The rules of language `code` (normalised) compiled from its table (load_table)."""

    table = load_table(code)
    maps: dict[str, dict[str, str]] = {}
    for name, value in table.items():
        if isinstance(value, Mapping) and name not in ("numbers", "templates", "defaults", "macros", "lists",
                                                         "review"):
            maps[name] = _str_map(value, f"{code}.yaml: {name}")
    city = maps.pop("city_overrides", {})
    site = _str_map(options.abbreviations, "abbreviations option")
    for name in ("abbreviations", "issuers"):
        merged = dict(maps.get(name, {}))
        if options.tu_is_city:
            merged.update({k: v for k, v in city.items() if k in merged})
        if name == "abbreviations":
            merged.update(site)
        else:  # a site's abbreviation also corrects an issuer of the same letters
            merged.update({k: v for k, v in site.items() if k in merged or v})
        maps[name] = {k: v for k, v in merged.items() if v}
    lists = {str(k): [str(x) for x in v] for k, v in (table.get("lists") or {}).items()}

    phrase = options.website_phrase
    if phrase is None:
        phrase = str(table.get("website_phrase", ""))
    email = "" if phrase == "" else str(table.get("email_phrase", ""))   # "": addresses are dropped
    numbers = NumberSpeller(table["numbers"], linh=options.linh_word) if "numbers" in table else None
    context = Context(code, table, options, numbers, maps, lists, phrase, email)

    macros = {str(k): str(v) for k, v in (table.get("macros") or {}).items()}

    def alternation(items: list[str]) -> str:
        items = sorted({i for i in items if i}, key=lambda s: (-len(s), s))
        if not items:
            return "(?!)"
        return "(?:" + "|".join(re.escape(i) for i in items) + ")"

    def expand(pattern: str, depth: int = 0) -> str:
        if depth > 20:
            raise TableError(f"{code}.yaml: macros nest too deep")

        def one(m: re.Match[str]) -> str:
            kind, name = m.group(1), m.group(2)
            if kind == "keys":
                return alternation(list(maps.get(name, {}).keys()))
            if kind == "values":
                return alternation(list(maps.get(name, {}).values()))
            if kind == "list":
                if name not in lists:
                    raise TableError(f"{code}.yaml: lists.{name} is missing")
                return alternation(lists[name])
            if name not in macros:
                raise TableError(f"{code}.yaml: macro <<{name}>> is not defined")
            return expand(macros[name], depth + 1)

        return _MACRO.sub(one, pattern)

    rules: list[Rule] = []
    for index, entry in enumerate(table["rules"]):
        if not isinstance(entry, Mapping) or "pattern" not in entry or "handler" not in entry:
            raise TableError(f"{code}.yaml: rules[{index}] needs a pattern and a handler")
        name = str(entry.get("name", f"rule{index}"))
        handler = HANDLERS.get(str(entry["handler"]))
        if handler is None:
            raise TableError(f"{code}.yaml: rule {name}: unknown handler {entry['handler']!r}")
        try:
            regex = re.compile(expand(str(entry["pattern"])), re.MULTILINE)
        except re.error as exc:
            raise TableError(f"{code}.yaml: rule {name}: bad pattern: {exc}") from None
        params = {}
        for key, value in entry.items():
            if key in _RULE_KEYS:
                continue
            params[key] = expand(value) if isinstance(value, str) and key.endswith("follows") else value
        rules.append(Rule(name, regex, handler, params, bool(entry.get("protect", True))))
    return RuleSet(context, tuple(rules))


# -- applying -------------------------------------------------------------
def _protected_spans(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for m in _PROTECTED.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def apply_rules(text: str, rs: RuleSet) -> str:
    for rule in rs.rules:
        if OPEN in text:
            starts, ends = _protected_spans(text)
        else:
            starts, ends = [], []

        def replace(m: re.Match[str], rule: Rule = rule) -> str:
            whole = m.group(0)
            if not whole or OPEN in whole or CLOSE in whole:
                return whole
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and m.start() < ends[i]:
                return whole
            out = rule.handler(m, rs.context, **rule.params)
            if out is None:
                return whole
            if rule.protect and out:
                return OPEN + out + CLOSE
            return out

        text = rule.regex.sub(replace, text)
    return text


_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_PAREN = re.compile(r"\(([^()\n]*)\)|\[([^\[\]\n]*)\]")


def finish(text: str) -> str:
    """Remove the protection markers, turn parentheses into commas, tidy spaces and punctuation."""
    text = re.sub(rf"(?<=\w){CLOSE}-{OPEN}(?=\w)", " - ", text)
    text = re.sub(rf"(?<=\w)[{OPEN}{CLOSE}]+(?=\w)", " ", text)
    text = _MARKERS.sub("", text)
    while True:
        new = _PAREN.sub(_comma_aside, text)
        if new == text:
            break
        text = new
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        line = re.sub(r" +([.,;:?!…])", r"\1", line)
        line = re.sub(r",(?:\s*,)+", ",", line)
        line = re.sub(r",\s*([.;:?!…])", r"\1", line)
        line = re.sub(r"[;:]\s*([.?!])", r"\1", line)
        line = re.sub(r"([.;:?!])\s*,\s*", r"\1 ", line)
        line = re.sub(r",(?=[^\W\d_])", ", ", line)
        line = _SPACES.sub(" ", line).strip()
        lines.append(line)
    return unicodedata.normalize("NFC", "\n".join(lines))


def _comma_aside(m: re.Match[str]) -> str:
    """'(x)' -> ', x,' ; no comma at the start or the end of a line."""
    inner = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
    if not inner:
        return ""
    before = m.string[m.string.rfind("\n", 0, m.start()) + 1: m.start()]
    end = m.string.find("\n", m.end())
    after = m.string[m.end(): end if end >= 0 else len(m.string)]
    head = ", " if _MARKERS.sub("", before).strip() else ""
    tail = ", " if _MARKERS.sub("", after).strip() else ""
    return f"{head}{inner}{tail}"
