"""Records as cell secretaries really return them, and the report as the committee reads it
(the quality pass of 06/12/2026): each test fails on the code before its fix."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from records_helpers import fill, make_records, run, summary


def test_a_sheet_added_in_front_of_the_list(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A secretary adds a notes sheet (and an empty one) before "Danh sách": the list is still read."""
    content, records = make_records(tmp_path)
    assert run("records", "template", "nq-57", "--content", str(content)) == 0
    workbook = records / "study" / "nq-57" / "cb-a2.xlsx"
    fill(workbook, {"Nguyễn F": {"Tham dự": "có mặt", "Điểm": 9}, "Trần G": {"Tham dự": "có mặt", "Điểm": 7},
                    "Phạm H": {"Tham dự": "vắng có lý do"}})
    book = openpyxl.load_workbook(workbook)
    book.create_sheet("Sheet1", 0)
    book.create_sheet("Ghi chú của chi bộ", 0)["A1"] = "Học tập ngày 14/3, đồng chí Phạm H đi công tác."
    book.save(workbook)
    capsys.readouterr()
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    assert "error" not in capsys.readouterr().out
    cell = summary(tmp_path / "reports", "nq-57")["unit"]["units"][0]["units"][1]
    assert cell["id"] == "cb-a2"
    assert (cell["attended"], cell["excused"], cell["essays_submitted"]) == (2, 1, 2)
    assert cell["grades"] == {"tot": 1, "kha": 1, "trung_binh": 0, "yeu": 0}
