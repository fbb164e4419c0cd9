"""Print-ready PDFs through Typst (in-process): leaflets A4/A5/tri-fold, the study
sheet, and the large-print loudspeaker sheet.

    renderer = PdfRenderer([site_dir / "templates/leaflet"])      # once per process
    result = renderer.render("a4.typ", data, fit=FitPolicy(max_pages=2))
    result.pdf, result.pages, result.font_size, result.overflow_pages, result.words_to_cut

`data` is the JSON contract described in templates/leaflet/common.typ and
generator/print_data.py; templates receive it only as data (sys.inputs), never
as markup. Same data -> same bytes (no clock, no system fonts: the fonts travel in generator/fonts/).

Worker processes: Typst does not survive fork() once it has run in a process
(the child hangs), so start worker pools with "spawn" or "forkserver"; a
forked child raises TypstForkError instead of hanging.
"""
from __future__ import annotations

from typing import Any

from .fit import FORMAT_DEFAULTS, FitPolicy, RenderResult
from .qr import qr_svg

__all__ = ["FORMAT_DEFAULTS", "TEMPLATE_FILES", "FitPolicy", "PdfFontMissing", "PdfRenderer", "PdfTemplateError",
           "RenderResult", "TypstForkError", "default_template_dir", "pdf_page_count", "qr_svg"]
# The renderer's names, imported with Typst when first asked for: a build whose PDFs render in
# other processes (an edit's on the print worker) reads the fitting rules here and no more.
_RENDERER = frozenset({"TEMPLATE_FILES", "PdfFontMissing", "PdfRenderer", "PdfTemplateError", "TypstForkError",
                       "default_template_dir", "pdf_page_count"})


def __getattr__(name: str) -> Any:
    if name in _RENDERER:
        from . import renderer
        return getattr(renderer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
