"""The review calendar: when each resolution's preliminary review (sơ kết) and final
review (tổng kết) fall due, when their plans must be issued, and the yearly
evaluations (đánh giá hằng năm) in between.

Pure functions over the model; the calendar builder turns their result into a
page and an iCalendar file. The rules, and where they can be changed:

- Due dates count whole years from the issue date: central documents (trung-uong)
  5 and 10 years, provincial (tinh) 3 and 5, district (huyen) and commune (xa) 3 and 5.
  site.yaml `review:` changes them per level:
  ``review: {huyen: {preliminary: 3, final: 5}, xa: none, plan_months: 2,
  kinds_without_review: [ke-hoach, huong-dan, thong-bao, cong-van]}``.
- A year later on 29 February is 28 February (as for legal time limits: a month
  without the day ends on its last day); the plan is due `plan_months` (2) months
  before the review, on the same day of the month or that month's last day.
- Plans, guidance, notices and official letters (ke-hoach, huong-dan, thong-bao,
  cong-van) carry out another document and are reviewed with it, so by default
  they have no review of their own.
- resolution.yaml `review:` overrides one document: ``review: none`` (no review;
  also ``no``/``false``/``không``), ``review: yes`` (the level's periods even for a
  plan), or ``review: {preliminary: 2027-12-31, final: 5}`` where each stage is a
  date, a number of years after the issue date, or ``none``. Stages not given
  keep what the document would otherwise have.
- Yearly evaluations fall on each anniversary of the issue date before the last
  review, except in a calendar year that has a review (the review covers it).
"""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .content.model import Due, ReviewOverride
from .content.reader import YamlDoc, parse_date
from .dates import format_date
from .diagnostics import Problem, error, warning
from .options import closest
from .vocabulary import KINDS, LEVELS

if TYPE_CHECKING:
    from .config import SiteConfig
    from .content.model import Resolution

PRELIMINARY = "preliminary"
FINAL = "final"
STAGES = (PRELIMINARY, FINAL)

DEFAULT_YEARS: Mapping[str, Mapping[str, int | None]] = MappingProxyType({
    "trung-uong": MappingProxyType({PRELIMINARY: 5, FINAL: 10}),
    "tinh": MappingProxyType({PRELIMINARY: 3, FINAL: 5}),
    "huyen": MappingProxyType({PRELIMINARY: 3, FINAL: 5}),
    "xa": MappingProxyType({PRELIMINARY: 3, FINAL: 5}),
})
DEFAULT_KINDS_WITHOUT_REVIEW = frozenset({"ke-hoach", "huong-dan", "thong-bao", "cong-van"})
DEFAULT_PLAN_MONTHS = 2
MAX_YEARS = 30
WINDOW_MONTHS = 12           # the page: overdue within the last 12 months, due within the next 12

# What an editor may write for "no review" (YAML reads `no`/`false` as False already).
NONE_WORDS = frozenset({"none", "no", "false", "khong", "không"})
YES_WORDS = frozenset({"yes", "true", "co", "có"})

# Milestone events, in the order they sort on the same day.
PLAN = "plan"
REVIEW = "review"
YEARLY = "yearly"
_EVENT_ORDER = {PLAN: 0, REVIEW: 1, YEARLY: 2}

# Groups of the page relative to the reference date.
OVERDUE = "overdue"
SOON = "soon"
LATER = "later"
GROUPS = (OVERDUE, SOON, LATER)



# ---------------------------------------------------------------- dates

def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier); the month's last day when it has no such day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


# ---------------------------------------------------------------- rules (site.yaml)

@dataclass(frozen=True)
class ReviewRules:
    """site.yaml `review:` with defaults filled in."""

    years: Mapping[str, Mapping[str, int | None]] = field(default_factory=lambda: DEFAULT_YEARS)
    kinds_without_review: frozenset[str] = DEFAULT_KINDS_WITHOUT_REVIEW
    plan_months: int = DEFAULT_PLAN_MONTHS

    def years_for(self, level: str) -> Mapping[str, int | None]:
        return self.years.get(level) or DEFAULT_YEARS.get(level) or MappingProxyType({})


SITE_KEYS = (*LEVELS, "plan_months", "kinds_without_review")


