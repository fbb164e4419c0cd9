"""The report as a Word document in the Party's layout (Hướng dẫn 36-HD/VPTW), for the
committee to number, edit and sign in Word or LibreOffice.

A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman.
Top left the parent body (capitals) and the issuing committee (bold capitals),
a '*' under them, then the number; top right "ĐẢNG CỘNG SẢN VIỆT NAM" (bold,
underlined), then place and date in italics; the document type and subject
centred in bold; the body at 14 pt; "Nơi nhận:" bottom left and the signature
block bottom right; pages numbered centred in the top margin from the second on.
"""
from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any, Iterable, Mapping, Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell

from ..textfold import fold

FONT = "Times New Roman"
COLUMNS = ("Đơn vị", "Đảng viên", "Tham dự", "Tỷ lệ (%)", "Vắng có lý do", "Vắng không lý do", "Phải viết",
           "Đã nộp", "Tốt", "Khá", "TB", "Yếu")
TEXT_WIDTH = 165                    # mm between the margins
COLUMN_WIDTHS = (None, 19, 12, 12, 12, 12, 12, 12, 11, 11, 11, 11)     # mm; None: what the others leave


def new_document() -> DocxDocument:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(3)
    section.different_first_page_header_footer = True      # 36-HD: the first page bears no number
    _page_number(section.header.paragraphs[0])
    return document


def _page_number(paragraph: Any) -> None:
    """The page's number as Word and LibreOffice count it (a PAGE field), centred in the top
    margin, 14 pt upright, as 36-HD/VPTW numbers the pages after the first."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.name, run.font.size = FONT, Pt(14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            part = OxmlElement("w:fldChar")
            part.set(qn("w:fldCharType"), kind)
        else:
            part = OxmlElement("w:instrText" if text == "PAGE" else "w:t")
            part.set(qn("xml:space"), "preserve")
            part.text = f" {text} " if text == "PAGE" else text
        run._r.append(part)


def party_header(document: DocxDocument, settings: Mapping[str, Any], issuer: str, day: dt.date) -> None:
    table = document.add_table(rows=1, cols=2)
    _widths(table, [Mm(72), Mm(93)])
    left, right = table.rows[0].cells
    parent = str(settings.get("parent") or "")
    if parent:
        _line(left, parent.upper(), size=14)
    _line(left, str(settings.get("committee") or issuer).upper(), size=14, bold=True)
    _line(left, "*", size=14)
    _line(left, f"Số      -{settings.get('code') or 'BC'}", size=14)
    _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    place = str(settings.get("place") or "")
    # A day under 10 and the months 1 and 2 take a leading 0 ("ngày 03 tháng 4", "tháng 02"), as 36-HD writes them.
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    when = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    _line(right, f"{place}, {when}" if place else when.capitalize(), size=14, italic=True)
    left.paragraphs[0]._element.getparent().remove(left.paragraphs[0]._element)
    right.paragraphs[0]._element.getparent().remove(right.paragraphs[0]._element)


def title(document: DocxDocument, kind: str, subject: str) -> None:
    document.add_paragraph()
    _centred(document, kind, size=16, bold=True)
    _centred(document, subject, size=14, bold=True)
    _centred(document, "-----", size=14)


def heading(document: DocxDocument, text: str) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True


def body(document: DocxDocument, text: str) -> None:
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)


def figures_table(document: DocxDocument, caption: str, rows: Sequence[Sequence[str]],
                  columns: Sequence[str] = COLUMNS, widths: Sequence[float | None] = COLUMN_WIDTHS) -> None:
    """A bordered table, the header row repeated on each page, the last row the total."""
    heading(document, caption)
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rest = TEXT_WIDTH - sum(w for w in widths if w is not None)
    sizes = [Mm(w if w is not None else rest) for w in widths]
    _widths(table, sizes)
    _narrow_padding(table)
    for cell, text in zip(table.rows[0].cells, columns):
        _cell(cell, text, bold=True)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = header.makeelement(qn("w:tblHeader"), {})
    header.append(repeat)
    for index, values in enumerate(rows):
        for col, (cell, text) in enumerate(zip(table.add_row().cells, values)):
            _cell(cell, text, bold=index == len(rows) - 1, left=col == 0)
    _widths(table, sizes)


def signature(document: DocxDocument, recipients: Iterable[str], on_behalf: str, signer_title: str,
              signer: str) -> None:
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    _widths(table, [Mm(85), Mm(80)])
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", size=12, bold=True, italic=True, centre=False)
    for line in recipient_lines(recipients):
        _line(left, line, size=11, centre=False)
    _line(right, on_behalf, size=14, bold=True)
    if signer_title:
        _line(right, signer_title.upper(), size=14, bold=True)       # the signer's post in capitals, as 36-HD
    for _ in range(3):
        _line(right, "", size=14)
    _line(right, signer or "", size=14, bold=True)
    for cell in (left, right):
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)


def recipient_lines(recipients: Iterable[str]) -> list[str]:
    """'- name,' per recipient, then '- Lưu Văn phòng.' unless the list already ends with its own
    'Lưu …' line; the punctuation a user typed ('…,', '- …') is not doubled."""
    names = [name.strip().lstrip("-–• ").rstrip(",;. ") for name in recipients]
    names = [name for name in names if name]
    if not (names and fold(names[-1]).split()[:1] == ["luu"]):
        names.append("Lưu Văn phòng")
    return [f"- {name}{'.' if index == len(names) - 1 else ','}" for index, name in enumerate(names)]


def to_bytes(document: DocxDocument) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _line(cell: _Cell, text: str, size: float, bold: bool = False, italic: bool = False,
          underline: bool = False, centre: bool = True) -> None:
    paragraph = cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline


def _centred(document: DocxDocument, text: str, size: float, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(size), bold


def _widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths, set on the grid and on every cell (Word reads one, LibreOffice the other)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _narrow_padding(table: Table) -> None:
    """Cells padded 0.7 mm left and right (not the default 1.9 mm): the figures fit on one line."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "40")               # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # Before w:tblLook: the schema orders tblPr's children, and Word offers to "repair" a file that does not.
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        table._tbl.tblPr.append(margins)


def _cell(cell: _Cell, text: str, bold: bool = False, left: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(9), bold
