"""The Hmong site carries no Vietnamese UI words, except catalog entries that
deliberately keep the Vietnamese official term (msgstr == msgid).

Hmong in the RPA script uses no diacritics, so on a site whose own content is
plain ASCII, any Vietnamese letter left on a Hmong page (text or a visible
attribute) is a UI string that was not translated or not marked for translation.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.builders.base import BuildOptions
from generator.i18n import read_catalog
from generator.pipeline import build

from conftest import make_site, write

VIETNAMESE_LETTER = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                               r"ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]")
VISIBLE_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "value")

ASCII_SITE = """\
title: Ntaub ntawv
organisation: Chaw haujlwm
base_url: https://example.gov.vn/tt/
languages:
  vi:
    name: Tieng Viet
  hmn:
    name: Hmoob
    title: Ntaub ntawv Hmoob
    sections:
      key_points: "Cov ntsiab lus tseem ceeb"
      new_points: "Cov ntsiab lus tshiab"
      local_application: "Kev siv hauv zos"
topics:
  dat-dai: {vi: Dat dai, hmn: Av}
"""
RESOLUTION = """\
code: 57-NQ/TW
kind: {kind}
level: {level}
issuer: Pawg thawj coj
issued: 2024-12-22
topics: [dat-dai]
"""
SUMMARY = """\
---
title: {title}
summary: Lus luv
---

Kab lus qhib.

## {key}
- Ntsiab lus ib
  - ntsiab lus me

## {new}
- Ntsiab lus tshiab

## {local}
- Hauv zos
"""
VI_HEADINGS = {"key": "Nội dung cốt lõi", "new": "Điểm mới", "local": "Liên hệ vận dụng tại địa phương"}
HMN_HEADINGS = {"key": "Cov ntsiab lus tseem ceeb", "new": "Cov ntsiab lus tshiab", "local": "Kev siv hauv zos"}


class VisibleText(HTMLParser):
    """Text and visible attributes of a page, skipping scripts, styles and parts marked
    as another language (the switcher's 'Tiếng Việt', a Vietnamese fallback body)."""

    def __init__(self, page_lang: str):
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def _foreign(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        lang = attributes.get("lang")
        skip = tag in ("script", "style") or (tag != "html" and lang is not None and lang != self.page_lang)
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            self.stack.append((tag, skip))
        if not (skip or self._foreign()):
            self.found += [attributes[a] for a in VISIBLE_ATTRIBUTES if attributes.get(a)]
            if tag == "meta" and attributes.get("name") == "description":
                self.found.append(attributes.get("content", ""))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._foreign() and data.strip():
            self.found.append(data)


def kept_terms() -> list[str]:
    """Catalog entries whose Hmong translation deliberately keeps the Vietnamese."""
    catalog = read_catalog("hmn")
    assert catalog is not None
    kept = [m.id for m in catalog if m.id and isinstance(m.id, str) and m.string == m.id]
    return sorted(kept, key=len, reverse=True)


def test_hmong_pages_have_no_vietnamese_ui_words(tmp_path: Path) -> None:
    resolutions = {}
    for slug, kind, level in (("nq-57", "nghi-quyet", "trung-uong"), ("kh-1", "ke-hoach", "huyen")):
        resolutions[slug] = {
            "resolution.yaml": RESOLUTION.format(kind=kind, level=level),
            "vi.md": SUMMARY.format(title=f"Tsab ntawv {slug}", **VI_HEADINGS),
        }
    resolutions["nq-57"]["hmn.md"] = SUMMARY.format(title="Tsab ntawv Hmoob", **HMN_HEADINGS)
    # fallback: source, so the untranslated kh-1 shows on the Hmong site with its notice.
    content = make_site(tmp_path, resolutions, site_yaml=ASCII_SITE.replace(
        "    title: Ntaub ntawv Hmoob\n", "    title: Ntaub ntawv Hmoob\n    fallback: source\n"))
    write(content / "pages" / "txog.vi.md", "---\ntitle: Txog\n---\n\nNtawv.\n")
    output = tmp_path / "output"
    build(content, output, BuildOptions(no_audio=True))

    kept = kept_terms()
    pages = sorted((output / "hmn").rglob("*.html"))
    assert len(pages) >= 8
    leftovers: dict[str, set[str]] = {}
    for page in pages:
        parser = VisibleText("hmn-Latn-VN")
        parser.feed(page.read_text(encoding="utf-8"))
        for text in parser.found:
            for term in kept:     # templates may lower-case a kept term ("cấp trung ương")
                text = re.sub(re.escape(term), "", text, flags=re.IGNORECASE)
            if VIETNAMESE_LETTER.search(text):
                leftovers.setdefault(" ".join(text.split()), set()).add(str(page.relative_to(output)))
    assert not leftovers, "Vietnamese UI words on Hmong pages:\n" + "\n".join(
        f"  {text!r} on {sorted(where)[:3]}" for text, where in sorted(leftovers.items()))


def test_the_check_can_fail(tmp_path: Path) -> None:
    """The scanner does see a Vietnamese string that is not marked as another language."""
    parser = VisibleText("hmn-Latn-VN")
    parser.feed('<html lang="hmn-Latn-VN"><p>Trang chủ</p><p lang="vi-VN">Tiếng Việt</p>'
                '<nav aria-label="Trình đơn"></nav></html>')
    assert [t for t in parser.found if VIETNAMESE_LETTER.search(t)] == ["Trang chủ", "Trình đơn"]
