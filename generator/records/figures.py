"""The figures of a round's report (summary.json), computed from the loaded records only.

The rules, as the records contract states them:
- attended = có mặt + học bù; excused = vắng có lý do; absent = vắng không lý do;
- writing is required unless the member has a Miễn reason, was born more than 60
  years before the round's date (else the resolution's issue date), or belongs to
  a rural cell and has no Chức vụ;
- an essay counts once, graded by the better of its score and its rewrite;
  rewrite_pending counts essays still under 5 after any rewrite;
- a cell without a results file counts in `members` only; a roster member missing
  from a reported cell's results counts in `members_reported` only.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from .model import ABSENT, EXCUSED, MADE_UP, PRESENT, CellResults, Entry, Member, Records, Unit, name_key

GRADES = ("tot", "kha", "trung_binh", "yeu")
COUNTS = ("cells", "cells_reported", "members", "members_reported", "attended", "excused", "absent",
          "essays_required", "essays_submitted", "rewrite_pending")


def grade(entry: Entry) -> str | None:
    """tot 9–10, kha 7 to under 9, trung_binh 5 to under 7, yeu under 5; None when not submitted."""
    best = best_score(entry)
    if best is None:
        return None
    return "tot" if best >= 9 else "kha" if best >= 7 else "trung_binh" if best >= 5 else "yeu"


def best_score(entry: Entry) -> float | None:
    scores = [s for s in (entry.score, entry.rewrite) if s is not None]
    return max(scores) if scores else None


def over_sixty(member: Member, on: dt.date) -> bool:
    """Born more than 60 years before `on`. A roster that gives only the year: the round's
    year minus the birth year is more than 60."""
    if member.birth is None:
        return False
    if isinstance(member.birth, int):
        return on.year - member.birth > 60
    try:
        sixty_before = on.replace(year=on.year - 60)
    except ValueError:                      # 29 February
        sixty_before = on.replace(year=on.year - 60, day=28)
    return member.birth < sixty_before


def must_write(member: Member, cell: Unit, on: dt.date) -> bool:
    if member.exempt or over_sixty(member, on):
        return False
    return not (cell.rural and not member.post)


def round_date(results: CellResults | None, issued: dt.date) -> dt.date:
    return (results.info.date if results and results.info.date else None) or issued


def unit_figures(unit: Unit, records: Records, results: Mapping[str, CellResults], issued: dt.date,
                 children: bool = True) -> dict[str, Any]:
    """The figures of `unit` and (with `children`) of every unit under it, as summary.json has them."""
    if unit.is_cell:
        return _cell_figures(unit, records.rosters.get(unit.id or "", ()), results.get(unit.id or ""), issued)
    below = [unit_figures(child, records, results, issued) for child in unit.units]
    figures: dict[str, Any] = {"id": unit.id, "name": unit.name}
    for key in COUNTS:
        figures[key] = sum(child[key] for child in below)
    figures["not_reported"] = [cell for child in below for cell in child["not_reported"]]
    figures["grades"] = {g: sum(child["grades"][g] for child in below) for g in GRADES}
    figures = _ordered(figures)
    if children:
        figures["units"] = below
    return figures


def _cell_figures(cell: Unit, roster: tuple[Member, ...], results: CellResults | None,
                  issued: dt.date) -> dict[str, Any]:
    figures: dict[str, Any] = {"id": cell.id, "name": cell.name, "cells": 1,
                               "cells_reported": int(results is not None),
                               "not_reported": [] if results is not None else [cell.id],
                               "members": len(roster),
                               "members_reported": len(roster) if results is not None else 0,
                               "attended": 0, "excused": 0, "absent": 0, "essays_required": 0,
                               "essays_submitted": 0, "grades": dict.fromkeys(GRADES, 0), "rewrite_pending": 0}
    if results is not None:
        on = round_date(results, issued)
        for member in roster:
            entry = results.entries.get(name_key(member.name))
            if entry is None:
                continue                       # missing from the results: members_reported only
            figures["attended"] += entry.attendance in (PRESENT, MADE_UP)
            figures["excused"] += entry.attendance == EXCUSED
            figures["absent"] += entry.attendance == ABSENT
            figures["essays_required"] += must_write(member, cell, on)
            found = grade(entry)
            if found is not None:
                figures["essays_submitted"] += 1
                figures["grades"][found] += 1
                figures["rewrite_pending"] += found == "yeu"
    return _ordered(figures)


_ORDER = ("id", "name", "cells", "cells_reported", "not_reported", "members", "members_reported", "attended",
          "excused", "absent", "attendance_rate", "essays_required", "essays_submitted", "grades",
          "rewrite_pending")


def _ordered(figures: dict[str, Any]) -> dict[str, Any]:
    """The keys in the contract's order, with the rate worked out from the counts."""
    reported = figures["members_reported"]
    figures["attendance_rate"] = round(figures["attended"] / reported, 4) if reported else None
    return {key: figures[key] for key in _ORDER}
