"""The command line's parser: argparse speaking the user's language.

argparse writes its help headings and its errors in English ("usage:", "invalid choice: 'biuld'
(choose from …)"), and Python ships no translation of them. `Parser` keeps argparse's parsing and
changes only what it says: headings in Vietnamese, each error from the message catalog, with a
"did you mean" for a mistyped command, choice or option (as git and Python 3.14's argparse do)."""
from __future__ import annotations

import argparse
import difflib
import functools
import os
import re
import sys
from typing import Any, Collection, NoReturn, Sequence

from .diagnostics import message

MESSAGE_LANGUAGES = ("vi", "en")

# argparse's own error texts (English in every Python from 3.10; quoting of choices varies):
# each matched to a catalog message.
_ERRORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cli-invalid-choice", re.compile(r"argument (?P<name>[^:]+): invalid choice: (?P<value>.+?)(, maybe you meant .+?\?)? "
                                     r"\(choose from (?P<choices>.+)\)$")),
    ("cli-invalid-value", re.compile(r"argument (?P<name>[^:]+): invalid (?P<type>\w+) value: (?P<value>.+)$")),
    ("cli-expects-value", re.compile(r"argument (?P<name>[^:]+): expected (one|at least one) argument$")),
    ("cli-takes-no-value", re.compile(r"argument (?P<name>[^:]+): ignored explicit argument (?P<value>.+)$")),
    ("cli-unrecognized", re.compile(r"unrecognized arguments: (?P<value>.+)$")),
    ("cli-missing", re.compile(r"the following arguments are required: (?P<names>.+)$")),
    ("cli-ambiguous", re.compile(r"ambiguous option: (?P<value>\S+?)(=\S*)? could match (?P<choices>.+)$")),
    ("cli-argument", re.compile(r"argument (?P<name>[^:]+): (?P<detail>.+)$")),
)
COMMAND_METAVARS = ("LỆNH", "VIỆC")     # the metavars make_parser gives commands and their actions


def requested_language(argv: Sequence[str]) -> str:
    """The message language asked for on the command line (`--lang en`), else by TUYENTRUYEN_LANG,
    else Vietnamese: known before parsing, so that a parse error speaks it too. (`spoken --lang hmn`
    names a text's language: not a message language, so Vietnamese.)"""
    asked = os.environ.get("TUYENTRUYEN_LANG", "vi")
    for index, word in enumerate(argv if argv[:1] != ["spoken"] else ()):
        if word == "--lang" and index + 1 < len(argv):
            asked = argv[index + 1]
        elif word.startswith("--lang="):
            asked = word.partition("=")[2]
    return asked if asked in MESSAGE_LANGUAGES else "vi"


class HelpFormatter(argparse.HelpFormatter):
    """argparse's layout with Vietnamese headings."""

    HEADINGS = {"positional arguments": "tham số", "options": "tùy chọn", "optional arguments": "tùy chọn"}

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(self.HEADINGS.get(heading or "", heading))


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in `message_lang`. Its subcommands' parsers are
    Parsers in the same language, sharing `parsed`: the parsers that took part in a parse, outermost
    first, so that an argument none of them understood is told by the (sub)command it was given to."""

    def __init__(self, *args: Any, message_lang: str = "vi", parsed: list[Parser] | None = None,
                 **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter if message_lang == "vi" else argparse.HelpFormatter)
        kwargs["add_help"] = False          # our own -h below, its help in the message language
        super().__init__(*args, **kwargs)
        self.suggest_on_error = False       # Python 3.14+'s own English "maybe you meant": ours is in the catalog
        self.message_lang = message_lang
        self.parsed = [] if parsed is None else parsed
        self.long_options: list[str] = []   # its own --options, for the hint after a mistyped one
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=message("cli-help", message_lang))

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        self.long_options += [option for option in action.option_strings if option.startswith("--")]
        return action

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", functools.partial(Parser, message_lang=self.message_lang,
                                                            parsed=self.parsed))
        return super().add_subparsers(**kwargs)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self.parsed.append(self)
        return super().parse_known_args(args, namespace)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        """argparse's, but what nobody understood is told by the innermost (sub)command parsed."""
        del self.parsed[:]
        namespace, extras = self.parse_known_args(args, namespace)
        if extras:
            self.parsed[-1].error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace

    def error(self, text: str) -> NoReturn:
        """argparse's error `text` told in the message language, after the usage line; exit 2."""
        self.print_usage(sys.stderr)
        said = explain(text, self.message_lang, self.long_options)
        self.exit(2, message("cli-error", self.message_lang, prog=self.prog, message=said,
                             help=f"{self.prog} -h") + "\n")


def explain(text: str, lang: str, long_options: Collection[str] = ()) -> str:
    """One of argparse's error texts as a catalog message in `lang`; an unknown one as it is."""
    for code, pattern in _ERRORS:
        found = pattern.match(text)
        if found:
            return _explained(code, found.groupdict(), lang, long_options)
    return text


def _explained(code: str, said: dict[str, str], lang: str, long_options: Collection[str]) -> str:
    if code in ("cli-invalid-choice", "cli-ambiguous"):
        value, choices = _unquoted(said["value"]), [_unquoted(c) for c in said["choices"].split(", ")]
        if code == "cli-invalid-choice" and said["name"] in COMMAND_METAVARS:
            code = "cli-unknown-command"
        return message(code, lang, name=said.get("name", ""), value=value, choices=", ".join(choices),
                       suggestion=_suggestion(value, choices, lang))
    if code == "cli-takes-no-value":
        return message(code, lang, name=said["name"], value=_unquoted(said["value"]))
    if code == "cli-invalid-value":
        kind = message(f"cli-type-{said['type']}", lang)
        return message(code, lang, name=said["name"], value=_unquoted(said["value"]),
                       kind=kind if kind != f"cli-type-{said['type']}" else said["type"])
    if code == "cli-unrecognized":
        words = said["value"].split()
        hints = [_suggestion(word.partition("=")[0], list(long_options), lang) for word in words if word.startswith("-")]
        return message(code, lang, value=said["value"], suggestion="".join(hint for hint in hints if hint)[:300])
    if code == "cli-missing":
        names = said["names"]
        return message("cli-no-command" if names in COMMAND_METAVARS else code, lang, names=names)
    return message(code, lang, **said)


def _suggestion(value: str, choices: Sequence[str], lang: str) -> str:
    """ " Có phải ý bạn là 'build'?" for the nearest choice, or nothing."""
    near = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return message("cli-did-you-mean", lang, choice=near[0]) if near else ""


def _unquoted(value: str) -> str:
    return value.strip().strip("'\"")
