"""Hand-off to translators: `translations export` (.po, .csv) and `translations import`."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from generator.cli import main
from generator.content.loader import load_site

from conftest import write
from test_translations import edit, entry, full_site, status_json

HMN = Path("resolutions") / "nq-57" / "hmn.md"


def export(content: Path, folder: Path) -> tuple[Path, Path]:
    assert main(["translations", "export", "--lang", "hmn", "--to", str(folder), "--content", str(content)]) == 0
    return folder / "hmn.po", folder / "hmn.csv"


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
                                           "glossary", "source_hash"]
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
    assert text.endswith("## Cov ntsiab lus tshiab\n- Ntsiab lus tshiab ib\n\n## Câu hỏi thảo luận\n- Nug dab tsi?\n\n"
                         "## Kev siv hauv zos\n- Xã Bản Bo ua\n")
    created = (content / "resolutions" / "ct-05" / "hmn.md").read_text(encoding="utf-8")
    assert created.startswith("---\ntitle: Chỉ thị 05 (Hmoob)\n---\n")
    assert "## Cov ntsiab lus tseem ceeb\n- Ib\n  - me\n" in created
    site, problems = load_site(content)
    assert not [p for p in problems if p.is_error]
    assert site.resolution("ct-05").summaries["hmn"].section("new_points").points[0].text == "Tshiab"
    data = status_json(content, capsys)
    assert entry(data, "nq-57")["status"] == "current"
    ct = entry(data, "ct-05")
    assert ct["status"] == "outdated" and {c["id"] for c in ct["changes"]} == {"summary", "lead/1", "key_points/2"}


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
    content = full_site(tmp_path)
    main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)])
    edit(content / "resolutions" / "nq-57" / "vi.md", "- Ý thứ hai\n", "- Ý thứ hai đã sửa\n")
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
