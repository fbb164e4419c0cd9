"""The sidecar `<slug>/<lang>.source.yaml`: which Vietnamese a translation was made from.

Written only by the tool (`translations mark-reviewed` and `translations
import`), never by the translator. It lists, in the order of the
translation's own segments, the Vietnamese segment each one translates: its
id at the time, its hash and its text (the text is kept so that a later
report can show the Vietnamese "before" next to the current "after").

Per group (title, summary, lead, each known section, the other sections) the
k-th entry belongs to the translation's k-th segment of that group. An entry
with `hash: null` stands for a translated segment whose Vietnamese was not
recorded (it reports as changed). A second list, `untranslated`, holds the
Vietnamese segments the translation did not have at that time (a lead or a
section left untranslated on purpose), so that a later report can tell them
from Vietnamese added since. `check` validates the file and ignores it, with a
warning, when it is damaged or was edited by hand.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml

from ..content.reader import parse_yaml, read_text
from ..diagnostics import Problem, warning
from .segments import group_of, text_hash

SUFFIX = ".source.yaml"
_ID = re.compile(r"^(title|summary|lead/\d+|[a-z_]+/\d+|section/[^\s/]+)$")
HEADER = ("# Ghi nhận của tuyentruyen: bản tiếng Việt mà bản dịch này được dịch từ đó.\n"
          "# Tệp do lệnh `tuyentruyen translations mark-reviewed` / `import` ghi; đừng sửa tay.\n"
          "# Written by tuyentruyen: the Vietnamese this translation was made from. Do not edit.\n")


@dataclass(frozen=True)
class Entry:
    id: str
    hash: str | None
    text: str | None
    line: int | None = None

    @property
    def group(self) -> str:
        return group_of(self.id)


@dataclass(frozen=True)
class Record:
    path: Path
    source: str
    reviewed: str
    entries: tuple[Entry, ...]
    untranslated: tuple[Entry, ...] = ()    # Vietnamese segments the translation did not have

    def group(self, name: str) -> list[Entry]:
        return [e for e in self.entries if e.group == name]

    def untranslated_in(self, name: str) -> list[Entry]:
        return [e for e in self.untranslated if e.group == name]

    def groups(self) -> list[str]:
        seen: list[str] = []
        for entry in self.entries:
            if entry.group not in seen:
                seen.append(entry.group)
        return seen


def record_path(folder: Path, lang: str) -> Path:
    return Path(folder) / f"{lang}{SUFFIX}"


def read_record(path: Path) -> tuple[Record | None, list[Problem]]:
    """The record, or None (absent, or damaged: then with a warning naming the line), and the
    warnings of reading it (a control character left out)."""
    if not path.is_file():
        return None, []
    text, problems = read_text(path)
    if text is None:
        return None, [_invalid(p.path, p.line, p.message("en")) for p in problems]
    record, invalid = _parse_record(text, path)
    return record, problems + invalid


def _parse_record(text: str, path: Path) -> tuple[Record | None, list[Problem]]:
    doc, problems = parse_yaml(text, path)
    if doc is None or problems:
        return None, [_invalid(path, p.line, p.params.get("detail") or p.code) for p in problems]
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        return None, [_invalid(path, doc.first_line, "segments")]
    untranslated = data.get("untranslated") or []
    if not isinstance(untranslated, list):
        return None, [_invalid(path, doc.line_of("untranslated"), "untranslated")]
    lists: dict[str, list[Entry]] = {}
    for key, items in (("segments", data["segments"]), ("untranslated", untranslated)):
        lists[key] = []
        for index, item in enumerate(items):
            line = doc.line_of(key, index)
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not _ID.match(item["id"]):
                return None, [_invalid(path, line, "id")]
            hash_, body = item.get("hash"), item.get("text")
            if hash_ is None and body is None and key == "segments":
                lists[key].append(Entry(item["id"], None, None, line))
                continue
            if not isinstance(hash_, str) or not isinstance(body, str) or text_hash(body) != hash_:
                return None, [_invalid(path, line, "hash")]
            lists[key].append(Entry(item["id"], hash_, body, line))
    return Record(path, str(data.get("source") or ""), str(data.get("reviewed") or ""),
                  tuple(lists["segments"]), tuple(lists["untranslated"])), []


def write_record(path: Path, source_name: str, entries: Iterable[Entry], today: dt.date | None = None,
                 untranslated: Iterable[Entry] = ()) -> None:
    data = {
        "source": source_name,
        "reviewed": (today or dt.date.today()).isoformat(),
        "segments": [{"id": e.id, "hash": e.hash, "text": e.text} for e in entries],
        "untranslated": [{"id": e.id, "hash": e.hash, "text": e.text} for e in untranslated],
    }
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    Path(path).write_text(HEADER + body, encoding="utf-8", newline="\n")


def _invalid(path: Path | None, line: int | None, detail: str) -> Problem:
    return warning(path, line, "translation-record-invalid", detail=detail)
