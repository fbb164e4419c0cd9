"""site.yaml `study_results: true` (off by default): the participation and grades of each
round, per commune, on the resolution's page. Figures of units only — never a name."""
from __future__ import annotations

from typing import Any, Mapping

from ..content.model import Site
from ..diagnostics import Problem, has_errors, warning
from . import records_folder

OPTION = "study_results"


def published_figures(site: Site) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """slug → {"total": row, "units": [row per unit under the top]}, for the rounds with results."""
    if site.config.setting(OPTION) is not True:          # a bool: config.py refuses anything else
        return {}, []
    # The records' readers imported only for a site that publishes them: the site builder imports
    # this module in every build (the workbook's readers took ≈ 7 ms of each process that renders pages).
    from .figures import unit_figures
    from .load import load_records
    folder = records_folder(site.content_dir)
    if not folder.is_dir():
        return {}, [warning(site.config.path, None, "records-publish-no-records", folder=str(folder))]
    records, problems = load_records(folder, resolutions={r.slug: r.issued for r in site.resolutions})
    if records is None or has_errors(problems):
        return {}, [warning(site.config.path, None, "records-publish-errors")]
    published = {}
    for resolution in site.resolutions:
        results = records.rounds.get(resolution.slug)
        if results:
            top = unit_figures(records.root, records, results, resolution.issued)
            published[resolution.slug] = {"total": _row(top), "units": [_row(unit) for unit in top.get("units", ())]}
    return published, []


def _row(unit: Mapping[str, Any]) -> dict[str, Any]:
    from .figures import GRADES
    return {"name": unit["name"], "cells": unit["cells"], "cells_reported": unit["cells_reported"],
            "attendance_rate": unit["attendance_rate"], "essays_submitted": unit["essays_submitted"],
            **{grade: unit["grades"][grade] for grade in GRADES}}
