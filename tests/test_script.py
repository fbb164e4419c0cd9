"""Loudspeaker scripts: spoken form, reading time, parts that fit the slot."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.loudspeaker.settings import LoudspeakerSettings, loudspeaker_settings
from generator.load import load_site
from generator.loudspeaker.script import compose, reading_seconds, split_sentences
from generator.spoken import count_syllables

from conftest import EXAMPLE_CONTENT, make_site, write

ABBREVIATIONS = ("UBND", "HĐND", "MTTQ", "BCH", "BTV", "BCT", "NQ", "KT-XH", "TW", "QP-AN")

LONG_VI = """\
---
title: Kết luận số 224-KL/TU ngày 5/3/2025 của BTV Tỉnh ủy về phát triển KT-XH
summary: Tóm tắt.
---

Ngày 5/3/2025, BTV Tỉnh ủy ban hành Kết luận số 224-KL/TU (xem https://laichau.gov.vn).

## Nội dung cốt lõi
{points}

## Điểm mới
- Tăng trưởng GRDP đạt 9,5%/năm giai đoạn 2021–2025.
- Thu nhập bình quân đạt 1.500.000 đồng/tháng vào năm 2030.

## Liên hệ vận dụng tại địa phương
- UBND xã phối hợp với MTTQ và HĐND xã triển khai **đến 100%** thôn, bản.
  - a) Tổ chức 12 buổi tuyên truyền;
  - b) Khóa XIII, Đại hội XIV.
