"""Data shipped compiled from the package's sources (shipped_data.py): one mechanism for the
i18n catalogs and the spoken-form tables, an entry per source with the SHA-256 of its bytes."""
from __future__ import annotations

import ast
import json
from pathlib import Path

from generator import shipped_data
from generator.i18n import CATALOG_DIR, COMPILED as CATALOGS
from generator.spoken import shipped

PACKAGE = Path(shipped_data.__file__).resolve().parent
INDEXES = {CATALOG_DIR / CATALOGS: ".po", PACKAGE / "spoken" / shipped.COMPILED: ".yaml"}
USERS = (PACKAGE / "i18n" / "__init__.py", PACKAGE / "spoken" / "shipped.py")


def test_every_shipped_index_names_its_sources_bytes_alike() -> None:
    for index, suffix in INDEXES.items():
        data = json.loads(index.read_text(encoding="utf-8"))
        assert data
        for name, entry in data.items():
            source = (index.parent / f"{name}{suffix}").read_bytes()
            assert entry[shipped_data.SOURCE_SHA256] == shipped_data.source_digest(source), (index, name)
            assert shipped_data.entry_for(data, name, source) is entry
            assert shipped_data.entry_for(data, name, source + b"\n") is None      # edited since: not used


def test_the_users_hash_and_read_no_index_themselves() -> None:
    """Both go through shipped_data: neither imports hashlib or json for it."""
    for path in USERS:
        imported = {alias.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                    if isinstance(node, ast.Import) for alias in node.names}
        assert not imported & {"hashlib", "json"}, path


def test_an_index_that_is_not_one_is_empty(tmp_path: Path) -> None:
    for text in ("[1, 2]", "{not json", ""):
        (tmp_path / "compiled.json").write_text(text, encoding="utf-8")
        assert shipped_data.read_index(tmp_path / "compiled.json") == {}
    assert shipped_data.read_index(tmp_path / "missing.json") == {}
    shipped_data.write_index(tmp_path / "compiled.json", {"b": shipped_data.entry(b"x", data=1), "a": {}}, sort_keys=True)
    assert list(shipped_data.read_index(tmp_path / "compiled.json")) == ["a", "b"]
