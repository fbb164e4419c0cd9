"""What every page or PDF a builder renders from its templates depends on, asked before any is
rendered: its own module, without Jinja2 (templating.py), so that the leaflets, the first print
builder (pipeline.BUILDERS), send an edit's PDFs to the print worker before the build imports
Jinja2 (≈ 0.02 s)."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .buildstate import folders_fingerprint
from ..changes import ChangeDetector
from ..i18n import catalog_path


def templates_and_catalogs_fingerprint(template_dirs: Sequence[Path], language_codes: Sequence[str],
                                       content_dir: Path, changes: ChangeDetector) -> str:
    """The templates and the site's UI catalogs: what every page a builder renders depends on."""
    catalogs = [catalog_path(code, content_dir) for code in language_codes]
    return folders_fingerprint([*template_dirs, *(p for p in catalogs if p)], changes, content_dir)
