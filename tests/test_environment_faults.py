"""The machine failing a build: read-only output, permission denied, disk full, folder busy.

Each gives a clear message naming the path and what to do, a non-zero exit, no traceback,
and the previous output byte for byte. We run as root, where chmod stops nothing: the
errors are injected where the build writes, and a real full and a real read-only file
system are made with a small tmpfs inside `unshare -m`.
"""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator.machinery import folder_swap, output as output_module
from generator.cli import main
from generator.diagnostics import message

from conftest import REPO, tree_bytes


@pytest.fixture
def built(tmp_path: Path, site_dir: Path) -> tuple[Path, dict[str, bytes]]:
    output = tmp_path / "output"
    assert main(["build", "--content", str(site_dir), "--output", str(output), "--no-audio", "-q"]) == 0
    summary = site_dir / "resolutions" / "ct-05" / "vi.md"     # so that the next build writes something
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai, sửa"), encoding="utf-8")
    return output, tree_bytes(output)


def rebuild(site_dir: Path, built: tuple[Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str],
            lang: str = "vi") -> str:
    """The build after the edit, refused by the machine: what it said (no traceback, the
    previous output said to be kept, and kept byte for byte)."""
    output, before = built
    code = main(["build", "--content", str(site_dir), "--output", str(output), "--no-audio", "-q", "--lang", lang])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and "Errno" not in err
    assert message("build-failed-environment", lang) in err
    assert tree_bytes(output) == before
    return err


def failing_open(fail_on: str, exc: OSError, during_write: bool = False):
    """open() as the staging folder calls it, failing for files whose path ends with `fail_on`."""
    class Full:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *args: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])       # half of it reached the disk
            raise exc

    def fake(path, mode="r", *args, **kwargs):
        if str(path).endswith(fail_on) and "w" in mode:
            if during_write:
                return Full(open(path, mode, *args, **kwargs))
            raise exc
        return open(path, mode, *args, **kwargs)
    return fake


