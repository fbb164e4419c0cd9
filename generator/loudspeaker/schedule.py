"""site.yaml `broadcast.schedule`: the commune's weekly loudspeaker slots and pinned items, as typed
options (each wrong value an OptionError naming the nested key and its line). The schedule builder
(builders/schedule/) plans the material into these slots."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..content.reader import YamlDoc, parse_date
from ..options import OptionError, closest, site_languages
from ..textfold import fold
from ..vocabulary import SLUG

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The same days as Vietnamese write them on a notice board: thứ hai = t2 … chủ nhật = cn; also
# "thứ 2", "Thứ Hai", "Thứ Bẩy", "T.2", "chu nhat" written out (compared folded, without spaces or dots).
_WEEK_VI = (("t2", "thu2", "thuhai"), ("t3", "thu3", "thuba"), ("t4", "thu4", "thutu"), ("t5", "thu5", "thunam"),
            ("t6", "thu6", "thusau"), ("t7", "thu7", "thubay"), ("cn", "chunhat"))
WEEKDAY_ALIASES = {alias: day for day, aliases in zip(WEEKDAYS, _WEEK_VI)
                   for alias in aliases}
SCHEDULE_KEYS = ("weeks", "repeats", "slots", "pinned")
SLOT_KEYS = ("day", "time", "minutes", "languages")
PINNED_KEYS = ("slug", "lang", "date")


@dataclass(frozen=True)
class BroadcastSlot:
    """A weekly slot of the commune loudspeaker: its day, start, length and languages."""

    weekday: int                                # 0 = Monday
    start: dt.time
    minutes: float
    languages: tuple[str, ...] | None = None    # None: every language with audio


@dataclass(frozen=True)
class PinnedItem:
    """Material that must air on a given date (its site.yaml line, for messages)."""

    slug: str
    lang: str
    date: dt.date
    line: int


@dataclass(frozen=True)
class BroadcastSchedule:
    slots: tuple[BroadcastSlot, ...]
    weeks: int = 2                              # how far ahead to plan
    repeats: int = 2                            # how many times each new item airs
    pinned: tuple[PinnedItem, ...] = ()


def validate_schedule(value: Any, doc: YamlDoc, keys: tuple) -> BroadcastSchedule:
    """site.yaml `broadcast.schedule`; raises OptionError naming the nested key and its line."""
    spec = _submapping(value, doc, keys, SCHEDULE_KEYS)
    languages = tuple(site_languages(doc))
    weeks = _whole(spec, "weeks", 1, 12, 2, doc, keys, "số tuần lên lịch trước, từ 1 đến 12")
    repeats = _whole(spec, "repeats", 1, 10, 2, doc, keys, "số lần phát mỗi bài mới, từ 1 đến 10")
    slots = spec.get("slots")
    if not isinstance(slots, list) or not slots:
        raise _bad_value(doc, keys, "slots", "danh sách buổi phát, mỗi dòng {day: mon, time: \"06:00\", minutes: 15}")
    parsed: list[BroadcastSlot] = []
    for index, item in enumerate(slots):
        slot = _slot(item, doc, keys + ("slots", index), languages)
        if any((other.weekday, other.start) == (slot.weekday, slot.start) for other in parsed):
            # One loudspeaker system plays one thing at a time (and a slot's playlist is named by its time).
            raise _bad_value(doc, keys + ("slots", index), "time",
                             f"một giờ khác: đã có buổi phát {WEEKDAYS[slot.weekday]} lúc {slot.start:%H:%M}")
        parsed.append(slot)
    return BroadcastSchedule(
        slots=tuple(parsed), weeks=weeks, repeats=repeats,
        pinned=tuple(_pinned(item, doc, keys + ("pinned", index), languages)
                     for index, item in enumerate(_list(spec, "pinned", doc, keys))))


def _key_name(keys: tuple) -> str:
    """broadcast.schedule.slots[2].day: list items counted from 1, as an editor counts them."""
    return "".join(f"[{key + 1}]" if isinstance(key, int) else f".{key}" for key in keys).lstrip(".")


def _submapping(value: Any, doc: YamlDoc, keys: tuple, known: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise OptionError("config-bad-value", subkey=_key_name(keys), line=doc.line_of(*keys),
                          expected="các dòng con 'tên: giá trị'")
    for key in value:
        if key not in known:
            near = closest(str(key), known)
            raise OptionError("config-bad-subkey-near" if near else "config-bad-subkey", near=near,
                              subkey=_key_name(keys + (key,)), choices=", ".join(known), line=doc.line_of(*keys, key))
    return value


def _list(spec: dict, key: str, doc: YamlDoc, keys: tuple) -> list:
    value = spec.get(key, [])
    if not isinstance(value, list):
        raise _bad_value(doc, keys, key, "một danh sách, mỗi mục một dòng bắt đầu bằng '- '")
    return value


def _whole(spec: dict, key: str, low: int, high: int, default: int, doc: YamlDoc, keys: tuple,
           expected: str) -> int:
    value = spec.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad_value(doc, keys, key, expected)
    return value


def _bad_value(doc: YamlDoc, keys: tuple, key: str, expected: str) -> OptionError:
    """The value of `key` under `keys` is not what `expected` says."""
    return OptionError("config-bad-value", subkey=_key_name(keys + (key,)), expected=expected,
                       line=doc.line_of(*keys, key))


def _slot(value: Any, doc: YamlDoc, keys: tuple, languages: tuple[str, ...]) -> BroadcastSlot:
    spec = _submapping(value, doc, keys, SLOT_KEYS)
    bad = partial(_bad_value, doc, keys)

    day = str(spec.get("day", "")).strip().lower()
    day = day if day in WEEKDAYS else WEEKDAY_ALIASES.get(fold(day).replace(" ", ""), day)
    if day not in WEEKDAYS:
        raise bad("day", "một ngày trong tuần: thứ 2 … thứ 7, chủ nhật (hoặc t2 … t7, cn; "
                         "mon, tue, wed, thu, fri, sat, sun)")
    start = _clock(spec.get("time"))
    if start is None:
        raise bad("time", "giờ bắt đầu dạng \"06:00\" (trong ngoặc kép)")
    minutes = spec.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not 1 <= minutes <= 180:
        raise bad("minutes", "số phút của buổi phát, từ 1 đến 180")
    chosen = spec.get("languages")
    if chosen is not None and (not isinstance(chosen, list) or not chosen
                               or any(lang not in languages for lang in chosen)):
        raise bad("languages", f"danh sách mã ngôn ngữ của trang, ví dụ [{', '.join(languages)}]")
    return BroadcastSlot(WEEKDAYS.index(day), start, float(minutes), tuple(chosen) if chosen else None)


def _clock(value: Any) -> dt.time | None:
    """'06:00' as written, also '5:30', '5h30', '17h' and '6' as Vietnamese write them; 17:30 unquoted,
    which YAML 1.1 reads as the number 1050 (base 60); a bare hour (`time: 6`) is that hour, not
    six minutes past midnight (no commune airs at 00:06)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value) if value < 24 else dt.time(value // 60, value % 60)
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"(\d{1,2})(?:[:h.](\d{2})|h)?", value.strip().lower())
    if match and int(match[1]) < 24 and int(match[2] or 0) < 60:
        return dt.time(int(match[1]), int(match[2] or 0))
    return None


def _pinned(value: Any, doc: YamlDoc, keys: tuple, languages: tuple[str, ...]) -> PinnedItem:
    spec = _submapping(value, doc, keys, PINNED_KEYS)
    bad = partial(_bad_value, doc, keys)

    slug, lang, day = spec.get("slug"), spec.get("lang"), parse_date(spec.get("date"))
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise bad("slug", "tên thư mục của văn bản trong content/resolutions/")
    if lang not in languages:
        raise bad("lang", f"một mã ngôn ngữ của trang: {', '.join(languages)}")
    if day is None:
        raise bad("date", "ngày phát, ví dụ 2025-01-06")
    return PinnedItem(slug, lang, day, doc.line_of(*keys))
