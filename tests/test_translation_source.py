"""Translations work on the source the loader read (Summary.source), and their segments stay
exactly as the first parser (translations/segments.py with its own
regexes, before content/source.py) cut them: the ids and hashes are stored in records and in
.po/.csv exchanges. tests/fixtures/segments.json holds what that parser gave for the example
content, a bench corpus and Markdown that is hard to cut (tests/segment_samples.py)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator import session_store
from generator.cli import main
from generator.content.sections import DEFAULT_LABELS
from generator.load import load_site
from generator.session import BuildSession
from generator.translations.segments import document_of, parse_document
from generator.translations.translation_review import review_one, site_statuses

from conftest import EXAMPLE_CONTENT, make_site, standard_resolution
from segment_samples import FIXTURE, TRICKY, digest, folders, summary_files

PINNED = json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def contents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return folders(tmp_path_factory.mktemp("corpus"))


def test_the_loaded_model_gives_the_pinned_segments(contents: dict[str, Path]) -> None:
    """The build's way: cut from the source the loader kept on the model, no file read again."""
    found = {}
    for name, content in contents.items():
        site, problems = load_site(content)
        assert site is not None, problems
        for res in site.resolutions:
            for lang, summary in res.summaries.items():
                labels = site.config.languages[lang].section_labels
                found[f"{name}:{res.slug}/{lang}.md"] = digest(document_of(summary, labels))
    assert found == {key: value for key, value in PINNED.items() if not key.startswith("tricky:")}
    assert len(found) == 9 + 30


def test_a_restored_session_keeps_the_source_the_segments_are_cut_from(tmp_path: Path) -> None:
    """A new process reviews translations of restored resolutions (e.g. after glossary.yaml
    changed) from the source saved with the session."""
    first = BuildSession()
    site, _ = load_site(EXAMPLE_CONTENT, session=first)
    session_store.save(first, tmp_path, EXAMPLE_CONTENT)
    second = BuildSession()
    assert session_store.restore(second, tmp_path, EXAMPLE_CONTENT)
    restored = {os.path.basename(folder): entry[2][0] for folder, entry in second.loaded.items()}
    found = {f"example:{slug}/{lang}.md": digest(document_of(summary, site.config.languages[lang].section_labels))
             for slug, res in restored.items() for lang, summary in res.summaries.items()}
    assert found == {key: value for key, value in PINNED.items() if key.startswith("example:")}


def test_text_gives_the_pinned_segments(contents: dict[str, Path]) -> None:
    """The import's way (a file about to be written): text → the same reading → the same segments."""
    from generator.config import load_config
    from generator.content.reader import read_yaml
    found = {}
    for name, content in contents.items():
        config, _ = load_config(read_yaml(content / "site.yaml")[0])
        for key, path in summary_files(content):
            labels = config.languages[path.stem].section_labels
            found[f"{name}:{key}"] = digest(parse_document(path.read_bytes().decode("utf-8-sig"), labels, path))
    for key, text in TRICKY.items():
        found[f"tricky:{key}"] = digest(parse_document(text, DEFAULT_LABELS))
    assert found == PINNED


def test_the_pin_can_fail() -> None:
    """A point cut differently changes the digest."""
    text = TRICKY["fence-in-point"]
    assert digest(parse_document(text, DEFAULT_LABELS)) != digest(parse_document(text.replace("\n- Hai", "\nHai"),
                                                                                    DEFAULT_LABELS))


def test_the_review_reads_no_summary_again(tmp_path: Path) -> None:
    """With the summaries gone from disk after loading, the review and the statuses come out the
    same: they are made from the model, not from the files."""
    files = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57", hmn=True)
    content = make_site(tmp_path, {"nq-57": files})
    assert main(["translations", "mark-reviewed", "nq-57", "hmn", "--content", str(content)]) == 0
    folder = content / "resolutions" / "nq-57"
    vi = folder / "vi.md"
    edited = vi.read_text(encoding="utf-8").replace("- Điểm mới thứ nhất\n", "- Điểm mới thứ nhất đã sửa\n")
    vi.write_text(edited, encoding="utf-8")
    site, problems = load_site(content)
    assert site is not None, problems
    res = site.resolution("nq-57")
    assert res.summaries["hmn"].translation_status == "outdated"
    before = site_statuses(site.resolutions, site.config)
    assert [(c.kind, c.id) for c in before[0].changes] == [("changed", "new_points/1")]
    for name in ("vi.md", "hmn.md"):
        (folder / name).unlink()
    reviewed, found = review_one(res, site.config, site.glossary)
    assert reviewed.summaries["hmn"].translation_status == "outdated"
    assert any(p.code == "translation-outdated" for p in found)
    assert site_statuses(site.resolutions, site.config) == before
