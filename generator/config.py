"""site.yaml as typed options, each validating itself (the MkDocs way).

Every option names its key and what is wrong when it fails; every setting
beyond the contract's minimum has a default, so a minimal site.yaml builds.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping
from urllib.parse import urlparse

from .broadcast import validate_broadcast
from .content.reader import YamlDoc, parse_date
from .content.sections import DEFAULT_LABELS, SECTION_KEYS
from .diagnostics import Problem, error, warning
from .lecture_time import validate_lecture
from .vocabulary import DEFAULT_LANGUAGE_TAGS, KINDS

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A slug names a folder, and output files add language and kind to it ("<slug>-hmn-to-roi-a4.pdf"):
# kept well under the 255-character file-name limit and Windows' 260-character paths.
SLUG_MAX_LENGTH = 80
# Names Windows will not give a file or folder, whatever the extension (a USB stick copy fails on them).
WINDOWS_DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                                  *(f"lpt{n}" for n in range(1, 10))})
LANG_CODE = re.compile(r"^[a-z]{2,8}$")
FALLBACK_POLICIES = ("omit", "source")


@dataclass(frozen=True)
class Language:
    code: str                                   # path code: 'hmn'
    name: str                                   # as the language names itself: 'Hmoob'
    tag: str                                    # BCP 47 for lang, hreflang, PDF metadata
    section_labels: Mapping[str, tuple[str, ...]]
    fallback: str = "omit"                      # omit | source
    title: str | None = None                    # the site's title in this language (else site.yaml title)
    description: str | None = None

    def own_section_label(self, key: str) -> str | None:
        """The label site.yaml gives section `key` in this language (its `sections:`), if any."""
        own = self.section_labels.get(key, ())[: -len(DEFAULT_LABELS[key])]
        return own[0] if own else None


@dataclass(frozen=True)
class SiteConfig:
    path: Path
    title: str
    organisation: str
    base_url: str                               # always ends with '/'
    default_language: str
    languages: Mapping[str, Language]
    topics: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    kinds: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    source_hash: str = ""                       # of site.yaml's text: part of every output's fingerprint

    @property
    def language_codes(self) -> tuple[str, ...]:
        """Default language first, then the others in site.yaml order."""
        others = [code for code in self.languages if code != self.default_language]
        return (self.default_language, *others)

    def title_in(self, lang: str) -> str:
        """The site's title as readers of `lang` see it (languages.<code>.title, else the main title)."""
        language = self.languages.get(lang)
        return (language.title if language else None) or self.title

    def description_in(self, lang: str) -> str:
        """languages.<code>.description, else (for the default language only: the main text is
        in that language) site.yaml's description; else nothing rather than the wrong language."""
        language = self.languages.get(lang)
        if language and language.description:
            return language.description
        main = self.extra.get("description")
        return main.strip() if isinstance(main, str) and lang == self.default_language else ""

    def kind_names(self) -> dict[str, str]:
        names = dict(KINDS)
        for slug, per_lang in self.kinds.items():
            names[slug] = per_lang.get(self.default_language) or slug.replace("-", " ").capitalize()
        return names

    def topic_name(self, slug: str, lang: str) -> str:
        names = self.topics.get(slug, {})
        return names.get(lang) or names.get(self.default_language) or slug.replace("-", " ").title()


class OptionError(Exception):
    def __init__(self, code: str, /, **params: Any):      # params may name a `code` of their own
        self.code, self.params = code, params
        super().__init__(code)


@dataclass(frozen=True)
class Option:
    """One key of site.yaml: required or defaulted, and a validator returning the typed value."""

    validate: Callable[[Any, YamlDoc, tuple], Any]
    required: bool = False
    default: Any = None


def _string(value: Any, doc: YamlDoc, keys: tuple) -> str:
    if not isinstance(value, str) or not value.strip():
        raise OptionError("config-not-string")
    return value.strip()


def _url(value: Any, doc: YamlDoc, keys: tuple) -> str:
    text = _string(value, doc, keys)
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise OptionError("config-bad-url", value=text)
    return text if text.endswith("/") else text + "/"


def _mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise OptionError("config-not-mapping")
    return value


def _languages(value: Any, doc: YamlDoc, keys: tuple) -> dict[str, Language]:
    result: dict[str, Language] = {}
    for code, spec in _mapping(value).items():
        where = keys + (code,)
        if not isinstance(code, str) or not LANG_CODE.match(code):
            raise OptionError("config-bad-language-code", code=code, line=doc.key_line(*where))
        spec = spec if isinstance(spec, dict) else {}
        name = spec.get("name") if isinstance(spec.get("name"), str) else code
        labels: dict[str, tuple[str, ...]] = {}
        given = spec.get("sections") if isinstance(spec.get("sections"), dict) else {}
        for key in SECTION_KEYS:
            own = given.get(key)
            own_labels = (own,) if isinstance(own, str) else tuple(x for x in own or () if isinstance(x, str))
            # A translation may keep the Vietnamese headings: accept those too.
            labels[key] = own_labels + DEFAULT_LABELS[key]
        fallback = spec.get("fallback", "omit")
        if fallback not in FALLBACK_POLICIES:
            raise OptionError("config-bad-choice", key=f"languages.{code}.fallback", value=fallback,
                              choices=", ".join(FALLBACK_POLICIES), line=doc.line_of(*where, "fallback"))
        tag = spec.get("tag") if isinstance(spec.get("tag"), str) else DEFAULT_LANGUAGE_TAGS.get(code, code)
        title, description = (spec.get(key) if isinstance(spec.get(key), str) else None
                              for key in ("title", "description"))
        result[code] = Language(code, name, tag, MappingProxyType(labels), fallback,
                                title and title.strip(), description and description.strip())
    if not result:
        raise OptionError("config-no-languages")
    return result


