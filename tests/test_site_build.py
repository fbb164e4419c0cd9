"""The website, built and then read back with an HTML parser."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from generator.load import load_site
from generator.pipeline import build

from conftest import EXAMPLE_CONTENT, Page, make_site, manifest, write


def built(content: Path, tmp_path: Path) -> Path:
    output = tmp_path / "output"
    build(content, output)
    return output


def internal_targets(page: Page, output: Path) -> list[tuple[str, Path]]:
    """Every link or asset of a page that points inside the site, resolved to a file."""
    targets = []
    for tag, attr, url in page.links:
        parsed = urlparse(url)
        if parsed.scheme or url.startswith("#") or (tag == "link" and attr == "href" and parsed.netloc):
            continue
        targets.append((url, (page.path.parent / unquote(parsed.path)).resolve()))
    return targets


def check_site(content: Path, output: Path) -> None:
    site, _ = load_site(content)
    config = site.config
    # every resolution page exists for every language it has, with the three sections
    for res in site.resolutions:
        for lang in res.summaries:
            prefix = "" if lang == config.default_language else f"{lang}/"
            page = Page(output / f"{prefix}{res.slug}" / "index.html")
            html_tag = page.find_all("html")[0]
            assert html_tag["lang"] == config.languages[lang].tag
            for key in ("key-points", "new-points", "local-application"):
                assert page.has_class("section", f"section-{key}"), (res.slug, lang, key)
            assert res.summaries[lang].title in page.text
            assert res.code in page.text
    # every internal link and asset resolves to a file in output/
    html_files = sorted(output.rglob("*.html"))
    for path in html_files:
        if path.name == "404.html":
            continue
        page = Page(path)
        for url, target in internal_targets(page, output):
            assert target.is_file(), f"{path.relative_to(output)} links {url}, which does not exist"
            assert output.resolve() in target.parents, f"{url} leaves output/"
    # the manifest lists exactly the files produced
    data = manifest(output)
    listed = {entry["path"] for entry in data["artifacts"]}
    produced = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == produced
    for entry in data["artifacts"]:
        assert set(entry) >= {"slug", "lang", "kind", "path"}


def test_small_site(tmp_path: Path, site_dir: Path) -> None:
    output = built(site_dir, tmp_path)
    check_site(site_dir, output)
    assert (output / "hmn" / "nq-57" / "index.html").is_file()
    assert not (output / "hmn" / "ct-05").exists()  # no translation, default policy omits it
    pages = {(e["slug"], e["lang"]) for e in manifest(output)["artifacts"] if e["kind"] == "page"}
    assert pages == {("nq-57", "vi"), ("nq-57", "hmn"), ("ct-05", "vi")}


@pytest.mark.skipif(not (EXAMPLE_CONTENT / "site.yaml").exists(), reason="example content not present")
def test_example_content_builds(tmp_path: Path) -> None:
    site, problems = load_site(EXAMPLE_CONTENT)
    assert site is not None, [p.format() for p in problems]
    assert not [p for p in problems if p.is_error]
    assert len(site.resolutions) >= 5
    assert sum(1 for r in site.resolutions if "hmn" in r.summaries) >= 2
    output = built(EXAMPLE_CONTENT, tmp_path)
    check_site(EXAMPLE_CONTENT, output)


def test_home_lists_newest_first_with_code_date_summary(tmp_path: Path, site_dir: Path) -> None:
    output = built(site_dir, tmp_path)
    home = Page(output / "index.html")
    text = home.text
    assert text.index("57-NQ/TW") < text.index("05-CT/TW")
    assert "22/12/2024" in text and "15/05/2016" in text
    assert "Tóm tắt ngắn của văn bản." in text


def test_resolution_page_metadata_and_language_links(tmp_path: Path, site_dir: Path) -> None:
    output = built(site_dir, tmp_path)
    page = Page(output / "nq-57" / "index.html")
    assert "Bộ Chính trị" in page.text and "Trung ương" in page.text and "22/12/2024" in page.text
    alternates = [a for a in page.find_all("link", rel="alternate") if "hreflang" in a]   # not the feed
    assert {a["hreflang"] for a in alternates} == {"hmn-Latn-VN", "vi-VN"}
    switch = [a for a in page.find_all("a") if a.get("hreflang") == "hmn-Latn-VN"]
    assert switch and switch[0]["href"] == "../hmn/nq-57/index.html"
    # nested content of a point is kept
    assert "chi tiết lồng bên trong" in page.text


def test_implements_linked_both_ways(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    write(content / "resolutions" / "kh-10" / "resolution.yaml",
          "code: 10-KH/HU\nkind: ke-hoach\nlevel: huyen\nissuer: Huyện ủy Tam Đường\nissued: 2025-03-01\nimplements: [nq-57]\n")
    write(content / "resolutions" / "kh-10" / "vi.md",
          (content / "resolutions" / "nq-57" / "vi.md").read_text(encoding="utf-8").replace("title: Nghị quyết số 57-NQ/TW về khoa học", "title: Kế hoạch 10"))
    output = built(content, tmp_path)
    plan = Page(output / "kh-10" / "index.html")
    resolution = Page(output / "nq-57" / "index.html")
    assert ("a", "href", "../nq-57/index.html") in plan.links
    assert ("a", "href", "../kh-10/index.html") in resolution.links


def test_lists_by_kind_level_topic_year_and_404(tmp_path: Path, site_dir: Path) -> None:
    output = built(site_dir, tmp_path)
    for path in ("loai/nghi-quyet", "cap/trung-uong", "chu-de/chuyen-doi-so", "nam/2024", "tra-cuu"):
        assert (output / path / "index.html").is_file(), path
    assert "57-NQ/TW" in Page(output / "nam" / "2024" / "index.html").text
    assert "57-NQ/TW" not in Page(output / "nam" / "2016" / "index.html").text
    not_found = Page(output / "404.html")
    assert ("a", "href", "https://example.gov.vn/tuyentruyen/index.html") in not_found.links


def test_images_are_copied_and_linked_per_language(tmp_path: Path, site_dir: Path) -> None:
    from PIL import Image
    folder = site_dir / "resolutions" / "nq-57"
    Image.new("RGB", (300, 200), "white").save(folder / "anh.png")
    for lang in ("vi", "hmn"):
        path = folder / f"{lang}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n![Ảnh hội nghị](anh.png)\n", encoding="utf-8")
    output = built(site_dir, tmp_path)
    # Photos are published resized and cleaned (builders/images.py), the width in the name.
    assert (output / "nq-57" / "anh-300.png").is_file()
    assert ("img", "src", "anh-300.png") in Page(output / "nq-57" / "index.html").links
    assert ("img", "src", "../../nq-57/anh-300.png") in Page(output / "hmn" / "nq-57" / "index.html").links


def test_free_pages_in_menu(tmp_path: Path, site_dir: Path) -> None:
    write(site_dir / "pages" / "gioi-thieu.vi.md", "---\ntitle: Giới thiệu\n---\n\nTrung tâm văn hóa.\n")
    output = built(site_dir, tmp_path)
    assert "Trung tâm văn hóa." in Page(output / "gioi-thieu" / "index.html").text
    assert ("a", "href", "gioi-thieu/index.html") in Page(output / "index.html").links
    assert not (output / "hmn" / "gioi-thieu").exists()


def test_site_template_override(tmp_path: Path, site_dir: Path) -> None:
    write(site_dir / "templates" / "site" / "home.html",
          '{% extends "base.html" %}{% block main %}<p id="custom">Trang riêng</p>{% endblock %}')
    output = built(site_dir, tmp_path)
    assert "custom" in Page(output / "index.html").ids
    assert "custom" not in Page(output / "nq-57" / "index.html").ids


def test_list_rows_come_from_the_sites_own_item_template_with_links_for_each_page(tmp_path: Path,
                                                                                   site_dir: Path) -> None:
    write(site_dir / "templates" / "site" / "_item.html",
          '<li class="item custom" data-lang="{{ site.lang }}"><a href="{{ url(item.path) }}">{{ item.code }}</a></li>\n')
    output = built(site_dir, tmp_path)
    for page, lang, link in (("index.html", "vi", "nq-57/index.html"), ("loai/nghi-quyet/index.html", "vi",
                             "../../nq-57/index.html"), ("hmn/index.html", "hmn", "nq-57/index.html"),
                             ("hmn/nam/2024/index.html", "hmn", "../../nq-57/index.html")):
        rows = Page(output / page).find_all("li", **{"class": "item custom"})
        assert rows and all(row["data-lang"] == lang for row in rows), page
        assert ("a", "href", link) in Page(output / page).links, page
        assert ((output / page).parent / link).is_file(), page


def test_text_is_nfc_and_tone_placement_kept(tmp_path: Path) -> None:
    import unicodedata
    files = {
        "resolution.yaml": "code: 1-NQ/TW\r\nkind: nghi-quyet\r\nlevel: tinh\r\nissuer: Tỉnh ủy\r\nissued: 2024-01-01\r\n",
        "vi.md": "\ufeff" + unicodedata.normalize("NFD", "---\r\ntitle: Hoà bình và hòa hợp\r\n---\r\n\r\n"
                 "## Nội dung cốt lõi\r\n- Thủy lợi, thuỷ sản\r\n\r\n## Điểm mới\r\n- a\r\n\r\n## Liên hệ vận dụng\r\n- b\r\n"),
    }
    content = make_site(tmp_path, {"nq-1": files})
    site, problems = load_site(content)
    assert problems == [], problems
    summary = site.resolutions[0].summaries["vi"]
    assert summary.title == "Hoà bình và hòa hợp"        # both spellings kept, composed
    assert unicodedata.is_normalized("NFC", summary.title)
    assert summary.section("key_points").points[0].text == "Thủy lợi, thuỷ sản"


def test_headings_recognised_by_meaning_and_explicit_id(tmp_path: Path) -> None:
    files = {
        "resolution.yaml": "code: 1-NQ/TW\nkind: nghi-quyet\nlevel: tinh\nissuer: X\nissued: 2024-01-01\n",
        "vi.md": "---\ntitle: T\n---\n\n## NHỮNG NỘI DUNG CỐT LÕI:\n- a\n\n## Những điểm mới của Nghị quyết\n- b\n\n"
                 "## Công việc ở xã {#local-application}\n- c\n\n## Liên hệ khác\n- d\n",
    }
    site, problems = load_site(make_site(tmp_path, {"nq-1": files}))
    assert problems == []
    keys = [s.key for s in site.resolutions[0].summaries["vi"].sections]
    assert keys == ["key_points", "new_points", "local_application", None]


def test_fallback_source_shows_vietnamese_with_notice(tmp_path: Path) -> None:
    from conftest import SITE_YAML
    site_yaml = SITE_YAML.replace("    name: Hmoob\n", "    name: Hmoob\n    fallback: source\n")
    content = make_site(tmp_path, site_yaml=site_yaml)
    write(content / "pages" / "gioi-thieu.vi.md", "---\ntitle: Giới thiệu\n---\n\nTrung tâm.\n")
    output = built(content, tmp_path)
    page = Page(output / "hmn" / "ct-05" / "index.html")
    assert page.has_class("p", "notice")
    assert page.find_all("article")[0]["lang"] == "vi-VN"
    assert not [a for a in page.find_all("link", rel="alternate") if "hreflang" in a]   # no claim for untranslated content
    assert Page(output / "hmn" / "gioi-thieu" / "index.html").has_class("p", "notice")
    assert not Page(output / "hmn" / "nq-57" / "index.html").has_class("p", "notice")
    check_site(content, output)
