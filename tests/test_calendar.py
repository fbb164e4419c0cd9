"""The review calendar: the rules (review.py), their validation, the page and the .ics file."""
from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import icalendar
import pytest

from generator import review_schedule as review
from generator.builders.base import BuildOptions
from generator.cli import main
from generator.load import load_site
from generator.pipeline import build
from generator.review_schedule import FINAL, PLAN, PRELIMINARY, REVIEW, YEARLY, ReviewOverride, ReviewRules

from conftest import SITE_YAML, Page, make_site, manifest, standard_resolution, tree_bytes

D = dt.date
TODAY = D(2026, 3, 1)          # the reference date of the built-page tests
ONLY = frozenset({"site", "calendar"})


def epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc).timestamp()))


def resolution_yaml(code: str, kind: str, level: str, issued: str, extra: str = "") -> str:
    return (f"code: {code}\nkind: {kind}\nlevel: {level}\nissuer: Cơ quan\nissued: {issued}\n"
            f"topics: [chuyen-doi-so]\n{extra}")


def res(slug: str = "x", kind: str = "nghi-quyet", level: str = "trung-uong", issued: dt.date = D(2024, 12, 22),
        override: ReviewOverride | None = None) -> Any:
    """The fields of a Resolution that the schedule reads."""
    class Fake:
        pass
    fake = Fake()
    fake.slug, fake.kind, fake.level, fake.issued, fake.review = slug, kind, level, issued, override
    return fake


def reviews(resolution: Any, rules: ReviewRules = ReviewRules()) -> dict[str, dt.date]:
    return {m.stage: m.date for m in review.schedule(resolution, rules) if m.event == REVIEW}


def plans(resolution: Any, rules: ReviewRules = ReviewRules()) -> dict[str, dt.date]:
    return {m.stage: m.date for m in review.schedule(resolution, rules) if m.event == PLAN}


def yearly(resolution: Any, rules: ReviewRules = ReviewRules()) -> list[dt.date]:
    return [m.date for m in review.schedule(resolution, rules) if m.event == YEARLY]


# ---------------------------------------------------------------- the rules

@pytest.mark.parametrize("level, preliminary, final", [
    ("trung-uong", D(2029, 12, 22), D(2034, 12, 22)),
    ("tinh", D(2027, 12, 22), D(2029, 12, 22)),
    ("huyen", D(2027, 12, 22), D(2029, 12, 22)),
    ("xa", D(2027, 12, 22), D(2029, 12, 22)),
])
def test_default_periods_per_level(level: str, preliminary: dt.date, final: dt.date) -> None:
    resolution = res(level=level)
    assert reviews(resolution) == {PRELIMINARY: preliminary, FINAL: final}
    assert plans(resolution) == {PRELIMINARY: D(preliminary.year, 10, 22), FINAL: D(final.year, 10, 22)}


def test_site_yaml_overrides_periods_per_level() -> None:
    rules, problems = review.parse_rules({"xa": {"preliminary": 2, "final": 4}, "huyen": "none", "plan_months": 3})
    assert problems == []
    assert reviews(res(level="xa", issued=D(2025, 1, 10)), rules) == {PRELIMINARY: D(2027, 1, 10), FINAL: D(2029, 1, 10)}
    assert plans(res(level="xa", issued=D(2025, 1, 10)), rules)[PRELIMINARY] == D(2026, 10, 10)
    assert review.schedule(res(level="huyen"), rules) == []
    # levels not mentioned keep their defaults
    assert reviews(res(level="tinh", issued=D(2025, 1, 10)), rules) == {PRELIMINARY: D(2028, 1, 10), FINAL: D(2030, 1, 10)}


def test_site_yaml_changes_one_stage_only() -> None:
    rules, problems = review.parse_rules({"tinh": {"final": 6}})
    assert problems == []
    assert reviews(res(level="tinh", issued=D(2025, 1, 10)), rules) == {PRELIMINARY: D(2028, 1, 10), FINAL: D(2031, 1, 10)}


