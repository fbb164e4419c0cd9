"""Share images, share posts and the Open Graph tags that Zalo and Facebook read."""
from __future__ import annotations

import html
import re
import shutil
import struct
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.builders.base import BuildOptions
from generator.load import load_site
from generator.fonts import PACKAGED_DIR, FontPair, share_fonts
from generator.pipeline import build
from generator.builders.share.image import HEIGHT, WIDTH, Card, draw_card, missing_glyphs
from generator.builders.share.text import LIMIT, compose, hashtag
from generator.builders.text_line import ELLIPSIS

from conftest import EXAMPLE_CONTENT, Page, make_site, manifest, standard_resolution, tree_bytes

BASE = "https://example.gov.vn/tuyentruyen/"
NQ57 = "nq-57-khoa-hoc-cong-nghe"
BULLET = "• "
VIETNAMESE_VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")    # none, huyền, sắc, hỏi, ngã, nặng


def vietnamese_letters() -> str:
    """Every vowel with every tone (NFC, as content is read), both cases, and đ Đ."""
    letters = [unicodedata.normalize("NFC", v + t) for v in VIETNAMESE_VOWELS for t in TONES]
    return "".join(letters) + "".join(letters).upper() + "đĐ"


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    return example_site


@pytest.fixture(scope="module")
def model() -> Any:
    loaded, _ = load_site(EXAMPLE_CONTENT)
    return loaded


def meta(page: Page, key: str) -> str | None:
    """The content of <meta property=key> or <meta name=key>; None when absent, error when repeated."""
    found = page.find_all("meta", property=key) + page.find_all("meta", name=key)
    assert len(found) <= 1, key
    return found[0]["content"] if found else None


def pages(site: Path) -> list[dict[str, Any]]:
    return [a for a in manifest(site)["artifacts"] if a["kind"] == "page"]


def post_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").rstrip("\n")


def share_file(site: Path, slug: str, lang: str, kind: str) -> Path:
    found = [a["path"] for a in manifest(site)["artifacts"]
             if a["kind"] == kind and a["slug"] == slug and a["lang"] == lang]
    assert len(found) == 1, (slug, lang, kind)
    return site / found[0]


def word_prefix(shown: str, full: str) -> bool:
    """`shown` is `full`, or `full` cut after a whole word and ended with '…' (never mid-word)."""
    if not shown.endswith(ELLIPSIS):
        return shown == full
    kept = shown[: -len(ELLIPSIS)]
    return full.startswith(kept) and len(full) > len(kept) and full[len(kept)] in " ,;:.-–—"


# ---------------------------------------------------------------- Open Graph on every page

def test_every_page_has_an_absolute_og_image_of_1200_by_630(site: Path) -> None:
    checked = 0
    for artifact in pages(site):
        page = Page(site / artifact["path"])
        image = meta(page, "og:image")
        assert image is not None and image.startswith(BASE), artifact["path"]
        file = site / image[len(BASE):]
        assert file.is_file(), image
        with Image.open(file) as picture:
            assert picture.format == "PNG" and picture.size == (WIDTH, HEIGHT) == (1200, 630)
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
        assert meta(page, "twitter:card") == "summary_large_image"
        checked += 1
    assert checked == len(pages(site)) >= 14


def test_open_graph_tags_describe_the_page(site: Path, model: Any) -> None:
    for artifact in pages(site):
        page = Page(site / artifact["path"])
        canonical = page.find_all("link", rel="canonical")[0]["href"]
        res = model.resolution(artifact["slug"])
        summary = res.summaries.get(artifact["lang"]) or res.summaries["vi"]
        assert meta(page, "og:url") == canonical == BASE + artifact["path"].removesuffix("index.html")
        assert meta(page, "og:type") == "article"
        assert meta(page, "og:title") == summary.title
        assert meta(page, "og:description") == meta(page, "description") == summary.summary
        assert meta(page, "og:site_name")
        assert meta(page, "og:image:alt") == summary.title
        # Vietnamese text (also a Hmong page still showing Vietnamese): vi_VN; Facebook has no Hmong locale.
        assert meta(page, "og:locale") == ("vi_VN" if summary.lang == "vi" else None)


