"""The build's last line counts what it made in the editor's words (build_summary.py), for every
kind any registered builder writes; the manifest keeps its kinds."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml

from generator.build_summary import GROUPS, files_in_words
from generator.cli import main
from generator.diagnostics import MESSAGES_FILE
from generator.pipeline import BUILDERS

BUILDERS_DIR = Path(__file__).resolve().parent.parent / "generator" / "builders"


def declared_kinds() -> set[str]:
    return {kind for registered in BUILDERS for kind in registered.builder().kinds}


def test_every_kind_a_registered_builder_writes_has_words_in_both_languages() -> None:
    catalog = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    grouped = [kind for kinds in GROUPS.values() for kind in kinds]
    assert len(grouped) == len(set(grouped))                    # a kind is counted once
    for registered in BUILDERS:
        assert registered.builder().kinds, registered.name
    assert declared_kinds() <= set(grouped)                     # none falls back to "other files"
    for group in GROUPS:
        entry = catalog[f"files-{group}"]
        assert set(entry["message"]) >= {"vi", "en"} and "en" in entry["one"], group
        assert "{digits}" in entry["message"]["vi"] and "{digits}" in entry["message"]["en"], group


def _literal_kinds(tree: ast.AST) -> set[str]:
    """kind="…" given to staging, and PdfJob(path, "kind", …)'s second argument, as written."""
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        found |= {k.value.value for k in node.keywords
                  if k.arg == "kind" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)}
        if getattr(node.func, "id", None) == "PdfJob" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
            found.add(node.args[1].value)
    return found


def test_every_kind_written_in_the_builders_code_is_declared() -> None:
    written = set().union(*(_literal_kinds(ast.parse(path.read_text(encoding="utf-8")))
                            for path in BUILDERS_DIR.rglob("*.py")))
    assert "leaflet-a4" not in written and {"share-text", "slides-pptx", "playlist"} <= written   # the walk sees
    assert written - declared_kinds() == set()


def test_every_kind_in_a_built_manifest_is_declared(example_site: Path) -> None:
    manifest = json.loads((example_site / "manifest.json").read_text(encoding="utf-8"))
    kinds = {artifact["kind"] for artifact in manifest["artifacts"]}
    assert {"leaflet-a4", "page", "share-image", "slides-pptx"} <= kinds
    assert kinds - declared_kinds() == set()


@pytest.mark.parametrize("lang, expected", [
    ("vi", "2 000 trang web, 3 000 tệp tờ rơi (A4, A5, gấp ba), 1 500 phiếu thu hoạch, 1 tệp chia sẻ, 4 tệp khác"),
    ("en", "2 000 web pages, 3 000 leaflet files (A4, A5, tri-fold), 1 500 study sheets, 1 share file, 4 other files"),
])
def test_counts_are_grouped_in_words(lang: str, expected: str) -> None:
    counts = {"leaflet-a5": 1500, "page": 1998, "home": 2, "study-sheet": 1500, "leaflet-a4": 1500,
              "share-image": 1, "sitemap": 1, "kind-of-tomorrow": 3}       # an unknown kind: counted, not lost
    assert files_in_words(counts, lang) == expected


def test_a_build_that_made_no_file_says_so() -> None:
    assert files_in_words({}, "vi") == "không có tệp nào" and files_in_words({}, "en") == "no files"


def test_the_build_says_what_it_made_in_words(site_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["build", "--content", str(site_dir), "--output", str(tmp_path / "out"), "--only", "site"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    pages = sum(a["kind"] in GROUPS["web-pages"] for a in manifest["artifacts"])
    assert f"{pages} trang web" in line and "page:" not in line and "home" not in line
    assert {a["kind"] for a in manifest["artifacts"]} >= {"page", "home"}     # the manifest keeps its kinds
