"""Files another program holds on Windows (Word has the DOCX open, Explorer previews a PDF, an
antivirus reads a new file): Windows refuses to rename them, or a folder holding them, with
PermissionError. Simulated by a patched os.replace; the swap of the whole output folder and the
cache's writes wait a moment and try again, and when the program does not let go the build
says what to do and leaves output/ as it was."""
from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Callable

import pytest

from generator.cli import main
from generator.machinery import cache_seal, folder_swap

from conftest import tree_bytes

REAL_REPLACE = os.replace


def held(refuse: Callable[[str], bool], times: int) -> tuple[Callable[..., None], list[str]]:
    """os.replace as Windows answers while a program holds `source`: refused `times` times."""
    refused: list[str] = []

    def replace(source: os.PathLike | str, target: os.PathLike | str, *args: object, **kwargs: object) -> None:
        if refuse(os.fspath(source)) and len(refused) < times:
            refused.append(os.fspath(source))
            raise PermissionError(errno.EACCES, "Access is denied", os.fspath(source))
        REAL_REPLACE(source, target, *args, **kwargs)
    return replace, refused


@pytest.fixture
def windows_swap(monkeypatch: pytest.MonkeyPatch) -> None:
    """No exchange of two folders in one step (Windows): output/ is renamed aside, then staging in."""
    monkeypatch.setattr(folder_swap, "exchange", lambda first, second: False)


def build(content: Path, output: Path) -> int:
    return main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q", "--only", "site"])


def edit_title(content: Path) -> None:
    summary = content / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Chỉ thị số 05-CT/TW về học tập",
                                                                   "Chỉ thị đã sửa tên"), encoding="utf-8")


