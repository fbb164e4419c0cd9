"""The reports folder: never inside output/ (reports hold names), each report replaced whole."""
from __future__ import annotations

import errno
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

from ..machinery.output_patch import BUSY, replace_when_free

# What Word, Excel and a PDF reader open of a report (and hold while open: Windows then refuses
# to move its folder).
HELD_SUFFIXES = (".docx", ".xlsx", ".pdf")


class ReportsInsideOutput(Exception):
    pass


class ReportHeld(OSError):
    """The previous report could not be moved aside: a program holds a file of it (Windows), or
    the folder may not be written. It stays as it was; the command names its files (held_files)."""


def check_reports_dir(reports: Path, output: Path) -> None:
    """Refuse a reports folder inside (or equal to) the site's output folder."""
    where, site = reports.resolve(), output.resolve()
    if where == site or site in where.parents:
        raise ReportsInsideOutput(str(reports))


class NotAReport(Exception):
    """What a report would replace is something else: a folder with files and no summary.json (a
    resolution's folder, the cells' results under records/study/), or a file. Replaced whole, it
    would be lost."""


def check_target(target: Path) -> None:
    """Refuse to replace anything but a previous report (or an empty folder)."""
    if target.is_dir():
        if any(target.iterdir()) and not (target / "summary.json").is_file():
            raise NotAReport(str(target))
    elif target.exists() or target.is_symlink():
        raise NotAReport(str(target))


def write_folder(target: Path, files: Iterable[tuple[str, bytes]]) -> list[str]:
    """Write every file into a new folder beside `target`, then put it in place of `target`:
    a failure half-way leaves the previous report as it was. Returns the names written. The
    renames wait a moment while a program holds the folder (Windows: an antivirus reading the new
    files); one that does not let go of the previous report (Word, Excel or a PDF reader with it open):
    ReportHeld, which the command reports with the hint to close it (held_files). Any other
    failure: its OSError."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _sweep_earlier(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    names = []
    try:
        for name, data in files:
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            names.append(name)
        # A name of this write's own (as the output swap's): an earlier one a program still holds
        # stays where it is, and is swept by a later report.
        old = target.with_name(f".{target.name}.old-{staging.name.rpartition('.new-')[2]}")
        if target.exists():
            _move_aside(target, old)
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


def _move_aside(target: Path, old: Path) -> None:
    try:
        replace_when_free(target, old)
    except OSError as exc:
        if is_held(exc):
            raise ReportHeld(exc.errno, exc.strerror, str(target)) from exc
        raise


def _sweep_earlier(target: Path) -> None:
    """The previous reports earlier writes could not remove (a file of one was open), now free.
    (`.<name>.old` without a suffix: the one name they all took before.) One whose write still
    has its staging folder (`.<name>.new-` and the same suffix) is another report command's, running
    now: it may yet put that one back."""
    for earlier in target.parent.glob(f".{target.name}.old*"):
        own, _, suffix = earlier.name.partition(".old-")
        if earlier.name == f".{target.name}.old" or (
                own == f".{target.name}" and suffix and not earlier.with_name(f"{own}.new-{suffix}").exists()):
            shutil.rmtree(earlier, ignore_errors=True)


def is_held(exc: OSError) -> bool:
    """Whether `exc` is Windows refusing to move what another program has open (or no permission)."""
    return exc.errno in BUSY or exc.errno == errno.EPERM


def held_files(target: Path) -> list[str]:
    """The report's files a program may hold open (Word, Excel, a PDF reader; the roll-call PDFs
    too), to name in the message: those Word or Excel say they have open (their owner file
    `~$…` beside it), else all of them. Paths inside `target`, with '/'."""
    try:
        found = sorted(p.relative_to(target).as_posix() for p in target.rglob("*")
                       if p.suffix.lower() in HELD_SUFFIXES and p.is_file())
    except OSError:
        return []
    owners = [name for name in found if _is_owner(name)]
    documents = [name for name in found if not _is_owner(name)]
    opened = [name for name in documents if any(_owns(owner, name) for owner in owners)]
    return opened or documents


def _is_owner(name: str) -> bool:
    return name.rpartition("/")[2].startswith("~$")


def _owns(owner: str, document: str) -> bool:
    """Whether `owner` is the file Word or Excel keeps beside `document` while it has it open:
    `~$` and the name (Excel; Word: its first one or two letters replaced, for a long name)."""
    folder, _, name = owner.rpartition("/")
    place, _, document_name = document.rpartition("/")
    return place == folder and len(name) > 2 and document_name.endswith(name[2:]) \
        and len(document_name) - len(name[2:]) <= 2
