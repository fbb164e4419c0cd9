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
    parent: str = ""                  # the unit above, when it is not the top (a commune of a district)

    @property
    def label(self) -> str:
        """The cell's name where it stands outside its parent's table: 'Chi bộ thôn 1 (Đảng bộ xã A)',
        since every commune of a district may have a 'Chi bộ thôn 1'."""
        return f"{self.unit.name} ({self.parent})" if self.parent else self.unit.name


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

    @property
    def labels(self) -> dict[str, str]:
        """Cell id → its label."""
        return {cell.unit.id or "": cell.label for cell in self.cells}

    def as_json(self) -> dict[str, Any]:
        return {"slug": self.slug, "unit": self.summary}


def round_report(resolution: Resolution, records: Records, settings: Mapping[str, Any] | None = None
                 ) -> RoundReport:
    results = records.rounds.get(resolution.slug, {})
    summary = unit_figures(records.root, records, results, resolution.issued)
    cells = tuple(CellRound(cell, results[cell.id].info if cell.id in results else None, parent)
                  for cell, parent in _cells_and_parents(records.root))
    return RoundReport(resolution.slug, resolution.code, _title(resolution), resolution.issued, summary, cells,
                       tuple(_reminders(records, results, resolution.issued, cells)), settings or {})


def _cells_and_parents(top: Unit, parent: str = "") -> Iterator[tuple[Unit, str]]:
    """Each cell in tree order with the name of the unit above it ("" right under the top)."""
    for child in top.units:
        if child.is_cell:
            yield child, parent
        else:
            yield from _cells_and_parents(child, child.name)


def _reminders(records: Records, results: Mapping, issued: dt.date, cells: tuple[CellRound, ...]
               ) -> Iterator[Reminder]:
    """Per cell, what the guidance asks the cell to follow up: absences without reason,
    weak essays awaiting a rewrite, required essays not handed in."""
    for round_cell in cells:
        cell = round_cell.unit
        found = results.get(cell.id)
        if found is None:
            continue
        on = round_date(found, issued)
        for member in records.rosters.get(cell.id or "", ()):
            entry = found.entries.get(name_key(member.name))
            if entry is None:
                continue
            if entry.attendance == ABSENT:
                yield Reminder(round_cell.label, member.name, REMIND_ABSENT)
            if grade(entry) == "yeu":
                yield Reminder(round_cell.label, member.name, REMIND_REWRITE)
            elif entry.score is None and must_write(member, cell, on):
                yield Reminder(round_cell.label, member.name, REMIND_ESSAY)


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
