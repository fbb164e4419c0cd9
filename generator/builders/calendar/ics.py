"""iCalendar (.ics) files a reader imports into a phone or Outlook calendar.

Plain data in, bytes out, with the `icalendar` package doing the format
(line folding, escaping). Nothing here reads the clock: the caller passes
the DTSTAMP, so two builds of the same content give the same file.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:                   # imported where used: `build --only site` never loads it
    import icalendar

PRODID = "-//tuyentruyen//lich-so-ket//VI"


@dataclass(frozen=True)
class AllDayEvent:
    uid: str
    day: dt.date
    summary: str
    description: str
    url: str


def calendar_bytes(name: str, events: Iterable[AllDayEvent], stamp: dt.datetime,
                   reminder_days: int) -> bytes:
    """A VCALENDAR named `name` with one all-day VEVENT per event, each with a reminder
    `reminder_days` before (at midnight starting that day, as calendar apps show all-day alarms)."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_vevent(event, stamp, reminder_days))
    return calendar.to_ical()


@dataclass(frozen=True)
class TimedEvent:
    """An event at a local time (floating: the phone's own time zone, as a commune means it)."""

    uid: str
    start: dt.datetime          # naive: local time
    minutes: float
    summary: str
    description: str


def timed_calendar_bytes(name: str, events: Iterable[TimedEvent], stamp: dt.datetime) -> bytes:
    """A VCALENDAR named `name` with one VEVENT per event, from its start for its minutes."""
    import icalendar

    calendar = _calendar(name)
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", event.uid)
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.start + dt.timedelta(minutes=event.minutes))
        vevent.add("summary", event.summary)
        vevent.add("description", event.description)
        calendar.add_component(vevent)
    return calendar.to_ical()


def _calendar(name: str) -> icalendar.Calendar:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _vevent(event: AllDayEvent, stamp: dt.datetime, reminder_days: int) -> icalendar.Event:
    import icalendar

    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.day)
    vevent.add("dtend", event.day + dt.timedelta(days=1))   # all-day: the end is exclusive
    vevent.add("summary", event.summary)
    vevent.add("description", event.description)
    vevent.add("url", event.url)
    vevent.add("transp", "TRANSPARENT")                      # a deadline, not a busy day
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event.summary)
    alarm.add("trigger", dt.timedelta(days=-reminder_days))
    vevent.add_component(alarm)
    return vevent
