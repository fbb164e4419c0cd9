"""The cache keeps what the current output was made from: edits do not make it grow."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import cache_gc
from generator.machinery.buildstate import STATE_FILE
from generator.machinery.cache_seal import read_json, read_sealed
from generator.builders.base import BuildOptions
from generator.pipeline import build

from conftest import manifest, write

STRAY_PDF = "ab" * 32 + ".pdf"        # an entry no output file comes from
STRAY_AUDIO = "cd" * 32 + ".mp3"
STRAY_PHOTO = "ef" * 16
STRAY_CARD = "vi-nghi-quyet-da-xoa"    # the share image of a page deleted since


@pytest.fixture
def no_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries made a moment ago may go (the default keeps them, for another process's sake)."""
    monkeypatch.setattr(cache_gc, "KEEP_YOUNG", 0)


def cached_pdfs(cache: Path) -> set[str]:
    return {p.stem for p in cache.glob("*.pdf")}


def edit(site_dir: Path, n: int) -> None:
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", f"Ý thứ hai ({n})", 1))


def index_files(cache: Path) -> dict[str, str]:
    return read_json(cache / "cache-index.json")["files"]


def test_after_edits_the_cache_holds_one_entry_per_pdf_of_the_output(tmp_path: Path, site_dir: Path,
                                                                     no_grace: None) -> None:
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, output, options)
    for n in range(3):                                   # three edits, each making ct-05's PDFs anew
        edit(site_dir, n)
        build(site_dir, output, options)
    pdfs = [a["path"] for a in manifest(output)["artifacts"] if a["path"].endswith((".pdf", ".pptx"))]
    index = index_files(cache)
    assert sorted(index) == sorted(pdfs)                 # every PDF (and deck) of the output, also the reused ones
    assert cached_pdfs(cache) == set(index.values())     # and nothing else
    assert all((cache / f"{key}.json").is_file() for key in index.values())
    a4 = next(p for p in pdfs if p.endswith("ct-05-vi-to-roi-a4.pdf"))
    assert read_sealed(cache / f"{index[a4]}.pdf") == (output / a4).read_bytes()


def test_the_index_is_written_again_only_when_its_entries_change(tmp_path: Path, site_dir: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, no_audio=True, only=frozenset({"site", "leaflets"}))
    page = write(site_dir / "pages" / "gioi-thieu.vi.md", "---\ntitle: Giới thiệu\n---\n\nTrung tâm.\n")
    build(site_dir, output, options)
    written = (cache / "cache-index.json").stat().st_mtime_ns, index_files(cache)
    write(page, page.read_text(encoding="utf-8") + "\nMột câu nữa.\n")     # a page: no PDF made
    build(site_dir, output, options)
    assert "Một câu nữa." in (output / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert ((cache / "cache-index.json").stat().st_mtime_ns, index_files(cache)) == written
    edit(site_dir, 1)                                    # ct-05's leaflets: new entries
    build(site_dir, output, options)
    assert index_files(cache) != written[1]
    pdfs = [a["path"] for a in manifest(output)["artifacts"] if a["path"].endswith(".pdf")]
    assert sorted(index_files(cache)) == sorted(pdfs)


def test_partial_and_silent_builds_keep_what_they_did_not_make(tmp_path: Path, site_dir: Path,
                                                              no_grace: None) -> None:
    output, cache = tmp_path / "output", tmp_path / ".cache"
    full = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, output, full)
    for name in (STRAY_PDF, STRAY_AUDIO):
        (cache / name).write_bytes(b"x")
    (cache / "photos" / STRAY_PHOTO).mkdir(parents=True)
    cards = cache / "share-images"
    live_cards = sorted(p.name for p in cards.iterdir())
    (cards / STRAY_CARD).write_bytes(b"x")
    edit(site_dir, 1)
    build(site_dir, output, BuildOptions(cache_dir=cache, no_audio=True, only=frozenset({"leaflets"})))
    assert (cache / STRAY_PDF).is_file() and (cards / STRAY_CARD).is_file()    # --only: nothing is removed…
    a4 = "ct-05/ct-05-vi-to-roi-a4.pdf"
    assert read_sealed(cache / f"{index_files(cache)[a4]}.pdf") == (output / a4).read_bytes()   # …but noted
    build(site_dir, output, full)
    assert (output / a4).read_bytes() == read_sealed(cache / f"{index_files(cache)[a4]}.pdf")
    assert not (cache / STRAY_PDF).exists() and not (cache / "photos" / STRAY_PHOTO).exists()
    assert sorted(p.name for p in cards.iterdir()) == live_cards and "vi-ct-05" in live_cards
    assert (cache / STRAY_AUDIO).is_file()               # no sound made: speech is kept
    assert (cache / STATE_FILE).is_file()


