"""An installed library's version, as importlib.metadata.version gives it, without importing
importlib.metadata.

The version is part of cache keys (the PDFs: Typst; the lecturer's PPTX: python-pptx; the share
images: Pillow), so every edit that makes them asks for it. importlib.metadata imports the email
parser it reads METADATA with, and zipfile and csv besides: ≈ 0.02 CPU s of the building process,
more than it spends on the edit's own leaflets. A wheel installs each library as a folder
`<name>-<version>.dist-info` holding a METADATA file whose `Version:` header is the version;
that header is read here. Anything else (an egg, a zip on the path, two folders for one library,
a header this reading does not take) is asked of importlib.metadata, as before.
"""
from __future__ import annotations

import os
import re
import sys

# How importlib.metadata compares a library's name with a folder's (Prepared.normalize).
_SEPARATORS = re.compile(r"[-_.]+")


def library_version(distribution: str) -> str:
    """The version of the installed `distribution` (e.g. "python-pptx"). Raises
    importlib.metadata.PackageNotFoundError when it is not installed."""
    wanted = _SEPARATORS.sub("_", distribution).lower()
    for entry in sys.path:
        found = _info_folders(entry or ".", wanted)
        if found is None:
            break                       # a path entry this reading does not look into
        if found:
            version = _metadata_version(found[0]) if len(found) == 1 else None
            if version is not None:
                return version
            break
    from importlib.metadata import version
    return version(distribution)


def _info_folders(entry: str, wanted: str) -> list[str] | None:
    """The folders of `entry` that importlib.metadata would take for the library `wanted`
    (normalized), or None when it would look at more than folders named `*.dist-info` (an egg,
    an `.egg-info`, a zip): then importlib.metadata itself answers."""
    try:
        names = os.listdir(entry)
    except NotADirectoryError:          # a zip on the path
        return None
    except OSError:                     # not there: importlib.metadata skips it too
        return []
    found = []
    for name in names:
        low = name.lower()
        if not low.endswith((".dist-info", ".egg-info", ".egg")):
            continue
        if _SEPARATORS.sub("_", low.rpartition(".")[0].partition("-")[0]) == wanted:
            if not low.endswith(".dist-info"):
                return None
            found.append(os.path.join(entry, name))
    return found


def _metadata_version(folder: str) -> str | None:
    """The `Version:` header of the folder's METADATA as the email parser reads it (the text
    after the colon and its spaces), or None when there is none, or it is folded over lines."""
    try:
        with open(os.path.join(folder, "METADATA"), encoding="utf-8") as handle:
            lines = handle.read().split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines):
        line = line.rstrip("\r")
        if not line:
            return None                 # the headers end: no version
        if line[:8].lower() == "version:":
            following = lines[number + 1] if number + 1 < len(lines) else ""
            return None if following[:1] in (" ", "\t") else line[8:].lstrip(" \t")
    return None