def test_the_hmong_page_has_its_own_image_and_no_wrong_locale(site: Path) -> None:
    page = Page(site / "hmn" / NQ57 / "index.html")
    assert meta(page, "og:locale") is None
    assert meta(page, "og:image") == f"{BASE}hmn/{NQ57}/{NQ57}-hmn-chia-se.png"
    assert meta(page, "og:title").startswith("Nghị quyết 57-NQ/TW ntawm")


# ---------------------------------------------------------------- the post text

def test_every_post_fits_before_see_more_and_links_its_page(site: Path, model: Any) -> None:
    for artifact in pages(site):
        slug, lang = artifact["slug"], artifact["lang"]
        text_file = share_file(site, slug, lang, "share-text")
        assert f"{slug}-{lang}" in text_file.name and text_file.suffix == ".txt"
        text = post_text(text_file)
        assert len(text) <= LIMIT, (text_file, len(text))
        assert BASE + artifact["path"].removesuffix("index.html") in text.split()
        res = model.resolution(slug)
        shown_lang = lang if lang in res.summaries else "vi"      # a page whose translation is pending
        tags = [hashtag(model.config.topic_name(t, shown_lang)) for t in res.topics]
        assert tags and all(tag in text.split() for tag in tags), (tags, text)


def test_the_post_has_three_new_points_cut_by_whole_words(site: Path, model: Any) -> None:
    for lang in ("vi", "hmn"):
        text = post_text(share_file(site, NQ57, lang, "share-text"))
        lines = [line[len(BULLET):] for line in text.splitlines() if line.startswith(BULLET)]
        points = [p.text for p in model.resolution(NQ57).summaries[lang].section("new_points").points]
        assert len(lines) == 3 <= len(points)
        for shown, full in zip(lines, points):
            assert word_prefix(shown, " ".join(full.split())), (shown, full)


def test_the_hmong_post_is_in_hmong(site: Path) -> None:
    text = post_text(share_file(site, NQ57, "hmn", "share-text"))
    assert text.startswith("Nghị quyết 57-NQ/TW ntawm Bộ Chính trị txog kev tshawb fawb")
    assert "Cov ntsiab lus tshiab:" in text and "Điểm mới" not in text
    assert "Muab tsawg kawg 3%" in text
    assert f"{BASE}hmn/{NQ57}/" in text
    assert "#kevtshawbfawb" in text


def test_the_post_is_utf8_for_notepad(site: Path) -> None:
    data = share_file(site, NQ57, "vi", "share-text").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert "Điểm mới" in data.decode("utf-8-sig")


def test_hashtags_are_ascii_without_spaces() -> None:
    assert hashtag("Chuyển đổi số") == "#chuyendoiso"
    assert hashtag("Đất đai") == "#datdai"
    assert hashtag("Kev hloov mus siv digital") == "#kevhloovmussivdigital"
    assert hashtag("Khoa học, công nghệ") == "#khoahoccongnghe"
    assert hashtag("—") == ""


def test_a_long_post_is_shortened_by_words_and_the_address_kept() -> None:
    url = BASE + "a-very-long-folder-name-for-a-resolution/"
    title = "Nghị quyết " + " ".join(["đột phá phát triển khoa học công nghệ"] * 8)
    points = [" ".join([f"điểm{n} mới về chuyển đổi số quốc gia"] * 10) for n in range(5)]
    render = lambda v: "\n".join([v["title"], "", *[BULLET + p for p in v["points"]], "", v["url"],  # noqa: E731
                                  " ".join(v["hashtags"])])
    post = compose(render, title, points, ["#chuyendoiso", "#khoahoc"], url=url)
    assert post.fits and len(post.text) <= LIMIT
    lines = post.text.splitlines()
    assert word_prefix(lines[0], title)
    shown = [line[len(BULLET):] for line in lines if line.startswith(BULLET)]
    assert len(shown) == 3 and all(word_prefix(s, p) for s, p in zip(shown, points))
    assert url in lines
    short = compose(render, "Chỉ thị 05", ["Một ý ngắn."], ["#hoctap"], url=url)
    assert short.text.splitlines()[0] == "Chỉ thị 05" and "• Một ý ngắn." in short.text


