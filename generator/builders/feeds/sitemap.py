"""What sitemap.xml lists: every web page the build staged, with its language versions.

Pages are taken from the staging manifest, whichever builder made them, so the
builder that writes the sitemap runs last. Each page's language versions are
the hreflang links the page declares, as its builder published them on the
build context (SiteBuilder.render): nothing is read back from staging.
"""
from __future__ import annotations

from typing import Any, Mapping

from ... import urls
from ...config import SiteConfig
from ...machinery.output import Artifact, Staging

NOT_PAGES = frozenset({"not-found"})     # HTML that must not be listed


def is_page(artifact: Artifact) -> bool:
    return artifact.path.endswith(".html") and artifact.kind not in NOT_PAGES


def sitemap_pages(staging: Staging, config: SiteConfig,
                  alternates: Mapping[str, list[dict[str, str]]]) -> list[dict[str, Any]]:
    """Every staged page as {url, alternates}, in path order (`alternates`: by page path, as
    the builders published them)."""
    found = sorted((a for a in staging.artifacts.values() if is_page(a)), key=lambda a: a.path)
    return [{"url": urls.absolute(config, a.path), "alternates": alternates.get(a.path, [])} for a in found]
