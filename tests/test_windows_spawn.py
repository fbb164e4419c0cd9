"""Builds as Windows (and macOS) run them: no fork(), every worker pool spawns a fresh interpreter
that imports the main module again. Run here with TUYENTRUYEN_SPAWN_ONLY=1 (read in one place:
machinery/forked.spawn_only): the same bytes as the forked build, serve's rebuild, a worker's
failure said as a message, Ctrl+C leaving output/ as it was."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator.builders import pdf_jobs
from generator.machinery import forked

from conftest import EXAMPLE_CONTENT, REPO, manifest, start_serve, stop_serve, tree_bytes, write
from test_environment_faults import ctrl_c_at_moments

# The CLI, with the forked pools taken from 2 items on (the example has too few folders and pages
# for MIN_ITEMS): where forking is allowed the loader and the pages then run on forked workers,
# so that the comparison is forked against spawned, not one process against another. It prints
# how many processes the largest forked_map used. A spawned worker imports this file again as
# __mp_main__: the guard is what keeps it from building too.
RUNNER = textwrap.dedent("""\
    import atexit, sys
    from generator.machinery import forked
    from generator.cli import main

    if __name__ == "__main__":
        used = [1]
        counted = forked.worker_count
        def worker_count(items, jobs):
            used.append(counted(items, jobs))
            return used[-1]
        forked.MIN_ITEMS = 2
        forked.worker_count = worker_count
        atexit.register(lambda: print(f"WORKERS={max(used)}", file=sys.stderr))
        sys.exit(main(sys.argv[1:]))
""")


def cli(tmp_path: Path, *args: str, spawn: bool, **popen: object) -> subprocess.CompletedProcess:
    script = tmp_path / "runner.py"
    if not script.exists():
        script.write_text(RUNNER, encoding="utf-8")
    return subprocess.run([sys.executable, str(script), *args], cwd=REPO, env=environment(spawn),
                          capture_output=True, text=True, encoding="utf-8", timeout=900, **popen)


def environment(spawn: bool) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(forked.SPAWN_ONLY, None)
    if spawn:
        env[forked.SPAWN_ONLY] = "1"
    return env


def build(tmp_path: Path, content: Path, output: Path, spawn: bool, *more: str) -> str:
    done = cli(tmp_path, "build", "--content", str(content), "--output", str(output), "--no-audio", "-q",
               "--jobs", "2", *more, spawn=spawn)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def test_spawn_only_means_no_fork_and_spawned_pools(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(forked.SPAWN_ONLY, "1")
    assert not forked.can_fork() and forked.worker_count(10_000, 4) == 1
    assert pdf_jobs._start_context().get_start_method() == "spawn"
    ran_in: list[int] = []
    forked.in_background(lambda: ran_in.append(os.getpid()))()
    assert ran_in == [os.getpid()]                        # done here, not in a forked child
    monkeypatch.delenv(forked.SPAWN_ONLY)
    if sys.platform.startswith("linux"):
        assert forked.fork_allowed() and pdf_jobs._start_context().get_start_method() == "forkserver"


def test_example_builds_the_same_bytes_spawned_as_forked(tmp_path: Path) -> None:
    """Cold with PDFs, then after an edit: the spawned build's output is the forked one's, byte for byte."""
    outputs = {}
    for spawn in (False, True):
        content = tmp_path / f"content-{spawn}"
        shutil.copytree(EXAMPLE_CONTENT, content)
        output = tmp_path / f"site-{spawn}" / "output"
        said = build(tmp_path, content, output, spawn)
        assert f"WORKERS={1 if spawn else 2}" in said
        cold = tree_bytes(output)
        assert any(path.endswith(".pdf") for path in cold)
        summary = content / "resolutions" / "nq-18-dat-dai" / "vi.md"
        summary.write_text(summary.read_text(encoding="utf-8").replace("\n- ", "\n- Đã sửa: ", 1), encoding="utf-8")
        build(tmp_path, content, output, spawn)
        outputs[spawn] = (cold, tree_bytes(output))
    assert outputs[True][0] == outputs[False][0]
    assert outputs[True][1] == outputs[False][1]
    assert outputs[True][1] != outputs[True][0]           # the edit was built


def test_serve_rebuilds_an_edit_with_spawned_pdf_workers(tmp_path: Path, site_dir: Path) -> None:
    output = tmp_path / "out"
    process, found = start_serve(site_dir, output, "--jobs", "2", env=environment(spawn=True))
    try:
        assert found, "no address printed"
        leaflet = next(output / a["path"] for a in wait_for_manifest(output)
                       if a["kind"] == "leaflet-a4" and a["slug"] == "nq-57" and a["lang"] == "vi")
        summary = site_dir / "resolutions" / "nq-57" / "vi.md"
        write(summary, summary.read_text(encoding="utf-8").replace("Nghị quyết số 57-NQ/TW về khoa học",
                                                                   "Tiêu đề sửa khi xem trước"))
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and "Tiêu đề sửa khi xem trước" not in pdf_text(leaflet):
            time.sleep(0.2)
        assert "Tiêu đề sửa khi xem trước" in pdf_text(leaflet)
        assert "Tiêu đề sửa khi xem trước" in (output / "nq-57" / "index.html").read_text(encoding="utf-8")
    finally:
        rest = stop_serve(process)
    assert "Traceback" not in rest, rest


def wait_for_manifest(output: Path, timeout: float = 180) -> list[dict]:
    """The artifacts of serve's first full build (its quick pass leaves the PDFs out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            artifacts = manifest(output)["artifacts"]
        except (OSError, ValueError):
            artifacts = []
        if any(a["kind"] == "leaflet-a4" for a in artifacts):
            return artifacts
        time.sleep(0.2)
    raise AssertionError("serve made no leaflets")


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, encoding="utf-8")
    return " ".join(done.stdout.split())


