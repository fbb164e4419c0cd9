"""Leaflets and study sheets as the build writes them, read back with poppler and zbar."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.builders.base import BuildOptions
from generator.content.htmltree import inline_runs, to_text
from generator.content.markdown_render import render_markdown
from generator.cli import main
from generator.pipeline import build

from conftest import Page, make_site, manifest, standard_resolution

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")

# (width, height) in PostScript points, portrait unless the format is landscape.
PAGE_SIZES = {
    "leaflet-a4": (595, 842),
    "leaflet-a5": (420, 595),
    "leaflet-trifold": (842, 595),
    "study-sheet": (595, 842),
}
TWO_SIDED = ("leaflet-a4", "leaflet-a5", "leaflet-trifold")

# A point broken over source lines: the PDF must read it as one line of text.
WRAPPED_POINT = """\
---
title: Nghị quyết số 57-NQ/TW về khoa học
summary: Tóm tắt ngắn của văn bản.
---

## Nội dung cốt lõi
- Người đứng đầu trực tiếp chỉ đạo, người
  dân và doanh nghiệp là trung tâm.

## Điểm mới
- Điểm mới thứ nhất

## Liên hệ vận dụng tại địa phương
- Xã Bản Bo triển khai
"""


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line) | {}


def page_size(path: Path) -> tuple[int, int]:
    match = re.search(r"([\d.]+) x ([\d.]+) pts", pdf_info(path)["Page size"])
    return round(float(match.group(1))), round(float(match.group(2)))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("leaflets")
    files = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học", hmn=True)
    files["vi.md"] = WRAPPED_POINT
    content = make_site(root, {"nq-57": files,
                               "ct-05": standard_resolution("05-CT/TW", "2016-05-15", "Chỉ thị số 05-CT/TW")})
    output = root / "output"
    build(content, output, BuildOptions(no_audio=True))
    return content, output


def leaflet_entries(output: Path) -> list[dict[str, str]]:
    return [e for e in manifest(output)["artifacts"] if e["kind"] in PAGE_SIZES]


def test_every_resolution_and_language_has_every_format(built: tuple[Path, Path]) -> None:
    _, output = built
    made = {(e["slug"], e["lang"], e["kind"]) for e in leaflet_entries(output)}
    expected = {(slug, lang, kind) for slug, langs in (("nq-57", ("vi", "hmn")), ("ct-05", ("vi",)))
                for lang in langs for kind in PAGE_SIZES}
    assert made == expected
    names = [Path(e["path"]).name for e in leaflet_entries(output)]
    assert len(names) == len(set(names)), "two downloads would collide in one Downloads folder"
    for entry in leaflet_entries(output):
        assert entry["slug"] in Path(entry["path"]).name and f"-{entry['lang']}-" in Path(entry["path"]).name


def test_page_size_and_page_count(built: tuple[Path, Path]) -> None:
    _, output = built
    for entry in leaflet_entries(output):
        path = output / entry["path"]
        assert page_size(path) == PAGE_SIZES[entry["kind"]], entry["path"]
        if entry["kind"] in TWO_SIDED:
            assert int(pdf_info(path)["Pages"]) == 2, entry["path"]


def test_metadata_title_author_and_embedded_fonts(built: tuple[Path, Path]) -> None:
    _, output = built
    path = output / "nq-57" / "nq-57-vi-to-roi-a4.pdf"
    info = pdf_info(path)
    assert info["Title"].strip() == "Nghị quyết số 57-NQ/TW về khoa học"
    assert info["Author"].strip() == "Trung tâm Văn hóa - Thể thao và Truyền thông huyện Tam Đường"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts   # the "emb" column


def test_text_is_complete_and_soft_line_breaks_are_one_space(built: tuple[Path, Path]) -> None:
    _, output = built
    text = flat(pdf_text(output / "nq-57" / "nq-57-vi-to-roi-a4.pdf"))
    for expected in ("TÀI LIỆU TUYÊN TRUYỀN", "Nghị quyết số 57-NQ/TW về khoa học", "22/12/2024",
                     "Điểm mới thứ nhất", "Xã Bản Bo triển khai"):
        assert expected in text, expected
    assert "example.gov.vn/tuyentruyen/nq-57/" in "".join(text.split())   # the address may wrap
    assert "người dân và doanh nghiệp" in text


def test_soft_line_breaks_reach_print_and_speech_as_one_space() -> None:
    # Typst prints string data literally: a newline plus indentation would show as a wide gap.
    nodes = render_markdown("- Người đứng đầu, người\n  dân và doanh nghiệp.\n")
    runs = inline_runs(nodes)
    assert "".join(r["text"] for r in runs).strip() == "Người đứng đầu, người dân và doanh nghiệp."
    assert to_text(nodes) == "Người đứng đầu, người dân và doanh nghiệp."


def test_hmong_leaflet_is_in_hmong_and_links_the_hmong_page(built: tuple[Path, Path]) -> None:
    _, output = built
    text = flat(pdf_text(output / "hmn" / "nq-57" / "nq-57-hmn-to-roi-a4.pdf"))
    assert "Ntsiab lus tshiab" in text
    assert "example.gov.vn/tuyentruyen/hmn/nq-57/" in "".join(text.split())


@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None, reason="zbar-tools missing")
@pytest.mark.parametrize("path, url", [
    ("nq-57/nq-57-vi-to-roi-a4.pdf", "https://example.gov.vn/tuyentruyen/nq-57/"),
    ("hmn/nq-57/nq-57-hmn-to-roi-a5.pdf", "https://example.gov.vn/tuyentruyen/hmn/nq-57/"),
])
def test_qr_code_scans_to_the_page_address(built: tuple[Path, Path], tmp_path: Path, path: str, url: str) -> None:
    _, output = built
    subprocess.run(["pdftoppm", "-r", "200", "-f", "2", "-l", "2", "-png", str(output / path), str(tmp_path / "p")],
                   check=True)
    image = next(tmp_path.glob("p*.png"))
    scanned = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True).stdout
    assert scanned.strip() == url


def test_resolution_page_links_its_leaflets(built: tuple[Path, Path]) -> None:
    _, output = built
    for lang_prefix, lang in (("", "vi"), ("hmn/", "hmn")):
        page = Page(output / f"{lang_prefix}nq-57" / "index.html")
        pdfs = {url for _, _, url in page.links if url.endswith(".pdf")}
        for suffix in ("to-roi-a4", "to-roi-a5", "to-gap-ba", "phieu-thu-hoach"):
            assert f"nq-57-{lang}-{suffix}.pdf" in pdfs
        for url in pdfs:
            assert (page.path.parent / url).is_file()


def test_two_builds_give_byte_identical_pdfs(built: tuple[Path, Path], tmp_path: Path) -> None:
    content, first = built
    second = tmp_path / "again"
    build(content, second, BuildOptions(no_audio=True))   # no cache: rendered afresh
    for entry in leaflet_entries(first):
        assert (first / entry["path"]).read_bytes() == (second / entry["path"]).read_bytes(), entry["path"]


def test_text_that_cannot_fit_keeps_every_word_and_warns(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    points = "\n".join(f"- Ý số {i}: " + "cán bộ đảng viên gương mẫu thực hiện nghị quyết " * 6 + f"kết thúc{i}"
                       for i in range(60))
    files = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết dài")
    files["vi.md"] = files["vi.md"].replace("- Ý thứ hai\n", "- Ý thứ hai\n" + points + "\n")
    content = make_site(tmp_path, {"dai": files})
    result = build(content, tmp_path / "output", BuildOptions(no_audio=True))
    warned = {(p.params["slug"], p.params["format"]) for p in result.problems if p.code == "leaflet-overflow"}
    assert ("dai", "leaflet-a4") in warned and ("dai", "leaflet-a5") in warned
    a5 = tmp_path / "output" / "dai" / "dai-vi-to-roi-a5.pdf"
    assert int(pdf_info(a5)["Pages"]) > 2
    text = flat(pdf_text(a5))
    assert all(f"kết thúc{i}" in text for i in range(60)), "text was cut off"
    # `check` reports the same, as a warning (exit 0), naming the file and what to cut
    assert main(["check", "--content", str(content)]) == 0
    report = capsys.readouterr().out
    assert "dai" in report and "vi.md" in report and "Tờ rơi A5 của 'dai'" in report
    assert "leaflet-a5" not in report and "leaflet-a4" not in report     # formats named as people do