def test_a_sweep_removes_the_saved_search_postings_of_a_language_dropped_from_site_yaml(
        tmp_path: Path, site_dir: Path, no_grace: None) -> None:
    """Each language's search postings are saved in a file of its own (builders/search/saved.py):
    once a language is taken out of site.yaml, the next sweep removes its file (and the earlier
    single file of every language); the other languages' stay, for the next edit."""
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, output, options)
    postings = {lang: cache / cache_gc.postings_file(lang) for lang in ("vi", "hmn")}
    assert all(path.is_file() for path in postings.values())
    (cache / "search-postings.json").write_bytes(b"{}")             # FORMAT 1: every language in one
    site_yaml = site_dir / "site.yaml"
    write(site_yaml, site_yaml.read_text(encoding="utf-8").split("  hmn:")[0])
    for translation in site_dir.glob("resolutions/*/hmn.md"):
        translation.unlink()
    build(site_dir, output, options)                     # no sweep recorded yet: due
    assert not (output / "hmn").exists()
    assert not postings["hmn"].exists() and not (cache / "search-postings.json").exists()
    assert postings["vi"].is_file()


def test_nothing_is_removed_without_an_index_naming_every_entry(tmp_path: Path, site_dir: Path,
                                                                no_grace: None) -> None:
    """A lost index (or one from before this was added) knows only what the next build makes,
    not the entries of the files it reuses: those must stay."""
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, output, options)
    edit(site_dir, 1)
    build(site_dir, output, options)
    (cache / "cache-index.json").unlink()
    before = cached_pdfs(cache)
    edit(site_dir, 2)
    build(site_dir, output, options)
    assert before <= cached_pdfs(cache)
    pdfs = {a["path"] for a in manifest(output)["artifacts"] if a["path"].endswith((".pdf", ".pptx"))}
    assert set(index_files(cache)) < pdfs                # only ct-05's made anew are known…
    edit(site_dir, 3)
    build(site_dir, output, options)                     # a new process, which sweeps the whole folder…
                                                         # …so this build may not remove the others
    cached = {read_sealed(cache / f"{key}.pdf") for key in cached_pdfs(cache)}
    reused = [p for p in pdfs if p.startswith(("nq-57/", "hmn/nq-57/"))]
    assert reused and all((output / p).read_bytes() in cached for p in reused)


def test_two_output_folders_sharing_a_cache_remove_nothing_of_each_other(tmp_path: Path, site_dir: Path,
                                                                         no_grace: None) -> None:
    cache = tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, tmp_path / "output", options)
    other = tmp_path / "content-copy"
    shutil.copytree(site_dir, other)
    edit(other, 9)
    build(other, tmp_path / "output-thu", options)
    kept = cached_pdfs(cache)
    edit(site_dir, 1)
    build(site_dir, tmp_path / "output", options)
    assert kept <= cached_pdfs(cache)


def test_entries_made_a_moment_ago_are_kept(tmp_path: Path, site_dir: Path) -> None:
    """Another process (a serve beside a build, a check) may have just made them."""
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, output, options)
    (cache / STRAY_PDF).write_bytes(b"x")
    edit(site_dir, 1)
    build(site_dir, output, options)
    assert (cache / STRAY_PDF).is_file()


