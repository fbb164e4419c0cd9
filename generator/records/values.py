"""Values typed into the records' cells: scores, years, dates, choices from a list."""
from __future__ import annotations

import datetime as dt
import math
from typing import Any, Iterable

from ..content.reader import parse_date
from .tables import header_key

_EXCEL_EPOCH = dt.date(1899, 12, 30)


class BadValue(Exception):
    pass


def score(value: Any) -> float | None:
    """0–10 with a comma or a dot as decimal mark; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue
    if isinstance(value, str):
        try:
            value = float(value.replace(",", ".").strip())
        except ValueError:
            raise BadValue from None
    number = float(value)
    if math.isnan(number) or not 0 <= number <= 10:
        raise BadValue
    return number


def date(value: Any) -> dt.date | None:
    """A date cell (a date, an Excel day number) or text 2025-03-14 / 14/03/2025."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    found = parse_date(value.strip() if isinstance(value, str) else value)
    if found is None:
        raise BadValue
    return found


def birth(value: Any) -> int | dt.date | None:
    """Năm sinh: a year (1965, '1965'), or a full date."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 3000:
        raise BadValue                       # a number that is no year (and no Excel date)
    return date(value)


def choice(value: Any, choices: Iterable[str]) -> str:
    """The list's own spelling of `value`, matched ignoring case, diacritics and spaces."""
    key = header_key(value)
    for option in choices:
        if header_key(option) == key:
            return option
    raise BadValue


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
