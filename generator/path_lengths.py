"""Windows' 260 characters, checked before a build writes anything.

Windows (without long paths, as on the old office PCs, and in Explorer, Word and zip tools
everywhere) refuses a path of 260 characters or more. A build writes every file first into a work
folder beside output/ (`.output.staging-…`, `.output.replaced-…`: longer names), so a deep output folder and a long slug
once failed half-way through a build, after its PDFs were made, naming whichever file came first.
Before building, the longest path each resolution's files can take is compared with the limit:
the longest is named, with by how much to shorten the output folder or the name. The paths are
those of the builders this build runs (each says its longest: Builder.longest_download,
longest_asset), so a site built without audio, or only the site, is not refused for a file it
would not write.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import urls
from .builders.base import Builder, BuildOptions
from .content.model import Site
from .diagnostics import Problem, error
from .machinery.folder_swap import work_folder
from .machinery.os_errors import WINDOWS_MAX_PATH
from .machinery.process_owner import Owner
from .photos import is_print_only, is_raster, output_stems


# Where a build's files pass through beside output/: written into staging, an update in place moves
# the files it replaces into "replaced", a swap the whole output into "previous" (a letter longer).
WORK_ROLES = ("staging", "replaced", "previous")
# The longest owner a work folder is named after: a process id of up to 10 digits on Windows and
# its start time (a FILETIME: 18 digits), so that a site near the limit is not let through by one
# run's short process id and refused by the next one's.
WIDEST_OWNER = Owner(4_294_967_295, "9" * 18)


def on_windows() -> bool:
    return os.name == "nt"


def long_path_problems(site: Site, output_dir: Path, options: BuildOptions,
                       builders: Callable[[], Iterable[type[Builder]]]) -> list[Problem]:
    """On Windows, an error naming the longest file a build of `site` into `output_dir` would
    write when its path, in the work folder, reaches WINDOWS_MAX_PATH; else nothing. `builders`:
    those the build runs (asked only on Windows: their modules are imported then)."""
    if not on_windows():
        return []
    output = Path(os.path.abspath(output_dir))
    # Characters a file's path inside output/ adds to the longest work folder's (and its separator).
    room = WINDOWS_MAX_PATH - 1 - max(len(os.fspath(work_folder(output, role, WIDEST_OWNER))) for role in WORK_ROLES) - 1
    longest = max(longest_paths(site, list(builders()), options), key=lambda found: len(found[0]), default=None)
    if longest is None or len(longest[0]) <= room:
        return []
    path, name, source = longest
    over = len(path) - room
    folder = output.joinpath(*path.split("/")[:-1])
    return [error(source, None, "windows-path-too-long", folder=str(folder), length=str(WINDOWS_MAX_PATH - 1 + over),
                  limit=str(WINDOWS_MAX_PATH), over=str(over), name=name)]


def longest_paths(site: Site, builders: list[type[Builder]], options: BuildOptions) -> Iterator[tuple[str, str, Path]]:
    """For each resolution, the longest path inside output/ that the `builders`' files can take
    in each folder (its downloads per language, its attachments and photos: a bound, not a file's
    name), with the name that makes it long (to shorten) and the content it comes from. Each
    builder says which resolutions and languages it makes files of (Builder.makes, as its items)."""
    for res in site.resolutions:
        for lang in site.config.language_codes:
            for builder in builders:
                path = builder.longest_download(site, res, lang, options) if builder.makes(site, res, lang) else None
                if path is not None:
                    yield path, res.slug, res.folder
        stems = output_stems([a.name for a in res.assets if is_raster(a.name) or is_print_only(a.name)])
        for asset in res.assets:
            for builder in builders:
                name = builder.longest_asset(asset.name, stems.get(asset.name))
                if name is not None:
                    yield urls.asset_path(res.slug, name), asset.name, asset.source