def parse_rules(raw: Any, doc: YamlDoc | None = None, extra_kinds: Iterable[str] = (),
                keys: tuple = ("review",)) -> tuple[ReviewRules, list[Problem]]:
    """site.yaml `review:` → rules, and every problem with its line (when `doc` is given).
    Anything invalid keeps its default, so a build after warnings still has rules."""
    where = _Locator(doc, keys)
    problems: list[Problem] = []
    if raw is None:
        return ReviewRules(), problems
    if not isinstance(raw, dict):
        problems.append(where.error((), "review-site-not-mapping"))
        return ReviewRules(), problems
    years = {level: dict(per) for level, per in DEFAULT_YEARS.items()}
    kinds_without = DEFAULT_KINDS_WITHOUT_REVIEW
    plan_months = DEFAULT_PLAN_MONTHS
    for key, value in raw.items():
        if key in LEVELS:
            per, found = _level_years(value, where, (key,))
            problems += found
            years[key].update(per)
        elif key == "plan_months":
            if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12:
                plan_months = value
            else:
                problems.append(where.error((key,), "review-bad-months", value=value))
        elif key == "kinds_without_review":
            kinds_without, found = _kinds(value, where, (key,), set(KINDS) | set(extra_kinds))
            problems += found
        else:
            problems.append(_unknown_key(where, (key,), SITE_KEYS))
    for level, per in years.items():
        if per.get(PRELIMINARY) and per.get(FINAL) and per[PRELIMINARY] >= per[FINAL]:
            problems.append(where.error((level,), "review-order-years", level=level,
                                        preliminary=per[PRELIMINARY], final=per[FINAL]))
    rules = ReviewRules(
        years=MappingProxyType({level: MappingProxyType(per) for level, per in years.items()}),
        kinds_without_review=frozenset(kinds_without), plan_months=plan_months)
    return rules, problems


def _unknown_key(where: "_Locator", keys: tuple, known: Iterable[str]) -> Problem:
    near = closest(str(keys[-1]), known)
    return where.error(keys, "review-unknown-key-near" if near else "review-unknown-key",
                       key=".".join(map(str, ("review", *keys))), choices=", ".join(known), near=near)


def _level_years(value: Any, where: "_Locator", keys: tuple) -> tuple[dict[str, int | None], list[Problem]]:
    if _is_none(value):
        return {PRELIMINARY: None, FINAL: None}, []
    if not isinstance(value, dict):
        return {}, [where.error(keys, "review-level-not-mapping", key=f"review.{keys[0]}")]
    result: dict[str, int | None] = {}
    problems: list[Problem] = []
    for stage, years in value.items():
        if stage not in STAGES:
            problems.append(_unknown_key(where, keys + (stage,), STAGES))
        elif _is_none(years) or years is None:
            result[stage] = None
        elif _is_years(years):
            result[stage] = years
        else:
            problems.append(where.error(keys + (stage,), "review-bad-years", key=f"review.{keys[0]}.{stage}",
                                        value=years, max=MAX_YEARS))
    return result, problems


def _kinds(value: Any, where: "_Locator", keys: tuple, known: set[str]) -> tuple[frozenset[str], list[Problem]]:
    if isinstance(value, str):
        value = [value]
    if value is None or _is_none(value):
        return frozenset(), []
    if not isinstance(value, list):
        return DEFAULT_KINDS_WITHOUT_REVIEW, [where.error(keys, "review-bad-kinds")]
    problems = []
    result = set()
    for index, kind in enumerate(value):
        if not isinstance(kind, str):
            problems.append(where.error(keys + (index,), "review-bad-kinds"))
        else:
            if kind not in known:
                problems.append(where.warning(keys + (index,), "review-unknown-kind", value=kind,
                                              choices=", ".join(sorted(known))))
            result.add(kind)
    return frozenset(result), problems


def review_rules(config: "SiteConfig", memo: dict[str, ReviewRules]) -> ReviewRules:
    """The site's rules (site.yaml was validated when the content was loaded). `memo`: the build
    session's rules by site.yaml's hash, so they are parsed once, not per resolution."""
    if config.source_hash not in memo:
        memo[config.source_hash] = parse_rules(config.extra.get("review"), extra_kinds=config.kinds)[0]
    return memo[config.source_hash]


