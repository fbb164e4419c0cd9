"""Hostile and broken input (issue 12, items 1-6): escaped labels, cleaned SVG, bounded YAML,
size and depth limits, external images, and `check` finding what `build` would fail on.

The cases are generated here, not committed as fixtures: a billion laughs is ten lines,
a 600 KB summary one multiplication.
"""
from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from generator.cli import main
from generator.content.limits import MAX_LIST_ITEMS, MAX_NESTING
from generator.load import load_site
from generator.content.reader import parse_yaml
from generator.content.svg import clean_svg

from conftest import SITE_YAML, Page, make_site, serve_folder, standard_resolution, watched_page, write

RES = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57")
XSS_LABEL = "<img src=x onerror=alert('nhan')>"


def problems_of(content: Path) -> list[tuple[str, int | None, str, str]]:
    _, problems = load_site(content)
    return [(p.path.name if p.path else "", p.line, p.severity.value, p.code) for p in problems]


def with_body(extra: str, before: str = "- Ý thứ hai\n") -> dict[str, str]:
    """The standard resolution with `extra` Markdown inserted after the second key point."""
    return {**RES, "vi.md": RES["vi.md"].replace(before, before + extra)}


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# ---------------------------------------------------------------- 1. labels from site.yaml

LABEL_SITE = SITE_YAML + f"""\
topics:
  chuyen-doi-so: {{vi: "{XSS_LABEL}", hmn: "Tăng trưởng 8%"}}
kinds:
  nghi-quyet: {{vi: "Nghị quyết 100% <b>đậm</b>"}}
"""


def test_labels_from_site_yaml_are_text_on_every_page(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "NQ 57", hmn=True)},
                        LABEL_SITE)
    output = tmp_path / "out"
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"]) == 0
    shown = set()
    for path in output.rglob("*.html"):
        page = Page(path)
        assert not page.find_all("img", src="x") and not page.find_all("b"), path
        for _, attrs in page.elements:
            assert not any(name.startswith("on") for name in attrs), (path, attrs)
        shown |= {label for label in (XSS_LABEL, "Tăng trưởng 8%", "Nghị quyết 100% <b>đậm</b>") if label in page.text}
    assert shown == {XSS_LABEL, "Tăng trưởng 8%", "Nghị quyết 100% <b>đậm</b>"}
    topic_page = Page(output / "chu-de" / "chuyen-doi-so" / "index.html")
    assert XSS_LABEL in topic_page.text
    ElementTree.parse(output / "feed.xml")        # still well-formed XML with the label in it


# ---------------------------------------------------------------- 2. SVG

HOSTILE_SVG = """\
<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60"
     onload="alert('svg-onload')">
<script>alert('svg-script')</script>
<style>@import url(https://evil.example/x.css); rect {{ stroke: black }}</style>
<foreignObject width="100" height="50"><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert('fo')"/></div></foreignObject>
<a xlink:href="javascript:alert('link')"><text x="5" y="20">Bản đồ &b;</text></a>
<image href="https://evil.example/pixel.png" width="1" height="1"/>
<rect id="r" width="50" height="30" fill="url(#g)" style="fill: url(https://evil.example/f)" onclick="alert('click')"/>
<use xlink:href="#r" x="60"/>
<animate attributeName="href" to="javascript:alert('anim')"/>
<linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient>
</svg>
"""


