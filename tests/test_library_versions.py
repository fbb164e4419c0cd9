"""A library's version in the cache keys (Typst for the PDFs, python-pptx for the lecturer's deck,
Pillow for the share images) is read from its wheel's METADATA, as importlib.metadata gives it,
without importing importlib.metadata (≈ 0.02 CPU s of every edit that makes PDFs, issue 13)."""
from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from generator.builders.pdf_worker import MAKERS
from generator.machinery.installed import library_version

from conftest import imported_by_a_build, make_site


def _installed(folder: Path, name: str, metadata: str) -> None:
    (folder / name).mkdir(parents=True)
    (folder / name / "METADATA").write_text(metadata, encoding="utf-8")


@pytest.mark.parametrize("library", ["typst", "pillow", "Pillow", "python-pptx", "python_pptx",
                                     *(maker[2] for maker in MAKERS.values())])
def test_each_library_a_cache_key_names_has_the_version_importlib_metadata_gives(library: str) -> None:
    assert library_version(library) == importlib.metadata.version(library)


def test_a_wheel_earlier_on_the_path_is_read_by_its_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(tmp_path, "Zeta.Deck_maker-2.1.dist-info", "Metadata-Version: 2.1\nName: zeta-deck-maker\n"
               "version:  2.1rc1 \nSummary: x\n\nVersion: 9.9 (the description)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    # the header as the email parser reads it: name in any case, spaces after the colon dropped
    assert library_version("zeta-deck.maker") == importlib.metadata.version("zeta-deck.maker") == "2.1rc1 "


def test_what_this_reading_does_not_take_is_asked_of_importlib_metadata(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(tmp_path / "folded", "folded-1.0.dist-info", "Name: folded\nVersion: 1.0\n .post1\n\n")
    _installed(tmp_path / "egg", "eggy-3.0.egg-info", "")
    (tmp_path / "egg" / "eggy-3.0.egg-info" / "PKG-INFO").write_text("Name: eggy\nVersion: 3.0\n", encoding="utf-8")
    _installed(tmp_path / "none", "bare-1.0.dist-info", "Name: bare\n\nVersion: 4.0\n")
    for folder in ("folded", "egg", "none"):
        monkeypatch.syspath_prepend(str(tmp_path / folder))
    importlib.invalidate_caches()
    asked = []
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: asked.append(name) or real(name))
    assert library_version("eggy") == "3.0"
    assert library_version("folded") == real("folded")
    assert library_version("bare") == real("bare")      # a version in the description only: not its version
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        library_version("no-such-library-here")
    assert asked == ["eggy", "folded", "bare", "no-such-library-here"]


def test_a_build_of_pdfs_decks_and_share_images_does_not_import_importlib_metadata(tmp_path: Path) -> None:
    content, output = make_site(tmp_path), tmp_path / "output"
    argv = ["build", "--content", str(content), "--output", str(output), "--only", "leaflets,lecture,share",
            "--no-audio", "--quiet", "--lang", "en"]
    assert imported_by_a_build(argv, ["importlib.metadata"]) == {"importlib.metadata": False}
    assert list(output.rglob("*.pptx")) and list(output.rglob("*.pdf")) and list(output.rglob("*.png"))