def test_an_address_longer_than_the_limit_is_reported(tmp_path: Path) -> None:
    site_yaml = (EXAMPLE_CONTENT / "site.yaml").read_text(encoding="utf-8").replace(
        "base_url: https://example.gov.vn/tuyentruyen/", "base_url: https://example.gov.vn/" + "x" * 400 + "/")
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57")},
                        site_yaml=site_yaml)
    result = build(content, tmp_path / "output", BuildOptions(no_audio=True, only=frozenset({"share"})))
    # Once per page: the Vietnamese one and the Hmong one that shows it until translated.
    assert sorted((p.code, p.params["lang"]) for p in result.problems if p.code.startswith("share-")) == [
        ("share-text-too-long", "hmn"), ("share-text-too-long", "vi")]


# ---------------------------------------------------------------- the page's share block

def test_the_page_offers_the_post_with_a_copy_button_hidden_without_javascript(site: Path) -> None:
    path = site / NQ57 / "index.html"
    page = Page(path)
    area = page.find_all("textarea", id="share-text")
    assert len(area) == 1 and "readonly" in area[0]
    shown = re.search(r"<textarea[^>]*>(.*?)</textarea>", path.read_text(encoding="utf-8"), re.S).group(1)
    assert html.unescape(shown) == post_text(share_file(site, NQ57, "vi", "share-text"))
    button = page.find_all("button", **{"data-copy": "share-text"})
    assert len(button) == 1 and "hidden" in button[0]
    scripts = [link for tag, _, link in page.links if tag == "script"]
    assert scripts == ["../assets/share.js"] and (path.parent / scripts[0]).resolve().is_file()
    downloads = {a["href"] for a in page.find_all("a") if "download" in a}
    assert {f"{NQ57}-vi-chia-se.png", f"{NQ57}-vi-chia-se.txt"} <= downloads


def test_a_site_built_without_share_images_has_no_og_image(tmp_path: Path, site_dir: Path) -> None:
    output = tmp_path / "output"
    build(site_dir, output, BuildOptions(no_audio=True, only=frozenset({"site"})))
    page = Page(output / "nq-57" / "index.html")
    assert meta(page, "og:image") is None and meta(page, "twitter:card") == "summary"
    assert meta(page, "og:title") == "Nghị quyết số 57-NQ/TW về khoa học"
    assert not page.find_all("textarea")


# ---------------------------------------------------------------- the image itself

def test_two_builds_give_byte_identical_images_without_time_stamps(tmp_path: Path) -> None:
    outputs = []
    for name in ("one", "two"):
        output = tmp_path / name
        build(EXAMPLE_CONTENT, output, BuildOptions(no_audio=True, only=frozenset({"share"})))
        outputs.append({a["path"]: (output / a["path"]).read_bytes() for a in manifest(output)["artifacts"]})
    assert outputs[0] == outputs[1] and len(outputs[0]) >= 28
    for path, data in outputs[0].items():
        if path.endswith(".png"):
            assert not {"tIME", "tEXt", "iTXt", "zTXt", "eXIf"} & set(png_chunks(data)), path


def png_chunks(data: bytes) -> list[str]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.append(kind.decode("ascii"))
        at += 12 + length
    return chunks


def test_every_vietnamese_letter_has_a_glyph() -> None:
    fonts = share_fonts()
    letters = vietnamese_letters()
    assert len(letters) == 2 * 12 * 6 + 2
    for font in (fonts.regular, fonts.bold):
        assert missing_glyphs(font, letters + "ệ ữ ợ ẳ Đ · – …") == ""
        # Hmong (RPA) is plain Latin; tone letters at word ends included.
        assert missing_glyphs(font, "Hmoob ntawv tshiab txog kev pheej hmoo ntsiab lus bjvmsgd") == ""
        # The check can fail: a character DejaVu lacks is reported.
        assert missing_glyphs(font, "ệ漢") == "漢"


