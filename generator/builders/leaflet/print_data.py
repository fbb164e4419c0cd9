"""The data a PDF template receives (leaflets, study sheet, loudspeaker print sheet).

Content reaches Typst only as this JSON, never pasted into Typst markup, so
no character of a summary can break or inject into a template.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from ... import urls
from ...config import SiteConfig
from ...content.htmltree import inline_runs, is_subheading, to_blocks
from ...load import local_reference
from ...content.model import Resolution, Section, Summary
from ...dates import material_date
from ...vocabulary import KINDS, N_, SECTION_NAMES

LEAFLET_SECTIONS = ("key_points", "new_points", "local_application")
# Formats that print the questions and answers after the sections (the A4 leaflet's back,
# when there is room: builders/leaflet/; the Q&A sheet).
QA_FORMATS = ("leaflet-a4", "qa-sheet")

LABELS: dict[str, str] = {
    "heading": N_("TÀI LIỆU TUYÊN TRUYỀN"),
    "code": N_("Số hiệu"),
    "issued": N_("Ngày ban hành"),
    "issuer": N_("Cơ quan ban hành"),
    "leaflet_date": N_("Ngày biên soạn tài liệu"),
    "scan_qr": N_("Quét mã để đọc toàn văn trên mạng"),
    "study_sheet": N_("PHIẾU THU HOẠCH"),
    "name": N_("Họ và tên"),
    "party_cell": N_("Chi bộ"),
    "date": N_("Ngày"),
    "questions": N_("Câu hỏi thảo luận"),
    "answer": N_("Bài làm"),
    "proposals": N_("Kiến nghị, đề xuất"),
    "grading": N_("Thang điểm"),
    "score": N_("Điểm"),
    "part": N_("Phần"),
    "reading_time": N_("Thời lượng đọc"),
    "broadcast_date": N_("Ngày phát"),
    "reader": N_("Người đọc"),
    "continued": N_("(tiếp theo)"),
}
GRADES = ((N_("Tốt"), N_("9–10 điểm")), (N_("Khá"), N_("7 đến dưới 9 điểm")),
          (N_("Trung bình"), N_("5 đến dưới 7 điểm")), (N_("Yếu"), N_("dưới 5 điểm")))
DEFAULT_QUESTIONS = (
    N_("Những điểm mới của văn bản là gì?"),
    N_("Văn bản có ý nghĩa gì đối với công việc của đồng chí?"),
    N_("Đồng chí sẽ làm gì để thực hiện văn bản ở cơ quan, địa phương mình?"),
)


def print_data(config: SiteConfig, res: Resolution, lang: str, fmt: str, gettext: Callable[[str], str],
               qr_svg: str = "", extra_kinds: dict[str, str] | None = None,
               images: Mapping[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything a template shows for one resolution in one language.

    `images`: print variants by the name the summary references (builders/images/);
    an image block gets its variant as `print`, the others keep only their alt text."""
    summary = res.summaries[lang]
    images = images or {}
    page_url = urls.absolute(config, urls.resolution_path(config, res.slug, lang))
    day, is_issue_date = material_date(res, summary)
    kinds = {**KINDS, **(extra_kinds or {})}
    return {
        "format": fmt,
        "lang": lang,
        "lang_tag": config.languages[lang].tag,
        "organisation": config.organisation,
        "site_title": config.title_in(lang),
        "labels": {**{key: gettext(text) for key, text in LABELS.items()},
                   "grades": [[gettext(name), gettext(span)] for name, span in GRADES]},
        "title": summary.title,
        "summary": summary.summary,
        "code": res.code,
        "kind_name": gettext(kinds.get(res.kind, res.kind)),
        "issuer": res.issuer,
        "issued": res.issued.strftime("%d/%m/%Y"),
        "lead": with_print_images(to_blocks(summary.lead), images),
        "sections": [section_data(summary, key, gettext, images if fmt != "study-sheet" else None)
                     for key in LEAFLET_SECTIONS if summary.section(key)]
        + ([qa_section_data(summary, gettext)] if fmt in QA_FORMATS and summary.questions_answers else []),
        "questions": questions(summary, gettext),
        "url": page_url,
        "url_display": urls.display(page_url),
        "qr_svg": qr_svg,
        "date": day.strftime("%d/%m/%Y"),
        # Without a `date:` or SOURCE_DATE_EPOCH the date is the document's own: say so.
        "date_label": gettext(LABELS["issued" if is_issue_date else "leaflet_date"]),
        "date_is_issued": is_issue_date,
        "pdf_date": [day.year, day.month, day.day],
        "font_size": 11,
    }


def section_data(summary: Summary, key: str, gettext: Callable[[str], str],
                 images: Mapping[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """A section's points with all their blocks (sub-points too); `images` None: without
    pictures (the study sheet keeps its room for the answer; the leaflets print them)."""
    section: Section = summary.section(key)
    points, number = [], 0
    for point in section.points:
        blocks = with_print_images(to_blocks(point.nodes), images) if images is not None \
            else without_images(to_blocks(point.nodes))
        if is_subheading(point.nodes):
            points.append({"blocks": blocks, "heading": True})
        else:
            number += 1
            points.append({"blocks": blocks, "number": number})
    return {"key": key, "title": section.title or gettext(SECTION_NAMES[key]), "points": points}


def qa_section_data(summary: Summary, gettext: Callable[[str], str]) -> dict[str, Any]:
    """The questions and answers as a section whose points are a bold question and its answer."""
    section = summary.section("qa")
    assert section is not None
    points = []
    for pair in section.qa:
        question = [{"type": "paragraph", "runs": [{"text": pair.question, "bold": True, "italic": False,
                                                     "code": False, "link": None}]}] if pair.question else []
        points.append({"blocks": question + to_blocks(pair.answer)})
    return {"key": "qa", "title": section.title or gettext(SECTION_NAMES["qa"]), "points": points}


def with_print_images(blocks: list[dict[str, Any]], images: Mapping[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Image blocks (also inside lists and quotes) with their print variant attached."""
    if not images:
        return blocks

    def attach(block: dict[str, Any]) -> dict[str, Any]:
        local = local_reference(block.get("path") or "")
        return {**block, "print": images[local]} if isinstance(local, str) and local in images else block
    return _each_image(blocks, attach)


def without_images(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The blocks with every image left out, also inside lists and quotes."""
    return _each_image(blocks, lambda block: None)


def _each_image(blocks: list[dict[str, Any]],
                change: Callable[[dict[str, Any]], dict[str, Any] | None]) -> list[dict[str, Any]]:
    """The blocks with each image block (at any depth) passed through `change`; None drops it."""
    out = []
    for block in blocks:
        kind = block.get("type")
        if kind == "image":
            block = change(block)
            if block is None:
                continue
        elif kind == "list":
            block = {**block, "items": [_each_image(item, change) for item in block["items"]]}
        elif kind == "quote":
            block = {**block, "blocks": _each_image(block["blocks"], change)}
        out.append(block)
    return out


def questions(summary: Summary, gettext: Callable[[str], str]) -> list[list[dict[str, Any]]]:
    """The summary's own discussion questions, else the standard three."""
    section = summary.section("questions")
    if section and section.points:
        return [inline_runs(point.nodes) for point in section.points]
    return [[{"text": gettext(q), "bold": False, "italic": False, "code": False, "link": None}]
            for q in DEFAULT_QUESTIONS]
