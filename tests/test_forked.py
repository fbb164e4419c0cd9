"""Work shared by forked processes (generator/machinery/forked.py) gives exactly what one process gives.

Run in new processes: a test process may hold threads (the browser tests' servers),
and forked_map then rightly refuses to fork.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from generator.machinery.cache_seal import read_json
from generator.content import tree_memo

from conftest import REPO, make_site, manifest, standard_resolution, tree_bytes

RESOLUTIONS = 90        # above forked.MIN_ITEMS


# `tuyentruyen build --only share,site --jobs N`, printing how many processes each shared step used.
BUILD_COUNTING_WORKERS = """
import json, sys
from generator.machinery import forked
from generator.cli import main
used, count = [], forked.worker_count
forked.worker_count = lambda items, jobs: used.append(count(items, jobs)) or used[-1]
code = main(["build", "--content", sys.argv[1], "--output", sys.argv[2], "--only", "share,site", "--jobs", sys.argv[3], "-q"])
print(json.dumps(used))
sys.exit(code)
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=300)


def run_forked_script(body: str) -> dict:
    """Python `body` after the imports it needs, run in a new process; its JSON line, read.
    Each item takes a moment (time.sleep), so that a loaded machine cannot let one worker do them all."""
    done = run("-c", "import json, os, time\nfrom generator.machinery.forked import forked_map\n" + body)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_forked_map_shares_items_among_processes_and_keeps_their_order() -> None:
    """Two processes share the items: the parent is one of them (it takes its share instead of waiting)."""
    result = run_forked_script(
        "seen = []\n"
        "def work(n, k):\n"
        "    time.sleep(0.003)\n"
        "    return n * k, os.getpid()\n"
        "out = forked_map(work, list(range(300)), 3, jobs=2, on_chunk=seen.append)\n"
        "print(json.dumps({'values': [v for v, _ in out], 'pids': sorted({p for _, p in out}),\n"
        "                  'me': os.getpid(), 'progress': sum(seen)}))\n")
    assert result["values"] == [n * 3 for n in range(300)]
    assert len(result["pids"]) == 2 and result["me"] in result["pids"]
    assert result["progress"] == 300


def test_before_fork_is_made_once_in_the_parent_and_inherited_by_the_workers() -> None:
    result = run_forked_script(
        "made = []\n"
        "def prepare():\n"
        "    made.append(os.getpid())\n"
        "def work(n):\n"
        "    time.sleep(0.003)\n"
        "    return list(made), os.getpid()\n"
        "out = forked_map(work, list(range(300)), jobs=2, before_fork=prepare)\n"
        "few = forked_map(work, [1, 2], jobs=2, before_fork=prepare)\n"
        "print(json.dumps({'seen': sorted({tuple(m) for m, _ in out}), 'pids': sorted({p for _, p in out}),\n"
        "                  'me': os.getpid(), 'made': made, 'few': [m for m, _ in few]}))\n")
    assert len(result["pids"]) == 2 and result["me"] in result["pids"]
    assert result["seen"] == [[result["me"]]]          # every worker saw what the parent made once
    assert result["made"] == [result["me"]]            # and the two items in this process made nothing
    assert result["few"] == [[result["me"]], [result["me"]]]


def test_meanwhile_runs_once_here_while_the_workers_start_and_this_process_takes_fewer_items() -> None:
    result = run_forked_script(
        "import multiprocessing\n"
        "calls, parent = [], os.getpid()\n"
        "taken = multiprocessing.Value('i', 0)      # by the worker (shared memory, inherited by the fork)\n"
        "def work(n):\n"
        "    time.sleep(0.003)\n"
        "    if os.getpid() != parent:\n"
        "        with taken.get_lock():\n"
        "            taken.value += 1\n"
        "    return os.getpid()\n"
        "def meanwhile():\n"
        "    calls.append(os.getpid())\n"
        "    deadline = time.monotonic() + 60\n"
        "    while len(calls) == 1 and taken.value < 160 and time.monotonic() < deadline:\n"
        "        time.sleep(0.01)     # busy here while the worker takes items (not a fixed time: a loaded\n"
        "                             # machine may start the worker late)\n"
        "out = forked_map(work, list(range(300)), jobs=2, meanwhile=meanwhile)\n"
        "few = forked_map(work, [1, 2], jobs=2, meanwhile=meanwhile)\n"
        "print(json.dumps({'calls': calls, 'me': os.getpid(), 'mine': out.count(os.getpid()), 'all': len(out),\n"
        "                  'few': few}))\n")
    me = result["me"]
    assert result["calls"] == [me, me]                  # once per call, in this process
    assert result["all"] == 300 and result["mine"] < 150    # the worker did more than half
    assert result["few"] == [me, me]                    # without workers: here, after meanwhile


