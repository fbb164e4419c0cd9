"""The report's files as people open them: the DOCX through LibreOffice, the XLSX with
openpyxl, the PDFs with pdftotext; the year's compilation; the template workbook;
and no roster name anywhere under output/."""
from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import SITE_YAML, make_site
from records_helpers import ROSTERS, run, standard_round, summary

NAMES = [line.split(",;"[";" in line])[0 if "STT" not in text else 2] for text in ROSTERS.values()
         for line in text.lstrip("\ufeff").splitlines()[1:]]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    content, _ = standard_round(root)
    assert run("report", "nq-57", "--content", str(content), "--reports", str(root / "reports")) == 0
    return root


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_names_from_the_rosters() -> None:
    assert "Nguyễn F" in NAMES and "Lò Văn A" in NAMES and "Hoàng I" in NAMES and len(NAMES) == 12


def test_docx_in_libreoffice(made: Path, tmp_path: Path) -> None:
    docx = made / "reports" / "nq-57" / "bao-cao-nq-57.docx"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=180)
    text = " ".join(pdf_text(tmp_path / "bao-cao-nq-57.pdf").split())
    for expected in ("ĐẢNG BỘ HUYỆN THỬ", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số -BC", "BÁO CÁO",
                     "Kết quả học tập, quán triệt Nghị quyết số 57-NQ/TW",
                     "Có 3/4 chi bộ đã tổ chức học tập", "đạt tỷ lệ 60,0%", "tốt 1 (16,7%)",
                     "Bảng 1. Đảng bộ huyện Thử", "Đảng bộ xã A 8/8 4 50,0 2 1 4 4 1 2 1 0",
                     "Bảng 3. Đảng bộ xã B", "Còn 1 đơn vị chưa tổ chức học tập: Chi bộ B2",
                     "Nơi nhận:", "T/M BAN THƯỜNG VỤ"):
        assert expected in text, expected
    assert "Lò Văn A" not in text        # the report upward has figures, not names
    # 36-HD numbers the pages centred at the top from the second on: as LibreOffice prints them
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bao-cao-nq-57.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    tops = [next(line.strip() for line in page.splitlines() if line.strip()) for page in pages if page.strip()]
    assert len(tops) >= 2 and tops[0] != "1"
    assert tops[1:] == [str(number) for number in range(2, len(tops) + 1)]


def test_workbook(made: Path) -> None:
    book = openpyxl.load_workbook(made / "reports" / "nq-57" / "so-lieu-nq-57.xlsx")
    assert book.sheetnames == ["Tổng hợp", "Cấp 2", "Chi bộ", "Nhắc nhở"]
    top = [cell.value for cell in book["Tổng hợp"][2]]
    assert top[:7] == ["Đảng bộ huyện Thử", 4, 3, 12, 10, 6, 0.6]
    assert [row[0].value for row in book["Chi bộ"].iter_rows(min_row=2)] == [
        "Chi bộ thôn A1 (Đảng bộ xã A)", "Chi bộ A2 (Đảng bộ xã A)", "Chi bộ B1 (Đảng bộ xã B)",
        "Chi bộ B2 (Đảng bộ xã B)"]                   # two communes may each have a "Chi bộ thôn 1"
    reminders = {(row[1].value, row[2].value) for row in book["Nhắc nhở"].iter_rows(min_row=2)}
    assert reminders == {("Trần G", "Vắng không lý do: nhắc nhở, tổ chức học bù"),
                         ("Trần G", "Chưa nộp bài thu hoạch (thuộc diện phải viết)"),
                         ("Hoàng I", "Bài thu hoạch loại yếu: chờ viết lại")}
    assert book["Tổng hợp"].page_setup.orientation == "landscape"


def test_roll_call_and_record_book(made: Path) -> None:
    folder = made / "reports" / "nq-57"
    sheets = sorted(p.name for p in (folder / "diem-danh").iterdir())
    assert sheets == ["cb-a1.pdf", "cb-a2.pdf", "cb-b1.pdf", "cb-b2.pdf"]
    roll = pdf_text(folder / "diem-danh" / "cb-a1.pdf")
    assert "DANH SÁCH ĐIỂM DANH" in roll and "Ký tên" in roll and "14/03/2025" in roll
    assert all(name in roll for name in ("Lò Văn A", "Tao Thị B", "Lù Văn C", "Vàng Thị D", "Điêu E"))
    book = " ".join(pdf_text(folder / "so-ghi-chep-nq-57.pdf").split())
    assert "SỔ GHI CHÉP" in book and "Chi bộ thôn A1 (Đảng bộ xã A) 14/03/2025" in book and "Hội trường xã" in book
    assert "Đơn vị chưa tổ chức học tập (1): Chi bộ B2 (Đảng bộ xã B)" in book


