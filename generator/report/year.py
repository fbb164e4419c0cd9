"""`report --year`: every round held that year, one row each."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterator, Mapping, Sequence

from ..content.model import Resolution
from ..records.figures import unit_figures
from ..records.model import Records
from . import reports_docx, workbook


def year_rounds(year: int, resolutions: Sequence[Resolution], records: Records) -> list[dict[str, Any]]:
    """The rounds held in `year`: by their cells' Ngày học, or, for a round with no date
    recorded, by the resolution's issue date. Ordered by first date, then slug."""
    rounds = []
    for resolution in resolutions:
        results = records.rounds.get(resolution.slug)
        if not results:
            continue
        dates = sorted({cell.info.date for cell in results.values() if cell.info.date})
        held = any(d.year == year for d in dates) if dates else resolution.issued.year == year
        if not held:
            continue
        rounds.append({"slug": resolution.slug, "code": resolution.code,
                       "dates": [d.isoformat() for d in dates],
                       "unit": unit_figures(records.root, records, results, resolution.issued, children=False)})
    return sorted(rounds, key=lambda item: (item["dates"][:1], item["slug"]))


def year_files(year: int, rounds: list[dict[str, Any]], titles: Mapping[str, str], records: Records,
               settings: Mapping[str, Any], day: dt.date) -> Iterator[tuple[str, bytes]]:
    yield "summary.json", _json({"year": year, "rounds": rounds})
    yield f"bao-cao-nam-{year}.docx", reports_docx.year_document(year, rounds, records.root.name, settings, day)
    yield f"so-lieu-nam-{year}.xlsx", workbook.year_workbook(rounds, titles)


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
