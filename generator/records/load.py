"""Read and check records/: the units tree, the rosters and the results of each round.

Every problem names its file (shown relative to records/) and its sheet!cell or
line:col; nothing here prints or exits.
"""
from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Collection, Iterable, Mapping, TypeVar

from ..dates import format_date
from ..diagnostics import Problem, error, has_errors, warning
from ..textfold import fold
from . import values
from .model import (ATTENDANCE_VALUES, FORMS, CellResults, Entry, Member, Records, RoundInfo, Unit,
                    name_key)
from .tables import Place, Row, Table, info_value, read_table
from .units import load_units

ROSTER_COLUMNS = {"name": "Họ và tên", "birth": "Năm sinh", "post": "Chức vụ", "exempt": "Miễn"}
RESULT_COLUMNS = {"name": "Họ và tên", "attendance": "Tham dự", "score": "Điểm", "rewrite": "Điểm viết lại",
                  "note": "Ghi chú"}
# Other headers secretaries give the same columns (matched as tolerantly as the contract's own).
COLUMN_ALIASES = {"name": ("Họ tên", "Họ và tên đảng viên"), "birth": ("Ngày sinh", "Ngày tháng năm sinh"),
                  "score": ("Điểm bài thu hoạch", "Điểm thu hoạch")}
INFO_LABELS = {"date": "Ngày học", "place": "Địa điểm", "lecturer": "Báo cáo viên", "form": "Hình thức"}
TABLE_SUFFIXES = (".xlsx", ".csv")
# What Windows leaves in a folder opened in Explorer: not the user's, not worth a warning.
SYSTEM_FILES = ("thumbs.db", "desktop.ini")
# What a secretary writes in Miễn or Chức vụ to say "none" (folded): the same as leaving it empty.
NO_EXEMPTION = ("khong", "khong co", "ko", "k", "0", "khong mien")
# "Đảng viên dự bị", "ĐV chính thức": a member's standing written where a post goes, not a post
# ("Đảng viên, trưởng thôn" names one, and stays).
NO_POST = NO_EXEMPTION + ("dang vien", "dang vien du bi", "dang vien chinh thuc", "dv", "dv du bi",
                          "dv chinh thuc", "dvdb", "dvct")
# Spreadsheets the reader does not take: a cell's file saved so would silently count as "not reported".
OTHER_SPREADSHEETS = (".xls", ".ods", ".fods", ".xlsm", ".xlsb", ".et", ".numbers")
T = TypeVar("T")


def load_records(folder: Path, resolutions: Collection[str] | Mapping[str, dt.date | None] | None = None,
                 slugs: Iterable[str] | None = None) -> tuple[Records | None, list[Problem]]:
    """The records in `folder`. `resolutions`: the content's slugs (a study folder for any other
    is an error), or slug → issue date (a Ngày học before it is then named); `slugs`: only these
    rounds are read (all when None)."""
    root, problems = load_units(folder / "units.yaml")
    if root is None:
        return None, problems
    rosters = _load_rosters(folder, root, problems)
    rounds = {}
    study = folder / "study"
    for slug_dir in sorted(study.iterdir()) if study.is_dir() else ():
        if not slug_dir.is_dir() or slug_dir.name.startswith("."):
            continue
        if resolutions is not None and slug_dir.name not in resolutions:
            problems.append(error(slug_dir, None, "records-unknown-slug", slug=slug_dir.name,
                                  close=_closest(slug_dir.name, resolutions) or "—"))
            continue
        if slugs is not None and slug_dir.name not in slugs:
            continue
        issued = resolutions.get(slug_dir.name) if isinstance(resolutions, Mapping) else None
        rounds[slug_dir.name] = MappingProxyType(_load_round(slug_dir, root, rosters, problems, issued))
    records = Records(folder, root, MappingProxyType(rosters), MappingProxyType(rounds))
    return (None if has_errors(problems) else records), problems


def _tables_in(folder: Path, root: Unit, problems: list[Problem], extra_suffixes: tuple[str, ...] = ()
               ) -> dict[str, Path]:
    """`<unit-id>.xlsx|.csv` files of `folder` whose unit is a cell; the others are reported."""
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.name.startswith((".", "~$")) or path.is_dir():      # hidden files, Office lock files
            continue
        if path.name.lower() in SYSTEM_FILES:
            continue
        suffix = path.suffix.lower()
        if suffix in OTHER_SPREADSHEETS:
            problems.append(error(path, None, "records-other-spreadsheet", suffix=path.suffix))
            continue
        if suffix not in TABLE_SUFFIXES:
            if suffix not in extra_suffixes:
                problems.append(warning(path, None, "records-unknown-file"))
            continue
        unit = root.find(path.stem)
        if unit is None or not unit.is_cell:
            problems.append(error(path, None, "records-not-a-cell", id=path.stem,
                                  close=_cell_of_file(path, root) or "—"))
        elif path.stem in found:
            problems.append(error(path, None, "records-two-files", other=found[path.stem].name))
        else:
            found[path.stem] = path
    return found


