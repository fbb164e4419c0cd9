"""An outside audit of issue 12: hostile cases of the kinds the issue lists, varied in ways the
other hostile tests do not try (other files and keys, other encodings of a payload, Hmong text,
free pages, translators' CSV files). Each runs through the real command line."""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

import pytest

EXE = Path(sys.executable).with_name("tuyentruyen")
RES = Path("resolutions") / "nq-18-dat-dai"
BOMB = "".join(f"{n}: &{n} [" + ",".join([f"*{p}" if p else "x"] * 9) + "]\n"
               for p, n in zip([None, "a", "b", "c", "d", "e", "f"], "abcdefg"))


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site `tuyentruyen init` writes: a resolution with a Hmong translation and a free page."""
    root = tmp_path_factory.mktemp("init")
    assert cli("init", "site", cwd=root).returncode == 0
    return root / "site" / "content"


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def front(path: Path, lines: str) -> None:
    """Extra lines right after the opening '---' of a Markdown file."""
    replace(path, "---\n", "---\n" + lines)


def nested_list_quote(depth: int) -> str:
    """Lists, numbered lists and quotes inside each other, each level indented as Markdown needs."""
    prefix, lines = "", []
    for level in range(depth):
        marker = ("- ", "1.  ", "> ")[level % 3]
        lines.append(f"{prefix}{marker}mức {level}")
        prefix += "> " if marker == "> " else "    "
        lines.append(prefix.rstrip())            # a blank line (inside the quotes) between the levels
    return "\n\n" + "\n".join(lines) + "\n"


# (file the message must name at a line, or as a whole when it ends in '!'; how to break the content)
BROKEN: dict[str, tuple[str, Callable[[Path], None]]] = {
    "billion laughs in glossary.yaml": ("glossary.yaml", lambda c: (c / "glossary.yaml").write_text(
        BOMB + "terms: [*g, *g]\n", encoding="utf-8")),
    "billion laughs in a page's front matter": ("gioi-thieu.vi.md", lambda c: front(
        c / "pages" / "gioi-thieu.vi.md", BOMB.replace("\n", "\n").replace(": &", "_x: &"))),
    "billion laughs in the Hmong front matter": ("hmn.md", lambda c: front(c / RES / "hmn.md", BOMB)),
    "5 000 nested flow lists in site.yaml": ("site.yaml", lambda c: append(
        c / "site.yaml", "\nextra: " + "[" * 5000 + "]" * 5000 + "\n")),
    "3 000 nested mappings in resolution.yaml": ("resolution.yaml", lambda c: append(
        c / RES / "resolution.yaml", "\nsources: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n")),
    "language key '../../hmn'": ("site.yaml", lambda c: replace(c / "site.yaml", "  hmn:\n", "  ../../hmn:\n")),
    "topics as a mapping": ("resolution.yaml", lambda c: replace(
        c / RES / "resolution.yaml", "topics: [dat-dai, dan-toc-thieu-so]", "topics: {a: 1}")),
    "issued 0000-01-01": ("resolution.yaml", lambda c: replace(
        c / RES / "resolution.yaml", "issued: 2022-06-16", "issued: 0000-01-01")),
    "lone surrogate in a page title": ("gioi-thieu.vi.md", lambda c: replace(
        c / "pages" / "gioi-thieu.vi.md", "title: Giới thiệu", 'title: "Giới \\udfff thiệu"')),
    "lone surrogate in a language name": ("site.yaml", lambda c: replace(
        c / "site.yaml", "name: Hmoob", 'name: "Hm\\ud800oob"')),
    "40 nested blockquotes in Hmong": ("hmn.md", lambda c: append(c / RES / "hmn.md", "\n\n" + ">" * 40 + " tob\n")),
    "40 nested <div> in a free page": ("gioi-thieu.vi.md", lambda c: append(
        c / "pages" / "gioi-thieu.vi.md", "\n\n" + "<div>" * 40 + "x" + "</div>" * 40 + "\n")),
    "lists and quotes 30 deep": ("vi.md", lambda c: append(c / RES / "vi.md", nested_list_quote(30))),
    "3 000 Hmong points": ("hmn.md", lambda c: append(
        c / RES / "hmn.md", "\n\n## Ntxiv\n\n" + "".join(f"- kab {i}\n" for i in range(3000)))),
    "image outside with a backslash path": ("vi.md", lambda c: append(c / RES / "vi.md", "\n\n![x](..\\..\\site.yaml)\n")),
    "percent-encoded ../ image": ("vi.md", lambda c: append(c / RES / "vi.md", "\n\n![x](%2e%2e/%2e%2e/site.yaml)\n")),
    "FILE:/// image in raw HTML": ("vi.md", lambda c: append(
        c / RES / "vi.md", '\n\n<img src="FILE:///etc/hostname" alt="x">\n')),
    "image symlinked out of the content": ("vi.md", lambda c: (
        (c / RES / "h.png").symlink_to("/etc/hostname"), append(c / RES / "vi.md", "\n\n![x](h.png)\n"))),
    "missing image in a Hmong summary": ("hmn.md", lambda c: append(c / RES / "hmn.md", "\n\n![x](tsis-muaj.png)\n")),
    "<table> left open in a free page": ("gioi-thieu.vi.md", lambda c: append(
        c / "pages" / "gioi-thieu.vi.md", "\n\n<table><tr><td>x\n\n## Sau\n\nkhác\n")),
    "a page named like a reserved folder": ("assets.vi.md!", lambda c: (c / "pages" / "assets.vi.md").write_text(
        "---\ntitle: A\n---\n\nx\n", encoding="utf-8")),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_content_is_refused_at_its_file(starter: Path, tmp_path: Path, case: str) -> None:
    named, mutate = BROKEN[case]
    content = tmp_path / "content"
    shutil.copytree(starter, content, symlinks=True)
    mutate(content)
    result = subprocess.run(["prlimit", f"--as={1 << 30}", "--", str(EXE), "check"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert "Traceback" not in said and "Error:" not in said, said
    # A name ending in '!' is refused as a whole file (no line to name).
    line = "" if named.endswith("!") else r"(:\d+)+"
    assert re.search(re.escape(named.rstrip("!")) + line + ": error:", said), said


# Payloads in every place a text or label reaches a page: none may become markup that runs.
PAYLOADS: list[tuple[Path, str, str]] = [
    (RES / "vi.md", "\n\n## Điểm mới", "\n\nXem [đây](JaVaScRiPt:alert('XSS')), [kia](&#106;avascript:alert('XSS')) "
     "và [nữa][r].\n\n[r]: javascript:alert('XSS')\n\nĐoạn\n{: onmouseover=\"alert('XSS')\" }\n\n"
     "<a HREF=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">XSS</a>\n\n"
     "<style>@import url(https://evil.example/XSS.css);</style>\n\n## Điểm mới"),
    (RES / "vi.md", "## Điểm mới", "## Điểm mới {: onclick=\"alert('XSS')\" }"),
    (RES / "hmn.md", "\n\n## Cov ntsiab lus tshiab", "\n\n<details open ontoggle=\"alert('XSS')\">x</details>\n\n"
     "[x](javascript:alert('XSS'))\n\n## Cov ntsiab lus tshiab"),
    (Path("pages") / "gioi-thieu.vi.md", "title: Giới thiệu", "title: \"<svg onload=alert('XSS')>\""),
    (Path("site.yaml"), "name: Hmoob", "name: \"<img src=x onerror=alert('XSS')>\""),
    (Path("site.yaml"), "key_points: \"Cov ntsiab lus tseem ceeb\"", "key_points: \"<img src=x onerror=alert('XSS')>\""),
    (Path("site.yaml"), "title: Ntaub", "title: \"<img src=x onerror=alert('XSS')>\" #"),
    (Path("site.yaml"), 'hmn: "Av"', "hmn: \"<b onmouseover=alert('XSS')>Av</b>\""),
    (RES / "resolution.yaml", "issuer: Ban", "issuer: \"<img src=x onerror=alert('XSS')>\" #"),
]

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
       '<use xlink:href="https://evil.example/x.svg#a"/><a xlink:href="javascript:alert(\'XSS\')">'
       '<rect width="9" height="9"/></a><style>@import url(https://evil.example/XSS.css);</style>'
       '<SCRIPT>alert("XSS")</SCRIPT><set attributeName="onload" to="alert(\'XSS\')"/></svg>')


class Runnable(HTMLParser):
    """Every attribute, URL or element through which the payloads above could run."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or (name in ("href", "src", "xlink:href", "to", "values")
                                         and re.match(r"\s*(javascript|data:text)", value, re.I)):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "use" and any(not (value or "#").startswith("#") for name, value in attrs if name.endswith("href")):
            self.found.append(f"<use {attrs}>")                       # a drawing fetched from elsewhere
        if tag in ("set", "animate", "foreignobject") or (tag == "script" and not attrs):
            self.found.append(f"<{tag}>")

    def handle_data(self, data: str) -> None:
        if self.lasttag in ("script", "style") and ("XSS" in data):
            self.found.append(f"<{self.lasttag}>{data[:60]}")


