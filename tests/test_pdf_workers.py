"""PDF rendering in worker processes: spawn works and gives the same bytes; a fork after Typst ran fails fast."""
from __future__ import annotations

import multiprocessing
import threading

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


def test_kept_workers_take_even_a_few_jobs_and_stay_for_the_next_call(tmp_path) -> None:
    """serve (keep_workers): an edit's handful of PDFs go to worker processes started once,
    with the same bytes as rendering them in this process."""
    from generator.pdf.renderer import default_template_dir
    from generator.builders.pdf_jobs import PdfJob, PdfService
    from generator.session import BuildSession
    jobs = [PdfJob(path=f"{n}.pdf", kind="leaflet-a4", slug=f"s{n}", lang="vi", template="a4.typ",
                   data=dict(sample_data("leaflet-a4"), title=f"Nghị quyết {n}"), max_pages=2) for n in range(3)]
    session = BuildSession()                                # serve's
    kept = PdfService([default_template_dir()], jobs=2, keep_workers=True, session=session)
    try:
        first = kept.render_all(jobs)
        assert len(session.pdf_pools) == 1
        pool = next(iter(session.pdf_pools.values()))
        second = kept.render_all(jobs[:1])
        assert next(iter(session.pdf_pools.values())) is pool
        processes = list(pool._processes.values())
        assert len(processes) == 2 and all(p.is_alive() for p in processes)
        # A site theme folder appears meanwhile: workers for the new folders, the old ones stopped.
        themed = PdfService([tmp_path, default_template_dir()], jobs=2, keep_workers=True, session=session)
        assert themed.render_all(jobs[:1])[0].pdf == second[0].pdf
        assert len(session.pdf_pools) == 1 and next(iter(session.pdf_pools.values())) is not pool
        assert not any(p.is_alive() for p in processes)
    finally:
        session.close()
    assert not session.pdf_pools
    inline = PdfService([default_template_dir()], jobs=1).render_all(jobs)
    assert [o.pdf for o in first] == [o.pdf for o in inline]
    assert second[0].pdf == inline[0].pdf


def test_a_build_with_its_own_print_templates_leaves_nothing_in_the_temporary_folder(tmp_path) -> None:
    """Each renderer copies the print templates into a temporary folder; the pool's worker
    processes end without atexit, and left theirs behind (thousands after a few test runs)."""
    import os
    import shutil
    import subprocess
    import sys
    from conftest import REPO, make_site
    site = make_site(tmp_path)
    (site / "templates" / "leaflet").mkdir(parents=True)
    shutil.copy(REPO / "templates" / "leaflet" / "a4.typ", site / "templates" / "leaflet" / "a4.typ")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(site), "--output",
                           str(tmp_path / "out" / "output"), "--no-audio", "--jobs", "2", "--quiet"],
                          cwd=REPO, capture_output=True, text=True, env={**os.environ, "TMPDIR": str(temporary)})
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "out" / "output").rglob("*.pdf"))
    assert sorted(path.name for path in temporary.iterdir()) == []


def test_a_builds_print_builders_share_one_pool_ended_before_the_builders_that_fork(
        tmp_path, site_dir, monkeypatch) -> None:
    """A first build starts the worker processes once (Typst and the fonts load once per worker),
    not once per print builder; the builders after them fork (the share images, the site's pages)
    from a process without the pool's threads; none is left running after the build."""
    from generator.builders import pdf_jobs
    from generator.builders.base import BuildOptions
    from generator.machinery import forked
    from generator.pipeline import build
    from generator.session import BuildSession
    started: list[int] = []
    renders: list[str] = []
    pool_init, submit = pdf_jobs._Pool.__init__, pdf_jobs._Pool.submit
    monkeypatch.setattr(pdf_jobs._Pool, "__init__", lambda self, *a, **k: started.append(1) or pool_init(self, *a, **k))
    monkeypatch.setattr(pdf_jobs._Pool, "submit", lambda self, fn, *a: renders.extend(
        template for template, *_ in a[-1]) or submit(self, fn, *a))
    # The build's own threads alive when it forks (threads an earlier test left in this process
    # are not the build's: counting all of them made the test depend on the order it ran in).
    before = {thread.ident for thread in threading.enumerate()}
    threads_at_fork: list[list[str]] = []
    forked_map = forked.forked_map
    monkeypatch.setattr("generator.builders.base.forked_map", lambda *a, **k: threads_at_fork.append(
        [t.name for t in threading.enumerate() if t.ident not in before]) or forked_map(*a, **k))
    session = BuildSession()
    build(site_dir, tmp_path / "output", BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, jobs=2),
          session=session)
    assert started == [1] and {"a4.typ", "slides.pptx"} <= set(renders)       # the leaflets, the lecturer's kit
    assert threads_at_fork and not any(threads_at_fork) and session.pdf_pools == {}, threads_at_fork


def test_a_pool_whose_shutdown_ctrl_c_stopped_is_still_ended_by_the_failure_path() -> None:
    """A Ctrl+C while a build's pool shuts down (end_build_pools) raises there; the pool stays the
    session's until it has shut down, so that the failure path's call (pipeline._build) ends it."""
    import pytest
    from generator.builders.pdf_jobs import end_build_pools
    from generator.session import BuildSession

    class Pool:
        between_builds = False
        shutdowns = 0

        def shutdown(self, cancel_futures: bool) -> None:
            self.shutdowns += 1
            if self.shutdowns == 1:
                raise KeyboardInterrupt

    session = BuildSession()
    pool = Pool()
    session.pdf_pools[("leaflet",)] = pool
    with pytest.raises(KeyboardInterrupt):
        end_build_pools(session)
    assert session.pdf_pools == {("leaflet",): pool}
    end_build_pools(session)
    assert session.pdf_pools == {} and pool.shutdowns == 2
