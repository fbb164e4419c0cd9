"""Sample print data (the Python -> template contract) for previews and tests.

    python -m generator.pdf.sample leaflet-a4 out.pdf [--lang hmn] [--site-templates DIR]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .. import urls
from .qr import qr_svg

URL = "https://example.gov.vn/tuyentruyen/nghi-quyet-57-nq-tw/"

LABELS_VI: dict[str, Any] = {
    "heading": "TÀI LIỆU TUYÊN TRUYỀN", "code": "Số hiệu", "issued": "Ngày ban hành",
    "issuer": "Cơ quan ban hành", "leaflet_date": "Ngày phát hành tài liệu",
    "scan_qr": "Quét mã để đọc toàn văn", "study_sheet": "PHIẾU THU HOẠCH", "name": "Họ và tên",
    "party_cell": "Chi bộ", "date": "Ngày", "questions": "Câu hỏi thảo luận", "answer": "Bài làm",
    "proposals": "Kiến nghị, đề xuất", "grading": "Thang điểm", "score": "Điểm",
    "grades": [["Tốt", "9–10"], ["Khá", "7 đến dưới 9"], ["Trung bình", "5 đến dưới 7"], ["Yếu", "dưới 5"]],
    "part": "Phần", "reading_time": "Thời lượng đọc", "broadcast_date": "Ngày phát", "reader": "Người đọc",
    "continued": "(tiếp theo)",
}

KEY_POINTS_VI = [
    "Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia là đột phá quan trọng hàng đầu, "
    "là động lực chính để phát triển nhanh lực lượng sản xuất hiện đại, hoàn thiện quan hệ sản xuất, "
    "đổi mới phương thức quản trị quốc gia.",
    "Tăng cường sự lãnh đạo của Đảng, nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính trị "
    "mạnh mẽ; người đứng đầu cấp ủy, chính quyền trực tiếp phụ trách, chịu trách nhiệm về kết quả thực hiện.",
    "Khẩn trương, quyết liệt hoàn thiện thể chế; xóa bỏ mọi tư tưởng, quan niệm, rào cản đang cản trở sự phát triển; "
    "đưa thể chế trở thành lợi thế cạnh tranh trong phát triển khoa học, công nghệ.",
    "Tăng đầu tư, hoàn thiện hạ tầng cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số; "
    "phấn đấu kinh phí chi cho nghiên cứu phát triển đạt 2% GDP, trong đó kinh phí từ xã hội chiếm hơn 60%.",
    "Phát triển, trọng dụng nhân lực chất lượng cao, nhân tài; có chính sách đặc biệt để thu hút chuyên gia, "
    "nhà khoa học giỏi trong nước và ngoài nước, người Việt Nam ở nước ngoài tham gia cống hiến.",
]
NEW_POINTS_VI = [
    "Lần đầu tiên chấp nhận rủi ro, đầu tư mạo hiểm và độ trễ trong nghiên cứu khoa học; có cơ chế miễn trừ trách "
    "nhiệm cho doanh nghiệp, tổ chức, cá nhân khi thử nghiệm công nghệ mới mà có thiệt hại do nguyên nhân khách quan.",
    "Áp dụng cơ chế khoán chi đến sản phẩm cuối cùng; đơn giản hóa thủ tục thanh toán, quyết toán kinh phí "
    "nghiên cứu, giảm gánh nặng giấy tờ cho nhà khoa học.",
    "Người dân và doanh nghiệp là trung tâm, là chủ thể của chuyển đổi số; phổ cập kỹ năng số cho toàn dân, "
    "phát triển “Bình dân học vụ số” ở mọi thôn, bản, tổ dân phố.",
]
LOCAL_VI = [
    "Các chi bộ tổ chức học tập, quán triệt nghị quyết đến từng đảng viên; đưa nội dung chuyển đổi số vào "
    "sinh hoạt chi bộ định kỳ hằng tháng.",
    "Ủy ban nhân dân xã hướng dẫn người dân cài đặt và sử dụng ứng dụng định danh điện tử, thanh toán không dùng "
    "tiền mặt, dịch vụ công trực tuyến; mỗi thôn, bản có ít nhất một tổ công nghệ số cộng đồng.",
    "Hợp tác xã, hộ kinh doanh đưa sản phẩm chè, thảo quả, dong riềng lên sàn thương mại điện tử; "
    "Đoàn Thanh niên hỗ trợ chụp ảnh, viết giới thiệu sản phẩm bằng tiếng Việt và tiếng Mông.",
    "Trường học, trạm y tế ứng dụng phần mềm quản lý; khuyến khích giáo viên, nhân viên y tế tự học kỹ năng số "
    "và chia sẻ kinh nghiệm ở buổi họp thôn, bản.",
]
LEAD_VI = [
    "Ngày 22 tháng 12 năm 2024, Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, "
    "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia. Tài liệu này tóm tắt nội dung cốt lõi, "
    "những điểm mới và gợi ý liên hệ vận dụng tại địa phương để cán bộ, đảng viên và Nhân dân cùng thực hiện.",
]

KEY_POINTS_HMN = [
    "Kev txhim kho kev tshawb fawb, thev naus laus zis, kev tsim kho tshiab thiab kev hloov mus siv digital "
    "yog txoj kev tseem ceeb tshaj plaws los txhawb lub teb chaws kom loj hlob sai.",
    "Cov thawj coj ntawm tog thiab tsoom fwv txhua theem yuav tsum coj ua ntej thiab ris lub luag hauj lwm "
    "rau qhov tau txiaj ntsig.",
    "Txhim kho cov kev cai lij choj kom yooj yim rau cov neeg tshawb fawb thiab cov lag luam siv thev naus laus zis tshiab.",
]
NEW_POINTS_HMN = [
    "Thawj zaug lees txais kev pheej hmoo hauv kev tshawb fawb; tsis rau txim rau tus neeg sim thev naus laus zis "
    "tshiab yog tias muaj kev puas tsuaj vim yam tsis yog nws ua txhaum.",
]
LOCAL_HMN = [
    "Txhua lub zos muaj ib pab neeg pab cov pej xeem siv lub xov tooj ntse, them nyiaj hauv online thiab "
    "siv cov kev pab cuam ntawm tsoom fwv hauv online.",
    "Cov tub ntxhais hluas pab muab cov khoom ua liaj ua teb xws li tshuaj yej thiab kua txob muag hauv online.",
]


def runs(text: str, **marks: Any) -> list[dict[str, Any]]:
    return [{"text": text, "bold": False, "italic": False, "code": False, "link": None, **marks}]


def point(text: str) -> dict[str, Any]:
    return {"blocks": [{"type": "paragraph", "runs": runs(text)}]}


def sample_data(fmt: str = "leaflet-a4", lang: str = "vi", *, repeat: int = 1) -> dict[str, Any]:
    """Data as generator/print_data.py makes it; `repeat` multiplies the points (to overflow)."""
    vi = lang == "vi"
    key, new, local = (KEY_POINTS_VI, NEW_POINTS_VI, LOCAL_VI) if vi else (KEY_POINTS_HMN, NEW_POINTS_HMN, LOCAL_HMN)
    titles = (("Nội dung cốt lõi", "Điểm mới", "Liên hệ vận dụng tại địa phương") if vi
              else ("Cov ntsiab lus tseem ceeb", "Cov ntsiab lus tshiab", "Kev siv hauv zos"))
    sections = [
        {"key": k, "title": t, "points": [point(p) for p in ps * repeat]}
        for k, t, ps in zip(("key_points", "new_points", "local_application"), titles, (key, new, local))
    ]
    title = ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
             "đổi mới sáng tạo và chuyển đổi số quốc gia" if vi else
             "Nghị quyết 57-NQ/TW: kev txhim kho kev tshawb fawb, thev naus laus zis thiab kev hloov mus siv digital")
    data: dict[str, Any] = {
        "format": fmt, "lang": lang, "lang_tag": "vi-VN" if vi else "hmn-Latn-VN",
        "organisation": "Trung tâm Văn hóa - Thể thao và Truyền thông huyện Tam Đường",
        "site_title": "Tài liệu tuyên truyền nghị quyết",
        "labels": LABELS_VI,
        "title": title, "code": "57-NQ/TW", "kind_name": "Nghị quyết", "issuer": "Bộ Chính trị",
        "issued": "22/12/2024",
        "summary": ("Nghị quyết xác định khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng "
                    "hàng đầu để đất nước phát triển nhanh, bền vững trong kỷ nguyên mới." if vi else
                    "Tsab ntawv no qhia tias kev tshawb fawb thiab thev naus laus zis yog txoj kev tseem ceeb tshaj plaws."),
        "lead": [{"type": "paragraph", "runs": runs(p)} for p in (LEAD_VI if vi else [])],
        "sections": sections,
        "questions": [runs(q) for q in (
            "Những điểm mới của Nghị quyết là gì?",
            "Nghị quyết có ý nghĩa gì đối với công việc của đồng chí?",
            "Đồng chí sẽ làm gì để thực hiện Nghị quyết ở cơ quan, địa phương mình?")],
        "url": URL if vi else URL.replace("/tuyentruyen/", "/tuyentruyen/hmn/"),
        "date": "25/11/2026", "pdf_date": [2026, 11, 25], "font_size": 11,
    }
    data["url_display"] = urls.display(data["url"])
    data["qr_svg"] = qr_svg(data["url"])
    if fmt == "loudspeaker-print":
        paragraphs = [p for p in LEAD_VI + key + new + local] if vi else key + new + local
        half = len(paragraphs) // 2
        data["parts"] = [
            {"number": 1, "total": 2, "reading_time": "2 phút 40 giây", "paragraphs": paragraphs[:half]},
            {"number": 2, "total": 2, "reading_time": "2 phút 10 giây", "paragraphs": paragraphs[half:]},
        ]
        data["total_time"] = "4 phút 50 giây"
    return data


def main(argv: list[str] | None = None) -> int:
    from . import PdfRenderer, TEMPLATE_FILES
    from .fit import FORMAT_DEFAULTS
    parser = argparse.ArgumentParser(description="Render sample data with a print template (preview).")
    parser.add_argument("format", choices=sorted(TEMPLATE_FILES))
    parser.add_argument("output", type=Path)
    parser.add_argument("--lang", default="vi", choices=("vi", "hmn"))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--site-templates", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    with PdfRenderer(args.site_templates) as renderer:
        policy = FORMAT_DEFAULTS[args.format]
        result = renderer.render(args.format, sample_data(args.format, args.lang, repeat=args.repeat),
                                 fit=policy if policy.max_pages else None)
    args.output.write_bytes(result.pdf)
    print(f"{args.output}: {result.pages} pages, {result.font_size} pt, layout {result.layout}, "
          f"overflow {result.overflow_pages}, cut ~{result.words_to_cut} words, {result.trials} trials")
    for warning in result.warnings:
        print("warning:", warning, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
