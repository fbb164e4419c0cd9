"""A CLI rebuild after an edit renders its few PDFs on a print worker started before the content
is loaded (builders/print_worker.py), while the build goes on with the next builders; the PDFs
are written before the site lists them. Same bytes as without it, errors as without it, and
no worker is left behind."""
from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator import pipeline
from generator.builders import print_worker
from generator.builders.base import BuildOptions
from generator.cli import main
from generator.machinery.forked import fork_allowed
from generator.session import BuildSession

from conftest import make_site, manifest, tree_bytes, write

REPO = Path(__file__).resolve().parent.parent
EDITED = "Ý thứ hai, bổ sung lần này"
runnable_elsewhere = print_worker.runnable_elsewhere    # the real one (idle_machine replaces it)


@pytest.fixture(autouse=True)
def idle_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests run on a shared, busy machine: its load is not what they test (the rule is,
    below), so every core but this process's is idle here."""
    monkeypatch.setattr(print_worker, "runnable_elsewhere", lambda: 0.0)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The template (or maker) of each job sent to a print worker (the worker really makes them)."""
    requests: list[str] = []
    original = print_worker.PrintWorker.send

    def counted(self: print_worker.PrintWorker, args: list[tuple]) -> Any:
        requests.extend(job[0] for job in args)
        return original(self, args)
    monkeypatch.setattr(print_worker.PrintWorker, "send", counted)
    return requests


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The template folders of each print worker started."""
    folders: list[tuple[str, ...]] = []
    original = print_worker.PrintWorker.__init__

    def recorded(self: print_worker.PrintWorker, template_dirs: Any, font_dirs: Any, session: BuildSession) -> None:
        original(self, template_dirs, font_dirs, session)
        folders.append(self.folders[0])
    monkeypatch.setattr(print_worker.PrintWorker, "__init__", recorded)
    return folders


def wait_until_idle(worker: print_worker.PrintWorker) -> None:
    """Until the worker has started (Typst, the makers' libraries) and answered all it was sent."""
    import time
    waited = time.monotonic()
    while not worker.idle():
        assert time.monotonic() - waited < 60, "the print worker did not start"
        time.sleep(0.01)


