"""Speed-ups found by the benchmark (bench/): each must give exactly what the slow path gave."""
from __future__ import annotations

import json
import os
import posixpath
import random
import shutil
import sys
import time
from typing import Any, Callable
from pathlib import Path

import pytest

from generator import urls
from generator.machinery.cache_seal import read_json, write_json
from generator.builders.base import BuildOptions
from generator import load as loader
from generator.content import markdown_render, tree_memo
from generator.content.reader import read_text, split_front_matter
from generator.builders import pdf_jobs
from generator.machinery.output import Staging
from generator.pdf import default_template_dir
from generator.pdf.sample import sample_data
from generator.builders.pdf_jobs import PdfJob, PdfService
from generator.pipeline import build
from generator.session import BuildSession
from generator.session_store import SESSION_FILE
from generator.uptodate import STAMP_FILE
from generator.spoken import legacy
from generator.diagnostics import has_errors
from generator.fonts import PACKAGED_DIR

from conftest import tree_bytes, write


# Audit hooks cannot be removed: the one _recorded adds once records only while this holds a function.
recording: list[Callable[[str, tuple], None] | None] = [None]
sys.addaudithook(lambda event, args: recording[0] is not None and recording[0](event, args))


def _bodies(site_dir: Path) -> set[str]:
    """The distinct Markdown bodies of the summaries (identical ones render once)."""
    return {split_front_matter(p, read_text(p)[0])[0].body for p in (site_dir / "resolutions").glob("*/*.md")}


def _options(tmp_path: Path) -> BuildOptions:
    return BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site"}))


def _count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    rendered: list[str] = []
    real = markdown_render._render

    def counting(text: str):
        rendered.append(text)
        return real(text)

    monkeypatch.setattr(markdown_render, "_render", counting)
    return rendered


def test_second_build_reads_trees_from_the_cache_and_matches_a_clean_build(
        tmp_path: Path, site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "output"
    build(site_dir, output, _options(tmp_path))
    memo = read_json(tmp_path / ".cache" / tree_memo.MEMO_FILE)
    assert len(memo["trees"]) == len(_bodies(site_dir)) >= 2

    (tmp_path / ".cache" / SESSION_FILE).unlink()    # the trees serve when the saved model does not
    rendered = _count_renders(monkeypatch)
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai đã sửa"))
    build(site_dir, output, _options(tmp_path))
    assert len(rendered) == 1 and "Ý thứ hai đã sửa" in rendered[0]     # only the edited summary

    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=frozenset({"site"})))
    assert tree_bytes(output) == tree_bytes(clean)


@pytest.mark.parametrize("damage", ["not json {", '{"code": "another version", "trees": {}}',
                                    '{"code": null, "trees": 5}'])
