"""What every process that loads content pays before its workers start (issue 15): nothing that a
cold build does not need."""
from __future__ import annotations

import subprocess
import sys

import markdown
import pytest

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


def test_a_site_build_does_not_import_importlib_metadata() -> None:
    """importlib.metadata costs ≈ 0.01 s to import: only the builders that ask a library's version
    (share images, the lecturer's PPTX) import it."""
    code = ("import sys; from generator.content.markdown_render import prepare; prepare(); "
            "import generator.load, generator.pipeline, generator.builders.site; "
            "print('importlib.metadata' in sys.modules)")
    said = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert said.stdout.strip() == "False"
