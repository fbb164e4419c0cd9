"""Windows' 260 characters, checked before a build writes anything.

Windows (without long paths, as on the old office PCs, and in Explorer, Word and zip tools
everywhere) refuses a path of 260 characters or more. A build writes every file first into a work
folder beside output/ (`.output.staging-…`, `.output.replaced-…`: longer names), so a deep output folder and a long slug
once failed half-way through a build, after its PDFs were made, naming whichever file came first.
Before building, the longest path each resolution's files can take is compared with the limit:
the longest is named, with by how much to shorten the output folder or the name.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from . import urls
from .content.model import Site
from .diagnostics import Problem, error
from .machinery.folder_swap import work_folder
from .machinery.os_errors import WINDOWS_MAX_PATH
from .machinery.process_owner import Owner
from .photos import is_print_only, is_raster

# The longest a download's name grows past "<slug>-<lang>": a part of the loudspeaker bulletin's
# audio (builders/loudspeaker, brief: "-loa" + "-ngan" + "-phan-N" + ".opus"); the leaflets'
# "-phieu-thu-hoach.pdf" is shorter. tests/test_path_lengths.py checks it against a build.
DOWNLOAD_TAIL = "-loa-ngan-phan-999.opus"
# A photo's variants are named from its stem (photos.Variant.output_name: "-in-1022.png").
VARIANT_TAIL = "-in-99999.webp"


# Where a build's files pass through beside output/: written into staging, an update in place moves
# the files it replaces into "replaced", a swap the whole output into "previous" (a letter longer).
WORK_ROLES = ("staging", "replaced", "previous")
# The longest owner a work folder is named after: a process id of up to 10 digits on Windows and
# its start time (a FILETIME: 18 digits), so that a site near the limit is not let through by one
# run's short process id and refused by the next one's.
WIDEST_OWNER = Owner(4_294_967_295, "9" * 18)


def on_windows() -> bool:
    return os.name == "nt"


def long_path_problems(site: Site, output_dir: Path) -> list[Problem]:
    """On Windows, an error naming the longest file a build of `site` into `output_dir` would
    write when its path, in the work folder, reaches WINDOWS_MAX_PATH; else nothing."""
    if not on_windows():
        return []
    output = Path(os.path.abspath(output_dir))
    # Characters a file's path inside output/ adds to the longest work folder's (and its separator).
    room = WINDOWS_MAX_PATH - 1 - max(len(os.fspath(work_folder(output, role, WIDEST_OWNER))) for role in WORK_ROLES) - 1
    longest = max(longest_paths(site), key=lambda found: len(found[0]), default=None)
    if longest is None or len(longest[0]) <= room:
        return []
    path, name, source = longest
    over = len(path) - room
    folder = output.joinpath(*path.split("/")[:-1])
    return [error(source, None, "windows-path-too-long", folder=str(folder), length=str(WINDOWS_MAX_PATH - 1 + over),
                  limit=str(WINDOWS_MAX_PATH), over=str(over), name=name)]


def longest_paths(site: Site) -> Iterator[tuple[str, str, Path]]:
    """For each resolution, the longest path inside output/ that its files can take in each
    folder (its downloads per language, its attachments and photos: a bound, not a file's
    name), with the name that makes it long (to shorten) and the content it comes from."""
    for res in site.resolutions:
        for lang in res.summaries:
            yield (f"{urls.resolution_folder(site.config, res.slug, lang)}{res.slug}-{lang}{DOWNLOAD_TAIL}",
                   res.slug, res.folder)
        for asset in res.assets:
            processed = is_raster(asset.name) or is_print_only(asset.name)
            yield (urls.asset_path(res.slug, asset.name) + (VARIANT_TAIL if processed else ""),
                   asset.name, asset.source)