def test_a_template_error_in_a_spawned_worker_is_a_message(tmp_path: Path) -> None:
    """A print template of the site's that Typst refuses, found by a spawned PDF worker (the
    example has enough PDFs for a pool): the file, line and problem in Vietnamese, exit 1, the
    output kept. It was a traceback, forked or not."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    output = tmp_path / "site" / "output"
    build(tmp_path, content, output, True, "--only", "site")
    before = tree_bytes(output)
    broken = write(content / "templates" / "leaflet" / "a5.typ", "#let x = (\n#broken(\n")
    done = cli(tmp_path, "build", "--content", str(content), "--output", str(output), "--no-audio", "-q",
               "--jobs", "2", spawn=True)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert f"{broken}:1" in done.stderr and "Lỗi trong mẫu giao diện" in done.stderr
    assert "thư mục kết quả cũ được giữ nguyên" in done.stderr
    assert tree_bytes(output) == before


def test_ctrl_c_in_a_spawned_pool_keeps_the_output(tmp_path: Path) -> None:
    """Ctrl+C reaches the build and its spawned PDF workers (the console's whole group) while
    they render: a notice and exit 130 (or a finished build), never a traceback or half an output."""
    assert ctrl_c_at_moments(tmp_path, environment(spawn=True), (0.3, 0.55, 0.8)), \
        "every build finished before its Ctrl+C: nothing was tested"


CRASHING = textwrap.dedent("""\
    import os, sys
    from generator.builders import pdf_worker
    from generator.cli import main

    def crashed(*args, **kwargs):
        os._exit(3)                 # the worker dies: out of memory, stopped by an antivirus

    if __name__ == "__main__":
        sys.exit(main(sys.argv[1:]))
    else:                           # in each spawned worker, which imports this file again
        pdf_worker.render_chunk = crashed
""")


def test_a_spawned_worker_that_dies_is_a_message(tmp_path: Path) -> None:
    script = write(tmp_path / "crashing.py", CRASHING)
    output = tmp_path / "site" / "output"
    done = subprocess.run([sys.executable, str(script), "build", "--content", str(EXAMPLE_CONTENT), "--output",
                           str(output), "--no-audio", "-q", "--jobs", "2"], cwd=REPO, env=environment(spawn=True),
                          capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "tiến trình phụ của lần dựng" in done.stderr and "--jobs 1" in done.stderr
    assert not output.exists()
