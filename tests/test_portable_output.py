"""Nothing assumes one operating system: no hard links (FAT, some Windows shares), no atomic
folder exchange, Vietnamese names stored decomposed (macOS), case-insensitive file systems."""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.machinery import folder_swap
from generator.builders.base import BuildOptions
from generator.cli import main
from generator.load import load_site
from generator.pipeline import build

from conftest import manifest, tree_bytes, write
from test_photos import write_site


def edit(content: Path, slug: str, old: str, new: str) -> None:
    summary = content / "resolutions" / slug / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_without_hard_links_the_build_copies_and_gives_the_same_bytes(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A FAT32 USB stick refuses os.link (EPERM): an update in place moves the replaced files
    aside instead of linking them, and the photos in the PDF renderer's folder are copied."""
    linked, copied = tmp_path / "linked", tmp_path / "copied"
    write_site(linked)
    shutil.copytree(linked / "content", copied / "content")        # the same photo bytes (they hold noise)
    options = {root: BuildOptions(no_audio=True, cache_dir=root / ".cache") for root in (linked, copied)}
    for root in (linked, copied):
        build(root / "content", root / "output", options[root])
        edit(root / "content", "nq-57", "Ý thứ nhất", "Ý thứ nhất, sửa")
    build(linked / "content", linked / "output", options[linked])      # with links, as on ext4/NTFS

    refused: list[str] = []

    def no_link(source, target, *args, **kwargs) -> None:
        refused.append(str(target))
        raise OSError(errno.EPERM, "Operation not permitted", str(source), None, str(target))
    monkeypatch.setattr(os, "link", no_link)
    build(copied / "content", copied / "output", options[copied])
    assert refused                                  # the build did try, and went on without
    assert tree_bytes(copied / "output") == tree_bytes(linked / "output")
    assert all(path.stat().st_nlink == 1 for path in (copied / "output").rglob("*") if path.is_file())
    assert sorted(p.name for p in copied.iterdir() if p.name.startswith(".output.")) == []


def test_without_the_folder_exchange_two_renames_do_the_swap(tmp_path: Path, site_dir: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """FAT and NFS answer renameat2(RENAME_EXCHANGE) with EINVAL; Windows and macOS have none."""
    def einval(*args: object) -> int:
        ctypes.set_errno(errno.EINVAL)
        return -1
    monkeypatch.setattr(folder_swap, "_renameat2", lambda: einval)
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    assert folder_swap.exchange(first, second) is False
    monkeypatch.setattr(folder_swap, "_renameat2", lambda: None)         # a system without it
    assert folder_swap.exchange(first, second) is False

    output = tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache", only=frozenset({"site"}))
    build(site_dir, output, options)
    edit(site_dir, "ct-05", "Ý thứ hai", "Ý thứ hai, sửa")
    shutil.rmtree(tmp_path / ".cache")          # no build state: every file made, the whole folder swapped
    folder = output.stat().st_ino
    build(site_dir, output, options)
    assert output.stat().st_ino != folder
    assert "Ý thứ hai, sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".output.")) == []


def test_an_output_folder_with_a_decomposed_vietnamese_name(tmp_path: Path, site_dir: Path) -> None:
    """macOS may list `Kết quả` decomposed: what killed builds left beside it is still found."""
    name = "Kết quả"
    output = tmp_path / unicodedata.normalize("NFC", name)
    assert main(["build", "--content", str(site_dir), "--output", str(output), "--no-audio", "-q",
                 "--only", "site"]) == 0
    gone = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout)
    left = tmp_path / f".{unicodedata.normalize('NFD', name)}.staging-{gone}"
    left.mkdir()
    edit(site_dir, "ct-05", "Ý thứ hai", "Ý thứ hai, sửa")
    assert main(["build", "--content", str(site_dir), "--output", str(output), "--no-audio", "-q",
                 "--only", "site"]) == 0
    assert not left.exists()
    assert manifest(output)["artifacts"]


def test_files_differing_only_in_case_are_refused_by_check_and_build(tmp_path: Path, site_dir: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder = site_dir / "resolutions" / "ct-05"
    (folder / "Bao-cao.pdf").write_bytes(b"%PDF-1.4 first\n")
    (folder / "bao-cao.pdf").write_bytes(b"%PDF-1.4 second\n")
    summary = folder / "vi.md"
    write(summary, summary.read_text(encoding="utf-8") + "\n[Báo cáo](Bao-cao.pdf)\n\nXem [bản kia](bao-cao.pdf).\n")
    _, problems = load_site(site_dir)
    clash = [p for p in problems if p.code == "asset-case-clash"]
    assert len(clash) == 1 and clash[0].path == summary and clash[0].line is not None
    line = summary.read_text(encoding="utf-8").split("\n")[clash[0].line - 1]
    assert "bao-cao.pdf" in line
    assert main(["check", "--fast", "--content", str(site_dir)]) == 1
    out = capsys.readouterr().out
    assert "chỉ khác nhau chữ hoa/thường" in out and "vi.md:" in out
