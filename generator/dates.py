"""Dates that must not depend on the clock, so two builds give identical files."""
from __future__ import annotations

import datetime as dt
import os
from typing import Iterable

from .content.model import Resolution, Summary
from .content.reader import parse_date


def format_date(value: dt.date | None) -> str:
    """Vietnamese numeric date, as pages, leaflets and messages show it: 22/12/2024."""
    return value.strftime("%d/%m/%Y") if value else ""


def source_date_epoch() -> dt.date | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as a UTC date, if set and valid."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc).date()


def own_date(summary: Summary) -> dt.date | None:
    """The summary's own `date:` front matter (when it was written or last revised), if valid."""
    value = summary.front.get("date")
    return parse_date(value) if value else None


def site_date(resolutions: Iterable[Resolution]) -> dt.date:
    """A date for what the whole site says (feed 'updated', calendar stamps), never the clock:
    SOURCE_DATE_EPOCH, else the newest issue date."""
    return source_date_epoch() or max((r.issued for r in resolutions), default=dt.date(2000, 1, 1))


def material_date(res: Resolution, summary: Summary) -> tuple[dt.date, bool]:
    """The date printed on a leaflet or script: the summary's own `date:` front matter,
    else SOURCE_DATE_EPOCH, else the resolution's issue date (never the clock, so builds
    are reproducible). The flag is True in that last case: the date is then the
    document's, not the material's, and must be labelled so."""
    day = own_date(summary) or source_date_epoch()
    return (day, False) if day else (res.issued, True)


def reference_date() -> dt.date:
    """'Today' for time-relative pages (review calendar): SOURCE_DATE_EPOCH if set."""
    return source_date_epoch() or dt.date.today()