def test_the_items_are_cut_into_ranges_of_falling_size_that_cover_them_once() -> None:
    from generator.machinery.forked import SMALLEST_RANGE, _ranges
    for count in (64, 65, 300, 1000, 2001):
        ranges = _ranges(count, 2)
        assert [i for start, stop in ranges for i in range(start, stop)] == list(range(count))
        sizes = [stop - start for start, stop in ranges]
        assert sizes == sorted(sizes, reverse=True)
        assert sizes[0] == count // 4 and sizes[-1] <= SMALLEST_RANGE     # large first, small last


def test_work_in_background_is_done_by_another_process_and_waited_for_and_its_errors_stay_quiet(
        tmp_path: Path) -> None:
    done = run("-c", "import os, sys, time\nfrom pathlib import Path\n"
                     "from generator.machinery.forked import in_background\n"
                     "def write():\n"
                     "    time.sleep(0.3)\n"
                     "    Path(sys.argv[1]).write_text(str(os.getpid()))\n"
                     "def fail():\n"
                     "    raise ValueError('never shown')\n"
                     "wait, failed = in_background(write), in_background(fail)\n"
                     "print(Path(sys.argv[1]).exists())\n"
                     "wait(); failed()\n"
                     "print(Path(sys.argv[1]).read_text() != str(os.getpid()))\n", str(tmp_path / "written"))
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.split() == ["False", "True"]     # not yet written; then written, by another process


def test_an_error_in_any_process_reaches_the_caller_and_no_worker_is_left_behind() -> None:
    """An item failing in the parent's share or in a worker's: the caller gets the exception, and
    the forked worker is gone when forked_map returns (killed, not left to finish its share)."""
    result = run_forked_script(
        "import multiprocessing\n"
        "me = os.getpid()\n"
        "def work(n, in_parent):\n"
        "    time.sleep(0.003)\n"
        "    if (os.getpid() == me) == in_parent:\n"
        "        raise ValueError(f'item {n} in {os.getpid()}')\n"
        "    return n\n"
        "seen = {}\n"
        "for in_parent in (True, False):\n"
        "    try:\n"
        "        forked_map(work, list(range(300)), in_parent, jobs=2)\n"
        "    except ValueError as exc:\n"
        "        seen[str(in_parent)] = [str(exc).split(' in ')[1], len(multiprocessing.active_children())]\n"
        "print(json.dumps({'seen': seen, 'me': os.getpid()}))\n")
    me = str(result["me"])
    assert result["seen"]["True"] == [me, 0]
    raised_in, alive = result["seen"]["False"]
    assert raised_in != me and alive == 0


def test_a_large_site_built_on_two_processes_equals_one_built_on_one(tmp_path: Path) -> None:
    resolutions = {}
    for n in range(1, RESOLUTIONS + 1):
        title = f"Nghị quyết số {n}-NQ/TW" + (" về một việc rất dài" * 40 if n % 30 == 0 else "")
        files = standard_resolution(f"{n}-NQ/TW", f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}", title, hmn=n % 2 == 0)
        files["vi.md"] = files["vi.md"].replace("Đoạn mở đầu.", f"Đoạn mở đầu của văn bản thứ {n}.")
        resolutions[f"nq-{n}"] = files
    content = make_site(tmp_path, resolutions)
    site_yaml = content / "site.yaml"

    warned: dict[str, list[str]] = {}

    def build(output: Path, jobs: str) -> list[int]:
        done = run("-c", BUILD_COUNTING_WORKERS, str(content), str(output), jobs)
        assert done.returncode == 0, done.stderr
        warned[jobs] = sorted(line for line in done.stderr.splitlines() if ": warning:" in line)
        return json.loads(done.stdout.splitlines()[-1])

    output = tmp_path / "output"
    assert build(output, "2") == [2, 2, 2, 1]                # reading folders, share images, pages; few lists
    # the trees the workers rendered reached the memo the parent saved
    memo = read_json(tmp_path / ".tuyentruyen-cache" / tree_memo.MEMO_FILE)
    assert len(memo["trees"]) >= RESOLUTIONS + 1
    pages = [a for a in manifest(output)["artifacts"] if a["kind"] == "page"]
    assert len(pages) == RESOLUTIONS + RESOLUTIONS // 2       # vi, and hmn where translated
    # Every page again (the site title changed), twice: the second starts from the spare output,
    # whose files the workers replace and the parent must not then take for leftovers.
    for title in ("Tiêu đề mới", "Tiêu đề mới hơn"):
        site_yaml.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", site_yaml.read_text(encoding="utf-8")),
                             encoding="utf-8")
        assert build(output, "2") == [2, 2, 2, 1]            # the site title is on the share images too
    one_process = tmp_path / "one-process"
    assert build(one_process, "1") == [1, 1, 1, 1]
    assert tree_bytes(output) == tree_bytes(one_process)
    # Warnings raised in the workers (share titles too long to draw) are reported, each once.
    assert [line.split("/resolutions/")[1].split(":")[0] for line in warned["2"]] == [
        "nq-30/vi.md", "nq-60/vi.md", "nq-90/vi.md"]
    assert warned["2"] == warned["1"]