def site_review_problems(doc: YamlDoc) -> list[Problem]:
    """Problems of site.yaml `review:`, each with file and line (for the loader)."""
    if not isinstance(doc.data, dict) or "review" not in doc.data:
        return []
    extra = doc.data.get("kinds") if isinstance(doc.data.get("kinds"), dict) else {}
    return parse_rules(doc.data["review"], doc, extra_kinds=[k for k in extra if isinstance(k, str)])[1]


# ---------------------------------------------------------------- override (resolution.yaml)

DONE = "done"


def parse_override(raw: Any, doc: YamlDoc | None = None, issued: dt.date | None = None,
                   level: str | None = None, kind: str | None = None, rules: ReviewRules | None = None,
                   keys: tuple = ("review",)) -> tuple[ReviewOverride | None, list[Problem]]:
    """resolution.yaml `review:` → an override (None when absent), and its problems with lines."""
    where = _Locator(doc, keys)
    if raw is None:
        return None, []
    if _is_none(raw):
        return ReviewOverride(reviewed=False), []
    if raw is True or (isinstance(raw, str) and raw.strip().casefold() in YES_WORDS):
        return ReviewOverride(reviewed=True), []
    if not isinstance(raw, dict):
        return None, [where.error((), "review-bad-override", value=raw)]
    problems: list[Problem] = []
    due: dict[str, Due] = {}
    done: dict[str, dt.date] = {}
    for stage, value in raw.items():
        if stage == DONE:
            done, found = _parse_done(value, where, issued)
            problems += found
            continue
        if stage not in STAGES:
            problems.append(where.error((stage,), "review-unknown-key", key=f"review.{stage}",
                                        choices=", ".join((*STAGES, DONE))))
            continue
        if value is None or _is_none(value):
            due[stage] = None
        elif _is_years(value):
            due[stage] = value
        elif (day := parse_date(value)) is not None:
            if issued is not None and day <= issued:
                problems.append(where.error((stage,), "review-before-issued", stage=stage, date=format_date(day),
                                            issued=format_date(issued)))
            else:
                due[stage] = day
        else:
            problems.append(where.error((stage,), "review-bad-due", key=f"review.{stage}", value=value,
                                        max=MAX_YEARS))
    override = ReviewOverride(due=MappingProxyType(due), done=MappingProxyType(done))
    if not problems and issued is not None and level is not None and kind is not None:
        dates = due_dates(issued, level, kind, override, rules or ReviewRules())
        if PRELIMINARY in dates and FINAL in dates and dates[PRELIMINARY] >= dates[FINAL]:
            problems.append(where.error((), "review-order", preliminary=format_date(dates[PRELIMINARY]),
                                        final=format_date(dates[FINAL])))
    return (None if problems else override), problems


def _parse_done(value: Any, where: "_Locator", issued: dt.date | None) -> tuple[dict[str, dt.date], list[Problem]]:
    """`done: {preliminary: 2025-06-20}`: the day each stage was held."""
    if not isinstance(value, dict):
        return {}, [where.error((DONE,), "review-bad-done", value=value)]
    done: dict[str, dt.date] = {}
    problems: list[Problem] = []
    for stage, held in value.items():
        day = parse_date(held)
        if stage not in STAGES:
            problems.append(where.error((DONE, stage), "review-unknown-key", key=f"review.done.{stage}",
                                        choices=", ".join(STAGES)))
        elif day is None:
            problems.append(where.error((DONE, stage), "review-bad-done", value=held))
        elif issued is not None and day <= issued:
            problems.append(where.error((DONE, stage), "review-before-issued", stage=f"done.{stage}",
                                        date=format_date(day), issued=format_date(issued)))
        else:
            done[stage] = day
    return done, problems


# ---------------------------------------------------------------- the schedule

@dataclass(frozen=True)
class Milestone:
    """One date of the calendar: a plan deadline, a review, or a yearly evaluation."""

    slug: str
    event: str                 # plan | review | yearly
    date: dt.date
    stage: str | None = None   # preliminary | final (plan and review)
    years: int | None = None   # review: after how many years (None: a fixed date); yearly: the n-th year
    review_date: dt.date | None = None   # plan: the review it prepares

    @property
    def uid_part(self) -> str:
        """Stable within a resolution: `preliminary`, `final-plan`, `yearly-3`."""
        if self.event == YEARLY:
            return f"yearly-{self.years}"
        return f"{self.stage}-plan" if self.event == PLAN else str(self.stage)

    @property
    def sort_key(self) -> tuple:
        return (self.date, _EVENT_ORDER[self.event], STAGES.index(self.stage) if self.stage else 0, self.slug)


