"""The machine failing a build (read-only disk, no permission, disk full, folder busy): an
error naming the path and what to do, instead of Python's OSError."""
from __future__ import annotations

import errno
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


def environment_problem(exc: OSError, where: Path) -> Problem:
    """The error for `exc`, at the file it names (a failed write often names none: then `where`)."""
    code = _BY_WINERROR.get(getattr(exc, "winerror", None) or 0) or _BY_ERRNO.get(exc.errno or 0, "env-os-error")
    path = Path(exc.filename) if exc.filename else Path(where)
    return error(path, None, code, file=str(path), detail=exc.strerror or str(exc))
