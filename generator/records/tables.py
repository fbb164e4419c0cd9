"""One table of a records file (XLSX or CSV) with the place of every value.

Headers match ignoring case, diacritics (đ = d) and extra spaces; columns come
in any order and unknown ones (STT, Xếp loại …) are ignored. A CSV may start
with a byte-order mark and use ',', ';' or a tab. The round's details ("Thông tin")
come from the workbook's second sheet or, for a CSV, from the YAML file of the
same name beside it.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..content.reader import normalise_text, parse_yaml, read_text
from ..diagnostics import Problem, Severity
from ..textfold import fold
from .xlsx_reader import Grid, XlsxUnreadable, column_letters, read_sheets

INFO_SHEET = "Thông tin"
DATA_SHEET = "Danh sách"


@dataclass(frozen=True)
class Place:
    """Where a value stands: a sheet and cell of a workbook, or a line and column of a CSV/YAML file."""

    path: Path
    row: int
    col: int
    sheet: str | None = None

    @property
    def cell(self) -> str | None:
        return f"{self.sheet}!{column_letters(self.col)}{self.row}" if self.sheet else None

    def problem(self, severity: Severity, code: str, **params: Any) -> Problem:
        return Problem(self.path, self.row, self.col, severity, code, params, cell=self.cell)

    def error(self, code: str, **params: Any) -> Problem:
        return self.problem(Severity.ERROR, code, **params)

    def warning(self, code: str, **params: Any) -> Problem:
        return self.problem(Severity.WARNING, code, **params)


@dataclass(frozen=True)
class Row:
    """A data row: the known columns' values (None when empty) and where each stands."""

    place: Place                                   # the row's first cell
    values: Mapping[str, Any]
    columns: Mapping[str, int]                     # key → column number (shared by the table's rows)
    headers: Mapping[str, str] = field(default_factory=dict)   # key → its header as the file writes it

    def header(self, key: str, contract: str) -> str:
        """Column `key`'s header as the user sees it in the file (`contract`: the name the contract gives it)."""
        return self.headers.get(key) or contract

    def at(self, key: str) -> Place:
        """Where the value of column `key` stands (made only for a message)."""
        return Place(self.place.path, self.place.row, self.columns[key], self.place.sheet)


@dataclass
class Table:
    path: Path
    rows: list[Row] = field(default_factory=list)
    info: dict[str, tuple[Any, Place]] = field(default_factory=dict)    # "Thông tin": key → value, place


def header_key(text: Any) -> str:
    """'  Họ  và TÊN ' → 'ho va ten' (the tolerant match of headers and labels)."""
    return fold(str(text)) if text is not None else ""


def read_table(path: Path, columns: Mapping[str, str], required: tuple[str, ...],
               labels: Mapping[str, str] = {},
               aliases: Mapping[str, tuple[str, ...]] = {}) -> tuple[Table | None, list[Problem]]:
    """The rows of `path` with `columns` (key → header as the contract spells it, or one of its
    `aliases`: other headers people give the same column); `labels` (key → label) are read from
    the "Thông tin" sheet or the sidecar YAML."""
    if path.suffix.lower() == ".xlsx":
        grids, problems = _workbook(path)
        if grids is None:
            return None, problems
        data = _data_sheet(grids)
        info = next((grid for name, grid in grids.items() if header_key(name) == header_key(INFO_SHEET)), None)
        if data is None:
            return None, [Place(path, 1, 1).error("records-no-table")]
        table, problems = _from_grid(path, data[1], data[0], columns, required, aliases)
        if table is not None and info is not None and labels:
            table.info = _info_from_grid(path, info, labels)
        return table, problems
    text, problems = _csv_text(path)
    if text is None:
        return None, problems
    try:
        grid = _csv_grid(text)
    except csv.Error as exc:                 # e.g. a field longer than the csv module allows
        return None, [Problem(path, None, None, Severity.ERROR, "records-csv-broken", {"detail": str(exc)})]
    table, problems = _from_grid(path, grid, None, columns, required, aliases)
    if table is not None and labels:
        sidecar = path.with_suffix(".yaml")
        if not sidecar.exists():
            sidecar = path.with_suffix(".yml")
        if sidecar.exists():
            table.info, more = _info_from_yaml(sidecar, labels)
            problems += more
    return table, problems


def _data_sheet(grids: Mapping[str, Grid]) -> tuple[str, Grid] | None:
    """The sheet "Danh sách" when the workbook has it (a secretary may add a sheet in front of it),
    else the first sheet with something on it that is not "Thông tin", else the first such sheet."""
    others = [(name, grid) for name, grid in grids.items() if header_key(name) != header_key(INFO_SHEET)]
    named = [item for item in others if header_key(item[0]) == header_key(DATA_SHEET)]
    filled = [item for item in others if item[1]]
    return next(iter(named or filled or others), None)


def _workbook(path: Path) -> tuple[dict[str, Grid] | None, list[Problem]]:
    try:
        return read_sheets(path), []
    except XlsxUnreadable:
        pass
    except OSError as exc:
        return None, [Problem(path, None, None, Severity.ERROR, "file-unreadable", {"detail": str(exc)})]
    try:      # a workbook written by some other program: let openpyxl try
        import openpyxl
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        grids = {sheet.title: {(r, c): value for r, row in enumerate(sheet.iter_rows(values_only=True), 1)
                               for c, value in enumerate(row, 1) if value not in (None, "")}
                 for sheet in book.worksheets}
        book.close()
        return grids, []
    except Exception as exc:        # noqa: BLE001 - any reason it is not a workbook: say so, no traceback
        return None, [Problem(path, None, None, Severity.ERROR, "records-not-xlsx", {"detail": type(exc).__name__})]


