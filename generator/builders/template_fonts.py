"""Fonts a site's own print templates name but no font folder has, found by `check` (also
`--fast`) before a build meets them: every Typst template a build renders, compiled once
with sample data in the Typst root the build renders it in."""
from __future__ import annotations

from pathlib import Path

from ..content.model import Site
from ..diagnostics import Problem
from ..fonts import font_dirs
from ..fonts.coverage import unknown_font_problem
from .pdf_jobs import print_template_dirs
from .schedule import schedule_template_dirs

# The folders of templates/ that hold Typst templates a build renders.
TYPST_PARTS = ("leaflet", "loudspeaker", "brief", "qa", "lecture", "schedule")
SHARED = "common.typ"       # imported by the others, not rendered on its own


def template_font_problems(site: Site) -> list[Problem]:
    """One error per font a template names that is missing (common.typ's, met by every
    template, said once). The default theme's fonts ship with the package, so a site
    without Typst templates of its own costs nothing here."""
    own = site.content_dir / "templates"
    if not any((own / part).is_dir() for part in TYPST_PARTS):
        return []
    from ..pdf import TEMPLATE_FILES, PdfFontMissing, PdfRenderer, PdfTemplateError
    from ..pdf.sample import sample_data
    kinds = {name: kind for kind, name in TEMPLATE_FILES.items()}
    found: dict[tuple, Problem] = {}
    rendered: set[str] = set()
    for folders in (print_template_dirs(site.content_dir), schedule_template_dirs(site.content_dir)):
        names = sorted(_templates(folders) - rendered)
        rendered.update(names)
        with PdfRenderer(folders, font_dirs(site.content_dir)) as renderer:
            for name in names:
                # Every template reads its data with defaults, so the leaflet's sample serves
                # those without a sample of their own.
                data = sample_data(kinds.get(name, "leaflet-a4"))
                # Every family the templates may use: the sample has no code, which takes the monospace font.
                data["lead"] = [*data["lead"], {"type": "paragraph", "runs": [{"text": "57-NQ/TW", "code": True}]}]
                try:
                    renderer.render(name, data)
                except PdfFontMissing as exc:
                    found.setdefault((exc.file, exc.line, exc.family), unknown_font_problem(
                        site.content_dir, exc.file, exc.line, exc.column, exc.family))
                except PdfTemplateError:
                    continue            # a template that does not compile: the build reports it
    return list(found.values())


def _templates(folders: list[Path]) -> set[str]:
    """The Typst templates at the top of these folders, by name."""
    return {path.name for folder in folders for path in folder.glob("*.typ") if path.name != SHARED}
