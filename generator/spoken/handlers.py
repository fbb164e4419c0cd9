"""Handlers named by the rules of a language table.

A handler gets the regex match, the Context (table, options, number speller,
merged word maps) and the rule's own parameters, and returns the spoken text,
or None to leave the match as written. Handlers take every word they say from
the table (templates, defaults, maps); they hold no word of any language.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from .context import CLOSE, OPEN, Context

Handler = Callable[..., "str | None"]
HANDLERS: dict[str, Handler] = {}

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ROMAN_CANON = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_MARKERS = re.compile(f"[{OPEN}{CLOSE}]")
_TRAILING_DIGITS = re.compile(r"(.*?[^\d])(\d+)")
_NEAR = 80  # how far around a match to look for the neighbouring word


def handler(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[name] = fn
        return fn
    return register


# -- helpers -------------------------------------------------------------------
def roman_to_int(text: str) -> int | None:
    """'XIII' -> 13; None for anything that is not a well-formed Roman numeral."""
    if not text or not _ROMAN_CANON.fullmatch(text):
        return None
    total = 0
    for a, b in zip(text, text[1:] + " "):
        value = _ROMAN_VALUES[a]
        total += -value if b != " " and _ROMAN_VALUES[b] > value else value
    return total


def _int_or_roman(text: str) -> int | None:
    return int(text) if text.isdigit() else roman_to_int(text)


def word_before(m: re.Match[str]) -> str:
    """The word right before the match (separated from it by spaces only), or ''."""
    before = _MARKERS.sub("", m.string[max(0, m.start() - _NEAR): m.start()])
    found = re.search(r"([^\W\d_]+)[ \t]+$", before)
    return found.group(1) if found else ""


def _in_list(ctx: Context, name: str, word: str) -> str | None:
    """The list entry equal to `word` ignoring case, else None."""
    for entry in ctx.lists.get(name, []):
        if entry.casefold() == word.casefold():
            return entry
    return None


def _g(m: re.Match[str], name: str) -> str | None:
    """A group's text, or None when the group did not take part or the pattern has no such group."""
    return m.groupdict().get(name)


def _at_line_start(m: re.Match[str]) -> bool:
    before = m.string[m.string.rfind("\n", 0, m.start()) + 1: m.start()]
    return not _MARKERS.sub("", before).strip()


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unit(ctx: Context, unit: str | None) -> str | None:
    return ctx.maps["units"].get(unit) if unit else None


def _with_unit(ctx: Context, number: str, unit: str | None) -> str:
    word = _unit(ctx, unit)
    return ctx.template("unit", number=number, unit=word) if word else number


def _month_word(ctx: Context, month: int) -> str:
    return ctx.word_map("months").get(month) or ctx.numbers.cardinal(month)


def _year(ctx: Context, year: str | None) -> str:
    if not year:
        return ""
    return ctx.template("year", lead=ctx.default("year_lead"), year=ctx.numbers.cardinal(int(year)))


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


# -- markup -----------------------------------------------------------------
@handler("replace")
def replace(m: re.Match[str], ctx: Context, **params: Any) -> str:
    return m.expand(str(params.get("with", "")))


@handler("keep")
def keep(m: re.Match[str], ctx: Context, group: int | str = 0, **_: Any) -> str:
    return m.group(group) or ""


@handler("lookup")
def lookup(m: re.Match[str], ctx: Context, map: str, **_: Any) -> str | None:
    return ctx.maps.get(map, {}).get(m.group(0))


@handler("abbreviation")
def abbreviation(m: re.Match[str], ctx: Context, caps_words: str | None = None, **_: Any) -> str | None:
    """UBND -> Ủy ban nhân dân, from the table merged with the site's own abbreviations."""
    table = ctx.maps.get("abbreviations", {})
    word = m.group(0)
    expansion = table.get(word)
    if expansion and caps_words and word in ctx.lists.get(caps_words, []):
        before = _MARKERS.sub("", m.string[max(0, m.start() - _NEAR): m.start()])
        after = _MARKERS.sub("", m.string[m.end(): m.end() + _NEAR])
        near = re.findall(r"([^\W\d_]+)[ \t]*$", before) + re.findall(r"^[ \t]*([^\W\d_]+)", after)
        if any(w.isupper() and len(w) > 1 and w not in table for w in near):
            return None  # "TU DƯỠNG", "AI CŨNG": a heading in capitals, not an abbreviation
    return _without_words_said(m, expansion) if expansion else expansion


