"""Which characters the fonts can draw (their character maps, read with fontTools), and the
lines of the content with characters they cannot.

A character no font has is left out of a PDF without a word from Typst, and drawn as an
empty box on a share image: the text printed would silently lose letters. So the load step
reports every such line as an error, for `check` (also `--fast`) and `build` alike.
Typst falls back from one font to the next, so a character counts as drawable when any of
the fonts has it.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from fontTools.ttLib import TTCollection, TTFont, TTLibError

from ..content.reader import read_text
from ..diagnostics import Problem, error
from . import font_dirs, font_files

# Controls, invisible format characters (zero-width joiners, the BOM) and spaces take no glyph.
NO_GLYPH_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def drawable(folders: Sequence[Path]) -> frozenset[int]:
    """The code points at least one font in `folders` maps to a glyph."""
    covered: set[int] = set()
    for path in font_files(folders):
        stat = path.stat()
        covered |= _character_map(str(path), stat.st_mtime_ns, stat.st_size)
    return frozenset(covered)


@lru_cache(maxsize=64)
def _character_map(path: str, mtime_ns: int, size: int) -> frozenset[int]:
    """A font file's code points; memoised by file identity (mtime and size are part of the key)."""
    try:
        if path.lower().endswith((".ttc", ".otc")):
            faces = list(TTCollection(path, lazy=True).fonts)
        else:
            faces = [TTFont(path, lazy=True)]
    except (OSError, TTLibError, AssertionError, ValueError):
        return frozenset()          # not a font after all: it draws nothing
    found: set[int] = set()
    for face in faces:
        found.update((face.getBestCmap() or {}).keys())
    return frozenset(found)


def family_names(folders: Sequence[Path]) -> list[str]:
    """The font families in `folders`, as a template names them (e.g. "DejaVu Serif")."""
    names: set[str] = set()
    for path in font_files(folders):
        try:
            faces = (list(TTCollection(str(path), lazy=True).fonts) if path.suffix.lower() in (".ttc", ".otc")
                     else [TTFont(str(path), lazy=True)])
        except (OSError, TTLibError, AssertionError, ValueError):
            continue
        for face in faces:
            family = face["name"].getDebugName(16) or face["name"].getDebugName(1)
            if family:
                names.add(family)
    return sorted(names)


def unknown_font_problem(content_dir: Path, file: str | None, line: int | None, column: int | None,
                         family: str) -> Problem:
    """A template names a font family no font folder has (Typst's PdfFontMissing, as a Problem)."""
    return error(Path(file) if file else None, line, "font-unknown", col=column, family=family,
                 available=", ".join(family_names(font_dirs(content_dir))))


def undrawable(text: str, covered: frozenset[int]) -> str:
    """The characters of `text` none of the fonts can draw, each once, in order of appearance."""
    seen: dict[str, None] = {}
    for char in text:
        if ord(char) not in covered and unicodedata.category(char) not in NO_GLYPH_CATEGORIES:
            seen.setdefault(char, None)
    return "".join(seen)


def describe(chars: str) -> str:
    """'🎉 (U+1F389), 漢 (U+6F22)': the characters as seen and as a code an editor can search for."""
    return ", ".join(f"{char} (U+{ord(char):04X})" for char in chars)


def glyph_problems(content_dir: Path, files: Iterable[Path]) -> list[Problem]:
    """One error per line of `files` holding characters the site's fonts cannot draw."""
    covered = drawable(font_dirs(content_dir))
    problems: list[Problem] = []
    for path in files:
        text, _ = read_text(path)           # the loader reported an unreadable file already
        for number, line in enumerate((text or "").splitlines(), start=1):
            missing = undrawable(line, covered)
            if missing:
                problems.append(error(path, number, "font-missing-glyph", col=line.index(missing[0]) + 1,
                                      chars=describe(missing)))
    return problems
