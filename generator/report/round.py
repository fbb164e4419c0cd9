"""What a round's report says: the figures, the reminders per cell, the cells' round details."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from ..content.model import Resolution
from ..records.figures import grade, must_write, round_date, unit_figures
from ..records.model import ABSENT, Records, RoundInfo, Unit, name_key

REMIND_ABSENT = "Vắng không lý do: nhắc nhở, tổ chức học bù"
REMIND_REWRITE = "Bài thu hoạch loại yếu: chờ viết lại"
REMIND_ESSAY = "Chưa nộp bài thu hoạch (thuộc diện phải viết)"


@dataclass(frozen=True)
class Reminder:
    cell: str
    name: str
    reason: str


@dataclass(frozen=True)
class CellRound:
    unit: Unit
    info: RoundInfo | None            # None: the cell has not reported


@dataclass(frozen=True)
class RoundReport:
    slug: str
    code: str
    title: str
    issued: dt.date
    summary: Mapping[str, Any]        # the top unit's figures, nested to the cells
    cells: tuple[CellRound, ...]
    reminders: tuple[Reminder, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def dates(self) -> list[dt.date]:
        return sorted({cell.info.date for cell in self.cells if cell.info and cell.info.date})

    def as_json(self) -> dict[str, Any]:
        return {"slug": self.slug, "unit": self.summary}


def round_report(resolution: Resolution, records: Records, settings: Mapping[str, Any] | None = None
                 ) -> RoundReport:
    results = records.rounds.get(resolution.slug, {})
    summary = unit_figures(records.root, records, results, resolution.issued)
    cells = tuple(CellRound(cell, results[cell.id].info if cell.id in results else None)
                  for cell in records.root.cells())
    return RoundReport(resolution.slug, resolution.code, _title(resolution), resolution.issued, summary, cells,
                       tuple(_reminders(records, results, resolution.issued)), settings or {})


def _reminders(records: Records, results: Mapping, issued: dt.date) -> Iterator[Reminder]:
    """Per cell, what the guidance asks the cell to follow up: absences without reason,
    weak essays awaiting a rewrite, required essays not handed in."""
    for cell in records.root.cells():
        found = results.get(cell.id)
        if found is None:
            continue
        on = round_date(found, issued)
        for member in records.rosters.get(cell.id or "", ()):
            entry = found.entries.get(name_key(member.name))
            if entry is None:
                continue
            if entry.attendance == ABSENT:
                yield Reminder(cell.name, member.name, REMIND_ABSENT)
            if grade(entry) == "yeu":
                yield Reminder(cell.name, member.name, REMIND_REWRITE)
            elif entry.score is None and must_write(member, cell, on):
                yield Reminder(cell.name, member.name, REMIND_ESSAY)


def _title(resolution: Resolution) -> str:
    summary = next(iter(resolution.summaries.values()), None)
    return summary.title if summary is not None else resolution.code


def levels(summary: Mapping[str, Any]) -> list[list[Mapping[str, Any]]]:
    """The units by depth: [[top], [its children], [their children], …]."""
    found, current = [], [summary]
    while current:
        found.append(current)
        current = [child for unit in current for child in unit.get("units", ())]
    return found


def parents(summary: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every unit that has units under it, top first (each gets a table in the report)."""
    if summary.get("units"):
        yield summary
        for child in summary["units"]:
            yield from parents(child)


def percent(part: int, whole: int) -> str:
    """'92,5%' (Vietnamese decimal comma); '—' when there is nothing to divide by."""
    if not whole:
        return "—"
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%"
