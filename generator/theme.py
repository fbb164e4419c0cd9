"""Find templates: a site's own templates/ folder first, then the default theme."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def default_theme_dir() -> Path:
    """templates/ of a checkout, or the copy packed inside an installed wheel."""
    packed = _PACKAGE / "_templates"
    if packed.is_dir():
        return packed
    return _PACKAGE.parent / "templates"


def template_dirs(content_dir: Path, part: str) -> list[Path]:
    """Folders to search for `part` (site, leaflet, loudspeaker), override first."""
    dirs = [Path(content_dir) / "templates" / part, default_theme_dir() / part]
    return [d for d in dirs if d.is_dir()]
