"""The make rule's input stamp (uptodate.py): a first build's summaries are hashed by the processes
that read them, and the stamp still describes the bytes the build read."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import pipeline
from generator.builders.base import BuildOptions
from generator.changes import ChangeDetector
from generator.machinery import forked
from generator.pipeline import build
from generator.uptodate import UpToDate

from conftest import tree_bytes, write


def site_only(tmp_path: Path) -> BuildOptions:
    return BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, jobs=2, only=frozenset({"site"}))


@pytest.fixture(params=["one process", "forked workers"])
def workers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "forked workers":
        monkeypatch.setattr(forked, "MIN_ITEMS", 2)
        monkeypatch.setattr(forked, "can_fork", lambda: True)
    return request.param


def must_not_load(*args: object, **kwargs: object) -> None:
    raise AssertionError("the content was read again")


def test_a_first_build_hashes_no_summary_before_the_load(tmp_path: Path, site_dir: Path) -> None:
    hashed: list[str] = []

    class Counting(ChangeDetector):
        def file_mark(self, full: str, info):               # type: ignore[no-untyped-def]
            hashed.append(full)
            return super().file_mark(full, info)

    stamp = UpToDate(site_dir, tmp_path / "output", site_only(tmp_path), Counting())
    assert stamp.previous() is None                     # no stamp yet: nothing to compare
    assert any(path.endswith("site.yaml") for path in hashed)
    assert not [path for path in hashed if Path(path).is_relative_to(site_dir.resolve() / "resolutions")]


def test_the_stamp_of_a_first_build_finds_nothing_to_do_next_time(tmp_path: Path, site_dir: Path, workers: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "output"
    build(site_dir, output, site_only(tmp_path))
    before = tree_bytes(output)
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "load_site", must_not_load)
        build(site_dir, output, site_only(tmp_path))
    assert tree_bytes(output) == before
    # a summary edited since: built again
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai đã sửa"))
    build(site_dir, output, site_only(tmp_path))
    assert "Ý thứ hai đã sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")


def test_a_summary_changed_while_the_build_ran_is_built_again(tmp_path: Path, site_dir: Path, workers: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved after the build, the stamp describes the summary as the load read it, not as it is
    at the end: the next build sees the change."""
    output = tmp_path / "output"
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    loaded = pipeline.load_or_raise

    def then_edited(*args, **kwargs):                   # type: ignore[no-untyped-def]
        result = loaded(*args, **kwargs)
        write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai sửa giữa chừng"))
        return result
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "load_or_raise", then_edited)
        build(site_dir, output, site_only(tmp_path))
    assert "sửa giữa chừng" not in (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    build(site_dir, output, site_only(tmp_path))
    assert "Ý thứ hai sửa giữa chừng" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")


def test_what_lies_beside_the_resolution_folders_is_in_the_stamp_too(tmp_path: Path, site_dir: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder kept elsewhere behind a link, a hidden folder and a stray file in resolutions/:
    each change to them runs the build again, as a change to a resolution folder does."""
    elsewhere = tmp_path / "elsewhere" / "ct-05"
    elsewhere.parent.mkdir()
    (site_dir / "resolutions" / "ct-05").rename(elsewhere)
    (site_dir / "resolutions" / "ct-05").symlink_to(elsewhere, target_is_directory=True)
    write(site_dir / "resolutions" / ".draft" / "notes.md", "nháp\n")
    output = tmp_path / "output"
    build(site_dir, output, site_only(tmp_path))
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "load_site", must_not_load)
        build(site_dir, output, site_only(tmp_path))
    for change in (lambda: write(site_dir / "resolutions" / ".draft" / "notes.md", "nháp 2\n"),
                   lambda: write(site_dir / "resolutions" / "ghi-chu.txt", "ghi chú\n"),
                   lambda: write(elsewhere / "vi.md", (elsewhere / "vi.md").read_text(encoding="utf-8")
                                 .replace("Ý thứ hai", "Ý thứ hai qua liên kết"))):
        change()
        with monkeypatch.context() as patched:
            patched.setattr(pipeline, "load_site", must_not_load)
            with pytest.raises(AssertionError, match="read again"):
                build(site_dir, output, site_only(tmp_path))
        build(site_dir, output, site_only(tmp_path))
    assert "Ý thứ hai qua liên kết" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")


def test_a_large_file_replaced_by_one_of_the_same_size_and_time_is_a_change(tmp_path: Path, site_dir: Path) -> None:
    """Nothing else changed: the make rule once said "nothing changed" (a large file was known by
    size and modification time alone) and output/ kept the old attachment."""
    folder = site_dir / "resolutions" / "ct-05"
    attachment = folder / "phu-luc.pdf"
    attachment.write_bytes(b"%PDF-1.4 " + b"a" * 400_000)            # above changes.SMALL_FILE
    write(folder / "vi.md", (folder / "vi.md").read_text(encoding="utf-8") + "\n[Phụ lục](phu-luc.pdf)\n")
    output = tmp_path / "output"
    build(site_dir, output, site_only(tmp_path))
    info = attachment.stat()
    replacement = folder / "moi.tmp"
    replacement.write_bytes(b"%PDF-1.4 " + b"b" * 400_000)
    os.utime(replacement, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(replacement, attachment)
    assert (attachment.stat().st_size, attachment.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    build(site_dir, output, site_only(tmp_path))
    assert (output / "ct-05" / "phu-luc.pdf").read_bytes() == attachment.read_bytes()
