"""The records as plain data: the organisation tree, rosters and one round's results."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Iterator, Mapping

# Tham dự values: folded text → what it counts as
ATTENDANCE_VALUES = ("có mặt", "vắng có lý do", "vắng không lý do", "học bù")
PRESENT, EXCUSED, ABSENT, MADE_UP = ATTENDANCE_VALUES
FORMS = ("hội nghị", "sinh hoạt chi bộ", "trực tuyến")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Names match as written, ignoring case and extra spaces (not diacritics: Ân is not An)."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Unit:
    id: str | None
    name: str
    rural: bool = False
    units: tuple["Unit", ...] = ()

    @property
    def is_cell(self) -> bool:
        return not self.units

    def cells(self) -> Iterator["Unit"]:
        """The leaves under this unit (itself if it is a cell), in tree order."""
        if self.is_cell:
            yield self
        for child in self.units:
            yield from child.cells()

    def walk(self) -> Iterator["Unit"]:
        yield self
        for child in self.units:
            yield from child.walk()

    def find(self, unit_id: str) -> "Unit | None":
        return next((unit for unit in self.walk() if unit.id == unit_id), None)


@dataclass(frozen=True)
class Member:
    name: str
    birth: int | dt.date | None        # a year, or a full date when the roster gives one
    post: str = ""                     # Chức vụ: empty for none
    exempt: str = ""                   # Miễn: why exempt or not fit to work; empty if neither


@dataclass(frozen=True)
class Entry:
    """One member's line in a cell's results."""

    name: str
    attendance: str                    # one of ATTENDANCE_VALUES
    score: float | None = None
    rewrite: float | None = None
    note: str = ""


@dataclass(frozen=True)
class RoundInfo:
    """The "Thông tin" of a cell's round."""

    date: dt.date | None = None
    place: str = ""
    lecturer: str = ""
    form: str = ""


@dataclass(frozen=True)
class CellResults:
    unit_id: str
    path: Path
    info: RoundInfo
    entries: Mapping[str, Entry]       # roster name → entry (members missing from the file are absent)


@dataclass(frozen=True)
class Records:
    folder: Path
    root: Unit
    rosters: Mapping[str, tuple[Member, ...]]                      # cell id → members
    rounds: Mapping[str, Mapping[str, CellResults]] = field(       # slug → cell id → results
        default_factory=lambda: MappingProxyType({}))
