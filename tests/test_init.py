"""`tuyentruyen init DIR`: an example site from files shipped in the package."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Page, manifest
from generator.cli import main


def test_init_writes_an_example_that_checks_and_builds_in_both_languages(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "trang mới"          # a space and Vietnamese letters, as an editor names folders
    assert main(["init", str(folder)]) == 0
    said = capsys.readouterr().out
    assert str(folder) in said and "tuyentruyen serve" in said and "tuyentruyen build" in said
    content = folder / "content"
    assert (content / "site.yaml").is_file() and (content / "pages" / "gioi-thieu.vi.md").is_file()
    assert main(["check", "--fast", "--content", str(content)]) == 0
    assert "1 văn bản, 2 bản tóm tắt" in capsys.readouterr().out
    output = folder / "output"
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"]) == 0
    langs = {(e["kind"], e["lang"]) for e in manifest(output)["artifacts"]}
    assert {("page", "vi"), ("page", "hmn"), ("leaflet-a4", "hmn"), ("share-image", "hmn")} <= langs
    assert "Ntaub ntawv tshaj tawm" in Page(output / "hmn" / "index.html").text     # the Hmong site title
    assert "Thêm một văn bản" in Page(output / "gioi-thieu" / "index.html").text    # the free page


def test_an_empty_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "empty")]) == 0
    assert (tmp_path / "empty" / "content" / "site.yaml").is_file()


def test_init_refuses_a_folder_with_files_and_a_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    assert main(["init", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "đã có tệp" in err and "Traceback" not in err
    assert [p.name for p in folder.iterdir()] == ["ghi-chu.txt"]      # nothing written beside it
    assert main(["init", str(folder / "ghi-chu.txt")]) == 1
    assert "không phải thư mục" in capsys.readouterr().err
    assert main(["init", str(folder), "--lang", "en"]) == 1
    assert "is not empty" in capsys.readouterr().err
