"""Outside QA findings on the site and the prints: unpublished images, table column
alignment, the leaflet's date line, photo captions."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.builders.base import BuildOptions
from generator.content.htmltree import Node, parse_html, to_blocks, walk
from generator.content.markdown_render import render_markdown
from generator.i18n import translations_for
from generator.pdf import FitPolicy
from generator.pdf.sample import runs, sample_data
from generator.photos import PhotoLibrary, UnreadableImage
from generator.pipeline import build
from generator.builders.leaflet.print_data import print_data
from generator.load import load_site

from conftest import RESOLUTION_YAML, Page, make_site, watched_page

SLUG = "kh-85"
CAPTION = "Hội nghị triển khai Kế hoạch 85-KH/HU"
SUMMARY = f"""\
---
title: Kế hoạch số 85-KH/HU về phát triển cây mắc ca
summary: Tóm tắt ngắn của văn bản.
---

Đoạn mở đầu.

![Quang cảnh hội nghị](hoi-nghi.jpg "{CAPTION}")

## Nội dung cốt lõi
- Ý thứ nhất, có biểu trưng ![biểu trưng](hoi-nghi.jpg "Biểu trưng") trong câu

![ảnh hỏng](hong.jpg)

![ảnh rỗng](rong.png "Chú thích ảnh rỗng")

## Điểm mới
- Tải [ảnh gốc](hong.jpg) về máy

## Liên hệ vận dụng tại địa phương
- Phân bổ chỉ tiêu cho các xã

