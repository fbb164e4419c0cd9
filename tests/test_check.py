"""`tuyentruyen check`: every mistake reported once, with its file, line and a message."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load_site
from generator.diagnostics import Severity

from conftest import RESOLUTION_YAML, SITE_YAML, SUMMARY_VI, make_site, standard_resolution, write


def problems_of(content: Path) -> list[tuple[str, int | None, str, str]]:
    _, problems = load_site(content)
    return [(p.path.name if p.path else "", p.line, p.severity.value, p.code) for p in problems]


def test_valid_site_has_no_problems(site_dir: Path) -> None:
    site, problems = load_site(site_dir)
    assert problems == []
    assert [r.slug for r in site.resolutions] == ["nq-57", "ct-05"]  # newest first


BAD_YAML = RESOLUTION_YAML.format(code="57-NQ/TW", issued="2024-12-22").replace("kind: nghi-quyet", "kind: [nghi-quyet")
CASES = {
    # name: (file to write, its text, expected (file, line, severity, code))
    # An unclosed bracket or quote is shown where it opens, not at the end of the file.
    "yaml-unclosed-list": ("resolution.yaml", BAD_YAML, ("resolution.yaml", 2, "error", "yaml-unclosed-list")),
    "yaml-unclosed-quote": ("resolution.yaml", 'code: 1-NQ/TW\nissuer: "Bộ Chính trị\nkind: chi-thi\nlevel: tinh\n',
                            ("resolution.yaml", 2, "error", "yaml-unclosed-quote")),
    "yaml-stray-colon": ("resolution.yaml", "code: 1-NQ/TW\nissuer: Tỉnh ủy: Ban Thường vụ\n",
                         ("resolution.yaml", 2, "error", "yaml-stray-colon")),
    "yaml-tab": ("resolution.yaml", "code: 1-NQ/TW\n\tkind: chi-thi\n", ("resolution.yaml", 2, "error", "yaml-tab")),
    "yaml-missing-colon": ("resolution.yaml", "code: 1-NQ/TW\nkind\nlevel: tinh\n",
                           ("resolution.yaml", 2, "error", "yaml-missing-colon")),
    "missing-issuer": ("resolution.yaml", "code: 1-NQ/TW\nkind: nghi-quyet\nlevel: tinh\nissued: 2024-01-02\n",
                       ("resolution.yaml", 1, "error", "missing-field")),
    "unknown-kind": ("resolution.yaml", "code: 1-NQ/TW\nkind: nghi-quyett\nlevel: tinh\nissuer: X\nissued: 2024-01-02\n",
                     ("resolution.yaml", 2, "error", "unknown-kind")),
    "unknown-level": ("resolution.yaml", "code: 1-NQ/TW\nkind: chi-thi\nlevel: quan\nissuer: X\nissued: 2024-01-02\n",
                      ("resolution.yaml", 3, "error", "unknown-level")),
    "impossible-date": ("resolution.yaml", "code: 1-NQ/TW\nkind: chi-thi\nlevel: tinh\nissuer: X\nissued: 2024-02-30\n",
                        ("resolution.yaml", 5, "error", "bad-date")),
    "impossible-vn-date": ("resolution.yaml", "code: 1-NQ/TW\nkind: chi-thi\nlevel: tinh\nissuer: X\nissued: 31/04/2024\n",
                           ("resolution.yaml", 5, "error", "bad-date")),
    "wrong-type-topics": ("resolution.yaml", "code: 1-NQ/TW\nkind: chi-thi\nlevel: tinh\nissuer: X\nissued: 2024-01-02\ntopics: {a: 1}\n",
                          ("resolution.yaml", 6, "error", "wrong-type")),
    "bad-topic-slug": ("resolution.yaml", "code: 1-NQ/TW\nkind: chi-thi\nlevel: tinh\nissuer: X\nissued: 2024-01-02\ntopics:\n  - chuyen-doi-so\n  - Chuyển đổi số\n",
                       ("resolution.yaml", 8, "error", "bad-slug-value")),
    "implements-unknown": ("resolution.yaml", "code: 1-NQ/TW\nkind: chi-thi\nlevel: tinh\nissuer: X\nissued: 2024-01-02\nimplements: [khong-co]\n",
                           ("resolution.yaml", 6, "error", "implements-unknown")),
    "missing-title": ("vi.md", SUMMARY_VI.format(title="x").replace("title: x\n", ""), ("vi.md", 2, "error", "missing-front-field")),
    "missing-section": ("vi.md", SUMMARY_VI.format(title="x").replace("## Điểm mới\n- Điểm mới thứ nhất\n", ""),
                        ("vi.md", None, "error", "missing-section")),
    "empty-section": ("vi.md", SUMMARY_VI.format(title="x").replace("- Điểm mới thứ nhất\n", ""), ("vi.md", 13, "error", "empty-section")),
    "missing-image": ("vi.md", SUMMARY_VI.format(title="x") + "\n![Ảnh](khong-co.jpg)\n", ("vi.md", 19, "error", "image-missing")),
    "path-traversal": ("vi.md", SUMMARY_VI.format(title="x") + "\n![Ảnh](../../site.yaml)\n", ("vi.md", 19, "error", "path-outside")),
    # Word's curly quotes around a value with ':' are not YAML quotes: said so, at the first quote.
    "yaml-smart-quotes": ("vi.md", "---\ntitle: x\nsummary: \u201cMục tiêu: đô thị hóa 50%\u201d\n---\n",
                          ("vi.md", 3, "error", "yaml-smart-quotes")),
    "yaml-smart-quotes-site": ("resolution.yaml", "code: 1-NQ/TW\nissuer: \u201cTỉnh ủy: Ban Thường vụ\u201d\n",
                               ("resolution.yaml", 2, "error", "yaml-smart-quotes")),
    # a curly quote inside the value does not open it: the unquoted colon is the mistake
    "yaml-stray-colon-quoted-word": ("resolution.yaml", "code: 1-NQ/TW\nissuer: Hội nghị: \u201cĐổi mới\u201d\n",
                                     ("resolution.yaml", 2, "error", "yaml-stray-colon")),
    "yaml-stray-colon-apostrophe": ("vi.md", "---\ntitle: People\u2019s Council: plan\n---\n",
                                    ("vi.md", 2, "error", "yaml-stray-colon")),
    "absolute-path": ("vi.md", SUMMARY_VI.format(title="x") + "\n[tệp](/etc/passwd)\n", ("vi.md", 19, "error", "path-outside")),
    "unclosed-front-matter": ("vi.md", "---\ntitle: x\n\n## Nội dung cốt lõi\n- a\n", ("vi.md", 1, "error", "front-matter-unclosed")),
    "front-matter-yaml": ("vi.md", "---\ntitle: [x\n---\n", ("vi.md", 2, "error", "yaml-unclosed-list")),
    "unsafe-html": ("vi.md", SUMMARY_VI.format(title="x") + '\n<p onclick="steal()">x</p>\n', ("vi.md", 19, "warning", "unsafe-html")),
    "unknown-translation-language": ("fr.md", SUMMARY_VI.format(title="x"), ("fr.md", None, "error", "unknown-language")),
    "placeholder": ("vi.md", SUMMARY_VI.format(title="CẦN ĐIỀN tên"), ("vi.md", 2, "warning", "placeholder")),
}


@pytest.mark.parametrize("name", CASES)
def test_each_mistake_is_reported_at_its_line(tmp_path: Path, name: str) -> None:
    filename, text, expected = CASES[name]
    files = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57")
    files[filename] = text
    content = make_site(tmp_path, {"nq-57": files})
    assert expected in problems_of(content)


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    path = content / "resolutions" / "nq-57" / "vi.md"
    path.write_bytes(SUMMARY_VI.format(title="x").encode("utf-8").replace("Ý thứ hai".encode(), b"\xdd th\xf4"))
    found = [p for p in load_site(content)[1] if p.code == "not-utf8"]
    assert [(p.line, p.col) for p in found] == [(11, 3)]


def test_bad_slug_and_missing_source_summary(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"Nghi_Quyet": {"resolution.yaml": RESOLUTION_YAML.format(code="1", issued="2024-01-01")}})
    codes = {code for _, _, _, code in problems_of(content)}
    assert {"bad-slug", "source-summary-missing"} <= codes


@pytest.mark.parametrize("hashes", ["#", "###"])
def test_a_section_heading_at_another_level_is_pointed_at(tmp_path: Path, hashes: str) -> None:
    text = SUMMARY_VI.format(title="x").replace("## Điểm mới", f"{hashes} Các điểm mới")
    content = make_site(tmp_path, {"nq-57": {**standard_resolution("57-NQ/TW", "2024-12-22", "x"), "vi.md": text}})
    found = problems_of(content)
    line = text.split("\n").index(f"{hashes} Các điểm mới") + 1
    assert ("vi.md", line, "error", "section-heading-level") in found
    assert not any(code == "missing-section" for *_, code in found)


def test_bad_folder_and_page_names_say_the_name_to_use(tmp_path: Path) -> None:
    resolution = standard_resolution("6-NQ/TW", "2022-01-24", "Nghị quyết 06")
    content = make_site(tmp_path, {"NQ-06-Đô-thị": resolution})
    write(content / "pages" / "Giới Thiệu.vi.md", "---\ntitle: Giới thiệu\n---\n\nTrung tâm.\n")
    found = {p.code: p for p in load_site(content)[1]}
    assert found["bad-slug"].hint() == "Đổi tên thành 'nq-06-do-thi'."
    assert found["bad-page-slug"].path.name == "Giới Thiệu.vi.md"
    assert found["bad-page-slug"].hint() == "Đổi tên tệp thành 'gioi-thieu.vi.md'."
    assert "thư mục" not in found["bad-page-slug"].message()     # a page is a file, not a folder


def test_the_name_to_use_is_never_one_refused_in_turn(tmp_path: Path) -> None:
    # "CON" is Windows' console, "Nam" the year lists' folder, "中文" has no letter to keep
    content = make_site(tmp_path, {"CON": standard_resolution("6-NQ/TW", "2022-01-24", "Nghị quyết 06"),
                                   "Nam": standard_resolution("7-NQ/TW", "2022-01-25", "Nghị quyết 07")})
    write(content / "pages" / "中文.vi.md", "---\ntitle: Giới thiệu\n---\n\nTrung tâm.\n")
    write(content / "pages" / "Aux.vi.md", "---\ntitle: Phụ\n---\n\nTrung tâm.\n")
    hints = sorted(p.hint() for p in load_site(content)[1] if p.code in ("bad-slug", "bad-page-slug"))
    assert hints == ["Đổi tên thành 'con-1'.", "Đổi tên thành 'nam-1'.",
                     "Đổi tên tệp thành 'aux-1.vi.md'.", "Đổi tên tệp thành 'trang.vi.md'."]


def test_a_topic_or_implements_value_that_is_no_slug_says_what_to_write(tmp_path: Path) -> None:
    resolution = standard_resolution("6-NQ/TW", "2022-01-24", "Nghị quyết 06")
    resolution["resolution.yaml"] += "implements: [../nq-57]\n"
    resolution["resolution.yaml"] = resolution["resolution.yaml"].replace("[chuyen-doi-so]", "[Chuyển đổi số]")
    content = make_site(tmp_path, {"nq-06": resolution, "nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "x")})
    hints = {p.params["value"]: p.hint() for p in load_site(content)[1] if p.code == "bad-slug-value"}
    assert hints["Chuyển đổi số"].startswith("Viết 'chuyen-doi-so'")
    assert hints["../nq-57"].startswith("Viết 'nq-57'")


def test_duplicate_code_is_a_warning_naming_both_folders(tmp_path: Path) -> None:
    content = make_site(tmp_path, {
        "a-57": standard_resolution("57-NQ/TW", "2024-12-22", "A"),
        "b-57": standard_resolution("57-NQ/TW", "2024-12-22", "B"),
    })
    site, problems = load_site(content)
    assert site is not None
    [dup] = [p for p in problems if p.code == "duplicate-code"]
    assert dup.severity is Severity.WARNING
    assert "a-57" in dup.message() and "b-57" in dup.message()


def test_site_yaml_problems(tmp_path: Path) -> None:
    content = make_site(tmp_path, site_yaml="title: T\norganisation: O\nbase_url: not a url\nlanguages:\n  vi: {name: Tiếng Việt}\ncolour: red\n")
    found = problems_of(content)
    assert ("site.yaml", 3, "error", "config-bad-url") in found
    assert ("site.yaml", 6, "error", "config-unknown-key") in found


def test_a_site_yaml_error_is_reported_alone_not_with_guesses_of_what_it_meant(tmp_path: Path) -> None:
    """A misspelt language under outdated_notice once made every hmn.md lack its three sections
    (checked against the default labels): the checks that read site.yaml wait for it."""
    resolutions = {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "A", hmn=True)}
    assert problems_of(make_site(tmp_path / "good", resolutions)) == []
    bad = make_site(tmp_path / "bad", resolutions, site_yaml=SITE_YAML + "outdated_notice:\n  hnm: Cũ\n")
    found = problems_of(bad)
    assert found == [("site.yaml", 15, "error", "config-bad-subkey-near"),
                     ("site.yaml", None, "warning", "checks-wait-for-site-yaml")]
    # The command says it in words, exits non-zero, and names no hmn.md.
    assert main(["check", "--content", str(bad)]) == 1


MINIMAL_SITE = "title: T\norganisation: O\nbase_url: https://x.vn/\nlanguages:\n  vi: {name: Tiếng Việt}\n  hmn: {name: Hmoob}\n"


@pytest.mark.parametrize("extra, line, subject, near", [
    ("titel: Khác\n", 7, "'titel'", "'title'"),                                   # a misspelt key
    ("broadcast:\n  rat: 200\n", 8, "'broadcast.rat'", "'rate'"),                  # inside broadcast:
    ("broadcast:\n  schedule:\n    weks: 4\n", 9, "'broadcast.schedule.weks'", "'weeks'"),
    ("broadcast:\n  schedule:\n    slots:\n      - {day: mon, tme: '06:00'}\n", 10, "tme'", "'time'"),
    ("broadcast:\n  voices: {hnm: vi}\n", 8, "'broadcast.voices.hnm'", "'hmn'"),      # a language misspelt
    ("broadcast:\n  opening: {vi: A, hnm: B}\n", 8, "'broadcast.opening.hnm'", "'hmn'"),
    ("review:\n  plan_month: 2\n", 8, "'review.plan_month'", "'plan_months'"),
    ("review:\n  huyen: {preliminar: 3}\n", 8, "'review.huyen.preliminar'", "'preliminary'"),
    ("lecture:\n  minuts: 60\n", 8, "'lecture.minuts'", "'minutes'"),
    ("outdated_notice:\n  hnm: Cũ\n", 8, "'outdated_notice.hnm'", "'hmn'"),
    ("logo: logo.png\n", 7, "'logo'", None),                                      # a key nothing reads
    ("spoken: {}\n", 7, "'spoken'", None),
])
def test_a_key_site_yaml_does_not_know_is_an_error_with_what_it_meant(tmp_path: Path, extra: str, line: int,
                                                                      subject: str, near: str | None) -> None:
    content = make_site(tmp_path, site_yaml=MINIMAL_SITE + extra)
    site, problems = load_site(content)
    assert site is None
    [problem] = [p for p in problems if p.is_error]
    assert (problem.path.name, problem.line) == ("site.yaml", line)
    assert subject in problem.message()
    if near:
        assert near in problem.hint() and near in problem.hint("en")
    else:
        assert "title, organisation, base_url" in problem.hint()    # what may be written instead


def test_a_misspelt_key_inside_a_language_is_an_error(tmp_path: Path) -> None:
    content = make_site(tmp_path, site_yaml="title: T\norganisation: O\nbase_url: https://x.vn/\nlanguages:\n"
                        "  vi:\n    name: Tiếng Việt\n    sectons:\n      key_points: Cốt lõi\n")
    site, problems = load_site(content)
    [problem] = [p for p in problems if p.is_error and p.path.name == "site.yaml"]
    assert site is None and problem.line == 7
    assert "languages.vi.sectons" in problem.message() and "'sections'" in problem.hint()
    content = make_site(tmp_path / "b", site_yaml="title: T\norganisation: O\nbase_url: https://x.vn/\nlanguages:\n"
                        "  vi:\n    name: Tiếng Việt\n    sections:\n      key_point: Cốt lõi\n")
    [problem] = [p for p in load_site(content)[1] if p.is_error and p.path.name == "site.yaml"]
    assert "languages.vi.sections.key_point" in problem.message() and "'key_points'" in problem.hint()


@pytest.mark.parametrize("extra, code", [
    ("study_results: 'true'\n", "records-publish-not-bool"),      # text, not true: nothing would be published
])
def test_a_wrong_value_is_an_error_at_its_line(tmp_path: Path, extra: str, code: str) -> None:
    site, problems = load_site(make_site(tmp_path, site_yaml=MINIMAL_SITE + extra))
    assert site is None
    assert [(p.path.name, p.line, p.code) for p in problems if p.is_error] == [("site.yaml", 7, code)]


def test_every_documented_key_is_typed_and_read(tmp_path: Path) -> None:
    """The keys README's site.yaml example shows all build a site, and their values arrive typed."""
    content = make_site(tmp_path, site_yaml=MINIMAL_SITE + "description: Một câu.\nreview:\n  kinds_without_review: "
                        "[ke-hoach]\noutdated_notice: Bản dịch cũ.\nbroadcast:\n  rate: 200\n")
    site, problems = load_site(content)
    assert site is not None and not [p for p in problems if p.is_error]
    assert site.config.setting("description") == "Một câu."
    assert site.config.setting("outdated_notice") == "Bản dịch cũ."
    assert site.config.setting("broadcast") == {"rate": 200}
    minimal, _ = load_site(make_site(tmp_path / "b", site_yaml=MINIMAL_SITE))
    assert minimal.config.setting("description") is None and minimal.config.setting("broadcast") == {}


