"""What sitemap.xml lists: every web page the build made, with its language versions.

The pages are those the builders published on the build context as they
rendered them (PageRenderer.render: each page's path, kind and the hreflang
links it declares), whichever builder made them, so the builder that writes
the sitemap runs last. Nothing is read back from staging.
"""
from __future__ import annotations

from typing import Any, Mapping

from ... import urls
from ...config import SiteConfig
from ..published import PageAlternates

NOT_PAGES = frozenset({"not-found"})     # HTML that must not be listed


def sitemap_pages(config: SiteConfig, published: Mapping[str, PageAlternates]) -> list[dict[str, Any]]:
    """Every page as {url, alternates}, in path order (`published`: page path → its kind and
    hreflang links, as the builders published them)."""
    pages = sorted((path, page) for path, page in published.items() if page["kind"] not in NOT_PAGES)
    return [{"url": urls.absolute(config, path), "alternates": page["links"]} for path, page in pages]