def test_year(made: Path, capsys: pytest.CaptureFixture) -> None:
    content, reports = made / "content", made / "reports"
    assert run("report", "--year", "2025", "--content", str(content), "--reports", str(reports)) == 0
    year = summary(reports, "2025")
    assert year["year"] == 2025 and len(year["rounds"]) == 1
    item = year["rounds"][0]
    assert (item["slug"], item["code"], item["dates"]) == ("nq-57", "57-NQ/TW", ["2025-03-14", "2025-04-01"])
    assert "units" not in item["unit"] and item["unit"]["attendance_rate"] == 0.6
    assert item["unit"] == {k: v for k, v in summary(reports, "nq-57")["unit"].items() if k != "units"}
    rows = list(openpyxl.load_workbook(reports / "2025" / "so-lieu-nam-2025.xlsx").active.values)
    assert rows[1][0] == "57-NQ/TW" and len(rows) == 2
    assert (reports / "2025" / "bao-cao-nam-2025.docx").stat().st_size > 0
    assert run("report", "--year", "2019", "--content", str(content), "--reports", str(reports)) == 1
    assert "Không có đợt học tập nào trong năm 2019" in capsys.readouterr().err


def test_reports_never_inside_output(made: Path, capsys: pytest.CaptureFixture) -> None:
    content = made / "content"
    assert run("report", "nq-57", "--content", str(content), "--output", str(made / "output"),
               "--reports", str(made / "output" / "bao-cao")) == 2
    assert "không được đăng lên mạng" in capsys.readouterr().err
    assert not (made / "output" / "bao-cao").exists()


def test_no_roster_name_reaches_output(made: Path) -> None:
    output = made / "output"
    assert run("build", "--content", str(made / "content"), "--output", str(output), "--no-audio", "-q") == 0
    for path in output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            text = pdf_text(path) if path.suffix == ".pdf" else data.decode("utf-8", "replace")
            for name in NAMES:
                assert name not in text, (name, path)
            assert b"records" not in data or path.suffix != ".json" or "records/" not in text


