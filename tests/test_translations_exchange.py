"""Hand-off to translators: `translations export` (.po, .csv) and `translations import`."""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from generator.cli import main
from generator.load import load_site

from conftest import write
from test_translations import SUMMARY_HMN_FULL, edit, entry, full_site, status_json

HMN = Path("resolutions") / "nq-57" / "hmn.md"


def export(content: Path, folder: Path) -> tuple[Path, Path]:
    assert main(["translations", "export", "--lang", "hmn", "--to", str(folder), "--content", str(content)]) == 0
    return folder / "hmn.po", folder / "hmn.csv"


def outdated_site(tmp_path: Path) -> Path:
    """The full site with its Hmong translation of nq-57 reviewed, then the Vietnamese point 2 changed."""
    content = full_site(tmp_path)
    main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)])
    edit(content / "resolutions" / "nq-57" / "vi.md", "- Ý thứ hai\n", "- Ý thứ hai đã sửa\n")
    return content


def po_messages(path: Path) -> dict[str, object]:
    with path.open("rb") as handle:
        return {m.context: m for m in read_po(handle) if m.id}


def edit_po(source: Path, target: Path, strings: dict[str, str]) -> None:
    with source.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.context in strings:
            message.string = strings[message.context]
            message.flags.discard("fuzzy")
    with target.open("wb") as handle:
        write_po(handle, catalog, width=0)


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> None:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


# ---------------------------------------------------------------- export

def test_export_po_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_site(tmp_path)
    write(content / "glossary.yaml", "terms:\n  - vi: Nghị quyết\n    hmn: Nghị quyết\n  - vi: khoa học\n")
    main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)])
    edit(content / "resolutions" / "nq-57" / "vi.md", "- Ý thứ hai\n", "- Ý thứ hai đã sửa\n")
    po, csv_path = export(content, tmp_path / "ex")

    messages = po_messages(po)
    assert set(messages) >= {"nq-57/title", "nq-57/summary", "nq-57/lead/1", "nq-57/key_points/1",
                             "nq-57/key_points/2", "nq-57/new_points/1", "ct-05/title", "ct-05/key_points/2"}
    title = messages["nq-57/title"]
    assert title.id == "Nghị quyết số 57-NQ/TW về khoa học" and title.string == "Nghị quyết 57-NQ/TW (Hmoob)"
    assert "trạng thái / status: current" in title.user_comments
    assert any("Nghị quyết = Nghị quyết" in c for c in title.user_comments)
    assert any("khoa học = ?" in c for c in title.user_comments)
    point = messages["nq-57/key_points/1"]
    assert point.id == "Ý thứ nhất về **khoa học**\n- chi tiết lồng bên trong"
    assert point.string == "Ntsiab lus ib txog **kev tshawb fawb**\n- ntsiab lus me"
    changed = messages["nq-57/key_points/2"]
    assert changed.fuzzy and changed.string == "Ntsiab lus ob"
    assert "trạng thái / status: outdated" in changed.user_comments
    assert '#| msgid "Ý thứ hai"' in po.read_text(encoding="utf-8")
    assert messages["ct-05/title"].string == "" and "trạng thái / status: missing" in messages["ct-05/title"].user_comments

    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and raw.count(b"\r\n") == raw.count(b"\n") - \
        sum(r["source"].count("\n") + r["translation"].count("\n") + r["previous_source"].count("\n")
            for r in csv_rows(csv_path))
    rows = {r["id"]: r for r in csv_rows(csv_path)}
    assert list(csv_rows(csv_path)[0]) == ["id", "lang", "status", "source", "translation", "previous_source",
                                           "glossary", "source_hash", "translation_hash"]
    assert rows["nq-57/key_points/2"]["status"] == "outdated"
    assert rows["nq-57/key_points/2"]["source"] == "Ý thứ hai đã sửa"
    assert rows["nq-57/key_points/2"]["previous_source"] == "Ý thứ hai"
    assert rows["nq-57/key_points/1"]["translation"] == "Ntsiab lus ib txog **kev tshawb fawb**\n- ntsiab lus me"
    assert rows["ct-05/summary"]["status"] == "missing" and rows["ct-05/summary"]["lang"] == "hmn"


