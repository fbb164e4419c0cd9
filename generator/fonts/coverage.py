"""Which characters the fonts can draw (their character maps, read with fontTools), and the
lines of the content with characters they cannot.

A character no font has is left out of a PDF without a word from Typst, and drawn as an
empty box on a share image: the text printed would silently lose letters. So the load step
reports every such line as an error, for `check` (also `--fast`) and `build` alike.
Typst falls back from one font to the next, so a character counts as drawable when any of
the fonts has it. The packaged DejaVu fonts' maps are read from packaged_character_maps.json
(made by write_packaged_maps, checked against the fonts by tests/test_fonts.py): reading
twelve fonts' maps took ≈ 0.1 s of every build before its workers start.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from pathlib import Path
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from ..content.reader import read_text
from ..diagnostics import Problem, error
from ..changes import Identity, file_identity
from . import PACKAGED_DIR, font_dirs, font_files

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

PACKAGED_MAPS = Path(__file__).with_name("packaged_character_maps.json")

def read_once(path: str | Path, reader: Callable[[str], Any]) -> Any:
    """reader(path), remembered while the file is the very same file (changes.file_identity)."""
    return _read_keyed(reader, str(path), file_identity(path))


@lru_cache(maxsize=4096)
def _read_keyed(reader: Callable[[str], Any], path: str, identity: Identity) -> Any:
    """A cache of a pure function of its arguments: the file's identity stands for its bytes."""
    return reader(path)


# Controls, invisible format characters (zero-width joiners, the BOM) and spaces take no glyph.
NO_GLYPH_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def drawable(folders: Sequence[Path]) -> frozenset[str]:
    """The characters at least one font in `folders` has a glyph for."""
    return _drawable_keyed(tuple((str(path), file_identity(path)) for path in font_files(folders)))


@lru_cache(maxsize=16)
def _drawable_keyed(fonts: tuple[tuple[str, Identity], ...]) -> frozenset[str]:
    """The union of the fonts' character maps, made once per set of unchanged font files: the
    load step asks for it once per resolution, and the union of a dozen maps took ≈ 5 ms. The
    packaged fonts alone (most sites): their union as written down, one set made instead of
    twelve joined (12 ms of every process that loads, before its workers start)."""
    packaged = _packaged_union(fonts)
    if packaged is not None:
        return packaged
    covered: set[str] = set()
    for path, identity in fonts:
        covered |= _read_keyed(_character_map, path, identity)
    return frozenset(covered)


def _packaged_union(fonts: tuple[tuple[str, Identity], ...]) -> frozenset[str] | None:
    """The characters of all packaged fonts when `fonts` are exactly they, each of the size written
    down (None: another set of fonts)."""
    written = _packaged_maps()
    sizes = {name: entry.get("size") for name, entry in written.get("fonts", {}).items()}
    if not sizes or "union" not in written or len(fonts) != len(sizes) or any(
            os.path.dirname(path) != str(PACKAGED_DIR) or sizes.get(os.path.basename(path)) != identity[0]    # its size
            for path, identity in fonts):
        return None
    return _characters(written["union"])


@lru_cache(maxsize=4)
def coverage_fingerprint(covered: frozenset[str]) -> str:
    """A hash of the characters `covered` (drawable): what a check of text against the fonts
    depends on (ASCII counted as drawn: the check never asks for it), whatever the font files'
    times or names."""
    return hashlib.sha256(repr(_covered_runs(covered)).encode("ascii")).hexdigest()[:32]