def test_template_workbook(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = tmp_path
    content, records = standard_round(root)
    path = records / "study" / "nq-57" / "cb-a1.xlsx"
    before = path.read_bytes()
    assert run("records", "template", "nq-57", "--content", str(content), "--unit", "xa-a") == 0
    assert path.read_bytes() == before                        # never overwritten
    assert "giữ nguyên, không ghi đè" in capsys.readouterr().out
    assert run("records", "template", "ct-05", "--content", str(content), "--unit", "cb-a2") == 0
    fresh = records / "study" / "ct-05" / "cb-a2.xlsx"
    assert sorted(p.name for p in fresh.parent.iterdir()) == ["cb-a2.xlsx"]
    book = openpyxl.load_workbook(fresh)
    sheet = book["Danh sách"]
    assert [c.value for c in sheet[1]] == ["STT", "Họ và tên", "Tham dự", "Điểm", "Điểm viết lại", "Xếp loại",
                                           "Ghi chú"]
    assert [sheet.cell(r, 2).value for r in (2, 3, 4)] == ["Nguyễn F", "Trần G", "Phạm H"]
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules["C2:C9"].type == "list" and "vắng không lý do" in rules["C2:C9"].formula1
    assert rules["D2:E9"].type == "decimal" and (rules["D2:E9"].formula1, rules["D2:E9"].formula2) == ("0", "10")
    assert sheet["F2"].value.startswith("=IF(")
    assert [book["Thông tin"].cell(r, 1).value for r in range(1, 5)] == ["Ngày học", "Địa điểm", "Báo cáo viên",
                                                                          "Hình thức"]
    assert sheet.page_setup.paperSize == int(sheet.PAPERSIZE_A4) and sheet.freeze_panes == "C2"
    assert run("records", "template", "ct-05", "--content", str(content), "--unit", "nope") == 1


def test_site_option_without_records_warns_once(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content = make_site(tmp_path, site_yaml=SITE_YAML + "study_results: true\n")
    output = tmp_path / "output"
    assert run("build", "--content", str(content), "--output", str(output), "--only", "site,search,calendar,feeds",
               "--lang", "en") == 0
    printed = capsys.readouterr()
    assert (printed.out + printed.err).count("but there is no records folder") == 1     # not once per page builder


def test_site_option_publishes_figures_without_names(tmp_path: Path) -> None:
    from html.parser import HTMLParser
    content, _ = standard_round(tmp_path)
    output = tmp_path / "output"
    assert run("build", "--content", str(content), "--output", str(output), "--only", "site", "-q") == 0
    assert "ket-qua-hoc-tap" not in (output / "nq-57" / "index.html").read_text(encoding="utf-8")   # off by default
    with (content / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("study_results: true\n")
    assert run("build", "--content", str(content), "--output", str(output), "--only", "site", "-q") == 0

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.inside = False

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == "section" and ("id", "ket-qua-hoc-tap") in attrs:
                self.inside = True
            elif self.inside and tag == "tr":
                self.rows.append([])
            elif self.inside and tag in ("td", "th") and self.rows:
                self.rows[-1].append("")

        def handle_endtag(self, tag: str) -> None:
            if tag == "section":
                self.inside = False

        def handle_data(self, data: str) -> None:
            if self.inside and self.rows and self.rows[-1]:
                self.rows[-1][-1] += data.strip()

    page = (output / "nq-57" / "index.html").read_text(encoding="utf-8")
    parser = Rows()
    parser.feed(page)
    assert parser.rows[1:] == [["Đảng bộ xã A", "2/2", "50,0%", "4", "1", "2", "1", "0"],
                               ["Đảng bộ xã B", "1/2", "100,0%", "2", "0", "0", "1", "1"],
                               ["Đảng bộ huyện Thử", "3/4", "60,0%", "6", "1", "2", "2", "1"]]
    assert "ket-qua-hoc-tap" not in (output / "ct-05" / "index.html").read_text(encoding="utf-8")  # no round
    assert "ket-qua-hoc-tap" not in (output / "hmn" / "nq-57" / "index.html").read_text(encoding="utf-8")
    for path in output.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not any(name in text for name in NAMES), path


def test_an_edit_in_records_is_published_by_the_next_build(tmp_path: Path) -> None:
    """The make rule reads records/ too: with study_results on, a cell's results added or
    taken away change the figures at the next build, though content/ did not change."""
    content, records = standard_round(tmp_path)
    with (content / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("study_results: true\n")
    output = tmp_path / "output"
    page = output / "nq-57" / "index.html"
    assert run("build", "--content", str(content), "--output", str(output), "--only", "site", "-q") == 0
    assert ">2/2<" in page.read_text(encoding="utf-8")              # xã A: both cells reported
    (records / "study" / "nq-57" / "cb-a2.xlsx").unlink()
    assert run("build", "--content", str(content), "--output", str(output), "--only", "site", "-q") == 0
    assert ">2/2<" not in page.read_text(encoding="utf-8") and ">1/2<" in page.read_text(encoding="utf-8")


def test_docx_layout(made: Path) -> None:
    import docx
    document = docx.Document(str(made / "reports" / "nq-57" / "bao-cao-nq-57.docx"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]
    assert document.styles["Normal"].font.name == "Times New Roman"
    header = document.tables[0].rows[0].cells
    right = header[1].paragraphs[0].runs[0]
    assert right.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and right.bold and right.font.size.pt == 15
    assert [p.text for p in header[0].paragraphs] == ["ĐẢNG BỘ HUYỆN THỬ", "*", "Số      -BC"]


def test_failed_report_keeps_the_previous_one(made: Path, capsys: pytest.CaptureFixture) -> None:
    content, reports = made / "content", made / "reports"
    before = (reports / "nq-57" / "summary.json").read_bytes()
    broken = content / "templates" / "report" / "roll-call.typ"
    broken.parent.mkdir(parents=True)
    broken.write_text("#let x = (\n", encoding="utf-8")
    try:
        assert run("report", "nq-57", "--content", str(content), "--reports", str(reports)) == 1
    finally:
        broken.unlink()
    assert "Không dựng được tệp PDF của báo cáo" in capsys.readouterr().err
    assert (reports / "nq-57" / "summary.json").read_bytes() == before
    assert sorted(p.name for p in reports.iterdir() if p.name.startswith(".")) == []
