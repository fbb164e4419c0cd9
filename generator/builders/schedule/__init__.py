"""The commune broadcast schedule (lịch phát thanh), from site.yaml `broadcast.schedule`.

Plans the newest spoken material into the slots of the coming weeks (plan.py)
from the build date ("today": SOURCE_DATE_EPOCH when set) and writes, into
`phat-thanh/`: the weekly schedule and the log sheet (A4 PDFs, Typst), an M3U
playlist per slot that has something to play, and an .ics calendar. Without
`broadcast.schedule`, or in a build without audio, it makes nothing.
"""
from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path
from typing import Any, Callable, Iterable

from ...loudspeaker.settings import loudspeaker_settings
from ...loudspeaker.schedule import BroadcastSchedule
from ...content.model import Site
from ...dates import format_date, reference_date
from ...diagnostics import Problem, warning
from ...fonts import font_dirs
from ...i18n import translations_for
from ..calendar.ics import TimedEvent, timed_calendar_bytes
from ..pdf_jobs import PdfJob, PdfService
from ...loudspeaker.script import format_duration
from ...machinery.templating import make_environment
from ...theme import template_dirs
from ...vocabulary import N_
from ..base import Builder
from .items import BROADCAST_KINDS, broadcast_items
from .plan import Airing, BroadcastItem, Plan, plan

FOLDER = "phat-thanh/"
SCHEDULE_PDF = FOLDER + "lich-phat-thanh.pdf"
LOG_PDF = FOLDER + "so-nhat-ky-phat-thanh.pdf"
CALENDAR = FOLDER + "lich-phat-thanh.ics"
BLANK_LOG_ROWS = 6          # for what the commune airs beyond the plan (live readings, notices)

WEEKDAY_NAMES = (N_("Thứ hai"), N_("Thứ ba"), N_("Thứ tư"), N_("Thứ năm"), N_("Thứ sáu"), N_("Thứ bảy"),
                 N_("Chủ nhật"))
LABELS = {
    "schedule_title": N_("LỊCH PHÁT THANH"),
    "log_title": N_("SỔ NHẬT KÝ PHÁT THANH"),
    "week": N_("Tuần %(number)s: từ %(first)s đến %(last)s"),
    "planned_from": N_("Lập ngày %(date)s, cho %(weeks)s tuần tới"),
    "date": N_("Ngày"),
    "time": N_("Giờ"),
    "item": N_("Nội dung"),
    "duration": N_("Thời lượng"),
    "reader": N_("Người đọc"),
    "signature": N_("Ký tên"),
    "slot": N_("Buổi phát %(minutes)s phút, đã dùng %(used)s"),
    "nothing": N_("Chưa có bài mới: phát lại tin, bài của địa phương."),
    "pinned": N_("phát đúng ngày"),
    "part": N_("Phần %(number)s/%(total)s"),
    "bulletin": N_("Bản tin ngắn trên loa (âm thanh)"),     # the page's words for it: already translated
    "playlist": N_("Danh sách phát"),
}
CALENDAR_NAME = N_("Lịch phát thanh")
# What tells an item from the full script of the same document, in the schedule, log, playlists and calendar.
KIND_LABELS = {"brief-loudspeaker-audio": "bulletin"}


def schedule_template_dirs(content_dir: Path) -> list[Path]:
    """The schedule's and the log's Typst root: its own folders, then the leaflets' (common.typ)."""
    return template_dirs(content_dir, "schedule") + template_dirs(content_dir, "leaflet")


