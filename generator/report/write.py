"""The reports folder: never inside output/ (reports hold names), each report replaced whole."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Iterable

from ..machinery.output_patch import replace_when_free


class ReportsInsideOutput(Exception):
    pass


def check_reports_dir(reports: Path, output: Path) -> None:
    """Refuse a reports folder inside (or equal to) the site's output folder."""
    where, site = reports.resolve(), output.resolve()
    if where == site or site in where.parents:
        raise ReportsInsideOutput(str(reports))


def write_folder(target: Path, files: Iterable[tuple[str, bytes]]) -> list[str]:
    """Write every file into a new folder beside `target`, then put it in place of `target`:
    a failure half-way leaves the previous report as it was. Returns the names written. The
    renames wait a moment while a program holds the folder (Windows: an antivirus reading the new
    files); one that does not let go (Word or Excel with the last report open): OSError, which the
    command reports with the hint to close it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    names = []
    try:
        for name, data in files:
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            names.append(name)
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            replace_when_free(target, old)
        try:
            replace_when_free(staging, target)
        except OSError:
            if old.exists():
                replace_when_free(old, target)  # put the previous report back
            raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return names
