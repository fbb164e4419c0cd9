"""Print PDFs judged on the real output: poppler for pages, sizes, text and fonts; zbar for the QR code."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typst

from generator.fonts import PACKAGED_DIR
from generator.pdf import FitPolicy, PdfRenderer, PdfTemplateError, default_template_dir, pdf_page_count, qr_svg
from generator.pdf.sample import sample_data

from test_pdf_helpers import (HMONG_RPA, HOSTILE, VI_ALPHABET, benign_twin, content_strings, fonts, hostile_sample,
                              page_sizes, pdfinfo, pdftext, point_texts, qr_codes, renderer, rich_sample, squash,
                              write)

A4, A5, A4_LANDSCAPE = (595, 842), (420, 595), (842, 595)
LEAFLETS = {"leaflet-a4": A4, "leaflet-a5": A5, "leaflet-trifold": A4_LANDSCAPE}
FIT = FitPolicy(max_pages=2)


def render(fmt: str, data: dict, fit: FitPolicy | None = FIT):
    return renderer().render(fmt, data, fit=fit if fmt in LEAFLETS else None)


# ---------------------------------------------------------------- pages, sizes, text, fonts

@pytest.mark.parametrize("fmt", sorted(LEAFLETS))
def test_leaflet_pages_size_text_and_fonts(fmt: str, tmp_path: Path) -> None:
    data = rich_sample(fmt)
    result = render(fmt, data)
    path = write(tmp_path, result.pdf)
    assert result.overflow_pages == 0 and result.words_to_cut == 0
    assert result.warnings == ()                                  # no missing glyph, layout converged
    assert result.pages == 2 == int(pdfinfo(path)["Pages"])
    assert page_sizes(path) == [LEAFLETS[fmt]] * 2
    text = squash(pdftext(path))
    for point in point_texts(data):
        assert squash(point) in text, point
    wanted = {c for s in content_strings(data) for c in s if not c.isspace()}
    assert wanted - set(text) == set()
    assert set(squash(VI_ALPHABET)) <= set(text)
    table = fonts(path)
    assert table and all(row[-5] == "yes" for row in table), table      # the "emb" column
    assert {row[0].split("+")[-1] for row in table} <= {
        "DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic",
        "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSansMono"}


@pytest.mark.parametrize("fmt", sorted(LEAFLETS))
def test_hmong_leaflet(fmt: str, tmp_path: Path) -> None:
    data = sample_data(fmt, "hmn")
    data["sections"][0]["points"].append({"blocks": [{"type": "paragraph", "runs": [
        {"text": HMONG_RPA, "bold": False, "italic": False, "code": False, "link": None}]}]})
    result = render(fmt, data)
    path = write(tmp_path, result.pdf)
    assert result.pages == 2 and result.overflow_pages == 0
    assert result.warnings == ()                                  # Typst knows lang "hmn": no warning
    text = squash(pdftext(path))
    assert squash(HMONG_RPA) in text
    for point in point_texts(data):
        assert squash(point) in text
    assert b"/Lang(hmn-VN)" in result.pdf            # BCP 47 hmn-Latn-VN -> Typst lang hmn, region VN


def test_metadata_title_author_language_date(tmp_path: Path) -> None:
    data = sample_data("leaflet-a4")
    path = write(tmp_path, render("leaflet-a4", data).pdf)
    info = pdfinfo(path)
    assert info["Title"] == data["title"]
    assert info["Author"] == data["organisation"]
    assert info["CreationDate"].startswith("Wed Nov 25") and "2026" in info["CreationDate"]
    assert b"/Lang(vi-VN)" in path.read_bytes()


def test_study_sheet(tmp_path: Path) -> None:
    data = rich_sample("study-sheet")
    data["questions"] = [[{"text": "Câu hỏi riêng của chi bộ: ắằẳẵặ?", "bold": False, "italic": False,
                           "code": False, "link": None}]]
    result = render("study-sheet", data)
    path = write(tmp_path, result.pdf)
    assert result.warnings == ()
    assert result.pages >= 2 and page_sizes(path) == [A4] * result.pages
    text = squash(pdftext(path))
    for label in ("study_sheet", "name", "party_cell", "date", "questions", "answer", "proposals", "grading"):
        assert squash(data["labels"][label]) in text, label
    for name, span in data["labels"]["grades"]:
        assert squash(name) in text and squash(span) in text
    assert squash("Câu hỏi riêng của chi bộ: ắằẳẵặ?") in text
    assert squash(data["title"]) in text and data["code"] in text
    first_points = [p["blocks"][0] for p in data["sections"][0]["points"]]
    for block in first_points:
        assert squash("".join(r["text"] for r in block["runs"])) in text
    assert render("study-sheet", data).pdf == result.pdf          # deterministic, page count included
    assert all(row[-5] == "yes" for row in fonts(path))


def test_loudspeaker_print(tmp_path: Path) -> None:
    data = sample_data("loudspeaker-print")
    result = render("loudspeaker-print", data)
    path = write(tmp_path, result.pdf)
    assert result.warnings == ()
    assert result.font_size >= 16
    assert page_sizes(path) == [A4] * result.pages
    # Body text without the running heads and page numbers that interrupt a paragraph across pages.
    text = "\n".join(line for line in pdftext(path).splitlines()
                     if not re.fullmatch(r"\s*(\d+ / \d+|57-NQ/TW|.*\(tiếp theo\))\s*", line.strip("\x0c")))
    for part in data["parts"]:
        assert f"{data['labels']['part']} {part['number']}/{part['total']}" in text
        assert squash(part["reading_time"]) in squash(text)
        for para in part["paragraphs"]:
            assert squash(para) in squash(text)
    assert text.count(data["labels"]["broadcast_date"]) >= len(data["parts"])
    assert text.count(data["labels"]["reader"]) >= len(data["parts"])
    # Large print: words of the body are at least 16 pt tall (pdftotext -bbox heights ~1.16 em).
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", str(path), "-"],
                          capture_output=True, text=True, check=False).stdout
    heights = sorted(float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', bbox))
    assert heights and heights[len(heights) // 2] >= 16


# ---------------------------------------------------------------- QR code

@pytest.mark.parametrize("fmt,page", [("leaflet-a4", 2), ("leaflet-a5", 2), ("leaflet-trifold", 1)])
def test_qr_code_decodes_to_the_page_url(fmt: str, page: int, tmp_path: Path) -> None:
    data = sample_data(fmt)
    path = write(tmp_path, render(fmt, data).pdf)
    assert qr_codes(path, page, tmp_path) == [data["url"]]
    assert squash(data["url_display"]) in squash(pdftext(path, first=page, last=page))
    assert "https://" not in pdftext(path, first=page, last=page)


def test_qr_svg_scales() -> None:
    svg = qr_svg("https://example.gov.vn/a/")
    assert svg.startswith("<svg") and "viewBox" in svg and "width=" not in svg.split(">")[0]
    assert "#000" in svg and "#fff" in svg


# ---------------------------------------------------------------- trifold panel order

def test_trifold_panel_order(tmp_path: Path) -> None:
    data = sample_data("leaflet-trifold")
    path = write(tmp_path, render("leaflet-trifold", data).pdf)
    third = 842 // 3

    def panel(page: int, index: int) -> str:
        return squash(pdftext(path, first=page, last=page, crop=(index * third, 0, third, 595)))
    front, back, flap = panel(1, 2), panel(1, 1), panel(1, 0)
    assert squash(data["labels"]["heading"]) in front and squash(data["title"]) in front
    assert squash(data["labels"]["scan_qr"]) in back and squash(data["url_display"]) in back
    assert squash(data["summary"]) in flap
    inside = [panel(2, i) for i in range(3)]
    assert squash(data["sections"][0]["title"]) in inside[0]
    assert all(inside), "the inside text spreads over the three panels"


# ---------------------------------------------------------------- fit and overflow

def test_normal_600_word_sample_fits_a4_at_10pt_or_more(tmp_path: Path) -> None:
    from generator.pdf.fit import count_words
    data = sample_data("leaflet-a4")
    assert 550 <= count_words(data) <= 700
    result = render("leaflet-a4", data)
    assert result.pages == 2 and result.font_size >= 10
    assert result.overflow_pages == 0 and result.words_to_cut == 0
    assert int(pdfinfo(write(tmp_path, result.pdf))["Pages"]) == 2


@pytest.mark.parametrize("fmt,floor", [("leaflet-a4", 9), ("leaflet-a5", 9), ("leaflet-trifold", 8.5)])
def test_overlong_text_overflows_but_keeps_every_word(fmt: str, floor: float, tmp_path: Path) -> None:
    data = rich_sample(fmt)
    for section in data["sections"]:
        section["points"] = section["points"] * 4
    result = render(fmt, data)
    path = write(tmp_path, result.pdf)
    pages = int(pdfinfo(path)["Pages"])
    assert pages == result.pages > 2
    assert result.overflow_pages == pages - 2
    assert result.words_to_cut > 0
    assert result.font_size == floor and result.warnings == ()
    assert page_sizes(path) == [LEAFLETS[fmt]] * pages
    text = squash(pdftext(path))
    for point in point_texts(data):
        assert squash(point) in text
    assert squash(data["title"]) in text


def test_a_leaflet_that_fits_has_no_extra_page(tmp_path: Path) -> None:
    data = sample_data("leaflet-a4")
    data["sections"] = data["sections"][:1]                       # only key points: back page = QR band
    data["sections"][0]["points"] = data["sections"][0]["points"][:1]
    data["lead"] = []
    for fmt in LEAFLETS:
        data["format"] = fmt
        result = render(fmt, data)
        assert result.pages == 2 == int(pdfinfo(write(tmp_path, result.pdf, f"{fmt}.pdf"))["Pages"])


@pytest.mark.parametrize("template", ["a4.typ", "a5.typ"])
@pytest.mark.parametrize("repeat", [0, 1, 3])
def test_flowing_layout_converges_and_keeps_two_pages_at_least(template: str, repeat: int) -> None:
    """The fallback layout (text flowing over both pages), from almost empty to overflowing."""
    data = sample_data("leaflet-a4")
    for section in data["sections"]:
        section["points"] = section["points"] * repeat
    own = renderer()
    pdf, warnings = own._compile(template, dict(data, page_layout="flow", font_size=11))
    assert warnings == ()
    assert pdf_page_count(pdf) >= 2


def test_page_count_without_poppler() -> None:
    result = render("leaflet-a4", sample_data("leaflet-a4"))
    assert pdf_page_count(result.pdf) == result.pages == 2


# ---------------------------------------------------------------- data cannot break the template

@pytest.mark.parametrize("fmt", ["leaflet-a4", "leaflet-trifold", "study-sheet"])
def test_hostile_characters_are_printed_literally(fmt: str, tmp_path: Path) -> None:
    data = hostile_sample(fmt)
    data["lead"] = [{"type": "paragraph", "runs": [{"text": "bấm vào", "bold": False, "italic": False,
                                                    "code": False, "link": "javascript:alert(1)"}]}]
    result = render(fmt, data)
    twin = render(fmt, benign_twin(data))
    path = write(tmp_path, result.pdf)
    text = squash(pdftext(path))
    for piece in HOSTILE:
        assert squash(piece) in text, piece
    if fmt in LEAFLETS:                                           # the study sheet prints no new points
        assert squash("#set page(width: 1pt) $x$ <x> @ref") in text
    assert b"javascript" not in result.pdf                          # only http(s)/mailto become links
    assert squash(data["code"]) in text
    assert squash(data["organisation"]) in text or squash(data["organisation"].upper()) in text
    # Same layout as the same text without the special characters.
    assert page_sizes(path) == page_sizes(write(tmp_path, twin.pdf, "twin.pdf"))
    assert (result.pages, result.font_size) == (twin.pages, twin.font_size)


# ---------------------------------------------------------------- reproducible

def test_same_data_same_bytes_across_renderers_and_processes(tmp_path: Path) -> None:
    data = rich_sample("leaflet-a4")
    first = render("leaflet-a4", data).pdf
    assert render("leaflet-a4", data).pdf == first
    with PdfRenderer() as other:
        assert other.render("leaflet-a4", data, fit=FIT).pdf == first
    (tmp_path / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    script = ("import json,sys; from generator.pdf import PdfRenderer, FitPolicy; "
              "d=json.load(open(sys.argv[1], encoding='utf-8')); "
              "sys.stdout.buffer.write(PdfRenderer().render('a4.typ', d, fit=FitPolicy(max_pages=2)).pdf)")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "data.json")], capture_output=True,
                         env=env, check=True, cwd=tmp_path).stdout
    assert out == first


def test_date_from_source_date_epoch_when_data_has_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = sample_data("leaflet-a4")
    del data["pdf_date"]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    undated = render("leaflet-a4", data).pdf
    assert render("leaflet-a4", data).pdf == undated              # no clock
    assert "CreationDate" not in pdfinfo(write(tmp_path, undated))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")          # 2026-01-01 UTC
    info = pdfinfo(write(tmp_path, render("leaflet-a4", data).pdf, "epoch.pdf"))
    assert "Jan  1" in info["CreationDate"] and "2026" in info["CreationDate"]


# ---------------------------------------------------------------- site overrides and errors

def test_site_template_overrides_default_and_common(tmp_path: Path) -> None:
    site = tmp_path / "templates" / "leaflet"
    site.mkdir(parents=True)
    (site / "a5.typ").write_text('#import "common.typ": *\n#let data = load-data()\n'
                                 '#set page(paper: "a5")\nSITE-A5 #data.code\n', encoding="utf-8")
    default_common = (default_template_dir() / "common.typ").read_text(encoding="utf-8")
    heading = 'lbl(data, "heading"))'
    assert default_common.count(heading) == 1
    (site / "common.typ").write_text(default_common.replace(heading, '[SITE-COMMON-HEAD])'), encoding="utf-8")
    with PdfRenderer([site]) as own:
        a5 = write(tmp_path, own.render("a5.typ", sample_data("leaflet-a5")).pdf, "a5.pdf")
        a4 = write(tmp_path, own.render("a4.typ", sample_data("leaflet-a4"), fit=FIT).pdf, "a4.pdf")
    assert "SITE-A5 57-NQ/TW" in pdftext(a5)
    assert "SITE-COMMON-HEAD" in pdftext(a4)                        # default a4.typ imported the site's common.typ
    assert "SITE-COMMON-HEAD" not in pdftext(write(tmp_path, render("leaflet-a4", sample_data()).pdf, "d.pdf"))


def test_template_error_names_file_and_line(tmp_path: Path) -> None:
    site = tmp_path / "leaflet"
    site.mkdir()
    (site / "a4.typ").write_text('#import "common.typ": *\n\n#let x = (\n', encoding="utf-8")
    (site / "study-sheet.typ").write_text('#let data = json(bytes(sys.inputs.data))\nA\n#data.nope\n',
                                          encoding="utf-8")
    with PdfRenderer([site]) as own:
        with pytest.raises(PdfTemplateError) as syntax:
            own.render("a4.typ", sample_data("leaflet-a4"), fit=FIT)
        with pytest.raises(PdfTemplateError) as runtime:
            own.render("study-sheet.typ", sample_data("study-sheet"))
        with pytest.raises(PdfTemplateError) as missing:
            own.render("nope.typ", sample_data())
    assert syntax.value.file == str(site / "a4.typ") and syntax.value.line == 3
    assert str(syntax.value).startswith(f"{site / 'a4.typ'}:3:")
    assert runtime.value.file == str(site / "study-sheet.typ") and runtime.value.line == 3
    assert "nope" in runtime.value.message
    assert "Traceback" not in str(syntax.value) and "┌─" not in str(syntax.value)
    assert "nope.typ" in str(missing.value)


def test_edited_site_template_is_picked_up(tmp_path: Path) -> None:
    site = tmp_path / "leaflet"
    site.mkdir()
    target = site / "a5.typ"
    target.write_text('#set page(paper: "a5")\nVERSION-ONE\n', encoding="utf-8")
    with PdfRenderer([site]) as own:
        assert "VERSION-ONE" in pdftext(write(tmp_path, own.render("a5.typ", {}).pdf, "1.pdf"))
        target.write_text('#set page(paper: "a5")\nVERSION-TWO-LONGER\n', encoding="utf-8")
        assert "VERSION-TWO-LONGER" in pdftext(write(tmp_path, own.render("a5.typ", {}).pdf, "2.pdf"))


# ---------------------------------------------------------------- speed

def test_render_costs_no_more_than_a_bare_compile() -> None:
    """Fonts and templates stay loaded: one render (content that fits) <= 1.2x typst.compile.
    Measured in CPU time (this process's, Typst's threads included): the wall time of a loaded
    machine counts the waits for a core as well."""
    own = renderer()
    root = own._root.current()
    ours, bare = [], []
    for i in range(5):
        data = sample_data("leaflet-a4")
        data["title"] += f" {i}"                                   # a new document each time: no cache hit
        start = time.process_time()
        result = own.render("a4.typ", data, fit=FIT)
        ours.append(time.process_time() - start)
        assert result.trials == 1
        data["title"] += "!"
        inputs = {"data": json.dumps(dict(data, font_size=result.font_size), ensure_ascii=False)}
        start = time.process_time()
        typst.compile(str(root / "a4.typ"), root=str(root), font_paths=[str(PACKAGED_DIR)],
                      ignore_system_fonts=True, sys_inputs=inputs)
        bare.append(time.process_time() - start)
    assert min(ours) <= 1.2 * min(bare), (ours, bare)