class ScheduleBuilder(Builder):
    name = "schedule"
    kinds = ("broadcast-schedule", "broadcast-log", "playlist", "broadcast-ics")
    while_printing = True      # it reads the audio the loudspeaker builders published, no file

    def items(self) -> Iterable[None]:
        """One product, made again every build (it plans from today and from the audio made
        in this build); none without `broadcast.schedule` or audio (--no-audio, serve)."""
        schedule = loudspeaker_settings(self.config).schedule
        return [] if schedule is None or self.ctx.options.no_audio else [None]

    def build_item(self, _: None) -> None:
        schedule = loudspeaker_settings(self.config).schedule
        assert schedule is not None         # items()
        lang = self.config.default_language
        gettext = translations_for(lang, self.ctx.content_dir).gettext
        items = broadcast_items(self.site, self.ctx.published.broadcast_audio())
        today = reference_date()
        the_plan = plan(items, schedule, today, self.config.language_codes)
        self.report(the_plan, items)
        self.write_playlists(the_plan, gettext)
        self.write_calendar(the_plan, gettext, today)
        self.write_sheets(the_plan, schedule, today, gettext)

    def pdf_service(self) -> PdfService:
        """The schedule's own templates (they import the leaflets' common.typ), in this process:
        two PDFs do not pay for starting workers."""
        return PdfService(schedule_template_dirs(self.ctx.content_dir), font_dirs=font_dirs(self.ctx.content_dir),
                          cache_dir=self.ctx.options.cache_dir, jobs=1)

    # ------------------------------------------------------------ problems

    def report(self, the_plan: Plan, items: list[BroadcastItem]) -> None:
        site_yaml = self.config.path
        if not items:
            self.ctx.problems.append(warning(site_yaml, None, "schedule-no-audio"))
        for pin in the_plan.pinned_missing:
            self.ctx.problems.append(warning(site_yaml, pin.line, "schedule-pinned-missing", slug=pin.slug,
                                             lang=pin.lang))
        for pin in the_plan.pinned_unplaced:
            self.ctx.problems.append(warning(site_yaml, pin.line, "schedule-pinned-unplaced", slug=pin.slug,
                                             lang=pin.lang, date=format_date(pin.date)))
        for pin in the_plan.pinned_past:
            self.ctx.problems.append(warning(site_yaml, pin.line, "schedule-pinned-past", slug=pin.slug,
                                             lang=pin.lang, date=format_date(pin.date)))
        for item in the_plan.too_long:
            self.ctx.problems.append(warning(site_yaml, None, "schedule-item-too-long", file=item.path,
                                             minutes=f"{item.seconds / 60:.1f}"))

    # ------------------------------------------------------------ views

    def item_view(self, item: BroadcastItem, airing: Airing, gettext: Callable[[str], str]) -> dict[str, Any]:
        language = self.config.languages[item.lang]
        labels = [gettext(LABELS[KIND_LABELS[item.kind]])] if item.kind in KIND_LABELS else []
        if item.parts > 1:
            labels.append(gettext(LABELS["part"]) % {"number": item.part, "total": item.parts})
        part = ", ".join(labels)
        return {"title": item.title, "code": item.code, "language": language.name, "part": part,
                "duration": format_duration(item.seconds, gettext), "reader": item.reader,
                "pinned": item in airing.pinned, "file": posixpath.basename(item.path)}

    def airing_view(self, airing: Airing, gettext: Callable[[str], str]) -> dict[str, Any]:
        return {"time": airing.start.strftime("%H:%M"),
                "summary": gettext(LABELS["slot"]) % {"minutes": f"{airing.slot.minutes:g}",
                                                      "used": format_duration(airing.seconds, gettext)},
                "items": [self.item_view(item, airing, gettext) for item in airing.items],
                "playlist": posixpath.basename(playlist_path(airing)) if airing.items else ""}

    def weeks_view(self, the_plan: Plan, schedule: BroadcastSchedule, today: dt.date,
                   gettext: Callable[[str], str]) -> list[dict[str, Any]]:
        weeks = []
        for number in range(schedule.weeks):
            first = today + dt.timedelta(days=7 * number)
            days = []
            for offset in range(7):
                day = first + dt.timedelta(days=offset)
                airings = [a for a in the_plan.airings if a.start.date() == day]
                if airings:
                    days.append({"name": gettext(WEEKDAY_NAMES[day.weekday()]), "date": format_date(day),
                                 "airings": [self.airing_view(a, gettext) for a in airings]})
            weeks.append({"title": gettext(LABELS["week"]) % {"number": number + 1, "first": format_date(first),
                                                              "last": format_date(first + dt.timedelta(days=6))},
                          "days": days})
        return weeks

    def sheet_data(self, the_plan: Plan, schedule: BroadcastSchedule, today: dt.date,
                   gettext: Callable[[str], str]) -> dict[str, Any]:
        lang = self.config.default_language
        labels = {key: gettext(text) for key, text in LABELS.items()}
        labels["planned_from"] = labels["planned_from"] % {"date": format_date(today), "weeks": schedule.weeks}
        return {"lang": lang, "lang_tag": self.config.languages[lang].tag, "organisation": self.config.organisation,
                "station": loudspeaker_settings(self.config).station, "title": labels["schedule_title"],
                "labels": labels, "pdf_date": [today.year, today.month, today.day],
                "weeks": self.weeks_view(the_plan, schedule, today, gettext), "blank_rows": BLANK_LOG_ROWS}

    # ------------------------------------------------------------ files

    def write_sheets(self, the_plan: Plan, schedule: BroadcastSchedule, today: dt.date,
                     gettext: Callable[[str], str]) -> None:
        data = self.sheet_data(the_plan, schedule, today, gettext)
        # Site-wide PDFs: no slug, no language in the manifest.
        self.render_pdf(PdfJob(SCHEDULE_PDF, "broadcast-schedule", "", "", "schedule.typ", data))
        self.render_pdf(PdfJob(LOG_PDF, "broadcast-log", "", "", "log.typ",
                               {**data, "title": data["labels"]["log_title"]}))

    def write_playlists(self, the_plan: Plan, gettext: Callable[[str], str]) -> None:
        """M3U, one per slot with something to play; entries relative to the playlist, so the
        folder works copied onto a USB stick. CRLF and UTF-8, as old Windows players want."""
        env = make_environment(template_dirs(self.ctx.content_dir, "schedule"), autoescape=False)
        template = env.get_template("playlist.m3u")
        for airing in the_plan.airings:
            if not airing.items:
                continue
            path = playlist_path(airing)
            entries = [{**self.item_view(item, airing, gettext), "seconds": round(item.seconds),
                        "file": posixpath.relpath(item.path, posixpath.dirname(path))} for item in airing.items]
            text = template.render(entries=entries).replace("\r\n", "\n").replace("\n", "\r\n")
            self.ctx.staging.write_text(path, text, kind="playlist")

    def write_calendar(self, the_plan: Plan, gettext: Callable[[str], str], today: dt.date) -> None:
        host = self.config.base_url.split("//", 1)[-1].split("/", 1)[0]
        events = []
        for airing in the_plan.airings:
            if not airing.items:
                continue
            views = [self.item_view(item, airing, gettext) for item in airing.items]
            pinned = [v for v in views if v["pinned"]]
            # A pinned item names its document in the title a phone shows; else the first item does.
            lead = pinned[0] if pinned else views[0]
            summary = f"{lead['code']}: {lead['title']}"
            others = len({v["code"] for v in views} - {lead["code"]})
            if others:
                summary += f" (+{others})"
            lines = [f"{v['code']}: {v['title']} [{v['language']}] {v['part']} {v['duration']}".replace("  ", " ")
                     for v in views]
            events.append(TimedEvent(uid=f"{airing.start:%Y%m%dT%H%M}-phat-thanh@{host}", start=airing.start,
                                     minutes=airing.slot.minutes, summary=summary, description="\n".join(lines)))
        stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.timezone.utc)
        self.ctx.staging.write_bytes(CALENDAR, timed_calendar_bytes(gettext(CALENDAR_NAME), events, stamp),
                                     kind="broadcast-ics")


def pinned_problems(site: Site) -> list[Problem]:
    """For `check`: pinned items naming no resolution, or a language it has no summary in, or dated
    before today."""
    schedule = loudspeaker_settings(site.config).schedule
    if schedule is None:
        return []
    problems = []
    for pin in schedule.pinned:
        res = site.resolution(pin.slug)
        if res is None or pin.lang not in res.summaries:
            problems.append(warning(site.config.path, pin.line, "schedule-pinned-missing", slug=pin.slug,
                                    lang=pin.lang))
        elif pin.date < reference_date():
            problems.append(warning(site.config.path, pin.line, "schedule-pinned-past", slug=pin.slug,
                                    lang=pin.lang, date=format_date(pin.date)))
    return problems


def playlist_path(airing: Airing) -> str:
    return f"{FOLDER}{airing.start:%Y-%m-%d-%H%M}.m3u"


__all__ = ["ScheduleBuilder", "BROADCAST_KINDS", "FOLDER", "pinned_problems"]
