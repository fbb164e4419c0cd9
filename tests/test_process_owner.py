"""A work file's owner is its process id and start time: an id given to another process since
does not make a killed build's leftovers look alive."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.machinery.process_owner import Owner, process_start, this_process


def dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(finished.stdout)


@pytest.fixture
def running():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield process
    finally:
        process.kill()
        process.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/<pid>/stat")
def test_the_start_time_is_field_22_of_proc_stat_even_with_spaces_and_parentheses_in_the_name(tmp_path: Path) -> None:
    odd = tmp_path / "a b) (c"
    odd.symlink_to(sys.executable)
    process = subprocess.Popen([str(odd), "-c", "import time; time.sleep(60)"])
    try:
        stat = Path(f"/proc/{process.pid}/stat").read_text()
        assert ")" in stat[stat.index("(") + 1:stat.rindex(")")]      # the name really holds a ")"
        assert process_start(process.pid) == stat.rsplit(")", 1)[1].split()[19]
        assert process_start(process.pid) != process_start(os.getpid())
    finally:
        process.kill()
        process.wait()
    assert process_start(process.pid) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/<pid>/stat")
def test_a_live_id_that_started_at_another_time_is_not_the_owner(running: subprocess.Popen) -> None:
    start = process_start(running.pid)
    assert start is not None
    assert Owner(running.pid, start).running()
    assert not Owner(running.pid, str(int(start) + 1)).running()       # its id, reused by `running`
    assert Owner(running.pid).running()             # no start time recorded (an older build): the id decides
    assert not Owner(dead_pid(), start).running() and not Owner(dead_pid()).running()


def test_this_process_and_a_name_written_by_an_earlier_process_with_its_id() -> None:
    me = this_process()
    assert me.pid == os.getpid() and me.is_this_process()
    if me.start is not None:
        assert str(me) == f"{me.pid}-{me.start}"
        assert not Owner(me.pid, str(int(me.start) - 1)).is_this_process()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/<pid>/stat")
def test_a_half_written_cache_entry_whose_id_is_reused_is_abandoned(running: subprocess.Popen) -> None:
    from generator.machinery.cache_seal import abandoned
    start = process_start(running.pid)
    assert abandoned(f".{'a' * 64}.pdf.{running.pid}-{int(start) + 1}.tmp")
    assert not abandoned(f".{'a' * 64}.pdf.{running.pid}-{start}.tmp")      # still being written
    assert not abandoned(f".{'a' * 64}.pdf.{running.pid}.tmp")              # an older build's name: the id decides
    assert abandoned(f".{'a' * 64}.pdf.{dead_pid()}.tmp")
