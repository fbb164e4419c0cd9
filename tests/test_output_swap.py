"""Swapping the new build in: never a moment without output/, and what killed builds left is tidied."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from generator.machinery import folder_swap
from generator.machinery import output as output_module
from generator.builders.base import BuildOptions
from generator.pipeline import build

from conftest import REPO, manifest, tree_bytes


def leftovers(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}."))


def edit(site_dir: Path, text: str) -> None:
    summary = site_dir / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", text, 1), encoding="utf-8")


def dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(finished.stdout)


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    (first / "which").write_text("a"), (second / "which").write_text("b")
    assert folder_swap.exchange(first, second)          # ext4 here; CI runs on the same kind of machine
    assert (first / "which").read_text() == "b" and (second / "which").read_text() == "a"
    with pytest.raises(OSError):
        folder_swap.exchange(first, tmp_path / "missing")


def test_output_exists_at_every_step_of_the_swap(tmp_path: Path, site_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache", only=frozenset({"site"}))
    build(site_dir, output, options)
    seen: list[str] = []
    real_exchange, real_replace = folder_swap.exchange, os.replace

    def watched_exchange(first: Path, second: Path) -> bool:
        done = real_exchange(first, second)
        seen.append(f"exchange {done} {manifest(output)['artifacts'] != []}")
        return done

    def watched_replace(source, target) -> None:
        real_replace(source, target)
        seen.append(f"replace {Path(target).name} {output.is_dir()}")

    monkeypatch.setattr(folder_swap, "exchange", watched_exchange)
    monkeypatch.setattr(os, "replace", watched_replace)
    edit(site_dir, "Ý thứ hai, sửa")
    shutil.rmtree(tmp_path / ".cache")          # no build state: every file made, the whole folder swapped
    build(site_dir, output, options)
    assert "exchange True True" in seen
    assert all(step.endswith("True") for step in seen)          # output/ was there after every rename
    assert "Ý thứ hai, sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")


KILLER = textwrap.dedent("""\
    import os, signal, sys
    from pathlib import Path
    from generator.machinery import folder_swap
    from generator.cli import main
    mode, output = sys.argv[1], Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else None
    real_exchange, real_replace = folder_swap.exchange, os.replace

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def exchange(first, second):
        if mode == "no-exchange":
            return False                    # as on FAT, NFS, Windows
        done = real_exchange(first, second)
        die()

    moved_in = []

    def replace(source, target):
        if mode.startswith("patch") and str(target).startswith(f"{output}/"):
            moved_in.append(target)         # an update in place: a file into output/
            # Half way: one file moved, the next not (an edit of one point moves only the
            # files whose bytes changed: its page and the manifest).
            if mode == "patch-first" or (mode == "patch-midway" and len(moved_in) == 2):
                die()
        real_replace(source, target)
        if mode == "no-exchange" and Path(source) == output:
            die()                           # between the two renames: no output/ at all

    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):
        if mode == "patch-done" and self.name.startswith(".output.journal-"):
            die()                           # every file moved, the journal not yet removed
        real_unlink(self, missing_ok=missing_ok)

    if __name__ == "__main__":                  # worker processes start from this file again
        folder_swap.exchange, os.replace, Path.unlink = exchange, replace, unlink
        sys.exit(main(["build", "--content", sys.argv[3], "--output", str(output), "--no-audio", "--only", "site",
                       "-q"]))
