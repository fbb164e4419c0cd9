"""Read the cell values of an XLSX file straight from its XML.

openpyxl needs about 5 ms for a cell's small workbook; a district report reads
a thousand of them, so the values (all the records need) are read here with
the standard library. Anything this reader does not understand falls back to
openpyxl (see tables.py).
"""
from __future__ import annotations

import html
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^([A-Z]+)(\d+)$")
# The cells of a sheet as nearly every writer (Excel, LibreOffice, openpyxl, WPS) lays them out:
# <c r="D12" s="3" t="s"><v>7</v></c>; a sheet written otherwise (prefixed tags) goes to ElementTree.
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_TEXT = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")
_PHONETIC = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_ITEM = re.compile(rb"<si>(.*?)</si>", re.S)

Grid = dict[tuple[int, int], Any]          # (row, column), both 1-based → value


class XlsxUnreadable(Exception):
    """Not a workbook this reader understands."""


def read_sheets(path: Path) -> dict[str, Grid]:
    """Every worksheet's non-empty values, by sheet name in workbook order."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            shared = _shared_strings(archive) if "xl/sharedStrings.xml" in names else []
            sheets: dict[str, Grid] = {}
            for title, member in _sheet_members(archive):
                if member not in names:
                    raise XlsxUnreadable(member)
                sheets[title] = _grid(archive.read(member), shared)
            return sheets
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError) as exc:
        raise XlsxUnreadable(str(exc)) from exc


def _sheet_members(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    found = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        found.append((sheet.get("name", ""), member))
    return found


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    xml = archive.read("xl/sharedStrings.xml")
    if b"<si>" in xml or b"<si/>" not in xml and b":si" not in xml:
        items = _ITEM.findall(xml.replace(b"<si/>", b"<si></si>"))
        return [_text(_PHONETIC.sub(b"", item)) for item in items]
    root = ElementTree.fromstring(xml)
    return ["".join(t.text or "" for t in item.iter(f"{_MAIN}t")) for item in root.iter(f"{_MAIN}si")]


def _text(xml: bytes) -> str:
    joined = b"".join(_TEXT.findall(xml)).decode("utf-8")
    return html.unescape(joined) if "&" in joined else joined


def _grid(xml: bytes, shared: list[str]) -> Grid:
    if b"<sheetData" not in xml:
        return _grid_tree(xml, shared)
    grid: Grid = {}
    for letters, row, attributes, inner in _CELL.findall(xml):
        if not inner:
            continue                                         # an empty (styled) cell
        kind = _TYPE.search(attributes)
        value = _value(kind.group(1).decode() if kind else "n", inner, shared)
        if value is not None and value != "":
            grid[(int(row), column_number(letters.decode()))] = value
    return grid


def _value(kind: str, inner: bytes, shared: list[str]) -> Any:
    if kind == "inlineStr":
        return _text(inner)
    found = _VALUE.search(inner)
    if found is None:
        return None
    raw = found.group(1).decode("utf-8")
    if raw == "":
        return None
    if kind == "s":
        return shared[int(raw)]
    if kind in ("str", "e"):
        return html.unescape(raw)
    if kind == "b":
        return raw == "1"
    if kind == "n":
        number = float(raw)
        return int(number) if number.is_integer() else number
    raise XlsxUnreadable(f"cell type {kind}")


def _grid_tree(xml: bytes, shared: list[str]) -> Grid:
    grid: Grid = {}
    for cell in ElementTree.fromstring(xml).iter(f"{_MAIN}c"):
        match = _REF.match(cell.get("r", ""))
        if match is None:
            raise XlsxUnreadable("cell without a reference")
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            value: Any = "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
        else:
            raw = cell.find(f"{_MAIN}v")
            if raw is None or raw.text is None:
                continue
            if kind == "s":
                value = shared[int(raw.text)]
            elif kind in ("str", "e"):
                value = raw.text
            elif kind == "b":
                value = raw.text == "1"
            elif kind == "n":
                number = float(raw.text)
                value = int(number) if number.is_integer() else number
            else:
                raise XlsxUnreadable(f"cell type {kind}")
        if value != "":
            grid[(int(match.group(2)), column_number(match.group(1)))] = value
    return grid


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
