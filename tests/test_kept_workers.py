"""serve's kept PDF workers are started anew after KEPT_POOL_JOBS PDFs (Typst keeps what it laid out)."""
from __future__ import annotations

import time

import pytest

from generator.builders import pdf_jobs
from generator.builders.pdf_jobs import PdfJob, PdfService
from generator.pdf.renderer import default_template_dir
from generator.pdf.sample import sample_data
from generator.session import BuildSession


def leaflet(n: int) -> PdfJob:
    return PdfJob(path=f"{n}.pdf", kind="leaflet-a4", slug=f"s{n}", lang="vi", template="a4.typ",
                  data=dict(sample_data("leaflet-a4"), title=f"Nghị quyết {n}"), max_pages=2)


def alive(pool: object, timeout: float = 60) -> list[int]:
    """The pids of the pool's worker processes, once they are all running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        processes = list(pool._processes.values())          # type: ignore[attr-defined]
        if processes and all(p.is_alive() for p in processes):
            return sorted(p.pid for p in processes)
        time.sleep(0.1)
    raise AssertionError("the pool's workers did not start")


def test_a_kept_pool_is_renewed_after_its_quota_of_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_jobs, "KEPT_POOL_JOBS", 3)
    session = BuildSession()                                # serve's
    kept = PdfService([default_template_dir()], jobs=2, keep_workers=True, session=session)
    try:
        first = kept.render_all([leaflet(1), leaflet(2)])   # 2 of 3: kept as it is
        pool = next(iter(session.pdf_pools.values()))
        workers = list(pool._processes.values())
        kept.render_all([leaflet(3)])                       # the third: renewed after this build
        renewed = next(iter(session.pdf_pools.values()))
        assert renewed is not pool and len(session.pdf_pools) == 1
        assert not any(p.is_alive() for p in workers)       # the old workers are gone ...
        assert len(alive(renewed)) == 2                     # ... the new ones started at once, before any job
        again = kept.render_all([leaflet(1)])
        assert next(iter(session.pdf_pools.values())) is renewed      # 1 of 3 on the new pool
        assert again[0].pdf == first[0].pdf
    finally:
        session.close()
    assert not session.pdf_pools