def test_resolution_override_with_a_date_years_or_none() -> None:
    issued = D(2024, 12, 22)
    by_date, problems = review.parse_override({"preliminary": "31/12/2027", "final": 8}, issued=issued,
                                              level="trung-uong", kind="nghi-quyet")
    assert problems == []
    assert reviews(res(issued=issued, override=by_date)) == {PRELIMINARY: D(2027, 12, 31), FINAL: D(2032, 12, 22)}
    only_final, _ = review.parse_override({"preliminary": "none"}, issued=issued)
    assert reviews(res(issued=issued, override=only_final)) == {FINAL: D(2034, 12, 22)}
    nothing, _ = review.parse_override("không", issued=issued)
    assert review.schedule(res(issued=issued, override=nothing), ReviewRules()) == []
    nothing, _ = review.parse_override(False)
    assert review.schedule(res(issued=issued, override=nothing), ReviewRules()) == []


def test_a_review_marked_done_leaves_the_calendar_with_its_plan(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"nq": {"resolution.yaml": resolution_yaml(
        "1-NQ/TU", "nghi-quyet", "tinh", "2020-01-02", "review:\n  done: {preliminary: 23/02/2023}\n"),
        "vi.md": standard_resolution("1", "2020-01-02", "Nghị quyết")["vi.md"]}})
    site, problems = load_site(content)
    assert not [p for p in problems if p.is_error]
    (resolution,) = [r for r in site.resolutions if r.slug == "nq"]
    assert resolution.review.done == {PRELIMINARY: D(2023, 2, 23)}
    assert reviews(resolution) == {FINAL: D(2025, 1, 2)}                 # tỉnh: 3 and 5 years
    assert plans(resolution) == {FINAL: D(2024, 11, 2)}
    assert D(2023, 1, 2) not in yearly(resolution)                       # the preliminary year stays a review year


@pytest.mark.parametrize("review_day, plan_day", [
    (D(2027, 4, 30), D(2027, 2, 28)),    # February has no 30th: its last day
    (D(2028, 4, 30), D(2028, 2, 29)),    # … which is the 29th in a leap year
    (D(2027, 12, 31), D(2027, 10, 31)),
    (D(2027, 5, 31), D(2027, 3, 31)),
    (D(2027, 7, 31), D(2027, 5, 31)),
    (D(2028, 1, 15), D(2027, 11, 15)),   # across the new year
])
def test_plan_two_months_before_including_month_end(review_day: dt.date, plan_day: dt.date) -> None:
    override, problems = review.parse_override({"preliminary": review_day.isoformat()}, issued=D(2024, 1, 1))
    assert problems == []
    milestones = review.schedule(res(issued=D(2024, 1, 1), override=override), ReviewRules())
    plan = next(m for m in milestones if m.event == PLAN and m.stage == PRELIMINARY)
    assert (plan.date, plan.review_date) == (plan_day, review_day)


def test_29_february() -> None:
    leap = res(level="tinh", issued=D(2024, 2, 29))
    assert reviews(leap) == {PRELIMINARY: D(2027, 2, 28), FINAL: D(2029, 2, 28)}
    assert plans(leap) == {PRELIMINARY: D(2026, 12, 28), FINAL: D(2028, 12, 28)}
    assert yearly(leap) == [D(2025, 2, 28), D(2026, 2, 28), D(2028, 2, 29)]   # 2027 and 2029 have reviews
    assert review.add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)


@pytest.mark.parametrize("kind", ["ke-hoach", "huong-dan", "thong-bao", "cong-van"])
def test_kinds_without_review_have_no_calendar(kind: str) -> None:
    assert review.schedule(res(kind=kind), ReviewRules()) == []


def test_plan_reviewed_when_asked_and_site_can_change_the_kinds() -> None:
    reviewed, _ = review.parse_override("yes")
    assert reviews(res(kind="ke-hoach", level="huyen", issued=D(2025, 3, 10), override=reviewed)) == {
        PRELIMINARY: D(2028, 3, 10), FINAL: D(2030, 3, 10)}
    rules, problems = review.parse_rules({"kinds_without_review": ["ket-luan"]})
    assert problems == []
    assert reviews(res(kind="ke-hoach", level="tinh", issued=D(2025, 3, 10)), rules)[PRELIMINARY] == D(2028, 3, 10)
    assert review.schedule(res(kind="ket-luan"), rules) == []


def test_yearly_evaluations_skip_review_years() -> None:
    central = res(level="trung-uong", issued=D(2024, 12, 22))
    assert [d.year for d in yearly(central)] == [2025, 2026, 2027, 2028, 2030, 2031, 2032, 2033]
    provincial = res(level="tinh", issued=D(2021, 9, 8))
    assert yearly(provincial) == [D(2022, 9, 8), D(2023, 9, 8), D(2025, 9, 8)]
    numbered = [m.years for m in review.schedule(provincial, ReviewRules()) if m.event == YEARLY]
    assert numbered == [1, 2, 4]