# ---------------------------------------------------------------- import

def test_import_po_changes_exactly_the_edited_points(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_site(tmp_path)
    hmn = content / HMN
    before = hmn.read_bytes()
    po, _ = export(content, tmp_path / "ex")
    edit_po(po, tmp_path / "filled.po", {"nq-57/key_points/2": "Ntsiab lus ob, kho dua",
                                        "nq-57/key_points/1": "Ntsiab lus ib **tshiab**\n- me ib\n- me ob"})
    capsys.readouterr()
    assert main(["translations", "import", str(tmp_path / "filled.po"), "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "sửa key_points/1" in out and "sửa key_points/2" in out

    old_lines, new_lines = before.decode().split("\n"), hmn.read_text(encoding="utf-8").split("\n")
    assert new_lines[:8] == old_lines[:8] and new_lines[12:] == old_lines[11:]
    assert new_lines[8:12] == ["- Ntsiab lus ib **tshiab**", "  - me ib", "  - me ob", "- Ntsiab lus ob, kho dua"]
    # the import recorded the Vietnamese: up to date now; ct-05 (empty in the file) still missing
    data = status_json(content, capsys)
    assert entry(data, "nq-57")["status"] == "current" and entry(data, "ct-05")["status"] == "missing"
    site, problems = load_site(content)
    assert problems == []
    assert "Ntsiab lus ob, kho dua" in site.resolution("nq-57").summaries["hmn"].section("key_points").points[1].text


def test_import_csv_keeps_bom_crlf_and_untouched_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_site(tmp_path)
    hmn = content / HMN
    original = "\ufeff" + hmn.read_text(encoding="utf-8").replace("\n", "\r\n")
    hmn.write_bytes(original.encode("utf-8"))
    _, csv_path = export(content, tmp_path / "ex")
    rows = csv_rows(csv_path)
    for row in rows:
        if row["id"] == "nq-57/new_points/1":
            row["translation"] = "Ntsiab lus tshiab, kho"
    write_csv(tmp_path / "filled.csv", rows, delimiter=";")          # as Excel in a Vietnamese locale saves it
    assert main(["translations", "import", str(tmp_path / "filled.csv"), "--content", str(content)]) == 0
    assert hmn.read_bytes() == original.replace("- Ntsiab lus tshiab ib", "- Ntsiab lus tshiab, kho").encode("utf-8")


def test_import_fills_missing_points_and_creates_translations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_site(tmp_path)
    main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)])
    edit(content / "resolutions" / "nq-57" / "vi.md", "- Ý thứ hai\n", "- Ý chen giữa\n- Ý thứ hai\n")
    edit(content / "resolutions" / "nq-57" / "vi.md", "- Điểm mới thứ nhất\n", "- Điểm mới thứ nhất\n\n## Câu hỏi thảo luận\n- Hỏi gì?\n")
    _, csv_path = export(content, tmp_path / "ex")
    rows = csv_rows(csv_path)
    fills = {"nq-57/key_points/2": "Ntsiab lus nruab nrab", "nq-57/questions/1": "Nug dab tsi?",
             "ct-05/title": "Chỉ thị 05 (Hmoob)", "ct-05/key_points/1": "Ib\n- me",
             "ct-05/new_points/1": "Tshiab", "ct-05/local_application/1": "Hauv zos"}
    for row in rows:
        row["translation"] = fills.get(row["id"], row["translation"])
    write_csv(tmp_path / "filled.csv", rows)
    assert main(["translations", "import", str(tmp_path / "filled.csv"), "--content", str(content)]) == 0

    text = (content / HMN).read_text(encoding="utf-8")
    assert "- Ntsiab lus ib txog **kev tshawb fawb**\n  - ntsiab lus me\n- Ntsiab lus nruab nrab\n- Ntsiab lus ob\n" in text
    # a section the translation lacked comes with the language's heading, in the Vietnamese order
    assert text.endswith("## Cov ntsiab lus tshiab\n- Ntsiab lus tshiab ib\n\n## Cov lus nug sib tham {#questions}\n"
                         "- Nug dab tsi?\n\n"
                         "## Kev siv hauv zos\n- Xã Bản Bo ua\n")
    created = (content / "resolutions" / "ct-05" / "hmn.md").read_text(encoding="utf-8")
    assert created.startswith("---\ntitle: Chỉ thị 05 (Hmoob)\n---\n")
    assert "## Cov ntsiab lus tseem ceeb\n- Ib\n  - me\n" in created
    site, problems = load_site(content)
    assert not [p for p in problems if p.is_error]
    assert site.resolution("ct-05").summaries["hmn"].section("new_points").points[0].text == "Tshiab"
    data = status_json(content, capsys)
    assert entry(data, "nq-57")["status"] == "current"
    # what the import did not deliver for a new translation is untranslated, not a Vietnamese change
    ct = entry(data, "ct-05")
    assert ct["status"] == "current" and ct["changes"] == []
    assert [u["id"] for u in ct["untranslated"]] == ["summary", "lead/1", "key_points/2"]