def test_payloads_in_every_place_never_run(starter: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(starter, content)
    for path, old, new in PAYLOADS:
        replace(content / path, old, new)
    (content / RES / "a.svg").write_text(SVG, encoding="utf-8")
    append(content / RES / "vi.md", "\n\n![hình](a.svg)\n")
    result = cli("build", "--no-audio", "-q", "--only", "site", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    output = tmp_path / "output"
    published = [p for p in output.rglob("*") if p.suffix in (".html", ".svg", ".xml")]
    assert any(p.suffix == ".svg" for p in published)
    assert sum("XSS" in p.read_text(encoding="utf-8") for p in published) > 3   # the payloads arrived as text
    for page in published:
        parser = Runnable()
        parser.feed(page.read_text(encoding="utf-8"))
        assert not parser.found, (page.relative_to(output), parser.found)


def test_unclosed_quote_in_a_translators_csv_is_refused_at_its_row(starter: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(starter, content)
    assert cli("translations", "export", "--lang", "hmn", "--to", "ra", cwd=tmp_path).returncode == 0
    sheet = tmp_path / "ra" / "hmn.csv"
    rows = list(csv.reader(io.StringIO(sheet.read_bytes().decode("utf-8-sig"), newline="")))
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows[:2])
    # Row 3 (the summary): a translator typed a quote into the translation and never closed it.
    cells = [f'"{cell}"' for cell in rows[2]]
    cells[4] = '"Tsab ntawv no' + " ntxiv" * 25_000
    sheet.write_text(buffer.getvalue() + ",".join(cells) + "\r\n", encoding="utf-8")
    before = (content / RES / "hmn.md").read_bytes()
    result = cli("translations", "import", "ra/hmn.csv", cwd=tmp_path)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in said, said
    assert "ra/hmn.csv:3:1: error:" in said and "128 KB" in said, said
    assert (content / RES / "hmn.md").read_bytes() == before


PO_DAMAGE: dict[str, tuple[Callable[[str], bytes], str]] = {
    # a msgstr line lost: babel would print an English warning and skip the entry
    "msgstr lost": (lambda po: po.replace('msgstr "', 'msgid "', 3).encode(), r"hmn\.po:\d+:1: error: Tệp \.po hỏng"),
    "saved as Latin-1": (lambda po: po.encode("utf-8").replace("kev".encode(), b"k\xe9v"), "không phải UTF-8"),
    "Language header ../x": (lambda po: po.replace('"Language: hmn\\n"', '"Language: ../x\\n"').encode(),
                             r'"Language: …" ở đầu tệp'),
}


@pytest.mark.parametrize("damage", list(PO_DAMAGE))
def test_damaged_po_file_is_refused_in_vietnamese(starter: Path, tmp_path: Path, damage: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(starter, content)
    assert cli("translations", "export", "--lang", "hmn", "--to", "ra", cwd=tmp_path).returncode == 0
    po = tmp_path / "ra" / "hmn.po"
    spoil, expected = PO_DAMAGE[damage]
    po.write_bytes(spoil(po.read_text(encoding="utf-8")))
    before = (content / RES / "hmn.md").read_bytes()
    result = cli("translations", "import", "ra/hmn.po", cwd=tmp_path)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in said and "WARNING" not in said, said
    assert re.search(expected, said), said
    assert (content / RES / "hmn.md").read_bytes() == before
