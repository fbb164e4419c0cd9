"""Fonts travel with the package: what they cannot draw is refused by check and build."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import make_site, tree_bytes, write
from generator.cli import main
from generator.fonts import PACKAGED_DIR, font_dirs, font_files
from generator.fonts import coverage
from generator.fonts.coverage import drawable, family_names, undrawable

FACES = {f"DejaVu{family}{face}.ttf" for family, faces in (
    ("Sans", ("", "-Bold", "-Oblique", "-BoldOblique")), ("Serif", ("", "-Bold", "-Italic", "-BoldItalic")),
    ("SansMono", ("", "-Bold", "-Oblique", "-BoldOblique"))) for face in faces}


def test_every_face_the_templates_name_ships_with_its_licence() -> None:
    assert {p.name for p in PACKAGED_DIR.glob("*.ttf")} == FACES
    assert "Bitstream Vera" in (PACKAGED_DIR / "LICENSE").read_text(encoding="utf-8")
    common = (Path(__file__).parent.parent / "templates" / "leaflet" / "common.typ").read_text(encoding="utf-8")
    for family in family_names([PACKAGED_DIR]):
        assert f'"{family}"' in common
    assert family_names([PACKAGED_DIR]) == ["DejaVu Sans", "DejaVu Sans Mono", "DejaVu Serif"]


def test_the_character_maps_are_fonttools_own_without_reading_glyph_names() -> None:
    from fontTools.ttLib import TTFont
    from generator.fonts.coverage import _character_map
    for path in sorted(PACKAGED_DIR.glob("*.ttf")):
        expected = frozenset(chr(code) for code in TTFont(str(path), lazy=True).getBestCmap())
        assert _character_map(str(path)) == expected, path.name
        assert len(expected) > 2000          # the whole map (DejaVu Sans Mono has the fewest: 2 683)


def test_vietnamese_and_hmong_letters_are_drawable_and_an_emoji_is_not() -> None:
    covered = drawable(font_dirs())
    assert undrawable("Nghị quyết đột phá ệ ữ ợ ẳ Đ · – … “” Hmoob ntawv tshiab\u200b\u00a0", covered) == ""
    assert undrawable("học 🎉 tập 漢 🎉", covered) == "🎉漢"


def test_the_packaged_character_maps_are_what_the_fonts_have(monkeypatch: pytest.MonkeyPatch) -> None:
    """packaged_character_maps.json (read instead of the fonts, which takes ≈ 0.1 s) holds each
    packaged font's map as fontTools reads it, and the SHA-256 of its bytes (tuyentruyen's code
    fingerprint knows the fonts by it); a font of another size is read itself."""
    written = json.loads(coverage.PACKAGED_MAPS.read_text(encoding="utf-8"))["fonts"]
    assert set(written) == FACES
    for name in FACES:
        path = PACKAGED_DIR / name
        assert written[name] == {"size": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                                 "ranges": coverage.character_ranges(path)}, name
        assert coverage._character_map(str(path)) == frozenset(
            chr(code) for first, last in written[name]["ranges"] for code in range(first, last + 1))
    wrong = {"fonts": {name: {"size": 1, "ranges": [[65, 65]]} for name in FACES}, "union": [[65, 65]]}
    monkeypatch.setattr(coverage, "_packaged_maps", lambda: wrong)
    assert len(coverage._character_map(str(PACKAGED_DIR / "DejaVuSans.ttf"))) > 3000
    # the union written down is not taken for other sizes (asked of the function itself: the
    # process's cache of it is left alone, not cleared)
    fonts = tuple((str(path), coverage.file_identity(path)) for path in font_files(font_dirs()))
    assert len(coverage._drawable_keyed.__wrapped__(fonts)) > 3000


def test_the_packaged_fonts_together_draw_their_union_as_written_down() -> None:
    """All packaged fonts (a site without fonts of its own): their characters taken at once from
    the union written down, the same as the union of their maps."""
    maps = [coverage._character_map(str(path)) for path in font_files([PACKAGED_DIR])]
    assert len(maps) == len(FACES)
    assert drawable([PACKAGED_DIR]) == frozenset().union(*maps)
    fonts = tuple((str(path), coverage.file_identity(path)) for path in font_files([PACKAGED_DIR]))
    assert coverage._packaged_union(fonts) == drawable([PACKAGED_DIR])
    assert coverage._packaged_union(fonts[1:]) is None          # not all of them: their own union
    assert coverage._packaged_union((*fonts, ("/elsewhere/Extra.ttf", (1, 1, 1)))) is None


def test_a_site_font_folder_comes_first_and_adds_its_characters(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    assert font_dirs(content) == [PACKAGED_DIR]
    own = content / "templates" / "fonts"
    own.mkdir(parents=True)
    shutil.copyfile(PACKAGED_DIR / "DejaVuSans.ttf", own / "Extra.ttf")
    assert font_dirs(content) == [own, PACKAGED_DIR]


EMOJI_SUMMARY = """---
title: Nghị quyết số 57-NQ/TW về khoa học
summary: Tóm tắt.
---

