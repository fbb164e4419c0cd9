"""Names that every disk an output is copied to takes: Windows, macOS, a FAT USB stick.

A site is built on one machine and copied to another (a USB stick to the commune, an office
Windows PC): a folder or file name that Linux makes but Windows refuses ("con", "bao-cao?.pdf",
"ghi chú.") fails that copy, or loses the file. Slugs ([a-z0-9-]) only meet the device names and
the length; attachments published under their own names meet the rest.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Collection

from .diagnostics import Problem, error, warning
from .textfold import slugify
from .vocabulary import SLUG

# A slug names a folder, and output files add language and kind to it ("<slug>-hmn-to-roi-a4.pdf"):
# kept well under the 255-character file-name limit and Windows' 260-character paths.
SLUG_MAX_LENGTH = 80
# Names Windows will not give a file or folder, whatever the extension (a USB stick copy fails on them).
WINDOWS_DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                                  *(f"lpt{n}" for n in range(1, 10))})
_REFUSED_CHARACTERS = re.compile(r'[<>:"|?*\x00-\x1f]')


def suggested_slug(name: str, taken: Collection[str] = (), fallback: str = "nghi-quyet-57-nq-tw") -> str:
    """The name an editor can write instead of a refused one: 'NQ-06-Đô-thị' → 'nq-06-do-thi';
    never one refused in turn (a device name "CON" → "con-1", a name in `taken`); `fallback`
    for a name with no letter to keep ("中文")."""
    slug = slugify(name)[:SLUG_MAX_LENGTH - 3].strip("-")
    slug = slug if SLUG.match(slug) else fallback
    candidate, number = slug, 1
    while candidate in taken or is_device_name(candidate):
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def slug_problems(slug: str, path: Path, line: int | None = None, col: int | None = None) -> list[Problem]:
    """A slug (a resolution's or page's folder, a topic's) at `path`:`line` that names a folder of
    the output: an error for a name Windows refuses; a warning when it is so long that the paths
    of its downloads may pass Windows' 260 characters (a long slug built before stays buildable)."""
    if slug.lower() in WINDOWS_DEVICE_NAMES:
        return [error(path, line, "windows-reserved-name", col=col, name=slug)]
    if len(slug) > SLUG_MAX_LENGTH:
        return [warning(path, line, "slug-too-long", col=col, slug=slug, length=str(len(slug)),
                        limit=str(SLUG_MAX_LENGTH))]
    return []


def is_device_name(name: str) -> bool:
    """A name Windows keeps for a device, with any extension ("nul", "con.txt")."""
    return name.split(".")[0].rstrip(" ").lower() in WINDOWS_DEVICE_NAMES


def file_name_problem(path: str) -> tuple[str, dict[str, str]] | None:
    """A file published under its own name (`path`: relative, "/"-separated): the message code and
    its parameters when a part of it is a name Windows refuses, else None."""
    for part in path.split("/"):
        if is_device_name(part):
            return "windows-reserved-name", {"name": part}
        refused = sorted(set(_REFUSED_CHARACTERS.findall(part)))
        if refused:
            shown = " ".join(char if char.isprintable() else repr(char) for char in refused)
            return "windows-file-name", {"name": part, "chars": shown}
        if part.endswith((".", " ")):
            return "windows-file-name-end", {"name": part}
    return None