def test_svg_from_content_is_published_without_what_runs_or_loads(tmp_path: Path) -> None:
    files = {**with_body("![Bản đồ](ban-do.svg)\n"), "ban-do.svg": HOSTILE_SVG.format()}
    content = make_site(tmp_path, {"nq-57": files})
    found = [p for p in problems_of(content) if p[3].startswith("svg")]
    assert found == [("ban-do.svg", 4, "warning", "svg-cleaned")]      # where <svg onload=…> ends
    output = tmp_path / "out"
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"]) == 0
    published = (output / "nq-57" / "ban-do.svg").read_bytes()
    root = ElementTree.fromstring(published)
    tags = {element.tag.split("}")[-1] for element in root.iter()}
    assert tags.isdisjoint({"script", "foreignObject", "animate", "div", "img"})
    assert {"rect", "use", "text", "linearGradient"} <= tags        # the drawing itself is kept
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not name.split("}")[-1].lower().startswith("on"), (element.tag, name)
            if name.split("}")[-1] == "href":
                assert value.startswith("#"), value
            assert "evil.example" not in value and "javascript" not in value.lower()
    assert b"ENTITY" not in published and b"evil.example" not in published
    assert (root.find("{http://www.w3.org/2000/svg}rect").get("fill")) == "url(#g)"


def test_unreadable_svg_is_refused_with_its_line(tmp_path: Path) -> None:
    files = {**with_body("![Bản đồ](ban-do.svg)\n"), "ban-do.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n<rect\n'}
    content = make_site(tmp_path, {"nq-57": files})
    assert [p for p in problems_of(content) if p[3].startswith("svg")] == [("ban-do.svg", 3, "error", "svg-unreadable")]


def test_svg_cleaning_keeps_a_plain_drawing_byte_for_byte_in_meaning() -> None:
    plain = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Bieu do</title>'
             b'<path d="M0 0L10 10" stroke="#000"/></svg>')
    cleaned = clean_svg(plain)
    assert cleaned.removed == ()
    assert ElementTree.fromstring(cleaned.data).find("{http://www.w3.org/2000/svg}path").get("d") == "M0 0L10 10"


def test_attachments_a_browser_would_run_are_refused_at_their_line(tmp_path: Path) -> None:
    files = {**with_body("- [Tải về](trang.html) và [mã](Chay.JS)\n- [Văn bản](van-ban.pdf)\n"),
             "trang.html": "<script>alert(1)</script>", "Chay.JS": "alert(1)", "van-ban.pdf": "%PDF-1.4"}
    content = make_site(tmp_path, {"nq-57": files})
    line = line_of(files["vi.md"], "trang.html")
    assert [p for p in problems_of(content) if p[2] == "error"] == [("vi.md", line, "error", "attachment-active")] * 2


# ---------------------------------------------------------------- 3. YAML aliases