def _load_rosters(folder: Path, root: Unit, problems: list[Problem]) -> dict[str, tuple[Member, ...]]:
    files = _tables_in(folder / "members", root, problems)
    rosters: dict[str, tuple[Member, ...]] = {}
    listed: dict[tuple[str, int], str] = {}          # (name, year of birth) → the first cell listing them
    for cell in root.cells():
        path = files.get(cell.id or "")
        if path is None:
            problems.append(warning(folder / "units.yaml", None, "records-no-roster", id=cell.id, name=cell.name))
            rosters[cell.id or ""] = ()
            continue
        table, found = read_table(path, ROSTER_COLUMNS, ("name", "birth"), aliases=COLUMN_ALIASES)
        problems += found
        rosters[cell.id or ""] = tuple(_roster_members(table, problems, cell.id or "", listed)) if table else ()
    return rosters


def _roster_members(table: Table, problems: list[Problem], cell_id: str, listed: dict[tuple[str, int], str]
                    ) -> Iterable[Member]:
    seen: dict[str, Place] = {}
    for row in table.rows:
        name = _row_name(row, seen, problems)
        if name is None:
            continue
        if _is_total(name):
            problems.append(row.at("name").error("records-total-line", name=name))
            continue
        birth = _parse(row, "birth", values.birth, problems, "records-bad-birth")
        if row.values["birth"] is None:
            problems.append(row.at("birth").warning("records-no-birth", name=name))
        elif birth is not _BAD:
            # A member moved to another cell but still on the old roster counts twice upward.
            year = birth.year if isinstance(birth, dt.date) else birth
            first = listed.setdefault((name_key(name), year), cell_id)
            if first != cell_id:
                problems.append(row.at("name").warning("records-member-in-two-cells", name=name, year=year,
                                                       other=first))
        yield Member(name, birth if birth is not _BAD else None, _said(row.values.get("post"), NO_POST),
                     _said(row.values.get("exempt"), NO_EXEMPTION))


def _load_round(slug_dir: Path, root: Unit, rosters: dict[str, tuple[Member, ...]],
                problems: list[Problem], issued: dt.date | None = None) -> dict[str, CellResults]:
    results = {}
    for unit_id, path in _tables_in(slug_dir, root, problems, extra_suffixes=(".yaml", ".yml")).items():
        table, found = read_table(path, RESULT_COLUMNS, ("name", "attendance", "score"), INFO_LABELS,
                                  COLUMN_ALIASES)
        problems += found
        if table is None:
            continue
        if not any(_filled(row) for row in table.rows):
            # The template as `records template` wrote it, not filled in yet: the cell has not reported.
            problems.append(warning(path, None, "records-results-blank"))
            continue
        results[unit_id] = CellResults(unit_id, path, _round_info(table, problems, issued),
                                       MappingProxyType(_entries(table, rosters[unit_id], problems)))
    return results


def _filled(row: Row) -> bool:
    """Something beyond the name on a results line (a line with only the name is not reported)."""
    return any(row.values.get(key) is not None for key in ("attendance", "score", "rewrite", "note"))


def _entries(table: Table, roster: tuple[Member, ...], problems: list[Problem]) -> dict[str, Entry]:
    on_roster = {name_key(member.name): member.name for member in roster}
    entries: dict[str, Entry] = {}
    listed: set[str] = set()                    # names on some line, right or wrong
    seen: dict[str, Place] = {}
    for row in table.rows:
        name = _row_name(row, seen, problems)
        if name is None:
            continue
        roster_name = on_roster.get(name_key(name))
        if roster_name is None:
            close = _closest(name, [member.name for member in roster])
            code = "records-unknown-name" if close else "records-unknown-name-far"
            problems.append(row.at("name").error(code, name=name, close=close or ""))
            continue
        if not _filled(row):
            continue                           # a line left blank: the member is not reported
        listed.add(name_key(roster_name))
        entry = _entry(row, roster_name, problems)
        if entry is not None:
            entries[name_key(roster_name)] = entry
    for member in roster:
        if name_key(member.name) not in listed:
            problems.append(warning(table.path, None, "records-member-missing", name=member.name))
    return entries


