"""Read content files: bytes → NFC text, front matter, YAML with line numbers.

Editors save from Notepad, Word or phones: text may come with a BOM, CRLF
line endings or decomposed (NFD) diacritics. Everything is normalised here,
once, so the rest of the program only ever sees NFC text with LF endings.
"""
from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from ..diagnostics import Problem, error, warning
from .control_chars import CONTROL, control_characters, without_control_characters
from .limits import text_file_problem
from .yaml_bounds import find_excess
from .yaml_errors import explain

KeyPath = tuple[Any, ...]
# libyaml's parser (same nodes and marks) is many times faster than the pure-Python one.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SURROGATE = re.compile("[\ud800-\udfff]")
_STR_TAG = "tag:yaml.org,2002:str"


def normalise_text(text: str) -> str:
    """Strip a BOM, turn CRLF/CR into LF, compose to NFC (tone placement kept) and leave
    out control characters."""
    return without_control_characters(_composed(text))


def _composed(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_text(path: Path, read_bytes: Callable[[Path], bytes] | None = None) -> tuple[str | None, list[Problem]]:
    """The file's text, normalised; or None and a problem naming the bad byte. `read_bytes`:
    how to get the bytes (the build's change detector has them when it just hashed the file)."""
    try:
        too_big = text_file_problem(path, path.stat().st_size)
        if too_big is not None:
            return None, [too_big]          # not read into memory at all
        raw = read_bytes(path) if read_bytes is not None else path.read_bytes()
    except OSError as exc:
        return None, [error(path, None, "file-unreadable", detail=str(exc))]
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        # The column counts characters, as an editor sees them, not the bytes before the bad one.
        before = raw[raw.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", errors="replace")
        return None, [error(path, line, "not-utf8", col=len(unicodedata.normalize("NFC", before)) + 1)]
    text = _composed(text)
    if not CONTROL.search(text):        # most files: one search, not one for the warnings and one to clean
        return text, []
    problems = [warning(path, number, "control-character", col=col, char=char)
                for number, col, char in control_characters(text)]
    return without_control_characters(text), problems


@dataclass
class YamlDoc:
    """Parsed YAML plus where each key and value stood in the file."""

    data: Any
    path: Path
    first_line: int = 1
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)   # where each key is written

    def key_line(self, *keys: Any) -> int:
        """Line of the key at `keys` itself (a bad key: its value may start on the next line)."""
        return self.key_positions[keys][0] if keys in self.key_positions else self.line_of(*keys)

    def line_of(self, *keys: Any) -> int:
        """Line of the value at `keys`, else of its nearest known parent."""
        while keys:
            if keys in self.positions:
                return self.positions[keys][0]
            keys = keys[:-1]
        return self.first_line

    def col_of(self, *keys: Any) -> int:
        return self.positions.get(keys, (0, 1))[1]



def parse_yaml(text: str, path: Path, first_line: int = 1) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse YAML, keeping every key's position; syntax errors carry YAML's line and column."""
    excess = find_excess(text)
    if excess is not None:
        return None, [error(path, excess.line + first_line, excess.code, col=excess.column + 1, limit=excess.limit)]
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        found = explain(exc, text)
        return None, [error(path, found.line + first_line, found.code, col=found.column + 1, **found.params)]
    except yaml.reader.ReaderError as exc:      # a character YAML refuses (NUL, other control characters)
        # libyaml counts the position in bytes; the character itself places it in the text.
        found = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line, col = _line_and_column(text, found if found >= 0 else exc.position)
        return None, [error(path, line + first_line, "yaml-control-character", col=col + 1,
                            code_point=f"U+{exc.character:04X}" if isinstance(exc.character, int)
                            else repr(exc.character))]
    doc = YamlDoc(None, path, first_line)
    problems: list[Problem] = []
    if node is not None:
        doc.data = _construct(node, (), doc, problems, yaml.SafeLoader(""))
    return doc, problems


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    """0-based line and column of a character offset."""
    line = text.count("\n", 0, position)
    return line, position - (text.rfind("\n", 0, position) + 1)


def read_yaml(path: Path) -> tuple[YamlDoc | None, list[Problem]]:
    """A YAML file read (encoding, NFC) and parsed, with every problem of both steps."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    doc, found = parse_yaml(text, path)
    return doc, problems + found


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError:
        # The pure-Python parser words and places its errors as our messages expect.
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _construct(node: yaml.Node, keys: KeyPath, doc: YamlDoc, problems: list[Problem], loader: yaml.SafeLoader) -> Any:
    doc.positions[keys] = (node.start_mark.line + doc.first_line, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, keys + ("<key>",), doc, problems, loader)
            if isinstance(key, (list, dict)):
                key = str(key)
            doc.key_positions[keys + (key,)] = (key_node.start_mark.line + doc.first_line, key_node.start_mark.column + 1)
            if key in result:
                problems.append(error(doc.path, key_node.start_mark.line + doc.first_line, "yaml-duplicate-key",
                                      col=key_node.start_mark.column + 1, key=key))
            result[key] = _construct(value_node, keys + (key,), doc, problems, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, keys + (index,), doc, problems, loader) for index, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        # An impossible date (2024-02-30) must become a reported problem, not a crash:
        # keep the raw text and let the date validation name it.
        try:
            return loader.construct_object(node, deep=True)
        except ValueError:
            return node.value
    if node.tag == _STR_TAG:
        value = node.value              # what the loader's construct_yaml_str gives a scalar
    else:
        try:
            value = loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            value = node.value
    if isinstance(value, str) and CONTROL.search(value):   # a YAML escape such as "\a" or "\x07"
        char = f"U+{ord(CONTROL.search(value).group(0)):04X}"
        problems.append(warning(doc.path, node.start_mark.line + doc.first_line, "control-character",
                                col=node.start_mark.column + 1, char=char))
        value = without_control_characters(value)
    if isinstance(value, str) and _SURROGATE.search(value):
        # "\ud800" escapes a half of a character: no file, page or PDF can hold it.
        problems.append(error(doc.path, node.start_mark.line + doc.first_line, "yaml-surrogate",
                              col=node.start_mark.column + 1, key=keys[-1] if keys else ""))
        value = _SURROGATE.sub("\ufffd", value)
    return value


@dataclass(frozen=True)
class MarkdownFile:
    path: Path
    text: str
    front: YamlDoc | None
    body: str
    body_first_line: int  # line number of the body's first line in the file


def split_front_matter(path: Path, text: str) -> tuple[MarkdownFile, list[Problem]]:
    """Split `---` YAML front matter from the Markdown body."""
    problems: list[Problem] = []
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.append(error(path, 1, "front-matter-missing"))
        return MarkdownFile(path, text, None, text, 1), problems
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        problems.append(error(path, 1, "front-matter-unclosed"))
        return MarkdownFile(path, text, None, text, 1), problems
    front_text = "\n".join(lines[1:end])
    front, yaml_problems = parse_yaml(front_text, path, first_line=2)
    problems += yaml_problems
    if front is not None and front.data is None:
        front.data = {}
    if front is not None and not isinstance(front.data, dict):
        problems.append(error(path, 2, "front-matter-not-mapping"))
        front = None
    body = "\n".join(lines[end + 1:])
    return MarkdownFile(path, text, front, body, end + 2), problems


def parse_date(value: Any) -> dt.date | None:
    """A date from YAML: a date, 'YYYY-MM-DD' or the Vietnamese 'DD/MM/YYYY'. None if impossible."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