def test_groups_around_the_reference_date() -> None:
    milestones = review.site_schedule([res("a", level="tinh", issued=D(2021, 9, 8)),
                                       res("b", issued=D(2016, 5, 15))], ReviewRules())
    groups = review.group(milestones, TODAY)
    assert [(m.slug, m.uid_part, m.date) for m in groups["overdue"]] == [
        ("b", "yearly-9", D(2025, 5, 15)), ("a", "yearly-4", D(2025, 9, 8))]
    assert [(m.slug, m.uid_part) for m in groups["soon"]] == [
        ("b", "final-plan"), ("b", "final"), ("a", "final-plan"), ("a", "final")]
    assert groups["later"] == []          # both are done by then
    # more than 12 months ago: off the page
    assert all(m.date >= D(2025, 3, 1) for m in groups["overdue"])


# ---------------------------------------------------------------- `check`: problems with file:line

def check_problems(content: Path) -> list[tuple[str, int | None, str]]:
    _, problems = load_site(content)
    return [(p.path.name if p.path else "", p.line, p.code) for p in problems if p.is_error]


@pytest.mark.parametrize("extra, line, code", [
    ("review: {preliminary: abc}\n", 7, "review-bad-due"),
    ("review:\n  preliminary: 3\n  final: 2020-01-01\n", 9, "review-before-issued"),
    ("review:\n  so-ket: 3\n", 8, "review-unknown-key"),
    ("review: {preliminary: 8, final: 5}\n", 7, "review-order"),
    ("review: [3, 5]\n", 7, "review-bad-override"),
    ("review:\n  final: 99\n", 8, "review-bad-due"),
    ("review:\n  done: {preliminary: hôm qua}\n", 8, "review-bad-done"),
    ("review:\n  done:\n    so-ket: 2027-01-02\n", 9, "review-unknown-key"),
    ("review:\n  done: {final: 2023-05-01}\n", 8, "review-before-issued"),
    ("review:\n  done: yes\n", 8, "review-bad-done"),
])
def test_bad_resolution_review_is_reported_with_its_line(tmp_path: Path, extra: str, line: int, code: str) -> None:
    content = make_site(tmp_path, {"nq": {"resolution.yaml": resolution_yaml("1-NQ/TU", "nghi-quyet", "tinh",
                                                                              "2024-01-02", extra),
                                          "vi.md": standard_resolution("1", "2024-01-02", "Nghị quyết")["vi.md"]}})
    assert check_problems(content) == [("resolution.yaml", line, code)]


@pytest.mark.parametrize("block, line, code", [          # line: within the appended block
    ("review:\n  tinh: {preliminary: 5, final: 3}\n", 2, "review-order-years"),
    ("review:\n  plan_months: 0\n", 2, "review-bad-months"),
    ("review:\n  xa:\n    preliminary: ba\n", 3, "review-bad-years"),
    ("review:\n  quan: {preliminary: 3}\n", 2, "review-unknown-key"),
    ("review: 5\n", 1, "review-site-not-mapping"),
])
def test_bad_site_review_is_reported_with_its_line(tmp_path: Path, block: str, line: int, code: str) -> None:
    content = make_site(tmp_path, site_yaml=SITE_YAML + block)
    assert check_problems(content) == [("site.yaml", SITE_YAML.count("\n") + line, code)]


def test_check_command_prints_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path, {"nq": {"resolution.yaml": resolution_yaml(
        "1-NQ/TU", "nghi-quyet", "tinh", "2024-01-02", "review: {preliminary: abc}\n"),
        "vi.md": standard_resolution("1", "2024-01-02", "Nghị quyết")["vi.md"]}})
    assert main(["check", "--content", str(content)]) == 1
    out = capsys.readouterr().out
    assert "resolution.yaml:7" in out and "abc" in out


# ---------------------------------------------------------------- the built page and .ics

