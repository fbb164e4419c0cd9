"""The loudspeaker's print sheet moved from templates/leaflet/ to templates/loudspeaker/: a site
that overrides it at the old place keeps its sheet, and is told where it goes now."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import make_site, manifest, write
from generator.cli import main
from generator.theme import default_theme_dir

SHEET = default_theme_dir() / "loudspeaker" / "loudspeaker.typ"
NEW_PLACE = "templates/loudspeaker/loudspeaker.typ"


def sheet_with(marker: str) -> str:
    """The default sheet with a line of its own on the first page."""
    text = SHEET.read_text(encoding="utf-8")
    return text + f"\n#place(bottom + left)[{marker}]\n"


def build_sheet(content: Path, output: Path, capsys: pytest.CaptureFixture) -> tuple[str, str]:
    """(the text of nq-57's Vietnamese print sheet, what the build said)."""
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio",
                 "--only", "loudspeaker", "-q"]) == 0
    said = capsys.readouterr().err
    path = next(a["path"] for a in manifest(output)["artifacts"]
                if a["kind"] == "loudspeaker-print" and (a["slug"], a["lang"]) == ("nq-57", "vi"))
    text = subprocess.run(["pdftotext", str(output / path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split()), said


def test_the_default_sheet_lives_with_the_loudspeaker_templates() -> None:
    assert SHEET.is_file()
    assert not (default_theme_dir() / "leaflet" / "loudspeaker.typ").exists()


def test_a_sheet_at_the_old_place_is_used_with_a_warning_naming_the_new_one(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content = make_site(tmp_path)
    plain, said = build_sheet(content, tmp_path / "plain", capsys)
    assert "Phần" in plain and "MẪU CŨ" not in plain and NEW_PLACE not in said
    write(content / "templates" / "leaflet" / "loudspeaker.typ", sheet_with("MẪU CŨ CỦA TRANG"))
    text, said = build_sheet(content, tmp_path / "old", capsys)
    assert "MẪU CŨ CỦA TRANG" in text and "Phần" in text
    assert "leaflet/loudspeaker.typ" in said and NEW_PLACE in said and "warning" in said
    assert main(["check", "--fast", "--content", str(content)]) == 0
    assert NEW_PLACE in capsys.readouterr().out
    # The leaflets still come from the default leaflet templates beside it.
    assert main(["build", "--content", str(content), "--output", str(tmp_path / "all"), "--no-audio",
                 "--only", "leaflets", "-q"]) == 0
    capsys.readouterr()


def test_a_sheet_at_the_new_place_wins_and_the_old_one_is_said_to_be_ignored(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content = make_site(tmp_path)
    write(content / "templates" / "leaflet" / "loudspeaker.typ", sheet_with("MẪU CŨ CỦA TRANG"))
    write(content / "templates" / "loudspeaker" / "loudspeaker.typ", sheet_with("MẪU MỚI CỦA TRANG"))
    text, said = build_sheet(content, tmp_path / "output", capsys)
    assert "MẪU MỚI CỦA TRANG" in text and "MẪU CŨ" not in text
    assert "không được dùng" in said and NEW_PLACE in said
    # Moved to the new place alone: nothing more to say.
    (content / "templates" / "leaflet" / "loudspeaker.typ").unlink()
    text, said = build_sheet(content, tmp_path / "output", capsys)
    assert "MẪU MỚI CỦA TRANG" in text and NEW_PLACE not in said