def _names_per_language(value: Any, doc: YamlDoc, keys: tuple) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for slug, names in _mapping(value).items():
        if not isinstance(slug, str) or not SLUG.match(slug):
            raise OptionError("bad-slug-value", value=slug, line=doc.line_of(*keys, slug))
        if isinstance(names, str):
            names = {"vi": names}
        if not isinstance(names, dict):
            raise OptionError("config-not-mapping", line=doc.line_of(*keys, slug))
        result[slug] = {str(lang): str(name) for lang, name in names.items() if name}
    return result


OPTIONS: dict[str, Option] = {
    "title": Option(_string, required=True),
    "organisation": Option(_string, required=True),
    "base_url": Option(_url, required=True),
    "default_language": Option(_string, default="vi"),
    "languages": Option(_languages, required=True),
    "topics": Option(_names_per_language, default={}),
    "kinds": Option(_names_per_language, default={}),
    "broadcast": Option(lambda value, doc, keys: validate_broadcast(value, doc, keys), default={}),
    "lecture": Option(lambda value, doc, keys: validate_lecture(value, doc, keys), default={}),
}
# Keys other parts of the tool read (broadcast, spoken, review …); validated where used.
EXTENSION_KEYS = frozenset({"spoken", "review", "leaflets", "translations", "outdated_notice",
                            "description", "logo", "study_results"})


def load_config(doc: YamlDoc) -> tuple[SiteConfig | None, list[Problem]]:
    """Validate every option and report all problems at once."""
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None:
        return None, [error(doc.path, doc.first_line, "config-not-mapping-root")]
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, option in OPTIONS.items():
        if key not in data:
            if option.required:
                problems.append(error(doc.path, 1, "config-missing-key", key=key))
            values[key] = option.default
            continue
        try:
            values[key] = option.validate(data[key], doc, (key,))
        except OptionError as exc:
            line = exc.params.pop("line", None) or doc.line_of(key)
            problems.append(error(doc.path, line, exc.code, col=doc.col_of(key), **{"key": key, **exc.params}))
            values[key] = option.default
    for key in data:
        if key not in OPTIONS and key not in EXTENSION_KEYS:
            problems.append(warning(doc.path, doc.line_of(key), "config-unknown-key", key=key))
    languages = values.get("languages") or {}
    if languages and values["default_language"] not in languages:
        problems.append(error(doc.path, doc.line_of("default_language"), "config-default-language",
                              lang=values["default_language"], languages=", ".join(languages)))
    for group in ("topics", "kinds"):
        raw = data.get(group)
        for slug, names in (raw.items() if isinstance(raw, dict) else ()):
            for key in (names if isinstance(names, dict) else ()):
                if languages and key not in languages:
                    problems.append(warning(doc.path, doc.line_of(group, slug), "config-name-unknown-language",
                                            key=key, group=group, slug=slug, languages=", ".join(languages)))
    if any(p.is_error for p in problems):
        return None, problems
    extra = {key: data[key] for key in data if key in EXTENSION_KEYS}
    extra["broadcast"] = values["broadcast"]
    extra["lecture"] = values["lecture"]
    return SiteConfig(
        path=doc.path,
        title=values["title"],
        organisation=values["organisation"],
        base_url=values["base_url"],
        default_language=values["default_language"],
        languages=MappingProxyType(languages),
        topics=MappingProxyType(values["topics"]),
        kinds=MappingProxyType(values["kinds"]),
        extra=MappingProxyType(extra),
        source_hash=hashlib.sha256(repr(data).encode("utf-8")).hexdigest()[:32],
    ), problems


# ---------------------------------------------------------------- site.yaml broadcast.schedule

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The same days as Vietnamese write them on a notice board: thứ hai = t2 … chủ nhật = cn.
WEEKDAY_ALIASES = {"t2": "mon", "t3": "tue", "t4": "wed", "t5": "thu", "t6": "fri", "t7": "sat", "cn": "sun"}
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
    languages = tuple(doc.data.get("languages") or ()) if isinstance(doc.data, dict) else ()
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
            raise OptionError("config-bad-subkey", subkey=_key_name(keys + (key,)), choices=", ".join(known),
                              line=doc.line_of(*keys, key))
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
    day = WEEKDAY_ALIASES.get(day.replace(" ", ""), day)
    if day not in WEEKDAYS:
        raise bad("day", "một ngày trong tuần: mon, tue, wed, thu, fri, sat, sun (hoặc t2 … t7, cn)")
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
    """'06:00' as written; 17:30 unquoted, which YAML 1.1 reads as the number 1050 (base 60)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value // 60, value % 60)
    match = re.fullmatch(r"(\d{1,2})[:h.](\d{2})", str(value).strip()) if isinstance(value, str) else None
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return dt.time(int(match[1]), int(match[2]))
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
