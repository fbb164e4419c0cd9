"""The spoken-form tables ship as JSON (generator/spoken/compiled.json, spoken/shipped.py) beside
their YAML: the same data, read in a tenth of the time; a table edited since is read from its YAML."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from generator.spoken import engine, shipped, spoken_form

SPOKEN = Path(engine.__file__).parent


def test_compiled_json_holds_every_table_as_its_yaml_reads() -> None:
    """Fails when a table's YAML is edited without `python -m generator.spoken`, or the JSON alone."""
    files = {path.name[: -len(".yaml")]: path.read_bytes() for path in shipped.table_files()}
    assert sorted(files) == ["_markup", "hmn", "vi"]
    written = json.loads((SPOKEN / shipped.COMPILED).read_text(encoding="utf-8"))
    assert sorted(written) == sorted(files), "run `python -m generator.spoken` after adding or removing a table"
    for name, source in files.items():
        assert written[name]["source_sha256"] == hashlib.sha256(source).hexdigest(), \
            f"{name}.yaml changed since compiled.json was written: run `python -m generator.spoken`"
        from_json = shipped.table(name, source)
        # The very data the YAML loader gives, key types (the numbers' digits) and order included.
        assert from_json is not None and repr(from_json) == repr(shipped.parse_yaml(source))


def test_a_table_edited_since_it_was_compiled_is_read_from_its_yaml(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for path in shipped.table_files():
        shutil.copy(path, tmp_path / path.name)
    vi = tmp_path / "vi.yaml"
    text = vi.read_text(encoding="utf-8")
    assert "  UBND: Ủy ban nhân dân\n" in text
    vi.write_text(text.replace("  UBND: Ủy ban nhân dân\n", "  UBND: Uỷ ban nhân dân xã\n"), encoding="utf-8")
    assert shipped.table("vi", vi.read_bytes()) is None             # not the bytes it was made from
    assert shipped.table("_markup", (tmp_path / "_markup.yaml").read_bytes()) is not None
    assert spoken_form("UBND xã họp.") == "Ủy ban nhân dân xã họp."  # the shipped table, as before
    monkeypatch.setattr(engine, "table_dir", lambda: tmp_path)
    table = engine.load_table.__wrapped__("vi")                     # the reading itself, not this process's cache
    assert table["abbreviations"]["UBND"] == "Uỷ ban nhân dân xã"


def test_what_json_cannot_give_back_is_not_written() -> None:
    assert shipped.encode({1: "một", "a": [True, None, 1.5]}) == {shipped.PAIRS: [[1, "một"], ["a", [True, None, 1.5]]]}
    with pytest.raises(ValueError):
        shipped.encode({"issued": dt.date(2025, 7, 1)})
