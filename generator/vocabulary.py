"""The fixed vocabulary of the input contract: kinds and levels of documents.

Names are Vietnamese source strings; the site's message catalogs translate
them (they are marked with N_ so that Babel extracts them).
"""
from __future__ import annotations

import re
from typing import Mapping

# A resolution's folder name, also used in site.yaml (pinned broadcast items): [a-z0-9-]+.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def N_(text: str) -> str:
    """Mark a string for extraction without translating it here."""
    return text


KINDS: dict[str, str] = {
    "nghi-quyet": N_("Nghị quyết"),
    "chi-thi": N_("Chỉ thị"),
    "ket-luan": N_("Kết luận"),
    "quy-dinh": N_("Quy định"),
    "ke-hoach": N_("Kế hoạch"),
    "huong-dan": N_("Hướng dẫn"),
    "chuong-trinh": N_("Chương trình"),
    "de-an": N_("Đề án"),
    "thong-bao": N_("Thông báo"),
    "cong-van": N_("Công văn"),
}

LEVELS: dict[str, str] = {
    "trung-uong": N_("Trung ương"),
    "tinh": N_("Tỉnh"),
    "huyen": N_("Huyện"),
    "xa": N_("Xã"),
}

# Language tags (BCP 47) for the path codes a site is likely to use. Hmong in
# Vietnam is written in Latin script; CLDR's `hnj` data is for another script.
DEFAULT_LANGUAGE_TAGS: dict[str, str] = {
    "vi": "vi-VN",
    "hmn": "hmn-Latn-VN",
    "en": "en",
    "dao": "mjx-Latn-VN",
    "tay": "tyz-Latn-VN",
    "thai": "blt-Latn-VN",
}

MONTHS: tuple[str, ...] = (
    N_("tháng Một"), N_("tháng Hai"), N_("tháng Ba"), N_("tháng Tư"), N_("tháng Năm"), N_("tháng Sáu"),
    N_("tháng Bảy"), N_("tháng Tám"), N_("tháng Chín"), N_("tháng Mười"), N_("tháng Mười Một"), N_("tháng Mười Hai"),
)

# The three sections' standard names, used where a summary's own heading is not shown
# (leaflet labels, scripts) and for the UI of other languages.
SECTION_NAMES: dict[str, str] = {
    "key_points": N_("Nội dung cốt lõi"),
    "new_points": N_("Điểm mới"),
    "local_application": N_("Liên hệ vận dụng tại địa phương"),
    "questions": N_("Câu hỏi thảo luận"),
    "brief": N_("Tóm tắt ngắn"),
    "qa": N_("Hỏi – đáp"),
    "in_depth": N_("Chuyên sâu"),
}


# Sections the tool knows by meaning. The first three are required in the source language;
# the last three serve other audiences (the short version, questions and answers, in-depth).
SECTION_KEYS = ("key_points", "new_points", "local_application", "questions", "brief", "qa", "in_depth")
REQUIRED_SECTIONS = SECTION_KEYS[:3]
EXPLICIT_IDS = {key.replace("_", "-"): key for key in SECTION_KEYS}
DEFAULT_LABELS: Mapping[str, tuple[str, ...]] = {
    "key_points": ("Nội dung cốt lõi",),
    "new_points": ("Điểm mới",),
    "local_application": ("Liên hệ vận dụng", "Vận dụng tại địa phương"),
    "questions": ("Câu hỏi thảo luận",),
    "brief": ("Tóm tắt ngắn", "Bản ngắn", "Cốt lõi ngắn gọn"),
    "qa": ("Hỏi đáp",),
    "in_depth": ("Chuyên sâu",),
}
