"""The spoken-form tables shipped as JSON: compiled.json, beside the YAML they are read from.

Every process that makes loudspeaker material read its tables with YAML (≈ 0.006 CPU s for
vi.yaml and _markup.yaml with libyaml); compiled.json holds each table as the YAML loader gives
it, with the SHA-256 of the YAML's bytes, and JSON reads it in a tenth of that. A table whose
YAML no longer has those bytes (edited since) is read from the YAML as before, so an edited
table is never stale; `python -m generator.spoken` writes the file again
(tests/test_spoken_tables.py fails until then). The mechanism is shipped_data.py's, shared
with the i18n catalogs.

JSON has no mapping with other keys than strings: such a mapping (the numbers' tables, keyed by
digit) is written as {PAIRS: [[key, value], ...]}, and only data that JSON gives back exactly as
the YAML loader gave it is written (`encode` refuses the rest).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .. import shipped_data

COMPILED = "compiled.json"
PAIRS = "<pairs>"       # a mapping whose keys are not all strings, as a list of [key, value]


def table(name: str, source: bytes) -> dict[str, Any] | None:
    """The table `name` as compiled.json holds it, if it was made from these very YAML bytes
    (None: not there, or the YAML was edited since)."""
    found = shipped_data.entry_for(_index(), name, source)
    data = found.get("data") if found is not None else None
    return data if isinstance(data, dict) else None


@lru_cache(maxsize=1)
def _index() -> dict[str, Any]:
    """compiled.json, once per process (a file of the package: it changes only with the code)."""
    return shipped_data.read_index(resources.files(__package__) / COMPILED, object_hook=_decoded)


def _decoded(mapping: dict[str, Any]) -> dict[Any, Any]:
    if len(mapping) == 1 and PAIRS in mapping and isinstance(mapping[PAIRS], list):
        return {key: value for key, value in mapping[PAIRS]}
    return mapping


def encode(value: Any) -> Any:
    """`value` (YAML data) in the form compiled.json holds it; ValueError for what JSON cannot
    give back as it is (a date, a set)."""
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value) and PAIRS not in value:
            return {key: encode(item) for key, item in value.items()}
        return {PAIRS: [[_scalar(key), encode(item)] for key, item in value.items()]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    return _scalar(value)


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise ValueError(f"a spoken-form table holds a {type(value).__name__}, which JSON cannot keep: {value!r}")


def compiled(sources: dict[str, bytes], parse: Any) -> dict[str, Any]:
    """compiled.json's content for these tables' YAML bytes (`parse`: the YAML loader's reading)."""
    return {name: shipped_data.entry(source, data=encode(parse(source))) for name, source in sorted(sources.items())}


def table_files() -> list[Any]:
    """Every table of the package: the languages' and the shared ones (_markup.yaml)."""
    return sorted((entry for entry in resources.files(__package__).iterdir() if entry.name.endswith(".yaml")),
                  key=lambda entry: entry.name)


def parse_yaml(source: bytes) -> Any:
    """A table's YAML as the engine reads it without compiled.json (libyaml where it is built, as
    the message catalog: ≈ 0.03 s in pure Python)."""
    return yaml.load(source.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def write() -> None:
    """compiled.json from the package's tables (after editing one of them)."""
    sources = {path.name[: -len(".yaml")]: path.read_bytes() for path in table_files()}
    # Keys in the tables' own order (JSON keeps it): the table read is the YAML's, order and all.
    shipped_data.write_index(Path(__file__).with_name(COMPILED), compiled(sources, parse_yaml))