def laughs(key: str = "lol", indent: str = "") -> str:
    """A ten-line billion laughs under `key`: 9^9 values from 10 lines."""
    lines = [f'{indent}{key}0: &a0 ["ha","ha","ha","ha","ha","ha","ha","ha","ha"]']
    for level in range(1, 10):
        ref = f"*a{level - 1}"
        lines.append(f"{indent}{key}{level}: &a{level} [{', '.join([ref] * 9)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_fails_within_a_second() -> None:
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    doc, problems = parse_yaml("title: x\n" + laughs(), Path("site.yaml"))
    assert time.perf_counter() - started < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000      # KB: no growth
    assert doc is None and [(p.line, p.code) for p in problems] == [(7, "yaml-alias-expansion")]


def test_aliases_within_reason_still_work() -> None:
    doc, problems = parse_yaml("base: &b {vi: Đất đai}\ntopics:\n  dat-dai: *b\n  rung: *b\n", Path("site.yaml"))
    assert problems == [] and doc.data["topics"]["rung"] == {"vi": "Đất đai"}


@pytest.mark.parametrize("where", ["site.yaml", "resolution.yaml", "front matter", "glossary.yaml",
                                   "source record"])
def test_billion_laughs_in_every_yaml_file_is_an_error_at_its_line(tmp_path: Path, where: str) -> None:
    bomb = laughs()
    files = dict(RES)
    site_yaml = SITE_YAML
    if where == "site.yaml":
        site_yaml += bomb
        expected = ("site.yaml", SITE_YAML.count("\n") + 6)
    elif where == "resolution.yaml":
        files["resolution.yaml"] += bomb
        expected = ("resolution.yaml", RES["resolution.yaml"].count("\n") + 6)
    elif where == "front matter":
        files["vi.md"] = files["vi.md"].replace("summary:", bomb + "summary:", 1)
        expected = ("vi.md", 2 + 6)
    elif where == "glossary.yaml":
        expected = ("glossary.yaml", 6)
    else:
        files["hmn.md"] = standard_resolution("57-NQ/TW", "2024-12-22", "NQ", hmn=True)["hmn.md"]
        files["hmn.source.yaml"] = "hash: abc\n" + bomb
        expected = ("hmn.source.yaml", 7)       # a damaged record is ignored with a warning (record.py)
    content = make_site(tmp_path, {"nq-57": files}, site_yaml)
    if where == "glossary.yaml":
        write(content / "glossary.yaml", bomb)
    started = time.perf_counter()
    found = [p[:2] for p in problems_of(content) if p[3] in ("yaml-alias-expansion", "translation-record-invalid")]
    assert time.perf_counter() - started < 10      # the whole load, on a loaded CI machine
    assert found == [expected]


def test_deep_yaml_is_an_error_not_a_crash(tmp_path: Path) -> None:
    for text in ("a: " + "[" * 100_000 + "]" * 100_000, "a:\n" + "".join("  " * (i + 1) + "b:\n" for i in range(200))):
        doc, problems = parse_yaml(text, Path("resolution.yaml"))
        assert doc is None and [p.code for p in problems] == ["yaml-too-deep"]


# ---------------------------------------------------------------- 4. size and depth

def test_summary_size_limits(tmp_path: Path) -> None:
    paragraph = "Đoạn văn dài lặp lại để thử giới hạn kích thước của bản tóm tắt. " * 20 + "\n\n"
    big = with_body("", "Đoạn mở đầu.")
    big["vi.md"] = big["vi.md"].replace("Đoạn mở đầu.", paragraph * (600 * 1024 // len(paragraph.encode())))
    large = dict(RES)
    large["vi.md"] = large["vi.md"].replace("Đoạn mở đầu.", paragraph * (200 * 1024 // len(paragraph.encode())))
    content = make_site(tmp_path, {"nq-1": big, "nq-2": large})
    write(content / "pages" / "gioi-thieu.vi.md", "---\ntitle: Giới thiệu\n---\n\n" + paragraph * 400)
    write(content / "resolutions" / "nq-2" / "vi.loa.txt", "Kính thưa bà con. " * 40_000)   # a read-out script
    found = sorted(problems_of(content))
    assert found == [("gioi-thieu.vi.md", None, "error", "content-too-large"),
                     ("vi.loa.txt", None, "error", "content-too-large"),
                     ("vi.md", None, "error", "content-too-large"),
                     ("vi.md", None, "warning", "content-large")]


def nested_list(levels: int, word: str = "mức") -> str:
    return "".join("  " * i + f"- {word} {i + 1}\n" for i in range(levels))


@pytest.mark.parametrize("kind", ["list", "quote", "html", "mixed"])
def test_nesting_deeper_than_the_limit_is_an_error_at_the_line(tmp_path: Path, kind: str) -> None:
    deep = MAX_NESTING + 1
    extra = {"list": nested_list(deep),
             "quote": "\n" + "> " * deep + "trích dẫn sâu\n",
             "html": "\n" + "<div>" * deep + "sâu" + "</div>" * deep + "\n",
             "mixed": "\n" + "".join("> " * 7 + "    " * i + f"- mục {i + 1}\n" for i in range(6))}[kind]
    files = with_body(extra)
    content = make_site(tmp_path, {"nq-57": files})
    text = files["vi.md"]
    expected = line_of(text, {"list": f"mức {deep}", "quote": "trích dẫn sâu", "html": "<div>", "mixed": "mục 6"}[kind])
    assert [p for p in problems_of(content) if p[2] == "error"] == [("vi.md", expected, "error", "nesting-too-deep")]


def test_pathological_nesting_never_reaches_the_parser(tmp_path: Path) -> None:
    extra = "\n" + "<span>" * 5000 + "x" + "</span>" * 5000 + "\n\n" + "*" * 3000 + "x" + "*" * 3000 + "\n"
    content = make_site(tmp_path, {"nq-57": with_body(extra)})
    assert {p[3] for p in problems_of(content) if p[2] == "error"} == {"nesting-too-deep"}


def test_twelve_levels_and_a_long_list_still_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = nested_list(MAX_NESTING, "sâu") + "\n" + "> " * MAX_NESTING + "trích mười hai bậc\n"
    content = make_site(tmp_path, {"nq-57": with_body(extra)})
    output = tmp_path / "out"
    code, said = run_cli(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"], capsys)
    assert code == 0, said
    text = subprocess.run(["pdftotext", str(next(output.rglob("*a4*.pdf"))), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"sâu {MAX_NESTING}" in text and "trích mười hai bậc" in text


def test_list_length_limit(tmp_path: Path) -> None:
    at_limit = with_body("".join(f"- ý {i}\n" for i in range(MAX_LIST_ITEMS - 2)))
    over = {**RES, "vi.md": RES["vi.md"].replace("## Điểm mới\n- Điểm mới thứ nhất\n", "## Điểm mới\n" + "".join(
        f"- điểm {i}\n" for i in range(MAX_LIST_ITEMS + 1)))}
    content = make_site(tmp_path, {"nq-1": at_limit, "nq-2": over})
    errors = [p for p in problems_of(content) if p[2] == "error"]
    assert errors == [("vi.md", line_of(over["vi.md"], "- điểm 0"), "error", "list-too-long")]


def table(rows: int, columns: int, word: str = "ô") -> str:
    head = "|" + "|".join(f"cột {c}" for c in range(columns)) + "|\n|" + "---|" * columns + "\n"
    return "\n" + head + "".join("|" + "|".join(f"{word} {r}.{c}" for c in range(columns)) + "|\n"
                                  for r in range(rows)) + "\n"


def test_table_size_limits(tmp_path: Path) -> None:
    from generator.content.limits import MAX_TABLE_CELLS, MAX_TABLE_COLUMNS
    fits = with_body(table(MAX_TABLE_CELLS // 4 - 1, 2) + table(MAX_TABLE_CELLS // 4 - 1, 2, "hai"))
    over = with_body(table(MAX_TABLE_CELLS // 4, 2) + table(MAX_TABLE_CELLS // 4, 2, "hai"))
    wide = with_body(table(2, MAX_TABLE_COLUMNS + 1))
    content = make_site(tmp_path, {"nq-1": fits, "nq-2": over, "nq-3": wide})
    _, problems = load_site(content)
    errors = [(p.path.parent.name, p.line, p.code) for p in problems if p.is_error]
    assert errors == [("nq-2", line_of(over["vi.md"], "|hai 0.0|") - 2, "table-too-large"),    # its heading row
                      ("nq-3", line_of(wide["vi.md"], "|ô 0.0|") - 2, "table-too-wide")]


# ---------------------------------------------------------------- 5. external images

def test_external_images_are_warned_and_shown_as_links(tmp_path: Path) -> None:
    files = with_body('- Ảnh <img src="https://tracker.example/p.gif" alt="pixel">\n- ![Bản đồ](//cdn.example/b.png)\n')
    content = make_site(tmp_path, {"nq-57": files})
    text = files["vi.md"]
    assert [p for p in problems_of(content) if p[3] == "external-image"] == [
        ("vi.md", line_of(text, "tracker.example"), "warning", "external-image"),
        ("vi.md", line_of(text, "cdn.example"), "warning", "external-image")]
    output = tmp_path / "out"
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"]) == 0
    page = Page(output / "nq-57" / "index.html")
    assert not [src for _, _, src in page.links if "example/" in src and _ != "href"]
    assert {a["href"] for a in page.find_all("a", **{"class": "external-image"})} == {
        "https://tracker.example/p.gif", "//cdn.example/b.png"}
    assert "pixel" in page.text
    script = (output / "nq-57" / "nq-57-vi-loa.txt").read_text(encoding="utf-8")
    assert "pixel" not in script and "example" not in script         # never read aloud, as any image


# ---------------------------------------------------------------- 6. check finds what build fails on

def _case_files(case: str) -> tuple[dict[str, str], str]:
    """(resolution files, site.yaml) for each case of issue 12, item 6."""
    res = dict(RES)
    site = SITE_YAML
    if case == "percent":
        site += 'topics:\n  chuyen-doi-so: {vi: "Tăng trưởng 8%"}\nkinds:\n  nghi-quyet: {vi: "Loại %(x)s %"}\n'
    elif case == "issued-9999":
        res["resolution.yaml"] = res["resolution.yaml"].replace("2024-12-22", "9999-12-31")
    elif case == "surrogate":
        res["vi.md"] = res["vi.md"].replace("title: Nghị quyết 57", 'title: "Nghị quyết \\ud800 57"')
    elif case == "deep":
        res = with_body(nested_list(40))
    elif case == "long-list":
        res = with_body("".join(f"- ý {i}\n" for i in range(5000)))
    elif case == "language-key":
        site = site.replace("  hmn:", "  ../../hmn:")
    elif case == "nul":
        res["vi.md"] = res["vi.md"].replace("summary: Tóm", "summary: T\x00óm")
    return res, site


EXPECTED = {  # case → (file, line, code) that check reports; None: the content is fine and builds
    "percent": None,
    "issued-9999": ("resolution.yaml", 5, "issued-out-of-range"),
    "surrogate": ("vi.md", 2, "yaml-surrogate"),
    "deep": ("vi.md", 24, "nesting-too-deep"),      # "mức 13"
    "long-list": ("vi.md", 9, "list-too-long"),
    "language-key": ("site.yaml", 8, "config-bad-language-code"),     # the key's own line
    "nul": None,        # control characters are removed from text on read, with a warning
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_check_finds_everything_build_would_fail_on(tmp_path: Path, case: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    res, site = _case_files(case)
    content = make_site(tmp_path, {"nq-57": res}, site)
    output = tmp_path / "out"
    code, said = run_cli(["check", "--content", str(content)], capsys)
    assert "Traceback" not in said
    expected = EXPECTED[case]
    if expected is None:
        assert code == 0, said
        code, said = run_cli(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"], capsys)
        assert code == 0, said
        return
    name, line, message_code = expected
    assert code == 1
    _, problems = load_site(content)
    assert [(p.path.name, p.line, p.code) for p in problems if p.is_error] == [expected]
    assert f"{name}:{line}:" in said and ": error: " in said
    write(output / "index.html", "cũ")
    code, said = run_cli(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"], capsys)
    assert code == 1 and "Traceback" not in said
    assert (output / "index.html").read_text(encoding="utf-8") == "cũ"        # the previous output kept


def test_check_and_build_never_show_a_traceback_in_a_subprocess(tmp_path: Path) -> None:
    """The same through the installed command, as an editor runs it (no pytest in between)."""
    res, site = _case_files("surrogate")
    content = make_site(tmp_path, {"nq-57": res}, site)
    run = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    assert "vi.md:2:8: error" in run.stdout


def test_a_nul_byte_yaml_refuses_is_an_error_at_its_line() -> None:
    """Text that did not pass through read_text (which removes control characters) still
    gets a message, not libyaml's ReaderError."""
    doc, problems = parse_yaml("title: a\nsummary: T\x00óm\n", Path("vi.md"), first_line=2)
    assert doc is None and [(p.line, p.col, p.code) for p in problems] == [(3, 11, "yaml-control-character")]


@pytest.mark.parametrize("text, shown", [("Kính thưa {bà con}!", "bà con"), ("Tăng 100% {", "{"),
                                         ("Phần {number.__class__}", "number.__class__")])
def test_broadcast_texts_with_unknown_placeholders_are_refused_by_check(tmp_path: Path, text: str,
                                                                         shown: str) -> None:
    key = "part_opening" if "number" in text else "opening"
    site = SITE_YAML + f"broadcast:\n  {key}:\n    vi: {json.dumps(text, ensure_ascii=False)}\n"
    content = make_site(tmp_path, {"nq-57": RES}, site)
    _, problems = load_site(content)
    assert [(p.path.name, p.line, p.code, p.params.get("field")) for p in problems] == [
        ("site.yaml", SITE_YAML.count("\n") + 3, "config-bad-placeholder", shown),     # the text's line
        ("site.yaml", None, "checks-wait-for-site-yaml", None)]


def test_broadcast_texts_with_their_own_placeholders_build(tmp_path: Path) -> None:
    site = SITE_YAML + "broadcast:\n  opening: \"{organisation} kính chào 100% bà con {{nhé}}\"\n"
    content = make_site(tmp_path, {"nq-57": RES}, site)
    output = tmp_path / "out"
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q",
                 "--only", "loudspeaker"]) == 0
    script = next(output.rglob("*-loa.txt")).read_text(encoding="utf-8")
    assert "kính chào một trăm phần trăm bà con {nhé}" in script or "kính chào 100% bà con {nhé}" in script, script[:300]


def test_a_site_catalog_the_build_could_not_use_is_a_check_error(tmp_path: Path) -> None:
    from generator.i18n import CATALOG_DIR
    shipped = (CATALOG_DIR / "hmn.po").read_text(encoding="utf-8")
    assert 'msgstr "Txog hnub %(date)s."' in shipped
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "NQ", hmn=True)})
    broken = shipped.replace('msgstr "Txog hnub %(date)s."', 'msgstr "Txog hnub %(hnub)s 100%."')
    write(content / "i18n" / "hmn.po", broken)
    line = line_of(broken, "Txog hnub %(hnub)s") - 1          # the entry's line: its msgid
    assert [p for p in problems_of(content) if p[2] == "error"] == [("hmn.po", line, "error", "catalog-bad-placeholder")]
    (content / "i18n" / "hmn.po").write_bytes(shipped.encode("utf-8").replace("Txog".encode(), b"Tx\xffog"))
    assert [p[3] for p in problems_of(content) if p[2] == "error"] == ["catalog-unreadable"]
    write(content / "i18n" / "hmn.po", shipped.replace('msgstr "Txog hnub %(date)s."', 'msgstr "Txog %(date)s, 100%%."'))
    assert [p for p in problems_of(content) if p[2] == "error"] == []


# ---------------------------------------------------------------- no script runs in a browser

SCRIPT_MD = """\
---
title: "<script>alert('title')</script> Nghị quyết"
summary: "<img src=x onerror=alert('summary')>"
---

Mở đầu <script>alert('body')</script> <svg onload="alert('inline-svg')"></svg>
<img src="https://tracker.example/p.gif" onerror="alert('ext')">

![Bản đồ](ban-do.svg)

## Nội dung cốt lõi
- <a href="javascript:alert('js')">liên kết</a> <details open ontoggle="alert('toggle')">x</details>
- <iframe srcdoc="<script>alert('srcdoc')</script>"></iframe>

## Điểm mới
- <math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style></mglyph></table></mtext></math>

## Liên hệ vận dụng tại địa phương
- xã
"""


def test_no_script_runs_on_any_page_feed_or_svg(tmp_path: Path, browser: Any) -> None:
    files = {"resolution.yaml": RES["resolution.yaml"], "vi.md": SCRIPT_MD, "ban-do.svg": HOSTILE_SVG.format()}
    content = make_site(tmp_path, {"nq-57": files}, LABEL_SITE)
    output = tmp_path / "out"
    assert main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"]) == 0
    base, server = serve_folder(output)
    targets = sorted(p.relative_to(output).as_posix() for p in output.rglob("*")
                     if p.suffix in (".html", ".xml", ".svg"))
    assert "nq-57/ban-do.svg" in targets and "feed.xml" in targets
    try:
        page, problems = watched_page(browser, origin=base)
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for target in targets:
            for url in (base + target, (output / target).as_uri()):
                page.goto(url)
                page.wait_for_timeout(50)
        # Search results are built from the hostile titles and summaries; the query itself comes
        # from the address (a link someone sends).
        search = next(t for t in targets if t.startswith("tim-kiem/"))
        page.goto(base + search + "?q=" + "%3Cimg%20src%3Dx%20onerror%3Dalert('query')%3E")
        page.wait_for_timeout(100)
        page.fill("#search-q", "nghị quyết script img")
        page.press("#search-q", "Enter")
        page.wait_for_timeout(200)
        assert "Nghị quyết" in page.inner_text("main")
        page.goto(base + "nq-57/index.html")
        # Hover everything that could carry a handler the sanitiser missed (ontoggle, onmouseover).
        for element in page.query_selector_all("main *")[:150]:
            try:
                element.hover(timeout=100)
            except Exception:  # noqa: BLE001 - hidden or detached elements cannot be hovered
                pass
        assert dialogs == []
        assert not [p for p in problems if "other host" in p and "tracker.example" in p], problems
    finally:
        page.context.close()
        server.shutdown()


# ---------------------------------------------------------------- memory on the largest input allowed

def _session_peak_kb(argv: list[str], timeout: float) -> tuple[int, int, str]:
    """Run `argv` in a session of its own; (exit code, the largest RSS any of its processes
    reached, in KB, sampled every 0.1 s, output). PDF workers are grandchildren (forkserver):
    getrusage would not see them."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    peak = 0
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                if os.getsid(int(status.parent.name)) != proc.pid:
                    continue
                rss = next((line.split()[1] for line in status.read_text().splitlines()
                            if line.startswith("VmRSS:")), "0")
                peak = max(peak, int(rss))
            except (OSError, ValueError):
                continue            # the process ended while it was read
        time.sleep(0.1)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    output = proc.communicate()[0]
    return proc.returncode, peak, output


def test_the_largest_summary_allowed_builds_without_gigabytes(tmp_path: Path) -> None:
    """Just under 512 KB of lead paragraphs and points: every output built, no process over 1 GB
    (Typst's layouts of a summary this long went to 3 GB before: the tri-fold flap measured the
    whole lead again for each paragraph it dropped)."""
    paragraph = "Đoạn văn dài lặp lại nhiều lần để thử giới hạn của bản tóm tắt trong một tệp. " * 12 + "\n\n"
    points = "".join(f"- Ý số {i}: " + "nội dung của ý " * 8 + "\n" for i in range(600))
    res = with_body(points)
    res["vi.md"] = res["vi.md"].replace("Đoạn mở đầu.", paragraph * (400 * 1024 // len(paragraph.encode())))
    size = len(res["vi.md"].encode())
    assert 480 * 1024 < size < 512 * 1024
    content = make_site(tmp_path, {"nq-57": res})
    code, peak, output = _session_peak_kb([sys.executable, "-m", "generator", "build", "--content", str(content),
                                           "--output", str(tmp_path / "out"), "--no-audio", "-q"], timeout=600)
    assert code == 0, output
    assert "Traceback" not in output and "content-large" not in output and "128 KB" in output   # the warning
    assert peak < 1024 * 1024, f"{peak // 1024} MB"
    assert {p.name for p in (tmp_path / "out" / "nq-57").glob("*.pdf")} >= {"nq-57-vi-to-roi-a4.pdf"}
