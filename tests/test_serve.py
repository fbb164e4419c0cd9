"""`tuyentruyen serve`: served pages, live-reload script only in responses, rebuild on change, error overlay."""
from __future__ import annotations

import http.client
import json
import os
import shutil
import re
import signal
import threading
import time
from pathlib import Path
from typing import Iterator
from urllib.request import urlopen
from urllib.error import HTTPError

import pytest

from generator.builders.base import BuildOptions
from generator.serve import EVENTS, SCRIPT, Preview, inject
from generator.serve.watch import Debouncer, is_scratch

from conftest import start_serve, stop_serve, write



def wait_for(predicate, timeout: float = 10.0, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def slowdown(cpu: float = 0.05) -> float:
    """How many times its CPU time a CPU-bound piece of work takes on this machine now (about 1
    when it is idle; the load of a shared machine makes it more)."""
    wall, start = time.perf_counter(), time.thread_time()
    while time.thread_time() - start < cpu:
        sum(range(1000))
    return (time.perf_counter() - wall) / (time.thread_time() - start)


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture
def preview(tmp_path: Path, site_dir: Path) -> Iterator[Preview]:
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache")
    server = Preview(site_dir, tmp_path / "output", options, port=0, log=open(os.devnull, "w"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Events:
    """A Server-Sent Events client that collects `state` events in a thread."""

    def __init__(self, url: str):
        host, port = url.removeprefix("http://").strip("/").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        self.connection.request("GET", EVENTS)
        self.response = self.connection.getresponse()
        self.states: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("data: "):
                    self.states.append(json.loads(line[6:]))
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        self.connection.close()


# ---------------------------------------------------------------- unit: injection, debounce, watcher filter

def test_inject_puts_script_before_the_last_body_end() -> None:
    tag = b'<script src="/x.js"></script>'
    assert inject(b"<html><body><p>a</p></BODY></html>", tag) == b'<html><body><p>a</p>' + tag + b"</BODY></html>"
    assert inject(b"<p>fragment</p>", tag) == b"<p>fragment</p>" + tag


class Clock:
    """The debouncer's clock, moved on by the test: "quiet for `delay`" then means the test
    said so, whatever the load of the machine does to the test's own sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_debounce_turns_a_burst_into_one_call() -> None:
    calls: list[set[str]] = []
    clock = Clock()
    debouncer = Debouncer(calls.append, delay=0.15, clock=clock)
    try:
        for index in range(6):                               # a save in bursts, 0.03 s apart
            debouncer.trigger(f"file{index % 3}")
            clock.now += 0.03
            time.sleep(0.03)                                 # its thread looks meanwhile: still quiet too short
        assert calls == []                                   # still saving: nothing yet
        clock.now += 0.15
        assert wait_for(lambda: calls, timeout=30)
        time.sleep(0.3)
        assert calls == [{"file0", "file1", "file2"}]        # one call with every changed path
        debouncer.trigger("again")
        clock.now += 0.15
        assert wait_for(lambda: len(calls) == 2, timeout=30)
        assert calls[1] == {"again"}
    finally:
        debouncer.stop()


def test_debounce_never_overlaps_and_keeps_changes_made_during_a_call() -> None:
    calls: list[set[str]] = []
    running = threading.Event()
    release = threading.Event()
    overlap = []

    def slow(paths: set[str]) -> None:
        overlap.append(running.is_set())
        running.set()
        calls.append(paths)
        release.wait(30)                                     # until the test has triggered again
        running.clear()

    debouncer = Debouncer(slow, delay=0.05)
    try:
        debouncer.trigger("a")
        assert wait_for(lambda: calls, timeout=30)
        debouncer.trigger("b")                               # arrives while the first call runs
        time.sleep(0.2)                                      # more than the delay: it would start now if it could
        assert calls == [{"a"}]
        release.set()
        assert wait_for(lambda: len(calls) == 2, timeout=30)
        assert calls == [{"a"}, {"b"}] and overlap == [False, False]
    finally:
        release.set()
        debouncer.stop()


def test_editor_scratch_files_are_ignored() -> None:
    assert all(is_scratch(name) for name in ("vi.md~", ".vi.md.swp", ".#vi.md", "4913", "~$vi.md"))
    assert not any(is_scratch(name) for name in ("vi.md", "resolution.yaml", "site.yaml", "hmn.md"))


# ---------------------------------------------------------------- the server

def test_pages_are_served_with_the_script_that_is_not_on_disk(preview: Preview, tmp_path: Path) -> None:
    output = tmp_path / "output"
    for path, on_disk in (("", "index.html"), ("nq-57/", "nq-57/index.html"), ("hmn/nq-57/index.html", None)):
        status, headers, body = get(preview.url + path)
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert SCRIPT.encode() in body and body.rstrip().endswith(b"</html>")
        disk = (output / (on_disk or path)).read_bytes()
        assert b"__tuyentruyen" not in disk
        assert body.replace(re.search(rb"<script src=\"/__tuyentruyen/[^>]*></script>", body).group(0), b"") == disk
    assert not any(b"__tuyentruyen" in p.read_bytes() for p in output.rglob("*") if p.is_file())
    status, headers, script = get(preview.url + SCRIPT.lstrip("/"))
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and b"EventSource" in script


def test_leaflets_and_loudspeaker_material_have_their_content_types(preview: Preview) -> None:
    expected = {"nq-57/nq-57-vi-to-roi-a4.pdf": "application/pdf",
                "nq-57/nq-57-vi-phieu-thu-hoach.pdf": "application/pdf",
                "nq-57/nq-57-vi-loa.txt": "text/plain; charset=utf-8",
                "nq-57/nq-57-vi-loa.pdf": "application/pdf",
                "assets/style.css": "text/css; charset=utf-8",
                "manifest.json": "application/json"}
    for path, kind in expected.items():
        status, headers, body = get(preview.url + path)
        assert status == 200 and headers["Content-Type"] == kind, path
        assert SCRIPT.encode() not in body
    _, _, page = get(preview.url + "nq-57/")
    assert b"nq-57-vi-to-roi-a4.pdf" in page and b"nq-57-vi-loa.txt" in page   # previewable from the page


def test_byte_ranges_for_audio_players(preview: Preview) -> None:
    host, port = preview.server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", "/nq-57/nq-57-vi-loa.txt", headers={"Range": "bytes=0-9"})
    response = connection.getresponse()
    assert response.status == 206 and len(response.read()) == 10
    assert response.getheader("Content-Range").startswith("bytes 0-9/")
    connection.close()


def test_folders_redirect_missing_pages_404_and_nothing_outside_output(preview: Preview) -> None:
    host, port = preview.server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", "/nq-57")
    response = connection.getresponse()
    assert response.status == 301 and response.getheader("Location") == "/nq-57/"
    response.read()
    for bad in ("/khong-co/", "/../content/site.yaml", "/%2e%2e/content/site.yaml"):
        connection.request("GET", bad)
        response = connection.getresponse()
        body = response.read()
        assert response.status == 404, bad
        assert b"base_url" not in body
    connection.close()


def test_the_not_found_page_links_the_preview_not_the_published_site(preview: Preview) -> None:
    # 404.html names the site by its base_url (https://example.gov.vn/tuyentruyen/): in the
    # preview its stylesheet and menu must come from the preview itself.
    status, _, body = get(preview.url + "khong-co/")
    assert status == 404
    page = body.decode("utf-8")
    assert 'href="/assets/style.css"' in page and 'href="/index.html"' in page
    assert "https://example.gov.vn/" not in page


def test_edit_rebuilds_and_announces_a_new_build(preview: Preview, site_dir: Path, tmp_path: Path) -> None:
    events = Events(preview.url)
    try:
        assert wait_for(lambda: events.states)
        first = events.states[0]["build"]
        vi = site_dir / "resolutions" / "nq-57" / "vi.md"
        write(vi, vi.read_text(encoding="utf-8").replace("Nghị quyết số 57-NQ/TW về khoa học", "Tiêu đề đã sửa"))
        assert wait_for(lambda: any(s["build"] != first for s in events.states))
        assert "Tiêu đề đã sửa" in (tmp_path / "output" / "nq-57" / "index.html").read_text(encoding="utf-8")
        _, _, body = get(preview.url + "nq-57/")
        assert "Tiêu đề đã sửa".encode() in body
    finally:
        events.close()


def test_content_error_keeps_last_build_and_shows_overlay_until_fixed(preview: Preview, site_dir: Path,
                                                                      tmp_path: Path) -> None:
    page = tmp_path / "output" / "nq-57" / "index.html"
    good = page.read_bytes()
    events = Events(preview.url)
    try:
        assert wait_for(lambda: events.states)
        first = events.states[0]["build"]
        vi = site_dir / "resolutions" / "nq-57" / "vi.md"
        original = vi.read_text(encoding="utf-8")
        write(vi, original.replace("title: Nghị quyết số 57-NQ/TW về khoa học\n", ""))
        overlay = wait_for(lambda: next((s["overlay"] for s in events.states if s["overlay"]), ""))
        assert "resolutions/nq-57/vi.md:2" in overlay and "thiếu mục bắt buộc" in overlay and "title" in overlay
        assert page.read_bytes() == good                                  # last good build still served
        assert get(preview.url + "nq-57/")[0] == 200
        write(vi, original.replace("Nghị quyết số 57-NQ/TW về khoa học", "Đã sửa xong"))
        recovered = wait_for(lambda: next((s for s in events.states if s["build"] != first), None))
        assert recovered["overlay"] == ""
        assert "Đã sửa xong" in page.read_text(encoding="utf-8")
    finally:
        events.close()


def test_half_written_file_is_read_again_before_reporting(preview: Preview, site_dir: Path) -> None:
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    complete = vi.read_text(encoding="utf-8").replace("Chỉ thị số 05-CT/TW về học tập", "Lưu xong")
    before = preview.state.snapshot.build
    preview.debouncer.stop()          # drive the rebuild by hand: the watcher's own rebuild would race
    vi.write_bytes(complete.encode("utf-8")[:12] + b"\xe1\xbb")        # cut inside the front matter and a letter
    threading.Timer(0.1, lambda: vi.write_bytes(complete.encode("utf-8"))).start()
    assert preview.rebuild({str(vi)}) is True
    assert preview.state.snapshot.build != before and preview.state.snapshot.overlay == ""


def test_serve_command_starts_and_stops(tmp_path: Path, site_dir: Path) -> None:
    process, found = start_serve(site_dir, tmp_path / "out", "--only", "site")
    try:
        assert found, "no address printed"
        status, _, body = get(found.group(0) + "nq-57/")
        assert status == 200 and SCRIPT.encode() in body
    finally:
        stop_serve(process)
    assert process.returncode == 0


def test_ctrl_c_stops_serve_and_its_pdf_workers_without_tracebacks(tmp_path: Path, site_dir: Path) -> None:
    """Ctrl+C reaches every process of the console, the kept PDF workers too."""
    process, _ = start_serve(site_dir, tmp_path / "out", "--jobs", "2", start_new_session=True)
    try:
        time.sleep(1)                                    # the workers are idle, waiting for an edit
        os.killpg(process.pid, signal.SIGINT)
        _, rest = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0
    assert "Traceback" not in rest and "KeyboardInterrupt" not in rest, rest
    assert "Đã dừng máy chủ xem trước" in rest


# ---------------------------------------------------------------- in a real browser

def test_browser_reloads_on_edit_and_shows_errors_until_fixed(browser, preview: Preview, site_dir: Path) -> None:
    page = browser.new_page()
    page.goto(preview.url + "nq-57/index.html")
    heading = page.locator("main h1")
    assert "Nghị quyết số 57-NQ/TW về khoa học" in heading.inner_text()
    page.wait_for_function("() => document.documentElement.dataset.live === 'connected'")
    vi = site_dir / "resolutions" / "nq-57" / "vi.md"
    original = vi.read_text(encoding="utf-8")

    # Within a second of the save, on an idle machine. On a loaded one every step waits for a core:
    # the second is then the time a piece of work of one CPU second takes here now (`slowdown`,
    # measured before and after the save; 1 when idle), and the editor saves again (a new title
    # each time) until one update comes within it, five saves at most.
    took: list[tuple[float, float]] = []
    while len(took) < 5 and not any(seconds < second for seconds, second in took):
        title = f"Tiêu đề mới trong trình duyệt {len(took)}"
        before = slowdown()
        started = time.monotonic()
        write(vi, original.replace("Nghị quyết số 57-NQ/TW về khoa học", title))
        page.wait_for_function("title => document.querySelector('main h1').innerText.includes(title)", arg=title,
                               timeout=30000)
        took.append((time.monotonic() - started, max(1.0, (before + slowdown()) / 2)))
    assert any(seconds < second for seconds, second in took), \
        "the page updated " + ", ".join(f"{seconds:.2f} s (a second: {second:.2f} s)" for seconds, second in took)

    write(vi, original.replace("title: Nghị quyết số 57-NQ/TW về khoa học\n", ""))
    overlay = page.locator("#tuyentruyen-overlay .box")
    overlay.wait_for(timeout=5000)
    text = overlay.inner_text()
    assert "resolutions/nq-57/vi.md:2" in text and "thiếu mục bắt buộc 'title'" in text
    assert "Tiêu đề mới" in heading.inner_text()                       # the last good build stays

    write(vi, original.replace("Nghị quyết số 57-NQ/TW về khoa học", "Đã sửa, trang tự hồi phục"))
    page.wait_for_function("() => document.querySelector('main h1').innerText.includes('tự hồi phục')",
                           timeout=5000)
    assert page.locator("#tuyentruyen-overlay").count() == 0


def test_first_build_reads_the_content_even_when_the_output_is_up_to_date(tmp_path: Path, site_dir: Path,
                                                                           monkeypatch) -> None:
    """After `build`, a new `serve` finds nothing to do; it builds anyway, so that the content is
    in memory and the first edit re-reads only the edited folder."""
    from generator import pipeline
    from generator.session import BuildSession
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache", jobs=2)   # workers even on one core
    output = tmp_path / "output"
    pipeline.build(site_dir, output, options)
    session = BuildSession()                                 # a new process
    pipeline.build(site_dir, output, options, session=session)
    assert not session.loaded                                # the make rule: nothing read
    pages = [output / "nq-57" / "index.html", output / "ct-05" / "index.html", output / "hmn" / "nq-57" / "index.html"]
    before = {page: (page.stat().st_ino, page.read_bytes()) for page in pages}
    server = Preview(site_dir, output, options, port=0, log=open(os.devnull, "w"))
    server.start()
    try:
        assert {Path(folder).name for folder in server.session.loaded} == {"nq-57", "ct-05"}
        # It makes one page again (templates loaded now, not at the first edit), the same bytes…
        remade = [page for page in pages if page.stat().st_ino != before[page][0]]
        assert len(remade) == 1 and all(page.read_bytes() == before[page][1] for page in pages)
        # …and starts the PDF workers it keeps for the edits.
        assert server.session.pdf_pools
    finally:
        server.stop()
    assert not server.session.pdf_pools


def test_edit_in_a_symlinked_resolution_folder_rebuilds(tmp_path: Path, site_dir: Path) -> None:
    # The build reads through the link (buildstate follows it); the watch must see the edit too.
    elsewhere = tmp_path / "chung" / "nq-57"
    shutil.move(site_dir / "resolutions" / "nq-57", elsewhere)
    (site_dir / "resolutions" / "nq-57").symlink_to(elsewhere)
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache")
    server = Preview(site_dir, tmp_path / "output", options, port=0, log=open(os.devnull, "w"))
    server.start()
    events = Events(server.url)
    try:
        assert wait_for(lambda: events.states)
        first = events.states[0]["build"]
        vi = elsewhere / "vi.md"
        write(vi, vi.read_text(encoding="utf-8").replace("Nghị quyết số 57-NQ/TW về khoa học", "Sửa qua liên kết"))
        assert wait_for(lambda: any(s["build"] != first for s in events.states))
        assert "Sửa qua liên kết" in (tmp_path / "output" / "nq-57" / "index.html").read_text(encoding="utf-8")
    finally:
        events.close()
        server.stop()


def test_edit_in_records_rebuilds_the_published_figures(tmp_path: Path) -> None:
    """records/ beside content/ is watched: a site with study_results shows a cell's results
    taken away at once."""
    from records_helpers import standard_round
    content, records = standard_round(tmp_path)
    with (content / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("study_results: true\n")
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache", only=frozenset({"site"}))
    server = Preview(content, tmp_path / "output", options, port=0, log=open(os.devnull, "w"))
    server.start()
    events = Events(server.url)
    page = tmp_path / "output" / "nq-57" / "index.html"
    try:
        assert wait_for(lambda: events.states)
        first = events.states[0]["build"]
        assert ">2/2<" in page.read_text(encoding="utf-8")          # xã A: both cells reported
        (records / "study" / "nq-57" / "cb-a2.xlsx").unlink()
        assert wait_for(lambda: any(s["build"] != first for s in events.states))
        assert ">1/2<" in page.read_text(encoding="utf-8")
    finally:
        events.close()
        server.stop()
