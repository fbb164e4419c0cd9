"""Names Windows (and a FAT USB stick) refuses: device names (CON, NUL, AUX, COM1…, with any
extension), the characters \\ / : * ? " < > |, a trailing dot or space; and slugs so long that the
paths of their downloads pass Windows' 260 characters. A Linux machine builds such a site, and its
copy to the commune's Windows PC or USB stick fails or loses files: `check` and `build` say so,
with file, line and what to do (portable_names.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.portable_names import SLUG_MAX_LENGTH

from conftest import SITE_YAML, make_site, standard_resolution, tree_bytes, write


def check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--content", str(content), "--fast"])
    out = capsys.readouterr()
    return code, out.out + out.err


def one(slug: str = "nq-57", **extra: str) -> dict[str, dict[str, str]]:
    files = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học")
    return {slug: {**files, **extra}}


@pytest.mark.parametrize("slug", ["con", "nul", "aux", "com1", "lpt9", "prn"])
def test_a_resolution_folder_named_as_a_windows_device_is_refused(tmp_path: Path, slug: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path, one(slug))
    code, said = check(content, capsys)
    assert code == 1
    assert f"resolutions/{slug}" in said and f"Tên '{slug}' là tên thiết bị dành riêng của Windows" in said
    assert "Đổi sang tên khác" in said


def test_the_build_refuses_it_and_keeps_the_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path)
    output = tmp_path / "output"
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q", "--only", "site"]) == 0
    before = tree_bytes(output)
    (content / "resolutions" / "ct-05").rename(content / "resolutions" / "aux")
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q", "--only", "site"]) == 1
    assert "tên thiết bị dành riêng của Windows" in capsys.readouterr().err
    assert tree_bytes(output) == before and not (output / "aux").exists()


def test_a_page_or_a_topic_named_as_a_device_is_refused_at_its_line(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path, one())
    write(content / "pages" / "nul.vi.md", "---\ntitle: Giới thiệu\n---\n\nNội dung.\n")
    meta = content / "resolutions" / "nq-57" / "resolution.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("topics: [chuyen-doi-so]", "topics: [chuyen-doi-so, con]"),
                    encoding="utf-8")
    code, said = check(content, capsys)
    assert code == 1
    assert "pages/nul.vi.md" in said and "Tên 'nul' là tên thiết bị" in said
    assert "resolutions/nq-57/resolution.yaml:6" in said and "Tên 'con' là tên thiết bị" in said


def test_a_language_code_named_as_a_device_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path, one(), site_yaml=SITE_YAML.replace("  hmn:\n", "  con:\n"))
    code, said = check(content, capsys)
    assert code == 1 and "site.yaml:8" in said and "Tên 'con' là tên thiết bị" in said


@pytest.mark.parametrize(("name", "link", "expected"), [
    ("bao-cao?.pdf", "bao-cao%3F.pdf", "có ký tự mà Windows không cho phép trong tên tệp (?)"),
    ("ke:hoach.docx", "ke%3Ahoach.docx", "có ký tự mà Windows không cho phép trong tên tệp (:)"),
    ("con.docx", "con.docx", "Tên 'con.docx' là tên thiết bị dành riêng của Windows"),
    ("Nul .txt", "Nul%20.txt", "Tên 'Nul .txt' là tên thiết bị dành riêng của Windows"),
    ("ghi-chu.", "ghi-chu.", "kết thúc bằng dấu chấm hoặc dấu cách"),
])
def test_an_attachment_windows_cannot_hold_is_refused_at_the_line_that_links_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, link: str, expected: str) -> None:
    content = make_site(tmp_path, one())
    folder = content / "resolutions" / "nq-57"
    (folder / name).write_bytes(b"%PDF-1.4 attachment")
    summary = folder / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8") + f"\nTải về: [tài liệu]({link})\n", encoding="utf-8")
    line = summary.read_text(encoding="utf-8").splitlines().index(f"Tải về: [tài liệu]({link})") + 1
    code, said = check(content, capsys)
    assert code == 1, said
    assert f"resolutions/nq-57/vi.md:{line}" in said and expected in said


def test_a_portable_attachment_name_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Vietnamese letters, spaces inside, several dots, and names that only begin like a device."""
    content = make_site(tmp_path, one())
    folder = content / "resolutions" / "nq-57"
    links = []
    for name in ("Kế hoạch số 12.2025.pdf", "console.docx", "com10.xlsx", "nullable.txt"):
        (folder / name).write_bytes(b"attachment")
        links.append(f"[{name}]({name.replace(' ', '%20')})")
    summary = folder / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8") + "\n" + " ".join(links) + "\n", encoding="utf-8")
    code, said = check(content, capsys)
    assert code == 0, said


def test_a_slug_too_long_for_windows_paths_is_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Built before, it stays buildable; the editor learns why its copy to Windows may fail."""
    slug = "-".join(["nghi-quyet-ve-dot-pha-phat-trien-khoa-hoc"] * 3)
    assert len(slug) > SLUG_MAX_LENGTH
    content = make_site(tmp_path, one(slug))
    code, said = check(content, capsys)
    assert code == 0
    assert f"resolutions/{slug}" in said and f"dài {len(slug)} ký tự, quá {SLUG_MAX_LENGTH} ký tự" in said


def test_a_path_over_windows_limit_is_said_as_too_long(tmp_path: Path) -> None:
    """Windows answers a path over 260 characters (long paths not enabled) with "path not found"
    (WinError 3): the editor learns that the path is too long and what to do, not that a file is missing."""
    import errno
    from generator.machinery.os_errors import environment_problem

    def refused(path: Path) -> OSError:
        exc = FileNotFoundError(errno.ENOENT, "The system cannot find the path specified", str(path))
        exc.winerror = 3                    # type: ignore[attr-defined] - what Windows sets
        return exc
    deep = tmp_path.joinpath("Tài liệu tuyên truyền của trung tâm", *["thu-muc-con"] * 20, "output", "nq-57",
                             "nq-57-vi-to-roi-a4.pdf")
    said = environment_problem(refused(deep), tmp_path).format("vi")
    assert "quá dài" in said and "C:\\tuyentruyen\\output" in said and str(deep) in said
    assert environment_problem(refused(tmp_path / "a.pdf"), tmp_path).code == "env-os-error"