class CalendarPage(HTMLParser):
    """The rows of the calendar page, per group (section id)."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.groups: dict[str, list[dict[str, Any]]] = {}
        self.reference = ""
        self._section: str | None = None
        self._row: dict[str, Any] | None = None
        self._field: str | None = None
        self._depth = 0
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "section" and "calendar-group" in classes:
            self._section = a["id"]
            self.groups[self._section] = []
        elif tag == "li" and "milestone" in classes:
            self._row = {"what": "", "ago": "", "meta": "", "class": classes}
            self.groups[self._section].append(self._row)
        elif self._row is not None:
            if tag == "time":
                self._row["date"] = a["datetime"]
            elif tag == "a":
                self._row["href"], self._row["lang"] = a["href"], a.get("lang")
            elif tag == "p" and "milestone-what" in classes:
                self._field = "what"
            elif tag == "p" and "item-meta" in classes:
                self._field = "meta"
            elif tag == "span" and "ago" in classes:
                self._field = "ago"
        elif tag == "p" and "calendar-reference" in classes:
            self._field = "reference"

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._row is not None:
            self._row = None
        if tag == "p" or (tag == "span" and self._field == "ago"):
            self._field = None

    def handle_data(self, data: str) -> None:
        if self._field == "reference":
            self.reference += data
        elif self._field and self._row is not None:
            self._row[self._field] += data


CONTENT = {
    "nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học", hmn=True),
    "ct-05": standard_resolution("05-CT/TW", "2016-05-15", "Chỉ thị số 05-CT/TW về học tập"),
    "nq-05-tu": {"resolution.yaml": resolution_yaml("05-NQ/TU", "nghi-quyet", "tinh", "2021-09-08"),
                 "vi.md": standard_resolution("x", "2021-09-08", "Nghị quyết số 05-NQ/TU về nông nghiệp")["vi.md"]},
    "kh-12": {"resolution.yaml": resolution_yaml("12-KH/HU", "ke-hoach", "huyen", "2025-03-10"),
              "vi.md": standard_resolution("x", "2025-03-10", "Kế hoạch số 12-KH/HU")["vi.md"]},
    "nq-03-xa": {"resolution.yaml": resolution_yaml("03-NQ/ĐU", "nghi-quyet", "xa", "2025-06-30",
                                                    "review: {preliminary: 2026-08-31, final: none}\n"),
                 "vi.md": standard_resolution("x", "2025-06-30", "Nghị quyết số 03-NQ/ĐU của Đảng ủy xã")["vi.md"]},
}


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(TODAY))
    content = make_site(tmp_path, CONTENT)
    output = tmp_path / "output"
    build(content, output, BuildOptions(only=ONLY))
    return output


def rows(page: CalendarPage, group: str) -> list[tuple[str, str, str]]:
    return [(r["href"].split("/")[-2], r["date"], " ".join(r["what"].split())) for r in page.groups[group]]


def test_page_lists_overdue_soon_and_later(built: Path) -> None:
    page = CalendarPage(built / "lich-so-ket" / "index.html")
    assert " ".join(page.reference.split()) == "Tính đến ngày 01/03/2026."
    assert list(page.groups) == ["overdue", "soon", "later"]
    assert rows(page, "overdue") == [
        ("ct-05", "2025-05-15", "Đánh giá kết quả năm thứ 9"),
        ("nq-05-tu", "2025-09-08", "Đánh giá kết quả năm thứ 4"),
        ("nq-57", "2025-12-22", "Đánh giá kết quả năm thứ 1"),
    ]
    assert [r["ago"] for r in page.groups["overdue"]] == ["quá hạn 9 tháng", "quá hạn 5 tháng", "quá hạn 2 tháng"]
    assert rows(page, "soon") == [
        ("ct-05", "2026-03-15", "Ban hành kế hoạch tổng kết 10 năm (hạn tổng kết: 15/05/2026)"),
        ("ct-05", "2026-05-15", "Tổng kết 10 năm"),
        ("nq-03-xa", "2026-06-30", "Ban hành kế hoạch sơ kết (hạn sơ kết: 31/08/2026)"),
        ("nq-05-tu", "2026-07-08", "Ban hành kế hoạch tổng kết 5 năm (hạn tổng kết: 08/09/2026)"),
        ("nq-03-xa", "2026-08-31", "Sơ kết"),
        ("nq-05-tu", "2026-09-08", "Tổng kết 5 năm"),
        ("nq-57", "2026-12-22", "Đánh giá kết quả năm thứ 2"),
    ]
    later = rows(page, "later")
    assert later[0] == ("nq-57", "2027-12-22", "Đánh giá kết quả năm thứ 3")
    assert ("nq-57", "2029-10-22", "Ban hành kế hoạch sơ kết 5 năm (hạn sơ kết: 22/12/2029)") in later
    assert later[-1] == ("nq-57", "2034-12-22", "Tổng kết 10 năm")
    assert not any(slug == "kh-12" for group in page.groups for slug, _, _ in rows(page, group))  # a plan: no review
    central = next(r for r in page.groups["soon"] if r["href"] == "../ct-05/index.html")
    assert " ".join(central["meta"].split()) == "05-CT/TW · Nghị quyết · cấp trung ương"


def test_page_links_menu_and_download(built: Path) -> None:
    page = Page(built / "lich-so-ket" / "index.html")
    assert page.find_all("a", href="lich-so-ket-vi.ics", download="")
    assert "Outlook" in page.text
    home = Page(built / "index.html")
    assert home.find_all("a", href="lich-so-ket/index.html")
    resolution_page = Page(built / "hmn" / "nq-57" / "index.html")
    assert resolution_page.find_all("a", href="../lich-so-ket/index.html")
    entries = {(a["kind"], a["lang"], a["path"]) for a in manifest(built)["artifacts"] if a["kind"].startswith("calendar")}
    assert entries == {("calendar", "vi", "lich-so-ket/index.html"), ("calendar", "hmn", "hmn/lich-so-ket/index.html"),
                       ("calendar-ics", "vi", "lich-so-ket/lich-so-ket-vi.ics"),
                       ("calendar-ics", "hmn", "hmn/lich-so-ket/lich-so-ket-hmn.ics")}


def test_no_menu_link_when_the_calendar_is_not_built(tmp_path: Path, site_dir: Path) -> None:
    build(site_dir, tmp_path / "out", BuildOptions(only=frozenset({"site"})))
    assert not (tmp_path / "out" / "lich-so-ket").exists()
    assert "lich-so-ket" not in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_hmong_calendar_follows_the_fallback_policy(built: Path) -> None:
    """Default `omit`: untranslated resolutions are absent from the Hmong calendar too."""
    page = CalendarPage(built / "hmn" / "lich-so-ket" / "index.html")
    assert {r["href"] for group in page.groups.values() for r in group} == {"../nq-57/index.html"}


def test_hmong_page_links_translations_or_the_vietnamese_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(TODAY))
    site_yaml = SITE_YAML.replace("    name: Hmoob\n", "    name: Hmoob\n    fallback: source\n")
    content = make_site(tmp_path, CONTENT, site_yaml=site_yaml)
    built = tmp_path / "output"
    build(content, built, BuildOptions(only=ONLY))
    path = built / "hmn" / "lich-so-ket" / "index.html"
    page = CalendarPage(path)
    html = Page(path)
    assert html.find_all("html")[0]["lang"] == "hmn-Latn-VN"
    by_slug = {r["href"]: r for group in page.groups.values() for r in group}
    assert by_slug["../nq-57/index.html"]["lang"] is None                   # translated: the Hmong page
    assert by_slug["../../ct-05/index.html"]["lang"] == "vi-VN"              # not translated: the Vietnamese page
    assert html.find_all("a", href="../../lich-so-ket/index.html", hreflang="vi-VN")   # switcher: the other calendar
    assert html.find_all("a", href="lich-so-ket-hmn.ics", download="")


def test_ics_parses_with_expected_events(built: Path) -> None:
    calendar = icalendar.Calendar.from_ical((built / "lich-so-ket" / "lich-so-ket-vi.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]).startswith("Lịch sơ kết, tổng kết")
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 3 + 7 + len(CalendarPage(built / "lich-so-ket" / "index.html").groups["later"])
    final = events["ct-05-final-vi@example.gov.vn"]
    assert final.decoded("DTSTART") == D(2026, 5, 15) and final.decoded("DTEND") == D(2026, 5, 16)
    assert str(final["SUMMARY"]) == "Tổng kết 10 năm: Nghị quyết 05-CT/TW"
    assert "https://example.gov.vn/tuyentruyen/ct-05/" in str(final["DESCRIPTION"])
    assert final.decoded("DTSTAMP") == dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
    alarm = final.walk("VALARM")[0]
    assert alarm.decoded("TRIGGER") == dt.timedelta(days=-14)
    assert {"nq-03-xa-preliminary-plan-vi@example.gov.vn", "nq-57-yearly-3-vi@example.gov.vn"} <= set(events)
    assert not any(uid.startswith("kh-12") for uid in events)
    hmn = icalendar.Calendar.from_ical((built / "hmn" / "lich-so-ket" / "lich-so-ket-hmn.ics").read_bytes())
    hmn_uids = {str(e["UID"]) for e in hmn.walk("VEVENT")}
    assert "nq-57-final-hmn@example.gov.vn" in hmn_uids and not any(u.startswith("ct-05") for u in hmn_uids)


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(TODAY))
    content = make_site(tmp_path, CONTENT)
    build(content, tmp_path / "a", BuildOptions(only=ONLY))
    build(content, tmp_path / "b", BuildOptions(only=ONLY))
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")
    assert (tmp_path / "a" / "lich-so-ket" / "lich-so-ket-vi.ics").stat().st_size > 1000


def test_a_new_day_rebuilds_the_calendar_in_incremental_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_site(tmp_path, CONTENT)
    output = tmp_path / "output"
    options = BuildOptions(only=ONLY, cache_dir=tmp_path / ".cache")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(TODAY))
    build(content, output, options)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(D(2026, 5, 20)))
    build(content, output, options)
    page = CalendarPage(output / "lich-so-ket" / "index.html")
    assert "20/05/2026" in page.reference
    assert ("ct-05", "2026-05-15", "Tổng kết 10 năm") in rows(page, "overdue")
    clean = tmp_path / "clean"
    build(content, clean, BuildOptions(only=ONLY))
    assert tree_bytes(output) == tree_bytes(clean)


def test_a_new_process_makes_the_calendar_rows_only_when_what_they_show_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.builders.calendar import CalendarBuilder
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(TODAY))
    content = make_site(tmp_path, CONTENT)
    output = tmp_path / "output"
    options = BuildOptions(only=ONLY, cache_dir=tmp_path / ".cache")
    build(content, output, options)
    made: list[str] = []
    make_view = CalendarBuilder._calendar_view
    monkeypatch.setattr(CalendarBuilder, "_calendar_view", lambda self, lang: made.append(lang) or make_view(self, lang))
    summary = content / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("\n- ", "\n- Bổ sung. ", 1), encoding="utf-8")
    build(content, output, options)                   # a new session each time: a new process
    assert made == []                                 # a point's text is in no row: the calendar is reused
    summary.write_text(summary.read_text(encoding="utf-8").replace("title: Chỉ thị", "title: Chỉ thị mới"),
                       encoding="utf-8")
    build(content, output, options)
    assert made == ["vi"]                             # its title is (untranslated: on the Vietnamese calendar only)
    assert "Chỉ thị mới số 05-CT/TW" in Page(output / "lich-so-ket" / "index.html").text
    clean = tmp_path / "clean"
    build(content, clean, BuildOptions(only=ONLY))
    assert tree_bytes(output) == tree_bytes(clean)


def test_how_long_ago() -> None:
    from generator.builders.calendar import overdue_by
    assert overdue_by(D(2026, 2, 20), TODAY) == {"months": 0, "days": 9}
    assert overdue_by(D(2026, 1, 31), D(2026, 2, 28)) == {"months": 1, "days": 28}   # a month: February's last day
    assert overdue_by(D(2025, 12, 31), D(2026, 2, 27)) == {"months": 1, "days": 58}
    assert overdue_by(D(2025, 3, 1), TODAY)["months"] == 12


def test_page_explains_the_rules_in_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(TODAY))
    content = make_site(tmp_path, site_yaml=SITE_YAML + "review:\n  xa: none\n  huyen: {final: 6}\n  plan_months: 3\n")
    build(content, tmp_path / "out", BuildOptions(only=ONLY))
    text = Page(tmp_path / "out" / "lich-so-ket" / "index.html").text
    assert "Văn bản cấp trung ương: sơ kết sau 5 năm, tổng kết sau 10 năm kể từ ngày ban hành." in text
    assert "Văn bản cấp huyện: sơ kết sau 3 năm, tổng kết sau 6 năm kể từ ngày ban hành." in text
    assert "Văn bản cấp xã: không sơ kết, tổng kết." in text
    assert "chậm nhất 3 tháng trước hạn" in text
    page = CalendarPage(tmp_path / "out" / "lich-so-ket" / "index.html")
    plan = next(r for r in page.groups["later"] if r["href"] == "../nq-57/index.html" and "kế hoạch" in r["what"])
    assert plan["date"] == "2029-09-22"      # 3 months before 22/12/2029
