"""Translation staleness: segments, the source record, `translations`, `check` and the page notice."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load_site
from generator.content.sections import DEFAULT_LABELS
from generator.pipeline import build
from generator.translations.segments import parse_document, text_hash

from conftest import SITE_YAML, SUMMARY_VI, Page, make_site, standard_resolution, write

# A Hmong translation with the Vietnamese structure (lead, two key points, …).
SUMMARY_HMN_FULL = """\
---
title: Nghị quyết 57-NQ/TW (Hmoob)
summary: Lus luv.
---

Lus qhia ua ntej.

## Cov ntsiab lus tseem ceeb
- Ntsiab lus ib txog **kev tshawb fawb**
  - ntsiab lus me
- Ntsiab lus ob

## Cov ntsiab lus tshiab
- Ntsiab lus tshiab ib

## Kev siv hauv zos
- Xã Bản Bo ua
"""


def full_site(tmp_path: Path) -> Path:
    files = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học")
    files["hmn.md"] = SUMMARY_HMN_FULL
    return make_site(tmp_path, {"nq-57": files,
                                "ct-05": standard_resolution("05-CT/TW", "2016-05-15", "Chỉ thị 05")})


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def status_json(content: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert main(["translations", "--content", str(content), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def entry(data: dict, slug: str, lang: str = "hmn") -> dict:
    return next(t for t in data["translations"] if t["slug"] == slug and t["lang"] == lang)


# ---------------------------------------------------------------- segments

def test_segments_ids_texts_and_hash_ignore_wrapping() -> None:
    doc = parse_document(SUMMARY_VI.format(title="Tiêu đề") + "\n## Ý kiến khác {#y-kien}\nMột đoạn.\n",
                         DEFAULT_LABELS)
    assert [s.id for s in doc.segments] == ["title", "summary", "lead/1", "key_points/1", "key_points/2",
                                            "new_points/1", "local_application/1", "section/y-kien"]
    assert doc.get("key_points/1").text == "Ý thứ nhất về **khoa học**\n- chi tiết lồng bên trong"
    assert doc.get("key_points/1").line == 9
    assert doc.get("section/y-kien").text == "## Ý kiến khác {#y-kien}\nMột đoạn."
    assert text_hash("Ý thứ  hai\n") == text_hash("Ý thứ hai") != text_hash("Ý thứ ba")
    # NFD input hashes like NFC
    assert text_hash("Ý thứ hai".encode().decode()) == text_hash(__import__("unicodedata").normalize("NFD", "Ý thứ hai"))


# ---------------------------------------------------------------- status

def test_unreviewed_and_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path)
    data = status_json(content, capsys)
    assert entry(data, "nq-57")["status"] == "unreviewed"
    assert entry(data, "ct-05")["status"] == "missing"
    site, problems = load_site(content)
    assert problems == []          # an unreviewed translation is published normally, no warning
    assert site.resolution("nq-57").summaries["hmn"].translation_status == "unreviewed"


def test_one_changed_point_is_reported_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_site(tmp_path)
    assert main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)]) == 0
    record = content / "resolutions" / "nq-57" / "hmn.source.yaml"
    assert record.is_file()
    assert entry(status_json(content, capsys), "nq-57")["status"] == "current"

    edit(content / "resolutions" / "nq-57" / "vi.md", "- Ý thứ hai\n", "- Ý thứ hai, bổ sung chuyển đổi số\n")
    data = entry(status_json(content, capsys), "nq-57")
    assert data["status"] == "outdated"
    assert data["changes"] == [{"id": "key_points/2", "change": "changed", "section": "Nội dung cốt lõi",
                                "line": 11, "before": "Ý thứ hai", "after": "Ý thứ hai, bổ sung chuyển đổi số"}]

    assert main(["translations", "--content", str(content)]) == 0
    text = capsys.readouterr().out
    assert "nq-57 [hmn]: đã lỗi thời" in text
    assert "đã sửa: key_points/2 (Nội dung cốt lõi)" in text
    assert "trước: Ý thứ hai\n" in text and "sau:   Ý thứ hai, bổ sung chuyển đổi số" in text
    assert "key_points/1" not in text and "new_points" not in text

    _, problems = load_site(content)
    outdated = [p for p in problems if p.code == "translation-outdated"]
    assert len(outdated) == 1 and outdated[0].path.name == "hmn.md" and not outdated[0].is_error
    assert "key_points/2" in outdated[0].message()
    assert main(["check", "--content", str(content)]) == 0      # a warning, not an error

    assert main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)]) == 0
    assert entry(status_json(content, capsys), "nq-57")["status"] == "current"
    assert load_site(content)[1] == []


def test_inserted_and_removed_points(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_site(tmp_path)
    main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)])
    vi = content / "resolutions" / "nq-57" / "vi.md"
    edit(vi, "- Ý thứ hai\n", "- Ý chen giữa\n- Ý thứ hai\n")
    changes = entry(status_json(content, capsys), "nq-57")["changes"]
    assert [(c["id"], c["change"], c["before"], c["after"]) for c in changes] == [
        ("key_points/2", "added", None, "Ý chen giữa")]
    edit(vi, "- Ý chen giữa\n- Ý thứ hai\n", "")
    changes = entry(status_json(content, capsys), "nq-57")["changes"]
    assert [(c["id"], c["change"], c["before"], c["after"]) for c in changes] == [
        ("key_points/2", "removed", "Ý thứ hai", None)]


def test_json_lists_missing_glossary_terms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_site(tmp_path)
    write(content / "glossary.yaml", "terms:\n  - vi: Nghị quyết\n    hmn: Nghị quyết\n  - vi: chuyển đổi số\n")
    data = status_json(content, capsys)
    assert data["glossary"]["missing"] == {"hmn": ["chuyển đổi số"]}
    main(["translations", "--content", str(content)])
    assert "Thuật ngữ chưa có bản dịch tiếng 'hmn' (1): chuyển đổi số" in capsys.readouterr().out


def reviewed(tmp_path: Path) -> tuple[Path, Path]:
    """The full site with nq-57's Hmong marked reviewed: the content folder and the record."""
    content = full_site(tmp_path)
    assert main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)]) == 0
    return content, content / "resolutions" / "nq-57" / "hmn.source.yaml"


