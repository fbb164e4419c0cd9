"""A resolution's attachments and SVG images, published beside its page.

Each is an item of the site builder, reused like a page: while its file is the same, the
copy the last build published stays in output/ (linked, checked by its marks) instead of
being copied (or, an SVG, cleaned) again in every build. "The same" is decided by the
change detector's mark, as the make rule decides it (changes.py: the bytes' hash of a small
file; size, modification time, inode and change time of a large one, so that another file put
in its place with the same size and modification time is published anew).
"""
from __future__ import annotations

from ... import urls
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
    builder.reuse_or_build(f"asset:{path}", builder.ctx.changes.mark(asset.source), build)
