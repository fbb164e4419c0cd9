"""Text we write into a workbook stays text: a roster name or unit name that starts with '=' is not
a formula for Excel to run (openpyxl takes any such string for one), and an '&' in a printed page
header is not one of the header's codes ('&P' is the page number)."""
from __future__ import annotations

from typing import Iterable

from openpyxl.cell.cell import Cell


def keep_text(cells: Iterable[Cell]) -> None:
    """Cells whose string openpyxl took for a formula: written as the text they are."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"


def header_text(text: str) -> str:
    """`text` for a page header or footer, its '&' doubled as Excel and LibreOffice read them."""
    return text.replace("&", "&&")