def test_damaged_or_orphan_record_is_reported_and_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, record = reviewed(tmp_path)
    edit(record, "text: Ý thứ hai", "text: Ý thứ hai (sửa tay)")
    _, problems = load_site(content)
    invalid = [p for p in problems if p.code == "translation-record-invalid"]
    assert len(invalid) == 1 and invalid[0].path == record and invalid[0].line > 4
    assert entry(status_json(content, capsys), "nq-57")["status"] == "unreviewed"
    write(content / "resolutions" / "ct-05" / "hmn.source.yaml", "segments: []\n")
    assert any(p.code == "translation-record-orphan" for p in load_site(content)[1])


def test_translations_status_says_the_record_is_damaged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`translations` shows a hand-edited record as unreviewed: it must say why, naming the file."""
    content, record = reviewed(tmp_path)
    edit(record, "text: Ý thứ hai", "text: Ý thứ hai (sửa tay)")
    capsys.readouterr()
    assert main(["translations", "--language", "hmn", "--content", str(content)]) == 0
    out, err = capsys.readouterr()
    assert "nq-57 [hmn]: chưa đối chiếu" in out
    assert str(record) in err and "bị hỏng hoặc đã bị sửa tay" in err


def test_warnings_of_reading_a_record_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A control character (pasted by hand into the header comment) is left out with a warning
    naming the record and its line; the record itself still holds."""
    content, record = reviewed(tmp_path)
    edit(record, "# Written by tuyentruyen", "# Written\x07 by tuyentruyen")
    _, problems = load_site(content)
    found = [p for p in problems if p.code == "control-character"]
    assert len(found) == 1 and found[0].path == record and found[0].line == 3 and not found[0].is_error
    assert entry(status_json(content, capsys), "nq-57")["status"] == "current"


def test_mark_reviewed_refuses_unknown_language_or_missing_translation(site_dir: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translations", "mark-reviewed", "ct-05", "hmn", "--content", str(site_dir)]) == 1
    assert "chưa có bản dịch hmn.md" in capsys.readouterr().err
    assert main(["translations", "mark-reviewed", "nq-57", "fr", "--content", str(site_dir)]) == 1
    assert main(["translations", "mark-reviewed", "khong-co", "hmn", "--content", str(site_dir)]) == 1


# ---------------------------------------------------------------- the page

def test_outdated_page_shows_notice(tmp_path: Path) -> None:
    content = full_site(tmp_path)
    main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)])
    output = tmp_path / "out"
    build(content, output)
    assert not Page(output / "hmn" / "nq-57" / "index.html").has_class("p", "notice-outdated")

    edit(content / "resolutions" / "nq-57" / "vi.md", "- Ý thứ hai\n", "- Ý thứ hai đã sửa\n")
    build(content, output)
    page = Page(output / "hmn" / "nq-57" / "index.html")
    assert page.has_class("p", "notice-outdated")
    assert "tej zaum tseem tsis tau hloov tshiab" in page.text          # the notice, in Hmong
    assert ("a", "href", "../../nq-57/index.html") in page.links
    assert "Ntsiab lus ob" in page.text                      # still published
    assert not Page(output / "nq-57" / "index.html").has_class("p", "notice-outdated")

    write(content / "site.yaml", SITE_YAML + "outdated_notice:\n  hmn: Tsab txhais no tseem tsis tau hloov tshiab.\n")
    build(content, output)
    page = Page(output / "hmn" / "nq-57" / "index.html")
    assert "Tsab txhais no tseem tsis tau hloov tshiab." in page.text
    assert "có thể chưa cập nhật" not in page.text


