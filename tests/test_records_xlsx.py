"""The records' own XLSX reader gives what openpyxl gives.

(A workbook saved by LibreOffice Calc would be the better witness; CI installs only
Writer and Impress.)"""
from __future__ import annotations

from pathlib import Path

import openpyxl

from generator.records.xlsx_reader import read_sheets


def openpyxl_values(path: Path) -> dict:
    book = openpyxl.load_workbook(path, data_only=True)
    return {sheet.title: {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row
                          if c.value not in (None, "")} for sheet in book.worksheets}


def test_same_values_as_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["Họ và tên", "Tham dự", "Điểm", "Ghi chú"])
    sheet.append(["Nguyễn Văn <An> & Bình", "có mặt", 8.5, "ghi chú \"trích\" 'đơn'"])
    sheet.append(["Lò Thị Ánh", "vắng có lý do", 7, True])
    sheet.append(["", None, "=1+1", "  "])
    book.create_sheet("Thông tin").append(["Ngày học", "14/03/2025"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    assert read_sheets(path) == openpyxl_values(path)   # a formula never calculated has no value in either

