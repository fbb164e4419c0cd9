"""The printed PDFs of a round: a roll-call sheet per cell and the record-book page,
through the project's Typst renderer (templates/report/)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterator, Mapping

from ..dates import format_date
from ..pdf import PdfRenderer
from ..records.model import Member, Records
from ..theme import template_dirs
from .round import RoundReport, percent



def roll_call_data(report: RoundReport, cell_name: str, roster: tuple[Member, ...],
                   date: dt.date | None, place: str = "", parent: str = "") -> dict[str, Any]:
    """`parent`: the unit above the cell when it is not the top, named in the header instead of the committee."""
    committee = parent or str(report.settings.get("committee") or report.summary["name"])
    return {"committee": committee, "cell": cell_name,
            "code": report.code, "title": report.title, "date": format_date(date), "place": place,
            "members": [{"name": m.name, "birth": _birth(m), "post": m.post} for m in roster]}


def record_book_data(report: RoundReport) -> dict[str, Any]:
    by_id = _cells_by_id(report.summary)
    rows = []
    for cell in report.cells:
        if cell.info is None:
            continue
        rows.append(_book_row(cell.label, by_id[cell.unit.id], format_date(cell.info.date), cell.info.place,
                              cell.info.lecturer, cell.info.form))
    return {"committee": str(report.settings.get("committee") or report.summary["name"]), "code": report.code,
            "title": report.title, "rows": rows, "total": _book_row("Cộng", report.summary, "", "", "", ""),
            "missing": [cell.label for cell in report.cells if cell.info is None]}


def render_sheets(report: RoundReport, records: Records, content_dir: Path) -> Iterator[tuple[str, bytes]]:
    """(file name under the round's folder, PDF) for the record book and each cell's roll call;
    a site's own templates/report/ first, as for every other output."""
    with PdfRenderer(template_dirs(content_dir, "report")) as renderer:
        yield f"so-ghi-chep-{report.slug}.pdf", renderer.render("record-book.typ", record_book_data(report)).pdf
        for cell in report.cells:
            data = roll_call_data(report, cell.unit.name, records.rosters.get(cell.unit.id or "", ()),
                                  cell.info.date if cell.info else None, cell.info.place if cell.info else "",
                                  cell.parent)
            yield f"diem-danh/{cell.unit.id}.pdf", renderer.render("roll-call.typ", data).pdf


def _book_row(name: str, unit: Mapping[str, Any], date: str, place: str, lecturer: str, form: str
              ) -> dict[str, str]:
    grades = unit["grades"]
    return {"unit": name, "date": date, "place": place, "lecturer": lecturer, "form": form,
            "members": str(unit["members_reported"]), "attended": str(unit["attended"]),
            "rate": percent(unit["attended"], unit["members_reported"]), "submitted": str(unit["essays_submitted"]),
            "grades": " / ".join(str(grades[k]) for k in ("tot", "kha", "trung_binh", "yeu"))}


def _cells_by_id(unit: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    if "units" not in unit:
        return {unit["id"]: unit}
    return {key: value for child in unit["units"] for key, value in _cells_by_id(child).items()}


def _birth(member: Member) -> str:
    """The year only: the column is "Năm sinh", 16 mm wide; a full date ran into "Chức vụ"."""
    if isinstance(member.birth, dt.date):
        return str(member.birth.year)
    return str(member.birth or "")
