"""The fonts of the PDFs and share images: DejaVu, shipped inside this package (dejavu/, with
its licence), and any fonts a site brings in its own templates/fonts/ folder.

System fonts are never used: the same content gives the same bytes on every machine, and a
PC without DejaVu (Windows, macOS) still prints every letter. DejaVu covers every Vietnamese
precomposed letter and the Latin letters of Hmong (RPA).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from ..changes import ChangeDetector

PACKAGED_DIR = Path(__file__).resolve().parent / "dejavu"
# What the package records of its fonts: each one's size, SHA-256 and character map
# (coverage.write_packaged_maps; tests/test_fonts.py checks it against the fonts).
PACKAGED_RECORD = PACKAGED_DIR.with_name("packaged_character_maps.json")
SITE_FONTS = Path("templates") / "fonts"          # a site's own fonts, inside its content folder
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

# The faces of the share images (drawn with Pillow, which does not fall back to other fonts).
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"


def font_dirs(content_dir: Path | None = None) -> list[Path]:
    """Where PDFs find their fonts: the site's templates/fonts/ (when it has one) first,
    then the packaged DejaVu."""
    own = Path(content_dir) / SITE_FONTS if content_dir is not None else None
    return [own, PACKAGED_DIR] if own is not None and own.is_dir() else [PACKAGED_DIR]


def font_files(folders: Sequence[Path]) -> list[Path]:
    """Every font file in `folders` (and their subfolders), in a stable order."""
    found: list[Path] = []
    for folder in folders:
        if Path(folder).is_dir():
            found += sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in FONT_SUFFIXES and p.is_file())
    return found


def packaged_fonts_signature(path: Path, changes: ChangeDetector) -> tuple | None:
    """The packaged DejaVu folder (or one of its files) as a fingerprint (a PDF's cache key, a
    leaflet's) knows it; None for any other path, known by changes.tree_signature (a site's own
    fonts: the bytes of a small file, the size and modification time of a large one).

    Known by its place in the package, each font's name and size, and the package's record of
    their bytes (PACKAGED_RECORD), as the code fingerprint knows them (machinery/buildstate.py):
    installing the same package again, or copying it elsewhere, gives the files new modification
    times and must not render every PDF again."""
    path = Path(path)
    if path != PACKAGED_DIR and path.parent != PACKAGED_DIR:
        return None
    # (name, hash) of a small file, (name, size) of a large one: not its modification time.
    files = tuple(entry[:2] for entry in changes.tree_signature(path))
    return (path.relative_to(PACKAGED_DIR.parent).as_posix(), files, changes.tree_signature(PACKAGED_RECORD))


@dataclass(frozen=True)
class FontPair:
    regular: Path
    bold: Path


def share_fonts(folders: Sequence[Path] = ()) -> FontPair:
    """DejaVu Sans and its bold for the share images: a site's copy in one of `folders`
    (e.g. its templates/share/) wins, face by face; else the packaged one."""
    def first(name: str) -> Path:
        return next((Path(f) / name for f in folders if (Path(f) / name).is_file()), PACKAGED_DIR / name)
    return FontPair(first(REGULAR), first(BOLD))