def test_import_refuses_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_site(tmp_path)
    po, csv_path = export(content, tmp_path / "ex")
    edit_po(po, tmp_path / "filled.po", {"nq-57/key_points/1": "Hloov"})
    edit(content / "resolutions" / "nq-57" / "vi.md", "- Ý thứ hai\n", "- Ý thứ hai đã sửa\n")
    before = {p: p.read_bytes() for p in (content / "resolutions").rglob("*") if p.is_file()}
    capsys.readouterr()
    for path in (tmp_path / "filled.po", csv_path):
        assert main(["translations", "import", str(path), "--content", str(content)]) == 1
        err = capsys.readouterr().err
        assert "nq-57/key_points/2: bản tiếng Việt đã thay đổi từ khi xuất tệp" in err
        assert "Ý thứ hai đã sửa" in err and "Không nhập tệp" in err
    assert {p: p.read_bytes() for p in (content / "resolutions").rglob("*") if p.is_file()} == before


def test_fuzzy_entry_left_alone_stays_outdated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = outdated_site(tmp_path)
    po, _ = export(content, tmp_path / "ex")
    assert main(["translations", "import", str(po), "--content", str(content)]) == 0
    assert [c["id"] for c in entry(status_json(content, capsys), "nq-57")["changes"]] == ["key_points/2"]
    edit_po(po, tmp_path / "done.po", {"nq-57/key_points/2": "Ntsiab lus ob, tshiab"})
    assert main(["translations", "import", str(tmp_path / "done.po"), "--content", str(content)]) == 0
    assert entry(status_json(content, capsys), "nq-57")["status"] == "current"


def test_import_refuses_a_translation_that_breaks_structure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_site(tmp_path)
    po, _ = export(content, tmp_path / "ex")
    edit_po(po, tmp_path / "bad.po", {"nq-57/lead/1": "Ib.\n\nOb."})
    before = (content / HMN).read_bytes()
    assert main(["translations", "import", str(tmp_path / "bad.po"), "--content", str(content)]) == 1
    assert "nq-57/lead/1" in capsys.readouterr().err
    assert (content / HMN).read_bytes() == before