def test_unquoted_comma_in_a_topic_name_is_caught(tmp_path: Path) -> None:
    # YAML reads {vi: Khoa học, công nghệ} as two keys: 'vi' and 'công nghệ'.
    content = make_site(tmp_path, site_yaml="title: T\norganisation: O\nbase_url: https://x.vn/\nlanguages:\n"
                        "  vi: {name: Tiếng Việt}\ntopics:\n  khoa-hoc: {vi: Khoa học, công nghệ}\n")
    assert ("site.yaml", 7, "warning", "config-name-unknown-language") in problems_of(content)


def test_minimal_site_yaml_is_enough(tmp_path: Path) -> None:
    minimal = ("title: T\norganisation: O\nbase_url: https://x.vn/\ndefault_language: vi\n"
               "languages:\n  vi:\n    name: Tiếng Việt\n")
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "A")}, site_yaml=minimal)
    site, problems = load_site(content)
    assert site is not None and problems == []


def test_all_mistakes_reported_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path, {
        "one": {**standard_resolution("1-NQ/TW", "2024-01-01", "A"),
                "resolution.yaml": "code: 1-NQ/TW\nkind: nghi-quyet\nlevel: tinh\nissuer: X\nissued: 2024-13-01\n"},
        "two": {**standard_resolution("2-NQ/TW", "2024-01-01", "B"),
                "vi.md": SUMMARY_VI.format(title="B").replace("- Xã Bản Bo triển khai\n", "")},
    })
    assert main(["check", "--content", str(content)]) == 1
    out = capsys.readouterr().out
    assert "resolutions/one/resolution.yaml:5:" in out and "error:" in out
    assert "resolutions/two/vi.md:16:" in out
    assert "Tổng cộng: 2 lỗi" in out


