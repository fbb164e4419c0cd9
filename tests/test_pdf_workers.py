"""PDF rendering in worker processes: spawn works and gives the same bytes; a fork after Typst ran fails fast."""
from __future__ import annotations

import multiprocessing

from generator.pdf import FitPolicy, PdfRenderer, TypstForkError
from generator.pdf.sample import sample_data

from test_pdf_helpers import renderer


def _render(title: str) -> bytes | str:
    data = sample_data("leaflet-a4")
    data["title"] = title
    try:
        return PdfRenderer().render("a4.typ", data, fit=FitPolicy(max_pages=2)).pdf
    except TypstForkError as error:
        return f"TypstForkError: {error}"


def test_spawned_workers_render_the_same_bytes() -> None:
    titles = ["Nghị quyết một", "Nghị quyết hai"]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map_async(_render, titles).get(timeout=120)
    assert results == [_render(t) for t in titles]


def test_forked_child_of_a_typst_process_fails_fast_instead_of_hanging() -> None:
    renderer().render("a4.typ", sample_data("leaflet-a4"), fit=FitPolicy(max_pages=2))   # Typst used here
    with multiprocessing.get_context("fork").Pool(1) as pool:
        result = pool.apply_async(_render, ("x",)).get(timeout=60)
    assert isinstance(result, str) and result.startswith("TypstForkError") and "spawn" in result