@pytest.fixture
def started_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each print worker has started before the build goes on, as on a machine where it starts
    while the content loads: its QR code is asked of it (not made here, as while it still starts)."""
    original = print_worker.start_print_worker

    def start_and_wait(content_dir: Path, jobs: int | None, session: BuildSession) -> None:
        original(content_dir, jobs, session)
        if session.print_worker is not None:
            wait_until_idle(session.print_worker)
    monkeypatch.setattr(pipeline, "start_print_worker", start_and_wait)


def build(content: Path, output: Path, **options: Any) -> pipeline.BuildResult:
    """A build as a CLI run makes it: a new session, the cache beside the output."""
    session = BuildSession()
    try:
        return pipeline.build(content, output, BuildOptions(no_audio=True, cache_dir=output.parent / "cache",
                                                            **options), session=session)
    finally:
        assert session.print_worker is None         # stopped by the build itself
        session.close()


def edit(content: Path) -> None:
    summary = content / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", EDITED), encoding="utf-8")


def dated_after_the_stamp(path: Path, output: Path) -> None:
    """`path`'s times a second after the last build's stamp: a coarse clock may give a file saved
    just after the build the stamp's own time, which the first look (changes.changed_after) does
    not count as later."""
    later = (output.parent / "cache" / "up-to-date.json").stat().st_mtime_ns + 10**9
    os.utime(path, ns=(later, later))


def pdf_text(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def test_an_edit_renders_its_pdfs_on_the_print_worker_with_the_same_bytes(tmp_path: Path, sent: list[str],
                                                                         started: list[tuple[str, ...]],
                                                                         started_at_once: None) -> None:
    content = make_site(tmp_path)
    output = tmp_path / "a" / "output"
    build(content, output, jobs=2)
    assert started == [] and sent == []             # a first build: its PDFs start a pool of their own
    edit(content)
    # Its page's QR code as a new page's (not yet kept in the cache: builders/qr_codes.py).
    (output.parent / "cache" / "qr-codes" / "vi-ct-05").unlink()
    result = build(content, output, jobs=2)
    assert multiprocessing.active_children() == []     # ended and reaped with the build, not left behind
    assert len(started) == 1
    # The page's QR code first (made there while the worker is idle: print_worker.page_qr), then the
    # edited summary's leaflets (4), loudspeaker sheet, kit (2 PDFs and the PPTX: pdf_worker.MAKERS).
    assert sent[0] == "qr.svg" and len(sent) == 9 and sent.count("qr.svg") == 1
    leaflet = output / "ct-05" / "ct-05-vi-to-roi-a4.pdf"
    assert EDITED in pdf_text(leaflet)
    listed = {a["path"]: a for a in manifest(output)["artifacts"]}
    assert listed["ct-05/ct-05-vi-to-roi-a4.pdf"]["size"] == leaflet.stat().st_size
    page = (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    assert "ct-05-vi-to-roi-a4.pdf" in page                 # the site lists the PDFs written before it
    # The same content built from nothing in one process, without a worker: the same files.
    alone = tmp_path / "b" / "output"
    build(content, alone, jobs=1)
    assert tree_bytes(alone) == tree_bytes(output)
    assert result.problems == build(content, output, jobs=2).problems     # the next build: nothing to do


def test_an_edit_starts_its_print_worker_before_the_make_rule_hashes_the_folders(
        tmp_path: Path, started: list[tuple[str, ...]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A summary saved since the last build is seen by its stat (changes.changed_after): the worker
    loads Typst while the make rule hashes the content, the load reads it and the builders run."""
    from generator.uptodate import UpToDate
    content = make_site(tmp_path)
    output = tmp_path / "output"
    build(content, output, jobs=2)
    workers_when_hashing: list[int] = []
    original = UpToDate.previous

    def previous(self: UpToDate) -> Any:
        workers_when_hashing.append(len(started))
        return original(self)
    monkeypatch.setattr(UpToDate, "previous", previous)
    edit(content)
    dated_after_the_stamp(content / "resolutions" / "ct-05" / "vi.md", output)
    build(content, output, jobs=2)
    assert workers_when_hashing == [1] and len(started) == 1
    assert EDITED in pdf_text(output / "ct-05" / "ct-05-vi-to-roi-a4.pdf")


def test_a_summary_saved_unchanged_leaves_no_print_worker_behind(tmp_path: Path,
                                                                started: list[tuple[str, ...]]) -> None:
    """Its time says changed, its bytes do not: the worker started on that first look is stopped and
    reaped as the make rule finds nothing to do, and the build is the no-change one."""
    content = make_site(tmp_path)
    output = tmp_path / "output"
    build(content, output, jobs=2)
    before = tree_bytes(output)
    dated_after_the_stamp(content / "resolutions" / "ct-05" / "vi.md", output)
    result = build(content, output, jobs=2)          # the helper: the session's worker is gone
    assert len(started) == 1 and multiprocessing.active_children() == []
    assert result.artifacts and tree_bytes(output) == before
    # The stamp now dates from after that save (uptodate.py): the next first look finds nothing.
    assert build(content, output, jobs=2).artifacts == result.artifacts
    assert len(started) == 1 and tree_bytes(output) == before


