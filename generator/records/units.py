"""records/units.yaml: the organisation tree (its leaves are the cells)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..content.reader import YamlDoc, parse_yaml, read_text
from ..diagnostics import Problem, error
from .model import Unit

UNIT_ID = re.compile(r"^[a-z0-9-]+$")


REPORT_KEYS = ("parent", "committee", "place", "code", "signer", "signer_title", "recipients")


def load_units(path: Path) -> tuple[Unit | None, list[Problem]]:
    if not path.is_file():
        return None, [error(path, None, "records-no-units")]
    text, problems = read_text(path)
    if text is None:
        return None, problems
    doc, problems = parse_yaml(text, path)
    if doc is None or problems:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [error(path, doc.first_line, "records-units-not-mapping")]
    seen: dict[str, int] = {}
    root = _unit(doc.data, (), doc, seen, problems, top=True)
    problems += _report_problems(doc)
    return (None if any(p.is_error for p in problems) else root), problems


def report_settings(path: Path) -> dict[str, Any]:
    """units.yaml's optional `report:` block: who issues and signs the report (checked by load_units)."""
    text, _ = read_text(path)
    doc, problems = parse_yaml(text or "", path)
    block = doc.data.get("report") if doc is not None and isinstance(doc.data, dict) else None
    return dict(block) if isinstance(block, dict) else {}


def _report_problems(doc: YamlDoc) -> list[Problem]:
    block = doc.data.get("report")
    if block is None:
        return []
    if not isinstance(block, dict):
        return [error(doc.path, doc.line_of("report"), "records-units-not-mapping")]
    problems = []
    for key, value in block.items():
        if key not in REPORT_KEYS:
            problems.append(error(doc.path, doc.line_of("report", key), "records-report-key", key=key,
                                  keys=", ".join(REPORT_KEYS)))
        elif key == "recipients" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            problems.append(error(doc.path, doc.line_of("report", key), "records-report-recipients"))
        elif key != "recipients" and not isinstance(value, str):
            problems.append(error(doc.path, doc.line_of("report", key), "records-report-text", key=key))
    return problems


def _unit(data: Any, keys: tuple, doc: YamlDoc, seen: dict[str, int], problems: list[Problem],
          top: bool = False) -> Unit:
    line = doc.line_of(*keys)
    if not isinstance(data, dict):
        problems.append(error(doc.path, line, "records-units-not-mapping"))
        return Unit(None, "")
    unit_id = data.get("id")
    if unit_id is not None or not top:
        if not isinstance(unit_id, str) or not UNIT_ID.match(unit_id):
            problems.append(error(doc.path, doc.line_of(*keys, "id"), "records-bad-unit-id", col=doc.col_of(*keys, "id"),
                                  value=unit_id))
            unit_id = None
        elif unit_id in seen:
            problems.append(error(doc.path, doc.line_of(*keys, "id"), "records-duplicate-unit-id", id=unit_id,
                                  first=seen[unit_id]))
        else:
            seen[unit_id] = doc.line_of(*keys, "id")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(error(doc.path, doc.line_of(*keys, "name"), "records-unit-no-name", id=unit_id or ""))
        name = unit_id or ""
    rural = data.get("rural", False)
    if not isinstance(rural, bool):
        problems.append(error(doc.path, doc.line_of(*keys, "rural"), "records-bad-rural", value=rural))
        rural = False
    children = data.get("units") or []
    if not isinstance(children, list):
        problems.append(error(doc.path, doc.line_of(*keys, "units"), "records-units-not-list"))
        children = []
    if top and not children:
        problems.append(error(doc.path, line, "records-units-empty"))
    units = tuple(_unit(child, keys + ("units", index), doc, seen, problems)
                  for index, child in enumerate(children))
    return Unit(unit_id, name.strip(), rural, units)