def _csv_text(path: Path) -> tuple[str | None, list[Problem]]:
    text, problems = read_text(path)
    if text is None and problems and problems[0].code == "not-utf8":
        found = problems[0]
        return None, [Problem(path, found.line, found.col, Severity.ERROR, "records-csv-not-utf8", {})]
    return text, problems


def _csv_grid(text: str) -> Grid:
    """Cells by (line, field number): the line a record starts on, fields counted from 1."""
    first = text.split("\n", 1)[0]
    # ',' or ';' as the contract says, or a tab (LibreOffice's and Google Sheets' other CSV choice)
    delimiter = max((",", ";", "\t"), key=first.count)
    grid: Grid = {}
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    line = 1
    for record in reader:
        for col, value in enumerate(record, 1):
            if value.strip():
                grid[(line, col)] = value
        line = reader.line_num + 1
    return grid


def _from_grid(path: Path, grid: Grid, sheet: str | None, columns: Mapping[str, str],
               required: tuple[str, ...], aliases: Mapping[str, tuple[str, ...]]) -> tuple[Table | None, list[Problem]]:
    if not grid:
        return None, [Place(path, 1, 1, sheet).error("records-empty-table", columns=", ".join(columns.values()))]
    contract = {header_key(label): key for key, label in columns.items()}
    wanted = {header_key(label): key for key, names in aliases.items() if key in columns for label in names}
    wanted |= contract
    header_row = _header_row(grid, wanted, required[0])
    found: dict[str, int] = {}
    headers: dict[str, str] = {}
    problems: list[Problem] = []
    for (row, col), value in sorted(grid.items()):
        folded = header_key(value) if row == header_row else ""
        key = wanted.get(folded)
        if key is None:
            continue
        header, earlier = str(value).strip(), header_key(headers.get(key))
        if key not in found or (folded in contract and earlier not in contract):
            found[key], headers[key] = col, header      # the contract's own header before another name
        elif folded == earlier:
            problems.append(Place(path, row, col, sheet).error("records-duplicate-column", column=header))
        elif earlier not in contract:                   # two other names of one column: which one counts?
            problems.append(Place(path, row, col, sheet).error(
                "records-same-column", column=header, other=headers[key], name=columns[key]))
    missing = [columns[key] for key in required if key not in found]
    if missing:
        problems.append(Place(path, header_row, 1, sheet).error(
            "records-missing-column", columns=", ".join(missing), expected=", ".join(columns.values())))
        return None, problems
    table = Table(path)
    last_row = max(row for row, _ in grid)
    for row in range(header_row + 1, last_row + 1):
        values = {key: _clean(grid.get((row, col))) for key, col in found.items()}
        if all(value is None for value in values.values()):
            continue
        table.rows.append(Row(Place(path, row, 1, sheet), values, found, headers))
    return table, problems


def _header_row(grid: Grid, wanted: Mapping[str, str], anchor: str) -> int:
    """The first row naming the `anchor` column (a title line above the table is allowed),
    else the first row."""
    rows = sorted({row for row, _ in grid})
    for row in rows[:10]:
        if any(r == row and wanted.get(header_key(value)) == anchor for (r, _), value in grid.items()):
            return row
    return rows[0]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = " ".join(normalise_text(value).split())
        return value or None
    return value


def info_value(path: Path, label: str) -> Any:
    """The value next to `label` on a workbook's "Thông tin" sheet (None when there is none, or the
    file cannot be read): used only to name the cell of a file saved under another name."""
    try:
        grids = read_sheets(path)
    except (XlsxUnreadable, OSError):
        return None
    info = next((grid for name, grid in grids.items() if header_key(name) == header_key(INFO_SHEET)), {})
    found = _info_from_grid(path, info, {"value": label})
    return found["value"][0] if "value" in found else None


def _info_from_grid(path: Path, grid: Grid, labels: Mapping[str, str]) -> dict[str, tuple[Any, Place]]:
    wanted = {header_key(label): key for key, label in labels.items()}
    info: dict[str, tuple[Any, Place]] = {}
    for (row, col), value in sorted(grid.items()):
        key = wanted.get(header_key(value)) if col == 1 else None
        if key is not None and key not in info:
            info[key] = (_clean(grid.get((row, 2))), Place(path, row, 2, INFO_SHEET))
    return info


def _info_from_yaml(path: Path, labels: Mapping[str, str]) -> tuple[dict[str, tuple[Any, Place]], list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return {}, problems
    doc, problems = parse_yaml(text, path)
    if doc is None or problems:
        return {}, problems
    if doc.data is None:
        return {}, []
    if not isinstance(doc.data, dict):
        return {}, [Place(path, doc.first_line, 1).error("records-info-not-mapping")]
    wanted = {header_key(label): key for key, label in labels.items()}
    info: dict[str, tuple[Any, Place]] = {}
    for label, value in doc.data.items():
        key = wanted.get(header_key(label))
        if key is not None:
            line, col = doc.positions.get((label,), (doc.first_line, 1))
            info[key] = (_clean(value), Place(path, line, col))
    return info, []
