"""Spoken form of Vietnamese (generator.spoken): what a commune loudspeaker reader says.

The case table is the contract: each written input and what the reader says.
The property tests run a sample of realistic sentences: no digit, no table
abbreviation, no Markdown residue, no parenthesis is left; sentence
punctuation stays; output is NFC and a second pass changes nothing.
"""
from __future__ import annotations

import ast
import copy
import dataclasses
import re
import unicodedata
from pathlib import Path

import pytest

from generator.spoken import (
    LegacyEncodingError,
    SpokenOptions,
    available_languages,
    count_syllables,
    engine,
    find_legacy_encoding,
    number_to_words,
    spoken_form,
)

SPOKEN_DIR = Path(engine.__file__).resolve().parent

CASES = [
    # -- whole numbers: một/mốt, năm/lăm, mười/mươi, bốn/tư, linh, không trăm; the thousands dot is not read
    ("21", "hai mươi mốt"),
    ("11", "mười một"),
    ("15", "mười lăm"),
    ("25", "hai mươi lăm"),
    ("105", "một trăm linh năm"),
    ("14", "mười bốn"),
    ("24", "hai mươi tư"),
    ("1005", "một nghìn không trăm linh năm"),
    ("1.000.000.000", "một tỷ"),
    ("2.500", "hai nghìn năm trăm"),
    ("10,25", "mười phẩy hai mươi lăm"),
    ("-5", "âm năm"),
    ("2016", "hai nghìn không trăm mười sáu"),
    ("1.500.000", "một triệu năm trăm nghìn"),
    ("9,5", "chín phẩy năm"),
    ("0", "không"),
    ("10", "mười"),
    ("20", "hai mươi"),
    ("31", "ba mươi mốt"),
    ("44", "bốn mươi tư"),
    ("55", "năm mươi lăm"),
    ("101", "một trăm linh một"),
    ("110", "một trăm mười"),
    ("115", "một trăm mười lăm"),
    ("204", "hai trăm linh bốn"),
    ("1.000.005", "một triệu không trăm linh năm"),
    ("1.005.000.000", "một tỷ không trăm linh năm triệu"),
    ("3.000 tỷ đồng", "ba nghìn tỷ đồng"),
    ("12 triệu", "mười hai triệu"),
    ("100.000", "một trăm nghìn"),
    ("10.000 người", "mười nghìn người"),
    # -- decimals (comma), percentages, ranges (en dash, hyphen, spaced hyphen)
    ("0,05", "không phẩy không năm"),
    ("3,14159", "ba phẩy một bốn một năm chín"),
    ("1,50", "một phẩy năm mươi"),
    ("92–95%", "chín mươi hai đến chín mươi lăm phần trăm"),
    ("70%", "bảy mươi phần trăm"),
    ("0,5%", "không phẩy năm phần trăm"),
    ("100%", "một trăm phần trăm"),
    ("3-5 năm", "ba đến năm năm"),
    ("-0,5%", "âm không phẩy năm phần trăm"),
    ("2021–2025", "hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"),
    ("2021-2025", "hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"),
    ("2025 - 2030", "hai nghìn không trăm hai mươi lăm đến hai nghìn không trăm ba mươi"),
    ("giai đoạn 2026 – 2030", "giai đoạn hai nghìn không trăm hai mươi sáu đến hai nghìn không trăm ba mươi"),
    ("năm 2025–2030", "năm hai nghìn không trăm hai mươi lăm đến năm hai nghìn không trăm ba mươi"),
    ("từ năm 2021 - 2025", "từ năm hai nghìn không trăm hai mươi mốt đến năm hai nghìn không trăm hai mươi lăm"),
    # -- dates: the day word is put in when missing, never doubled; tháng tư, tháng một
    ("22/3/2016", "ngày hai mươi hai tháng ba năm hai nghìn không trăm mười sáu"),
    ("1/7/2025", "ngày một tháng bảy năm hai nghìn không trăm hai mươi lăm"),
    ("ngày 01/01/2026", "ngày một tháng một năm hai nghìn không trăm hai mươi sáu"),
    ("Ngày 22/12/2024, BCT ban hành NQ số 57-NQ/TW.",
     "Ngày hai mươi hai tháng mười hai năm hai nghìn không trăm hai mươi tư, Bộ Chính trị ban hành Nghị quyết số năm mươi bảy của Trung ương."),
    ("ngày 22 tháng 3 năm 2016", "ngày hai mươi hai tháng ba năm hai nghìn không trăm mười sáu"),
    ("ngày 22-12-2024", "ngày hai mươi hai tháng mười hai năm hai nghìn không trăm hai mươi tư"),
    ("tháng 01/2018", "tháng một năm hai nghìn không trăm mười tám"),
    ("tháng 4", "tháng tư"),
    ("tháng 1 năm 2025", "tháng một năm hai nghìn không trăm hai mươi lăm"),
    ("từ 7/2025", "từ tháng bảy năm hai nghìn không trăm hai mươi lăm"),
    ("tháng 3-5/2025", "tháng ba đến tháng năm năm hai nghìn không trăm hai mươi lăm"),
    ("quý IV/2017", "quý bốn năm hai nghìn không trăm mười bảy"),
    ("quý I năm 2025", "quý một năm hai nghìn không trăm hai mươi lăm"),
    ("Quốc khánh 2/9", "Quốc khánh ngày hai tháng chín"),
    ("sáng 2/9", "sáng ngày hai tháng chín"),
    ("Từ 20-22/3/2025", "Từ ngày hai mươi đến ngày hai mươi hai tháng ba năm hai nghìn không trăm hai mươi lăm"),
    ("2/3 số hộ", "hai phần ba số hộ"),
    # -- times
    ("6h30", "sáu giờ ba mươi phút"),
    ("7h00", "bảy giờ"),
    ("6h05", "sáu giờ năm phút"),
    ("lúc 8h", "lúc tám giờ"),
    ("14 giờ 30", "mười bốn giờ ba mươi phút"),
    ("17 giờ 30 phút", "mười bảy giờ ba mươi phút"),
    ("14:30", "mười bốn giờ ba mươi phút"),
    ("làm việc 24 giờ 7 ngày", "làm việc hai mươi tư giờ bảy ngày"),
    # -- Roman numerals in context, ordinals
    ("khóa XII", "khóa mười hai"),
    ("Khóa XIII", "Khóa mười ba"),
    ("Đại hội XIII", "Đại hội mười ba"),
    ("Hội nghị Trung ương 6", "Hội nghị Trung ương sáu"),
    ("lần thứ IV", "lần thứ tư"),
    ("Hội nghị lần thứ 10", "Hội nghị lần thứ mười"),
    ("Điều 4", "Điều bốn"),
    ("thứ 1", "thứ nhất"),
    ("Thứ 2", "Thứ hai"),
    ("thứ 24", "thứ hai mươi tư"),
    ("Chương II, Mục V", "Chương hai, Mục năm"),
    ("Phần C và Phần Lan", "Phần C và Phần Lan"),
    ("thế kỷ XXI", "thế kỷ hai mươi mốt"),
    # -- document codes: number in words, type letters dropped or said as the type word, issuer said
    ("Kết luận số 224-KL/TU", "Kết luận số hai trăm hai mươi tư của Tỉnh ủy"),
    ("Nghị quyết 57-NQ/TW", "Nghị quyết số năm mươi bảy của Trung ương"),
    ("57-NQ/TW", "Nghị quyết số năm mươi bảy của Trung ương"),
    ("Chỉ thị số 05-CT/TW", "Chỉ thị số năm của Trung ương"),
    ("Kế hoạch số 12-KH/HU", "Kế hoạch số mười hai của Huyện ủy"),
    ("Thông báo số 5-TB/ĐU", "Thông báo số năm của Đảng ủy"),
    ("Nghị quyết số 05-NQ/BCSĐ", "Nghị quyết số năm của Ban cán sự đảng"),
    ("Hướng dẫn số 12-HD/BTGTW", "Hướng dẫn số mười hai của Ban Tuyên giáo Trung ương"),
    ("Quyết định số 1234/QĐ-TTg", "Quyết định số một nghìn hai trăm ba mươi tư của Thủ tướng Chính phủ"),
    ("Nghị định số 100/2019/NĐ-CP", "Nghị định số một trăm năm hai nghìn không trăm mười chín của Chính phủ"),
    ("15/2025/QH15", "mười lăm năm hai nghìn không trăm hai mươi lăm của Quốc hội khóa mười lăm"),
    ("Luật Đất đai số 31/2024/QH15",
     "Luật Đất đai số ba mươi mốt năm hai nghìn không trăm hai mươi tư của Quốc hội khóa mười lăm"),
    ("Quy định số 08-QĐi/TW", "Quy định số tám của Trung ương"),
    ("Nghị quyết số 10/2024/NQ-HĐND",
     "Nghị quyết số mười năm hai nghìn không trăm hai mươi tư của Hội đồng nhân dân"),
    ("Quyết định số 123/QĐ-UBND", "Quyết định số một trăm hai mươi ba của Ủy ban nhân dân"),
    ("Thông tư số 01/2024/TT-BTC", "Thông tư số một năm hai nghìn không trăm hai mươi tư của Bộ Tài chính"),
    ("Công văn số 123/UBND-VX", "Công văn số một trăm hai mươi ba của Ủy ban nhân dân"),
    ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
     "Nghị quyết số năm mươi bảy ngày hai mươi hai tháng mười hai năm hai nghìn không trăm hai mươi tư của Bộ Chính trị"),
    ("theo văn bản số 01/2024", "theo văn bản số một năm hai nghìn không trăm hai mươi tư"),
    # -- abbreviations
    ("UBND tỉnh và HĐND tỉnh", "Ủy ban nhân dân tỉnh và Hội đồng nhân dân tỉnh"),
    ("MTTQ các cấp", "Mặt trận Tổ quốc các cấp"),
    ("BCH TW", "Ban Chấp hành Trung ương"),
    ("BTV Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"),
    ("BCT, BBT", "Bộ Chính trị, Ban Bí thư"),
    ("KT-XH và QP-AN", "kinh tế - xã hội và quốc phòng - an ninh"),
    ("NTM, DTTS", "nông thôn mới, dân tộc thiểu số"),
    ("THCS, THPT", "trung học cơ sở, trung học phổ thông"),
    ("CNH-HĐH", "công nghiệp hóa, hiện đại hóa"),
    ("KHCN, ĐMST và CĐS", "khoa học và công nghệ, đổi mới sáng tạo và chuyển đổi số"),
    ("ứng dụng CNTT", "ứng dụng công nghệ thông tin"),
    ("GDP tăng 7%", "tổng sản phẩm trong nước tăng bảy phần trăm"),
    ("HĐND-UBND", "Hội đồng nhân dân - Ủy ban nhân dân"),
    ("GD&ĐT", "giáo dục và đào tạo"),
    ("TP. Hồ Chí Minh", "thành phố Hồ Chí Minh"),
    ("TU DƯỠNG, RÈN LUYỆN", "TU DƯỠNG, RÈN LUYỆN"),
    # -- units and symbols
    ("5 km", "năm ki-lô-mét"),
    ("12 ha", "mười hai héc-ta"),
    ("25°C", "hai mươi lăm độ C"),
    ("5.000 m2", "năm nghìn mét vuông"),
    ("120 m²", "một trăm hai mươi mét vuông"),
    ("500.000đ", "năm trăm nghìn đồng"),
    ("500.000 VNĐ", "năm trăm nghìn đồng"),
    ("100 USD", "một trăm đô la Mỹ"),
    ("3 tấn, 5 kg", "ba tấn, năm ki-lô-gam"),
    ("60 km/h", "sáu mươi ki-lô-mét một giờ"),
    ("2,5%/năm", "hai phẩy năm phần trăm mỗi năm"),
    ("60 tạ/ha", "sáu mươi tạ mỗi héc-ta"),
    ("xã/phường/thị trấn", "xã, phường, thị trấn"),
    # -- URLs, e-mail, telephone, glued digits
    ("Xem tại https://laichau.gov.vn/tin-tuc/abc.html.", "Xem trên trang thông tin điện tử của đơn vị."),
    ("Gửi về địa chỉ banbientap@laichau.gov.vn.", "Gửi về địa chỉ thư điện tử của đơn vị."),
    ("Truy cập dangcongsan.vn để biết thêm.", "Truy cập trên trang thông tin điện tử của đơn vị để biết thêm."),
    ("Liên hệ 0912 345 678.", "Liên hệ không chín một hai, ba bốn năm, sáu bảy tám."),
    # a hotline is said digit by digit where it is called; a count of 113 stays a number
    ("Thấy cháy rừng, gọi 114.", "Thấy cháy rừng, gọi một một bốn."),
    ("Gọi ngay 113.", "Gọi ngay một một ba."),
    ("Đường dây nóng 1022.", "Đường dây nóng một không hai hai."),
    ("Xã có 113 hộ nghèo.", "Xã có một trăm mười ba hộ nghèo."),
    # "kêu gọi", and a count after "gọi", are not hotlines; "dây nóng:" and "113 hoặc 114" are
    ("Mặt trận kêu gọi 1000 hộ dân tham gia hiến máu.", "Mặt trận kêu gọi một nghìn hộ dân tham gia hiến máu."),
    ("Năm 2025 xã gọi 112 công dân khám tuyển",
     "Năm hai nghìn không trăm hai mươi lăm xã gọi một trăm mười hai công dân khám tuyển"),
    ("Xã đã gọi 115 lượt thanh niên", "Xã đã gọi một trăm mười lăm lượt thanh niên"),
    ("Đường dây nóng: 1022.", "Đường dây nóng: một không hai hai."),
    ("Có cháy, gọi 113 hoặc 114.", "Có cháy, gọi một một ba hoặc một một bốn."),
    ("Tổng đài: 113, 114 hoặc 115.", "Tổng đài: một một ba, một một bốn hoặc một một năm."),
    ("COVID-19", "COVID mười chín"),
    ("cách mạng công nghiệp 4.0", "cách mạng công nghiệp bốn chấm không"),
    ("mục 2.5", "mục hai chấm năm"),
    # -- Markdown residue, list markers, parentheses
    ("**Quan trọng**: đọc kỹ.", "Quan trọng: đọc kỹ."),
    ("## Nội dung cốt lõi", "Nội dung cốt lõi"),
    ("- Đẩy mạnh CĐS", "Đẩy mạnh chuyển đổi số"),
    ("a) Tăng cường lãnh đạo", "Tăng cường lãnh đạo"),
    ("1. Mục tiêu chung", "Mục tiêu chung"),
    ("I. MỤC ĐÍCH", "MỤC ĐÍCH"),
    ("gồm: (1) tăng cường; (2) đổi mới", "gồm: tăng cường; đổi mới"),
    ("Nghị quyết (NQ) số 57 (năm 2024).",
     "Nghị quyết, Nghị quyết, số năm mươi bảy, năm hai nghìn không trăm hai mươi tư."),
    ("Chi tiết (xem phụ lục)", "Chi tiết, xem phụ lục"),
    ("~5%", "khoảng năm phần trăm"),
    ("phục vụ 24/7", "phục vụ hai mươi tư trên bảy"),
    # -- full sentences
    ("Hội nghị lần thứ 10 BCH TW khóa XIII", "Hội nghị lần thứ mười Ban Chấp hành Trung ương khóa mười ba"),
    ("Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.", "Đại hội đại biểu toàn quốc lần thứ mười ba của Đảng."),
    ("Năm 2025, tỉnh có 95% xã đạt chuẩn NTM, thu nhập bình quân 45 triệu đồng/người/năm.",
     "Năm hai nghìn không trăm hai mươi lăm, tỉnh có chín mươi lăm phần trăm xã đạt chuẩn nông thôn mới, thu nhập bình quân bốn mươi lăm triệu đồng mỗi người mỗi năm."),
    ("Kế hoạch số 12-KH/HU ngày 5/3/2025 của Huyện ủy về thực hiện Chỉ thị 05-CT/TW.",
     "Kế hoạch số mười hai ngày năm tháng ba năm hai nghìn không trăm hai mươi lăm của Huyện ủy về thực hiện Chỉ thị số năm của Trung ương."),
    ("Thực hiện Kết luận số 224-KL/TU, UBND tỉnh ban hành Kế hoạch số 45/KH-UBND ngày 10/01/2025.",
     "Thực hiện Kết luận số hai trăm hai mươi tư của Tỉnh ủy, Ủy ban nhân dân tỉnh ban hành Kế hoạch số bốn mươi lăm của Ủy ban nhân dân ngày mười tháng một năm hai nghìn không trăm hai mươi lăm."),
    ("Đến năm 2030, tỷ lệ hộ nghèo giảm còn dưới 3%; GRDP bình quân đạt 8-8,5%/năm.",
     "Đến năm hai nghìn không trăm ba mươi, tỷ lệ hộ nghèo giảm còn dưới ba phần trăm; tổng sản phẩm trên địa bàn bình quân đạt tám đến tám phẩy năm phần trăm mỗi năm."),
    ("Hội nghị lần thứ 10 BCH TW Đảng khóa XIII diễn ra từ ngày 18-20/9/2024 tại Hà Nội.",
     "Hội nghị lần thứ mười Ban Chấp hành Trung ương Đảng khóa mười ba diễn ra từ ngày mười tám đến ngày hai mươi tháng chín năm hai nghìn không trăm hai mươi tư tại Hà Nội."),
    ("Quốc hội khóa XV đã thông qua Luật số 15/2025/QH15.",
     "Quốc hội khóa mười lăm đã thông qua Luật số mười lăm năm hai nghìn không trăm hai mươi lăm của Quốc hội khóa mười lăm."),
    ("Tổng vốn đầu tư 1.250 tỷ đồng, trong đó vốn ngân sách 350,5 tỷ đồng.",
     "Tổng vốn đầu tư một nghìn hai trăm năm mươi tỷ đồng, trong đó vốn ngân sách ba trăm năm mươi phẩy năm tỷ đồng."),
    ("Lúc 7h30 ngày 15/3, BTV Huyện ủy họp (mở rộng) tại hội trường.",
     "Lúc bảy giờ ba mươi phút ngày mười lăm tháng ba, Ban Thường vụ Huyện ủy họp, mở rộng, tại hội trường."),
    ("Quyết định số 1719/QĐ-TTg phê duyệt Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS&MN giai đoạn 2021 - 2030.",
     "Quyết định số một nghìn bảy trăm mười chín của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm ba mươi."),
    ("Nghị quyết 57-NQ/TW của Bộ Chính trị về đột phá phát triển KHCN, ĐMST và CĐS quốc gia.",
     "Nghị quyết số năm mươi bảy của Bộ Chính trị về đột phá phát triển khoa học và công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia."),
    ("Quý I/2025, toàn tỉnh trồng mới 1.200 ha rừng, đạt 45,5% kế hoạch.",
     "Quý một năm hai nghìn không trăm hai mươi lăm, toàn tỉnh trồng mới một nghìn hai trăm héc-ta rừng, đạt bốn mươi lăm phẩy năm phần trăm kế hoạch."),
    ("Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng.",
     "Chỉ thị số ba mươi lăm ngày mười bốn tháng sáu năm hai nghìn không trăm hai mươi tư của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ mười bốn của Đảng."),
    ("Kỷ niệm 50 năm Ngày Giải phóng miền Nam 30/4 và Quốc tế Lao động 1/5.",
     "Kỷ niệm năm mươi năm Ngày Giải phóng miền Nam ngày ba mươi tháng tư và Quốc tế Lao động ngày một tháng năm."),
    ("dịp 30-4 và ngày 1-5", "dịp ngày ba mươi tháng tư và ngày một tháng năm"),
    ("trên 2/3 số đại biểu", "trên hai phần ba số đại biểu"),
    ("40/45 xã đạt chuẩn", "bốn mươi trên bốn mươi lăm xã đạt chuẩn"),
    ("từ 1/3 đến 5/3", "từ ngày một tháng ba đến ngày năm tháng ba"),
    ("lớp 10-12", "lớp mười đến mười hai"),
    ("15-20%", "mười lăm đến hai mươi phần trăm"),
    ("Nhiệt độ từ 18°C đến 25°C.", "Nhiệt độ từ mười tám độ C đến hai mươi lăm độ C."),
    # -- comparison signs, rankings, headings in capitals
    ("Tỷ lệ ≥ 80%, sai số ±5%.", "Tỷ lệ lớn hơn hoặc bằng tám mươi phần trăm, sai số cộng trừ năm phần trăm."),
    ("trẻ em (< 5 tuổi)", "trẻ em, nhỏ hơn năm tuổi"),
    ("xếp thứ 4/63 tỉnh, thành phố", "xếp thứ tư trên sáu mươi ba tỉnh, thành phố"),
    ("NQ57", "Nghị quyết năm mươi bảy"),
    ("1.000.000.000.000 đồng", "một nghìn tỷ đồng"),
    ("Nghị quyết số 57-NQ/TW, ngày 22/12/2024, của Bộ Chính trị",
     "Nghị quyết số năm mươi bảy, ngày hai mươi hai tháng mười hai năm hai nghìn không trăm hai mươi tư, của Bộ Chính trị"),
    ("NGHỊ QUYẾT SỐ 18-NQ/TW", "NGHỊ QUYẾT SỐ mười tám của Trung ương"),
    ("Chương trình MTQG giai đoạn 2021-2025",
     "Chương trình mục tiêu quốc gia giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"),
    ("Tăng 3 bậc so với năm 2023.", "Tăng ba bậc so với năm hai nghìn không trăm hai mươi ba."),
    # an abbreviation after the words its expansion starts with: not "vốn vốn", "khu khu"
    ("Vốn ODA: 12,5 triệu USD.", "Vốn hỗ trợ phát triển chính thức: mười hai phẩy năm triệu đô la Mỹ."),
    ("các khu KCN và chương trình CTMTQG", "các khu công nghiệp và chương trình mục tiêu quốc gia"),
    ("thu hút ODA", "thu hút vốn hỗ trợ phát triển chính thức"),
    # grades and classes in Roman numerals after loại, hạng
    ("đạt đô thị loại IV trước năm 2030", "đạt đô thị loại bốn trước năm hai nghìn không trăm ba mươi"),
    ("bệnh viện hạng II", "bệnh viện hạng hai"),
    # ... but L and XL after them are clothes sizes
    ("Phát áo loại L, loại XL; loại XII", "Phát áo loại L, loại XL; loại mười hai"),
    # abbreviations of district and commune texts
    ("UBMTTQ xã phối hợp làm đường GTNT, bảo đảm ANCT", "Ủy ban Mặt trận Tổ quốc xã phối hợp làm đường giao thông nông thôn, bảo đảm an ninh chính trị"),
    ("phong trào TDTT, CLB văn nghệ; ĐVTN tham gia", "phong trào thể dục, thể thao, câu lạc bộ văn nghệ; đoàn viên thanh niên tham gia"),
    ("Giai đoạn II, đợt II năm 2025", "Giai đoạn hai, đợt hai năm hai nghìn không trăm hai mươi lăm"),
    ("các xã khu vực III, vùng III; trường cấp II; nhóm I", "các xã khu vực ba, vùng ba; trường cấp hai; nhóm một"),
    ("liên hệ SĐT 0987 654 321", "liên hệ số điện thoại không chín tám bảy, sáu năm bốn, ba hai một"),
    # 1800/1900 lines are said digit by digit, like any phone number; years in a row stay years
    ("gọi đường dây nóng 1900 1234", "gọi đường dây nóng một chín không không, một hai ba bốn"),
    ("Các năm 1800 1900 2000.", "Các năm một nghìn tám trăm một nghìn chín trăm hai nghìn."),
    # a fraction of the population or the area, not the first of May
    ("khoảng 1/5 dân số và 1/4 diện tích", "khoảng một phần năm dân số và một phần bốn diện tích"),
    ("giảm 1/5 dân số", "giảm một phần năm dân số"),
    # ... but "dân", "diện" alone begin other words: the date stays a date
    ("Ngày 19/5 dân cả nước tưởng nhớ Bác.", "Ngày mười chín tháng năm dân cả nước tưởng nhớ Bác."),
    ("Sáng 2/9 dân làng dự lễ.", "Sáng ngày hai tháng chín dân làng dự lễ."),
    ("Từ 1/7 diện hộ cận nghèo được hỗ trợ.", "Từ ngày một tháng bảy diện hộ cận nghèo được hỗ trợ."),
]


