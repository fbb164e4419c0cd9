"""The review calendar (lịch sơ kết, tổng kết): a page and an .ics file per language.

review_schedule.py decides what falls due when; this builder groups the milestones
around the reference date ("today": SOURCE_DATE_EPOCH when set), prepares the
rows a reader sees, and writes the same milestones as an iCalendar file: one page per
language, rendered with the site's layout and menus by a PageRenderer (builders/site/renderer.py).
"""
from __future__ import annotations

import datetime as dt
import posixpath
from functools import cached_property
from typing import Any, Callable
from urllib.parse import urlparse

from ... import review_schedule, urls
from ...dates import reference_date, site_date
from ...i18n import translations_for
from .ics import AllDayEvent, calendar_bytes
from ...review_schedule import FINAL, PLAN, PRELIMINARY, REVIEW, YEARLY, Milestone
from ...vocabulary import LEVELS, N_
from ..base import BuildContext, LanguageBuilder
from ..site.renderer import PageRenderer

NAME = "calendar"
REMINDER_DAYS = 14            # the .ics reminds this many days before each date

# What falls due, per (event, stage): without and with the number of years it counts.
WHAT: dict[tuple[str, str | None], tuple[str, str]] = {
    (PLAN, PRELIMINARY): (N_("Ban hành kế hoạch sơ kết"), N_("Ban hành kế hoạch sơ kết %(years)s năm")),
    (REVIEW, PRELIMINARY): (N_("Sơ kết"), N_("Sơ kết %(years)s năm")),
    (PLAN, FINAL): (N_("Ban hành kế hoạch tổng kết"), N_("Ban hành kế hoạch tổng kết %(years)s năm")),
    (REVIEW, FINAL): (N_("Tổng kết"), N_("Tổng kết %(years)s năm")),
    (YEARLY, None): (N_("Đánh giá kết quả năm thứ %(years)s"),) * 2,     # always numbered
}
CALENDAR_NAME = N_("Lịch sơ kết, tổng kết")
# The event title in a phone's calendar: what, then which document.
EVENT_SUMMARY = N_("%(what)s: %(kind)s %(code)s")


def describe(milestone: Milestone, gettext: Callable[[str], str]) -> str:
    """'Sơ kết 5 năm', 'Ban hành kế hoạch tổng kết 10 năm', … in the language of `gettext`."""
    plain, counted = WHAT[(milestone.event, milestone.stage)]
    if milestone.years is None:
        return gettext(plain)
    return gettext(counted) % {"years": milestone.years}


def overdue_by(day: dt.date, reference: dt.date) -> dict[str, int]:
    """How long ago `day` was: whole months, and days (for less than a month)."""
    months = 0
    while review_schedule.add_months(day, months + 1) <= reference:
        months += 1
    return {"months": months, "days": (reference - day).days}


