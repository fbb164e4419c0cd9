"""A resolution's attachments and SVG images, published beside its page.

Each is an item of the site builder, reused like a page: while its file is the same, the
copy the last build published stays in output/ (linked, checked by its marks) instead of
being copied (or, an SVG, cleaned) again in every build. "The same" is decided by the
change detector's mark, as the make rule decides it (the bytes' hash of a small file), and
for a large file (known to the detector by size and modification time) also by its inode
and change time: another file put in its place with the same size and modification time
(copied over it, `touch -r`) has another one of them, and is published anew.
"""
from __future__ import annotations

import os

from ... import urls
from ...changes import ChangeDetector
from ...content.model import Asset, Resolution
from ...content.svg import clean_svg, is_svg
from ...photos import is_image
from ..base import Builder


def publish_asset(builder: Builder, res: Resolution, asset: Asset) -> None:
    """Write `asset` into staging (an SVG without what could run or load: content/svg.py), or
    keep the previous build's copy while its source is unchanged."""
    path = urls.asset_path(res.slug, asset.name)
    staging = builder.ctx.staging
    if is_svg(asset.name):
        def build() -> None:
            staging.write_bytes(path, clean_svg(asset.source.read_bytes()).data, kind="image", slug=res.slug)
    else:
        def build() -> None:
            staging.copy_file(path, asset.source, kind="image" if is_image(asset.name) else "attachment",
                              slug=res.slug)
    builder.reuse_or_build(f"asset:{path}", source_mark(builder.ctx.changes, asset.source), build)


def source_mark(changes: ChangeDetector, source: os.PathLike) -> tuple:
    """What the published copy of `source` is made from: its bytes' hash (small) or its stat
    mark with its inode and change time (large)."""
    full = os.path.abspath(source)
    info = os.stat(full)
    mark = changes.file_mark(full, info)
    return mark if len(mark) == 1 else (*mark, info.st_ino, info.st_ctime_ns)