def test_a_font_replaced_in_place_is_read_again(tmp_path: Path) -> None:
    """serve keeps one process: a site's share font replaced under the same name is the new font
    (the font and its .notdef box are kept per file identity, not per path)."""
    font = tmp_path / "share.ttf"
    shutil.copyfile(PACKAGED_DIR / "DejaVuSans.ttf", font)
    assert missing_glyphs(font, "ǅ ệ") == ""                 # DejaVu Sans draws ǅ (U+01C5)
    replacement = tmp_path / "new.ttf"
    shutil.copyfile(PACKAGED_DIR / "DejaVuSansMono.ttf", replacement)
    replacement.replace(font)
    assert missing_glyphs(font, "ǅ ệ") == "ǅ"                # DejaVu Sans Mono does not


def test_the_title_steps_down_and_a_title_too_long_is_cut_with_a_warning(tmp_path: Path) -> None:
    fonts = share_fonts()
    card = Card("Trung tâm Văn hóa - Thể thao và Truyền thông huyện Tam Đường", "Chỉ thị 05-CT/TW · 15/05/2016",
                "Chỉ thị về học tập", "Tài liệu tuyên truyền", "example.gov.vn")
    short = draw_card(card, fonts)
    longer = draw_card(Card(**{**card.__dict__, "title": "Nghị quyết về đột phá phát triển " * 6}), fonts)
    longest = draw_card(Card(**{**card.__dict__, "title": "Nghị quyết về đột phá phát triển " * 30}), fonts)
    assert short.title_size > longer.title_size > longest.title_size
    assert short.ellipsized == longer.ellipsized == () and longest.ellipsized == ("title",)
    for drawing in (short, longer, longest):
        assert drawing.missing_glyphs == ""
        path = tmp_path / "card.png"
        path.write_bytes(drawing.png)
        with Image.open(path) as picture:
            assert picture.size == (1200, 630)

    words = "đột phá phát triển khoa học công nghệ đổi mới sáng tạo chuyển đổi số quốc gia".split()
    title = " ".join(words[i % len(words)] for i in range(400))
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", title)})
    result = build(content, tmp_path / "output", BuildOptions(no_audio=True, only=frozenset({"share"})))
    assert [p.code for p in result.problems if p.code.startswith("share-")] == ["share-title-cut"]


def test_a_site_may_bring_its_own_copy_of_the_fonts(tmp_path: Path) -> None:
    packaged = share_fonts()
    assert packaged == FontPair(PACKAGED_DIR / "DejaVuSans.ttf", PACKAGED_DIR / "DejaVuSans-Bold.ttf")
    own = tmp_path / "templates" / "share"
    own.mkdir(parents=True)
    shutil.copyfile(packaged.bold, own / packaged.bold.name)
    # face by face: the site's bold, the packaged regular
    assert share_fonts([own]) == FontPair(PACKAGED_DIR / "DejaVuSans.ttf", own / "DejaVuSans-Bold.ttf")


def test_a_changed_title_redraws_the_image_and_an_unchanged_one_is_reused(tmp_path: Path, site_dir: Path) -> None:
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / "cache", only=frozenset({"share"}))
    output = tmp_path / "output"
    build(site_dir, output, options)
    image = output / "nq-57" / "nq-57-vi-chia-se.png"
    other = output / "ct-05" / "ct-05-vi-chia-se.png"
    before, other_inode = image.read_bytes(), other.stat().st_ino
    vi = site_dir / "resolutions" / "nq-57" / "vi.md"
    vi.write_text(vi.read_text(encoding="utf-8").replace("về khoa học", "về khoa học và đổi mới sáng tạo"),
                  encoding="utf-8")
    build(site_dir, output, options)
    assert image.read_bytes() != before
    assert "đổi mới sáng tạo" in post_text(output / "nq-57" / "nq-57-vi-chia-se.txt")
    assert other.stat().st_ino == other_inode      # hard-linked from the previous build, not redrawn


