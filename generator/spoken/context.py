"""What the spoken-form handlers are given: the compiled table of one language, and the
markers that protect text already in spoken form. At the bottom of spoken/: the engine
and the handlers both import it, and it imports neither."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .numbers import NumberSpeller, TableError

OPEN, CLOSE = "\ue000", "\ue001"


# -- context handed to the handlers ---------------------------------------
@dataclass
class Context:
    lang: str
    table: Mapping[str, Any]
    options: Any
    numbers: NumberSpeller | None           # None: the table says no numbers (PLAIN)
    maps: dict[str, dict[str, str]]
    lists: dict[str, list[str]]
    website_phrase: str
    email_phrase: str = ""
    cache: dict[str, Any] = field(default_factory=dict)

    def template(self, name: str, **values: str) -> str:
        try:
            pattern = self.table["templates"][name]
        except KeyError:
            raise TableError(f"{self.lang}.yaml: templates.{name} is missing") from None
        return " ".join(str(pattern).format(**values).split())

    def default(self, name: str) -> str:
        try:
            return str(self.table["defaults"][name])
        except KeyError:
            raise TableError(f"{self.lang}.yaml: defaults.{name} is missing") from None

    def word_map(self, name: str) -> dict[int, str]:
        try:
            return {int(k): str(v) for k, v in self.table[name].items()}
        except KeyError:
            raise TableError(f"{self.lang}.yaml: '{name}' is missing") from None
