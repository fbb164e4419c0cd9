"""summary.json of a round against figures computed by hand from the contract's rules.

The round (records_helpers.standard_round), date 14/03/2025 in cb-a1, none in cb-a2
(so the issue date 22/12/2024 counts), 01/04/2025 in cb-b1; cb-b2 has no results:
- cb-a1 (rural): A 1970 Bí thư → must write; B no post → need not (rural);
  C 1960 → 65 years → need not; D 1965 → 60 years, not more → must write; E Miễn → need not.
  Attended A, B, D (học bù); excused C, E. Essays: A 9 tốt, B 7,5 khá, D 4 → rewrite 6 = trung bình.
- cb-a2: F 1964 → 60 years before 2024 (the issue date), must write; "8,5" khá. G absent,
  must write, no essay. H missing from the file: members_reported only.
- cb-b1 (CSV): I 3 → rewrite 4,5: still yếu, pending; K 5 trung bình.
- cb-b2: not reported; its 2 members count in `members` only.
"""
from __future__ import annotations

import datetime as dt

import pytest

from generator.records.figures import grade, must_write, over_sixty
from generator.records.model import Entry, Member, Unit

from records_helpers import run, standard_round, summary

ZERO = {"tot": 0, "kha": 0, "trung_binh": 0, "yeu": 0}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("round")
    content, _ = standard_round(root)
    assert run("report", "nq-57", "--content", str(content), "--reports", str(root / "reports")) == 0
    return summary(root / "reports", "nq-57")


def test_top_unit(report: dict) -> None:
    top = report["unit"]
    assert report["slug"] == "nq-57"
    assert {k: top[k] for k in ("name", "cells", "cells_reported", "not_reported", "members", "members_reported",
                                "attended", "excused", "absent", "attendance_rate", "essays_required",
                                "essays_submitted", "grades", "rewrite_pending")} == {
        "name": "Đảng bộ huyện Thử", "cells": 4, "cells_reported": 3, "not_reported": ["cb-b2"], "members": 12,
        "members_reported": 10, "attended": 6, "excused": 2, "absent": 1, "attendance_rate": 0.6,
        "essays_required": 6, "essays_submitted": 6, "grades": {"tot": 1, "kha": 2, "trung_binh": 2, "yeu": 1},
        "rewrite_pending": 1}


def test_communes(report: dict) -> None:
    a, b = report["unit"]["units"]
    assert (a["id"], a["cells"], a["cells_reported"], a["not_reported"], a["members"], a["members_reported"],
            a["attended"], a["excused"], a["absent"], a["attendance_rate"], a["essays_required"],
            a["essays_submitted"], a["grades"], a["rewrite_pending"]) == (
        "xa-a", 2, 2, [], 8, 8, 4, 2, 1, 0.5, 4, 4, {"tot": 1, "kha": 2, "trung_binh": 1, "yeu": 0}, 0)
    assert (b["id"], b["cells"], b["cells_reported"], b["not_reported"], b["members"], b["members_reported"],
            b["attended"], b["attendance_rate"], b["essays_required"], b["essays_submitted"], b["grades"],
            b["rewrite_pending"]) == (
        "xa-b", 2, 1, ["cb-b2"], 4, 2, 2, 1.0, 2, 2, {"tot": 0, "kha": 0, "trung_binh": 1, "yeu": 1}, 1)


def test_cells(report: dict) -> None:
    a1, a2 = report["unit"]["units"][0]["units"]
    b1, b2 = report["unit"]["units"][1]["units"]
    assert "units" not in a1 and a1["cells"] == 1 and a1["cells_reported"] == 1 and a1["not_reported"] == []
    assert (a1["members"], a1["attended"], a1["excused"], a1["absent"], a1["attendance_rate"],
            a1["essays_required"], a1["essays_submitted"], a1["grades"]) == (
        5, 3, 2, 0, 0.6, 2, 3, {"tot": 1, "kha": 1, "trung_binh": 1, "yeu": 0})
    # H is missing from a2's file: counted in members_reported and nowhere else
    assert (a2["members"], a2["members_reported"], a2["attended"], a2["absent"], a2["attendance_rate"],
            a2["essays_required"], a2["essays_submitted"], a2["grades"]) == (
        3, 3, 1, 1, 0.3333, 2, 1, {"tot": 0, "kha": 1, "trung_binh": 0, "yeu": 0})
    assert (b1["essays_submitted"], b1["grades"], b1["rewrite_pending"]) == (
        2, {"tot": 0, "kha": 0, "trung_binh": 1, "yeu": 1}, 1)
    assert (b2["cells_reported"], b2["not_reported"], b2["members"], b2["members_reported"], b2["attended"],
            b2["attendance_rate"], b2["essays_required"], b2["grades"]) == (0, ["cb-b2"], 2, 0, 0, None, 0, ZERO)


@pytest.mark.parametrize("score, rewrite, expected", [
    (9, None, "tot"), (10, None, "tot"), (8.99, None, "kha"), (7, None, "kha"), (6.9, None, "trung_binh"),
    (5, None, "trung_binh"), (4.9, None, "yeu"), (0, None, "yeu"), (3, 7, "kha"), (2, 4, "yeu"), (None, None, None)])
def test_grade_by_the_better_score(score: float, rewrite: float, expected: str) -> None:
    assert grade(Entry("X", "có mặt", score, rewrite)) == expected


def test_sixty_years() -> None:
    on = dt.date(2025, 3, 14)
    assert over_sixty(Member("X", 1964), on) and not over_sixty(Member("X", 1965), on)
    assert over_sixty(Member("X", dt.date(1965, 3, 13)), on)          # a full date: to the day
    assert not over_sixty(Member("X", dt.date(1965, 3, 15)), on)
    assert not over_sixty(Member("X", None), on)


def test_who_must_write() -> None:
    on, rural, town = dt.date(2025, 1, 1), Unit("r", "R", rural=True), Unit("t", "T")
    assert must_write(Member("X", 1980), town, on)
    assert not must_write(Member("X", 1980), rural, on)
    assert must_write(Member("X", 1980, post="Bí thư"), rural, on)
    assert not must_write(Member("X", 1980, exempt="Miễn sinh hoạt"), town, on)
    assert not must_write(Member("X", 1960, post="Bí thư"), town, on)
