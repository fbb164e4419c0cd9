"""Render PDFs in parallel across the machine's cores, with a cache that survives builds.

Fonts and templates load once per worker process. A PDF is cached by the
hash of everything that went into it (template files, data, engine version),
so an unchanged leaflet is never rendered again.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

INLINE_LIMIT = 3  # below this many renders a process pool costs more than it saves


@dataclass(frozen=True)
class PdfJob:
    path: str                     # output path relative to output/
    kind: str                     # manifest kind
    slug: str
    lang: str
    template: str                 # e.g. "a4.typ"
    data: dict[str, Any]
    max_pages: int | None = None  # fit to this many pages (None: no fitting)
    # Files the template reads besides itself (photos): (path inside the Typst root, file on
    # disk). Their paths carry a hash of their content, which the data names, so the cache key holds.
    files: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PdfOutcome:
    job: PdfJob
    pdf: bytes
    pages: int
    font_size: float
    overflow_pages: int = 0
    words_to_cut: int = 0


@dataclass
class PdfService:
    template_dirs: Sequence[Path]
    cache_dir: Path | None = None
    jobs: int | None = None
    _fingerprint: str = field(default="", init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(_engine_version().encode())
        for folder in self.template_dirs:
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    digest.update(path.name.encode() + path.read_bytes())
        self._fingerprint = digest.hexdigest()

    def render_all(self, jobs: Sequence[PdfJob], on_done: Callable[[], None] = lambda: None) -> list[PdfOutcome]:
        """Outcomes in the order of `jobs`; cached ones are read, the rest rendered in parallel.

        `on_done` is called once per job as it completes (for the progress bar)."""
        outcomes: dict[int, PdfOutcome] = {}
        pending: list[tuple[int, PdfJob, str]] = []
        for index, job in enumerate(jobs):
            key = self._key(job)
            cached = self._read_cache(key, job)
            if cached is not None:
                outcomes[index] = cached
                on_done()
            else:
                pending.append((index, job, key))
        for (index, job, key), result in zip(pending, self._render(pending)):
            outcome = PdfOutcome(job, *result)
            self._write_cache(key, outcome)
            outcomes[index] = outcome
            on_done()
        return [outcomes[i] for i in range(len(jobs))]

    def _render(self, pending: list[tuple[int, PdfJob, str]]) -> Iterator[tuple]:
        args = [(job.template, json.dumps(job.data, ensure_ascii=False, sort_keys=True), job.max_pages, job.files)
                for _, job, _ in pending]
        workers = max(1, min(self.jobs or os.cpu_count() or 1, len(args)))
        dirs = [str(d) for d in self.template_dirs]
        if workers == 1 or len(args) < INLINE_LIMIT:
            _init_worker(dirs)
            yield from (_render_one(*a) for a in args)
            return
        # Typst hangs in a forked child of a process that has used it: workers
        # start from a fresh interpreter (forkserver where there is one).
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(dirs,)) as pool:
            yield from pool.map(_render_one, *zip(*args), chunksize=max(1, len(args) // (workers * 4)))

    def _key(self, job: PdfJob) -> str:
        payload = json.dumps([self._fingerprint, job.template, job.max_pages, job.data], ensure_ascii=False,
                             sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def _read_cache(self, key: str, job: PdfJob) -> PdfOutcome | None:
        if self.cache_dir is None:
            return None
        pdf, meta = self.cache_dir / f"{key}.pdf", self.cache_dir / f"{key}.json"
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            return PdfOutcome(job, pdf.read_bytes(), **info)
        except (OSError, ValueError, TypeError):
            return None

    def _write_cache(self, key: str, outcome: PdfOutcome) -> None:
        if self.cache_dir is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        (self.cache_dir / f"{key}.pdf").write_bytes(outcome.pdf)
        info = {"pages": outcome.pages, "font_size": outcome.font_size,
                "overflow_pages": outcome.overflow_pages, "words_to_cut": outcome.words_to_cut}
        (self.cache_dir / f"{key}.json").write_text(json.dumps(info), encoding="utf-8")


# ---------------------------------------------------------------- worker side

_renderer: Any = None


def _init_worker(template_dirs: list[str]) -> None:
    global _renderer
    from .pdf import PdfRenderer
    if _renderer is None or [str(d) for d in _renderer.template_dirs] != template_dirs:
        _renderer = PdfRenderer([Path(d) for d in template_dirs])


def _render_one(template: str, data_json: str, max_pages: int | None,
                files: tuple[tuple[str, str], ...] = ()) -> tuple:
    from .pdf import FitPolicy
    fit = FitPolicy(max_pages=max_pages) if max_pages else None
    result = _renderer.render(template, json.loads(data_json), fit=fit, files=files)
    return result.pdf, result.pages, result.font_size, result.overflow_pages, result.words_to_cut


def _engine_version() -> str:
    try:
        from importlib.metadata import version
        return "typst-" + version("typst")
    except Exception:  # noqa: BLE001 - the version only refines the cache key
        return "typst"