## Nội dung cốt lõi
- Điểm thứ nhất.
- Chuyển đổi số 🎉 toàn dân.

## Điểm mới
- Điểm mới thứ nhất.

## Liên hệ vận dụng tại địa phương
- Xã Bản Bo triển khai.
"""


def with_character(path: Path, char: str) -> None:
    """The font at `path` drawing `char` too (with the glyph of "A")."""
    from fontTools.ttLib import TTFont
    font = TTFont(str(path))
    for table in font["cmap"].tables:
        if table.isUnicode() and ord(char) <= 0xFFFF or table.format in (12, 13):
            table.cmap[ord(char)] = table.cmap[ord("A")]
    font.save(str(path))


def test_the_same_fonts_copied_again_keep_the_folders_read_and_fewer_characters_read_them_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What reading a folder depends on in the fonts is the characters they draw (load.py's site
    key): a font copied or installed again (a new modification time, the same bytes) makes no
    folder read again in a new process; a font that no longer draws a character of a text makes
    its folder read again, and the character refused."""
    from generator import load as loader, session_store
    from generator.session import BuildSession
    content = make_site(tmp_path)
    write(content / "resolutions" / "nq-57" / "vi.md", EMOJI_SUMMARY)
    own = content / "templates" / "fonts"
    own.mkdir(parents=True)
    font = own / "Extra.ttf"
    shutil.copyfile(PACKAGED_DIR / "DejaVuSans.ttf", font)
    with_character(font, "🎉")
    drawing = font.read_bytes()
    cache = tmp_path / "cache"
    first = BuildSession()
    _, problems = loader.load_site(content, session=first)
    assert problems == []
    session_store.save(first, cache, content)
    read: list[str] = []
    original = loader._load_resolution
    monkeypatch.setattr(loader, "_load_resolution", lambda folder, *rest: read.append(folder.name) or original(folder, *rest))

    def load_in_a_new_process() -> list[str]:
        read.clear()
        session = BuildSession()
        assert session_store.restore(session, cache, content)
        _, problems = loader.load_site(content, session=session)
        session_store.save(session, cache, content)
        return [p.code for p in problems]

    font.unlink()
    font.write_bytes(drawing)                       # the same font copied again: a new file, a new time
    os.utime(font, ns=(font.stat().st_mtime_ns + 10**9,) * 2)
    assert load_in_a_new_process() == [] and read == []
    shutil.copyfile(PACKAGED_DIR / "DejaVuSans.ttf", font)          # a font without the character
    assert load_in_a_new_process() == ["font-missing-glyph"] and sorted(read) == ["ct-05", "nq-57"]   # every folder