"""


def script_for(tmp_path: Path, points: int, slot: float | None = None):
    body = "\n".join(f"- Ý thứ {i}: phát triển nông nghiệp hàng hóa, trồng 250 ha chè, 15 km đường giao thông nông thôn." for i in range(1, points + 1))
    content = make_site(tmp_path, {"kl-224": {
        "resolution.yaml": "code: 224-KL/TU\nkind: ket-luan\nlevel: tinh\nissuer: Tỉnh ủy Lai Châu\nissued: 2025-03-05\n",
        "vi.md": LONG_VI.format(points=body)}})
    site, problems = load_site(content)
    assert site is not None, problems
    settings = loudspeaker_settings(site.config)
    if slot is not None:
        settings = LoudspeakerSettings(slot_minutes=slot)
    return compose(site.resolutions[0], "vi", settings, "vi", lambda s: s), settings


def test_script_is_in_spoken_form(tmp_path: Path) -> None:
    script, _ = script_for(tmp_path, 3)
    text = "\n".join(s for p in script.parts for s in p.sentences)
    assert not re.search(r"\d", text), text
    for abbreviation in ABBREVIATIONS:
        assert not re.search(rf"\b{re.escape(abbreviation)}\b", text), abbreviation
    assert not re.search(r"https?:|www\.|\*\*|__|`|\(|\)|^\s*[-*+] ", text, re.M)
    assert "hai trăm hai mươi tư" in text and "Ban Thường vụ" in text
    assert text.startswith("Kính thưa bà con nhân dân!")


def test_reading_time_matches_syllables_and_rate(tmp_path: Path) -> None:
    script, settings = script_for(tmp_path, 5)
    sentences = [s for p in script.parts for s in p.sentences]
    syllables = sum(count_syllables(s) for s in sentences)
    plain = syllables * 60 / settings.rate
    assert plain <= script.seconds <= plain * 1.10 + settings.pause * len(sentences)
    assert script.seconds == pytest.approx(reading_seconds(sentences, settings))


def test_long_script_is_cut_into_parts_that_fit(tmp_path: Path) -> None:
    script, settings = script_for(tmp_path, 60, slot=2)
    assert len(script.parts) >= 3
    for part in script.parts:
        assert part.seconds <= settings.slot_seconds
        assert part.total == len(script.parts)
        assert f"Phần {['một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'][part.number - 1]} trên" in part.text
    # nothing lost: every point's sentence appears in some part
    joined = " ".join(p.text for p in script.parts)
    assert joined.count("phát triển nông nghiệp hàng hóa") == 60


def test_short_script_is_one_part(tmp_path: Path) -> None:
    script, settings = script_for(tmp_path, 2)
    assert len(script.parts) == 1 and script.seconds <= settings.slot_seconds


def test_split_sentences() -> None:
    assert split_sentences("Một; hai. ba\nbốn") == ["Một.", "Hai.", "Ba.", "Bốn."]



def test_a_quotation_that_ends_its_sentence_gets_no_second_full_stop() -> None:
    # Once: «… nông thôn mới.".» and the next sentence read on in the same breath.
    assert split_sentences('Quy định: "Người đứng đầu chịu trách nhiệm." Thời hạn rà soát') == \
        ['Quy định: "Người đứng đầu chịu trách nhiệm."', "Thời hạn rà soát."]
    assert split_sentences("Bác dạy: “Đoàn kết, đoàn kết.”") == ["Bác dạy: “Đoàn kết, đoàn kết.”"]
    assert split_sentences('Khẩu hiệu "dân biết, dân làm"') == ['Khẩu hiệu "dân biết, dân làm".']


def test_a_sentence_going_on_after_a_quotation_is_not_cut_and_a_quoted_semicolon_ends_like_a_bare_one() -> None:
    assert split_sentences('Anh nói: "Được." và đi tiếp') == ['Anh nói: "Được." và đi tiếp.']
    assert split_sentences('"Dân bàn;" Rất hay') == ['"Dân bàn."', "Rất hay."]
    assert split_sentences('Khẩu hiệu «Dân bàn;» rất hay') == ['Khẩu hiệu «Dân bàn;» rất hay.']


def test_editor_override_gets_the_same_treatment(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    write(content / "resolutions" / "nq-57" / "vi.loa.txt", "Bà con chú ý: ngày 22/12/2024 BCT ban hành NQ 57.\n\nHết.")
    site, _ = load_site(content)
    res = site.resolution("nq-57")
    script = compose(res, "vi", loudspeaker_settings(site.config), "vi", lambda s: s, override=res.scripts["vi"])
    text = " ".join(p.text for p in script.parts)
    assert "ngày hai mươi hai tháng mười hai" in text and "Bộ Chính trị" in text and "Hết." in text


@pytest.mark.skipif(not (EXAMPLE_CONTENT / "site.yaml").is_file(), reason="no example content")
def test_example_scripts_have_no_digits_abbreviations_or_markup() -> None:
    """Content nobody wrote for this test: every Vietnamese script reads as words only."""
    import yaml
    from generator.spoken.engine import table_dir
    table = yaml.safe_load((table_dir() / "vi.yaml").read_text(encoding="utf-8"))
    abbreviations = [a for a in table["abbreviations"] if re.fullmatch(r"[A-ZĐ][A-ZĐ-]+", a)]
    site, problems = load_site(EXAMPLE_CONTENT)
    assert site is not None, problems
    settings = loudspeaker_settings(site.config)
    checked = 0
    for res in site.resolutions:
        script = compose(res, "vi", settings, "vi", lambda s: s)
        for part in script.parts:
            text = part.text
            assert not re.search(r"\d", text), (res.slug, re.findall(r".{20}\d.{20}", text)[:3])
            assert not re.search(r"[*_#`\[\]()<>]|https?:|www\.", text), (res.slug, text[:200])
            for abbreviation in abbreviations:
                assert not re.search(rf"(?<![\w-]){re.escape(abbreviation)}(?![\w-])", text), (res.slug, abbreviation)
            assert part.seconds <= settings.slot_seconds
            checked += 1
    assert checked >= len(site.resolutions)


# -- QA findings ---------------------------------------------------------------------------
SITE_WITH_EN = """\
title: Tài liệu
organisation: Trung tâm Văn hóa huyện Tủa Chùa
base_url: https://example.gov.vn/tt/
default_language: vi
languages:
  vi: {name: Tiếng Việt}
  en:
    name: English
    sections: {key_points: Key points, new_points: What is new, local_application: Applying it locally}
broadcast:
  opening: {vi: "Kính thưa bà con Nhân dân xã Sín Chải!"}
  closing: {vi: "Đài truyền thanh xã Sín Chải vừa phát bài tuyên truyền. Cảm ơn bà con đã lắng nghe."}
"""

VI_WITH_NOTES = """\
---
title: Nghị quyết số 03-NQ/ĐU về du lịch
summary: Tóm tắt.
---

Nghị quyết gồm 4 phần: I. Tình hình và nguyên nhân; II. Quan điểm; III. Mục tiêu; IV. Nhiệm vụ.

## Nội dung cốt lõi
- Bảo tồn lễ hội Gầu Tào và khèn Mông[^khen].
- Liên hệ ttvh@dienbien.gov.vn hoặc https://tuachua.dienbien.gov.vn.

## Điểm mới
- Lần đầu tiên xã có nghị quyết chuyên đề.