def test_the_whole_folder_is_swept_only_when_a_sweep_is_due(tmp_path: Path, site_dir: Path, no_grace: None) -> None:
    """An edit removes the entries the index dropped, by name; what only a listing of the folder
    finds (an entry no index names) waits for the next sweep, a day after the last one."""
    from generator.machinery.cache_seal import write_json
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, output, options)
    edit(site_dir, 1)
    build(site_dir, output, options)                     # no sweep recorded yet: due
    swept = read_json(cache / "cache-index.json")
    assert isinstance(swept["swept"], float) and swept["left"] == 0
    (cache / STRAY_PDF).write_bytes(b"x")
    before = set(index_files(cache).values())
    edit(site_dir, 2)
    build(site_dir, output, options)
    assert (cache / STRAY_PDF).is_file()                 # not due: the folder was not listed…
    assert before - set(index_files(cache).values())     # …but ct-05's old PDFs, dropped, are gone by name
    assert cached_pdfs(cache) == set(index_files(cache).values()) | {STRAY_PDF[:-4]}
    assert read_json(cache / "cache-index.json")["swept"] == swept["swept"]
    index = read_json(cache / "cache-index.json")
    write_json(cache / "cache-index.json", {**index, "swept": index["swept"] - cache_gc.SWEEP_EVERY - 1})
    edit(site_dir, 3)
    build(site_dir, output, options)                     # a day later: due
    assert not (cache / STRAY_PDF).exists()
    assert cached_pdfs(cache) == set(index_files(cache).values())
    assert read_json(cache / "cache-index.json")["swept"] > swept["swept"]


def test_dropped_entries_left_behind_make_a_sweep_due_sooner(tmp_path: Path, site_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Dropped entries made a moment ago are left (another process may use them) and counted;
    once SWEEP_AFTER_LEFT are left, the next build sweeps the whole folder."""
    import os
    import time
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, output, options)
    edit(site_dir, 1)
    build(site_dir, output, options)                     # swept (none recorded); every entry young: kept
    first = set(index_files(cache).values())
    edit(site_dir, 2)
    build(site_dir, output, options)
    dropped = first - set(index_files(cache).values())
    assert dropped and all((cache / f"{key}.pdf").is_file() for key in dropped)
    assert read_json(cache / "cache-index.json")["left"] == len(dropped)
    hour_ago = time.time() - 3600
    for key in dropped:
        for suffix in ("pdf", "json"):
            os.utime(cache / f"{key}.{suffix}", (hour_ago, hour_ago))
    monkeypatch.setattr(cache_gc, "SWEEP_AFTER_LEFT", len(dropped))
    page = write(site_dir / "pages" / "gioi-thieu.vi.md", "---\ntitle: Giới thiệu\n---\n\nTrung tâm.\n")
    assert page.is_file()
    build(site_dir, output, options)                     # an edit that drops nothing, with a sweep due
    assert not any((cache / f"{key}.pdf").exists() for key in dropped)
    assert read_json(cache / "cache-index.json")["left"] == 0


def test_an_entry_another_program_holds_is_skipped_and_tried_again_next_build(
        tmp_path: Path, site_dir: Path, no_grace: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to delete a file another program has open (PermissionError, simulated):
    the sweep skips it and removes the rest, and stays due, so the next build tries it again
    (not a day later)."""
    import errno
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, output, options)
    strays = [cache / (letter * 64 + ".pdf") for letter in "abcdef"]
    for stray in strays:
        stray.write_bytes(b"x")
    held = strays[0]
    unlink = Path.unlink

    def as_windows(path: Path, *args: object, **kwargs: object) -> None:
        if path.name == held.name:
            raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used "
                                                "by another process", str(path))
        unlink(path, *args, **kwargs)
    with monkeypatch.context() as patched:
        patched.setattr(Path, "unlink", as_windows)
        edit(site_dir, 1)
        build(site_dir, output, options)                 # no sweep recorded yet: due
    assert [stray for stray in strays if stray.exists()] == [held]
    edit(site_dir, 2)
    build(site_dir, output, options)                     # let go: the next build sweeps again
    assert not held.exists()
    assert cached_pdfs(cache) == set(index_files(cache).values())
    assert read_json(cache / "cache-index.json")["swept"] is not None
