"""Loudspeaker settings from site.yaml `broadcast:`, with defaults for outdoor speakers.

Read Vietnamese runs about 5 syllables a second; over village speakers, for
older, rural and second-language listeners, plan 3.5–4 (210–240 a minute)
plus a pause of half a second to a second per sentence. Defaults: 220
syllables a minute, 0.8 s per sentence, a 5-minute slot.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping, Protocol

from ..options import OptionError, known_keys, language_keys

from .schedule import BroadcastSchedule, validate_schedule
from .loudness import LoudnessTarget

if TYPE_CHECKING:
    from ..content.reader import YamlDoc


class SiteSettings(Protocol):
    """What the loudspeaker settings read of the site's settings (config.SiteConfig), which
    validate `broadcast:` with validate_broadcast below: the settings import this module."""

    organisation: str
    default_language: str
    extra: Mapping[str, Any]

DEFAULT_OPENINGS = {
    "vi": "Kính thưa bà con nhân dân! Sau đây, {organisation} xin giới thiệu với bà con nội dung văn bản.",
    # Hmong openings and closings await a native speaker's review.
    "hmn": "Nyob zoo txhua tus kwv tij neej tsa! Nram qab no, {organisation} qhia rau nej paub txog tsab ntawv no.",
    "en": "Dear listeners! {organisation} now presents the following document.",
}
DEFAULT_CLOSINGS = {
    "vi": "{organisation} vừa giới thiệu với bà con nội dung văn bản. Cảm ơn bà con đã chú ý lắng nghe.",
    "hmn": "{organisation} nyuam qhuav qhia tas lawm. Ua tsaug txhua tus uas tau mloog.",
    "en": "You have been listening to {organisation}. Thank you for listening.",
}
DEFAULT_PART_OPENINGS = {
    "vi": "Phần {number} trên {total}.",
    "hmn": "Ntu {number} ntawm {total}.",
    "en": "Part {number} of {total}.",
}


@dataclass(frozen=True)
class LoudspeakerSettings:
    rate: float = 220.0                 # syllables per minute
    pause: float = 0.8                  # seconds per sentence
    slot_minutes: float = 5.0
    station: str = ""                   # the speaker in openings; default: the organisation
    linh_word: str = "linh"             # 105 → một trăm linh năm / lẻ năm
    centrally_run_city: bool = False    # /TU read as Thành ủy rather than Tỉnh ủy
    openings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(DEFAULT_OPENINGS))
    closings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(DEFAULT_CLOSINGS))
    part_openings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(DEFAULT_PART_OPENINGS))
    voices: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({"vi": "vi"}))
    abbreviations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    loudness: float = -16.0             # LUFS integrated (EBU R128), every audio file, recorded or synthesised
    true_peak: float = -1.5             # dBTP ceiling
    schedule: "BroadcastSchedule | None" = None     # broadcast.schedule: the commune's slots (builders/schedule/)

    @property
    def slot_seconds(self) -> float:
        return self.slot_minutes * 60

    @property
    def loudness_target(self) -> LoudnessTarget:
        return LoudnessTarget(self.loudness, self.true_peak)

    def text_for(self, table: Mapping[str, str], lang: str, default_lang: str, **values: Any) -> str:
        template = table.get(lang) or table.get(default_lang) or ""
        return template.format(**values)


def loudspeaker_settings(config: SiteSettings) -> LoudspeakerSettings:
    """Settings from site.yaml, each falling back to its default when absent or malformed."""
    raw = config.extra.get("broadcast")
    raw = raw if isinstance(raw, dict) else {}
    defaults = LoudspeakerSettings()

    def number(key: str, low: float, high: float) -> float:
        value = raw.get(key)
        return float(value) if isinstance(value, (int, float)) and low <= value <= high else getattr(defaults, key)

    def texts(key: str, base: Mapping[str, str]) -> Mapping[str, str]:
        given = raw.get(key)
        if isinstance(given, str):
            given = {config.default_language: given}
        return MappingProxyType({**base, **(given if isinstance(given, dict) else {})})

    abbreviations = raw.get("abbreviations") if isinstance(raw.get("abbreviations"), dict) else {}
    voices = raw.get("voices") if isinstance(raw.get("voices"), dict) else {}
    return LoudspeakerSettings(
        rate=number("rate", 60, 400),
        pause=number("pause", 0, 5),
        slot_minutes=number("slot_minutes", 1, 120),
        station=raw.get("station") if isinstance(raw.get("station"), str) else config.organisation,
        linh_word="lẻ" if raw.get("linh_word") == "lẻ" else "linh",
        centrally_run_city=bool(raw.get("centrally_run_city", False)),
        openings=texts("opening", DEFAULT_OPENINGS),
        closings=texts("closing", DEFAULT_CLOSINGS),
        part_openings=texts("part_opening", DEFAULT_PART_OPENINGS),
        voices=MappingProxyType({**defaults.voices, **{str(k): str(v) for k, v in voices.items()}}),
        abbreviations=MappingProxyType({str(k): str(v) for k, v in abbreviations.items()}),
        loudness=number("loudness", -40, -5),
        true_peak=number("true_peak", -9, 0),
        schedule=raw.get("schedule") if not isinstance(raw.get("schedule"), (dict, type(None))) else None,
    )


# site.yaml `broadcast:` keys: name → check(value) returning True when valid, and what is expected.
_TEXTS = (lambda v: isinstance(v, str) or (isinstance(v, dict) and all(isinstance(x, str) for x in v.values())))
BROADCAST_KEYS: dict[str, tuple[Any, str]] = {
    "rate": (lambda v: isinstance(v, (int, float)) and 60 <= v <= 400, "số âm tiết mỗi phút, từ 60 đến 400"),
    "pause": (lambda v: isinstance(v, (int, float)) and 0 <= v <= 5, "số giây nghỉ mỗi câu, từ 0 đến 5"),
    "slot_minutes": (lambda v: isinstance(v, (int, float)) and 1 <= v <= 120, "số phút mỗi buổi phát, từ 1 đến 120"),
    "station": (lambda v: isinstance(v, str), "tên đài, ví dụ Đài truyền thanh xã Bản Bo"),
    "linh_word": (lambda v: v in ("linh", "lẻ"), "linh hoặc lẻ"),
    "centrally_run_city": (lambda v: isinstance(v, bool), "true hoặc false"),
    "opening": (_TEXTS, "một câu, hoặc mỗi ngôn ngữ một câu (vi: ..., hmn: ...)"),
    "closing": (_TEXTS, "một câu, hoặc mỗi ngôn ngữ một câu (vi: ..., hmn: ...)"),
    "part_opening": (_TEXTS, "một câu có {number} và {total}"),
    "voices": (lambda v: isinstance(v, dict), "mỗi ngôn ngữ một giọng espeak-ng, ví dụ vi: vi"),
    "abbreviations": (lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
                      "mỗi dòng 'CHỮ VIẾT TẮT: cách đọc'"),
    "loudness": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and -40 <= v <= -5,
                 "độ to chuẩn EBU R128 tính bằng LUFS, từ -40 đến -5 (thường là -16)"),
    "true_peak": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and -9 <= v <= 0,
                  "đỉnh tối đa tính bằng dBTP, từ -9 đến 0 (thường là -1.5)"),
}


# The keys whose mapping form has one entry per language of the site.
PER_LANGUAGE = frozenset({"opening", "closing", "part_opening", "voices"})


def validate_broadcast(value: Any, doc: "YamlDoc", keys: tuple) -> dict:
    """Check site.yaml `broadcast:`; raises OptionError naming the nested key and its line."""
    if not isinstance(value, dict):
        raise OptionError("config-not-mapping")
    known_keys(value, [*BROADCAST_KEYS, "schedule"], doc, keys)
    value = dict(value)
    for key, item in value.items():
        if key == "schedule":
            value[key] = validate_schedule(item, doc, (*keys, key))
            continue
        check, expected = BROADCAST_KEYS[key]
        if not check(item):
            raise OptionError("config-bad-value", subkey=f"broadcast.{key}", expected=expected,
                              line=doc.line_of(*keys, key))
        if isinstance(item, dict) and key in PER_LANGUAGE:
            language_keys(item, doc, (*keys, key))
        for text in ([item] if isinstance(item, str) else item.values()) if key in PLACEHOLDERS else ():
            unknown = _unknown_placeholder(text, PLACEHOLDERS[key])
            if unknown is not None:
                raise OptionError("config-bad-placeholder", subkey=f"broadcast.{key}", field=unknown,
                                  names=", ".join("{%s}" % n for n in PLACEHOLDERS[key]),
                                  line=doc.line_of(*keys, key))
    return value


# The names each text is filled with (text_for): any other {name}, or a lone { or }, would
# stop the build, so check refuses it.
PLACEHOLDERS = {"opening": ("organisation",), "closing": ("organisation",), "part_opening": ("number", "total")}


def _unknown_placeholder(text: str, names: tuple[str, ...]) -> str | None:
    """The first {field} of `text` that is not one of `names`, or the brace that is unpaired;
    None when `text` fills in as text_for fills it (a sample of each value, as the build would)."""
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as exc:
        return "}" if "Single '}'" in str(exc) else "{"
    unknown = next((field or "{}" for field in fields if field not in names), None)
    if unknown is not None:
        return unknown
    try:
        text.format(**{name: 1 if name in ("number", "total") else "Đài" for name in names})
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        return next((f"{{{field}}}" for field in fields), "{")
    return None