def test_a_damaged_or_foreign_cache_file_is_ignored(tmp_path: Path, site_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    output = tmp_path / "output"
    build(site_dir, output, _options(tmp_path))
    expected = tree_bytes(output)
    memo_file = tmp_path / ".cache" / tree_memo.MEMO_FILE
    if damage.startswith("not json"):
        memo_file.write_text(damage, encoding="utf-8")
    else:                                            # sealed as the build writes it, but not for this code
        write_json(memo_file, json.loads(damage))
    (tmp_path / ".cache" / STAMP_FILE).unlink()      # else nothing changed and nothing is built
    (tmp_path / ".cache" / SESSION_FILE).unlink()    # else the saved model is used: nothing is rendered
    rendered = _count_renders(monkeypatch)
    build(site_dir, output, _options(tmp_path))
    assert set(rendered) == _bodies(site_dir)                                  # all rendered again
    assert tree_bytes(output) == expected


def test_memo_round_trip_keeps_every_node() -> None:
    source = "Đoạn *một*.\n\n- ý [liên kết](https://a.vn/ \"tiêu đề\")\n  - con\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    tree = markdown_render._render(source)
    assert tree_memo._decode_all(json.loads(json.dumps(tree_memo._encode_all(tree)))) == tree


def test_legacy_quick_check_agrees_with_the_full_scan() -> None:
    """The one-search pre-check may only skip texts in which the word-by-word scan finds nothing."""
    pool = list("aAeEoOuUđĐ ăâêôơưàáảãạằắẳẵặ\nxyzTNghị-") + [chr(c) for c in range(0x80, 0x100)] + list("€‘’™œ")
    rng = random.Random(7)
    samples = ["Ủy ban nhân dân", "Uû ban nh©n d©n", "UÛy ban nhaân daân", "Viá»‡t Nam", "Müller", "hòa hoà"]
    samples += ["".join(rng.choice(pool) for _ in range(rng.randrange(1, 14))) for _ in range(20000)]
    flagged = 0
    for text in samples:
        runs = legacy._runs(text)
        full = [(s, e) for s, e, _ in runs] if any(strong for _, _, strong in runs) else []
        assert legacy.legacy_spans(text) == full, text
        flagged += bool(full)
    assert flagged > 100          # the samples do exercise the slow path


def test_legacy_one_by_one_search_agrees_with_the_alternation() -> None:
    """may_be_legacy searches the signs one by one, pairs of classes from their second class:
    the same answer as the one search of their alternation."""
    pool = list("aAeEoOuUđĐ ăâêôơưàáảãạằắẳẵặ\nxyzTNghị-") + [chr(c) for c in range(0x80, 0x100)] + list("€‘’™œ")
    rng = random.Random(8)
    samples = ["Ủy ban nhân dân", "Uû ban nh©n d©n", "UÛy ban nhaân daân", "Viá»‡t Nam", "ViÖt", "aÀ", "oÂ", "uÙ", "Ä‘"]
    samples += ["".join(rng.choice(pool) for _ in range(rng.randrange(1, 14))) for _ in range(20000)]
    answers = [legacy.may_be_legacy(text) for text in samples]
    assert answers == [bool(legacy._MAYBE_STRONG.search(text)) for text in samples]
    assert 100 < sum(answers) < len(samples) - 100
    assert [part.pattern for part in legacy._MAYBE_STRONG_PARTS][2] == "[\\u00c0-\\u00de](?<=[a-z\\u00df-\\u00ff].)"


def test_staging_finds_artifacts_by_resolution_and_language(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "output")
    staging.write_text("a/x.html", "1", kind="page", slug="a", lang="vi")
    staging.write_text("a/x.pdf", "2", kind="leaflet-a4", slug="a", lang="vi")
    staging.write_text("hmn/a/x.html", "3", kind="page", slug="a", lang="hmn")
    staging.write_text("a/x.pdf", "4", kind="leaflet-a4", slug="b", lang="vi")      # rewritten for another one
    assert [a.path for a in staging.artifacts_for("a", "vi")] == ["a/x.html"]
    assert [a.path for a in staging.artifacts_for("b", "vi")] == ["a/x.pdf"]
    assert [a.path for a in staging.artifacts_for("a", "hmn")] == ["hmn/a/x.html"]
    assert staging.artifacts_for("c", "vi") == []
    staging.discard()


def test_relative_links_match_posixpath() -> None:
    rng = random.Random(3)
    parts = ["a", "b", "hmn", "index.html", "x.pdf", "", ".", "..", "nq-1"]
    checked = 0
    for _ in range(50000):
        start = "/".join(rng.choice(parts) for _ in range(rng.randrange(1, 5)))
        target = "/".join(rng.choice(parts) for _ in range(rng.randrange(1, 5)))
        if not target or target.startswith("/"):
            continue
        expected = posixpath.relpath(target, posixpath.dirname(start) or ".")
        assert urls.relative(start, target) == expected, (start, target)
        checked += 1
    assert checked > 10000
    assert urls.relative("hmn/nq-1/index.html", "assets/style.css") == "../../assets/style.css"
    assert urls.relative("index.html", "nq-1/index.html") == "nq-1/index.html"


def _study_sheet_jobs(count: int, drawn: list[int]):
    """Small PDF jobs from a generator that counts how many were taken."""
    for index in range(count):
        drawn.append(index)
        data = sample_data("study-sheet")
        data["title"] = f"Nghị quyết số {index + 1}"
        yield PdfJob(f"{index}.pdf", "study-sheet", f"r{index}", "vi", "study-sheet.typ", data)


@pytest.mark.parametrize("workers", [1, 2])
def test_pdfs_stream_in_order_with_a_bounded_window(monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    monkeypatch.setattr(pdf_jobs, "WINDOW", 3)
    monkeypatch.setattr(pdf_jobs, "INLINE_LIMIT", 3)     # jobs read ahead to choose inline or workers
    service = PdfService([default_template_dir()], cache_dir=None, jobs=workers)
    drawn: list[int] = []
    seen = []
    for outcome in service.render_each(_study_sheet_jobs(9, drawn)):
        assert len(drawn) <= len(seen) + 1 + 3 + 1       # never more than the window ahead of the reader
        seen.append(outcome.job.path)
        assert outcome.pdf.startswith(b"%PDF") and outcome.pages >= 1
    assert seen == [f"{i}.pdf" for i in range(9)]



def test_a_long_running_process_reads_again_only_the_folders_that_changed(site_dir: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.load import load_site
    session = BuildSession()
    load_site(site_dir, session=session)
    read: list[str] = []
    original = loader._load_resolution
    monkeypatch.setattr(loader, "_load_resolution",
                        lambda folder, *rest: read.append(folder.name) or original(folder, *rest))
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    vi.write_text(vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai đã sửa"), encoding="utf-8")
    site, _ = load_site(site_dir, session=session)
    assert read == ["ct-05"]
    points = site.resolution("ct-05").summaries["vi"].sections[0].points
    assert "Ý thứ hai đã sửa" in " ".join(point.text for point in points)
    # site.yaml changes how every folder is read: all are read again.
    (site_dir / "site.yaml").write_text((site_dir / "site.yaml").read_text(encoding="utf-8") + "description: Mới\n",
                                        encoding="utf-8")
    read.clear()
    load_site(site_dir, session=session)
    assert sorted(read) == ["ct-05", "nq-57"]


class _CountedTuple(tuple):
    """A tuple that counts how often it is walked."""
    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def test_a_resolution_is_found_by_its_slug_without_walking_the_list_each_time(site_dir: Path) -> None:
    from dataclasses import replace
    from generator.load import load_site
    site, _ = load_site(site_dir, session=BuildSession())
    slugs = [res.slug for res in site.resolutions]
    first = site.resolutions[0]
    twin = replace(site.resolutions[1], slug=first.slug)      # another folder with the first one's slug
    counted = replace(site, resolutions=_CountedTuple((*site.resolutions, twin)))
    found = [counted.resolution(slug) for slug in slugs * 50]
    # Pages look up every resolution they link to: one walk of the list for all look-ups.
    assert _CountedTuple.walks == 1
    assert [res.slug for res in found] == slugs * 50
    assert counted.resolution(first.slug) is first          # the first of a slug wins, as before
    assert counted.resolution("no-such-slug") is None

def _recorded(action: Callable[[], Any], watched: Path) -> tuple[Any, list[str]]:
    """action(), and the files under `watched` it opened and the font folders it listed."""
    seen: list[str] = []
    where = os.path.abspath(watched)

    def hook(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], str) and args[0].startswith(where):
            seen.append(os.path.relpath(args[0], where))
        elif event == "os.scandir" and isinstance(args[0], str) and os.path.abspath(args[0]) == str(PACKAGED_DIR):
            seen.append("font folder")
    recording[0] = hook
    try:
        return action(), seen
    finally:
        recording[0] = None


def test_a_cold_build_opens_each_summary_and_resolution_yaml_once(site_dir: Path, tmp_path: Path) -> None:
    """The input stamp hashes each file; the loader and the glyph check use those bytes
    (changes.read_bytes) instead of opening the file again."""
    texts = sorted(str(p.relative_to(site_dir)) for p in (site_dir / "resolutions").glob("*/*")
                   if p.suffix in (".md", ".yaml"))
    assert len(texts) == 5
    for name in texts:      # not written just now (a file hashed within seconds of its change is hashed again)
        os.utime(site_dir / name, (time.time() - 60, time.time() - 60))
    result, opened = _recorded(lambda: build(site_dir, tmp_path / "output", BuildOptions(
        cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site"}), jobs=1)), site_dir)
    assert result.artifacts and not has_errors(result.problems)
    assert sorted(name for name in opened if name in texts) == texts      # each once (translations too)


def test_the_glyph_check_lists_the_font_folder_once_however_many_folders(site_dir: Path) -> None:
    _, before = _recorded(lambda: loader.load_site(site_dir, session=BuildSession()), site_dir)
    for number in range(3):
        shutil.copytree(site_dir / "resolutions" / "ct-05", site_dir / "resolutions" / f"ct-0{number}")
    (site, _), after = _recorded(lambda: loader.load_site(site_dir, session=BuildSession()), site_dir)
    assert len(site.resolutions) == 5
    assert 0 < after.count("font folder") == before.count("font folder")