def _without_words_said(m: re.Match[str], expansion: str) -> str:
    """The expansion less its first words when the text just said them: "vốn ODA" is not "vốn vốn …"."""
    before = _MARKERS.sub("", m.string[max(0, m.start() - _NEAR): m.start()]).casefold().split()
    words = expansion.split()
    for k in range(min(len(words) - 1, len(before)), 0, -1):
        if [w.casefold() for w in words[:k]] == before[-k:]:
            return " ".join(words[k:])
    return expansion


@handler("per")
def per(m: re.Match[str], ctx: Context, **_: Any) -> str:
    """'/năm' after an amount -> 'mỗi năm'; '/ha' -> 'mỗi héc-ta'."""
    what = m.group("w")
    return " " + ctx.template("per", what=ctx.maps.get("units", {}).get(what, what))


@handler("website")
def website(m: re.Match[str], ctx: Context, **_: Any) -> str:
    """One URL or a run of them ("a.vn hoặc b.vn") -> the site's phrase once (it brings its own
    preposition, so one written before the URL goes), or nothing."""
    return ctx.website_phrase


@handler("email")
def email(m: re.Match[str], ctx: Context, **_: Any) -> str:
    """One e-mail address or a run of them -> the table's e-mail phrase once, after the
    preposition as written; without a phrase the address goes, with its preposition.
    Words that the phrase starts with and the text just said are not repeated
    ("gửi về địa chỉ x@y.vn": the phrase's own "địa chỉ" is left out)."""
    phrase = ctx.email_phrase
    if not phrase:
        return ""
    prep = _g(m, "prep")
    before = _MARKERS.sub("", m.string[max(0, m.start() - _NEAR): m.start()]) + " " + (prep or "")
    said = before.casefold().split()
    words = phrase.split()
    for size in range(min(len(words) - 1, len(said)), 0, -1):
        if [w.casefold() for w in words[:size]] == said[-size:]:
            words = words[size:]
            break
    return _join(prep, " ".join(words))


@handler("list_marker")
def list_marker(m: re.Match[str], ctx: Context, **_: Any) -> str:
    if ctx.options.list_markers != "words" or ctx.numbers is None:
        return ""   # a table without numbers (PLAIN) has no words for them either
    marker = m.group("marker")
    first = marker.split(".")[0]
    number = _int_or_roman(first)
    if number is not None and (first.isdigit() or len(marker) > 1 or first in "IVX"):
        out = ctx.template("list_number", ordinal=ctx.numbers.ordinal(number))
    else:
        name = ctx.maps.get("letters", {}).get(marker)
        if name is None:
            return ""
        out = ctx.template("list_letter", letter=name)
    if _at_line_start(m):
        return _capitalise(out) + " "
    return out


# -- document codes -------------------------------------------------------------
@handler("document_code")
def document_code(m: re.Match[str], ctx: Context, owner_follows: str | None = None, **_: Any) -> str | None:
    """57-NQ/TW -> Nghị quyết số năm mươi bảy của Trung ương; 15/2025/QH15 -> ... năm ... của Quốc hội khóa ..."""
    groups = m.groupdict()
    lead, so, tail = groups.get("lead"), groups.get("so"), groups.get("tail")
    types, issuers = ctx.maps.get("document_types", {}), ctx.maps.get("issuers", {})
    type_word = issuer = None
    for index, part in enumerate(re.split(r"[-/]", tail) if tail else []):
        if index == 0 and part in types:
            type_word = types[part]
            continue
        if issuer is not None:
            continue
        if part in issuers:
            issuer = issuers[part]
            continue
        split = _TRAILING_DIGITS.fullmatch(part)
        if split and split.group(1) in issuers:
            issuer = ctx.template("issuer_term", issuer=issuers[split.group(1)],
                                  term=ctx.numbers.cardinal(int(split.group(2))))
    if not (lead or so or type_word or issuer):
        return None
    words: list[str] = []
    if lead:
        words.append(types.get(lead, lead))
    elif type_word and not so:
        words.append(type_word)
    if so:
        words.append(so)
    elif words:
        words.append(ctx.default("number_lead"))
    words.append(ctx.numbers.cardinal(int(groups["num"])))
    words.append(_year(ctx, groups.get("year")))
    if issuer:
        follows = None
        if owner_follows:
            regex = ctx.cache.get(owner_follows)
            if regex is None:
                regex = ctx.cache[owner_follows] = re.compile(owner_follows)
            follows = regex.match(m.string, m.end())
        if not follows:
            words.append(ctx.template("issuer", issuer=issuer))
    return _join(*words)


