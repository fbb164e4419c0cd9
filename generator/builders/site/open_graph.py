"""What a resolution page tells Zalo and Facebook (Open Graph, Twitter card), and its share block.

Plain view data for templates/site/resolution.html; the share image is the
file the share builder staged and the post text what it published on the
build context (builders/share/) — a build that skips it (`--only site`)
simply has no og:image and no share block.
"""
from __future__ import annotations

from typing import Any, Iterable

from ... import urls
from ...config import SiteConfig
from ...content.model import Edition
from ...machinery.output import Artifact
from ..published import SharePost
from ..share.image import HEIGHT, WIDTH

# Facebook's locales (ll_CC) by primary language subtag. Facebook has no Hmong
# locale: such pages carry no og:locale rather than a wrong one.
OPEN_GRAPH_LOCALES = {"vi": "vi_VN", "en": "en_US", "fr": "fr_FR", "zh": "zh_CN", "th": "th_TH",
                      "lo": "lo_LA", "km": "km_KH"}


def open_graph_locale(tag: str) -> str | None:
    return OPEN_GRAPH_LOCALES.get(tag.split("-")[0].lower())


def share_view(config: SiteConfig, edition: Edition, page_path: str, artifacts: Iterable[Artifact],
               post: SharePost | None) -> dict[str, Any]:
    """og:* values, and the share image and post text (`post`) when the share builder made them."""
    text = post.text if post is not None else None
    image = next((a for a in artifacts if a.kind == "share-image"), None)
    summary = edition.summary
    return {
        "title": summary.title,
        "description": summary.summary or summary.title,
        "url": urls.absolute(config, page_path),
        "site_name": config.title_in(edition.lang),
        "locale": open_graph_locale(config.languages[summary.lang].tag),
        "image": urls.absolute(config, image.path) if image else None,
        "image_path": image.path if image else None,
        "image_width": WIDTH, "image_height": HEIGHT,
        "text": text,
        "text_rows": text.count("\n") + 2 if text else 0,
        "script": urls.SHARE_SCRIPT if text else None,     # the "copy" button
        "published": edition.resolution.issued.isoformat(),
    }