def test_the_swap_waits_while_a_program_holds_the_output_for_a_moment(
        tmp_path: Path, site_dir: Path, windows_swap: None, monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "output"
    assert build(site_dir, output) == 0
    edit_title(site_dir)
    (site_dir / "resolutions" / "nq-57").rename(site_dir / "resolutions" / "nq-58")    # many files: a whole swap
    replace, refused = held(lambda source: source == str(output), times=2)
    monkeypatch.setattr(os, "replace", replace)
    assert build(site_dir, output) == 0
    assert refused == [str(output)] * 2
    assert "Chỉ thị đã sửa tên" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    assert (output / "nq-58" / "index.html").is_file() and not (output / "nq-57").exists()


def test_a_program_that_keeps_the_output_is_named_and_the_output_kept(
        tmp_path: Path, site_dir: Path, windows_swap: None, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "output"
    assert build(site_dir, output) == 0
    before = tree_bytes(output)
    (site_dir / "resolutions" / "nq-57").rename(site_dir / "resolutions" / "nq-58")
    replace, refused = held(lambda source: source == str(output), times=1000)
    monkeypatch.setattr(os, "replace", replace)
    assert build(site_dir, output) == 1
    err = capsys.readouterr().err
    assert len(refused) > 1                                     # tried again before giving up
    assert str(output) in err and "Đóng chương trình đang mở tệp này" in err and "Traceback" not in err
    assert "thư mục kết quả cũ được giữ nguyên" in err
    assert tree_bytes(output) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output.")] == []


def test_a_cache_entry_read_by_another_program_is_written_when_it_lets_go(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = tmp_path / "cache" / "entry.json"
    replace, refused = held(lambda source: source.endswith(".tmp"), times=2)
    monkeypatch.setattr(os, "replace", replace)
    cache_seal.write_json(entry, {"pages": 2})
    assert len(refused) == 2 and cache_seal.read_json(entry) == {"pages": 2}
    assert [p.name for p in entry.parent.iterdir()] == ["entry.json"]


def test_a_report_folder_held_for_a_moment_is_replaced_once_it_is_free(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Word or Excel opening last report's files, an antivirus reading the new ones: the report's
    renames wait a moment, as the output swap's do."""
    from generator.report.write import write_folder
    target = tmp_path / "reports" / "nq-57"
    write_folder(target, [("bao-cao.docx", b"old"), ("summary.json", b"{}")])
    replace, refused = held(lambda source: source == str(target), times=2)
    monkeypatch.setattr(os, "replace", replace)
    assert write_folder(target, [("bao-cao.docx", b"new")]) == ["bao-cao.docx"]
    assert refused == [str(target)] * 2
    assert {p.name: p.read_bytes() for p in target.iterdir()} == {"bao-cao.docx": b"new"}
    assert [p.name for p in target.parent.iterdir()] == ["nq-57"]          # nothing left beside it


def test_a_report_folder_a_program_keeps_is_left_as_it_was_with_a_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from generator.report.write import ReportHeld, write_folder
    target = tmp_path / "reports" / "nq-57"
    write_folder(target, [("bao-cao.docx", b"old")])
    replace, refused = held(lambda source: source == str(target), times=1000)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(ReportHeld):
        write_folder(target, [("bao-cao.docx", b"new")])
    assert (target / "bao-cao.docx").read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["nq-57"]


def test_a_previous_report_a_program_still_holds_beside_the_folder_does_not_fail_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A report moves the one it replaces aside and removes it; a file of it still open then
    (Explorer's preview, an antivirus) keeps that folder. It had one fixed name, which the next
    report could then not take: each write names its own, and a later one removes what is free."""
    from generator.report.write import write_folder
    reports = tmp_path / "reports"
    target = reports / "nq-57"
    write_folder(target, [("bao-cao.docx", b"first")])
    for leftover in (".nq-57.old", ".nq-57.old-k3j9x2"):           # the fixed name before, a write's own
        (reports / leftover).mkdir()
        (reports / leftover / "dang-mo.docx").write_bytes(b"held")
    unlink = os.unlink

    def refuse_held(path: os.PathLike | str, *args: object, **kwargs: object) -> None:
        if os.fspath(path).endswith("dang-mo.docx"):
            raise PermissionError(errno.EACCES, "The process cannot access the file", os.fspath(path))
        unlink(path, *args, **kwargs)
    with monkeypatch.context() as patched:
        patched.setattr(os, "unlink", refuse_held)
        assert write_folder(target, [("bao-cao.docx", b"second")]) == ["bao-cao.docx"]
    assert (target / "bao-cao.docx").read_bytes() == b"second"
    assert sorted(p.name for p in reports.iterdir()) == [".nq-57.old", ".nq-57.old-k3j9x2", "nq-57"]
    write_folder(target, [("bao-cao.docx", b"third")])                  # let go: swept
    assert sorted(p.name for p in reports.iterdir()) == ["nq-57"]
    assert (target / "bao-cao.docx").read_bytes() == b"third"


def test_a_report_word_keeps_open_is_named_with_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from records_helpers import run, standard_round
    content, _ = standard_round(tmp_path)
    reports = tmp_path / "reports"
    assert run("report", "nq-57", "--content", str(content), "--reports", str(reports)) == 0
    (reports / "nq-57" / "~$o-cao-nq-57.docx").write_bytes(b"owner")      # Word has it open
    before = tree_bytes(reports)
    capsys.readouterr()
    replace, refused = held(lambda source: source == str(reports / "nq-57"), times=1000)
    monkeypatch.setattr(os, "replace", replace)
    assert run("report", "nq-57", "--content", str(content), "--reports", str(reports)) == 1
    err = capsys.readouterr().err
    assert f"Không thay được báo cáo cũ trong {reports / 'nq-57'}: tệp 'bao-cao-nq-57.docx' đang mở" in err
    assert "Đóng 'bao-cao-nq-57.docx' trong Word, Excel hoặc trình đọc PDF" in err and "~$" not in err
    assert "Báo cáo cũ được giữ nguyên" in err and "Traceback" not in err and "Errno" not in err
    assert tree_bytes(reports) == before


def test_a_report_that_cannot_be_written_is_not_said_to_be_held_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Only the previous report a program will not let go of is "held" (close it); a folder that
    may not be written, with no report in it yet, is a report not written, with its reason."""
    import tempfile
    from records_helpers import run, standard_round
    content, _ = standard_round(tmp_path)
    reports = tmp_path / "reports"

    def refused(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Access is denied", str(reports))
    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    assert run("report", "nq-57", "--content", str(content), "--reports", str(reports)) == 1
    err = capsys.readouterr().err
    assert f"Không ghi được báo cáo vào {reports / 'nq-57'}: [Errno 13] Access is denied" in err
    assert "Không thay được báo cáo cũ" not in err and "Traceback" not in err
    assert not (reports / "nq-57").exists()


def test_a_new_report_file_refused_leaves_the_previous_report_and_is_not_said_to_be_held(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from records_helpers import run, standard_round
    content, _ = standard_round(tmp_path)
    reports = tmp_path / "reports"
    assert run("report", "nq-57", "--content", str(content), "--reports", str(reports)) == 0
    before = tree_bytes(reports)
    capsys.readouterr()
    write_bytes = Path.write_bytes

    def refuse_xlsx(path: Path, data: bytes) -> int:
        if path.suffix == ".xlsx":
            raise PermissionError(errno.EACCES, "Access is denied", str(path))
        return write_bytes(path, data)
    monkeypatch.setattr(Path, "write_bytes", refuse_xlsx)
    assert run("report", "nq-57", "--content", str(content), "--reports", str(reports)) == 1
    err = capsys.readouterr().err
    assert f"Không ghi được báo cáo vào {reports / 'nq-57'}" in err and "Không thay được" not in err
    assert tree_bytes(reports) == before


def test_the_files_named_held_are_those_word_or_excel_have_open_else_every_document_pdfs_too(
        tmp_path: Path) -> None:
    """A round report's roll-call PDFs (diem-danh/) a PDF reader holds count too; Word's and
    Excel's owner files (`~$…`) are never named, but say which document they have open."""
    from generator.report.write import held_files
    target = tmp_path / "nq-57"
    for name in ("bao-cao-nq-57.docx", "so-lieu-nq-57.xlsx", "summary.json", "diem-danh/cb-01.pdf",
                 "diem-danh/cb-02.pdf"):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(b"x")
    assert held_files(target) == ["bao-cao-nq-57.docx", "diem-danh/cb-01.pdf", "diem-danh/cb-02.pdf",
                                  "so-lieu-nq-57.xlsx"]
    (target / "~$so-lieu-nq-57.xlsx").write_bytes(b"owner")             # Excel's: "~$" and the name
    assert held_files(target) == ["so-lieu-nq-57.xlsx"]
    (target / "~$o-cao-nq-57.docx").write_bytes(b"owner")               # Word's: a long name's first two letters
    assert held_files(target) == ["bao-cao-nq-57.docx", "so-lieu-nq-57.xlsx"]
    assert held_files(tmp_path / "absent") == []


def test_the_previous_report_of_another_report_command_running_now_is_not_swept(tmp_path: Path) -> None:
    """Another `report` of the same round, between moving the previous report aside and putting
    its own in place, has its staging folder beside it (same suffix): it may put that one back."""
    from generator.report.write import write_folder
    reports = tmp_path / "reports"
    target = reports / "nq-57"
    for running in (".nq-57.new-k3j9x2", ".nq-57.old-k3j9x2", ".nq-57.old-left0v"):
        (reports / running).mkdir(parents=True)
        (reports / running / "bao-cao.docx").write_bytes(running.encode())
    assert write_folder(target, [("bao-cao.docx", b"mine")]) == ["bao-cao.docx"]
    assert sorted(p.name for p in reports.iterdir()) == [".nq-57.new-k3j9x2", ".nq-57.old-k3j9x2", "nq-57"]
    assert (reports / ".nq-57.old-k3j9x2" / "bao-cao.docx").read_bytes() == b".nq-57.old-k3j9x2"
