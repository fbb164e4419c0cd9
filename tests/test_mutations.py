"""Generated mutations of a small content folder: `check` either reports an error or the
content builds (issue 12, item 6).

Each case starts from the same valid folder and breaks one or more of its files the way
careless editing or a hostile file would: characters that mean something to YAML,
Markdown, HTML, Typst or Python's %-formatting, escapes, control characters, deep
indentation, duplicated and deleted lines, cut files. The seed and the number of cases
are fixed, so a failure names a case that can be run again alone
(`pytest tests/test_mutations.py -k "case-17"`). All cases share one cache folder,
as an editor's successive builds do, so unchanged PDFs are not rendered twice.
"""
from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

from conftest import SITE_YAML, standard_resolution

SEED = 1212
CASES = 40

BASE_SITE = SITE_YAML + """\
topics:
  chuyen-doi-so: {vi: Chuyển đổi số, hmn: Hloov digital}
kinds:
  nghi-quyet: {vi: Nghị quyết}
broadcast:
  opening: Kính thưa bà con!
"""
GLOSSARY = """\
terms:
  - vi: chuyển đổi số
    hmn: hloov digital
"""
PAGE = """\
---
title: Giới thiệu
---

Trang giới thiệu của **trung tâm**.

- Địa chỉ: xã Bản Bo
"""
FILES = ("site.yaml", "resolutions/nq-57/resolution.yaml", "resolutions/nq-57/vi.md",
         "resolutions/nq-57/hmn.md", "glossary.yaml", "pages/gioi-thieu.vi.md")

# What an editor's paste, a hostile file or a slip of the keyboard puts into text.
TOKENS = (
    "%", "%(x)s", "100%", "{", "}", "{{ x }}", "{% if %}", '"\\ud800"', '"\\udfff x"', "\\", '"', "'", ":", ": :",
    "#", "# ", "*", "**", "_", "`", "```", "~~~", "|", "| a | b |", "---", "...", "- ", "* ", "1. ", "> ",
    "[", "]", "[x]", "[^1]", "[^1]: chú thích", "{#key-points}", "{#new-points}", "<", ">", "&", "&amp;", "&#0;",
    "&#xD800;", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<style>*{}</style>", "<body>", "</html>", "<div>" * 14, "</div>", "<!--", "-->", "<![CDATA[", "]]>",
    "![x](khong-co.png)", "![x](../../../etc/passwd)", "![x](https://evil.example/p.png)", "[x](javascript:alert(1))",
    "$", "$x$", "@", "<ref>", "#set page(width: 1pt)", "#{", "=", "\\u0000", "\x00", "\x1b[31m", "\x7f", "\u202e",
    "\u200b", "\u2028", "\ufeff", "\u0301", "😀", "𝔸", "x" * 3000, "Tăng trưởng 8%", "9999-12-31", "0000-01-01",
    "2024-02-30", "1e400", "-.inf", ".nan", "null", "~", "yes", "no", "0x1F", "&a", "*a", "<<: *a", "? x",
    "!!python/object/apply:os.system ['true']", "!!binary AAAA", "!!str", "../../hmn", "CẦN ĐIỀN",
    "  " * 14 + "- sâu", "> " * 14 + "sâu", "    " * 3, "\t",
)


@dataclass(frozen=True)
class Case:
    number: int
    edits: tuple[tuple[str, str], ...]      # (file, what was done), to read in a failure

    def __str__(self) -> str:
        return f"case-{self.number}: " + "; ".join(f"{name}: {what}" for name, what in self.edits)


def base_files() -> dict[str, str]:
    res = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học", hmn=True)
    return {"site.yaml": BASE_SITE, "glossary.yaml": GLOSSARY, "pages/gioi-thieu.vi.md": PAGE,
            **{f"resolutions/nq-57/{name}": text for name, text in res.items()}}


def mutate(text: str, rng: random.Random) -> tuple[str, str]:
    """One edit of `text` and a short description of it."""
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    token = rng.choice(TOKENS)
    operator = rng.choice(("insert", "insert", "insert-in-value", "insert-in-value", "insert-in-value",
                           "replace-value", "replace-line", "duplicate", "indent", "delete", "truncate"))
    shown = repr(token if len(token) < 30 else token[:12] + f"…({len(token)})")
    if operator == "insert-in-value":
        # Most of what is shown comes from YAML values (titles, names, labels): aim at one.
        values = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
        if values:
            index = rng.choice(values)
            line = lines[index]
            at = rng.randint(line.index(": ") + 2, len(line))
            lines[index] = line[:at] + token + line[at:]
            return "\n".join(lines), f"line {index + 1} col {at + 1} insert {shown} in the value"
        operator = "insert"
    if operator == "insert":
        line = lines[index]
        at = rng.randint(0, len(line))
        lines[index] = line[:at] + token + line[at:]
        return "\n".join(lines), f"line {index + 1} col {at + 1} insert {shown}"
    if operator == "replace-value" and ":" in lines[index]:
        key = lines[index].split(":", 1)[0]
        lines[index] = f"{key}: {token}"
        return "\n".join(lines), f"line {index + 1} value {shown}"
    if operator in ("replace-value", "replace-line"):
        lines[index] = token
        return "\n".join(lines), f"line {index + 1} becomes {shown}"
    if operator == "duplicate":
        times = rng.choice((2, 40, 2100))
        lines[index:index + 1] = [lines[index]] * times
        return "\n".join(lines), f"line {index + 1} x{times}"
    if operator == "indent":
        spaces = rng.choice((1, 2, 3, 4, 8, 30))
        lines[index] = " " * spaces + lines[index]
        return "\n".join(lines), f"line {index + 1} indented {spaces}"
    if operator == "delete":
        del lines[index]
        return "\n".join(lines), f"line {index + 1} deleted"
    cut = rng.randrange(len(text))
    return text[:cut], f"cut at {cut}"