def test_bad_outdated_notice_setting_is_an_error(tmp_path: Path) -> None:
    content = make_site(tmp_path, site_yaml=SITE_YAML + "outdated_notice: [1, 2]\n")
    site, problems = load_site(content)
    assert site is None
    assert [(p.path.name, p.line, p.code) for p in problems if p.is_error] == [("site.yaml", 14, "config-bad-value")]


def test_thuat_ngu_is_reserved(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"thuat-ngu": standard_resolution("1-NQ/TW", "2024-01-01", "X")})
    _, problems = load_site(content)
    assert any(p.code == "reserved-slug" for p in problems)


# ---------------------------------------------------------------- segments the translation does not have

VI_WITH_EXTRA = SUMMARY_VI.format(title="Nghị quyết số 57-NQ/TW về khoa học") + """
## Bảng chỉ tiêu chính
| Chỉ tiêu | 2025 |
| --- | --- |
| Hộ nghèo | 4–5% |
"""


def test_untranslated_segments_are_not_reported_as_vietnamese_changes(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """QA 10: a lead and an extra section the translator left out, right after mark-reviewed."""
    files = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học")
    files["vi.md"] = VI_WITH_EXTRA
    files["hmn.md"] = SUMMARY_HMN_FULL.replace("Lus qhia ua ntej.\n\n", "")
    content = make_site(tmp_path, {"nq-57": files})
    vi = content / "resolutions" / "nq-57" / "vi.md"
    assert main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)]) == 0

    data = entry(status_json(content, capsys), "nq-57")
    assert data["status"] == "current" and data["changes"] == []
    assert [u["id"] for u in data["untranslated"]] == ["lead/1", "section/bang-chi-tieu-chinh"]
    assert main(["translations", "--content", str(content)]) == 0
    text = capsys.readouterr().out
    assert "nq-57 [hmn]: đã cập nhật" in text and "đã lỗi thời" not in text and "thêm mới" not in text
    assert "chưa dịch (2): lead/1, section/bang-chi-tieu-chinh (Bảng chỉ tiêu chính)" in text
    assert not [p for p in load_site(content)[1] if p.code == "translation-outdated"]
    output = tmp_path / "out"
    build(content, output)
    assert not Page(output / "hmn" / "nq-57" / "index.html").has_class("p", "notice-outdated")

    # editing what was left untranslated is still not a change of what was translated
    edit(vi, "Đoạn mở đầu.", "Đoạn mở đầu, viết lại.")
    edit(vi, "| Hộ nghèo | 4–5% |", "| Hộ nghèo | 3–4% |")
    data = entry(status_json(content, capsys), "nq-57")
    assert data["status"] == "current" and len(data["untranslated"]) == 2

    # a real change counts alone; a point added to the Vietnamese is a change too
    edit(vi, "- Ý thứ hai\n", "- Ý thứ hai đã sửa\n- Ý thứ ba mới\n")
    data = entry(status_json(content, capsys), "nq-57")
    assert data["status"] == "outdated"
    assert [(c["id"], c["change"]) for c in data["changes"]] == [("key_points/2", "changed"), ("key_points/3", "added")]
    outdated = [p for p in load_site(content)[1] if p.code == "translation-outdated"]
    assert len(outdated) == 1 and outdated[0].params["count"] == 2
    build(content, output)
    assert Page(output / "hmn" / "nq-57" / "index.html").has_class("p", "notice-outdated")


def test_mark_reviewed_names_an_unknown_resolution_plainly(site_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """QA 23: no '(đoạn nq-99)' after the slug."""
    assert main(["translations", "mark-reviewed", "nq-99", "hmn", "--content", str(site_dir)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("Không có văn bản 'nq-99'") and "đoạn" not in err


def test_json_output_into_a_closed_pipe_ends_quietly(site_dir: Path) -> None:
    """QA 14: `translations --format json | head -1` must not end in a BrokenPipeError traceback."""
    import subprocess
    import sys
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "translations", "--format", "json",
                                "--content", str(site_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=Path(__file__).resolve().parents[1])
    process.stdout.close()            # the reader is gone before the first line is written
    err = process.stderr.read().decode("utf-8", "replace")
    process.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
