"""What every process that loads content pays before its workers start (issue 15): nothing that a
cold build does not need."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from generator import i18n
from generator.content import markdown_render

from conftest import REPO


def test_the_converter_is_made_without_looking_through_the_installed_packages(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Extensions named by a string are looked for among every installed package's entry points
    first (importlib.metadata imported, site-packages read); ours are made as objects, with the
    same configuration (tests/test_markdown_converter.py: the same HTML as python-markdown's own)."""
    def scanning() -> list:
        raise AssertionError("the installed packages were scanned for Markdown extensions")

    monkeypatch.setattr(markdown.util, "get_installed_extensions", scanning)
    converter = markdown.Markdown(extensions=markdown_render.extensions(), output_format="html")
    assert converter.convert("| a | b |\n|:--|--:|\n| 1 | 2 |").count('align="right"') == 2
    assert [type(e).__module__ for e in markdown_render.extensions()] == [
        "generator.content.heading_ids" if name == "toc" else f"markdown.extensions.{name}"
        for name in markdown_render.EXTENSIONS]


def _printed_in_a_new_process(code: str) -> str:
    """What `code` prints, run by a new interpreter (imports are counted from nothing)."""
    said = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return said.stdout.strip()

def test_a_site_build_does_not_import_importlib_metadata() -> None:
    """importlib.metadata costs ≈ 0.01 s to import: only the builders that ask a library's version
    (share images, the lecturer's PPTX) import it."""
    code = ("import sys; from generator.content.markdown_render import prepare; prepare(); "
            "import generator.load, generator.pipeline, generator.builders.site; "
            "print('importlib.metadata' in sys.modules)")
    assert _printed_in_a_new_process(code) == "False"


def test_the_shipped_catalogs_come_compiled_as_babel_compiles_them() -> None:
    """locale/compiled.json holds each shipped .po as Babel compiles it, with its messages, and
    the hash of the bytes it was made from (`python -m generator.i18n.extract` writes it)."""
    import base64
    import hashlib
    import json
    from babel.messages.pofile import read_po
    compiled = json.loads((i18n.CATALOG_DIR / i18n.COMPILED).read_text(encoding="utf-8"))
    shipped = sorted(path.stem for path in i18n.CATALOG_DIR.glob("*.po"))
    assert sorted(compiled) == shipped == ["en", "hmn", "vi"]
    for lang in shipped:
        path = i18n.CATALOG_DIR / f"{lang}.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        entry = compiled[lang]
        assert entry["source_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), "python -m generator.i18n.extract"
        identity = i18n.file_identity(path)
        assert base64.b64decode(entry["mo"]) == i18n._mo(path, identity)
        assert set(entry["ids"]) == {m.id for m in catalog if m.id}
        assert set(entry["translated"]) == {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert i18n.translations_for("hmn").gettext("Trang chủ") == "Nplooj thawj"


def test_a_shipped_catalog_edited_since_it_was_compiled_is_read_as_it_is_now(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(i18n.CATALOG_DIR, locale)
    monkeypatch.setattr(i18n, "CATALOG_DIR", locale)
    assert i18n.translations_for("hmn").gettext("Trang chủ") == "Nplooj thawj"       # compiled
    po = locale / "hmn.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Nplooj thawj"', 'msgstr ""', 1), encoding="utf-8")
    assert i18n.translations_for("hmn").gettext("Trang chủ") == "Trang chủ"          # untranslated now
    assert "Trang chủ" in i18n.missing_messages("hmn", i18n.source_messages())
    assert "Trang chủ" not in i18n.missing_messages("en", i18n.source_messages())


def test_a_site_build_reads_the_shipped_catalogs_without_babel() -> None:
    """Babel's import and reading of three .po files took 0.02 CPU s of every process that
    renders pages; a site's own catalogs are still read with it (tests/test_hostile_*.py)."""
    code = ("import sys; from generator.i18n import translations_for, catalog_problems; "
            "[translations_for(lang).gettext('Trang chủ') for lang in ('vi', 'hmn', 'en')]; "
            "catalog_problems(['vi', 'hmn', 'en']); print('babel' in sys.modules)")
    assert _printed_in_a_new_process(code) == "False"


def test_a_site_build_imports_the_study_records_readers_only_when_it_publishes_them() -> None:
    """The site builder asks every build whether site.yaml publishes the study results; the
    workbook's readers (zipfile, the records' model) ≈ 8 ms to import, only for a site that does
    (tests/test_report_outputs.py builds one)."""
    code = ("import sys, generator.builders.site; "
            "print(any(name.startswith(('generator.records.load', 'generator.records.figures', 'zipfile')) "
            "for name in sys.modules))")
    assert _printed_in_a_new_process(code) == "False"
