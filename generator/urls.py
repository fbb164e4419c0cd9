"""Where every output lives, and relative links between them.

Links point at files (…/index.html), never at bare folders, so the site
works from a USB stick opened with file:// as well as from a web server.
"""
from __future__ import annotations

import posixpath

from .config import SiteConfig

STYLESHEET = "assets/style.css"
ICON = "assets/icon.svg"               # the site's icon (spares browsers a /favicon.ico request)
SEARCH_SCRIPT = "assets/search.js"
SHARE_SCRIPT = "assets/share.js"        # the "copy" button of the share post
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
CALENDAR = "lich-so-ket"
SEARCH = "tim-kiem"


def lang_root(config: SiteConfig, lang: str) -> str:
    """'' for the default language (at the root), 'hmn/' for the others."""
    return "" if lang == config.default_language else f"{lang}/"


def home_path(config: SiteConfig, lang: str) -> str:
    return f"{lang_root(config, lang)}index.html"


def resolution_path(config: SiteConfig, slug: str, lang: str) -> str:
    return f"{lang_root(config, lang)}{slug}/index.html"


def resolution_folder(config: SiteConfig, slug: str, lang: str) -> str:
    """The folder of a resolution's page in one language; its downloads live there too."""
    return f"{lang_root(config, lang)}{slug}/"


def asset_path(slug: str, name: str) -> str:
    """Images and attachments of a resolution, shared by all its languages."""
    return f"{slug}/{name}"


def list_path(config: SiteConfig, lang: str, group: str, value: str | None = None) -> str:
    folder = f"{lang_root(config, lang)}{group}/"
    return f"{folder}{value}/index.html" if value else f"{folder}index.html"


def feed_path(config: SiteConfig, lang: str) -> str:
    """The Atom feed of a language, in that language's root."""
    return f"{lang_root(config, lang)}feed.xml"


def search_index_path(lang: str) -> str:
    """The search index of a language: a script, so that search works from file:// too."""
    return f"assets/search-{lang}.js"


def search_page_path(config: SiteConfig, lang: str) -> str:
    """The search page of a language (it reads ?q=)."""
    return f"{lang_root(config, lang)}{SEARCH}/index.html"


def page_path(config: SiteConfig, name: str, lang: str) -> str:
    return f"{lang_root(config, lang)}{name}/index.html"


def calendar_path(config: SiteConfig, lang: str) -> str:
    """The review calendar page (lịch sơ kết, tổng kết) of a language."""
    return f"{lang_root(config, lang)}{CALENDAR}/index.html"


def calendar_ics_path(config: SiteConfig, lang: str) -> str:
    """Its iCalendar file, next to the page; the language in the name, so downloads do not collide."""
    return f"{lang_root(config, lang)}{CALENDAR}/{CALENDAR}-{lang}.ics"


def download_file(config: SiteConfig, slug: str, lang: str, name: str) -> str:
    """A file of the resolution in `lang`, in its page's folder: slug and language in its name,
    so that many downloads never collide."""
    return f"{resolution_folder(config, slug, lang)}{slug}-{lang}-{name}"


def share_file(config: SiteConfig, slug: str, lang: str, suffix: str) -> str:
    """The share image (.png) and post text (.txt) of a page."""
    return download_file(config, slug, lang, f"chia-se{suffix}")


def relative(from_path: str, to_path: str) -> str:
    """Relative link from the file `from_path` to the file `to_path` (both relative to output/)."""
    start = posixpath.dirname(from_path)
    here, there = start.split("/") if start else [], to_path.split("/")
    if "" in there or any(part in (".", "..") for part in here + there) or "" in here:
        return posixpath.relpath(to_path, start or ".")      # not a plain output path: the slow, general way
    # posixpath.relpath, without its abspath() calls: a list page links thousands of times.
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def display(url: str) -> str:
    """An address as printed for people: without the scheme ('example.gov.vn/tuyentruyen/')."""
    return url.split("://", 1)[-1]


def absolute(config: SiteConfig, path: str) -> str:
    """Absolute URL for feeds, QR codes and share tags: folders rather than index.html."""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return config.base_url + path
