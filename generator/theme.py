"""Find templates: a site's own templates/ folder first, then the default theme."""
from __future__ import annotations

from pathlib import Path

from .diagnostics import Problem, warning

_PACKAGE = Path(__file__).resolve().parent

# Templates the default theme moved to another folder: new place → old place (under
# templates/). A site's own file at the old place is still used, with a warning naming the
# new place, until the site has one at the new place (see template_dirs' order).
MOVED_TEMPLATES: dict[str, str] = {"loudspeaker/loudspeaker.typ": "leaflet/loudspeaker.typ"}


def default_theme_dir() -> Path:
    """templates/ of a checkout, or the copy packed inside an installed wheel."""
    packed = _PACKAGE / "_templates"
    if packed.is_dir():
        return packed
    return _PACKAGE.parent / "templates"


def template_dirs(content_dir: Path, *parts: str) -> list[Path]:
    """Folders to search for `parts` (site, leaflet, loudspeaker …), override first: the
    site's own folder of each part, then the default theme's of each. So with
    ("loudspeaker", "leaflet") a site's old leaflet/loudspeaker.typ still beats the default
    loudspeaker/loudspeaker.typ (MOVED_TEMPLATES), and the site's file at the new place both."""
    own = [Path(content_dir) / "templates" / part for part in parts]
    dirs = own + [default_theme_dir() / part for part in parts]
    return [d for d in dirs if d.is_dir()]


def moved_template_problems(content_dir: Path) -> list[Problem]:
    """A warning for each of the site's templates at a place the default theme moved away from."""
    templates = Path(content_dir) / "templates"
    problems = []
    for new, old in MOVED_TEMPLATES.items():
        if (templates / old).is_file():
            code = "template-moved-ignored" if (templates / new).is_file() else "template-moved"
            problems.append(warning(templates / old, None, code, old=f"templates/{old}", new=f"templates/{new}"))
    return problems
