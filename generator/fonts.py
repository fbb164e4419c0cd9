"""Find the DejaVu Sans font files for images drawn with Pillow (share images).

Search order: a site's own copy (content/templates/share/, so an editor on a
machine without DejaVu can drop the two .ttf files there), the usual system
folders of Linux, macOS and Windows, then fontconfig's `fc-match`. DejaVu is
chosen because it covers every Vietnamese precomposed letter and the Latin
letters of Hmong (RPA), and is the font the PDFs embed too.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
FAMILY = "DejaVu Sans"

SYSTEM_FOLDERS = (
    "/usr/share/fonts/truetype/dejavu",     # Debian, Ubuntu
    "/usr/share/fonts/dejavu",              # Fedora, Arch (older)
    "/usr/share/fonts/TTF",                 # Arch
    "/usr/share/fonts/dejavu-sans-fonts",   # Fedora
    "/usr/local/share/fonts",
    "/usr/share/fonts/truetype",
    "/Library/Fonts",
    "~/Library/Fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)


class FontMissing(Exception):
    """DejaVu Sans (or its bold) is nowhere to be found; `name` is the missing file."""

    def __init__(self, name: str, searched: Sequence[str]):
        self.name, self.searched = name, tuple(searched)
        super().__init__(name)


@dataclass(frozen=True)
class FontPair:
    regular: Path
    bold: Path


def find_fonts(extra_folders: Sequence[Path] = ()) -> FontPair:
    """DejaVu Sans and DejaVu Sans Bold; raises FontMissing naming the first file not found."""
    return FontPair(find_font(REGULAR, "Book", tuple(extra_folders)),
                    find_font(BOLD, "Bold", tuple(extra_folders)))


@lru_cache(maxsize=None)
def find_font(file_name: str, style: str, extra_folders: tuple[Path, ...] = ()) -> Path:
    folders = [*map(Path, extra_folders), *_windows_folders(), *(Path(f).expanduser() for f in SYSTEM_FOLDERS)]
    for folder in folders:
        candidate = folder / file_name
        if candidate.is_file():
            return candidate
    matched = _fc_match(style)
    if matched is not None and matched.name == file_name:
        return matched
    raise FontMissing(file_name, [str(f) for f in folders] + ["fc-match"])


def _windows_folders() -> list[Path]:
    windir = os.environ.get("WINDIR")
    local = os.environ.get("LOCALAPPDATA")
    folders = [Path(windir) / "Fonts"] if windir else []
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return folders


def _fc_match(style: str) -> Path | None:
    """fontconfig's file for DejaVu Sans in `style`; None without fontconfig.
    fc-match always answers with some font, so the caller checks the file name."""
    if shutil.which("fc-match") is None:
        return None
    try:
        found = subprocess.run(["fc-match", "--format=%{file}", f"{FAMILY}:style={style}"],
                               capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(found) if found and Path(found).is_file() else None
