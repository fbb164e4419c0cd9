"""Our PDF cost per document against bare `typst.compile` calls on the same Typst sources.

Run with the project's interpreter (it imports generator/):

    .venv/bin/python bench/pdf_baseline.py --content DIR --sample 40 --jobs 2

1. Collect the PDF jobs our leaflet and loudspeaker builders make for the
   first `sample` resolutions (an in-process build whose PdfService only
   records its jobs).
2. Find each document's final body size and layout with our renderer (not timed).
3. Time, with the same number of worker processes, (a) our PdfService
   rendering the jobs without a cache (fitting included) and (b) one bare
   `typst.compile` per document of the same template with its final inputs,
   fonts loaded once per worker. Print the result as JSON.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterator

# generator/ from PYTHONPATH (the benchmark's snapshot of the code) or else from this checkout.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from generator.builders.base import BuildOptions  # noqa: E402
from generator.fonts import PACKAGED_DIR  # noqa: E402
from generator.pdf import FitPolicy, PdfRenderer  # noqa: E402
from generator.pdf.renderer import _timestamp, _with_dates  # noqa: E402  (the inputs exactly as our renderer passes them)
from generator.builders.pdf_jobs import PdfJob, PdfOutcome, PdfService  # noqa: E402
from generator.theme import template_dirs  # noqa: E402


def collect_jobs(content: Path) -> list[PdfJob]:
    """Every PDF job our builders make for this content, without rendering any."""
    from generator.pipeline import build
    jobs: list[PdfJob] = []
    original = PdfService.render_each

    def record(self: PdfService, batch: Any, on_done: Any = lambda: None) -> Iterator[PdfOutcome]:
        for job in batch:
            jobs.append(job)
            yield PdfOutcome(job, b"%PDF-1.7\n", 1, 11.0)

    PdfService.render_each = record  # type: ignore[method-assign]
    out = Path(tempfile.mkdtemp(prefix="bench-pdf-")) / "output"
    try:
        build(content, out, BuildOptions(no_audio=True, only=frozenset({"leaflets", "loudspeaker"})))
    finally:
        PdfService.render_each = original  # type: ignore[method-assign]
        shutil.rmtree(out.parent, ignore_errors=True)
    return jobs


def final_sources(jobs: list[PdfJob], renderer: PdfRenderer) -> tuple[list[tuple[str, str, int]], list[int]]:
    """(template, data JSON, timestamp) of the document each job ends as, and the compilations fitting took."""
    sources, trials = [], []
    for job in jobs:
        fit = FitPolicy(max_pages=job.max_pages) if job.max_pages else None
        result = renderer.render(job.template, job.data, fit=fit)
        payload = dict(_with_dates(job.data), font_size=result.font_size, page_layout=result.layout)
        sources.append((job.template, json.dumps(payload, ensure_ascii=False, sort_keys=True), _timestamp(payload)))
        trials.append(result.trials)
    return sources, trials


# ---------------------------------------------------------------- bare worker

_fonts: Any = None
_root: str = ""


def _init_bare(root: str) -> None:
    global _fonts, _root
    import typst
    _fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(PACKAGED_DIR)])
    _root = root


def _bare(template: str, data_json: str, timestamp: int) -> int:
    import typst
    pdf = typst.compile(f"{_root}/{template}", root=_root, font_paths=_fonts, ignore_system_fonts=True,
                        format="pdf", sys_inputs={"data": data_json}, timestamp=timestamp)
    return len(pdf)


_compiler: Any = None


def _reused(template: str, data_json: str, timestamp: int) -> int:
    """The cheapest possible: one typst.Compiler per worker, kept (Typst reuses its caches)."""
    global _compiler
    import typst
    if _compiler is None:
        _compiler = typst.Compiler(root=_root, font_paths=_fonts, ignore_system_fonts=True)
    pdf = _compiler.compile(input=f"{_root}/{template}", format="pdf", sys_inputs={"data": data_json},
                            timestamp=timestamp)
    return len(pdf)


def time_bare(sources: list[tuple[str, str, int]], root: Path, workers: int, call: Any = _bare) -> float:
    started = time.perf_counter()
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_bare, initargs=(str(root),)) as pool:
        list(pool.map(call, *zip(*sources), chunksize=max(1, len(sources) // (workers * 4))))
    return time.perf_counter() - started


def time_ours(jobs: list[PdfJob], dirs: list[Path], workers: int) -> float:
    started = time.perf_counter()
    PdfService(dirs, cache_dir=None, jobs=workers).render_all(jobs)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True, help="a content folder (the benchmark's sample)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    jobs = collect_jobs(args.content)
    dirs = template_dirs(args.content, "loudspeaker", "leaflet")     # the loudspeaker's sheet and the leaflets
    renderer = PdfRenderer(dirs)
    sources, trials = final_sources(jobs, renderer)
    # The bare compiles get the same files: the renderer's merged root (the leaflets' folder, with
    # common.typ, and the loudspeaker's), kept while the renderer lives.
    root = renderer.template_root
    # In turns, best of three each: the load of a shared machine changes from minute to minute.
    bare, reused, ours = [], [], []
    for _ in range(3):
        bare.append(time_bare(sources, root, args.jobs))
        reused.append(time_bare(sources, root, args.jobs, _reused))
        ours.append(time_ours(jobs, dirs, args.jobs))
    bare, reused, ours = min(bare), min(reused), min(ours)
    kinds: dict[str, int] = {}
    for job in jobs:
        kinds[job.kind] = kinds.get(job.kind, 0) + 1
    print(json.dumps({"documents": len(jobs), "kinds": kinds, "workers": args.jobs,
                      "bare_seconds": bare, "reused_compiler_seconds": reused, "ours_seconds": ours,
                      "compilations_per_document": sum(trials) / len(trials)}))


if __name__ == "__main__":
    main()