@pytest.mark.parametrize("written, said", CASES)
def test_spoken_form(written, said):
    assert spoken_form(written) == said


def test_case_table_is_large_and_has_no_duplicates():
    inputs = [written for written, _ in CASES]
    assert len(inputs) >= 100
    assert len(set(inputs)) == len(inputs)


def test_no_doubled_words_in_expected_outputs():
    # 'ngày ngày', 'số số', 'tháng tháng' are what a careless rule produces
    for _, said in CASES:
        assert not re.search(r"\b(ngày|tháng|số|của|đến|phần trăm|vốn|khu|chương trình) \1\b", said, re.I), said


# -- whole numbers ---------------------------------------------------------
NUMBERS = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (54, "năm mươi tư"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (224, "hai trăm hai mươi tư"),
    (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"),
    (1010, "một nghìn không trăm mười"),
    (1100, "một nghìn một trăm"),
    (2016, "hai nghìn không trăm mười sáu"),
    (2025, "hai nghìn không trăm hai mươi lăm"),
    (10_000, "mười nghìn"),
    (15_000, "mười lăm nghìn"),
    (21_000, "hai mươi mốt nghìn"),
    (100_000, "một trăm nghìn"),
    (1_000_000, "một triệu"),
    (1_500_000, "một triệu năm trăm nghìn"),
    (1_000_005, "một triệu không trăm linh năm"),
    (1_020_000, "một triệu không trăm hai mươi nghìn"),
    (1_000_000_000, "một tỷ"),
    (1_005_000_000, "một tỷ không trăm linh năm triệu"),
    (3_000_000_000_000, "ba nghìn tỷ"),
    (1_000_000_000_005, "một nghìn tỷ không trăm linh năm"),
    (-5, "âm năm"),
    (-2016, "âm hai nghìn không trăm mười sáu"),
]


@pytest.mark.parametrize("n, words", NUMBERS)
def test_number_to_words(n, words):
    assert number_to_words(n) == words
    assert number_to_words(n, "vi") == words


@pytest.mark.parametrize("n, words", [
    (105, "một trăm lẻ năm"),
    (1005, "một nghìn không trăm lẻ năm"),
    (2_000_001, "hai triệu không trăm lẻ một"),
    (21, "hai mươi mốt"),
])
def test_linh_word_option(n, words):
    assert number_to_words(n, options=SpokenOptions(linh_word="lẻ")) == words


def test_linh_word_option_in_text():
    assert spoken_form("105 hộ", options=SpokenOptions(linh_word="lẻ")) == "một trăm lẻ năm hộ"
    assert spoken_form("105 hộ") == "một trăm linh năm hộ"


@pytest.mark.parametrize("bad", [1.5, "12", True, None])
def test_number_to_words_needs_an_int(bad):
    with pytest.raises(TypeError):
        number_to_words(bad)


# -- options -----------------------------------------------------------------
def test_tu_is_province_committee_by_default_and_city_committee_on_option():
    text = "Kết luận số 224-KL/TU; BTV TU; Hướng dẫn 05-HD/BTGTU"
    assert spoken_form(text) == (
        "Kết luận số hai trăm hai mươi tư của Tỉnh ủy; Ban Thường vụ Tỉnh ủy; "
        "Hướng dẫn số năm của Ban Tuyên giáo Tỉnh ủy"
    )
    assert spoken_form(text, options=SpokenOptions(tu_is_city=True)) == (
        "Kết luận số hai trăm hai mươi tư của Thành ủy; Ban Thường vụ Thành ủy; "
        "Hướng dẫn số năm của Ban Tuyên giáo Thành ủy"
    )


def test_site_abbreviations_extend_correct_and_remove():
    options = SpokenOptions(abbreviations={
        "BTGDV": "Ban Tuyên giáo và Dân vận",   # new
        "CT": "Chủ tịch",                        # corrected
        "NTM": "",                               # removed
        "ĐUQS": "Đảng ủy Quân sự",               # also an issuer of document codes
    })
    assert spoken_form("BTGDV; CT UBND; NTM; 12-NQ/ĐUQS", options=options) == (
        "Ban Tuyên giáo và Dân vận; Chủ tịch Ủy ban nhân dân; NTM; "
        "Nghị quyết số mười hai của Đảng ủy Quân sự"
    )
    # the defaults are untouched by another site's options
    assert spoken_form("CT; NTM") == "Chỉ thị; nông thôn mới"


def test_abbreviations_option_accepts_a_mapping_loaded_from_yaml():
    import yaml

    loaded = yaml.safe_load("BTGDV: Ban Tuyên giáo và Dân vận\nHTX: Hợp tác xã\n")
    options = SpokenOptions(abbreviations=loaded)
    assert spoken_form("BTGDV và HTX", options=options) == "Ban Tuyên giáo và Dân vận và Hợp tác xã"


def test_website_phrase_is_configurable_or_dropped():
    text = "Xem chi tiết tại https://laichau.gov.vn/tin-tuc/nq57.html."
    assert spoken_form(text) == "Xem chi tiết trên trang thông tin điện tử của đơn vị."
    custom = SpokenOptions(website_phrase="trên Cổng thông tin điện tử của tỉnh")
    assert spoken_form(text, options=custom) == "Xem chi tiết trên Cổng thông tin điện tử của tỉnh."
    assert spoken_form(text, options=SpokenOptions(website_phrase="")) == "Xem chi tiết."
    assert spoken_form("Liên hệ: bbt@laichau.gov.vn.", options=SpokenOptions(website_phrase="")) == "Liên hệ."


def test_list_markers_dropped_or_said():
    text = "1. Mục tiêu chung\na) Tăng cường lãnh đạo\nb) Đổi mới\nII. Nhiệm vụ\ngồm: (1) tăng cường; (2) đổi mới"
    assert spoken_form(text) == "Mục tiêu chung\nTăng cường lãnh đạo\nĐổi mới\nNhiệm vụ\ngồm: tăng cường; đổi mới"
    assert spoken_form(text, options=SpokenOptions(list_markers="words")) == (
        "Thứ nhất, Mục tiêu chung\nA, Tăng cường lãnh đạo\nBê, Đổi mới\nThứ hai, Nhiệm vụ\n"
        "gồm: thứ nhất, tăng cường; thứ hai, đổi mới"
    )


@pytest.mark.parametrize("field, value", [("list_markers", "say"), ("legacy", "ignore")])
def test_options_are_validated(field, value):
    with pytest.raises(ValueError):
        SpokenOptions(**{field: value})


def test_options_are_frozen_hashable_and_copied():
    site = {"HTX": "Hợp tác xã"}
    options = SpokenOptions(abbreviations=site)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.linh_word = "lẻ"  # type: ignore[misc]
    site["HTX"] = "changed later"
    assert spoken_form("HTX", options=options) == "Hợp tác xã"
    assert hash(options) == hash(SpokenOptions(abbreviations={"HTX": "Hợp tác xã"}))
    assert options == SpokenOptions(abbreviations={"HTX": "Hợp tác xã"})


def test_language_tags_and_unknown_languages():
    assert spoken_form("21", "vi-VN") == "hai mươi mốt"
    with pytest.raises(ValueError):
        spoken_form("21", "xx")
    with pytest.raises(ValueError):
        number_to_words(21, "xx")


def test_available_languages():
    languages = available_languages()
    assert languages == sorted(languages)
    assert {"vi", "hmn"} <= set(languages)
    assert all((SPOKEN_DIR / f"{lang}.yaml").is_file() for lang in languages)


# -- a multi-line Markdown paragraph ---------------------------------------------
def test_markdown_block():
    text = (
        "## Nội dung cốt lõi\r\n"
        "- Ý thứ nhất về **khoa học** (KHCN)\r\n"
        "  - chi tiết `lồng` bên trong, năm 2025\r\n"
        "> trích _dẫn_\r\n"
        "* Đạt 95% #chỉ_tiêu"
    )
    assert spoken_form(text) == (
        "Nội dung cốt lõi\n"
        "Ý thứ nhất về khoa học, khoa học và công nghệ\n"
        "chi tiết lồng bên trong, năm hai nghìn không trăm hai mươi lăm\n"
        "trích dẫn\n"
        "Đạt chín mươi lăm phần trăm chỉ_tiêu"
    )


def test_input_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Ngày 1/7/2025, UBND tỉnh họp.")
    said = spoken_form(decomposed)
    assert said == "Ngày một tháng bảy năm hai nghìn không trăm hai mươi lăm, Ủy ban nhân dân tỉnh họp."
    assert unicodedata.is_normalized("NFC", said)


def test_tone_placement_is_kept_as_written():
    assert spoken_form("Hoà Bình, thuỷ lợi; Hòa Bình, thủy lợi") == "Hoà Bình, thuỷ lợi; Hòa Bình, thủy lợi"


# -- properties over realistic sentences -------------------------------------------
REALISTIC = [
    "Ngày 22/12/2024, Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW về đột phá phát triển KHCN, ĐMST và CĐS quốc gia.",
    "Mục tiêu đến năm 2030, kinh tế số đạt tối thiểu 30% GDP; tỷ lệ sử dụng dịch vụ công trực tuyến đạt trên 80%.",
    "Tầm nhìn đến năm 2045: Việt Nam có nền KHCN đạt trình độ tiên tiến.",
    "Dành ít nhất 3% tổng chi ngân sách hằng năm cho phát triển KHCN, ĐMST và CĐS.",
    "Thực hiện Kết luận số 224-KL/TU ngày 15/01/2025 của BTV Tỉnh ủy, UBND tỉnh ban hành Kế hoạch số 45/KH-UBND.",
    "Năm 2025, toàn tỉnh có 95/105 xã đạt chuẩn NTM, thu nhập bình quân 45,5 triệu đồng/người/năm.",
    "Tỷ lệ hộ nghèo giảm bình quân 3-4%/năm, riêng vùng đồng bào DTTS giảm trên 4%.",
    "Hội nghị lần thứ 10 BCH TW Đảng khóa XIII diễn ra từ ngày 18-20/9/2024 tại Hà Nội.",
    "Quốc hội khóa XV đã thông qua Luật Đất đai số 31/2024/QH15, có hiệu lực từ 01/8/2024.",
    "Theo Nghị định số 100/2019/NĐ-CP và Quyết định số 1719/QĐ-TTg, giai đoạn 2021 - 2030 tập trung phát triển KT-XH.",
    "Quý IV/2024, tổng vốn đầu tư đạt 1.250 tỷ đồng, tăng 12,5% so với cùng kỳ.",
    "Lúc 7h30 ngày 15/3, Đảng ủy xã tổ chức hội nghị (mở rộng) tại hội trường UBND xã.",
    "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng dự kiến họp vào quý I/2026.",
    "Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị về đại hội đảng bộ các cấp.",
    "Bảo đảm QP-AN, giữ vững ANTT trên địa bàn; diện tích rừng trồng mới 1.200 ha.",
    "Ban Thường vụ Huyện ủy ban hành Hướng dẫn số 12-HD/BTGTW và Thông báo số 5-TB/HU.",
    "Đến năm 2030, 100% trường THCS, THPT được kết nối Internet tốc độ cao.",
    "Nhiệt độ trung bình từ 18°C đến 25°C, lượng mưa 1.800 mm/năm.",
    "**Điểm mới**: lần đầu tiên Nghị quyết xác định CĐS là động lực chính (theo 57-NQ/TW).",
    "Giai đoạn 2026–2030, phấn đấu GRDP tăng 8-8,5%/năm; năm 2025–2030 là giai đoạn bứt phá.",
    "Hội nghị Trung ương 6 khóa XII đã ban hành Nghị quyết số 18-NQ/TW ngày 25/10/2017.",
    "Xem toàn văn tại https://dangcongsan.vn/nghi-quyet-57 hoặc gửi góp ý về bbt@laichau.gov.vn.",
    "Từ 1/7/2025, chính quyền địa phương 2 cấp chính thức hoạt động.",
    "Kỷ niệm 50 năm Ngày Giải phóng miền Nam 30/4 và Ngày Quốc tế Lao động 1/5.",
    "Trên 2/3 số đại biểu tán thành; 14 giờ 30 cùng ngày, Hội nghị bế mạc.",
    "MTTQ và các đoàn thể tuyên truyền sâu rộng về CNH-HĐH nông nghiệp, nông thôn.",
    "Cán bộ, đảng viên phải gương mẫu thực hiện Quy định số 08-QĐi/TW của BCH TW.",
    "Tháng 01/2018, tỉnh đạt 0,5% tăng trưởng; tháng 4 năm nay đạt 1,05 lần.",
    "Ước tính -2,5% so với kế hoạch, thiếu hụt 3.000 tỷ đồng.",
    "a) Đẩy mạnh ứng dụng CNTT trong các cơ quan HĐND, UBND các cấp.",
]

_TABLE = engine.load_table("vi")
_ABBREVIATIONS = sorted(
    set(_TABLE["abbreviations"]) | set(_TABLE["issuers"]) | set(_TABLE["document_types"]),
    key=len, reverse=True,
)


def _abbreviations_in(text: str) -> list[str]:
    return [a for a in _ABBREVIATIONS if re.search(rf"(?<![\w&]){re.escape(a)}(?![\w&])", text)]


def test_realistic_sample_uses_table_abbreviations_and_digits():
    # the sample must exercise what the properties below check
    assert sum(bool(re.search(r"\d", s)) for s in REALISTIC) >= 25
    assert sum(bool(_abbreviations_in(s)) for s in REALISTIC) >= 20


@pytest.mark.parametrize("sentence", REALISTIC)
def test_no_digit_is_left(sentence):
    assert not re.search(r"[0-9]", spoken_form(sentence))


@pytest.mark.parametrize("sentence", REALISTIC)
def test_no_table_abbreviation_is_left(sentence):
    assert _abbreviations_in(spoken_form(sentence)) == []


@pytest.mark.parametrize("sentence", REALISTIC)
def test_no_markup_parenthesis_or_address_is_left(sentence):
    said = spoken_form(sentence)
    assert not re.search(r"[()\[\]*_`#/@%]|https?:|\.vn\b", said), said


def _sentence_marks(text: str) -> list[str]:
    return re.findall(r"[.;:?!](?=\s|$)", text)


@pytest.mark.parametrize("sentence", REALISTIC)
def test_sentence_punctuation_is_kept(sentence):
    assert _sentence_marks(spoken_form(sentence)) == _sentence_marks(sentence)


@pytest.mark.parametrize("sentence", REALISTIC)
def test_output_is_nfc_and_stable(sentence):
    said = spoken_form(sentence)
    assert unicodedata.is_normalized("NFC", said)
    assert spoken_form(said) == said
    assert "  " not in said and said == said.strip()


# -- legacy encodings ----------------------------------------------------------
LEGACY = [
    ("Uû ban nh©n d©n tØnh Lai Ch©u", "nh©n"),             # TCVN3
    ("§¶ng Céng s¶n ViÖt Nam", "§¶ng"),                    # TCVN3 capitals
    ("NghÞ quyÕt cña Bé ChÝnh trÞ", "quyÕt"),               # TCVN3
    ("c«ng t¸c tuyªn truyÒn", "c«ng"),                      # TCVN3 « inside a word
    ("UÛy ban nhaân daân tænh", "nhaân"),                   # VNI
    ("Ñaûng Coäng saûn Vieät Nam", "Vieät"),                 # VNI
    ("Ban Chaáp haønh Trung öông", "Chaáp"),                 # VNI
    ("Nghò quyeát soá 57", "quyeát"),                         # VNI
    ("Viá»‡t Nam", "Viá»‡t"),                                # UTF-8 read as Windows-1252
    ("Tin mới: Uû ban nh©n d©n huyện họp.", "nh©n"),         # mixed into clean text
]


@pytest.mark.parametrize("text, offending", LEGACY)
def test_legacy_encoding_is_found(text, offending):
    snippets = find_legacy_encoding(text)
    assert snippets, text
    assert any(offending in s for s in snippets)
    assert all(s in text for s in snippets)


def test_legacy_snippet_is_the_offending_run_only():
    assert find_legacy_encoding("Tin mới: Uû ban nh©n d©n huyện họp.") == ["Uû ban nh©n d©n"]


CLEAN = [
    "Ủy ban nhân dân tỉnh Lai Châu",
    "Uỷ ban nhân dân, thuỷ lợi, Hoà Bình, khoẻ mạnh, quý, quá, tuân thủ, khuya, ngoằn ngoèo",
    "ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM, HOÀ BÌNH, QUÝ I",
    "Tsoomfwv tau tshaj tawm kev cai tshiab; nyob zoo, Hmoob",
    "Nhiệt độ 25°C, diện tích 5 m², ©2025, «Đổi mới» — “trích dẫn”…",
    "ÐẢNG bộ (typed with an eth, a look-alike, not a legacy encoding)",
    "Ông Müller thăm tỉnh",
    "Nghị quyết số 57-NQ/TW, 1.500.000 đồng, 9,5%",
    "Lào Cai, Yên Bái, Thừa Thiên Huế, Đắk Lắk, Khánh Hoà, Bà Rịa - Vũng Tàu",
    "",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_is_not_flagged(text):
    assert find_legacy_encoding(text) == []


def test_spoken_form_never_reads_legacy_text():
    text = "Tin mới: Uû ban nh©n d©n huyện họp."
    with pytest.raises(LegacyEncodingError) as caught:
        spoken_form(text)
    assert caught.value.snippets == ["Uû ban nh©n d©n"]
    assert spoken_form(text, options=SpokenOptions(legacy="drop")) == "Tin mới: huyện họp."
    assert spoken_form(text, options=SpokenOptions(legacy="keep")) == text


# -- syllables ---------------------------------------------------------------
@pytest.mark.parametrize("text, count", [
    ("Ủy ban nhân dân", 4),
    ("ki-lô-mét", 3),
    ("kinh tế - xã hội; quốc phòng – an ninh.", 8),
    ("Hà Nội, ngày 5.", 4),
    ("“Đổi mới” (thật sự)!", 4),
    ("... — !", 0),
    ("", 0),
])
def test_count_syllables(text, count):
    assert count_syllables(text) == count


def test_count_syllables_of_spoken_numbers():
    assert count_syllables(spoken_form("2016")) == 6   # hai nghìn không trăm mười sáu
    assert count_syllables(spoken_form("5 km")) == 4   # năm ki-lô-mét


# -- the engine is data-driven ---------------------------------------------------
def _vietnamese_words() -> set[str]:
    """Every word with a Vietnamese letter that the vi table makes the reader say."""
    words: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in ("rules", "macros"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            words.update(w.lower() for w in re.findall(r"[^\W\d_]+", value) if not w.isascii())

    walk(dict(engine.load_table("vi")))
    return words


_VOCABULARY = _vietnamese_words()


def _non_docstring_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def _table_words_in(path: Path) -> list[str]:
    return [
        word for literal in _non_docstring_strings(path)
        for word in re.findall(r"[^\W\d_]+", literal) if word.lower() in _VOCABULARY
    ]


@pytest.mark.parametrize("module", sorted(p.name for p in SPOKEN_DIR.glob("*.py")))
def test_engine_code_holds_no_vietnamese_words(module):
    # the words are in vi.yaml; code (outside docstrings) must not say any of them
    assert _non_docstring_strings(SPOKEN_DIR / module), module  # the scan sees the module's literals
    assert _table_words_in(SPOKEN_DIR / module) == []


def test_the_scan_would_see_a_vietnamese_literal(tmp_path):
    assert {"tháng", "phẩy", "mươi", "nghìn", "ủy"} <= _VOCABULARY
    sample = tmp_path / "sample.py"
    sample.write_text('"""Docstring: tháng tư."""\nWORD = "tháng"\nOTHER = f"{1} phẩy"\n', encoding="utf-8")
    assert _table_words_in(sample) == ["tháng", "phẩy"]


def test_rules_run_in_table_order():
    names = [rule["name"] for rule in _TABLE["rules"]]
    assert len(names) == len(set(names))
    order = [names.index(n) for n in ("url", "document_code", "ordinal", "date", "time_hm", "range", "number",
                                      "any_digits", "abbreviation")]
    assert order == sorted(order)


def test_correcting_the_table_changes_what_is_said(monkeypatch):
    table = copy.deepcopy(dict(engine.load_table("vi")))
    table["months"][1] = "giêng"
    table["abbreviations"]["XYZ"] = "Xã Yên Zang"
    table["numbers"]["units_after_tens"]["default"][4] = "bốn"
    monkeypatch.setattr(engine, "load_table", lambda lang: table)
    # compiled anew, not the rules compiled from the packaged table
    monkeypatch.setattr(engine, "ruleset", lambda lang, options: engine.compile_ruleset(lang, options))
    assert spoken_form("tháng 1, XYZ, 24") == "tháng giêng, Xã Yên Zang, hai mươi bốn"
    monkeypatch.undo()
    assert spoken_form("tháng 1, XYZ, 24") == "tháng một, XYZ, hai mươi tư"


@pytest.mark.parametrize("lang", ["vi", "hmn"])
def test_every_rule_compiles_with_a_known_handler(lang):
    rs = engine.ruleset(lang, SpokenOptions())
    assert len(rs.rules) == len(engine.load_table(lang)["rules"])
    assert all(rule.regex.pattern and callable(rule.handler) for rule in rs.rules)


# -- QA findings: list markers inside a paragraph, e-mail addresses, footnotes, legacy lines -----
@pytest.mark.parametrize("written, said", [
    ("Nghị quyết gồm 4 phần: I. Tình hình và nguyên nhân; II. Quan điểm; III. Mục tiêu, tầm nhìn; "
     "IV. Nhiệm vụ, giải pháp chủ yếu.",
     "Nghị quyết gồm bốn phần: Tình hình và nguyên nhân; Quan điểm; Mục tiêu, tầm nhìn; Nhiệm vụ, giải pháp chủ yếu."),
    ("a) thứ nhất; b) thứ hai; 1. mục một; I. Phần một.", "thứ nhất; thứ hai; mục một; Phần một."),
    ("gồm: a) trồng chè, b) trồng mắc ca, c) nuôi bò.", "gồm: trồng chè, trồng mắc ca, nuôi bò."),
    # not markers: a number ending a clause, a Roman numeral in its context
    ("Hội nghị Trung ương 6 khóa XIII; Đại hội XIII.", "Hội nghị Trung ương sáu khóa mười ba; Đại hội mười ba."),
    ("Tăng 5%; 2.500 hộ thoát nghèo.", "Tăng năm phần trăm; hai nghìn năm trăm hộ thoát nghèo."),
])
def test_list_markers_inside_a_paragraph_are_dropped(written, said):
    assert spoken_form(written) == said


def test_list_markers_inside_a_paragraph_are_said_like_line_start_ones():
    words = SpokenOptions(list_markers="words")
    assert spoken_form("gồm 2 phần: I. Quan điểm; II. Mục tiêu.", options=words) == (
        "gồm hai phần: thứ nhất, Quan điểm; thứ hai, Mục tiêu.")
    assert spoken_form("a) thứ nhất; b) thứ hai", options=words) == "A, thứ nhất; bê, thứ hai"


@pytest.mark.parametrize("written, said", [
    ("Liên hệ ttvh.tuachua@dienbien.gov.vn hoặc https://tuachua.dienbien.gov.vn để biết thêm.",
     "Liên hệ địa chỉ thư điện tử của đơn vị hoặc trên trang thông tin điện tử của đơn vị để biết thêm."),
    ("Xem tại https://a.gov.vn/x hoặc tại www.b.vn.", "Xem trên trang thông tin điện tử của đơn vị."),
    ("Góp ý gửi a@x.vn, b@x.vn.", "Góp ý gửi địa chỉ thư điện tử của đơn vị."),
    ("Email: bbt@laichau.gov.vn.", "Email: địa chỉ thư điện tử của đơn vị."),
])
def test_email_is_not_the_website_and_no_phrase_is_said_twice(written, said):
    assert spoken_form(written) == said
    words = said.split()
    assert not any(words[i:i + 4] == words[i + 5:i + 9] for i in range(len(words)))


def test_footnote_marks_and_notes_are_not_read():
    text = "Bảo tồn khèn Mông[^khen] và lễ hội[^2].\n\n[^khen]: Di sản văn hóa phi vật thể quốc gia năm 2019."
    said = spoken_form(text)
    assert said.split("\n")[0] == "Bảo tồn khèn Mông và lễ hội."
    assert "Di sản" not in said and not re.search(r"một|hai nghìn", said)


def test_legacy_error_names_the_lines():
    with pytest.raises(LegacyEncodingError) as caught:
        spoken_form("Dòng một sạch.\nDòng hai sạch.\nUû ban nh©n d©n tØnh\nDòng bốn.\nNghò quyeát soá 57")
    assert caught.value.lines == [3, 5]


def test_language_without_a_table_gets_plain_clean_up_only():
    from generator.spoken import NoTableError, has_table, plain_form
    assert has_table("vi") and has_table("hmn-Latn-VN") and not has_table("en") and not has_table("thai")
    with pytest.raises(NoTableError) as caught:
        spoken_form("21", "en")
    assert caught.value.lang == "en" and "vi" in caught.value.available
    text = "## Part 2\n- **Up** 25% https://x.gov.vn, mail a@x.vn; note[^1]\n1. First item: a) one; b) two\n\n[^1]: Note."
    assert plain_form(text).rstrip("\n") == "Part 2\nUp 25%, mail; note\nFirst item: one; two"