def test_round_trip_loses_no_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_site(tmp_path)
    first, _ = export(content, tmp_path / "one")
    filled = {ctx: f"HMN {m.id}" for ctx, m in po_messages(first).items() if ctx.startswith("ct-05/")}
    filled["nq-57/key_points/1"] = "Ntsiab lus ib, kho\n- me\n  - me me"
    edit_po(first, tmp_path / "filled.po", filled)
    assert main(["translations", "import", str(tmp_path / "filled.po"), "--content", str(content)]) == 0
    again, csv_again = export(content, tmp_path / "two")
    wanted = {ctx: m.string for ctx, m in po_messages(tmp_path / "filled.po").items()}
    got = {ctx: m.string for ctx, m in po_messages(again).items()}
    assert got == wanted
    assert {r["id"]: r["translation"] for r in csv_rows(csv_again)} == wanted
    assert {r["status"] for r in csv_rows(csv_again)} == {"current"}


def test_import_dry_run_and_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_site(tmp_path)
    po, _ = export(content, tmp_path / "ex")
    edit_po(po, tmp_path / "filled.po", {"nq-57/key_points/1": "Hloov"})
    before = (content / HMN).read_bytes()
    assert main(["translations", "import", str(tmp_path / "filled.po"), "--dry-run", "--content", str(content)]) == 0
    assert (content / HMN).read_bytes() == before
    assert not (content / "resolutions" / "nq-57" / "hmn.source.yaml").exists()
    (tmp_path / "latin1.csv").write_bytes(b"id,source,translation\nnq-57/title,Ngh\xe9,x\n")
    assert main(["translations", "import", str(tmp_path / "latin1.csv"), "--lang", "hmn", "--content", str(content)]) == 1
    assert "CSV UTF-8" in capsys.readouterr().err


# ---------------------------------------------------------------- QA findings (issue 5)

def test_csv_row_left_outdated_stays_outdated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """QA 2: importing the CSV as exported must not mark an outdated segment up to date."""
    content = outdated_site(tmp_path)
    _, csv_path = export(content, tmp_path / "ex")
    assert main(["translations", "import", str(csv_path), "--content", str(content)]) == 0
    data = entry(status_json(content, capsys), "nq-57")
    assert data["status"] == "outdated" and [c["id"] for c in data["changes"]] == ["key_points/2"]
    # translating the row (its status cell left as it was) brings it up to date
    rows = csv_rows(csv_path)
    for row in rows:
        if row["id"] == "nq-57/key_points/2":
            row["translation"] = "Ntsiab lus ob, tshiab"
    write_csv(tmp_path / "done.csv", rows)
    assert main(["translations", "import", str(tmp_path / "done.csv"), "--content", str(content)]) == 0
    assert entry(status_json(content, capsys), "nq-57")["status"] == "current"