def test_a_print_worker_whose_build_has_ended_loads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build closed the pipe before the worker read it (a file saved unchanged: nothing to print):
    it ends at once, without loading Typst; a request already sent is kept as its first."""
    import threading
    from generator.builders import pdf_worker
    ended: list[int] = []
    loaded: list[int] = []
    monkeypatch.setattr(pdf_worker, "end_process", lambda: ended.append(0))
    monkeypatch.setattr(pdf_worker, "init_worker", lambda *args: loaded.append(0))
    ours, theirs = multiprocessing.Pipe()
    ours.close()
    pdf_worker.serve_requests(theirs, (), ())
    assert ended == [0] and loaded == []
    monkeypatch.setattr(pdf_worker, "import_makers", lambda: loaded.append(1))
    monkeypatch.setattr(pdf_worker, "render_chunk", lambda dirs, fonts, args: [job[0] for job in args])
    ours, theirs = multiprocessing.Pipe()
    ours.send([("a4.typ", "{}", 2, ())])
    worker = threading.Thread(target=pdf_worker.serve_requests, args=(theirs, (), ()), daemon=True)
    worker.start()
    assert ours.recv() == pdf_worker.STARTED and ours.recv() == (True, ["a4.typ"])
    ours.close()
    worker.join(timeout=60)
    assert ended == [0, 0] and loaded == [0]        # Typst loaded, the makers not: a request waited


FORKED_EDIT = textwrap.dedent("""\
    import json, os, sys, tempfile
    from generator.builders import print_worker
    from generator.cli import main

    if __name__ == "__main__":                      # a spawned worker would start from this file again
        mine = tempfile.TemporaryDirectory()        # removed at this process's exit, not the worker's
        forked = []
        original = print_worker.PrintWorker.__init__
        def recorded(self, *args):
            original(self, *args)
            forked.append(self.forked)
        print_worker.PrintWorker.__init__ = recorded
        print_worker.runnable_elsewhere = lambda: 0.0     # as on an idle machine: the worker starts
        code = main(sys.argv[1:])
        print(json.dumps({"code": code, "forked": forked, "typst": "typst" in sys.modules,
                          "kept": os.path.isdir(mine.name)}))
""")


@pytest.mark.skipif(not fork_allowed(), reason="forks only where fork() is the platform's way")
def test_an_edit_in_a_new_process_forks_its_print_worker_with_the_same_bytes(tmp_path: Path) -> None:
    """The build's process has not loaded Typst: the worker is forked from it (no new interpreter, no
    resource tracker), renders the edit's PDFs and deck, and the output is a build's without it. Its
    end runs none of the build's clean-ups (the build's temporary folder is still there)."""
    content = make_site(tmp_path)
    output = tmp_path / "a" / "output"
    args = ["build", "--content", str(content), "--output", str(output), "--no-audio", "-q", "--jobs", "2"]
    assert main(args) == 0
    edit(content)
    script = tmp_path / "forked.py"
    script.write_text(FORKED_EDIT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600)
    assert json.loads(done.stdout.splitlines()[-1]) == {"code": 0, "forked": [True], "typst": False,
                                                        "kept": True}, done.stderr
    assert EDITED in pdf_text(output / "ct-05" / "ct-05-vi-to-roi-a4.pdf")
    alone = tmp_path / "b" / "output"
    build(content, alone, jobs=1)
    assert tree_bytes(alone) == tree_bytes(output)


def test_no_print_worker_without_pdfs_to_make(tmp_path: Path, started: list[tuple[str, ...]]) -> None:
    content = make_site(tmp_path)
    output = tmp_path / "output"
    build(content, output, jobs=2)
    build(content, output, jobs=2)                          # nothing changed
    edit(content)
    build(content, output, jobs=2, only=frozenset({"site"}))     # no builder of PDFs runs
    build(content, output, jobs=1)                          # one core: it would only take turns
    assert started == []


def test_a_font_error_of_a_pdf_sent_ahead_names_its_file_and_line(tmp_path: Path, sent: list[str],
                                                                  capsys: pytest.CaptureFixture) -> None:
    """Only code reaches the monospace font: the edit that adds some is the first to need it."""
    content = make_site(tmp_path)
    common = (REPO / "templates" / "leaflet" / "common.typ").read_text(encoding="utf-8")
    write(content / "templates" / "leaflet" / "common.typ", common.replace('("DejaVu Sans Mono",)', '("Courier New",)'))
    output = tmp_path / "output"
    args = ["build", "--content", str(content), "--output", str(output), "--no-audio", "-q", "--jobs", "2"]
    assert main(args) == 0
    before = tree_bytes(output)
    summary = content / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai `mã QR`"), encoding="utf-8")
    assert main(args) == 1
    err = capsys.readouterr().err
    assert sent and "'courier new'" in err and "common.typ:" in err and "Traceback" not in err
    assert tree_bytes(output) == before
    assert multiprocessing.active_children() == []


CTRL_C = textwrap.dedent("""\
    import multiprocessing, os, signal, sys
    from generator.builders import print_worker
    from generator.builders.site import SiteBuilder
    from generator.cli import main

    def interrupted(self):
        os.killpg(os.getpgrp(), signal.SIGINT)      # Ctrl+C while the PDFs are on the print worker

    if __name__ == "__main__":                      # the print worker starts from this file again
        SiteBuilder.run = interrupted
        print_worker.runnable_elsewhere = lambda: 0.0     # as on an idle machine: the worker starts
        code = main(sys.argv[1:])
        print("children:", len(multiprocessing.active_children()), file=sys.stderr)
        sys.exit(code)