# -- ordinals, Roman numerals, quarters ---------------------------------------------
@handler("ordinal")
def ordinal(m: re.Match[str], ctx: Context, **_: Any) -> str | None:
    """thứ 1 -> thứ nhất, lần thứ IV -> lần thứ tư; xếp thứ 4/63 -> thứ tư trên sáu mươi ba."""
    number = _int_or_roman(m.group("n"))
    if number is None:
        return None
    said = ctx.numbers.ordinal(number)
    total = _g(m, "of")
    if total:
        said = ctx.template("ratio", a=said, b=ctx.numbers.cardinal(int(total)))
    return _join(_g(m, "lead"), said)


@handler("roman")
def roman(m: re.Match[str], ctx: Context, **_: Any) -> str | None:
    number = roman_to_int(m.group("roman"))
    if number is None:
        return None
    return _join(_g(m, "lead"), ctx.numbers.cardinal(number))


@handler("quarter")
def quarter(m: re.Match[str], ctx: Context, **_: Any) -> str | None:
    number = _int_or_roman(m.group("q"))
    if number is None or not 1 <= number <= 4:
        return None
    word = ctx.word_map("quarters").get(number) or ctx.numbers.cardinal(number)
    return _join(ctx.template("quarter", lead=_g(m, "lead"), quarter=word), _year(ctx, _g(m, "year")))


