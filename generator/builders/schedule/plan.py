"""The commune broadcast plan: which material airs in which slot of the coming weeks.

Plain data in, plain data out (no files): the items (every audio file that can
go on air, newest material first), the site's slots, and "today". Pinned
items take their date first; then each slot, in time order, takes the newest
items that still have airings left, in its languages, as long as they fit:
no slot ever holds more minutes than it lasts. The parts of a script air in
order (part 2 never before part 1 has aired as often).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ...loudspeaker.schedule import BroadcastSchedule, BroadcastSlot, PinnedItem


@dataclass(frozen=True)
class BroadcastItem:
    """One file that can air: a part of a loudspeaker script (or another output's spoken item)."""

    slug: str
    lang: str
    kind: str                   # its manifest kind, e.g. loudspeaker-audio
    path: str                   # relative to output/
    seconds: float
    part: int                   # 1-based; 1 of 1 for a whole script
    parts: int
    title: str
    code: str
    reader: str                 # who recorded it; "" for synthesised speech
    newness: dt.date            # newer material airs first

    @property
    def series(self) -> tuple[str, str, str]:
        """The script (or other material) the item is a part of."""
        return (self.kind, self.slug, self.lang)


@dataclass
class Airing:
    """One slot on one day, and what it plays."""

    start: dt.datetime
    slot: BroadcastSlot
    languages: tuple[str, ...]
    items: list[BroadcastItem] = field(default_factory=list)
    pinned: list[BroadcastItem] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(item.seconds for item in self.items)

    @property
    def free(self) -> float:
        return self.slot.minutes * 60 - self.seconds

    def can_take(self, item: BroadcastItem) -> bool:
        return item.lang in self.languages and item not in self.items and item.seconds <= self.free


@dataclass
class Plan:
    airings: list[Airing]
    too_long: list[BroadcastItem]                   # longer than every slot of their language
    pinned_missing: list[PinnedItem]                # no such material (with audio)
    pinned_unplaced: list[PinnedItem]               # no slot on its date (in the weeks planned), or no room
    pinned_past: list[PinnedItem] = field(default_factory=list)   # dated before today: never airs


def occurrences(schedule: BroadcastSchedule, today: dt.date, languages: tuple[str, ...]) -> list[Airing]:
    """Every slot of the coming `weeks` weeks from today (today included), in time order."""
    found = []
    for offset in range(schedule.weeks * 7):
        day = today + dt.timedelta(days=offset)
        for slot in schedule.slots:
            if slot.weekday == day.weekday():
                found.append(Airing(dt.datetime.combine(day, slot.start), slot,
                                    tuple(lang for lang in languages if slot.languages is None
                                          or lang in slot.languages)))
    found.sort(key=lambda airing: airing.start)
    return found


def plan(items: list[BroadcastItem], schedule: BroadcastSchedule, today: dt.date,
         languages: tuple[str, ...]) -> Plan:
    """`items` newest first; `languages`: the site's, in its order (a slot without its own list
    takes every one of them that has items)."""
    with_audio = tuple(lang for lang in languages if any(item.lang == lang for item in items))
    airings = occurrences(schedule, today, with_audio)
    left = {item: schedule.repeats for item in items}
    aired: dict[BroadcastItem, int] = {item: 0 for item in items}
    by_part = {(item.series, item.part): item for item in items}
    result = Plan(airings, [], [], [])

    def place(item: BroadcastItem, airing: Airing) -> None:
        airing.items.append(item)
        aired[item] += 1
        left[item] = max(0, left[item] - 1)

    for pin in schedule.pinned:
        chosen = sorted((item for item in items if item.slug == pin.slug and item.lang == pin.lang),
                        key=lambda item: (item.kind, item.part))
        if not chosen:
            result.pinned_missing.append(pin)
            continue
        if pin.date < today:
            result.pinned_past.append(pin)      # aired already, or a mistyped year: it never will
            continue
        if pin.date >= today + dt.timedelta(weeks=schedule.weeks):
            continue        # a later build plans it (its weeks will reach the date)
        that_day = [a for a in airings if a.start.date() == pin.date and pin.lang in a.languages]
        for item in chosen:
            airing = next((a for a in that_day if a.can_take(item)), None)
            if airing is None:
                result.pinned_unplaced.append(pin)
                break
            place(item, airing)
            airing.pinned.append(item)

    def in_order(item: BroadcastItem) -> bool:
        before = by_part.get((item.series, item.part - 1))
        return before is None or aired[before] > aired[item]

    for airing in airings:
        for item in items:
            if left[item] > 0 and airing.can_take(item) and in_order(item):
                place(item, airing)
    longest = {lang: max((a.slot.minutes * 60 for a in airings if lang in a.languages), default=0.0)
               for lang in with_audio}
    result.too_long = [item for item in items if item.seconds > longest.get(item.lang, 0.0)]
    return result
