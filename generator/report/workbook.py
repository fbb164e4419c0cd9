"""The report's XLSX workbook: a sheet per level of the tree, and the reminders per cell."""
from __future__ import annotations

from io import BytesIO
from typing import Any, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ..records.xlsx_text import keep_text
from .round import RoundReport, levels

LEVEL_COLUMNS = (("Đơn vị", 34), ("Số chi bộ", 10), ("Chi bộ đã báo cáo", 12), ("Đảng viên", 10),
                 ("Đảng viên đã báo cáo", 12), ("Tham dự", 10), ("Tỷ lệ tham dự", 11), ("Vắng có lý do", 10),
                 ("Vắng không lý do", 10), ("Phải viết", 10), ("Đã nộp", 10), ("Tốt", 8), ("Khá", 8),
                 ("Trung bình", 10), ("Yếu", 8), ("Chờ viết lại", 10))
REMINDER_COLUMNS = (("Chi bộ", 34), ("Họ và tên", 30), ("Việc cần nhắc", 50))
YEAR_COLUMNS = (("Văn bản", 16), ("Tên văn bản", 50), ("Ngày học", 24)) + LEVEL_COLUMNS[1:]


def level_row(unit: Mapping[str, Any]) -> list[Any]:
    grades = unit["grades"]
    return [unit["name"], unit["cells"], unit["cells_reported"], unit["members"], unit["members_reported"],
            unit["attended"], unit["attendance_rate"], unit["excused"], unit["absent"], unit["essays_required"],
            unit["essays_submitted"], grades["tot"], grades["kha"], grades["trung_binh"], grades["yeu"],
            unit["rewrite_pending"]]


def round_workbook(report: RoundReport) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for depth, units in enumerate(levels(report.summary)):
        name = "Tổng hợp" if depth == 0 else "Chi bộ" if all(not u.get("units") for u in units) else f"Cấp {depth + 1}"
        rows = [[report.labels.get(unit["id"], unit["name"]), *level_row(unit)[1:]] for unit in units]
        table(book.create_sheet(name), LEVEL_COLUMNS, rows, rate_column=7)
    table(book.create_sheet("Nhắc nhở"), REMINDER_COLUMNS,
          [[item.cell, item.name, item.reason] for item in report.reminders])
    return _bytes(book)


def year_workbook(rounds: Sequence[Mapping[str, Any]], titles: Mapping[str, str]) -> bytes:
    book = Workbook()
    rows = [[item["code"], titles.get(item["slug"], ""), ", ".join(item["dates"]), *level_row(item["unit"])[1:]]
            for item in rounds]
    table(book.active, YEAR_COLUMNS, rows, rate_column=9)
    book.active.title = "Các đợt học tập"
    return _bytes(book)


def table(sheet: Worksheet, columns: Sequence[tuple[str, int]], rows: Sequence[Sequence[Any]],
          rate_column: int | None = None) -> None:
    """Bold grey header that stays in view and prints on each page, filters, A4 landscape fitted to width."""
    sheet.append([header for header, _ in columns])
    for col, (_, width) in enumerate(columns, 1):
        cell = sheet.cell(1, col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = width
    for row in rows:
        sheet.append(list(row))
        keep_text(sheet[sheet.max_row])                 # names and labels stay text, never formulas
    if rate_column:
        for row in range(2, len(rows) + 2):
            sheet.cell(row, rate_column).number_format = "0.0%"
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _bytes(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
