"""The generator's own code as one hash (`code_fingerprint`): what every cache entry and
build-state fingerprint holds, so that an upgrade or a developer's edit makes them anew.

At the bottom of the package (it reads only the package's files): the tree memo
(content/), the build state (machinery/) and the builders all ask it.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from .fonts import FONT_SUFFIXES, PACKAGED_DIR

_PACKAGE = Path(__file__).resolve().parent   # generator/
_FONTS = PACKAGED_DIR.relative_to(_PACKAGE).as_posix()    # fonts/dejavu


@lru_cache(maxsize=None)
def _code_hash(folder: str) -> str:
    """Every file of the package but the packaged fonts' bytes (6.5 MB of its 7.8: hashing them
    took 0.015 CPU s of every new process). A packaged font is known instead by its name and size
    and by the package's own record of its bytes, fonts/packaged_character_maps.json (hashed here
    with the code; tests/test_fonts.py checks it against the fonts): a font changed changes both."""
    digest = hashlib.sha256()
    for relative, full in _package_files(folder):
        if relative.rpartition("/")[0] == _FONTS and relative.lower().endswith(FONT_SUFFIXES):
            digest.update(f"{relative}\0{os.stat(full).st_size}\0".encode())
            continue
        with open(full, "rb") as handle:
            digest.update(relative.encode() + b"\0" + handle.read())
    return digest.hexdigest()[:32]


def _package_files(folder: str) -> list[tuple[str, str]]:
    """(path relative to `folder` with "/", full path) of every file under it, bytecode left out, in order."""
    found = []
    for here, subfolders, files in os.walk(folder):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        prefix = os.path.relpath(here, folder).replace(os.sep, "/")
        found += [(name if prefix == "." else f"{prefix}/{name}", os.path.join(here, name)) for name in files]
    return sorted(found)


def code_fingerprint() -> str:
    """Changes when tuyentruyen itself changes (upgrade, or a developer's edit), its packaged fonts
    included; not when the same code is copied or installed again (file times do not count)."""
    return _code_hash(str(_PACKAGE))