def _entry(row: Row, name: str, problems: list[Problem]) -> Entry | None:
    """The member's line, or None (and the problems) when a value is wrong."""
    before = len(problems)
    attendance = _parse(row, "attendance", lambda v: values.choice(v, ATTENDANCE_VALUES), problems,
                        "records-bad-choice", choices=", ".join(ATTENDANCE_VALUES))
    if attendance is None:
        problems.append(row.at("attendance").error("records-no-attendance", name=name,
                                                       choices=", ".join(ATTENDANCE_VALUES)))
    score = _parse(row, "score", values.score, problems, "records-bad-score")
    rewrite = _parse(row, "rewrite", values.score, problems, "records-bad-score")
    if rewrite is not None and rewrite is not _BAD:
        if score is None:
            problems.append(row.at("rewrite").error("records-rewrite-without-score", name=name))
        elif score is not _BAD and score >= 5:
            problems.append(row.at("rewrite").error("records-rewrite-not-weak", name=name,
                                                        score=_number(score)))
    if len(problems) > before:
        return None
    return Entry(name, attendance, score, rewrite, values.text(row.values.get("note")))


def _round_info(table: Table, problems: list[Problem], issued: dt.date | None = None) -> RoundInfo:
    found: dict[str, object] = {}
    for key, (value, place) in table.info.items():
        try:
            if key == "date":
                found[key] = values.date(value)
            elif key == "form":
                found[key] = values.choice(value, FORMS) if value is not None else ""
            else:
                found[key] = values.text(value)
        except values.BadValue:
            code = "records-bad-date" if key == "date" else "records-bad-choice"
            problems.append(place.error(code, value=value, column=INFO_LABELS[key], choices=", ".join(FORMS)))
    studied = found.get("date")
    if isinstance(studied, dt.date) and issued is not None and studied < issued:
        # Studied before it was issued: a mistyped year (January's "2024" for 2025), which moves the round.
        problems.append(table.info["date"][1].warning("records-date-before-issue", date=format_date(studied),
                                                      issued=format_date(issued)))
    if "date" not in table.info or table.info["date"][0] is None:
        # Not an error (the issue date stands in), but the round may then fall in the wrong year.
        where = table.info["date"][1] if "date" in table.info else None
        problems.append(where.warning("records-no-date") if where else warning(table.path, None, "records-no-date"))
    return RoundInfo(**found)


class _Bad:
    """A value that was reported as wrong (distinct from None, 'empty')."""


_BAD = _Bad()


def _parse(row: Row, key: str, parse: Callable[[object], T], problems: list[Problem], code: str,
           **params: str) -> T | None | _Bad:
    value = row.values.get(key)
    if value is None:
        return None
    try:
        return parse(value)
    except values.BadValue:
        column = row.header(key, (RESULT_COLUMNS | ROSTER_COLUMNS)[key])
        problems.append(row.at(key).error(code, value=value, column=column, **params))
        return _BAD


def _row_name(row: Row, seen: dict[str, Place], problems: list[Problem]) -> str | None:
    """The line's name; None (with the problem) for a line without one or a name listed twice."""
    name = row.values.get("name")
    if name is None:
        problems.append(row.at("name").error("records-row-no-name"))
        return None
    name = values.text(name)
    first = seen.get(name_key(name))
    if first is not None:
        if first.cell:                          # a workbook: "Danh sách!B2"; a CSV: its line number
            problems.append(row.at("name").error("records-duplicate-name", name=name, first=first.cell))
        else:
            problems.append(row.at("name").error("records-duplicate-name-line", name=name, first=first.row))
        return None
    seen[name_key(name)] = row.at("name")
    return name


def _said(value: object, nothing: tuple[str, ...]) -> str:
    """The cell's text, or "" where it says there is none ("Không", "-"): a column filled with
    "Không" all the way down otherwise made every member exempt (or a leader)."""
    text = values.text(value)
    folded = fold(text)
    return "" if not folded or folded in nothing else text


def _is_total(name: str) -> bool:
    """'Tổng số: 7 đảng viên', 'Tổng cộng', 'Cộng' under a roster: a count, not a member (the tone
    marks matter: Tống is a family name)."""
    words = name.casefold().replace(":", " ").split()
    return words[:2] in (["tổng", "số"], ["tổng", "cộng"]) or words == ["cộng"]


def _cell_of_file(path: Path, root: Unit) -> str | None:
    """The cell id a misnamed file ("Kết quả chi bộ A2 (1).xlsx") is most likely for: the cell a
    template names on its "Thông tin" sheet, else the id or the cell name closest to the file name."""
    cells = [cell for cell in root.cells() if cell.id]
    if path.suffix.lower() == ".xlsx":
        named = info_value(path, "Chi bộ")
        if named is not None:
            found = next((cell.id for cell in cells if name_key(cell.name) == name_key(str(named))), None)
            if found:
                return found
    close = _closest(path.stem, [cell.id or "" for cell in cells])
    if close:
        return close
    by_name = _closest(path.stem, [cell.name for cell in cells])
    return next((cell.id for cell in cells if cell.name == by_name), None)


def _closest(name: str, candidates: Iterable[str]) -> str | None:
    by_key = {name_key(c): c for c in candidates}
    found = difflib.get_close_matches(name_key(name), list(by_key), n=1, cutoff=0.6)
    return by_key[found[0]] if found else None


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")