@pytest.fixture
def cards_drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The title of every share image drawn (not taken back from the cache: card_memo.py)."""
    from generator.builders.share import card_memo
    titles: list[str] = []

    def counted(card: Card, fonts: FontPair) -> Any:
        titles.append(card.title)
        return draw_card(card, fonts)
    monkeypatch.setattr(card_memo, "draw_card", counted)
    return titles


def test_an_edit_that_leaves_the_card_as_it_was_draws_no_image(tmp_path: Path, cards_drawn: list[str]) -> None:
    """A point edited: the page's share item is made again (its post changes), its image is taken
    back from the cache with its warning; the same bytes as drawing it."""
    words = "đột phá phát triển khoa học công nghệ đổi mới sáng tạo chuyển đổi số quốc gia".split()
    long_title = " ".join(words[i % len(words)] for i in range(400))
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", long_title),
                                   "ct-05": standard_resolution("05-CT/TW", "2016-05-15", "Chỉ thị về học tập")})
    options = BuildOptions(no_audio=True, jobs=1, cache_dir=tmp_path / "cache", only=frozenset({"share"}))
    output = tmp_path / "output"
    first = build(content, output, options)
    assert sorted(cards_drawn) == sorted([long_title, "Chỉ thị về học tập"])
    assert [p.code for p in first.problems if p.code.startswith("share-")] == ["share-title-cut"]
    cards_drawn.clear()
    vi = content / "resolutions" / "nq-57" / "vi.md"
    vi.write_text(vi.read_text(encoding="utf-8").replace("Điểm mới thứ nhất", "Điểm mới thứ nhất, bổ sung"),
                  encoding="utf-8")
    again = build(content, output, options)
    assert cards_drawn == []
    assert "Điểm mới thứ nhất, bổ sung" in post_text(output / "nq-57" / "nq-57-vi-chia-se.txt")
    assert [p.code for p in again.problems if p.code.startswith("share-")] == ["share-title-cut"]
    fresh = tmp_path / "fresh"
    build(content, fresh, BuildOptions(no_audio=True, jobs=1, only=frozenset({"share"})))
    assert tree_bytes(output) == tree_bytes(fresh)
    # A changed title is drawn again; a damaged entry too (and nothing else).
    vi.write_text(vi.read_text(encoding="utf-8").replace(long_title, "Nghị quyết ngắn"), encoding="utf-8")
    kept = tmp_path / "cache" / "share-images" / "vi-ct-05"
    kept.write_bytes(kept.read_bytes()[:-10])
    ct05 = content / "resolutions" / "ct-05" / "vi.md"
    ct05.write_text(ct05.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai, sửa"), encoding="utf-8")
    cards_drawn.clear()
    build(content, output, options)
    assert sorted(cards_drawn) == ["Chỉ thị về học tập", "Nghị quyết ngắn"]
    with Image.open(output / "ct-05" / "ct-05-vi-chia-se.png") as picture:
        assert picture.size == (WIDTH, HEIGHT)


# ---------------------------------------------------------------- the copy button in a browser

def open_page(browser: Any, url: str, javascript: bool = True) -> tuple[Any, list[str]]:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, errors


def test_copy_works_from_a_file_url(browser: Any, site: Path) -> None:
    expected = post_text(share_file(site, NQ57, "vi", "share-text"))
    page, errors = open_page(browser, (site / NQ57 / "index.html").as_uri())
    button = page.locator("button.copy")
    assert button.is_visible()
    button.click()
    page.wait_for_function("document.querySelector('.copy-status').textContent !== ''")
    selected = page.evaluate("(() => { const t = document.getElementById('share-text');"
                             " return t.value.substring(t.selectionStart, t.selectionEnd); })()")
    assert selected == expected == page.input_value("#share-text")
    status = page.locator(".copy-status").text_content()
    assert status.startswith("Đã chép"), status
    try:
        copied = page.evaluate("navigator.clipboard.readText()")
    except Exception:        # reading the clipboard needs a permission file:// pages cannot be granted
        copied = None
    assert copied in (None, expected)
    assert errors == []
    page.context.close()


def test_without_javascript_the_text_is_there_and_the_button_is_not(browser: Any, site: Path) -> None:
    page, errors = open_page(browser, (site / "hmn" / NQ57 / "index.html").as_uri(), javascript=False)
    assert not page.locator("button.copy").is_visible()
    assert page.locator("#share-text").is_visible()
    assert page.input_value("#share-text").startswith("Nghị quyết 57-NQ/TW ntawm")
    assert errors == []
    page.context.close()
