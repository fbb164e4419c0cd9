"""The words of the round's and the year's reports, laid out by document.py."""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from ..dates import format_date
from . import document
from .round import RoundReport, parents, percent

YEAR_COLUMNS = ("Văn bản", "Ngày học", "Chi bộ đã học", "Đảng viên", "Tham dự", "Tỷ lệ (%)", "Đã nộp", "Tốt", "Khá",
                "TB", "Yếu")
YEAR_WIDTHS = (None, 21, 15, 21, 13, 11, 13, 12, 12, 12, 14)


def figures_row(unit: Mapping[str, Any]) -> list[str]:
    grades = unit["grades"]
    return [unit["name"], f"{unit['members_reported']}/{unit['members']}", str(unit["attended"]),
            percent(unit["attended"], unit["members_reported"]).rstrip("%"), str(unit["excused"]), str(unit["absent"]),
            str(unit["essays_required"]), str(unit["essays_submitted"]),
            *(str(grades[key]) for key in ("tot", "kha", "trung_binh", "yeu"))]


def round_document(report: RoundReport, day: dt.date) -> bytes:
    top, settings = report.summary, report.settings
    doc = document.new_document()
    document.party_header(doc, settings, top["name"], day)
    document.title(doc, "BÁO CÁO", f"Kết quả học tập, quán triệt {report.title}")
    dates = report.dates
    when = (f"từ ngày {format_date(dates[0])} đến ngày {format_date(dates[-1])}" if len(dates) > 1 else
            f"ngày {format_date(dates[0])}" if dates else "")
    document.body(doc, f"Thực hiện chỉ đạo của cấp trên về việc học tập, quán triệt {report.code}, "
                       f"{top['name']} báo cáo kết quả tổ chức học tập {when}".rstrip() + " như sau:")
    document.heading(doc, "I. TÌNH HÌNH TỔ CHỨC HỌC TẬP")
    document.body(doc, _attendance_text(top))
    document.heading(doc, "II. KẾT QUẢ VIẾT BÀI THU HOẠCH")
    document.body(doc, _essays_text(top))
    for number, unit in enumerate(parents(top), 1):
        rows = [figures_row(child) for child in unit["units"]] + [["Cộng", *figures_row(unit)[1:]]]
        document.figures_table(doc, f"Bảng {number}. {unit['name']}", rows)
    document.heading(doc, "III. CÁC ĐƠN VỊ CHƯA TỔ CHỨC HỌC TẬP")
    missing = [cell.label for cell in report.cells if cell.info is None]
    if missing:
        document.body(doc, f"Còn {len(missing)} đơn vị chưa tổ chức học tập: {', '.join(missing)}. "
                           "Đề nghị các đơn vị tổ chức học tập bổ sung và báo cáo kết quả.")
    else:
        document.body(doc, "Tất cả các chi bộ đã tổ chức học tập và báo cáo kết quả.")
    _close(doc, settings)
    return document.to_bytes(doc)


def year_document(year: int, rounds: Sequence[Mapping[str, Any]], name: str, settings: Mapping[str, Any],
                  day: dt.date) -> bytes:
    doc = document.new_document()
    document.party_header(doc, settings, name, day)
    document.title(doc, "BÁO CÁO", f"Kết quả học tập, quán triệt các nghị quyết, chỉ thị năm {year}")
    document.body(doc, f"Trong năm {year}, {name} tổ chức học tập, quán triệt {len(rounds)} văn bản; "
                       "kết quả từng đợt như sau:")
    rows = [_year_row(item) for item in rounds]
    document.figures_table(doc, f"Bảng tổng hợp các đợt học tập năm {year}", rows + [_year_total(rounds)],
                           YEAR_COLUMNS, YEAR_WIDTHS)
    _close(doc, settings)
    return document.to_bytes(doc)


def _year_row(item: Mapping[str, Any]) -> list[str]:
    unit = item["unit"]
    dates = [dt.date.fromisoformat(d) for d in item["dates"]]
    when = format_date(dates[0]) + (f" – {format_date(dates[-1])}" if len(dates) > 1 else "") if dates else "—"
    grades = unit["grades"]
    return [item["code"], when, f"{unit['cells_reported']}/{unit['cells']}",
            f"{unit['members_reported']}/{unit['members']}", str(unit["attended"]),
            percent(unit["attended"], unit["members_reported"]).rstrip("%"), str(unit["essays_submitted"]),
            *(str(grades[key]) for key in ("tot", "kha", "trung_binh", "yeu"))]


def _year_total(rounds: Sequence[Mapping[str, Any]]) -> list[str]:
    def total(key: str) -> int:
        return sum(item["unit"][key] for item in rounds)

    def grade_total(key: str) -> str:
        return str(sum(item["unit"]["grades"][key] for item in rounds))
    # Written like the rows above ("21/24"): a bare "32" under "11/24" and "21/24" read as a misprint.
    return ["Cộng", "", f"{total('cells_reported')}/{total('cells')}",
            f"{total('members_reported')}/{total('members')}", str(total("attended")),
            percent(total("attended"), total("members_reported")).rstrip("%"), str(total("essays_submitted")),
            *(grade_total(key) for key in ("tot", "kha", "trung_binh", "yeu"))]


def _attendance_text(top: Mapping[str, Any]) -> str:
    return (f"Có {top['cells_reported']}/{top['cells']} chi bộ đã tổ chức học tập và báo cáo kết quả. "
            f"Số đảng viên của các chi bộ đã báo cáo: {top['members_reported']} (tổng số đảng viên: "
            f"{top['members']}). Số đảng viên tham gia học tập: {top['attended']}, đạt tỷ lệ "
            f"{percent(top['attended'], top['members_reported'])}; vắng có lý do: {top['excused']}; "
            f"vắng không lý do: {top['absent']}.")


def _essays_text(top: Mapping[str, Any]) -> str:
    grades, done = top["grades"], top["essays_submitted"]
    return (f"Số đảng viên thuộc diện phải viết bài thu hoạch: {top['essays_required']}; số bài đã nộp: {done}. "
            f"Xếp loại: tốt {grades['tot']} ({percent(grades['tot'], done)}), khá {grades['kha']} "
            f"({percent(grades['kha'], done)}), trung bình {grades['trung_binh']} "
            f"({percent(grades['trung_binh'], done)}), yếu {grades['yeu']} ({percent(grades['yeu'], done)}). "
            f"Số bài loại yếu còn phải viết lại: {top['rewrite_pending']}.")


def _close(doc: Any, settings: Mapping[str, Any]) -> None:
    recipients = settings.get("recipients") or ["Cấp ủy cấp trên (để báo cáo)", "Các chi bộ, đảng bộ trực thuộc"]
    document.signature(doc, recipients, "T/M BAN THƯỜNG VỤ", str(settings.get("signer_title") or ""),
                       str(settings.get("signer") or ""))
