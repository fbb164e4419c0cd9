"""Hostile and careless input that used to be silently lost or confused (issue 12, items 7 and 14).

The cases are generated here, not committed as fixtures: each builds a small content folder
in the test, runs `check` and `build` through the command line, and reads the real output
back (HTML parsed, feed.xml and the calendars parsed, PDFs through pdftotext).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Callable

import icalendar
import pytest
from PIL import Image

from generator.builders.base import BuildOptions
from generator.cli import main
from generator.content.htmltree import Node, walk
from generator.content.markdown_render import render_markdown
from generator.load import load_site
from generator.i18n import CATALOG_DIR, read_catalog
from generator.pipeline import build
from generator.builders.leaflet.print_data import GRADES, LABELS

from conftest import (EXAMPLE_CONTENT, RESOLUTION_YAML, SITE_YAML, Page, make_site,
                      standard_resolution, tree_bytes, write)

PDF_FORMATS = {"leaflet-a4": "to-roi-a4", "leaflet-a5": "to-roi-a5", "leaflet-trifold": "to-gap-ba",
               "study-sheet": "phieu-thu-hoach"}
NO_AUDIO = BuildOptions(no_audio=True)


def summary(title: str = "Nghị quyết 57", lead: str = "Đoạn mở đầu.", key_points: str = "- Ý thứ nhất\n",
            tail: str = "") -> str:
    return (f"---\ntitle: {title}\nsummary: Tóm tắt ngắn.\n---\n\n{lead}\n\n## Nội dung cốt lõi\n{key_points}\n"
            "## Điểm mới\n- Điểm mới thứ nhất\n\n"
            f"## Liên hệ vận dụng tại địa phương\n- Xã Bản Bo triển khai\n{tail}")


def site_with(tmp_path: Path, vi_md: str, **files: str) -> Path:
    resolution = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57")
    resolution["vi.md"] = vi_md
    resolution.update(files)
    return make_site(tmp_path, {"nq-57": resolution})


HMONG_HEADINGS = {"## Nội dung cốt lõi": "## Cov ntsiab lus tseem ceeb", "## Điểm mới": "## Cov ntsiab lus tshiab",
                  "## Liên hệ vận dụng tại địa phương": "## Kev siv hauv zos"}


def as_translation(text: str) -> str:
    """The same summary as hmn.md: Hmong section headings, on the same lines."""
    for vietnamese, hmong in HMONG_HEADINGS.items():
        text = text.replace(vietnamese + "\n", hmong + "\n")
    return text


def site_in(lang: str, tmp_path: Path, text: str) -> Path:
    """A site whose summary in `lang` (vi, or the hmn translation) is `text`."""
    if lang == "vi":
        return site_with(tmp_path, text)
    return site_with(tmp_path, summary(), **{"hmn.md": as_translation(text)})


def folder(content: Path) -> Path:
    return content / "resolutions" / "nq-57"


def located(content: Path) -> set[tuple[str, int | None, str, str]]:
    """(file name, line, severity, code) of every problem `check` finds."""
    _, problems = load_site(content)
    return {(p.path.name if p.path else "", p.line, p.severity.value, p.code) for p in problems}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def check_and_build(content: Path, output: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, int, str]:
    """`check` and `build` on the same content: their exit codes and what each printed."""
    checked, check_out = run(["check", "--content", str(content), "--fast"], capsys)
    built, build_out = run(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"], capsys)
    return checked, check_out, built, build_out


def built_cleanly(content: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """`check` and `build` both succeed on `content`; the output folder."""
    output = content.parent / "output"
    checked, check_out, built, build_out = check_and_build(content, output, capsys)
    assert (checked, built) == (0, 0), check_out + build_out
    return output


def missing_from_pdfs(output: Path, texts: list[str], lang: str = "vi") -> dict[str, list[str]]:
    """Per leaflet format (of `lang`), the texts pdftotext does not find in it."""
    found = {fmt: pdf_text(path) for fmt, path in pdfs(output, lang=lang).items()}
    return {fmt: missing for fmt, text in found.items() if (missing := [t for t in texts if t not in text])}


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def pdfs(output: Path, slug: str = "nq-57", lang: str = "vi") -> dict[str, Path]:
    base = output / (slug if lang == "vi" else f"{lang}/{slug}")
    return {fmt: base / f"{slug}-{lang}-{suffix}.pdf" for fmt, suffix in PDF_FORMATS.items()}


def image(path: Path, colour: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), colour).save(path)


# ---------------------------------------------------------------- refused with file:line, nothing lost

def _clashing_images(content: Path) -> None:
    image(folder(content) / "Ảnh.jpg", "red")
    image(folder(content) / "anh.jpg", "blue")


def _clashing_case(content: Path) -> None:
    image(folder(content) / "Bia.JPG", "red")
    image(folder(content) / "bia.jpg", "blue")


def _resolutions_file(content: Path) -> None:
    shutil.rmtree(content / "resolutions")
    (content / "resolutions").write_text("không phải thư mục\n", encoding="utf-8")


def _pages_file(content: Path) -> None:
    (content / "pages").write_text("gioi-thieu\n", encoding="utf-8")


def _broken_link(content: Path) -> None:
    (content / "resolutions" / "da-chuyen-di").symlink_to(content.parent / "khong-con")


def _not_utf8(content: Path) -> None:
    path = folder(content) / "vi.md"
    bad = "Ý thứ nhất về đổi mới ".encode() + b"\xe1 x"
    path.write_bytes(path.read_bytes().replace("Ý thứ nhất".encode(), bad))


# name: (summary text, how to change the folder after writing it, expected problem (file, line, severity, code))
REFUSED: dict[str, tuple[str, Callable[[Path], None] | None, tuple[str, int | None, str, str]]] = {
    # Both fold to the output name "anh": one picture would be published with the other's files.
    "image-names-fold-together": (summary(lead="Mở đầu.\n\n![một](anh.jpg)\n\n![hai](Ảnh.jpg)"), _clashing_images,
                                  ("vi.md", 10, "error", "image-name-clash")),
    "image-names-differ-in-case": (summary(lead="![một](bia.jpg)\n\n![hai](Bia.JPG)"), _clashing_case,
                                   ("vi.md", 6, "error", "image-name-clash")),
    "resolutions-is-a-file": (summary(), _resolutions_file, ("resolutions", None, "error", "not-a-folder")),
    "pages-is-a-file": (summary(), _pages_file, ("pages", None, "error", "not-a-folder")),
    "broken-folder-link": (summary(), _broken_link, ("da-chuyen-di", None, "error", "link-broken")),
    "file-url-image": (summary(lead="Mở đầu.\n\n![ảnh](file:///C:/Users/bien-tap/anh.jpg)"), None,
                       ("vi.md", 8, "error", "path-outside")),
    "file-url-link": (summary(key_points="- Ý thứ nhất, xem [tệp](file:///home/a/nq.pdf)\n"), None,
                      ("vi.md", 9, "error", "path-outside")),
    "file-url-raw-html": (summary(tail='\n<img src="FILE://may-chu/chia-se/anh.png" alt="x">\n'), None,
                          ("vi.md", 17, "error", "path-outside")),
    # A picture pasted from a rich-text editor arrives inline: the sanitiser would drop it.
    "pasted-data-image": (summary(lead="Mở đầu.\n\n![ảnh](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB)"),
                          None, ("vi.md", 8, "error", "data-uri")),
    "pasted-data-raw-html": (summary(tail='\n<img alt="x" src="data:image/jpeg;base64,/9j/4AAQ">\n'), None,
                             ("vi.md", 17, "error", "data-uri")),
    "unclosed-div-hides-the-rest": (summary(lead="<div>\n\nMở đầu."), None, ("vi.md", 6, "error", "html-unclosed")),
    # A forgotten </b> or </blockquote> mid-line: the HTML parser wraps the next sections in it.
    "unclosed-bold-swallows-next-sections": (summary(key_points="- Ý thứ nhất <b>quan trọng\n"), None,
                                             ("vi.md", 9, "error", "html-unclosed")),
    "unclosed-quote-in-the-lead": (summary(lead="Mở đầu <blockquote>trích dẫn"), None,
                                   ("vi.md", 6, "error", "html-unclosed")),
    "unclosed-paragraph-tag": (summary(lead="<p class=x>Mở đầu"), None, ("vi.md", 6, "error", "html-unclosed")),
    # The name is mentioned in the lead first; the message points at the reference itself.
    "missing-image-at-its-reference": (summary(lead="Xem sơ đồ so-do.png bên dưới.",
                                               tail="\n![Sơ đồ](so-do.png)\n"), None,
                                       ("vi.md", 17, "error", "image-missing")),
    "missing-link-at-its-reference": (summary(lead="Tệp ke-hoach.pdf đính kèm.",
                                              key_points="- Ý một\n- Ý hai: [kế hoạch](ke-hoach.pdf)\n"), None,
                                      ("vi.md", 10, "error", "link-missing")),
    "not-utf8-column-in-characters": (summary(), _not_utf8, ("vi.md", 9, "error", "not-utf8")),
}


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A good build to check that refused builds leave it byte-identical."""
    root = tmp_path_factory.mktemp("previous")
    output = root / "output"
    build(site_with(root, summary()), output, BuildOptions(no_audio=True, only=frozenset({"site"})))
    return output, tree_bytes(output)