def test_messages_in_english(site_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(site_dir / "resolutions" / "nq-57" / "resolution.yaml",
          "code: 1\nkind: nghi-quyet\nlevel: xyz\nissuer: X\nissued: 2024-01-01\n")
    assert main(["check", "--content", str(site_dir), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "error: Unknown level 'xyz'." in out and "hint: Choose one of" in out


def test_warnings_only_exit_zero(site_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(site_dir / "resolutions" / "nq-57" / "vi.md", SUMMARY_VI.format(title="CẦN ĐIỀN tên"))
    assert main(["check", "--content", str(site_dir)]) == 0
    assert "warning:" in capsys.readouterr().out


def test_broadcast_settings_are_validated(tmp_path: Path) -> None:
    from conftest import SITE_YAML
    content = make_site(tmp_path, site_yaml=SITE_YAML + "broadcast:\n  slot_minutes: 5\n  rate: 1000\n")
    assert ("site.yaml", 16, "error", "config-bad-value") in problems_of(content)
    content = make_site(tmp_path, site_yaml=SITE_YAML + "broadcast:\n  slot: 5\n")
    assert ("site.yaml", 15, "error", "config-bad-subkey") in problems_of(content)


def test_legacy_encoded_text_is_reported_at_its_line(tmp_path: Path) -> None:
    files = standard_resolution("57-NQ/TW", "2024-12-22", "A")
    files["vi.md"] = files["vi.md"].replace("- Ý thứ hai", "- Uû ban nh©n d©n tØnh Lai Ch©u")
    content = make_site(tmp_path, {"nq-57": files})
    assert ("vi.md", 11, "warning", "legacy-encoding") in problems_of(content)


def test_a_topic_name_in_a_language_the_site_lacks_says_which_codes_it_has(tmp_path: Path) -> None:
    # The site's English is "eng": a topic named under "en" is not a comma's doing.
    content = make_site(tmp_path, site_yaml="title: T\norganisation: O\nbase_url: https://x.vn/\nlanguages:\n"
                        "  vi: {name: Tiếng Việt}\n  eng: {name: English}\ntopics:\n  do-thi: {vi: Đô thị, en: Urban}\n")
    [found] = [p for p in load_site(content)[1] if p.code == "config-name-unknown-language"]
    assert "languages (vi, eng)" in found.hint() and "xóa tên này" in found.hint()


def test_a_broken_leaflet_template_of_the_site_is_reported_by_check_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `check` (not --fast) renders every leaflet to see whether it fits: the site's own a4.typ
    # that Typst refuses ended the command in a traceback, where `build` names the file and line.
    content = make_site(tmp_path)
    default = Path(__file__).resolve().parent.parent / "templates" / "leaflet" / "a4.typ"
    write(content / "templates" / "leaflet" / "a4.typ", default.read_text(encoding="utf-8") + "#let x = (\n")
    assert main(["check", "--content", str(content)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert "a4.typ" in out.out and "unclosed delimiter" in out.out
