"""Extract UI strings from templates and Python into a catalog; update the .po files.

Run after changing a template: `python -m generator.i18n.extract`. It keeps
existing translations and adds new strings as untranslated, and compiles the
shipped catalogs again (locale/compiled.json: i18n.write_compiled).
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from ..theme import default_theme_dir
from . import CATALOG_DIR, write_compiled

PACKAGE_DIR = Path(__file__).resolve().parent.parent
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}
TEMPLATE_PATTERNS = ["site/**.html", "site/**.xml", "site/**.txt", "loudspeaker/**.txt", "share/**.txt", "brief/**.txt", "serve/**.html"]


def extract_catalog() -> Catalog:
    """Every marked string in the default theme and the package's Python code."""
    catalog = Catalog(project="tuyentruyen", locale="vi")
    method_map = [(pattern, "jinja2") for pattern in TEMPLATE_PATTERNS]
    options = {pattern: JINJA_OPTIONS for pattern in TEMPLATE_PATTERNS}
    for folder, maps, opts in ((default_theme_dir(), method_map, options),
                               (PACKAGE_DIR, [("**.py", "python")], {})):
        for filename, lineno, message, comments, context in extract_from_dir(folder, maps, opts):
            if isinstance(message, str) and message:
                catalog.add(message, locations=[(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def source_ids() -> set[str]:
    return {m.id for m in extract_catalog() if m.id}


def update_catalogs(languages: list[str]) -> None:
    template = extract_catalog()
    for lang in languages:
        path = CATALOG_DIR / f"{lang}.po"
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle)
            catalog.update(template, no_fuzzy_matching=True)
        else:
            catalog = Catalog(locale=None, project="tuyentruyen")
            catalog.update(template)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True, include_previous=False)
    write_compiled()


if __name__ == "__main__":
    update_catalogs(sys.argv[1:] or ["vi", "hmn", "en"])