@lru_cache(maxsize=4)
def _covered_runs(covered: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """`covered` and ASCII as runs of consecutive code points: made once, before the load's
    workers start (the site key asks for them), for the quick glyph search of every worker."""
    codes = sorted({ord(char) for char in covered if len(char) == 1}.union(range(128)))
    ends = [index for index in range(1, len(codes)) if codes[index] != codes[index - 1] + 1]
    return tuple((codes[start], codes[stop - 1]) for start, stop in zip([0, *ends], [*ends, len(codes)]))


def family_names(folders: Sequence[Path]) -> list[str]:
    """The font families in `folders`, as a template names them (e.g. "DejaVu Serif")."""
    return sorted({name for path in font_files(folders) for name in read_once(path, _families)})


def _faces(path: str) -> list[TTFont]:
    """The fonts of a file (several in a collection); none if it is not a font after all."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError    # only for fonts not packaged
    try:
        if path.lower().endswith((".ttc", ".otc")):
            return list(TTCollection(path, lazy=True).fonts)
        return [TTFont(path, lazy=True)]
    except (OSError, TTLibError, AssertionError, ValueError):
        return []


def _character_map(path: str) -> frozenset[str]:
    ranges = _packaged_ranges(Path(path))
    return _characters(character_ranges(path) if ranges is None else ranges)


def _characters(ranges: list[list[int]]) -> frozenset[str]:
    return frozenset("".join("".join(map(chr, range(first, last + 1))) for first, last in ranges))


def character_ranges(path: str | Path) -> list[list[int]]:
    """The code points a font file has glyphs for, as [first, last] runs, read with fontTools."""
    return _runs(sorted({code for face in _faces(str(path)) for code in (_codes(face) or {})}))


def _runs(codes: list[int]) -> list[list[int]]:
    """Sorted code points as [first, last] runs of consecutive ones."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ranges


def _packaged_ranges(path: Path) -> list[list[int]] | None:
    """The runs of a packaged font as written down, while the file has the size it had then."""
    entry = _packaged_maps().get("fonts", {}).get(path.name) if path.parent == PACKAGED_DIR else None
    if entry is None or entry.get("size") != path.stat().st_size:
        return None
    return entry["ranges"]


@lru_cache(maxsize=1)
def _packaged_maps() -> dict[str, Any]:
    try:
        return json.loads(PACKAGED_MAPS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_packaged_maps() -> None:
    """Write packaged_character_maps.json from the packaged fonts (after updating DejaVu): each
    font's size, SHA-256 (what tuyentruyen's code fingerprint knows the font by:
    machinery/buildstate.py) and runs of characters; and the runs of all of them together."""
    fonts = {path.name: {"size": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                         "ranges": character_ranges(path)} for path in font_files([PACKAGED_DIR])}
    union = sorted({code for entry in fonts.values() for first, last in entry["ranges"]
                    for code in range(first, last + 1)})
    PACKAGED_MAPS.write_text(json.dumps({"fonts": fonts, "union": _runs(union)}, separators=(",", ":")) + "\n",
                             encoding="utf-8")


def _codes(face: TTFont) -> dict[int, str] | None:
    """The face's best character map. Only its codes are used, so the glyphs get numbered
    names: fontTools would otherwise read every glyph's name from the `post` table first,
    ≈ 40 % of reading the map, in every new process that loads content."""
    from fontTools.ttLib import TTLibError      # only for fonts not packaged (see _faces)
    try:
        face.setGlyphOrder([f"glyph{number}" for number in range(face["maxp"].numGlyphs)])
    except (KeyError, AttributeError, TTLibError):
        pass                                # no maxp table: fontTools finds the names itself
    return face.getBestCmap()


def _families(path: str) -> frozenset[str]:
    names = (face["name"].getDebugName(16) or face["name"].getDebugName(1) for face in _faces(path))
    return frozenset(name for name in names if name)


def unknown_font_problem(content_dir: Path, file: str | None, line: int | None, column: int | None,
                         family: str) -> Problem:
    """A template names a font family no font folder has (Typst's PdfFontMissing, as a Problem)."""
    return error(Path(file) if file else None, line, "font-unknown", col=column, family=family,
                 available=", ".join(family_names(font_dirs(content_dir))))


def undrawable(text: str, covered: frozenset[str]) -> str:
    """The characters of `text` none of the fonts can draw, each once, in order of appearance."""
    missing = set(text) - covered
    if not missing:
        return ""
    return "".join(dict.fromkeys(c for c in text if c in missing
                                 and unicodedata.category(c) not in NO_GLYPH_CATEGORIES))


def describe(chars: str) -> str:
    """'🎉 (U+1F389), 漢 (U+6F22)': the characters as seen and as a code an editor can search for."""
    return ", ".join(f"{char} (U+{ord(char):04X})" for char in chars)


def glyph_problems(content_dir: Path, files: Iterable[Path]) -> list[Problem]:
    """One error per line of `files` holding characters the site's fonts cannot draw."""
    covered = drawable(font_dirs(content_dir))
    problems: list[Problem] = []
    for path in files:
        try:
            found = read_once(path, _non_ascii_lines)
        except OSError:
            continue                        # the loader reported a file it could not read
        problems += _missing_glyphs(path, found, covered)
    return problems


def text_glyph_problems(texts: Iterable[tuple[Path, str]], covered: frozenset[str]) -> list[Problem]:
    """glyph_problems of texts the loader has read already (path, text as read_text gave it),
    against the characters `covered` (drawable)."""
    problems: list[Problem] = []
    for path, text in texts:
        if has_undrawable(text, covered):      # the lines only when a character is missing
            problems += _missing_glyphs(path, non_ascii_lines(text), covered)
    return problems


# How many of the fonts' longest runs of consecutive characters the quick search knows (a class
# of all their ≈ 280 runs took 6 ms to compile in every process; these 24, under 1 ms).
LONG_RUNS = 24


def has_undrawable(text: str, covered: frozenset[str]) -> bool:
    """Whether `text` holds a character beyond ASCII that is not in `covered`: one search (in C)
    for a character outside the fonts' longest runs settles most texts (Vietnamese and Hmong
    letters lie in them); the text's set of characters only for the others."""
    return not text.isascii() and _outside_long_runs(covered).search(text) is not None \
        and not all(char.isascii() for char in set(text).difference(covered))


@lru_cache(maxsize=4)
def _outside_long_runs(covered: frozenset[str]) -> re.Pattern[str]:
    """A character outside ASCII and the LONG_RUNS longest runs of consecutive characters of `covered`."""
    longest = sorted(_covered_runs(covered), key=lambda run: run[1] - run[0], reverse=True)[:LONG_RUNS]
    return re.compile("[^" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in longest) + "]")


def _missing_glyphs(path: Path, found: tuple[frozenset[str], tuple[tuple[int, str], ...]],
                    covered: frozenset[str]) -> list[Problem]:
    characters, lines = found
    if characters <= covered:
        return []
    problems = []
    for number, line in lines:
        missing = undrawable(line, covered)
        if missing:
            problems.append(error(path, number, "font-missing-glyph", col=line.index(missing[0]) + 1,
                                  chars=describe(missing)))
    return problems


def _non_ascii_lines(path: str) -> tuple[frozenset[str], tuple[tuple[int, str], ...]]:
    """A file's characters beyond ASCII and the lines that have any, read as the loader
    reads it (NFC): remembered while the file is unchanged (serve)."""
    text, _ = read_text(Path(path))
    return non_ascii_lines(text or "")


def non_ascii_lines(text: str) -> tuple[frozenset[str], tuple[tuple[int, str], ...]]:
    """The characters of `text` beyond ASCII (which every font draws), and the lines that have any."""
    lines = tuple((number, line) for number, line in enumerate(text.splitlines(), start=1) if not line.isascii())
    return frozenset("".join(line for _, line in lines)), lines
