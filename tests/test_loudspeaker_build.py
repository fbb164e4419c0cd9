"""Loudspeaker material as the build writes it: the text for Notepad, the large-print sheet, the audio."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.builders.base import BuildOptions
from generator.pipeline import build

from conftest import Page, make_site, manifest, standard_resolution

HAS_AUDIO_TOOLS = all(shutil.which(tool) for tool in ("espeak-ng", "sox", "soxi"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("loudspeaker")
    content = make_site(root, {
        "nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học", hmn=True),
    })
    output = root / "output"
    result = build(content, output, BuildOptions(no_audio=not HAS_AUDIO_TOOLS))
    (root / "problems.txt").write_text("\n".join(p.code for p in result.problems), encoding="utf-8")
    return output


def entries(output: Path, kind: str) -> dict[tuple[str, str], Path]:
    return {(e["slug"], e["lang"]): output / e["path"] for e in manifest(output)["artifacts"] if e["kind"] == kind}


def test_script_text_opens_right_in_old_notepad(built: Path) -> None:
    scripts = entries(built, "loudspeaker-text")
    assert set(scripts) == {("nq-57", "vi"), ("nq-57", "hmn")}
    raw = scripts[("nq-57", "vi")].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM missing"
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "line endings must all be CRLF"
    text = raw.decode("utf-8-sig")
    assert "năm mươi bảy" in text                  # 57-NQ/TW read as words
    header, _, body = text.partition("Kính thưa")
    assert "Số hiệu: 57-NQ/TW" in header and "Tổng thời lượng đọc:" in header
    assert "57-NQ/TW" not in body and "của Trung ương" in body   # never spelled letter by letter


def test_print_sheet_is_large_type_a4_with_reading_time(built: Path) -> None:
    sheet = entries(built, "loudspeaker-print")[("nq-57", "vi")]
    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "Thời lượng đọc" in text and "năm mươi bảy" in text
    info = subprocess.run(["pdfinfo", str(sheet)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts" in info


def test_page_links_the_material(built: Path) -> None:
    page = Page(built / "nq-57" / "index.html")
    hrefs = {url for _, _, url in page.links}
    assert "nq-57-vi-loa.txt" in hrefs and "nq-57-vi-loa.pdf" in hrefs


@pytest.mark.skipif(not HAS_AUDIO_TOOLS, reason="espeak-ng/sox not installed")
def test_audio_duration_is_about_the_reading_time(built: Path) -> None:
    audio = entries(built, "loudspeaker-audio")
    assert ("nq-57", "vi") in audio
    seconds = float(subprocess.run(["soxi", "-D", str(audio[("nq-57", "vi")])], capture_output=True, text=True,
                                   check=True).stdout)
    script = entries(built, "loudspeaker-text")[("nq-57", "vi")].read_text(encoding="utf-8-sig")
    syllables = len(script.split())
    planned = syllables / 220 * 60          # the default reading rate, pauses aside
    assert 0.5 * planned < seconds < 2.5 * planned + 10, (seconds, planned)


@pytest.mark.skipif(not HAS_AUDIO_TOOLS, reason="espeak-ng/sox not installed")
def test_language_without_a_voice_gets_no_audio_and_a_warning(built: Path) -> None:
    audio = entries(built, "loudspeaker-audio")
    assert ("nq-57", "hmn") not in audio
    assert "no-voice" in (built.parent / "problems.txt").read_text(encoding="utf-8")


def test_no_audio_option_makes_no_audio(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57")})
    output = tmp_path / "output"
    build(content, output, BuildOptions(no_audio=True))
    assert not entries(output, "loudspeaker-audio")
    assert not list(output.rglob("*.mp3"))
    assert entries(output, "loudspeaker-text")
