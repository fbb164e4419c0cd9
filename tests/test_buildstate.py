"""The build state (machinery/buildstate.py): written back after an edit without encoding every item again."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.builders.base import BuildOptions
from generator.machinery import buildstate
from generator.machinery.cache_seal import read_json, read_sealed
from generator.pipeline import build
from generator.session import BuildSession

from conftest import tree_bytes


def state_lines(cache: Path) -> dict[str, str]:
    """Each item's line of the saved state, by its key."""
    data = read_sealed(cache / buildstate.STATE_FILE)
    assert data is not None
    rows = data.decode("utf-8").split("\n")
    assert rows[0].startswith('{"output":') and rows[-1] == "}}"
    return {row.split('":', 1)[0][1:]: row.rstrip(",") for row in rows[1:-1]}


def assert_marks_are_those_of(output: Path, cache: Path) -> None:
    for key, entry in read_json(cache / buildstate.STATE_FILE)["items"].items():
        for *file, size, mtime in entry[1]:                  # slug, lang, kind, path, size, then the mark
            info = (output / file[3]).stat()
            assert [size, mtime] == [info.st_size, info.st_mtime_ns], (key, file)


@pytest.fixture
def encoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the items the state encodes when it is saved."""
    keys: list[str] = []
    dumps = buildstate._dumps

    def counting(value: object) -> str:
        if isinstance(value, str) and ":" in value:
            keys.append(value)
        return dumps(value)
    monkeypatch.setattr(buildstate, "_dumps", counting)
    return keys


@pytest.mark.parametrize("process", ["new", "serve"])
def test_after_an_edit_only_the_items_made_again_are_encoded_again(tmp_path: Path, site_dir: Path,
                                                                   encoded: list[str], process: str) -> None:
    cache, output = tmp_path / ".cache", tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=cache, only=frozenset({"site"}))
    session = BuildSession()
    build(site_dir, output, options, session=session)
    before = state_lines(cache)
    assert len(before) > 10 and sorted(encoded) == sorted(before)       # the first build encodes them all
    summary = site_dir / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai, sửa"), encoding="utf-8")
    encoded.clear()
    build(site_dir, output, options, session=session if process == "serve" else None)
    after = state_lines(cache)
    changed = sorted(key for key in after if after[key] != before.get(key))
    assert changed and all("ct-05" in key for key in changed)            # its pages
    assert sorted(encoded) == changed                                    # the others written back as read
    assert_marks_are_those_of(output, cache)
    build(site_dir, tmp_path / "reference", BuildOptions(no_audio=True, only=frozenset({"site"})))
    assert tree_bytes(output) == tree_bytes(tmp_path / "reference")


def test_a_state_of_one_line_is_read_and_written_back_a_line_per_item(tmp_path: Path, site_dir: Path,
                                                                      encoded: list[str]) -> None:
    """As an earlier version wrote it: every item is reused, and encoded once more."""
    cache, output = tmp_path / ".cache", tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=cache, only=frozenset({"site"}))
    build(site_dir, output, options)
    lines = state_lines(cache)
    buildstate.write_json(cache / buildstate.STATE_FILE, read_json(cache / buildstate.STATE_FILE))
    (output / "index.html").write_text("sửa tay", encoding="utf-8")      # so that the build is not skipped
    encoded.clear()
    build(site_dir, output, options)
    assert sorted(encoded) == sorted(lines)
    assert {key for key, line in state_lines(cache).items() if line != lines[key]} == {"site:listing:index.html"}
    assert_marks_are_those_of(output, cache)


def test_files_copied_instead_of_linked_get_their_new_marks(tmp_path: Path, site_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the disk has no hard links (a USB stick), a reused file is a copy with a new
    modification time: its item's line is written again with the copy's marks."""
    import os
    cache, output = tmp_path / ".cache", tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=cache, only=frozenset({"site"}))
    build(site_dir, output, options)

    def no_links(source: object, target: object, **_: object) -> None:
        raise OSError("no hard links on this disk")
    monkeypatch.setattr(os, "link", no_links)
    summary = site_dir / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai, sửa"), encoding="utf-8")
    build(site_dir, output, options)
    assert_marks_are_those_of(output, cache)
    monkeypatch.undo()
    encoded = state_lines(cache)
    build(site_dir, output, options)                   # nothing changed: nothing to do
    assert state_lines(cache) == encoded


@pytest.mark.parametrize("name", [buildstate.EARLIER_STATE_FILE, buildstate.STATE_FILE])
def test_a_state_of_an_earlier_form_is_no_state(tmp_path: Path, site_dir: Path, encoded: list[str], name: str) -> None:
    """A state whose items are objects (as versions before the arrays wrote it, under its earlier
    name; or under this one's) is not read: every item is made again, none taken from it, the
    state is written in the new form and the earlier one removed (an earlier version, run again,
    then finds no state of a form it cannot read)."""
    cache, output = tmp_path / ".cache", tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=cache, only=frozenset({"site"}))
    build(site_dir, output, options)
    lines = state_lines(cache)
    earlier = {key: {"fingerprint": entry[0], "files": [dict(zip(("slug", "lang", "kind", "path", "size"), row))
                                                         for row in entry[1]],
                     "problems": entry[2], "published": entry[3], "marks": [row[5:] for row in entry[1]]}
               for key, entry in read_json(cache / buildstate.STATE_FILE)["items"].items()}
    (cache / buildstate.STATE_FILE).unlink()
    buildstate.write_json(cache / name, {"output": str(output.resolve()), "items": earlier})
    page = output / "ct-05" / "index.html"
    inode = page.stat().st_ino
    (output / "index.html").write_text("sửa tay", encoding="utf-8")      # so that the build is not skipped
    encoded.clear()
    build(site_dir, output, options)
    assert page.stat().st_ino != inode                                   # made again, not kept
    assert sorted(encoded) == sorted(lines) == sorted(state_lines(cache))
    assert {key: entry[0] for key, entry in read_json(cache / buildstate.STATE_FILE)["items"].items()} == \
        {key: entry["fingerprint"] for key, entry in earlier.items()}
    assert_marks_are_those_of(output, cache)
    assert not (cache / buildstate.EARLIER_STATE_FILE).exists()


def test_a_kept_file_that_another_item_then_writes_is_saved_with_its_new_mark(tmp_path: Path) -> None:
    """A reused item's line is written back as read only while its files are those it kept."""
    from generator.changes import ChangeDetector
    from generator.machinery.output import Staging
    cache, output = tmp_path / ".cache", tmp_path / "output"

    def new_build() -> tuple[buildstate.BuildState, Staging]:
        return buildstate.BuildState(cache, output, ChangeDetector()), Staging(output, tmp_path / "content")
    state, staging = new_build()
    with staging.recording() as written:
        staging.write_text("a/index.html", "một", kind="page", slug="a", lang="vi")
    state.remember("site:vi/a", "fp", written, [])
    staging.write_manifest()
    staging.commit()
    state.save(staging.file_stats)
    before = state_lines(cache)["site:vi/a"]
    state, staging = new_build()
    assert state.reuse(staging, "site:vi/a", "fp") == ([], [])
    staging.write_text("a/index.html", "hai, dài hơn", kind="page", slug="a", lang="vi")     # another item's
    staging.write_manifest()
    staging.commit()
    state.save(staging.file_stats)
    assert state_lines(cache)["site:vi/a"] != before
    assert_marks_are_those_of(output, cache)