class CalendarBuilder(LanguageBuilder):
    name = NAME
    kinds = ("calendar", "calendar-ics")
    while_printing = True      # reads the model and the schedule only, no staged file

    def __init__(self, ctx: BuildContext):
        super().__init__(ctx)
        self.pages = PageRenderer(ctx, self.publish, switch_to=self.page_path)
        self.rules = review_schedule.review_rules(self.config, ctx.session.review_rules)
        self._views: dict[str, dict[str, Any]] = {}
        self._view_keys: dict[str, tuple] = {}

    # ------------------------------------------------------------ work items: one per language

    def page_path(self, lang: str) -> str:
        return urls.calendar_path(self.config, lang)

    def theme_fingerprint(self) -> str:
        return self.pages.theme_fingerprint()

    def item_inputs(self, lang: str) -> Any:
        """What the rows are made of (with the reference date, so a new day rebuilds), the stamp,
        the layout. Not the rows themselves: a new process makes them only when they are shown."""
        return (self.view_key(lang), self.stamp, self.pages.site_view(lang))

    def build_item(self, lang: str) -> None:
        view = self.calendar_view(lang)
        path = self.page_path(lang)
        self.pages.render("calendar.html", path, lang, kind="calendar", calendar=view,
                          alternates=self.pages.other_languages(lang))
        if view["ics"] is not None:
            self.ctx.staging.write_bytes(view["ics"]["path"], self.ics(lang, view), kind="calendar-ics", lang=lang)

    def finish(self) -> None:
        """Nothing shared: the site builder already wrote the stylesheet."""

    # ------------------------------------------------------------ view data

    def milestones(self, lang: str) -> list[Milestone]:
        """Of the resolutions this language's site shows (its fallback policy: `omit` leaves
        untranslated ones out here too, `source` lists them with their Vietnamese title)."""
        return review_schedule.site_schedule([e.resolution for e in self.site.editions(lang)], self.rules)

    @cached_property
    def stamp(self) -> dt.datetime:
        """DTSTAMP of every event: SOURCE_DATE_EPOCH, else the newest issue date (never the clock)."""
        day = site_date(self.site.resolutions)
        return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone.utc)

    def calendar_view(self, lang: str) -> dict[str, Any]:
        """Made once per build and language, and kept by a long-running process (serve) while
        what it is made of is unchanged: an edit to a point's text changes no date."""
        if lang not in self._views:
            key = self.view_key(lang)
            known = self.ctx.session.calendar_views.get(lang)  # lang → (what the view was made of, the view)
            if known is None or known[0] != key:
                known = self.ctx.session.calendar_views[lang] = (key, self._calendar_view(lang))
            self._views[lang] = known[1]
        return self._views[lang]

    def view_key(self, lang: str) -> tuple:
        """Everything the view reads: the day, site.yaml, catalogs and templates, and per
        resolution what its dates and its row come from (made once per build and language)."""
        if lang not in self._view_keys:
            self._view_keys[lang] = self._view_key(lang)
        return self._view_keys[lang]

    def _view_key(self, lang: str) -> tuple:
        rows = []
        for edition in self.site.editions(lang):
            res = edition.resolution
            rows.append((res.slug, res.code, res.kind, res.level, res.issued, res.review, edition.summary.lang,
                         edition.summary.title))
        return reference_date(), self.config.source_hash, self.theme_fingerprint(), tuple(rows)

    def _calendar_view(self, lang: str) -> dict[str, Any]:
        reference = reference_date()
        gettext = translations_for(lang, self.ctx.content_dir).gettext
        groups = review_schedule.group(self.milestones(lang), reference)
        ics_path = urls.calendar_ics_path(self.config, lang)
        has_events = any(groups.values())
        return {
            "reference": reference,
            "groups": [{"key": name, "items": [self.row(m, lang, reference, gettext) for m in found]}
                       for name, found in groups.items()],
            "ics": {"path": ics_path, "name": posixpath.basename(ics_path)} if has_events else None,
            "reminder_days": REMINDER_DAYS,
            "rules": self.rules_view(),
        }

    def row(self, milestone: Milestone, lang: str, reference: dt.date, gettext: Callable[[str], str]) -> dict[str, Any]:
        res = self.site.resolution(milestone.slug)
        link = self.pages.related([milestone.slug], lang)[0]
        return {
            "slug": milestone.slug, "uid": milestone.uid_part, "event": milestone.event, "stage": milestone.stage,
            "what": describe(milestone, gettext), "date": milestone.date, "review_date": milestone.review_date,
            "title": link["title"], "path": link["path"],
            "content_lang": self.config.languages[link["lang"]].tag if link["lang"] else None,
            "code": res.code, "kind_name": self.pages.kind_names.get(res.kind, res.kind),
            "level_name": LEVELS.get(res.level, res.level),
            "ago": overdue_by(milestone.date, reference) if milestone.date < reference else None,
        }

    def rules_view(self) -> dict[str, Any]:
        """The periods in force, so the page says how its dates were counted."""
        return {
            "levels": [{"name": name, "preliminary": self.rules.years_for(level).get(PRELIMINARY),
                        "final": self.rules.years_for(level).get(FINAL)} for level, name in LEVELS.items()],
            "plan_months": self.rules.plan_months,
            "kinds_without_review": sorted(self.pages.kind_names.get(k, k) for k in self.rules.kinds_without_review),
        }

    # ------------------------------------------------------------ the .ics file

    def ics(self, lang: str, view: dict[str, Any]) -> bytes:
        gettext = translations_for(lang, self.ctx.content_dir).gettext
        host = urlparse(self.config.base_url).hostname or "tuyentruyen"
        events = []
        for group in view["groups"]:
            for row in group["items"]:
                summary = gettext(EVENT_SUMMARY) % {"what": row["what"], "kind": gettext(row["kind_name"]),
                                                    "code": row["code"]}
                url = urls.absolute(self.config, row["path"])
                events.append(AllDayEvent(uid=f"{row['slug']}-{row['uid']}-{lang}@{host}", day=row["date"],
                                          summary=summary, description=f"{row['title']}\n{url}", url=url))
        name = f"{gettext(CALENDAR_NAME)} – {self.config.title_in(lang)}"
        return calendar_bytes(name, events, self.stamp, REMINDER_DAYS)