""")


@pytest.mark.parametrize("mode", ["exchange", "no-exchange"])
def test_a_kill_during_the_swap_is_repaired_by_the_next_build(tmp_path: Path, site_dir: Path, mode: str) -> None:
    output = tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".tuyentruyen-cache", only=frozenset({"site"}))
    build(site_dir, output, options)
    before = tree_bytes(output)
    edit(site_dir, "Ý thứ hai, sửa")
    shutil.rmtree(tmp_path / ".tuyentruyen-cache")   # no build state: the whole folder is swapped
    killer = tmp_path / "killer.py"
    killer.write_text(KILLER, encoding="utf-8")
    killed = subprocess.run([sys.executable, str(killer), mode, str(output), str(site_dir)], cwd=REPO,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if mode == "exchange":                     # the new output is in, the old one left under the staging name
        assert "Ý thứ hai, sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")
        assert [name.split("-")[0] for name in leftovers(output)] == [".output.staging"]
    else:
        assert not output.exists()
        assert [name.split("-")[0] for name in leftovers(output)] == [".output.previous", ".output.staging"]
    # The next build fails on bad content, and still puts output/ back and removes the dead folders.
    (site_dir / "site.yaml").write_text("title: [\n", encoding="utf-8")
    assert build_fails(site_dir, output, options)
    assert leftovers(output) == []
    if mode == "no-exchange":
        assert tree_bytes(output) == before
    assert manifest(output)["artifacts"]


@pytest.mark.parametrize("edited", [True, False])
def test_the_work_folders_are_gone_when_the_build_returns(tmp_path: Path, site_dir: Path, edited: bool,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """They are removed on a thread while the build saves its state (deleting waits on the disk):
    the build returns only once they are gone, after an update in place (an edit) as after a swap
    (site.yaml changed: every file made again)."""
    output = tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".tuyentruyen-cache", only=frozenset({"site"}))
    build(site_dir, output, options)
    removing: list[str] = []
    real_remove = output_module._remove

    def slow_remove(folders: tuple[Path, ...]) -> None:
        time.sleep(0.3)                 # a disk that takes its time
        removing.append(threading.current_thread().name)
        real_remove(folders)

    monkeypatch.setattr(output_module, "_remove", slow_remove)
    if edited:
        edit(site_dir, "Ý thứ hai, sửa")
    else:
        with open(site_dir / "site.yaml", "a", encoding="utf-8") as handle:
            handle.write("# site.yaml changed: every page made again\n")
    build(site_dir, output, options)
    assert removing and removing != [threading.current_thread().name]
    assert leftovers(output) == []
    assert ("Ý thứ hai, sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")) == edited


def built_then_killed_editing(tmp_path: Path, site_dir: Path, mode: str) -> tuple[Path, BuildOptions, dict[str, bytes]]:
    """A site build, an edit, and a build of it killed by KILLER at `mode`: the output folder,
    the build options and the output's bytes before the killed build."""
    output = tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".tuyentruyen-cache", only=frozenset({"site"}))
    build(site_dir, output, options)
    before = tree_bytes(output)
    edit(site_dir, "Ý thứ hai, sửa")
    killer = tmp_path / "killer.py"
    killer.write_text(KILLER, encoding="utf-8")
    killed = subprocess.run([sys.executable, str(killer), mode, str(output), str(site_dir)], cwd=REPO,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    return output, options, before


@pytest.mark.parametrize("mode", ["patch-first", "patch-midway", "patch-done"])
def test_a_kill_during_an_update_in_place_is_rolled_back_by_the_next_build(tmp_path: Path, site_dir: Path,
                                                                           mode: str) -> None:
    """Killed after the journal was written: before the first file moved, half way, or with every
    file moved but the journal still there. The next build (refused: bad content) puts back the
    previous output byte for byte and removes the journal and the work folders."""
    output, options, before = built_then_killed_editing(tmp_path, site_dir, mode)
    roles = [name.split("-")[0] for name in leftovers(output)]
    assert roles == [".output.journal", ".output.replaced", ".output.staging"][:len(roles)] and roles[0] == ".output.journal"
    if mode == "patch-done":
        assert "Ý thứ hai, sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    (site_dir / "site.yaml").write_text("title: [\n", encoding="utf-8")
    assert build_fails(site_dir, output, options)
    assert leftovers(output) == []
    assert tree_bytes(output) == before


def build_fails(site_dir: Path, output: Path, options: BuildOptions) -> bool:
    from generator.diagnostics import ContentError
    try:
        build(site_dir, output, options)
    except ContentError:
        return True
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="start times from /proc")
def test_the_journal_of_a_killed_build_whose_id_another_process_has_now_is_rolled_back(
        tmp_path: Path, site_dir: Path) -> None:
    """Process ids are reused: the killed build's id now belongs to a running program. Its
    journal (named with its id and start time) is still rolled back by the next build, and a
    running build's folder (its id and its start time) is still kept."""
    from generator.machinery.process_owner import process_start
    output, options, before = built_then_killed_editing(tmp_path, site_dir, "patch-midway")
    journal = next(tmp_path.glob(".output.journal-*"))
    assert journal.name.count("-") == 2             # .output.journal-<pid>-<start>
    start = journal.name.rsplit("-", 1)[1]
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert process_start(running.pid) != start
        journal.rename(tmp_path / f".output.journal-{running.pid}-{start}")      # its id, given to `running`
        live = tmp_path / f".output.staging-{running.pid}-{process_start(running.pid)}"
        live.mkdir()
        (site_dir / "site.yaml").write_text("title: [\n", encoding="utf-8")
        assert build_fails(site_dir, output, options)
        assert leftovers(output) == [live.name]
        assert tree_bytes(output) == before
    finally:
        running.kill()
        running.wait()


def test_only_the_folders_of_dead_processes_are_removed(tmp_path: Path, site_dir: Path) -> None:
    output = tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache", only=frozenset({"site"}))
    build(site_dir, output, options)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        gone = dead_pid()
        for name in (f".output.staging-{gone}", f".output.previous-{gone}", f".output.staging-{running.pid}",
                     f".output.previous-{running.pid}", ".other.staging-1", ".output.staging-abc"):
            (tmp_path / name).mkdir()
            (tmp_path / name / "manifest.json").write_text("{}", encoding="utf-8")
        edit(site_dir, "Ý thứ hai, sửa")
        build(site_dir, output, options)
        assert leftovers(output) == sorted([f".output.previous-{running.pid}", f".output.staging-{running.pid}",
                                            ".output.staging-abc"])
        assert (tmp_path / ".other.staging-1").is_dir()
    finally:
        running.kill()
        running.wait()


def test_random_kills_always_leave_a_complete_output_and_nothing_for_good(tmp_path: Path, site_dir: Path) -> None:
    """kill -9 at random moments of real builds (a fixed seed): old or new output, never none."""
    output = tmp_path / "output"
    command = [sys.executable, "-m", "generator", "build", "--content", str(site_dir), "--output", str(output),
               "--no-audio", "-q"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    assert subprocess.run(command, cwd=REPO, env=env).returncode == 0
    chance = random.Random(12)
    for round_ in range(8):
        edit(site_dir, f"Ý thứ hai, lần {round_}")
        process = subprocess.Popen(command, cwd=REPO, env=env)
        time.sleep(chance.uniform(0.2, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert output.is_dir() and manifest(output)["artifacts"], round_
        pages = [entry["path"] for entry in manifest(output)["artifacts"]]
        assert all((output / page).is_file() for page in pages)
    assert subprocess.run(command, cwd=REPO, env=env).returncode == 0
    assert leftovers(output) == []


def test_an_update_that_could_not_be_rolled_back_is_by_the_next_build_of_the_same_process(
        tmp_path: Path, site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fails on the second file moved in, and again on the way back (serve's process
    goes on): output/ is a mix until the next build, which first puts the previous one back,
    even when it is refused for bad content."""
    import errno
    from generator.session import BuildSession
    output = tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache", only=frozenset({"site"}))
    session = BuildSession()
    build(site_dir, output, options, session=session)
    before = tree_bytes(output)
    inodes = {path: path.stat().st_ino for path in output.resolve().rglob("*")}
    edit(site_dir, "Ý thứ hai, sửa")
    real_replace, moves = os.replace, []

    def failing(source, target) -> None:
        if str(target).startswith(f"{output.resolve()}/"):
            moves.append(target)
            if len(moves) > 1:
                raise OSError(errno.EIO, "Input/output error", str(target))
        real_replace(source, target)
    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        build(site_dir, output, options, session=session)
    monkeypatch.undo()
    assert Path(moves[0]).stat().st_ino != inodes[Path(moves[0])]    # one file moved in stayed
    assert [name.split("-")[0] for name in leftovers(output)] == [".output.journal", ".output.replaced"]
    (site_dir / "site.yaml").write_text("title: [\n", encoding="utf-8")
    assert build_fails(site_dir, output, options)
    assert leftovers(output) == []
    assert tree_bytes(output) == before
