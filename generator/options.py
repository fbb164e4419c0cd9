"""The pieces site.yaml's typed options are made of (config.py): at the bottom of the
package, so that every module that validates a part of site.yaml (loudspeaker/settings.py …)
can use them without importing the settings they are part of."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping


class OptionError(Exception):
    """A value site.yaml gives a key is wrong: a message code and its parameters (`line`: where)."""

    def __init__(self, code: str, /, **params: Any):      # params may name a `code` of their own
        self.code, self.params = code, params
        super().__init__(code)


@dataclass(frozen=True)
class Option:
    """One key of site.yaml: required or defaulted, and a validator returning the typed value
    (validate(value, doc, keys) raises OptionError naming what is wrong)."""

    validate: Callable[[Any, Any, tuple], Any]
    required: bool = False
    default: Any = None


def closest(key: str, known: Iterable[str]) -> str | None:
    """The known key a misspelt one most likely meant ("did you mean"), if one is close."""
    found = difflib.get_close_matches(key.casefold(), [k.casefold() for k in known], n=1, cutoff=0.6)
    if not found:
        return None
    return next(k for k in known if k.casefold() == found[0])


def known_keys(value: Mapping[Any, Any], known: Iterable[str], doc: Any, keys: tuple) -> None:
    """Every key of the mapping at `keys` (in site.yaml, `doc`) is one of `known`; else an
    OptionError naming the key, its line and what it most likely meant."""
    known = list(known)
    for key in value:
        if key not in known:
            near = closest(str(key), known)
            raise OptionError("config-bad-subkey-near" if near else "config-bad-subkey",
                              subkey=".".join(map(str, (*keys, key))), choices=", ".join(known),
                              near=near, line=doc.key_line(*keys, key))


def site_languages(doc: Any) -> list[str]:
    """The language codes site.yaml (`doc`) declares under `languages:`."""
    data = getattr(doc, "data", None)
    languages = data.get("languages") if isinstance(data, Mapping) else None
    return [str(code) for code in languages] if isinstance(languages, Mapping) else []


def language_keys(value: Mapping[Any, Any], doc: Any, keys: tuple) -> None:
    """A mapping with one entry per language (`outdated_notice: {hmn: …}`, `broadcast.voices`):
    each key is a language of the site, else an OptionError with its line and "did you mean"
    (a misspelt code would silently do nothing)."""
    known = site_languages(doc)
    if known:
        known_keys(value, known, doc, keys)
