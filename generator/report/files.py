"""Every file of a round's report, by its name under reports/<slug>/."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Iterator

from ..records.model import Records
from . import reports_docx, sheets, workbook
from .round import RoundReport


def round_files(report: RoundReport, records: Records, day: dt.date, content_dir: Path) -> Iterator[tuple[str, bytes]]:
    yield "summary.json", (json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    yield f"bao-cao-{report.slug}.docx", reports_docx.round_document(report, day)
    yield f"so-lieu-{report.slug}.xlsx", workbook.round_workbook(report)
    yield from sheets.render_sheets(report, records, content_dir)
