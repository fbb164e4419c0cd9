"""`records template`: the workbook a cell secretary fills in for one round.

What a secretary expects in Excel: the roster's names already there, a drop-down
for Tham dự, scores checked to 0–10, the grade worked out by formula, the
round's details on a second sheet, a header row that stays in view and prints
on every page, A4 fitted to the page width.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .load import INFO_LABELS, RESULT_COLUMNS
from .model import ATTENDANCE_VALUES, FORMS, Member, Unit
from .tables import DATA_SHEET, INFO_SHEET
from .xlsx_text import header_text, keep_text

# Sheet layout: (header, width). Xếp loại is worked out; the reader ignores it and STT.
COLUMNS = (("STT", 6), (RESULT_COLUMNS["name"], 30), (RESULT_COLUMNS["attendance"], 18),
           (RESULT_COLUMNS["score"], 8), (RESULT_COLUMNS["rewrite"], 14), ("Xếp loại", 12),
           (RESULT_COLUMNS["note"], 30))
GRADE_FORMULA = ('=IF(AND(D{r}="",E{r}=""),"",IF(MAX(D{r},E{r})>=9,"Tốt",IF(MAX(D{r},E{r})>=7,"Khá",'
                 'IF(MAX(D{r},E{r})>=5,"Trung bình","Yếu"))))')
SPARE_ROWS = 5          # room for validation on a few more lines than the roster
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def write_results_template(path: Path, cell: Unit, roster: tuple[Member, ...], code: str, title: str) -> None:
    """Write the results workbook of `cell` for the resolution `code` (`title`) to `path`."""
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    _list_sheet(sheet, roster, f"{cell.name} — {code}")
    _info_sheet(book.create_sheet(INFO_SHEET), cell, code, title)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _list_sheet(sheet: Worksheet, roster: tuple[Member, ...], heading: str) -> None:
    for col, (header, width) in enumerate(COLUMNS, 1):
        cell = sheet.cell(1, col, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        sheet.column_dimensions[cell.column_letter].width = width
    last = len(roster) + 1
    for row, member in enumerate(roster, 2):
        sheet.cell(row, 1, row - 1)
        keep_text([sheet.cell(row, 2, member.name)])
        sheet.cell(row, 6, GRADE_FORMULA.format(r=row))
        for col in range(1, len(COLUMNS) + 1):
            sheet.cell(row, col).border = _BOX
    end = last + SPARE_ROWS
    attendance = DataValidation(type="list", formula1='"' + ",".join(ATTENDANCE_VALUES) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="Tham dự",
                                error="Chọn một trong: " + ", ".join(ATTENDANCE_VALUES),
                                showInputMessage=True, promptTitle="Tham dự",
                                prompt="Chọn trong danh sách; học bù được tính là có tham dự.")
    attendance.add(f"C2:C{end}")
    scores = DataValidation(type="decimal", operator="between", formula1="0", formula2="10", allow_blank=True,
                            showErrorMessage=True, errorTitle="Điểm", error="Điểm là số từ 0 đến 10.",
                            showInputMessage=True, promptTitle="Điểm bài thu hoạch",
                            prompt="Từ 0 đến 10; để trống nếu chưa nộp. Điểm viết lại chỉ ghi khi bài lần đầu "
                                   "dưới 5 điểm.")
    scores.add(f"D2:E{end}")
    sheet.add_data_validation(attendance)
    sheet.add_data_validation(scores)
    for row in range(2, end + 1):
        for col in (4, 5):
            sheet.cell(row, col).number_format = "0.0#"
    sheet.freeze_panes = "C2"
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = header_text(heading)
    sheet.oddFooter.center.text = "Trang &P / &N"
    _a4_fit_width(sheet)


def _info_sheet(sheet: Worksheet, cell: Unit, code: str, title: str) -> None:
    for row, label in enumerate(INFO_LABELS.values(), 1):
        sheet.cell(row, 1, label).font = Font(bold=True)
    date_row = 1 + list(INFO_LABELS).index("date")
    form_row = 1 + list(INFO_LABELS).index("form")
    # A date typed as text ("14/03/2025" in an Excel set to another country) is read too: no date check here.
    sheet.cell(date_row, 2).number_format = "DD/MM/YYYY"
    forms = DataValidation(type="list", formula1='"' + ",".join(FORMS) + '"', allow_blank=True)
    forms.add(f"B{form_row}")
    sheet.add_data_validation(forms)
    # For the secretary only (the reader ignores other labels): which cell and document this is.
    below = len(INFO_LABELS) + 2
    sheet.cell(below, 1, "Chi bộ").font = Font(italic=True)
    keep_text([sheet.cell(below, 2, cell.name)])
    sheet.cell(below + 1, 1, "Văn bản").font = Font(italic=True)
    keep_text([sheet.cell(below + 1, 2, f"{code} — {title}")])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 60
    _a4_fit_width(sheet)


def _a4_fit_width(sheet: Worksheet) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
