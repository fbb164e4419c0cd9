"""`check` over records/: every mistake named with its file under records/ and sheet!cell
or line:col, exit code 1; warnings alone keep 0."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from records_helpers import fill, make_records, run


def check(capsys: pytest.CaptureFixture, content: Path) -> tuple[int, str]:
    code = run("check", "--fast", "--content", str(content))
    return code, capsys.readouterr().out


def test_every_mistake_is_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content, records = make_records(tmp_path)
    assert run("records", "template", "nq-57", "--content", str(content)) == 0
    study = records / "study" / "nq-57"
    fill(study / "cb-a1.xlsx", {
        "Lò Văn A": {"Tham dự": "có mặt", "Điểm": 11},                     # row 2: score over 10
        "Tao Thị B": {"Tham dự": "đến muộn"},                              # row 3: not in the list
        "Lù Văn C": {"Tham dự": "có mặt", "Điểm": 8, "Điểm viết lại": 9},  # row 4: rewrite of a good essay
        "Vàng Thị D": {"Tham dự": "có mặt", "Điểm viết lại": 6},           # row 5: rewrite with no score
        "Lo Van A": {"Tham dự": "có mặt"},                                 # row 7: not on the roster
    })
    book = openpyxl.load_workbook(study / "cb-a2.xlsx")
    book["Danh sách"].cell(5, 2, "Nguyễn F")                               # listed twice
    book["Danh sách"].cell(5, 3, "có mặt")
    book.save(study / "cb-a2.xlsx")
    (study / "cb-b1.xlsx").unlink()
    (study / "cb-b1.csv").write_text("Họ và tên,Tham dự,Điểm\nHoàng I,có mặt,\"7,5\"\nLê K,vắng,abc\n",
                                     encoding="utf-8")
    (study / "xa-b.csv").write_text("Họ và tên,Tham dự,Điểm\n", encoding="utf-8")    # a commune, not a cell
    (records / "study" / "nq-99").mkdir()                                  # no such resolution
    code, out = check(capsys, content)
    assert code == 1
    for expected in (
            "study/nq-57/cb-a1.xlsx: Danh sách!D2: error: Điểm '11'",
            "study/nq-57/cb-a1.xlsx: Danh sách!C3: error: 'đến muộn'",
            "study/nq-57/cb-a1.xlsx: Danh sách!E4: error: 'Lù Văn C' được 8",
            "study/nq-57/cb-a1.xlsx: Danh sách!E5: error: 'Vàng Thị D' có Điểm viết lại",
            "study/nq-57/cb-a1.xlsx: Danh sách!B7: error: 'Lo Van A' không có trong danh sách",
            "Tên gần nhất trong danh sách: 'Lò Văn A'",
            "study/nq-57/cb-a2.xlsx: Danh sách!B5: error: 'Nguyễn F' đã có ở Danh sách!B2",
            "study/nq-57/cb-b1.csv:3:2: error: 'vắng'",
            "study/nq-57/cb-b1.csv:3:3: error: Điểm 'abc'",
            "study/nq-57/xa-b.csv: error: 'xa-b' không phải một chi bộ",
            "study/nq-99: error: Thư mục study/nq-99",
            "study/nq-57/cb-a1.xlsx: warning: 'Điêu E' có trong danh sách chi bộ nhưng chưa có kết quả"):
        assert expected in out, expected
    assert "Traceback" not in out


def test_report_refuses_records_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content, records = make_records(tmp_path)
    (records / "study" / "nq-57").mkdir(parents=True)
    (records / "study" / "nq-57" / "cb-a1.csv").write_text("Họ và tên,Tham dự,Điểm\nLò Văn A,có mặt,12\n",
                                                          encoding="utf-8")
    reports = tmp_path / "reports"
    assert run("report", "nq-57", "--content", str(content), "--reports", str(reports)) == 1
    assert "study/nq-57/cb-a1.csv:2:3: error:" in capsys.readouterr().err
    assert not reports.exists()


def test_warnings_alone_pass(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content, records = make_records(tmp_path)
    assert run("records", "template", "nq-57", "--content", str(content)) == 0
    code, out = check(capsys, content)                # nothing filled in: no cell has reported
    assert code == 0
    assert "study/nq-57/cb-a1.xlsx: warning: Tệp chưa điền kết quả (chỉ có họ tên)" in out
    assert "'Lò Văn A' có trong danh sách chi bộ nhưng chưa có kết quả" not in out   # one line a file, not a member
    assert "4 chi bộ, 12 đảng viên, 1 đợt học tập" in out


def test_broken_units_and_tables(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content, records = make_records(tmp_path)
    (records / "units.yaml").write_text("name: X\nunits:\n  - id: Bad Id\n    name: A\n  - id: b\n", encoding="utf-8")
    code, out = check(capsys, content)
    assert code == 1
    assert "units.yaml:3:9: error: Mã đơn vị 'Bad Id'" in out
    assert "units.yaml:5:" in out and "'b' thiếu tên" in out
    content, records = make_records(tmp_path / "second")
    (records / "members" / "cb-a1.csv").write_bytes(b"Ho va ten,Nam sinh\nL\xf2 V\xe3n,1970\n")    # ANSI
    (records / "members" / "cb-a2.csv").write_text("Tên,Năm sinh\nA,1970\n", encoding="utf-8")
    (records / "members" / "cb-b2.csv").unlink()
    (records / "members" / "cb-b2.xlsx").write_bytes(b"not a workbook")
    code, out = check(capsys, content)
    assert code == 1
    assert "members/cb-a1.csv:2:" in out and "UTF-8" in out
    assert "members/cb-a2.csv:1:1: error: Thiếu cột: Họ và tên." in out
    assert "members/cb-b2.xlsx: error: Không mở được tệp Excel" in out
    assert "Traceback" not in out


def test_title_line_above_the_header(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content, records = make_records(tmp_path)
    (records / "members" / "cb-b2.csv").write_text("DANH SÁCH ĐẢNG VIÊN CHI BỘ B2,,\n,,\nSTT,Họ và tên,Năm sinh\n"
                                                  "1,Ma Văn L,1970\n", encoding="utf-8")
    code, out = check(capsys, content)
    assert code == 0 and "4 chi bộ, 11 đảng viên" in out


def test_other_usual_headers_name_the_same_columns(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """"Họ tên", "Ngày sinh", "Điểm bài thu hoạch": headers secretaries write, read as the contract's."""
    from records_helpers import summary
    content, records = make_records(tmp_path)
    (records / "members" / "cb-b2.csv").write_text("STT,Họ, tên,Ngày sinh\n1,Ma Văn L,02/05/1970\n2,Ma Thị M,1972\n"
                                                  .replace("Họ, tên", '"Họ, tên"'), encoding="utf-8")
    study = records / "study" / "nq-57"
    study.mkdir(parents=True)
    (study / "cb-b2.csv").write_text("Họ tên;Tham dự;Điểm bài thu hoạch\nMa Văn L;có mặt;9\nMa Thị M;có mặt;6,5\n",
                                     encoding="utf-8")
    (study / "cb-b2.yaml").write_text("Ngày học: 14/03/2025\n", encoding="utf-8")
    code, out = check(capsys, content)
    assert code == 0 and "4 chi bộ, 12 đảng viên" in out and "Thiếu cột" not in out, out
    assert run("report", "nq-57", "--content", str(content), "--reports", str(tmp_path / "reports")) == 0
    cell = summary(tmp_path / "reports", "nq-57")["unit"]["units"][1]["units"][1]
    assert (cell["id"], cell["attended"], cell["essays_submitted"]) == ("cb-b2", 2, 2)
    assert cell["grades"]["tot"] == 1 and cell["grades"]["trung_binh"] == 1