# -- dates and times -------------------------------------------------------------
def _valid_day_month(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _day(ctx: Context, lead: str | None, day: int) -> str:
    return ctx.template("day", lead=lead or ctx.default("day_lead"), day=ctx.numbers.cardinal(day))


def _month(ctx: Context, lead: str | None, month: int) -> str:
    return ctx.template("month", lead=lead or ctx.default("month_lead"), month=_month_word(ctx, month))


@handler("date")
def date(m: re.Match[str], ctx: Context, **_: Any) -> str | None:
    """22/3/2016 -> ngày hai mươi hai tháng ba năm ...; the day word is not doubled."""
    day, month = int(m.group("d")), int(m.group("m"))
    if not _valid_day_month(day, month):
        return None
    lead = _g(m, "lead")
    prefix = None
    if lead and _in_list(ctx, "day_leads", lead) is None:
        prefix, lead = lead, None  # "sáng 2/9": sáng ngày hai tháng chín
    year = _g(m, "year")
    return _join(prefix, _day(ctx, lead, day), _month(ctx, None, month), _year(ctx, year))


def _starts_next(ctx: Context, name: str, m: re.Match[str]) -> bool:
    """Whether the words right after the match begin with an entry of list `name` ("dân số", not "dân làng")."""
    after = _MARKERS.sub("", m.string[m.end(): m.end() + _NEAR])
    found = re.match(r"[ \t]+(.*)", after)
    words = found.group(1).casefold() if found else ""
    return any(re.match(re.escape(entry.casefold()) + r"(?!\w)", words) for entry in ctx.lists.get(name, []))


def _fraction(ctx: Context, a: int, b: int) -> str:
    """2/3 -> hai phần ba; 40/45 (a denominator over 10: a count out of a total) -> bốn mươi trên ..."""
    return ctx.template("fraction" if b <= 10 else "ratio", a=ctx.numbers.cardinal(a), b=ctx.numbers.cardinal(b))


@handler("day_month")
def day_month(m: re.Match[str], ctx: Context, fraction_before: str = "", fraction_after: str = "",
              **_: Any) -> str | None:
    """'a/b' without a year: a day and month (30/4, sáng 2/9) or a fraction (2/3 số hộ, trên 1/2)."""
    a, b = int(m.group("d")), int(m.group("m"))
    lead = _g(m, "lead")
    if b == 0:
        return None
    is_fraction = (
        not _valid_day_month(a, b)
        or _starts_next(ctx, fraction_after, m)
        or (lead is None and _in_list(ctx, fraction_before, word_before(m)) is not None)
        or (lead is None and a < b <= 4)
    )
    if is_fraction:
        return _join(lead, _fraction(ctx, a, b))
    return date(m, ctx)


@handler("day_month_dash")
def day_month_dash(m: re.Match[str], ctx: Context, **_: Any) -> str | None:
    """'ngày 30-4' is a date; bare '30-4' too (a range goes up), '3-5' is left to the range rule."""
    day, month = int(m.group("d")), int(m.group("m"))
    if not _valid_day_month(day, month) or (_g(m, "lead") is None and day <= month):
        return None
    return date(m, ctx)


@handler("date_range")
def date_range(m: re.Match[str], ctx: Context, **_: Any) -> str | None:
    first, last, month = int(m.group("d1")), int(m.group("d2")), int(m.group("m"))
    if not (_valid_day_month(first, month) and _valid_day_month(last, month)) or first >= last:
        return None
    both = ctx.template("range", a=_day(ctx, _g(m, "lead"), first), b=_day(ctx, None, last))
    return _join(both, _month(ctx, None, month), _year(ctx, _g(m, "year")))


@handler("month")
def month(m: re.Match[str], ctx: Context, **_: Any) -> str | None:
    """tháng 4 -> tháng tư; tháng 01/2018; bare 7/2025 -> tháng bảy năm ...; tháng 3-5."""
    lead, year, second = _g(m, "lead"), _g(m, "year"), _g(m, "m2")
    first = int(m.group("m"))
    if not lead and (not year or _in_list(ctx, "not_month_after", word_before(m))):
        return None
    if not 1 <= first <= 12 or (second and not 1 <= int(second) <= 12):
        return None
    if year and not 1000 <= int(year) <= 2999:
        return None
    said = _month(ctx, lead, first)
    if second:
        said = ctx.template("range", a=said, b=_month(ctx, None, int(second)))
    return _join(said, _year(ctx, year))


@handler("time")
def time(m: re.Match[str], ctx: Context, **_: Any) -> str | None:
    hour = int(m.group("h"))
    minute = _g(m, "mi")
    if hour > 24:
        return None
    if minute is None or int(minute) == 0:
        return ctx.template("time_h", hour=ctx.numbers.cardinal(hour))
    return ctx.template("time_hm", hour=ctx.numbers.cardinal(hour), minute=ctx.numbers.cardinal(int(minute)))


# -- numbers ----------------------------------------------------------------
@handler("digits")
def digits(m: re.Match[str], ctx: Context, **_: Any) -> str:
    """A telephone number: each group digit by digit."""
    separator = str(ctx.table["templates"].get("digit_groups_separator", " "))
    groups = [g for g in re.split(r"[ .\-]", m.group(0)) if g]
    return separator.join(ctx.numbers.digit_by_digit(g) for g in groups)


@handler("digit_runs")
def digit_runs(m: re.Match[str], ctx: Context, **_: Any) -> str:
    """Hotlines: each run of digits said digit by digit, the words between kept (113 hoặc 114)."""
    return re.sub(r"\d+", lambda d: ctx.numbers.digit_by_digit(d.group(0)), m.group(0))


@handler("range")
def number_range(m: re.Match[str], ctx: Context, repeat: str | None = None, **_: Any) -> str:
    """92–95% -> chín mươi hai đến chín mươi lăm phần trăm; năm 2025–2030 -> ... đến năm ..."""
    a = _with_unit(ctx, ctx.numbers.written(m.group("a")), _g(m, "ua"))
    b = _with_unit(ctx, ctx.numbers.written(m.group("b")), _g(m, "ub"))
    if repeat:
        again = _in_list(ctx, repeat, word_before(m))
        if again:
            b = _join(again, b)
    return ctx.template("range", a=a, b=b)


@handler("number")
def number(m: re.Match[str], ctx: Context, **_: Any) -> str:
    groups = m.groupdict()
    token = groups.get("n") or m.group(0)
    said = ctx.numbers.written(token)
    if groups.get("neg"):
        said = " ".join(ctx.numbers.negative.format(number=said).split())
    return _with_unit(ctx, said, groups.get("u"))
