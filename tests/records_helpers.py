"""A records/ folder made the way the contract says: units.yaml and rosters written by
hand, results made by `records template` and filled in by their named columns."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl

from generator.cli import main

from conftest import make_site, write

UNITS_YAML = """\
name: Đảng bộ huyện Thử
units:
  - id: xa-a
    name: Đảng bộ xã A
    units:
      - id: cb-a1
        name: Chi bộ thôn A1
        rural: true
      - id: cb-a2
        name: Chi bộ A2
  - id: xa-b
    name: Đảng bộ xã B
    units:
      - id: cb-b1
        name: Chi bộ B1
      - id: cb-b2
        name: Chi bộ B2
"""
ROSTERS = {
    "cb-a1": "Họ và tên,Năm sinh,Chức vụ,Miễn\nLò Văn A,1970,Bí thư,\nTao Thị B,1985,,\n"
             "Lù Văn C,1960,Phó bí thư,\nVàng Thị D,1965,Tổ trưởng,\nĐiêu E,1990,x,Ốm dài ngày\n",
    "cb-a2": "STT;Năm sinh;HỌ VÀ  TÊN;Chức vụ\n1;1964;Nguyễn F;\n2;1990;Trần G;\n3;1980;Phạm H;\n",
    "cb-b1": "\ufeffho va ten,nam sinh\nHoàng I,1980\nLê K,1975\n",
    "cb-b2": "Họ và tên,Năm sinh\nMa Văn L,1970\nMa Thị M,1972\n",
}


def run(*args: str) -> int:
    return main(list(args))


def make_records(root: Path) -> tuple[Path, Path]:
    """content/ (nq-57 issued 2024-12-22, ct-05 issued 2016-05-15) and records/ beside it with rosters."""
    content = make_site(root)
    records = root / "records"
    write(records / "units.yaml", UNITS_YAML)
    for unit, text in ROSTERS.items():
        (records / "members").mkdir(parents=True, exist_ok=True)
        (records / "members" / f"{unit}.csv").write_text(text, encoding="utf-8")
    return content, records


def fill(path: Path, rows: dict[str, dict[str, Any]], info: dict[str, Any] | None = None) -> None:
    """Type values into a template workbook under its column headers, as a secretary would."""
    book = openpyxl.load_workbook(path)
    sheet = book["Danh sách"]
    headers = {sheet.cell(1, col).value: col for col in range(1, sheet.max_column + 1)}
    lines = {sheet.cell(row, headers["Họ và tên"]).value: row for row in range(2, sheet.max_row + 1)}
    for name, values in rows.items():
        row = lines.get(name)
        if row is None:                       # someone not in the template: a new line
            row = next(r for r in range(2, sheet.max_row + 2) if sheet.cell(r, headers["Họ và tên"]).value is None)
            sheet.cell(row, headers["Họ và tên"], name)
        for header, value in values.items():
            sheet.cell(row, headers[header], value)
    labels = {book["Thông tin"].cell(row, 1).value: row for row in range(1, 10)}
    for label, value in (info or {}).items():
        book["Thông tin"].cell(labels[label], 2, value)
    book.save(path)


def standard_round(root: Path) -> tuple[Path, Path]:
    """The round of the hand-computed figures (test_records_figures.py)."""
    content, records = make_records(root)
    assert run("records", "template", "nq-57", "--content", str(content)) == 0
    study = records / "study" / "nq-57"
    fill(study / "cb-a1.xlsx", {
        "Lò Văn A": {"Tham dự": "có mặt", "Điểm": 9},
        "Tao Thị B": {"Tham dự": "Có mặt", "Điểm": 7.5},
        "Lù Văn C": {"Tham dự": "vắng có lý do"},
        "Vàng Thị D": {"Tham dự": "học bù", "Điểm": 4, "Điểm viết lại": 6},
        "Điêu E": {"Tham dự": "vắng có lý do", "Ghi chú": "nằm viện"},
    }, {"Ngày học": dt.datetime(2025, 3, 14), "Hình thức": "sinh hoạt chi bộ"})
    fill(study / "cb-a2.xlsx", {
        "Nguyễn F": {"Tham dự": "có mặt", "Điểm": "8,5"},
        "Trần G": {"Tham dự": "vắng không lý do"},
    })
    # cb-b1 reports as CSV (';', BOM) with its details in the YAML beside it
    (study / "cb-b1.xlsx").unlink()
    (study / "cb-b1.csv").write_text("\ufeffHọ và tên;Tham dự;Điểm;Điểm viết lại\nHoàng I;có mặt;3;4,5\n"
                                     "Lê K;có mặt;5;\n", encoding="utf-8")
    (study / "cb-b1.yaml").write_text("ngay hoc: 01/04/2025\nĐịa điểm: Hội trường xã\n", encoding="utf-8")
    (study / "cb-b2.xlsx").unlink()                        # cb-b2 has not studied yet
    return content, records


def summary(reports: Path, name: str) -> dict[str, Any]:
    return json.loads((reports / name / "summary.json").read_text(encoding="utf-8"))