def test_import_does_not_revert_a_translation_changed_since_the_export(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """QA 2: a .po then the CSV of the same export: the CSV must not put the old text back."""
    content = full_site(tmp_path)
    hmn = content / HMN
    po, csv_path = export(content, tmp_path / "ex")
    assert "translation_hash" in csv_rows(csv_path)[0]
    edit_po(po, tmp_path / "filled.po", {"nq-57/key_points/2": "Ntsiab lus ob, kho"})
    assert main(["translations", "import", str(tmp_path / "filled.po"), "--content", str(content)]) == 0
    after_po = hmn.read_bytes()

    capsys.readouterr()
    assert main(["translations", "import", str(csv_path), "--content", str(content)]) == 0
    captured = capsys.readouterr()
    assert hmn.read_bytes() == after_po
    assert "nq-57/key_points/2: bản dịch trong hmn.md đã sửa sau khi xuất tệp" in captured.err

    # the translator changed the same row as well: refuse, naming the segment; nothing written
    rows = csv_rows(csv_path)
    for row in rows:
        if row["id"] == "nq-57/key_points/2":
            row["translation"] = "Ntsiab lus ob, lwm yam"
    write_csv(tmp_path / "conflict.csv", rows)
    before = {p: p.read_bytes() for p in (content / "resolutions").rglob("*") if p.is_file()}
    assert main(["translations", "import", str(tmp_path / "conflict.csv"), "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "nq-57/key_points/2" in err and "Ntsiab lus ob, kho" in err and "Không nhập tệp" in err
    assert {p: p.read_bytes() for p in (content / "resolutions").rglob("*") if p.is_file()} == before

    # the .po records what it exported too: an edit of hmn.md made after the export is protected
    edit(hmn, "- Ntsiab lus tshiab ib\n", "- Ntsiab lus tshiab ib, kho hauv tsab ntawv\n")
    edit_po(po, tmp_path / "late.po", {"nq-57/new_points/1": "Ntsiab lus tshiab, lwm yam"})
    assert main(["translations", "import", str(tmp_path / "late.po"), "--content", str(content)]) == 1
    assert "nq-57/new_points/1" in capsys.readouterr().err
    assert "kho hauv tsab ntawv" in hmn.read_text(encoding="utf-8")


VI_PERCENT = """\
---
title: Nghị quyết số 57-NQ/TW về khoa học
summary: Tóm tắt ngắn của văn bản.
---

Đoạn mở đầu.

## Nội dung cốt lõi
- Mục tiêu đến năm 2025:
  - tỷ lệ hộ nghèo giảm bình quân 4–5%/năm;
    - riêng các huyện nghèo giảm trên 6%/năm;
  - 95% dân cư nông thôn được dùng nước hợp vệ sinh.
- 100% cán bộ được học tập

## Điểm mới
- Điểm mới thứ nhất

## Liên hệ vận dụng tại địa phương
- Xã Bản Bo triển khai
"""


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_exported_po_passes_msgfmt_check(tmp_path: Path) -> None:
    """QA 3 and 4: the `#|` of a multi-line outdated point, and '%' in content, make a valid .po."""
    content = full_site(tmp_path)
    (content / "resolutions" / "nq-57" / "vi.md").write_text(VI_PERCENT, encoding="utf-8")
    main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)])
    edit(content / "resolutions" / "nq-57" / "vi.md", "4–5%/năm", "5%/năm")
    po, _ = export(content, tmp_path / "ex")
    text = po.read_text(encoding="utf-8")
    assert '#| msgid ""\n#| "Mục tiêu đến năm 2025:\\n"\n#| "- tỷ lệ hộ nghèo giảm bình quân 4–5%/năm;\\n"\n' in text
    assert not re.search(r"^#,.*(?<!no-)python-format", text, re.M)
    check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr

    edit_po(po, tmp_path / "filled.po", {"nq-57/key_points/2": "100% cov nom tswv yim",
                                        "nq-57/key_points/1": "Lub hom phiaj:\n- 4–5% ib xyoos"})
    check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(tmp_path / "filled.po")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_po_flags_no_python_format_even_without_msgfmt(tmp_path: Path) -> None:
    """QA 4: Babel flags any '%' text python-format; content segments must say no-python-format."""
    content = full_site(tmp_path)
    (content / "resolutions" / "nq-57" / "vi.md").write_text(VI_PERCENT, encoding="utf-8")
    po, _ = export(content, tmp_path / "ex")
    text = po.read_text(encoding="utf-8")
    block = text[text.index('msgctxt "nq-57/key_points/2"') - 80:text.index('msgctxt "nq-57/key_points/2"')]
    assert "#, no-python-format\n" in block
    assert not re.search(r"^#,.*(?<!no-)python-format", text, re.M)