def test_check_fast_and_build_refuse_a_character_no_font_has(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    content = make_site(tmp_path)
    output = tmp_path / "output"
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"]) == 0
    before = tree_bytes(output)
    capsys.readouterr()
    write(content / "resolutions" / "nq-57" / "vi.md", EMOJI_SUMMARY)
    for command in (["check", "--fast"], ["check"]):
        assert main([*command, "--content", str(content)]) == 1
        said = capsys.readouterr().out
        assert str(Path("nq-57") / "vi.md:8:") in said, said
        assert "🎉 (U+1F389)" in said and "templates/fonts" in said and "Traceback" not in said
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"]) == 1
    err = capsys.readouterr().err
    assert "vi.md:8:" in err and "U+1F389" in err and "Traceback" not in err
    assert tree_bytes(output) == before                     # the previous output is left as it was


def test_a_template_naming_a_font_that_is_not_there_is_refused(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture) -> None:
    content = make_site(tmp_path)
    common = (Path(__file__).parent.parent / "templates" / "leaflet" / "common.typ").read_text(encoding="utf-8")
    assert '("DejaVu Serif",)' in common
    write(content / "templates" / "leaflet" / "common.typ", common.replace('("DejaVu Serif",)', '("Times New Roman",)'))
    assert main(["check", "--fast", "--content", str(content)]) == 1
    said = capsys.readouterr().out
    assert "common.typ:" in said and "'times new roman'" in said and "DejaVu Sans, DejaVu Sans Mono, DejaVu Serif" in said
    output = tmp_path / "output"
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"]) == 1
    err = capsys.readouterr().err
    assert "common.typ:" in err and "'times new roman'" in err and "Traceback" not in err
    assert not output.exists()
    # The same font, brought by the site, makes it right again.
    fonts = content / "templates" / "fonts"
    fonts.mkdir()
    times = fonts / "Times.ttf"
    shutil.copyfile(PACKAGED_DIR / "DejaVuSerif.ttf", times)
    rename_family(times, "Times New Roman")
    assert main(["check", "--fast", "--content", str(content)]) == 0
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"]) == 0
    listing = subprocess.run(["pdffonts", str(output / "nq-57" / "nq-57-vi-to-roi-a4.pdf")],
                             capture_output=True, text=True, check=True).stdout
    assert "+TimesNewRoman " in listing and "+DejaVuSerif " not in listing, listing


def rename_family(path: Path, family: str) -> None:
    """A copy of a font under another family name (what a site's own font looks like to Typst)."""
    from fontTools.ttLib import TTFont
    font = TTFont(str(path))
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID == 4:
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")
    font.save(str(path))


def test_a_missing_monospace_font_is_found_by_every_check(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Only code (inline `...`) takes the monospace font: check tries it even where the content has none."""
    content = make_site(tmp_path)
    common = (Path(__file__).parent.parent / "templates" / "leaflet" / "common.typ").read_text(encoding="utf-8")
    write(content / "templates" / "leaflet" / "common.typ",
          common.replace('("DejaVu Sans Mono",)', '("Courier New",)'))
    for command in (["check", "--fast"], ["check"]):
        assert main([*command, "--content", str(content)]) == 1
        said = capsys.readouterr().out
        assert "'courier new'" in said and "common.typ:" in said and "Traceback" not in said
    write(content / "resolutions" / "nq-57" / "vi.md", EMOJI_SUMMARY.replace("🎉", "`mã QR`"))
    assert main(["build", "--content", str(content), "--output", str(tmp_path / "output"), "--no-audio", "-q"]) == 1
    assert "'courier new'" in capsys.readouterr().err


@pytest.mark.parametrize("template", ["brief/brief-a5.typ", "qa/qa-sheet.typ", "lecture/outline.typ",
                                      "loudspeaker/loudspeaker.typ", "schedule/log.typ"])
def test_check_finds_a_missing_font_in_every_typst_template_folder(tmp_path: Path, template: str,
                                                                   capsys: pytest.CaptureFixture) -> None:
    """Not only the leaflets': a site's own short version, Q&A sheet, lecturer's kit,
    loudspeaker sheet and broadcast log are compiled by check too."""
    content = make_site(tmp_path)
    default = (Path(__file__).parent.parent / "templates" / template).read_text(encoding="utf-8")
    assert '#import "common.typ": *' in default
    write(content / "templates" / template,
          default.replace('#import "common.typ": *', '#import "common.typ": *\n#set text(font: ("Gill Sans",))', 1))
    assert main(["check", "--fast", "--content", str(content)]) == 1
    said = capsys.readouterr().out
    assert f"{Path(template).name}:" in said and "'gill sans'" in said and "Traceback" not in said
