"""Windows consoles and redirected output: cp1252, cp1258, cp437 (PYTHONIOENCODING as a Windows
console with legacy stdio or a user names it), an ASCII locale (LC_ALL=C without UTF-8 mode, as
output redirected under an ANSI code page), text piped in. Every message appears, or degrades
readably, never a traceback (console.py)."""
from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.console import degrading_errors, read_input

from conftest import REPO, SUMMARY_VI, make_site, standard_resolution, write

# A content error whose message and hint are Vietnamese with every kind of mark.
BROKEN = SUMMARY_VI.format(title="Nghị quyết").replace("title: Nghị quyết\n", "")
PIPED = "Ngày 5/12/2026, Đảng ủy xã họp; người dân được biết.\n"


def plain(text: str) -> str:
    """Letters without their marks, đ as d: what a code page without Vietnamese still shows."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in text if not unicodedata.combining(char))


def run(*args: str, env: dict[str, str], stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, input=stdin, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(REPO), **env}, timeout=300)


@pytest.fixture
def broken_site(tmp_path: Path) -> Path:
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết")})
    write(content / "resolutions" / "nq-57" / "vi.md", BROKEN)
    return content


@pytest.mark.parametrize("encoding", ["cp1252", "cp437", "cp1258"])
def test_messages_in_a_code_page_without_vietnamese_degrade_readably(broken_site: Path, encoding: str) -> None:
    done = run("check", "--content", str(broken_site), "--fast", env={"PYTHONIOENCODING": encoding})
    said = unicodedata.normalize("NFC", done.stdout.decode(encoding) + done.stderr.decode(encoding))
    assert done.returncode == 1 and "Traceback" not in said, said
    expected = "thiếu mục bắt buộc"
    assert expected in said if encoding == "cp1258" else plain(expected) in plain(said)
    assert "resolutions/nq-57/vi.md:2" in said.replace("\\", "/")


def test_redirected_output_in_an_ascii_locale_is_utf8(broken_site: Path) -> None:
    """No UTF-8 mode and an ASCII locale: the locale's encoding would refuse every Vietnamese
    letter; a file or pipe gets UTF-8, whole."""
    done = run("check", "--content", str(broken_site), "--fast", env={"PYTHONUTF8": "0", "LC_ALL": "C"})
    said = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
    assert done.returncode == 1 and "Traceback" not in said, said
    assert "thiếu mục bắt buộc" in said


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258", "cp437"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_text_piped_into_spoken_is_read_as_utf8(encoding: str, bom: bytes) -> None:
    """`type bai.txt | tuyentruyen spoken` on Windows: UTF-8 from the editor, a code page on the
    stream. "Đ" is 0xC4 0x90 in UTF-8, and 0x90 is no cp1252 character: it was a UnicodeDecodeError."""
    done = run("spoken", env={"PYTHONIOENCODING": encoding}, stdin=bom + PIPED.encode("utf-8"))
    said = unicodedata.normalize("NFC", done.stdout.decode(encoding))
    assert done.returncode == 0, done.stderr.decode(encoding)
    expected = "Ngày năm tháng mười hai năm hai nghìn không trăm hai mươi sáu, Đảng ủy xã họp"
    assert expected in said if encoding == "cp1258" else plain(expected) in plain(said)


def test_a_code_page_keeps_every_mark_it_has() -> None:
    """cp1258 has "ê" and the five tone marks apart: "ệ" is "ê" and a dot below, whole again
    when read; cp1252 keeps the letters it has and drops only the marks it lacks."""
    text = "Nghị quyết về đất đai – Đảng ủy, người dân…"
    assert unicodedata.normalize("NFC", text.encode("cp1258", degrading_errors("cp1258")).decode("cp1258")) == text
    assert text.encode("cp1252", degrading_errors("cp1252")).decode("cp1252") == "Nghi quyêt vê dât dai – Dang uy, nguòi dân…"
    assert text.encode("ascii", degrading_errors("ascii")).decode("ascii") == "Nghi quyet ve dat dai - Dang uy, nguoi dan..."
    bar = "Trang web ████····· 4/9"          # the progress bar (machinery/progress.py)
    assert bar.encode("cp1252", degrading_errors("cp1252")).decode("cp1252") == "Trang web ####····· 4/9"
    assert bar.encode("cp437", degrading_errors("cp437")).decode("cp437") == bar


def test_read_input_falls_back_to_the_streams_code_page(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(unicodedata.normalize("NFD", "Đảng ủy").encode("cp1258"))
    with open(legacy, encoding="cp1258") as stream:
        assert unicodedata.normalize("NFC", read_input(stream)) == "Đảng ủy"


def test_programs_output_is_read_as_utf8_not_the_locale_encoding(tmp_path: Path) -> None:
    """espeak-ng, sox and ffmpeg write UTF-8; read in the ANSI code page (Windows' default for
    text=True) a byte like 0x90 stopped the audio step."""
    probe = ("import sys, wave\n"
             "from pathlib import Path\n"
             "from generator.builders.loudspeaker.audio import _espeak_listing, can_encode_mp3\n"
             "from generator.loudspeaker import loudness\n"
             "with wave.open(sys.argv[1], 'wb') as out:\n"
             "    out.setnchannels(1); out.setsampwidth(2); out.setframerate(8000); out.writeframes(bytes(16000))\n"
             "_espeak_listing('--voices', 1); can_encode_mp3(); loudness.formats(); loudness.measure(Path(sys.argv[1]))\n")
    done = subprocess.run([sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-c", probe,
                           str(tmp_path / "silence wav ạ.wav")],
                          cwd=REPO, capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert done.returncode == 0, done.stderr
