"""Swapping the new build in for output/ without a moment when there is none, and tidying
what killed builds left beside it.

Linux exchanges two folders in one step (`renameat2` with RENAME_EXCHANGE). Where that
is missing (Windows, macOS, FAT or NFS, which answer EINVAL) the swap is two renames,
output/ → `.output.previous-<pid>` then staging → output/; a kill between them leaves
no output/, and the next build puts the previous one back (recover()).

A rebuild that makes few files updates output/ in place instead (output_patch.py): a
journal `.output.journal-<pid>-<start>` and the replaced files in `.output.replaced-<pid>-<start>`; a kill
during it is rolled back here, by the next build.

A build names its folders `.output.staging-<pid>-<start>` and `.output.previous-<pid>-<start>`
(process_owner.py: the process's id and start time, since ids are reused); several builds, and
`serve`, may run at once, so only the folders of processes that are gone are removed or restored.
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import re
import shutil
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from .output_patch import replace_when_free, roll_back_journal
from .process_owner import PATTERN as OWNER, Owner, this_process

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# renameat2's system call number, for a C library too old to name the function (glibc < 2.28).
_SYSCALL_RENAMEAT2 = {"x86_64": 316, "aarch64": 276}
# What a system or file system without the exchange answers: then the two renames are used.
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV})


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing folders in one step. False where this system or file system cannot
    (nothing has changed then); any other failure (busy, read-only, denied) raises OSError."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second), None, str(first))


@lru_cache(maxsize=1)
def _renameat2():
    """renameat2(olddirfd, oldpath, newdirfd, newpath, flags) from the C library, or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)
    if function is not None:
        function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
        function.restype = ctypes.c_int
        return function
    number = _SYSCALL_RENAMEAT2.get(platform.machine())
    if number is None:
        return None
    return lambda *args: libc.syscall(number, *args)


def swap_in(new: Path, live: Path, previous: Path) -> Path | None:
    """Put folder `new` in place of `live`. Returns where the replaced output is now (for the
    caller to remove), None when there was none. On failure `live` is as it was."""
    if not live.exists():
        replace_when_free(new, live)
        return None
    if exchange(new, live):
        return new
    # Windows refuses to rename a folder while a program holds a file in it: tried again for a
    # moment (an antivirus, Explorer's preview), then the error stands and `live` is as it was.
    replace_when_free(live, previous)
    try:
        replace_when_free(new, live)
    except OSError:
        replace_when_free(previous, live)
        raise
    return previous


# ---------------------------------------------------------------- what killed builds left


def work_folder(output_dir: Path, role: str, owner: Owner | None = None) -> Path:
    """`.output.staging-<pid>-<start>` or `.output.previous-<pid>-<start>` beside output/ (this
    process's by default)."""
    return output_dir.parent / f".{output_dir.name}.{role}-{this_process() if owner is None else owner}"


def recover(output_dir: Path) -> None:
    """Roll back an in-place update a killed build left half done, put back output/ if a
    killed swap left none, then remove the work folders of builds that are no longer running
    (never a running build's or serve's), and the spare output earlier versions kept."""
    # NFC on both sides: macOS may list the folder's Vietnamese name decomposed.
    name = re.escape(unicodedata.normalize("NFC", output_dir.name))
    pattern = re.compile(rf"^\.{name}\.(staging|previous|replaced|journal)-{OWNER}$|^\.{name}\.(spare)$")
    dead: list[tuple[str, Path]] = []
    try:
        entries = list(os.scandir(output_dir.parent))
    except OSError:
        return
    for entry in entries:
        found = pattern.match(unicodedata.normalize("NFC", entry.name))
        if not found:
            continue
        if found.group(4):
            dead.append(("spare", Path(entry.path)))
            continue
        role, owner = found.group(1), Owner.parse(found.group(2), found.group(3))
        if owner.is_this_process():
            if role in ("journal", "replaced"):
                # This process's last update (serve's) failed and could not even be rolled back then.
                dead.append((role, Path(entry.path)))
        elif not owner.running() and entry.is_dir(follow_symlinks=False) == (role != "journal"):
            dead.append((role, Path(entry.path)))
    for role, journal in dead:
        if role == "journal":           # before its staging and replaced folders are removed
            roll_back_journal(journal)
    if not output_dir.exists():
        previous = sorted((folder for role, folder in dead if role == "previous" and (folder / "manifest.json").is_file()),
                          key=lambda folder: folder.stat().st_mtime_ns)
        if previous:
            try:
                os.replace(previous[-1], output_dir)
            except OSError:
                pass                # another build put one back first
    for role, folder in dead:
        if role != "journal" and folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