def due_dates(issued: dt.date, level: str, kind: str, override: ReviewOverride | None,
              rules: ReviewRules) -> dict[str, dt.date]:
    """Stage → due date, for the stages this document has (none, one or both)."""
    if override is not None and override.reviewed is False:
        return {}
    reviewed_by_default = kind not in rules.kinds_without_review or (override is not None and override.reviewed)
    base: dict[str, Due] = dict(rules.years_for(level)) if reviewed_by_default else {}
    if override is not None:
        base.update(override.due)
    result: dict[str, dt.date] = {}
    for stage in STAGES:
        value = base.get(stage)
        if isinstance(value, dt.date):
            result[stage] = value
        elif isinstance(value, int):
            result[stage] = add_years(issued, value)
    return result


def resolution_due_dates(res: "Resolution", rules: ReviewRules) -> dict[str, dt.date]:
    return due_dates(res.issued, res.level, res.kind, res.review, rules)


def schedule(res: "Resolution", rules: ReviewRules) -> list[Milestone]:
    """Every milestone of one resolution, in date order."""
    override: ReviewOverride | None = res.review
    dates = resolution_due_dates(res, rules)
    milestones: list[Milestone] = []
    for stage, due in dates.items():
        if override is not None and stage in override.done:
            continue                    # held already: neither it nor its plan is still to come
        given = (override.due.get(stage) if override is not None and stage in override.due
                 else rules.years_for(res.level).get(stage))
        years = given if isinstance(given, int) else None
        milestones.append(Milestone(res.slug, REVIEW, due, stage, years))
        milestones.append(Milestone(res.slug, PLAN, add_months(due, -rules.plan_months), stage, years, due))
    if dates:
        last = max(dates.values())
        review_years = {d.year for d in dates.values()}
        n = 1
        while (day := add_years(res.issued, n)) < last:
            if day.year not in review_years:
                milestones.append(Milestone(res.slug, YEARLY, day, years=n))
            n += 1
    return sorted(milestones, key=lambda m: m.sort_key)


def site_schedule(resolutions: Iterable["Resolution"], rules: ReviewRules) -> list[Milestone]:
    """Every milestone of every resolution, in date order (ties: plan, review, yearly; then slug)."""
    result = [m for res in resolutions for m in schedule(res, rules)]
    return sorted(result, key=lambda m: m.sort_key)


def classify(day: dt.date, reference: dt.date) -> str | None:
    """overdue (in the 12 months before `reference`), soon (from `reference` to 12 months
    after, both included), later; None for what passed more than 12 months ago."""
    if day < reference:
        return OVERDUE if day >= add_months(reference, -WINDOW_MONTHS) else None
    if day <= add_months(reference, WINDOW_MONTHS):
        return SOON
    return LATER


def group(milestones: Iterable[Milestone], reference: dt.date) -> dict[str, list[Milestone]]:
    """The page's three lists; each in date order."""
    groups: dict[str, list[Milestone]] = {name: [] for name in GROUPS}
    for milestone in sorted(milestones, key=lambda m: m.sort_key):
        name = classify(milestone.date, reference)
        if name is not None:
            groups[name].append(milestone)
    return groups


# ---------------------------------------------------------------- helpers

class _Locator:
    """Problems at a key path of a YAML document (no location when there is no document)."""

    def __init__(self, doc: YamlDoc | None, keys: tuple):
        self.doc, self.keys = doc, keys

    def _where(self, keys: tuple) -> tuple[Any, int | None, int | None]:
        if self.doc is None:
            return None, None, None
        full = self.keys + keys
        line = self.doc.line_of(*full)
        col = self.doc.col_of(*full) if full in self.doc.positions else None
        return self.doc.path, line, col

    def error(self, keys: tuple, code: str, **params: Any) -> Problem:
        path, line, col = self._where(keys)
        return error(path, line, code, col=col, **params)

    def warning(self, keys: tuple, code: str, **params: Any) -> Problem:
        path, line, col = self._where(keys)
        return warning(path, line, code, col=col, **params)


def _is_none(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().casefold() in NONE_WORDS)


def _is_years(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_YEARS