| Xã | Diện tích (ha) | Ghi chú |
| --- | ---: | :---: |
| Sín Chải | 350 | mới |
| Lao Xả Phình | 1.300 | cũ |
"""
LINE_OF = {name: number for number, line in enumerate(SUMMARY.split("\n"), start=1)
           for name in ("hong.jpg", "rong.png") if f"({name}" in line and "[ảnh gốc]" not in line}


def photo_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 400), (90, 140, 60)).save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("qa-site")
    content = make_site(root, {SLUG: {"resolution.yaml": RESOLUTION_YAML.format(code="85-KH/HU", issued="2023-04-05"),
                                      "vi.md": SUMMARY}})
    folder = content / "resolutions" / SLUG
    (folder / "hoi-nghi.jpg").write_bytes(photo_jpeg())
    (folder / "hong.jpg").write_bytes(b"not a jpeg")       # garbage with a .jpg name
    (folder / "rong.png").write_bytes(b"")                 # a copy that never finished
    output = root / "out"
    result = build(content, output, BuildOptions(no_audio=True, only=frozenset({"site"})))
    return {"content": content, "output": output, "problems": result.problems,
            "page": output / SLUG / "index.html"}


def tree(path: Path) -> tuple:
    return parse_html(path.read_text(encoding="utf-8"))


def text_of(node: Node) -> str:
    return " ".join("".join(c if isinstance(c, str) else text_of(c) for c in node.children).split())


# ---------------------------------------------------------------- (9) unreadable images


def test_unreadable_image_warning_is_plain_and_points_at_the_markdown_line(site: dict[str, Any]) -> None:
    summary = site["content"] / "resolutions" / SLUG / "vi.md"
    warned = sorted((p.code, p.path, p.line) for p in site["problems"] if p.code.startswith("image-"))
    assert warned == [("image-empty", summary, LINE_OF["rong.png"]), ("image-not-image", summary, LINE_OF["hong.jpg"])]
    for problem in site["problems"]:
        if problem.code.startswith("image-"):
            for lang in ("vi", "en"):
                text = problem.format(lang)
                assert "0x" not in text and "BytesIO" not in text and "<" not in text, text
    messages = {p.code: p.message("vi") for p in site["problems"]}
    assert "rỗng" in messages["image-empty"] and "'rong.png'" in messages["image-empty"]
    assert "không phải là ảnh" in messages["image-not-image"]


def test_page_links_only_files_that_are_published(site: dict[str, Any]) -> None:
    page = Page(site["page"])
    published = {p.name for p in site["page"].parent.iterdir()}
    assert "hong.jpg" not in published and "rong.png" not in published
    local = [url for _, _, url in page.links if "://" not in url and not url.startswith(("#", "mailto:"))]
    srcsets = [c.split()[0] for _, attrs in page.elements for c in attrs.get("srcset", "").split(",") if c.strip()]
    for url in local + srcsets:
        assert (site["page"].parent / url.split("#")[0]).resolve().exists(), url
    assert not any("hong" in url or "rong" in url for url in local + srcsets)
    # The alt text stands in the image's place; the link to it keeps its words.
    shown = [text_of(n) for n in walk(tree(site["page"])) if n.tag == "span" and n.attr("class") == "image-missing"]
    assert shown == ["ảnh hỏng", "ảnh rỗng"]
    assert "Tải ảnh gốc về máy" in page.text


def test_unreadable_reasons() -> None:
    library = PhotoLibrary(None)
    cut = photo_jpeg()
    cases = {"empty": b"", "not-image": b"\x00garbage", "truncated": cut[: len(cut) // 2]}
    folder = library.root
    for reason, data in cases.items():
        path = folder / f"{reason}.jpg"
        path.write_bytes(data)
        with pytest.raises(UnreadableImage) as raised:
            library.photo(path)
        assert raised.value.reason == reason
    with pytest.raises(UnreadableImage) as raised:
        library.photo(folder / "missing.jpg")
    assert raised.value.reason == "cannot-open"


# ---------------------------------------------------------------- photo captions


def test_titled_image_alone_in_a_paragraph_is_a_figure_with_caption(site: dict[str, Any]) -> None:
    figures = [n for n in walk(tree(site["page"])) if n.tag == "figure"]
    captions = [text_of(c) for f in figures for c in f.children if isinstance(c, Node) and c.tag == "figcaption"]
    assert captions == [CAPTION, "Chú thích ảnh rỗng"]
    photo = figures[0]
    img = next(n for n in walk(photo.children) if n.tag == "img")
    assert next(n for n in photo.children if isinstance(n, Node)).tag == "picture"
    assert img.attr("alt") == "Quang cảnh hội nghị" and img.attr("title") is None
    # An image inside a sentence is not a figure: it keeps its title as a tooltip.
    logo = next(n for n in walk(tree(site["page"])) if n.tag == "img" and n.attr("alt") == "biểu trưng")
    assert logo.attr("title") == "Biểu trưng"
    assert not any(logo in list(walk(f.children)) for f in figures)


# ---------------------------------------------------------------- (13) table alignment


def test_table_alignment_survives_the_sanitiser() -> None:
    nodes = render_markdown("| a | b | c |\n| :--- | ---: | :---: |\n| 1 | 2 | 3 |\n")
    cells = [n for n in walk(nodes) if n.tag in ("th", "td")]
    assert [c.attr("class") for c in cells] == ["align-left", "align-right", "align-center"] * 2
    assert all(c.attr("align") is None and c.attr("style") is None for c in cells)
    table = next(b for b in to_blocks(nodes) if b["type"] == "table")
    assert table["align"] == ["left", "right", "center"]


def test_right_aligned_column_on_the_page(site: dict[str, Any], browser: Any) -> None:
    cells = [n for n in walk(tree(site["page"])) if n.tag == "td"]
    assert [(text_of(c), c.attr("class")) for c in cells[:3]] == [
        ("Sín Chải", None), ("350", "align-right"), ("mới", "align-center")]
    page, problems = watched_page(browser)
    logo = io.BytesIO()
    Image.new("RGB", (8, 8)).save(logo, "PNG")
    page.route("https://example.org/**", lambda route: route.fulfill(body=logo.getvalue(), content_type="image/png"))
    page.goto(site["page"].as_uri())
    page.wait_for_load_state("load")
    aligns = page.eval_on_selector_all("td", "cells => cells.map(c => getComputedStyle(c).textAlign)")
    assert aligns[:3] == ["left", "right", "center"]
    # Shown, and nothing on the page fails to load (no missing image).
    assert page.locator("figcaption").first.is_visible() and page.locator(".image-missing").first.is_visible()
    assert problems == []
    page.context.close()


def word_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float]]:
    """(word, xMin, xMax) of every word on the PDF's pages (poppler's -bbox)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [(text_of(n), float(n.attr("xmin")), float(n.attr("xmax"))) for n in walk(parse_html(html))
            if n.tag == "word"]