def test_import_dry_run_speaks_of_what_would_happen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """QA 15: 'Sẽ cập nhật…', 'Sẽ tạo…', not 'Đã …', when nothing is written."""
    content = full_site(tmp_path)
    po, _ = export(content, tmp_path / "ex")
    edit_po(po, tmp_path / "filled.po", {"nq-57/key_points/1": "Hloov", "ct-05/title": "Chỉ thị 05 (Hmoob)"})
    capsys.readouterr()
    assert main(["translations", "import", str(tmp_path / "filled.po"), "--dry-run", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "Sẽ cập nhật" in out and "Sẽ tạo" in out and "Đã " not in out
    assert not (content / "resolutions" / "ct-05" / "hmn.md").exists()
    assert main(["translations", "import", str(tmp_path / "filled.po"), "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "Đã cập nhật" in out and "Đã tạo" in out and "Sẽ " not in out


def test_import_titles_a_new_questions_section_in_the_translation_language(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """QA 16: never a Vietnamese heading in the Hmong file; a site.yaml label wins."""
    content = full_site(tmp_path)
    edit(content / "resolutions" / "nq-57" / "vi.md", "- Điểm mới thứ nhất\n",
         "- Điểm mới thứ nhất\n\n## Câu hỏi thảo luận\n- Hỏi gì?\n")
    po, _ = export(content, tmp_path / "ex")
    edit_po(po, tmp_path / "filled.po", {"nq-57/questions/1": "Nug dab tsi?"})
    assert main(["translations", "import", str(tmp_path / "filled.po"), "--dry-run", "--content", str(content)]) == 0
    assert main(["translations", "import", str(tmp_path / "filled.po"), "--content", str(content)]) == 0
    text = (content / HMN).read_text(encoding="utf-8")
    assert "Câu hỏi thảo luận" not in text
    assert "\n## Cov lus nug sib tham {#questions}\n- Nug dab tsi?\n" in text      # the UI catalog's name
    site, _ = load_site(content)
    assert site.resolution("nq-57").summaries["hmn"].section("questions").points[0].text == "Nug dab tsi?"

    # with a label in site.yaml, that label
    yaml_path = content / "site.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace(
        '      local_application: "Kev siv hauv zos"\n',
        '      local_application: "Kev siv hauv zos"\n      questions: "Lus nug"\n'), encoding="utf-8")
    (content / HMN).write_text(SUMMARY_HMN_FULL, encoding="utf-8")
    (content / "resolutions" / "nq-57" / "hmn.source.yaml").unlink()
    assert main(["translations", "import", str(tmp_path / "filled.po"), "--content", str(content)]) == 0
    assert "\n## Lus nug\n- Nug dab tsi?\n" in (content / HMN).read_text(encoding="utf-8")
    site, _ = load_site(content)
    assert site.resolution("nq-57").summaries["hmn"].section("questions").title == "Lus nug"


def test_import_po_saved_with_bom_and_crlf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .po saved by Notepad (UTF-8 with BOM, CRLF) imports as the same file without them."""
    content = full_site(tmp_path)
    po, _ = export(content, tmp_path / "ex")
    edit_po(po, tmp_path / "filled.po", {"nq-57/key_points/2": "Ntsiab lus ob, kho dua"})
    saved = tmp_path / "notepad.po"
    saved.write_bytes(b"\xef\xbb\xbf" + (tmp_path / "filled.po").read_bytes().replace(b"\n", b"\r\n"))
    assert main(["translations", "import", str(saved), "--content", str(content)]) == 0
    assert "- Ntsiab lus ob, kho dua\n" in (content / HMN).read_text(encoding="utf-8")


def test_import_names_a_row_deleted_from_the_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A translator who deletes the rows he will not translate is told so, not that the Vietnamese changed."""
    content = full_site(tmp_path)
    hmn_before = (content / HMN).read_bytes()
    _, csv_path = export(content, tmp_path / "ex")
    rows = [row for row in csv_rows(csv_path) if row["id"] != "nq-57/key_points/2"]
    write_csv(tmp_path / "filled.csv", rows)
    capsys.readouterr()
    assert main(["translations", "import", str(tmp_path / "filled.csv"), "--content", str(content)]) != 0
    err = capsys.readouterr().err
    assert "nq-57/key_points/2 không có trong tệp" in err and "đã bị xoá khỏi tệp" in err
    assert "Đừng xoá dòng nào khỏi tệp" in err
    assert (content / HMN).read_bytes() == hmn_before


def test_import_refuses_a_file_of_another_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang dao` on the Hmong export must not write Hmong text into dao.md."""
    content = full_site(tmp_path)
    edit(content / "site.yaml", "languages:\n", "languages:\n  dao:\n    name: Kiềm Miền\n")
    po, csv_path = export(content, tmp_path / "ex")
    edit_po(po, tmp_path / "filled.po", {"ct-05/title": "Lub npe"})
    for path in (tmp_path / "filled.po", csv_path):
        capsys.readouterr()
        assert main(["translations", "import", str(path), "--lang", "dao", "--content", str(content)]) != 0
        assert "là bản dịch tiếng 'hmn' nhưng lệnh ghi --lang dao" in capsys.readouterr().err
    assert not list(content.glob("resolutions/*/dao.*"))
    # a language named loosely is still this one; a name the site does not know is what --lang is for
    text = (tmp_path / "filled.po").read_text(encoding="utf-8")
    (tmp_path / "region.po").write_text(text.replace('"Language: hmn\\n"', '"Language: hmn_VN\\n"'), encoding="utf-8")
    (tmp_path / "named.po").write_text(text.replace('"Language: hmn\\n"', '"Language: Hmong\\n"'), encoding="utf-8")
    assert "hmn_VN" in (tmp_path / "region.po").read_text(encoding="utf-8")
    assert main(["translations", "import", str(tmp_path / "region.po"), "--dry-run", "--content", str(content)]) == 0
    assert main(["translations", "import", str(tmp_path / "named.po"), "--lang", "hmn", "--content", str(content)]) == 0
    assert not list(content.glob("resolutions/*/dao.*")) and (content / "resolutions" / "ct-05" / "hmn.md").is_file()


def test_import_excel_unicode_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Excel before 2016 saves Unicode only as 'Unicode Text (*.txt)': UTF-16 LE with BOM, tabs."""
    content = full_site(tmp_path)
    _, csv_path = export(content, tmp_path / "ex")
    rows = csv_rows(csv_path)
    for row in rows:
        if row["id"] == "nq-57/new_points/1":
            row["translation"] = "Ntsiab lus tshiab, kho"
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    saved = tmp_path / "hmn.txt"
    saved.write_bytes(buffer.getvalue().encode("utf-16"))
    assert saved.read_bytes()[:2] == b"\xff\xfe"
    assert main(["translations", "import", str(saved), "--content", str(content)]) == 0
    assert "- Ntsiab lus tshiab, kho\n" in (content / HMN).read_text(encoding="utf-8")


def test_export_does_not_overwrite_work_not_imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Exporting again into the folder where the translator filled hmn.po would wipe his work."""
    content = full_site(tmp_path)
    po, csv_path = export(content, tmp_path / "ex")
    export(content, tmp_path / "ex")                       # nothing filled in yet: exported again freely
    edit_po(po, po, {"ct-05/title": "Lub npe", "nq-57/key_points/1": "Ntsiab lus ib\n  - me ib"})
    filled = po.read_bytes()
    capsys.readouterr()
    assert main(["translations", "export", "--lang", "hmn", "--to", str(tmp_path / "ex"),
                 "--content", str(content)]) == 1
    assert "có 2 đoạn dịch khác với bản dịch hiện tại" in capsys.readouterr().err
    assert po.read_bytes() == filled
    assert main(["translations", "import", str(po), "--content", str(content)]) == 0
    export(content, tmp_path / "ex")                       # imported: nothing is lost any more
    assert po_messages(po)["ct-05/title"].string == "Lub npe"


def test_import_of_an_empty_file_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A header-only CSV or an empty .po imported nothing and said nothing, with exit 0."""
    content = full_site(tmp_path)
    (tmp_path / "hmn.csv").write_bytes("\ufeffid,lang,status,source,translation\r\n".encode("utf-8"))
    (tmp_path / "hmn.po").write_bytes(b"")
    for name in ("hmn.csv", "hmn.po"):
        capsys.readouterr()
        assert main(["translations", "import", str(tmp_path / name), "--lang", "hmn", "--content", str(content)]) == 1
        assert "không có đoạn nào để nhập" in capsys.readouterr().err
