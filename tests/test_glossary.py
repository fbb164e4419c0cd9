"""content/glossary.yaml: loading, `check` warnings, export comments and the glossary page."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load_site
from generator.pipeline import build
from generator.content.glossary import word_keys
from generator.translations.glossary import load_glossary

from conftest import EXAMPLE_CONTENT, Page, make_site, write
from test_translations import edit, full_site

GLOSSARY = """\
terms:
  - vi: Nghị quyết
    hmn: Nghị quyết
    note: Bản tiếng Mông giữ nguyên tiếng Việt.
  - vi: Đảng
    hmn: Đảng
  - vi: khoa học
    hmn: ""
"""


def codes(problems: list) -> list[tuple[str, int | None, str]]:
    return [(p.path.name, p.line, p.code) for p in problems]


def test_missing_agreed_term_warns_at_the_translated_point(tmp_path: Path) -> None:
    content = full_site(tmp_path)
    write(content / "glossary.yaml", GLOSSARY)
    vi = content / "resolutions" / "nq-57" / "vi.md"
    edit(vi, "- Ý thứ hai\n", "- Ý thứ hai: học tập Nghị quyết\n")
    hmn = content / "resolutions" / "nq-57" / "hmn.md"
    _, problems = load_site(content)
    found = [p for p in problems if p.code == "glossary-term-missing"]
    assert codes(found) == [("hmn.md", 11, "glossary-term-missing")]     # "- Ntsiab lus ob" is line 11
    assert "Nghị quyết" in found[0].message() and "key_points/2" in found[0].message()
    assert found[0].format().startswith(f"{hmn}:11:1: warning:")
    # the agreed term present (even typed without tone marks) silences it
    edit(hmn, "- Ntsiab lus ob\n", "- Ntsiab lus ob: kawm Nghi quyet\n")
    assert not [p for p in load_site(content)[1] if p.code == "glossary-term-missing"]


def test_terms_are_whole_words_and_tone_marks_count_in_the_source(tmp_path: Path) -> None:
    content = full_site(tmp_path)
    write(content / "glossary.yaml", GLOSSARY)
    # "đang" is not "Đảng"; "Nghị quyết" inside a longer word sequence still counts, "nghị quyết" in lower case too
    edit(content / "resolutions" / "nq-57" / "vi.md", "- Ý thứ hai\n", "- Xã đang triển khai\n")
    assert not [p for p in load_site(content)[1] if p.code == "glossary-term-missing"]
    assert word_keys("hòa") == word_keys("hoà") == word_keys("HOÀ")
    assert word_keys("Đảng") != word_keys("đang")
    glossary, problems = load_glossary(content / "glossary.yaml", ["vi", "hmn"], "vi")
    assert problems == []
    assert [t.source for t in glossary.terms_in("Quán triệt các nghị quyết của Đảng")] == ["Nghị quyết", "Đảng"]
    assert glossary.terms_in("khoa học công nghệ") and not glossary.terms_in("khoa họcx")


def test_untranslated_terms_are_listed(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    write(content / "glossary.yaml", GLOSSARY)
    _, problems = load_site(content)
    missing = [p for p in problems if p.code == "glossary-untranslated"]
    assert codes(missing) == [("glossary.yaml", 7, "glossary-untranslated")]
    assert "khoa học" in missing[0].message() and "Nghị quyết" not in missing[0].message()


def test_terms_holding_a_comma_are_listed_apart(tmp_path: Path) -> None:
    """"khoa học, công nghệ" is one term: listed with ', ' between terms, 2 terms read as 3."""
    content = make_site(tmp_path)
    write(content / "glossary.yaml", GLOSSARY + "  - vi: khoa học, công nghệ\n")
    _, problems = load_site(content)
    [missing] = [p for p in problems if p.code == "glossary-untranslated"]
    assert "2 thuật ngữ" in missing.message() and missing.message().endswith(": khoa học; khoa học, công nghệ.")


def test_bad_glossary_entries(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    write(content / "glossary.yaml", "terms:\n  - hmn: x\n  - vi: Đảng\n    hmm: Đảng\n  - vi: đảng\n")
    _, problems = load_site(content)
    assert codes([p for p in problems if p.path.name == "glossary.yaml"]) == [
        ("glossary.yaml", 2, "glossary-bad-term"), ("glossary.yaml", 4, "glossary-unknown-language"),
        ("glossary.yaml", 5, "glossary-duplicate"), ("glossary.yaml", 3, "glossary-untranslated")]
    write(content / "glossary.yaml", "- vi: Đảng\n")
    site, problems = load_site(content)
    assert site is None and codes(problems) == [("glossary.yaml", 1, "glossary-not-list")]


def test_glossary_page_per_language_and_menu_link(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    write(content / "glossary.yaml", GLOSSARY)
    output = tmp_path / "out"
    build(content, output)
    vi_page = Page(output / "thuat-ngu" / "index.html")
    hmn_page = Page(output / "hmn" / "thuat-ngu" / "index.html")
    assert "Nghị quyết" in vi_page.text and "Hmoob" in vi_page.text and "khoa học" in vi_page.text
    assert hmn_page.find_all("html")[0]["lang"] == "hmn-Latn-VN"
    assert [c for t, c in hmn_page.elements if t == "td" and "missing" in c.get("class", "")]
    assert "Bản tiếng Mông giữ nguyên tiếng Việt." in hmn_page.text
    assert ("a", "href", "thuat-ngu/index.html") in Page(output / "index.html").links
    assert ("a", "href", "../thuat-ngu/index.html") in Page(output / "hmn" / "nq-57" / "index.html").links
    # no glossary: no page, no menu link
    (content / "glossary.yaml").unlink()
    output2 = tmp_path / "out2"
    build(content, output2)
    assert not (output2 / "thuat-ngu").exists()
    assert not any("thuat-ngu" in url for _, _, url in Page(output2 / "index.html").links)


def test_export_names_glossary_terms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path)
    write(content / "glossary.yaml", GLOSSARY)
    assert main(["translations", "export", "--lang", "hmn", "--to", str(tmp_path / "ex"), "--content", str(content)]) == 0
    po = (tmp_path / "ex" / "hmn.po").read_text(encoding="utf-8")
    assert "# thuật ngữ / glossary: Nghị quyết = Nghị quyết; khoa học = ?" in po


@pytest.mark.skipif(not (EXAMPLE_CONTENT / "glossary.yaml").exists(), reason="example glossary not present")
def test_example_glossary_invents_no_hmong() -> None:
    glossary, problems = load_glossary(EXAMPLE_CONTENT / "glossary.yaml", ["vi", "hmn"], "vi")
    assert problems == [] and len(glossary.terms) >= 10
    # only the terms Hmong texts in Vietnam keep in Vietnamese are filled in
    filled = {t.source: t.forms("hmn") for t in glossary.terms if t.forms("hmn")}
    assert filled == {"Nghị quyết": ("Nghị quyết",), "Chỉ thị": ("Chỉ thị",), "Đảng": ("Đảng",)}
