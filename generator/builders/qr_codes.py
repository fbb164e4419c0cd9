"""Each page's QR code kept in the cache folder, one file per page (`<lang>-<slug>`, as the share
images: cache_gc prunes those of pages the output no longer has).

The printed material of a page carries its address as a QR code (pdf.qr_svg). An edit's print
builders make it for the edited pages only, but making it in the building process imports segno
(with the standard library's urllib.request, http.client and email that segno's SVG writer pulls
in) and draws the code: ≈ 0.025 CPU s, whenever the print worker is not idle to make it
(print_worker.page_qr; still starting, or no worker on a busy machine). A page's address seldom
changes, so its code is kept: sealed, with the address it encodes and what drew it (our code's
fingerprint, which holds pdf/qr.py, and segno's version); anything else in the file is drawn again.

A code drawn during a build is kept once the builders are done, on the write phase's thread
(keep_drawn_codes, pipeline._keep_cache), not where it was drawn: writing a sealed file costs
0.35 ms of CPU here (1.6 ms in a loaded build), and a first build draws a code for every page (≈ 450
at N = 300), in the building process that shares the cores with the PDF workers (issue 13: the cold
build of everything).
"""
from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from ..cache_gc import QR_CODE_FOLDER
from ..code_hash import code_fingerprint
from ..machinery.buildstate import fingerprint
from ..machinery.cache_seal import read_sealed, write_sealed
from ..machinery.installed import library_version
from ..session import BuildSession


def code_key(session: BuildSession, url: str) -> bytes:
    """What a kept code was drawn from: its address, our code and segno's version (read once a session)."""
    versions = session.library_versions
    if "segno" not in versions:
        versions["segno"] = library_version("segno")
    return fingerprint(code_fingerprint(), versions["segno"], url).encode("ascii")


def kept_code(cache_dir: Path | None, name: str, key: bytes) -> str | None:
    """The code of the page `name` (cache_gc.page_name) drawn from `key` (code_key) as kept, else None."""
    if cache_dir is None:
        return None
    kept = read_sealed(Path(cache_dir) / QR_CODE_FOLDER / name)
    if kept is None:
        return None
    found, _, svg = kept.partition(b"\n")
    if found != key:
        return None
    with suppress(UnicodeDecodeError):
        return svg.decode("ascii")
    return None


def keep_later(session: BuildSession, cache_dir: Path | None, name: str, key: bytes, svg: str) -> None:
    """Keep `svg` (see keep_code) once the build's builders are done (keep_drawn_codes)."""
    if cache_dir is not None:
        session.drawn_codes[(Path(cache_dir), name)] = (key, svg)


def drawn_code(session: BuildSession, cache_dir: Path | None, name: str, key: bytes) -> str | None:
    """The code of the page `name` drawn from `key` in this session and not kept yet, else None."""
    drawn = session.drawn_codes.get((Path(cache_dir), name)) if cache_dir is not None else None
    return drawn[1] if drawn is not None and drawn[0] == key else None


def keep_drawn_codes(session: BuildSession) -> None:
    """Keep the codes drawn since the last call (the write phase's thread: no builder draws one then)."""
    while session.drawn_codes:
        (cache_dir, name), (key, svg) = session.drawn_codes.popitem()
        keep_code(cache_dir, name, key, svg)


def keep_code(cache_dir: Path | None, name: str, key: bytes, svg: str) -> None:
    """Keep `svg`, the code drawn from `key`, for the page `name` (a cache that cannot be written only
    makes the next edit draw it again)."""
    if cache_dir is None:
        return
    with suppress(OSError, UnicodeEncodeError):
        write_sealed(Path(cache_dir) / QR_CODE_FOLDER / name, key + b"\n" + svg.encode("ascii"))
