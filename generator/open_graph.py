"""What a resolution page tells Zalo and Facebook (Open Graph, Twitter card), and its share block.

Plain view data for templates/site/resolution.html; the share image and post
text are the files the share builder staged (builders/share.py) — a build
that skips it (`--only site`) simply has no og:image and no share block.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from . import urls
from .config import SiteConfig
from .content.model import Edition
from .changes import ChangeDetector
from .output import Artifact
from .share_image import HEIGHT, WIDTH

# Facebook's locales (ll_CC) by primary language subtag. Facebook has no Hmong
# locale: such pages carry no og:locale rather than a wrong one.
OPEN_GRAPH_LOCALES = {"vi": "vi_VN", "en": "en_US", "fr": "fr_FR", "zh": "zh_CN", "th": "th_TH",
                      "lo": "lo_LA", "km": "km_KH"}


def open_graph_locale(tag: str) -> str | None:
    return OPEN_GRAPH_LOCALES.get(tag.split("-")[0].lower())


def share_view(config: SiteConfig, edition: Edition, page_path: str, artifacts: Iterable[Artifact],
               staging_dir: Path, changes: ChangeDetector) -> dict[str, Any]:
    """og:* values, and the share image and post text when the share builder made them."""
    by_kind = {a.kind: a for a in artifacts}
    image, text = by_kind.get("share-image"), by_kind.get("share-text")
    summary = edition.summary
    post = changes.read_once(staging_dir / text.path, read_share_text) if text else None
    return {
        "title": summary.title,
        "description": summary.summary or summary.title,
        "url": urls.absolute(config, page_path),
        "site_name": config.title_in(edition.lang),
        "locale": open_graph_locale(config.languages[summary.lang].tag),
        "image": urls.absolute(config, image.path) if image else None,
        "image_path": image.path if image else None,
        "image_width": WIDTH, "image_height": HEIGHT,
        "text": post,
        "text_rows": post.count("\n") + 2 if post else 0,
        "script": urls.SHARE_SCRIPT if post else None,     # the "copy" button
        "published": edition.resolution.issued.isoformat(),
    }


def read_share_text(path: str | Path) -> str:
    """A post text file as the page shows it (no BOM, LF line ends)."""
    return Path(path).read_text(encoding="utf-8-sig").replace("\r\n", "\n").rstrip("\n")