def test_other_headers_beside_the_contracts_own(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """An alias column beside the contract's own: the contract's counts, the other is ignored (a results
    file was crashed by a 'Ngày sinh' column its table has no use for); two other names of one column are
    an error naming both; a bad value is told under the header the file shows."""
    content, records = make_records(tmp_path)
    (records / "members" / "cb-b2.csv").write_text("Họ và tên,Ngày sinh,Năm sinh\nMa Văn L,02/05/1970,1970\n"
                                                  "Ma Thị M,,1972\n", encoding="utf-8")
    study = records / "study" / "nq-57"
    study.mkdir(parents=True)
    (study / "cb-b2.csv").write_text("Họ và tên,Tham dự,Điểm bài thu hoạch,Ngày sinh,Ngày tháng năm sinh\n"
                                     "Ma Văn L,có mặt,9,1970,1970\nMa Thị M,có mặt,11,,\n", encoding="utf-8")
    code, out = check(capsys, content)
    assert "Traceback" not in out and "xuất hiện hai lần" not in out, out
    assert code == 1 and "study/nq-57/cb-b2.csv:3:3: error: Điểm '11' ở cột Điểm bài thu hoạch" in out, out
    (records / "members" / "cb-b1.csv").write_text("Họ tên,Ngày sinh,Ngày tháng năm sinh\nHoàng I,1980,1980\n",
                                                  encoding="utf-8")
    code, out = check(capsys, content)
    assert "members/cb-b1.csv:1:3: error: Cột 'Ngày tháng năm sinh' và cột 'Ngày sinh' cùng là cột Năm sinh." in out


def test_example_records(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The example records/ beside content/ (hand-checked figures: see README)."""
    from conftest import EXAMPLE_CONTENT
    from records_helpers import summary
    assert run("check", "--fast", "--content", str(EXAMPLE_CONTENT)) == 0
    assert "4 chi bộ, 15 đảng viên, 1 đợt học tập" in capsys.readouterr().out
    reports = tmp_path / "reports"
    assert run("report", "nq-57-khoa-hoc-cong-nghe", "--content", str(EXAMPLE_CONTENT), "--reports", str(reports)) == 0
    top = summary(reports, "nq-57-khoa-hoc-cong-nghe")["unit"]
    assert (top["members"], top["members_reported"], top["attended"], top["excused"], top["absent"],
            top["attendance_rate"], top["essays_required"], top["essays_submitted"], top["grades"],
            top["rewrite_pending"], top["not_reported"]) == (
        15, 12, 9, 2, 1, 0.75, 7, 8, {"tot": 2, "kha": 3, "trung_binh": 2, "yeu": 1}, 1, ["cb-ban-giang"])


def test_unreadable_values(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content, records = make_records(tmp_path)
    (records / "members" / "cb-b2.csv").write_text("Họ và tên,Năm sinh\nMa Văn L,1965.5\nMa Thị M,abc\n",
                                                  encoding="utf-8")
    (records / "study" / "nq-57").mkdir(parents=True)
    (records / "study" / "nq-57" / "cb-b1.csv").write_text("Họ và tên,Tham dự,Điểm,Ghi chú\nHoàng I,có mặt,5,\""
                                                          + "x" * 200_000 + "\"\n", encoding="utf-8")
    code, out = check(capsys, content)
    assert code == 1
    assert "members/cb-b2.csv:2:2: error: Năm sinh '1965.5'" in out and "members/cb-b2.csv:3:2: error:" in out
    assert "study/nq-57/cb-b1.csv: error: Không đọc được tệp CSV" in out
    assert "Traceback" not in out


def test_records_folder_given_but_missing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content, _ = make_records(tmp_path)
    assert run("check", "--fast", "--content", str(content), "--records", str(tmp_path / "nope")) == 1
    assert "Không tìm thấy thư mục sổ sách" in capsys.readouterr().out
    assert run("report", "nq-57", "--content", str(content), "--records", str(tmp_path / "nope"),
               "--reports", str(tmp_path / "reports")) == 1
    assert "Không tìm thấy thư mục sổ sách" in capsys.readouterr().err


def test_unknown_resolution_names_the_folders(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content, _ = make_records(tmp_path)
    assert run("report", "nq", "--content", str(content), "--reports", str(tmp_path / "reports")) == 1
    assert "Không có văn bản 'nq'" in capsys.readouterr().err
    assert run("records", "template", "nq-5", "--content", str(content)) == 1
    assert "ví dụ: nq-57." in capsys.readouterr().err
    assert not (tmp_path / "reports").exists() and not (tmp_path / "records" / "study").exists()