""")


def test_ctrl_c_while_pdfs_are_on_the_print_worker(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    output = tmp_path / "output"
    args = ["build", "--content", str(content), "--output", str(output), "--no-audio", "--jobs", "2"]
    assert main([*args, "-q"]) == 0
    before = tree_bytes(output)
    edit(content)
    script = tmp_path / "ctrl_c.py"
    script.write_text(CTRL_C, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600, start_new_session=True)
    assert done.returncode in (130, -signal.SIGINT), done.stderr
    assert "Đã dừng theo yêu cầu" in done.stderr and "Traceback" not in done.stderr
    assert "children: 0" in done.stderr
    assert tree_bytes(output) == before


@pytest.mark.parametrize("jobs, cores, elsewhere, started", [
    (None, 2, 0.0, True),           # an idle second core
    (None, 2, 1.0, False),          # one task ready to run elsewhere: it has the second core
    (None, 4, 2.0, True),           # two of the three other cores taken, one idle
    (None, 4, 3.0, False),
    (None, 2, 0.4, True),           # a one-minute average (macOS, BSD) under one task
    (None, 2, None, True),          # Windows keeps no load: an editor's PC, idle while it builds
    (1, 8, 0.0, False),             # --jobs 1: one process
    (None, 1, 0.0, False),          # one core
    (2, 1, None, True),             # --jobs 2 asks for a second process
])
def test_the_print_worker_starts_only_when_a_core_is_idle(jobs: int | None, cores: int, elsewhere: float | None,
                                                          started: bool) -> None:
    assert print_worker.core_idle(jobs, cores, elsewhere) is started


def test_the_load_is_read_as_make_reads_it(tmp_path: Path) -> None:
    """Linux: the tasks runnable now (this process among them), not the one-minute average that
    a build of a second ago would still raise."""
    loadavg = tmp_path / "loadavg"
    loadavg.write_text("3.12 2.50 1.90 1/312 48121\n", encoding="ascii")
    assert runnable_elsewhere(loadavg) == 0.0
    loadavg.write_text("0.10 0.20 0.30 4/312 48121\n", encoding="ascii")
    assert runnable_elsewhere(loadavg) == 3.0


def test_the_load_elsewhere_without_proc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS and BSD: the one-minute average; Windows keeps none."""
    monkeypatch.setattr(os, "getloadavg", lambda: (0.7, 0.5, 0.3), raising=False)
    assert runnable_elsewhere(tmp_path / "missing") == 0.7
    monkeypatch.delattr(os, "getloadavg")
    assert runnable_elsewhere(tmp_path / "missing") is None


def test_no_print_worker_on_a_busy_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           started: list[tuple[str, ...]]) -> None:
    """Its PDFs render in the building process then: the same files."""
    content = make_site(tmp_path)
    output = tmp_path / "a" / "output"
    build(content, output, jobs=2)
    edit(content)
    monkeypatch.setattr(print_worker, "runnable_elsewhere", lambda: 5.0)
    build(content, output, jobs=2)
    assert started == []
    assert EDITED in pdf_text(output / "ct-05" / "ct-05-vi-to-roi-a4.pdf")
    alone = tmp_path / "b" / "output"
    build(content, alone, jobs=1)
    assert tree_bytes(alone) == tree_bytes(output)