def test_permission_denied_names_the_file(built, site_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    denied = PermissionError(errno.EACCES, "Permission denied", "/x/ct-05/index.html")
    monkeypatch.setattr(output_module, "open", failing_open("ct-05/index.html", denied), raising=False)
    err = rebuild(site_dir, built, capsys)
    assert "Không có quyền ghi vào '/x/ct-05/index.html'" in err and "Đóng chương trình" in err
    assert [p.name for p in built[0].parent.iterdir() if ".staging-" in p.name] == []


def test_disk_full_mid_write_names_the_output_and_what_to_do(built, site_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    full = OSError(errno.ENOSPC, "No space left on device")       # a write names no file
    monkeypatch.setattr(output_module, "open", failing_open("manifest.json", full, during_write=True), raising=False)
    err = rebuild(site_dir, built, capsys)
    assert f"Ổ đĩa đã đầy khi ghi '{built[0]}'" in err and "Giải phóng dung lượng" in err


def test_busy_output_folder_at_the_swap(built, site_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    def busy(first: Path, second: Path) -> bool:
        raise OSError(errno.EBUSY, "Device or resource busy", str(second))
    monkeypatch.setattr(folder_swap, "exchange", busy)
    shutil.rmtree(built[0].parent / ".tuyentruyen-cache")   # no build state: every file made, the folder swapped
    err = rebuild(site_dir, built, capsys)
    assert f"'{built[0]}' đang được chương trình khác dùng" in err and "Đóng cửa sổ thư mục" in err


def test_a_file_busy_in_the_middle_of_an_update_in_place(built, site_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Windows refuses to replace a file another program holds open: after a few tries the files
    already moved in are moved back out, the replaced ones back in, and the message names the file."""
    from generator.machinery import output_patch
    output = built[0]
    real_replace, moves, refused = os.replace, [], []

    def replace(source, target) -> None:
        if str(target).startswith(f"{output}/") and ".output.staging-" in str(source):
            moves.append(str(target))
            if len(moves) > 2 and str(target) == moves[2]:
                refused.append(target)
                raise OSError(errno.EBUSY, "Device or resource busy", str(target))
        real_replace(source, target)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(output_patch, "RETRIES", (0.01, 0.01))
    err = rebuild(site_dir, built, capsys)                # the output is compared byte for byte there
    assert len(refused) == 3                            # tried three times
    assert f"'{moves[2]}' đang được chương trình khác dùng" in err
    assert sorted(p.name for p in output.parent.iterdir() if p.name.startswith(".output.")) == []


def test_a_file_busy_for_a_moment_is_moved_once_it_is_free(built, site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output, before = built
    real_replace, refused = os.replace, []

    def replace(source, target) -> None:
        if str(target).startswith(f"{output}/") and ".output.staging-" in str(source) and not refused:
            refused.append(target)
            raise OSError(errno.EACCES, "The process cannot access the file", str(target))   # Windows' sharing violation
        real_replace(source, target)
    monkeypatch.setattr(os, "replace", replace)
    assert main(["build", "--content", str(site_dir), "--output", str(output), "--no-audio", "-q"]) == 0
    assert refused and tree_bytes(output) != before
    assert "Ý thứ hai, sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")


def test_read_only_output_injected_and_in_english(built, site_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    read_only = OSError(errno.EROFS, "Read-only file system", str(built[0].parent / ".output.staging-1"))
    monkeypatch.setattr(output_module, "_check_output_dir", lambda *args: (_ for _ in ()).throw(read_only))
    err = rebuild(site_dir, built, capsys, lang="en")
    assert "read-only" in err and "Unlock the memory card" in err


REAL_FAULTS = textwrap.dedent("""\
    set -u
    mount -t tmpfs -o size=6m tmpfs "$DISK"
    build() { "$PYTHON" -m generator build --content "$CONTENT" --output "$DISK/output" --no-audio -q; }
    build > "$RESULTS/first.out" 2>&1; echo $? > "$RESULTS/first.rc"
    (cd "$DISK/output" && find . -type f -exec sha256sum {} + | sort) > "$RESULTS/before.sums"
    "$PYTHON" - "$CONTENT" <<'EDIT'
    import pathlib, sys
    summary = pathlib.Path(sys.argv[1]) / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai, sửa"), encoding="utf-8")
    EDIT
    dd if=/dev/zero of="$DISK/filler" bs=64k 2>/dev/null
    build > "$RESULTS/full.err" 2>&1; echo $? > "$RESULTS/full.rc"
    (cd "$DISK/output" && find . -type f -exec sha256sum {} + | sort) > "$RESULTS/full.sums"
    rm "$DISK/filler"
    mount -o remount,ro "$DISK"
    build > "$RESULTS/ro.err" 2>&1; echo $? > "$RESULTS/ro.rc"
    (cd "$DISK/output" && find . -type f -exec sha256sum {} + | sort) > "$RESULTS/ro.sums"
""")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0 or not shutil.which("unshare"),
                    reason="needs root and unshare to mount a small tmpfs")
def test_a_real_full_disk_and_a_real_read_only_disk(tmp_path: Path, site_dir: Path) -> None:
    disk, results = tmp_path / "disk", tmp_path / "results"
    disk.mkdir(), results.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHON": sys.executable, "DISK": str(disk),
           "RESULTS": str(results), "CONTENT": str(site_dir)}
    env.pop("TUYENTRUYEN_LANG", None)
    done = subprocess.run(["unshare", "-m", "sh", "-c", REAL_FAULTS], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)
    if "mount" in done.stderr and not (results / "first.rc").exists():
        pytest.skip(f"no mount namespace here: {done.stderr}")
    read = lambda name: (results / name).read_text(encoding="utf-8")   # noqa: E731
    assert read("first.rc").strip() == "0", read("first.out")
    before = read("before.sums")
    assert "index.html" in before
    for case, said in (("full", "Ổ đĩa đã đầy"), ("ro", "chỉ cho đọc")):
        assert read(f"{case}.rc").strip() == "1", read(f"{case}.err")
        err = read(f"{case}.err")
        assert said in err and str(disk) in err and "Traceback" not in err, err
        assert "thư mục kết quả cũ được giữ nguyên" in err
        assert read(f"{case}.sums") == before, case


def test_new_on_a_read_only_content_folder(site_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))
    monkeypatch.setattr(Path, "mkdir", read_only)
    assert main(["new", "ke-hoach-12", "--content", str(site_dir)]) == 1
    err = capsys.readouterr().err
    assert "chỉ cho đọc" in err and "ke-hoach-12" in err and "Traceback" not in err


def test_check_works_when_its_cache_cannot_be_written(site_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """`check` on a write-protected USB stick: the PDF cache beside the content stays unwritten."""
    from generator.builders import pdf_jobs

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(pdf_jobs, "write_sealed", full)
    assert main(["check", "--content", str(site_dir)]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_a_state_that_cannot_be_saved_after_the_swap_never_misleads_the_next_build(
        tmp_path: Path, site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The swap done, the disk fills before the build state is written: the build succeeded
    (its output is in), and the next build must not trust the state of the output before."""
    from generator.machinery.buildstate import BuildState
    output = tmp_path / "output"
    args = ["build", "--content", str(site_dir), "--output", str(output), "--no-audio", "-q", "--only", "site"]
    assert main(args) == 0
    first = tree_bytes(output)
    summary = site_dir / "resolutions" / "ct-05" / "vi.md"
    original = summary.read_text(encoding="utf-8")
    # The same length: files of the same size are taken from the output as the state says.
    summary.write_text(original.replace("Ý thứ hai", "Ý thứ Hai"), encoding="utf-8")

    def full(self: BuildState, marks: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    with monkeypatch.context() as patched:
        patched.setattr(BuildState, "save", full)
        assert main(args) == 0
    assert "Ý thứ Hai" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    summary.write_text(original, encoding="utf-8")          # back as it was: the first build's pages
    assert main(args) == 0
    assert tree_bytes(output) == first


CTRL_C = textwrap.dedent("""\
    import os, signal, sys
    from generator.builders.site import SiteBuilder
    from generator.cli import main

    def interrupted(self):
        os.killpg(os.getpgrp(), signal.SIGINT)  # Ctrl+C in the middle of the build: the whole console group

    if __name__ == "__main__":                  # PDF workers start from this file again
        SiteBuilder.run = interrupted
        sys.exit(main(sys.argv[1:]))
""")


def test_ctrl_c_during_a_build_says_so_and_keeps_the_output(built, site_dir: Path, tmp_path: Path) -> None:
    output, before = built
    script = tmp_path / "ctrl_c.py"
    script.write_text(CTRL_C, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), "build", "--content", str(site_dir), "--output", str(output),
                           "--no-audio"], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600, start_new_session=True)
    assert done.returncode == 130, done.stderr
    assert "Đã dừng theo yêu cầu" in done.stderr and "Traceback" not in done.stderr
    assert tree_bytes(output) == before
    assert [p.name for p in output.parent.iterdir() if ".staging-" in p.name] == []


def test_ctrl_c_that_breaks_a_library_clean_up_is_still_a_ctrl_c(monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl+C inside zipfile's writing (the lecturer's PPTX) made its close() raise ValueError in
    place of the KeyboardInterrupt, and a traceback reached the user: it is a Ctrl+C all the same."""
    import io
    import zipfile
    from generator import cli

    def interrupted_while_zipping(args) -> int:
        with zipfile.ZipFile(io.BytesIO(), "w") as target:
            handle = target.open("ppt/slides/slide1.xml", "w")
            handle.write(b"<p:sld/>")
            raise KeyboardInterrupt         # the entry is still open: close() refuses

    monkeypatch.setattr(cli, "cmd_build", interrupted_while_zipping)
    assert cli.main(["build", "--no-audio"]) == 130
    err = capsys.readouterr().err
    assert "Đã dừng theo yêu cầu" in err and "Traceback" not in err


def test_an_error_unrelated_to_ctrl_c_is_not_taken_for_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import cli

    def broken(args) -> int:
        raise ValueError("a defect of ours")

    monkeypatch.setattr(cli, "cmd_build", broken)
    with pytest.raises(ValueError, match="a defect of ours"):
        cli.main(["build", "--no-audio"])


def test_serve_shows_a_disk_fault_over_the_last_good_build(tmp_path: Path, site_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    from generator.builders.base import BuildOptions
    from generator.serve import Preview
    log = io.StringIO()
    preview = Preview(site_dir, tmp_path / "output", BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache",
                                                                  only=frozenset({"site"})), port=0, log=log)
    preview.start()
    try:
        before = tree_bytes(tmp_path / "output")
        full = OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(output_module, "open", failing_open("index.html", full, during_write=True), raising=False)
        summary = site_dir / "resolutions" / "ct-05" / "vi.md"
        summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai, sửa"), encoding="utf-8")
        # The rebuild the watcher starts (one at a time): a rebuild called here as well ran beside
        # it on the same session, and under load the two met (the overlay of the other one won).
        deadline = time.monotonic() + 120
        while "Ổ đĩa đã đầy" not in preview.state.snapshot.overlay and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "Ổ đĩa đã đầy" in preview.state.snapshot.overlay and "Ổ đĩa đã đầy" in log.getvalue()
        assert "Traceback" not in log.getvalue() and "Errno" not in log.getvalue()
        assert tree_bytes(tmp_path / "output") == before
    finally:
        preview.stop()


def test_real_ctrl_c_at_moments_of_a_larger_build(tmp_path: Path) -> None:
    """Ctrl+C reaches the build and its PDF workers (the console's whole group) at fixed moments:
    a notice and exit 130, or a finished build; never a traceback, never a half output."""
    ctrl_c_at_moments(tmp_path, {**os.environ, "PYTHONPATH": str(REPO)}, (0.1, 0.4, 0.8))


def ctrl_c_at_moments(tmp_path: Path, env: dict[str, str], delays: tuple[float, ...]) -> int:
    """The example built, then built again with --clean and Ctrl+C sent to the console's group
    after each delay (test_windows_spawn.py: the same as Windows starts processes). Returns how
    many builds it stopped. `delays` are in parts of the first build's time (0.5: halfway), so
    that a fast machine still interrupts a build, not an ended one."""
    import signal
    import time
    from conftest import EXAMPLE_CONTENT, manifest
    output = tmp_path / "output"
    command = [sys.executable, "-m", "generator", "build", "--content", str(EXAMPLE_CONTENT), "--output", str(output),
               "--no-audio", "--jobs", "2", "--clean"]
    started = time.perf_counter()
    assert subprocess.run(command, cwd=REPO, env=env, capture_output=True).returncode == 0
    took = time.perf_counter() - started
    before = tree_bytes(output)
    stopped = 0
    for delay in delays:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, encoding="utf-8", start_new_session=True)
        time.sleep(delay * took)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=600)
        # 130 from the notice; rarely the interpreter ends by the signal itself after it (-2)
        assert process.returncode in (0, 130, -signal.SIGINT), err
        assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
        if process.returncode != 0:
            stopped += 1
            assert "Đã dừng theo yêu cầu" in err or not err     # still starting: it ends quietly
            assert tree_bytes(output) == before
        assert all((output / a["path"]).is_file() for a in manifest(output)["artifacts"])
        assert [p.name for p in tmp_path.iterdir() if ".staging-" in p.name] == []
    return stopped