## Liên hệ vận dụng tại địa phương
- Mỗi bản thành lập 01 tổ du lịch.

[^khen]: Nghệ thuật khèn Mông là Di sản văn hóa phi vật thể quốc gia năm 2019.
"""

EN_SUMMARY = """\
---
title: Resolution No. 03-NQ/ĐU on community tourism
summary: Short.
---

The commune has 9 villages and 1,046 households[^1]; see https://tuachua.dienbien.gov.vn.

## Key points
- **Two** model villages by 2030: a) Sín Chải; b) Tìa Ghềnh.

## What is new
1. First resolution on tourism.

## Applying it locally
- Train 50 guides in 2024.

[^1]: Census of 2023.
"""


def _qa_site(tmp_path: Path, override: str | None = None):
    files = {"resolution.yaml": "code: 03-NQ/ĐU\nkind: nghi-quyet\nlevel: xa\nissuer: Đảng ủy xã\nissued: 2024-01-12\n",
             "vi.md": VI_WITH_NOTES, "en.md": EN_SUMMARY}
    if override is not None:
        files["vi.loa.txt"] = override
    content = make_site(tmp_path, {"nq-03": files}, site_yaml=SITE_WITH_EN)
    site, problems = load_site(content)
    assert site is not None, problems
    return site.resolution("nq-03"), loudspeaker_settings(site.config)


def _sentences(script) -> list[str]:
    return [s for part in script.parts for s in part.sentences]


def test_language_without_a_spoken_table_gets_a_plain_script(tmp_path: Path) -> None:
    res, settings = _qa_site(tmp_path)
    script = compose(res, "en", settings, "vi", lambda s: s)
    text = "\n".join(_sentences(script))
    assert "The commune has 9 villages and 1,046 households." in text     # digits as written, no mark
    assert "Resolution No. 03-NQ/ĐU on community tourism." in text.split("\n")
    assert "Census" not in text and "https" not in text and "[^" not in text
    assert "Two model villages by 2030: Sín Chải." in text and "Tìa Ghềnh." in text
    assert "First resolution on tourism." in text and "Part one: Key points." in text
    assert not re.search(r"[*_#`\[\]()]|^\s*(?:[-*+]|\d+\.|[a-z]\))\s", text, re.M)


def test_footnotes_and_inline_list_markers_are_not_read(tmp_path: Path) -> None:
    res, settings = _qa_site(tmp_path)
    sentences = _sentences(compose(res, "vi", settings, "vi", lambda s: s))
    text = " ".join(sentences)
    assert "Bảo tồn lễ hội Gầu Tào và khèn Mông." in sentences
    assert "Di sản" not in text
    assert "Nghị quyết gồm bốn phần: Tình hình và nguyên nhân." in sentences
    assert not [s for s in sentences if re.fullmatch(r"[IVX]+\.|[A-Z]\.", s)], sentences
    assert "Liên hệ địa chỉ thư điện tử của đơn vị hoặc trên trang thông tin điện tử của đơn vị." in sentences


def test_override_with_its_own_greeting_does_not_get_the_site_opening(tmp_path: Path) -> None:
    own = "Kính thưa bà con!\nNghị quyết 03-NQ/ĐU đặt mục tiêu đón 10.000 lượt khách.\n\nBà con liên hệ UBND xã."
    res, settings = _qa_site(tmp_path, override=own)
    sentences = _sentences(compose(res, "vi", settings, "vi", lambda s: s, override=res.scripts["vi"]))
    assert sentences[0] == "Kính thưa bà con!"
    assert not any("Sín Chải!" in s for s in sentences)                     # the site opening is not added
    assert sentences[-1] == "Cảm ơn bà con đã lắng nghe."                     # the closing still is


def test_override_without_greeting_is_framed_by_the_site(tmp_path: Path) -> None:
    own = "Bà con chú ý: Nghị quyết 03-NQ/ĐU đặt mục tiêu mới.\n\nCảm ơn bà con đã theo dõi!"
    res, settings = _qa_site(tmp_path, override=own)
    sentences = _sentences(compose(res, "vi", settings, "vi", lambda s: s, override=res.scripts["vi"]))
    assert sentences[0] == "Kính thưa bà con Nhân dân xã Sín Chải!"
    assert sentences[-1] == "Cảm ơn bà con đã theo dõi!"                      # its own closing words
    assert not any(s.startswith("Đài truyền thanh") for s in sentences)
