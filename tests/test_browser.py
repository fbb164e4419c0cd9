"""The example site in a real browser (headless chromium): phones and desktops,
http and file://, JavaScript on and off, and what a page costs to load."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat

from conftest import Page, manifest, watched_page

RESOLUTION = "nq-57-khoa-hoc-cong-nghe"
SHOWN = {"home": "index.html", "resolution": f"{RESOLUTION}/index.html", "calendar": "lich-so-ket/index.html",
         "hmn-resolution": f"hmn/{RESOLUTION}/index.html"}
WIDTHS = (360, 1280)
PAGE_BUDGET = 100 * 1024          # HTML + CSS + JS of one page, photos and audio excluded


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    return example_site


@pytest.fixture(scope="module")
def http_base(example_http: str) -> str:
    return example_http


def open_page(browser: Any, url: str, width: int = 1280, javascript: bool = True) -> tuple[Any, list[str]]:
    """A page at `url` and the problems it raised: console errors, failed or off-site requests."""
    origin = re.match(r"^(https?://[^/]+|file://)", url).group(1)
    page, problems = watched_page(browser, width, javascript, origin)
    page.goto(url)
    page.wait_for_load_state("load")
    return page, problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(SHOWN))
def test_pages_fit_the_screen_without_errors(browser: Any, http_base: str, tmp_path: Path, name: str,
                                             width: int) -> None:
    page, problems = open_page(browser, http_base + SHOWN[name], width)
    assert problems == []
    # Nothing wider than a phone: no sideways scrolling at 360 px.
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= width, f"{name} is {scroll_width} px wide at {width} px"
    assert page.locator("main h1").first.is_visible()
    shot = Path(os.environ.get("TUYENTRUYEN_SCREENSHOTS", tmp_path)) / f"{name}-{width}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    with Image.open(shot) as image:
        assert image.width == width
        # Not a blank page: a real page has dark text on it.
        assert ImageStat.Stat(image.convert("L")).extrema[0][0] < 80
    page.context.close()


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_language_switcher_lands_on_the_same_resolution(browser: Any, site: Path, http_base: str,
                                                        scheme: str) -> None:
    base = http_base if scheme == "http" else site.as_uri() + "/"
    page, problems = open_page(browser, base + SHOWN["resolution"])
    vietnamese_title = page.locator("main h1").first.inner_text()
    page.locator("a[hreflang='hmn-Latn-VN']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/hmn/{RESOLUTION}/index.html") or page.url.endswith(f"/hmn/{RESOLUTION}/")
    assert page.locator("html").get_attribute("lang") == "hmn-Latn-VN"
    assert page.locator("main h1").first.inner_text() != vietnamese_title
    page.locator("a[hreflang='vi-VN']").first.click()
    page.wait_for_load_state("load")
    assert page.locator("main h1").first.inner_text() == vietnamese_title
    assert problems == []
    page.context.close()


def test_pages_read_without_javascript(browser: Any, http_base: str) -> None:
    page, problems = open_page(browser, http_base + SHOWN["resolution"], javascript=False)
    assert problems == []
    main = page.locator("main").inner_text()
    assert page.locator("main h1").first.is_visible()
    for heading in ("Nội dung cốt lõi", "Điểm mới", "Liên hệ vận dụng"):
        assert heading in main
    # Every download is a plain link.
    assert page.locator("a[href$='.pdf']").count() >= 4
    page.context.close()


def page_weight(site: Path, html: Path) -> int:
    """Bytes of a page with the stylesheets and scripts it loads (local files; photos and audio excluded)."""
    page = Page(html)
    total = html.stat().st_size
    for tag, attributes in page.elements:
        link = (attributes.get("href") if tag == "link" and attributes.get("rel") == "stylesheet"
                else attributes.get("src") if tag == "script" else None)
        if link:
            # The 404 page links its stylesheet from the site's own address (it is served at any depth).
            base = manifest(site)["base_url"]
            local = site / link[len(base):] if link.startswith(base) else html.parent / link
            target = Path(str(local).split("?")[0]).resolve()
            assert target.is_relative_to(site.resolve()) and target.is_file(), f"{html}: {link} is missing"
            total += target.stat().st_size
    return total


def test_every_page_is_light_and_loads_nothing_from_other_hosts(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    heavy = {str(p.relative_to(site)): page_weight(site, p) for p in pages}
    heavy = {name: size for name, size in heavy.items() if size > PAGE_BUDGET}
    assert heavy == {}
    base = manifest(site)["base_url"]
    loaded = {"link": ("href",), "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
              "audio": ("src",), "iframe": ("src",)}
    for html in pages:
        off_site = [value for tag, attributes in Page(html).elements if tag in loaded
                    and not (tag == "link" and attributes.get("rel") in ("canonical", "alternate"))
                    for name in loaded[tag] if re.match(r"^(https?:)?//", value := attributes.get(name, ""))
                    and not value.startswith(base)]
        assert off_site == [], f"{html} loads {off_site}"
