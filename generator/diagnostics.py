"""Problems found in content, as values: file, line, column, severity, message.

Library code collects Problems; only the CLI prints them. Messages live in
messages/diagnostics.yaml (Vietnamese and English) so that they can be
corrected without touching code.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

MESSAGES_FILE = Path(__file__).parent / "messages" / "diagnostics.yaml"


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content; `code` names the message in the catalog."""

    path: Path | None
    line: int | None
    col: int | None
    severity: Severity
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    cell: str | None = None        # a spreadsheet's "Sheet!D12" (records/), shown instead of line:col

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def message(self, lang: str = "vi") -> str:
        return _render(self.code, "message", lang, self.params)

    def hint(self, lang: str = "vi") -> str:
        return _render(self.code, "hint", lang, self.params)

    def location(self, base: Path | None = None) -> str:
        parts = [_display_path(self.path, base) if self.path else "tuyentruyen"]
        if self.cell:
            return f"{parts[0]}: {self.cell}"
        if self.line is not None:
            parts.append(str(self.line))
            parts.append(str(self.col or 1))
        return ":".join(parts)

    def format(self, lang: str = "vi", base: Path | None = None) -> str:
        """`path:line:col: error|warning: message` and an indented hint line."""
        text = f"{self.location(base)}: {self.severity.value}: {self.message(lang)}"
        hint = self.hint(lang)
        if hint:
            text += f"\n    {_label('hint', lang)}: {hint}"
        return text


def error(path: Path | None, line: int | None, code: str, /, col: int | None = None, **params: Any) -> Problem:
    return Problem(path, line, col, Severity.ERROR, code, params)


def warning(path: Path | None, line: int | None, code: str, /, col: int | None = None, **params: Any) -> Problem:
    return Problem(path, line, col, Severity.WARNING, code, params)


class ContentError(Exception):
    """Raised by the pipeline when content has errors; carries every problem."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__(f"{sum(p.is_error for p in self.problems)} error(s) in content")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (str(p.path or ""), p.line or 0, p.col or 0, p.code))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


def format_report(problems: Iterable[Problem], lang: str = "vi", base: Path | None = None) -> str:
    """Every problem on its own line(s), then a one-line count."""
    problems = sort_problems(problems)
    lines = [p.format(lang, base) for p in problems]
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    lines.append(_render("summary", "message", lang, {"errors": errors, "warnings": warnings}))
    return "\n".join(lines)


def message(code: str, lang: str = "vi", **params: Any) -> str:
    """A catalog message outside a Problem (CLI status lines)."""
    return _render(code, "message", lang, params)


def counted(code: str, lang: str, count: int, **params: Any) -> str:
    """A catalog message about `count` things: its `one` text when there is one thing and the
    language has one ("1 web page"; Vietnamese needs none), else its message ("70 web pages")."""
    part = "one" if count == 1 and lang in (_catalog().get(code, {}).get("one") or {}) else "message"
    return _render(code, part, lang, {"n": count, **params})


@lru_cache(maxsize=1)
def _catalog() -> dict[str, dict[str, dict[str, str]]]:
    with MESSAGES_FILE.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))   # libyaml when built


def _render(code: str, part: str, lang: str, params: Mapping[str, Any]) -> str:
    entry = _catalog().get(code)
    if entry is None:
        return code if part == "message" else ""
    texts = entry.get(part) or {}
    template = texts.get(lang) or texts.get("vi") or ""
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def _label(name: str, lang: str) -> str:
    return _render("label-" + name, "message", lang, {})


def _display_path(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return Path(path).resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return Path(path).as_posix()
