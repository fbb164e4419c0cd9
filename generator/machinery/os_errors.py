"""The machine failing a build (read-only disk, no permission, disk full, folder busy): an
error naming the path and what to do, instead of Python's OSError."""
from __future__ import annotations

import errno
import os
from pathlib import Path

from ..diagnostics import Problem, error

_BY_ERRNO = {
    errno.EROFS: "env-read-only",
    errno.EACCES: "env-denied", errno.EPERM: "env-denied",
    errno.ENOSPC: "env-disk-full", errno.EDQUOT: "env-disk-full", errno.EFBIG: "env-disk-full",
    errno.EBUSY: "env-busy", errno.ETXTBSY: "env-busy",
    errno.ENAMETOOLONG: "env-name-too-long",
}
# Windows' own error numbers, where errno says less (a file open in another program is EACCES there).
_BY_WINERROR = {32: "env-busy", 33: "env-busy", 5: "env-denied", 112: "env-disk-full", 206: "env-name-too-long"}


# Windows' limit of a full path (MAX_PATH, its final NUL included) where long paths are not enabled.
WINDOWS_MAX_PATH = 260
# What Windows answers for a path over that limit, mostly: "file" or "path not found".
_NOT_FOUND_WINERRORS = frozenset({2, 3})


def environment_problem(exc: OSError, where: Path) -> Problem:
    """The error for `exc`, at the file it names (a failed write often names none: then `where`)."""
    code = _BY_WINERROR.get(getattr(exc, "winerror", None) or 0) or _BY_ERRNO.get(exc.errno or 0, "env-os-error")
    path = Path(exc.filename) if exc.filename else Path(where)
    if getattr(exc, "winerror", None) in _NOT_FOUND_WINERRORS and len(os.path.abspath(path)) >= WINDOWS_MAX_PATH:
        code = "env-name-too-long"      # a deep slug in a deep output folder, said as what it is
    return error(path, None, code, file=str(path), detail=exc.strerror or str(exc))