# The same cases in a translation: every one that lies in the summary's own text.
IN_TRANSLATION = [name for name, (_, change, expected) in REFUSED.items()
                  if expected[0] == "vi.md" and change is not _not_utf8]


@pytest.mark.parametrize("lang, name", [("vi", name) for name in REFUSED] + [("hmn", name) for name in IN_TRANSLATION])
def test_refused_with_file_and_line_and_previous_output_kept(lang: str, name: str, tmp_path: Path,
                                                               previous_output: tuple[Path, dict[str, bytes]],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    text, change, expected = REFUSED[name]
    content = site_in(lang, tmp_path, text)
    if lang != "vi":
        expected = (f"{lang}.md", *expected[1:])
    if change:
        change(content)
    assert expected in located(content)
    output = tmp_path / "output"
    shutil.copytree(previous_output[0], output)
    checked, check_out, built, build_out = check_and_build(content, output, capsys)
    assert checked == 1 and built == 1
    assert "Traceback" not in check_out + build_out
    where = f"{expected[0]}:{expected[1]}:" if expected[1] else f"{expected[0]}: error"
    assert where in check_out and where in build_out
    assert tree_bytes(output) == previous_output[1]


def test_summary_saved_outside_any_resolution_folder_is_reported(tmp_path: Path) -> None:
    content = site_with(tmp_path, summary())
    write(content / "resolutions" / "vi.md", summary(title="Văn bản quên tạo thư mục"))
    assert ("vi.md", None, "warning", "file-outside-folder") in located(content)


def test_closed_quoted_or_commented_tags_are_not_taken_for_unclosed(tmp_path: Path) -> None:
    lead = ("Mở <b>đầu</b> <span class=x>a</span> `<i>` <!-- <u> --> <https://example.vn> 3 < 4 <br> "
            "<abbr title=\"x\">UBND</abbr>\n\n```\n<em>\n```\n\n<div>\n<div>\nx\n</div>\n</div>")
    content = site_with(tmp_path, summary(lead=lead))
    assert not [p for p in load_site(content)[1] if p.code == "html-unclosed"]


def test_clash_message_names_both_files(tmp_path: Path) -> None:
    content = site_with(tmp_path, summary(lead="![một](anh.jpg)\n\n![hai](Ảnh.jpg)"))
    _clashing_images(content)
    [clash] = [p for p in load_site(content)[1] if p.code == "image-name-clash"]
    assert "'Ảnh.jpg'" in clash.message() and "'anh.jpg'" in clash.message()


def test_not_utf8_column_counts_characters(tmp_path: Path) -> None:
    content = site_with(tmp_path, summary())
    _not_utf8(content)
    [found] = [p for p in load_site(content)[1] if p.code == "not-utf8"]
    line = (folder(content) / "vi.md").read_bytes().split(b"\n")[found.line - 1]
    characters_before = len(line[:line.index(b"\xe1 x")].decode("utf-8"))
    assert found.col == characters_before + 1 < line.index(b"\xe1 x") + 1


def test_yaml_columns_count_characters(tmp_path: Path) -> None:
    line = "topics: [đất-đai, Chuyển đổi số]"
    content = site_with(tmp_path, summary(), **{"resolution.yaml": RESOLUTION_YAML.format(
        code="57-NQ/TW", issued="2024-12-22").replace("topics: [chuyen-doi-so]", line)})
    [found] = [p for p in load_site(content)[1] if p.code == "bad-slug-value" and p.params["value"] == "Chuyển đổi số"]
    assert (found.line, found.col) == (6, line.index("Chuyển") + 1)


def test_each_reference_to_a_missing_file_at_its_own_line(tmp_path: Path) -> None:
    content = site_with(tmp_path, summary(lead="![a](thieu.png)\n\nChữ.\n\n![b](thieu.png \"Chú thích\")"))
    lines = sorted(p.line for p in load_site(content)[1] if p.code == "image-missing")
    assert lines == [6, 10]


def test_file_url_on_a_free_page_is_refused(tmp_path: Path) -> None:
    content = site_with(tmp_path, summary())
    write(content / "pages" / "gioi-thieu.vi.md", "---\ntitle: Giới thiệu\n---\n\nChữ.\n\n[tệp](file:///C:/a.docx)\n")
    assert ("gioi-thieu.vi.md", 7, "error", "path-outside") in located(content)


def test_a_file_linked_from_a_free_page_is_refused_not_left_a_dead_link(tmp_path: Path) -> None:
    # The file beside the page is not published: the page would link to nothing.
    content = site_with(tmp_path, summary())
    write(content / "pages" / "gioi-thieu.vi.md", "---\ntitle: Giới thiệu\n---\n\nChữ.\n\n- Tải [quy chế](quy-che.pdf)\n"
          "- [Cổng tỉnh](https://laocai.gov.vn) và [mục](#muc)\n")
    (content / "pages" / "quy-che.pdf").write_bytes(b"%PDF-1.4\n")
    found = located(content)
    assert ("gioi-thieu.vi.md", 7, "error", "page-local-link") in found
    assert [f for f in found if f[0] == "gioi-thieu.vi.md"] == [("gioi-thieu.vi.md", 7, "error", "page-local-link")]


def test_a_relative_link_to_a_page_is_not_called_a_file_to_attach(tmp_path: Path) -> None:
    content = site_with(tmp_path, summary())
    write(content / "pages" / "gioi-thieu.vi.md", "---\ntitle: Giới thiệu\n---\n\n[Liên hệ](lien-he/)\n\n[Cũ](cu.html)\n"
          "\n[Nghị quyết 57](../nq-57/)\n\n[Tệp](../../quy-che.pdf)\n")
    found = [p for p in load_site(content)[1] if p.path.name == "gioi-thieu.vi.md"]
    assert [(p.line, p.code) for p in found] == [(5, "page-relative-link"), (7, "page-relative-link"),
                                                  (9, "page-relative-link"), (11, "path-outside")]
    assert "'lien-he/'" in found[0].message() and "đính kèm" not in found[0].message()
    assert "https://" in found[0].hint()


# ---------------------------------------------------------------- kept, reported, and published whole

def test_nfd_file_name_is_found_and_published(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = site_with(tmp_path, summary(lead="![Hội nghị](Ảnh hội nghị.jpg)"))
    image(folder(content) / unicodedata.normalize("NFD", "Ảnh hội nghị.jpg"), "red")
    output = built_cleanly(content, capsys)
    page = Page(output / "nq-57" / "index.html")
    [img] = page.find_all("img", alt="Hội nghị")
    assert (output / "nq-57" / img["src"]).is_file()


# Where a control character can hide, and the line it is on once written by write_site below.
CONTROL_CHARACTERS = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff"]
PLACES = {
    "title": ("vi.md", 2),
    "summary-yaml-escape": ("vi.md", 3),
    "point": ("vi.md", 9),
    "issuer": ("resolution.yaml", 4),
    "site-title": ("site.yaml", 1),
}


def _with_control(tmp_path: Path, place: str, char: str) -> Path:
    escaped = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    vi = summary(title=f"Nghị quyết{char} 57" if place == "title" else "Nghị quyết 57",
                 key_points=f"- Ý thứ{char} nhất\n" if place == "point" else "- Ý thứ nhất\n")
    if place == "summary-yaml-escape":
        vi = vi.replace("summary: Tóm tắt ngắn.", f'summary: "Tóm tắt{escaped} ngắn."')
    meta = RESOLUTION_YAML.format(code="57-NQ/TW", issued="2024-12-22")
    if place == "issuer":
        meta = meta.replace("issuer: Bộ Chính trị", f"issuer: Bộ Chính{char} trị")
    site_yaml = SITE_YAML.replace("title: Tài liệu", f"title: Tài{char} liệu") if place == "site-title" else SITE_YAML
    resolution = standard_resolution("57-NQ/TW", "2024-12-22", "x", hmn=True) | {"vi.md": vi, "resolution.yaml": meta}
    return make_site(tmp_path, {"nq-57": resolution}, site_yaml=site_yaml)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=[f"U+{ord(c):04X}" for c in CONTROL_CHARACTERS])
def test_control_characters_are_removed_and_reported_at_their_line(tmp_path: Path, place: str, char: str) -> None:
    content = _with_control(tmp_path, place, char)
    site, problems = load_site(content)
    assert site is not None
    file, line = PLACES[place]
    assert (file, line, "warning", "control-character") in {(p.path.name, p.line, p.severity.value, p.code)
                                                           for p in problems}
    res = site.resolutions[0]
    texts = [site.config.title, res.issuer, res.summaries["vi"].title, res.summaries["vi"].summary,
             res.summaries["vi"].section("key_points").points[0].text]
    assert not any(c in text for text in texts for c in CONTROL_CHARACTERS)
    # Word's line and page breaks separate words: they become a space, never glue two words.
    if char in "\x0b\x0c\x85" and place == "point":
        assert res.summaries["vi"].section("key_points").points[0].text == "Ý thứ nhất"


def test_control_characters_written_as_character_references_are_left_out(tmp_path: Path) -> None:
    content = site_with(tmp_path, summary(key_points="- Ý &#x1b;một &#7;hai &#xFFFE;ba ![ảnh&#x08;](x.png)\n"))
    write(folder(content) / "x.png", "")
    site, _ = load_site(content)
    point = site.resolutions[0].summaries["vi"].section("key_points").points[0]
    texts = [point.text] + [value for node in walk(point.nodes) for _, value in node.attrs]
    assert not any(c in text for text in texts for c in CONTROL_CHARACTERS)
    assert "một hai ba" in point.text


def test_feeds_calendars_and_pages_stay_well_formed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every control character at once, in every place: the feeds and calendars parse, no output holds one."""
    vi = summary(title="Nghị\x07 quyết\x1b 57\x00", key_points="- Ý\x0b một\x7f\n- Ý\x85 hai\ufffe\n")
    vi = vi.replace("summary: Tóm tắt ngắn.", 'summary: "Tóm\\a tắt\\x08 \\uffff"')
    meta = RESOLUTION_YAML.format(code="57-NQ/TW\x0c", issued="2024-12-22").replace("Bộ Chính trị", "Bộ\x9f Chính trị")
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "x", hmn=True)
                                   | {"vi.md": vi, "resolution.yaml": meta}},
                        site_yaml=SITE_YAML.replace("title: Tài liệu", "title: Tài\x01 liệu"))
    output = tmp_path / "output"
    checked, check_out, built, build_out = check_and_build(content, output, capsys)
    assert (checked, built) == (0, 0), check_out + build_out
    for feed in output.rglob("*.xml"):
        ElementTree.parse(feed)
    calendars = list(output.rglob("*.ics"))
    assert calendars
    for path in calendars:
        icalendar.Calendar.from_ical(path.read_bytes())
    for path in output.rglob("*"):
        if path.suffix in (".html", ".xml", ".ics", ".txt", ".json", ".js"):
            text = path.read_text(encoding="utf-8")
            assert not any(c in text for c in CONTROL_CHARACTERS), path
    assert "Nghị quyết 57" in Page(output / "nq-57" / "index.html").text
    assert "Nghị quyết 57" in pdf_text(pdfs(output)["leaflet-a4"])


@pytest.mark.parametrize("tags", [("<body>", "</body>"), ("<html>\n<body>", "</body>\n</html>"),
                                  ("<!DOCTYPE html><html><head><title>x</title></head><BODY class=\"w\">", "</BODY></html>")])
def test_stray_document_tags_are_ignored_and_the_sections_kept(tmp_path: Path, tags: tuple[str, str],
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    opening, closing = tags
    vi = summary(lead=f"{opening}\n\nMở đầu.", tail=f"\n{closing}\n")
    content = site_with(tmp_path, vi)
    found = located(content)
    assert ("vi.md", 6, "warning", "html-document-tag") in found
    assert not any(severity == "error" for _, _, severity, _ in found)
    output = built_cleanly(content, capsys)
    page = Page(output / "nq-57" / "index.html")
    sections = ["Nội dung cốt lõi", "Ý thứ nhất", "Điểm mới thứ nhất", "Xã Bản Bo triển khai"]
    assert [text for text in sections if text not in page.text] == []
    assert missing_from_pdfs(output, sections[1:2]) == {}   # the study sheet prints key points only


HASH_POINTS = ["# Một ý bắt đầu bằng dấu thăng", "#hashtag Chuyển đổi số", "## hai dấu thăng",
               "####### bảy dấu"]


@pytest.mark.parametrize("lang", ["vi", "hmn"])
def test_points_starting_with_hash_reach_every_leaflet(lang: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    points = "".join(f"- {p}\n" for p in HASH_POINTS) + "- Ý có ý con\n  - #con bắt đầu bằng dấu thăng\n"
    output = built_cleanly(site_in(lang, tmp_path, summary(key_points=points)), capsys)
    assert missing_from_pdfs(output, HASH_POINTS + ["#con bắt đầu bằng dấu thăng"], lang) == {}
    page = Page(output / ("nq-57" if lang == "vi" else f"{lang}/nq-57") / "index.html")
    assert "#hashtag Chuyển đổi số" in page.text
    assert len(page.find_all("h1")) == 1          # no point became a heading of the page


def _nested_points(count: int, children: int) -> tuple[str, list[str]]:
    """Key points with sub-points (and a third level), and every text they hold."""
    lines, texts = [], []
    for n in range(1, count + 1):
        lines.append(f"- **Nhóm {n}:** mục tiêu nhóm {n}")
        texts.append(f"Nhóm {n}: mục tiêu nhóm {n}")
        for m in range(1, children + 1):
            lines.append(f"  - chỉ tiêu {n}.{m} đạt kết quả")
            texts.append(f"chỉ tiêu {n}.{m} đạt kết quả")
        lines.append(f"    - chi tiết {n}.{children}.1 cấp ba")
        texts.append(f"chi tiết {n}.{children}.1 cấp ba")
    return "\n".join(lines) + "\n", texts


@pytest.mark.parametrize("lang", ["vi", "hmn"])
def test_every_point_and_sub_point_in_leaflets_and_study_sheet(lang: str, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    points, texts = _nested_points(count=6, children=4)
    output = built_cleanly(site_in(lang, tmp_path, summary(key_points=points)), capsys)
    assert missing_from_pdfs(output, texts, lang) == {}


def test_example_study_sheet_prints_the_2030_targets(example_site: Path) -> None:
    sheet = next(example_site.rglob("nq-57-khoa-hoc-cong-nghe-vi-phieu-thu-hoach.pdf"))
    text = pdf_text(sheet)
    after = text[text.index("Mục tiêu đến năm 2030:"):]
    for target in ("quy mô kinh tế số đạt tối thiểu 30% GDP", "dịch vụ công trực tuyến",
                   "kinh phí chi cho nghiên cứu phát triển đạt 2% GDP"):
        assert target in after[:600]


@pytest.mark.parametrize("catalog", sorted(p.stem for p in CATALOG_DIR.glob("*.po")))
def test_study_sheet_labels_differ_in_every_catalog(catalog: str) -> None:
    messages = read_catalog(catalog)

    def translated(text: str) -> str:
        message = messages.get(text)
        return message.string if message is not None and message.string else text
    labels = [translated(text) for text in LABELS.values()]
    assert len(set(labels)) == len(labels), sorted(t for t in labels if labels.count(t) > 1)
    assert len({translated(name) for name, _ in GRADES}) == len(GRADES)


def test_hmong_study_sheet_grading_and_score_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "x", hmn=True)})
    output = tmp_path / "output"
    assert run(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q",
                "--only", "leaflets"], capsys)[0] == 0
    text = pdf_text(pdfs(output, lang="hmn")["study-sheet"])
    assert "Cov qib qhab nia" in text                          # the grading table
    assert "Qhab nia" in text.replace("Cov qib qhab nia", "")   # the score box


# ---------------------------------------------------------------- a resolution folder kept elsewhere

def test_symlinked_resolution_folder_same_for_check_and_build(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path)
    elsewhere = tmp_path / "chung" / "ct-05"
    shutil.move(content / "resolutions" / "ct-05", elsewhere)
    (content / "resolutions" / "ct-05").symlink_to(os.path.relpath(elsewhere, content / "resolutions"))
    output = tmp_path / "output"
    checked, _, built, out = check_and_build(content, output, capsys)
    assert (checked, built) == (0, 0), out
    assert "Ý thứ hai" in Page(output / "ct-05" / "index.html").text
    # An edit inside the linked folder is seen by the next build (not "nothing to do").
    vi = elsewhere / "vi.md"
    vi.write_text(vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý đã sửa trong thư mục liên kết"),
                  encoding="utf-8")
    assert run(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"], capsys)[0] == 0
    assert "Ý đã sửa trong thư mục liên kết" in Page(output / "ct-05" / "index.html").text
    # A link back up to the content folder: the same error from both, and no endless scan.
    (content / "resolutions" / "vong-lap").symlink_to("..")
    checked, check_out, built, build_out = check_and_build(content, output, capsys)
    assert (checked, built) == (1, 1)
    assert "vong-lap/resolution.yaml" in check_out and "vong-lap/resolution.yaml" in build_out


def test_example_content_has_none_of_these_problems() -> None:
    _, problems = load_site(EXAMPLE_CONTENT)
    codes = {p.code for p in problems}
    assert not codes & {"control-character", "html-document-tag", "html-unclosed", "image-name-clash",
                        "link-broken", "not-a-folder"}


def test_unknown_implemented_slug_at_the_line_of_its_entry(tmp_path: Path) -> None:
    meta = (RESOLUTION_YAML.format(code="57-NQ/TW", issued="2024-12-22")
            + "# thực hiện nq-5 của tỉnh (ghi chú)\nimplements:\n  - nq-57-cu\n  - nq-5\n")
    content = site_with(tmp_path, summary(), **{"resolution.yaml": meta})
    assert ("resolution.yaml", 10, "error", "implements-unknown") in located(content)
    assert ("resolution.yaml", 9, "error", "implements-unknown") in located(content)


def test_two_resolutions_implementing_each_other_are_warned_once(tmp_path: Path) -> None:
    plan = standard_resolution("45-KH/HU", "2025-04-02", "Kế hoạch 45")
    plan["resolution.yaml"] += "implements: [kl-123]\n"
    conclusion = standard_resolution("123-KL/TU", "2025-03-15", "Kết luận 123")
    conclusion["resolution.yaml"] += "implements: [kh-45]\n"
    found = [(f[0], f[1], f[2], f[3]) for f in located(make_site(tmp_path, {"kh-45": plan, "kl-123": conclusion}))
             if f[3].startswith("implements")]
    assert found == [("resolution.yaml", 7, "warning", "implements-each-other")]


def test_implementing_each_other_is_warned_at_the_higher_document(tmp_path: Path) -> None:
    # the district plan's implements is right; the province conclusion's line is the one to delete
    plan = standard_resolution("45-KH/HU", "2025-04-02", "Kế hoạch 45")
    plan["resolution.yaml"] = plan["resolution.yaml"].replace("level: trung-uong", "level: huyen") + "implements: [kl-123]\n"
    conclusion = standard_resolution("123-KL/TU", "2025-03-15", "Kết luận 123")
    conclusion["resolution.yaml"] = (conclusion["resolution.yaml"].replace("level: trung-uong", "level: tinh")
                                     + "implements: [a-kh-45]\n")
    content = make_site(tmp_path, {"a-kh-45": plan, "kl-123": conclusion})
    found = [(p.path.parent.name, p.line) for p in load_site(content)[1] if p.code == "implements-each-other"]
    assert found == [("kl-123", 7)]


def test_symlinked_resolutions_folder_edits_are_built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path)
    shared = tmp_path / "van-ban-chung"
    shutil.move(content / "resolutions", shared)
    (content / "resolutions").symlink_to(shared)
    output = tmp_path / "output"
    checked, _, built, out = check_and_build(content, output, capsys)
    assert (checked, built) == (0, 0), out
    vi = shared / "nq-57" / "vi.md"
    vi.write_text(vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý sửa trong thư mục chung"), encoding="utf-8")
    assert run(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"], capsys)[0] == 0
    assert "Ý sửa trong thư mục chung" in Page(output / "nq-57" / "index.html").text



@pytest.mark.parametrize("link", ["broken", "second-link-to-a-linked-folder"])
def test_a_new_link_is_not_taken_for_an_unchanged_site(link: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """`check` and `build` agree right after a link is added (build never says 'nothing to do')."""
    content = make_site(tmp_path)
    elsewhere = tmp_path / "chung" / "ct-05"
    shutil.move(content / "resolutions" / "ct-05", elsewhere)
    (content / "resolutions" / "ct-05").symlink_to(elsewhere)
    output = built_cleanly(content, capsys)
    if link == "broken":
        (content / "resolutions" / "da-xoa").symlink_to(tmp_path / "khong-con")
        checked, check_out, built, build_out = check_and_build(content, output, capsys)
        assert (checked, built) == (1, 1) and "da-xoa: error" in check_out and "da-xoa: error" in build_out
    else:
        (content / "resolutions" / "ct-05-ban-sao").symlink_to(elsewhere)
        checked, _, built, _ = check_and_build(content, output, capsys)
        assert (checked, built) == (0, 0)
        assert (output / "ct-05-ban-sao" / "index.html").is_file()


def test_a_word_in_angle_brackets_is_reported_not_silently_dropped(tmp_path: Path) -> None:
    content = site_with(tmp_path, summary(key_points="- Giao <UBND> xã chủ trì, `<TP>` trong mã\n"))
    [found] = [p for p in load_site(content)[1] if p.code == "html-unknown-tag"]
    assert (found.line, found.col, found.params["tag"]) == (9, 8, "<UBND>")


def test_quote_indented_under_a_point_is_a_quote_and_the_next_point_stays(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # An editor quotes the resolution under a point, indented by two spaces as under any sub-point.
    points = ('- Quy định trách nhiệm người đứng đầu:\n'
              '  > "Người đứng đầu chịu trách nhiệm trực tiếp."\n'
              '- Ý thứ hai sau trích dẫn\n')
    output = built_cleanly(site_with(tmp_path, summary(key_points=points)), capsys)
    page = Page(output / "nq-57" / "index.html")
    assert len(page.find_all("blockquote")) == 1
    assert ">" not in page.text and "&gt;" not in page.text
    script = (output / "nq-57" / "nq-57-vi-loa.txt").read_text(encoding="utf-8-sig")
    assert '>' not in script
    assert "Ý thứ hai sau trích dẫn" in script
    assert missing_from_pdfs(output, ['"Người đứng đầu chịu trách nhiệm trực tiếp."', "Ý thứ hai sau trích dẫn"]) == {}


def test_a_quote_under_the_next_point_after_a_sub_points_quote_is_a_quote() -> None:
    # the quote's indent belongs to its own point: the next point's "> " stayed as text
    tree = render_markdown("- Ý A\n  - Ý B\n    > trích B\n- Ý C\n  > trích C\n")
    quotes = ["".join(c for p in walk(q.children) for c in p.children if isinstance(c, str))
              for q in walk(tree) if q.tag == "blockquote"]
    assert quotes == ["trích B", "trích C"]
    assert not any(">" in c for n in walk(tree) for c in n.children if not isinstance(c, Node))


def test_a_quote_after_a_blank_line_under_a_point_keeps_its_lines_together() -> None:
    # "> mức 2" after a blank line is a quote at its own indent; its next ">" lines go with it
    text = "- mức 0\n\n    1.  mức 1\n\n        > mức 2\n        >\n        > - mức 3\n        >\n        >     1.  mức 4\n"
    tree = render_markdown(text)

    def path_to(node: Node, target: str, tags: tuple[str, ...] = ()) -> tuple[str, ...] | None:
        tags = (*tags, node.tag)
        if any(isinstance(c, str) and target in c for c in node.children):
            return tags
        return next((found for c in node.children if isinstance(c, Node)
                     for found in [path_to(c, target, tags)] if found), None)
    root = next(n for n in tree if isinstance(n, Node))
    assert path_to(root, "mức 4") == ("ul", "li", "ol", "li", "blockquote", "ul", "li", "ol", "li")


def test_bare_web_addresses_are_links_on_the_page_and_printed_once(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    points = ("- Xem tại https://mk.laocai.gov.vn/ntm. Hoặc www.laocai.gov.vn, (https://vi.wikipedia.org/wiki/A_(b)).\n"
              "- Đã có liên kết [https://a.gov.vn](https://a.gov.vn) và mã `https://b.gov.vn`\n")
    output = built_cleanly(site_with(tmp_path, summary(key_points=points)), capsys)
    page = Page(output / "nq-57" / "index.html")
    hrefs = [a.get("href") for a in page.find_all("a")]
    assert "https://mk.laocai.gov.vn/ntm" in hrefs                 # the sentence's full stop left out
    assert "http://www.laocai.gov.vn" in hrefs
    assert "https://vi.wikipedia.org/wiki/A_(b)" in hrefs         # its own bracket kept, the closing one not
    assert hrefs.count("https://a.gov.vn") == 1 and "https://b.gov.vn" not in hrefs
    leaflet = pdf_text(pdfs(output)["leaflet-a4"])
    assert leaflet.count("mk.laocai.gov.vn/ntm") == 1 and leaflet.count("www.laocai.gov.vn") == 1
    script = (output / "nq-57" / "nq-57-vi-loa.txt").read_text(encoding="utf-8-sig")
    assert "laocai" not in script


WIDE_TABLE = """- Bảng chỉ tiêu:

  | Chỉ tiêu | Năm 2021 | Năm 2022 | Năm 2023 | Năm 2024 | Năm 2025 | Ghi chú |
  | --- | ---: | ---: | ---: | ---: | ---: | --- |
  | Thu nhập bình quân đầu người (triệu đồng/người/năm) | 35,2 | 38,9 | 42,1 | 45,7 | 50,0 | Tăng đều |
  | Tỷ lệ hộ nghèo đa chiều theo chuẩn giai đoạn 2022-2025 | 25,3% | 21,1% | 17,8% | 14,2% | 10,0% | Giảm nhanh |
"""


def test_a_wide_table_prints_every_number_in_its_own_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Seven columns in a leaflet's column: equal widths left "25,3%" wider than its cell, printed
    over "Tỷ lệ" and "21,1%" (pdftotext read "lệ25,3%21,1%17,8%"). Each column is now at least as
    wide as its longest word."""
    output = built_cleanly(site_with(tmp_path, summary(key_points=WIDE_TABLE)), capsys)
    values = ["25,3%", "21,1%", "17,8%", "14,2%", "10,0%", "2022-2025", "35,2", "50,0", "nhanh"]
    for fmt, pdf in pdfs(output).items():
        words = set(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
        assert [v for v in values if v not in words] == [], fmt



def test_a_wide_table_with_empty_and_missing_cells_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A cell left empty, a row shorter than the header: the column widths are measured all the same.
    # And a web address, which a line may break after its "/" and "-": not one word wider than the table.
    table = (WIDE_TABLE.replace("| 38,9 |", "| |").replace("| Giảm nhanh |", "| |") + "  | Hộ cận nghèo | 12,5% |\n"
             "  | Nguồn số liệu | https://mk.laocai.gov.vn/tuyen-truyen/tai-lieu/2025/ket-luan-123-kl-tu.pdf |\n")
    output = built_cleanly(site_with(tmp_path, summary(key_points=table)), capsys)
    for fmt, pdf in pdfs(output).items():
        words = set(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
        assert {"35,2", "42,1", "25,3%", "12,5%", "Nguồn", "liệu"} <= words, fmt


def test_sub_headings_in_a_section_print_as_headings_not_numbered_points(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """"### 1. Về kinh tế" inside the key points printed as point "1. 1. Về kinh tế", the next
    sub-heading as "4. 2. Về xã hội": now bold and unnumbered, the points counting on past them."""
    points = ("\n### 1. Về kinh tế\n- Tăng trưởng GRDP đạt 8%.\n- Thu ngân sách 1.500 tỷ đồng.\n\n"
              "### 2. Về xã hội\n- Giảm nghèo 3%/năm.\n")
    output = built_cleanly(site_with(tmp_path, summary(key_points=points)), capsys)
    for fmt, pdf in pdfs(output).items():
        text = " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        assert "1. Về kinh tế 1. Tăng trưởng GRDP đạt 8%. 2. Thu ngân sách" in text, fmt
        assert "2. Về xã hội 3. Giảm nghèo 3%/năm." in text, fmt



def test_a_sub_heading_is_no_bullet_of_the_share_post(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = summary().replace("## Điểm mới\n", "## Điểm mới\n\n### Về thể chế\n")
    output = built_cleanly(site_with(tmp_path, text), capsys)
    post = (output / "nq-57" / "nq-57-vi-chia-se.txt").read_text(encoding="utf-8-sig")
    assert "• Điểm mới thứ nhất" in post and "Về thể chế" not in post