def test_the_site_makes_its_other_pages_while_the_edits_pdfs_render(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the edited page lists the PDFs still on the print worker (with their sizes): the
    site's other pages and lists are made before it waits for them, that page after."""
    from generator.builders.base import BuildContext
    from generator.machinery.templating import format_size
    content = make_site(tmp_path)
    output = tmp_path / "a" / "output"
    build(content, output, jobs=2)
    edit(content)
    staged_when_waiting: list[set[str]] = []
    settle = BuildContext.settle_pdfs

    def recorded(self: BuildContext) -> None:
        if self.pending_pdfs:
            staged_when_waiting.append(set(self.staging.artifacts))
        settle(self)
    monkeypatch.setattr(BuildContext, "settle_pdfs", recorded)
    build(content, output, jobs=2)
    [staged] = staged_when_waiting
    assert {"index.html", "nq-57/index.html"} <= staged      # the home page, another resolution's page
    assert "ct-05/index.html" not in staged
    # The edited page lists every file made for it with the size the file has.
    page = (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    listed = dict(re.findall(r'<a href="([^"]+)" download>[^<]*</a>\s*<span class="size">([^<]+)</span>', page))
    made = {a["path"]: a["size"] for a in manifest(output)["artifacts"]
            if a.get("slug") == "ct-05" and a["path"].endswith((".pdf", ".pptx"))}
    assert len(made) == 8
    assert {f"ct-05/{href}": size for href, size in listed.items() if href.endswith((".pdf", ".pptx"))} \
        == {path: format_size((output / path).stat().st_size) for path in made}
    alone = tmp_path / "b" / "output"
    build(content, alone, jobs=1)                           # no worker: the same files
    assert tree_bytes(alone) == tree_bytes(output)


def test_the_page_qr_code_is_made_on_the_print_worker_while_it_is_idle(tmp_path: Path, sent: list[str],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A new page's leaflets ask the idle worker for their page's code (it imports segno then),
    once per address; while it still starts, behind PDFs queued there (or without it), it is made here."""
    from generator.pdf import qr_svg
    content = make_site(tmp_path)
    session = BuildSession()
    try:
        print_worker.start_print_worker(content, 2, session)
        worker = session.print_worker
        assert worker is not None
        address = "https://example.org/ct-05/"
        # Still starting (a new interpreter, Typst, python-pptx: a tenth of a second at least):
        # made here rather than waited for.
        assert print_worker.page_qr(session, address) == qr_svg(address) and sent == []
        wait_until_idle(worker)
        assert print_worker.page_qr(session, address) == qr_svg(address)
        assert print_worker.page_qr(session, address) == qr_svg(address)
        assert sent == ["qr.svg"] and worker.idle()
        monkeypatch.setattr(worker, "idle", lambda: False)     # PDFs queued there
        other = "https://example.org/hmn/nq-57/"
        assert print_worker.page_qr(session, other) == qr_svg(other) and sent == ["qr.svg"]
    finally:
        session.close()
    assert print_worker.page_qr(BuildSession(), address) == qr_svg(address)     # no worker


def test_the_print_worker_ends_as_the_program_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the build closes its pipe, the worker ends through the program's own exit (its
    clean-ups run, the interpreter's teardown skipped), which the build waits for."""
    import json
    import threading
    from generator.builders import pdf_worker
    from generator.pdf import qr_svg
    ended: list[int] = []
    monkeypatch.setattr(pdf_worker, "end_process", lambda: ended.append(0))
    monkeypatch.setattr(pdf_worker, "init_worker", lambda *args: None)      # signals: this is pytest
    ours, theirs = multiprocessing.Pipe()
    worker = threading.Thread(target=pdf_worker.serve_requests,
                              args=(theirs, tuple(map(str, print_worker.print_template_dirs(tmp_path))), ()))
    worker.start()
    ours.send([(pdf_worker.QR_MAKER, json.dumps({"url": "https://example.org/"}), None, ())])
    assert ours.recv() == pdf_worker.STARTED
    assert ours.recv() == (True, [(qr_svg("https://example.org/").encode("ascii"), 0, 0.0, 0, 0)])
    assert ended == []
    ours.close()
    worker.join(timeout=60)
    assert ended == [0]


def test_the_print_worker_renders_on_while_the_build_has_not_read_its_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF is larger than a pipe holds (64 KB): the build reads the answers only when it writes
    the PDFs, and the worker must not stand still until then."""
    import threading
    import time
    from generator.builders import pdf_worker
    rendered: list[str] = []
    monkeypatch.setattr(pdf_worker, "end_process", lambda: None)
    monkeypatch.setattr(pdf_worker, "init_worker", lambda *args: None)
    monkeypatch.setattr(pdf_worker, "import_makers", lambda: None)
    monkeypatch.setattr(pdf_worker, "render_chunk", lambda dirs, fonts, args: [
        rendered.append(job[0]) or (job[0].encode() * 100_000, 2, 11.0, 0, 0) for job in args])
    ours, theirs = multiprocessing.Pipe()
    worker = threading.Thread(target=pdf_worker.serve_requests, args=(theirs, (), ()), daemon=True)
    worker.start()
    for name in ("a4.typ", "a5.typ", "trifold.typ"):
        ours.send([(name, "{}", 2, ())])
    waited = time.monotonic()
    while len(rendered) < 3 and time.monotonic() - waited < 60:
        time.sleep(0.01)
    assert rendered == ["a4.typ", "a5.typ", "trifold.typ"]       # none of the answers read yet
    assert ours.recv() == pdf_worker.STARTED
    assert [ours.recv()[1][0][0][:6] for _ in range(3)] == [b"a4.typ", b"a5.typ", b"trifol"]
    ours.close()
    worker.join(timeout=60)
    assert not worker.is_alive()


@pytest.mark.parametrize("dies", ["before the request", "after the request"])
def test_a_print_worker_that_dies_leaves_its_pdfs_to_the_build(tmp_path: Path, dies: str) -> None:
    """Killed (or out of memory) mid-build: the build renders what it did not answer itself, as
    without a worker, instead of failing with a broken pipe."""
    import json
    import subprocess
    from generator.builders.pdf_jobs import print_template_dirs
    from generator.fonts import font_dirs
    from generator.pdf import TEMPLATE_FILES
    from generator.pdf.sample import sample_data
    site = make_site(tmp_path)
    worker = print_worker.PrintWorker(print_template_dirs(site), font_dirs(site), BuildSession())
    template = TEMPLATE_FILES["leaflet-a4"]
    request = [(template, json.dumps(sample_data("leaflet-a4")), 2, ())]
    try:
        if dies == "before the request":
            worker._process.kill()
            worker._process.join()
        answer = worker.send(request)
        if dies == "after the request":
            worker._process.kill()
            worker._process.join()
        [(pdf, pages, *_)] = answer.result()
        assert not worker.idle()                   # nothing more is sent to it (the QR code is made here)
    finally:
        worker.stop(wait=True)
    assert pdf.startswith(b"%PDF") and pages >= 1
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert text.strip()


def test_after_its_worker_died_a_build_loads_typst_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the dead worker did not answer is made with the session's renderer, the one the
    build's other PDFs made in this process use: Typst and the fonts are not loaded twice."""
    import json
    from generator import pdf
    from generator.builders.pdf_jobs import PdfJob, PdfService, print_template_dirs
    from generator.fonts import font_dirs
    from generator.pdf import TEMPLATE_FILES
    from generator.pdf.sample import sample_data
    made: list[object] = []

    class Counted(pdf.PdfRenderer):
        def __init__(self, *args: object, **kwargs: object) -> None:
            made.append(self)
            super().__init__(*args, **kwargs)
    monkeypatch.setattr(pdf, "PdfRenderer", Counted)
    site, session = make_site(tmp_path), BuildSession()
    dirs, fonts = print_template_dirs(site), font_dirs(site)
    session.print_worker = worker = print_worker.PrintWorker(dirs, fonts, session)
    try:
        worker._process.kill()
        worker._process.join()
        data = json.dumps(sample_data("leaflet-a4"))
        [(first, *_)] = worker.send([(TEMPLATE_FILES["leaflet-a4"], data, 2, ())]).result()
    finally:
        print_worker.stop_print_worker(session, wait=True)
    job = PdfJob("a5.pdf", "leaflet-a5", "nq-57", "vi", TEMPLATE_FILES["leaflet-a5"], sample_data("leaflet-a5"))
    [outcome] = PdfService(dirs, jobs=1, font_dirs=fonts, session=session).render_each([job])
    assert first.startswith(b"%PDF") and outcome.pdf.startswith(b"%PDF")
    assert made == [session.pdf_renderer]