def generate_cases() -> list[tuple[Case, dict[str, str]]]:
    rng = random.Random(SEED)
    cases = []
    for number in range(CASES):
        files = base_files()
        edits = []
        for _ in range(rng.choice((1, 1, 1, 2))):
            name = rng.choice(FILES)
            files[name], what = mutate(files[name], rng)
            edits.append((name, what))
        cases.append((Case(number, tuple(edits)), files))
    return cases


# Every text an editor types into a YAML value ends up on pages, in PDFs, feeds and speech:
# each slot below gets each value, JSON-quoted (valid YAML, so the value itself is tested).
SLOTS = {       # name → (file, the text in it that the value replaces)
    "topic-label": ("site.yaml", "Chuyển đổi số"),
    "kind-label": ("site.yaml", "{vi: Nghị quyết}"),
    "site-title": ("site.yaml", "Tài liệu tuyên truyền nghị quyết"),
    "language-name": ("site.yaml", "Hmoob"),
    "language-key": ("site.yaml", "  hmn:\n    name"),
    "code": ("resolutions/nq-57/resolution.yaml", "57-NQ/TW"),
    "issuer": ("resolutions/nq-57/resolution.yaml", "Bộ Chính trị"),
    "issued": ("resolutions/nq-57/resolution.yaml", "2024-12-22"),
    "title": ("resolutions/nq-57/vi.md", "Nghị quyết số 57-NQ/TW về khoa học"),
    "summary": ("resolutions/nq-57/vi.md", "Tóm tắt ngắn của văn bản."),
    "key-point": ("resolutions/nq-57/vi.md", "Ý thứ hai"),
    "glossary-term": ("glossary.yaml", "hloov digital"),
    "broadcast-opening": ("site.yaml", "Kính thưa bà con!"),
}
VALUES = ("%", "Tăng trưởng 8%", "%(x)s", "{0}", "\ud800", "\x00", "9999-12-31", "../../hmn",
          "<img src=x onerror=alert(1)>", "#set text(size: 1pt)", "\u202e", "x" * 5000)


SLOTS_PER_VALUE = 4


def slot_cases() -> list[tuple[Case, dict[str, str]]]:
    """Each value in SLOTS_PER_VALUE slots and each slot with as many values, spread evenly
    (value i in slots i, i+3, i+6, …): a third of the full grid, every row and column in it."""
    names = list(SLOTS)
    step = len(names) // SLOTS_PER_VALUE
    cases = []
    for index, value in enumerate(VALUES):
        for slot in (names[(index + step * k) % len(names)] for k in range(SLOTS_PER_VALUE)):
            name, old = SLOTS[slot]
            files = base_files()
            if slot == "language-key":
                new = f"  {json.dumps(value)}:\n    name"
            elif slot == "kind-label":
                new = "{vi: %s}" % json.dumps(value)
            elif name.endswith(".md") and slot == "key-point":
                new = value
            else:
                new = json.dumps(value)
            assert old in files[name], (slot, old)
            files[name] = files[name].replace(old, new, 1)
            shown = repr(value if len(value) < 30 else value[:12] + f"…({len(value)})")
            cases.append((Case(len(cases) + CASES, ((name, f"{slot} = {shown}"),)), files))
    return cases


GENERATED = generate_cases() + slot_cases()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every case: their content and output folders are siblings, so they
    share the cache folder beside them (as one editor's successive builds do)."""
    return tmp_path_factory.mktemp("mutations")


def test_the_base_content_builds(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = write_content(workspace / "content-base", base_files())
    assert main(["check", "--content", str(content)]) == 0, capsys.readouterr().out
    assert main(["build", "--content", str(content), "--output", str(workspace / "output-base"),
                 "--no-audio", "-q"]) == 0, capsys.readouterr().err


def test_cases_are_fixed_and_varied() -> None:
    """The generator is deterministic (same seed, same cases) and reaches every file."""
    assert [str(case) for case, _ in generate_cases() + slot_cases()] == [str(case) for case, _ in GENERATED]
    assert {name for case, _ in GENERATED[:CASES] for name, _ in case.edits} == set(FILES)
    slotted = [what for case, _ in GENERATED[CASES:] for _, what in case.edits]
    assert len(slotted) == len(VALUES) * SLOTS_PER_VALUE
    assert {what.split(" = ")[0] for what in slotted} == set(SLOTS)


@pytest.mark.parametrize("case, files", GENERATED, ids=[f"case-{case.number}" for case, _ in GENERATED])
def test_check_reports_an_error_or_build_succeeds(workspace: Path, case: Case, files: dict[str, str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    content = write_content(workspace / f"content-{case.number}", files)
    output = workspace / f"output-{case.number}"
    try:
        checked = main(["check", "--content", str(content)])
    except Exception as exc:  # noqa: BLE001 - the point: name the case whatever went wrong
        pytest.fail(f"{case}\ncheck raised {exc!r}")
    said = capsys.readouterr()
    report = said.out + said.err
    assert checked in (0, 1), f"{case}\n{report}"
    try:
        built = main(["build", "--content", str(content), "--output", str(output), "--no-audio", "-q"])
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"{case}\ncheck said:\n{report}\nbuild raised {exc!r}")
    said = capsys.readouterr()
    if checked == 0:
        assert built == 0, f"{case}\ncheck passed, build failed:\n{said.out}{said.err}"
    else:
        assert ": error: " in report, f"{case}\n{report}"       # file:line: error: message
        assert built == 1 and not output.exists(), f"{case}\n{said.out}{said.err}"
    shutil.rmtree(content)


def write_content(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return folder
