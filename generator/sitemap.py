"""What sitemap.xml lists: every web page the build staged, with its language versions.

Pages are taken from the staging manifest, whichever builder made them, so the
builder that writes the sitemap runs last. Each page's language versions are
read from the page itself (its <link rel="alternate" hreflang> tags): the
sitemap says exactly what the pages say.
"""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from typing import Any

from . import urls
from .config import SiteConfig
from .changes import ChangeDetector
from .output import Artifact, Staging

NOT_PAGES = frozenset({"not-found"})     # HTML that must not be listed


class _Alternates(HTMLParser):
    """The hreflang alternates a page declares."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "link" and found.get("rel") == "alternate" and found.get("hreflang") and found.get("href"):
            self.links.append({"hreflang": found["hreflang"], "href": found["href"]})


_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)


def page_alternates(html: str) -> list[dict[str, str]]:
    parser = _Alternates()
    head = html.partition("</head>")[0]             # only the head declares alternates
    parser.feed("".join(_LINK_TAG.findall(head)))  # and only in <link> tags: the parser reads just those
    parser.close()
    return parser.links


def file_alternates(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return page_alternates(handle.read())


def is_page(artifact: Artifact) -> bool:
    return artifact.path.endswith(".html") and artifact.kind not in NOT_PAGES


def sitemap_pages(staging: Staging, config: SiteConfig, changes: ChangeDetector) -> list[dict[str, Any]]:
    """Every staged page as {url, alternates}, in path order."""
    found = sorted((a for a in staging.artifacts.values() if is_page(a)), key=lambda a: a.path)
    root = str(staging.dir)
    return [{"url": urls.absolute(config, a.path),
             "alternates": changes.read_once(os.path.join(root, *a.path.split("/")), file_alternates)}
            for a in found]