def test_leaflet_table_keeps_column_alignment(tmp_path: Path) -> None:
    from test_pdf_helpers import renderer
    data = sample_data("leaflet-a4")
    numbers = ("7", "1.300", "95.000")
    data["sections"][1]["points"].append({"blocks": [{
        "type": "table", "header": [runs("Xã"), runs("Diện tích")], "align": ["left", "right"],
        "rows": [[runs(f"Xã{i}"), runs(n)] for i, n in enumerate(numbers)]}]})
    boxes = {word: (x0, x1) for word, x0, x1 in word_boxes(renderer().render(
        "leaflet-a4", data, fit=FitPolicy(max_pages=2)).pdf, tmp_path)}
    right_edges = [boxes[n][1] for n in numbers]
    left_edges = [boxes[n][0] for n in numbers]
    assert max(right_edges) - min(right_edges) < 1.0            # numbers end on one line: right-aligned
    assert max(left_edges) - min(left_edges) > 5.0
    names = [boxes[f"Xã{i}"][0] for i in range(len(numbers))]
    assert max(names) - min(names) < 1.0                        # the first column stays left-aligned


# ---------------------------------------------------------------- (18) the leaflet's date line


OLD_DIRECTIVE = """\
---
title: Chỉ thị số 05-CT/TW về học tập và làm theo
summary: Tóm tắt ngắn của văn bản.{date}
---

## Nội dung cốt lõi
- Ý thứ nhất

## Điểm mới
- Điểm mới thứ nhất

## Liên hệ vận dụng tại địa phương
- Xã Bản Bo triển khai
"""


def directive(root: Path, date_line: str = "") -> Path:
    return make_site(root, {"ct-05": {"resolution.yaml": RESOLUTION_YAML.format(code="05-CT/TW", issued="2016-05-15"),
                                      "vi.md": OLD_DIRECTIVE.format(date=date_line)}})


def leaflet_date(content: Path) -> tuple[str, str]:
    site, problems = load_site(content)
    assert site is not None, problems
    data = print_data(site.config, site.resolutions[0], "vi", "leaflet-a4", translations_for("vi", content).gettext)
    return data["date_label"], data["date"]


def test_without_a_date_the_leaflet_says_it_prints_the_issue_date(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = directive(tmp_path)
    assert leaflet_date(content) == ("Ngày ban hành", "15/05/2016")
    output = tmp_path / "out"
    build(content, output, BuildOptions(no_audio=True, only=frozenset({"leaflets"})))
    pdf = next(output.rglob("*-to-roi-a4.pdf"))
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
                   .stdout.split())
    assert "Ngàybiênsoạn" not in text and text.count("Ngàybanhành:15/05/2016") == 2   # head and back footer


def test_own_date_or_source_date_epoch_is_the_compilation_date(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc).timestamp())))
    assert leaflet_date(directive(tmp_path / "epoch")) == ("Ngày biên soạn tài liệu", "01/11/2026")
    own = directive(tmp_path / "own", "\ndate: 25/11/2026")
    assert leaflet_date(own) == ("Ngày biên soạn tài liệu", "25/11/2026")


def test_unreadable_front_matter_date_is_reported(tmp_path: Path) -> None:
    content = directive(tmp_path, "\ndate: 31/02/2026")
    _, problems = load_site(content)
    assert [(p.code, p.line) for p in problems if p.code == "bad-date"] == [("bad-date", 4)]
