"""The command line as an editor uses it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import load_site

from conftest import REPO, manifest


def test_new_scaffold_passes_check_with_placeholder_warnings(site_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "ke-hoach-12", "--content", str(site_dir)]) == 0
    folder = site_dir / "resolutions" / "ke-hoach-12"
    assert (folder / "resolution.yaml").is_file() and (folder / "vi.md").is_file()
    site, problems = load_site(site_dir)
    assert site is not None
    placeholders = [p for p in problems if p.code == "placeholder"]
    assert placeholders and all(not p.is_error for p in problems)
    assert {p.path.name for p in placeholders} == {"resolution.yaml", "vi.md"}
    assert main(["check", "--content", str(site_dir)]) == 0
    # Filled in (the scaffold's instruction comment stays): no placeholder warning is left.
    for name in ("resolution.yaml", "vi.md"):
        path = folder / name
        lines = path.read_text(encoding="utf-8").split("\n")
        path.write_text("\n".join(line.replace("CẦN ĐIỀN", "") if not line.startswith("#") else line
                                  for line in lines), encoding="utf-8")
    assert [p for p in load_site(site_dir)[1] if p.code == "placeholder"] == []
    assert main(["new", "ke-hoach-12", "--content", str(site_dir)]) == 1   # never overwrites
    assert main(["new", "Kế hoạch", "--content", str(site_dir)]) == 1       # bad slug


def test_python_dash_m_builds(tmp_path: Path, site_dir: Path) -> None:
    output = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(site_dir),
                             "--output", str(output)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "Đã dựng xong" in result.stdout
    assert any(e["kind"] == "page" for e in manifest(output)["artifacts"])


# `python -m generator` ends without tearing its objects down (generator/__main__.py): what an
# exit must do still happens. A stand-in command leaves unflushed output, an atexit clean-up,
# a temporary folder held by a weakref.finalize, and returns its code.
FAST_EXIT = """
import atexit, shutil, sys, tempfile, weakref
from pathlib import Path
import generator.cli
class Held: pass
def main():
    sys.stdout.write("no line break, not flushed")
    sys.stderr.write("said on stderr")
    atexit.register(lambda: Path(sys.argv[1]).write_text("cleaned up"))
    folder = tempfile.mkdtemp(dir=sys.argv[2])
    main.held = Held()
    weakref.finalize(main.held, shutil.rmtree, folder)
    return 3
generator.cli.main = main
from generator.__main__ import run
run()
"""


def test_the_program_exits_with_its_code_its_output_flushed_and_its_clean_ups_done(tmp_path: Path) -> None:
    marker, scratch = tmp_path / "atexit.txt", tmp_path / "scratch"
    scratch.mkdir()
    result = subprocess.run([sys.executable, "-c", FAST_EXIT, str(marker), str(scratch)], capture_output=True,
                            text=True, cwd=REPO, timeout=60)
    assert result.returncode == 3
    assert result.stdout == "no line break, not flushed" and result.stderr == "said on stderr"
    assert marker.read_text() == "cleaned up"
    assert list(scratch.iterdir()) == []            # the finalizer removed its temporary folder


# Which commands run with the cyclic garbage collector: start-up runs without it (__main__.run),
# every command but build (which pauses it itself) gets it back: serve runs for hours.
COLLECTOR_PER_COMMAND = """
import gc, json, sys
import generator.cli as cli
def stand_in(args):
    print(json.dumps(gc.isenabled()))
    return 0
cli.cmd_build, cli.cmd_check, cli.cmd_serve = (lambda args: stand_in(args)), stand_in, stand_in
from generator.__main__ import run
sys.argv = ["tuyentruyen", *sys.argv[1:]]
run()
"""


@pytest.mark.parametrize("command, collecting", [("build", False), ("check", True), ("serve", True)])
def test_only_a_build_runs_without_the_garbage_collector(command: str, collecting: bool, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", COLLECTOR_PER_COMMAND, command, "--content", str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) is collecting


def test_missing_content_folder_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(tmp_path / "khong-co")]) == 1
    assert "site.yaml" in capsys.readouterr().out


def test_spoken_command_reads_stdin(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "spoken", "--lang", "vi", "--content", str(tmp_path)],
                            input="Kết luận số 224-KL/TU ngày 1/7/2025.\n", capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("Kết luận số hai trăm hai mươi tư của Tỉnh ủy ngày một tháng bảy năm "
                             "hai nghìn không trăm hai mươi lăm.\n")
    legacy = subprocess.run([sys.executable, "-m", "generator", "spoken"], input="Uû ban nh©n d©n tØnh\n",
                            capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert legacy.returncode == 1 and "TCVN3" in legacy.stderr and legacy.stdout == ""


def _spoken(*args: str, text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "spoken", *args], input=text, capture_output=True,
                          text=True, cwd=REPO)


def test_spoken_for_a_language_without_a_table_explains_itself() -> None:
    result = _spoken("--lang", "en", text="Up 25% https://x.vn\n")
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "'en'" in result.stderr and "vi" in result.stderr and "hmn" in result.stderr
    assert "generator/spoken/README.md" in result.stderr


def test_spoken_names_the_lines_with_legacy_text() -> None:
    text = "Dòng một.\nDòng hai.\nDòng ba.\nDòng bốn.\nDòng năm.\nDòng sáu.\nDòng bảy.\nUû ban nh©n d©n tØnh\n"
    result = _spoken("--lang", "vi", text=text)
    assert result.returncode == 1 and result.stdout == ""
    assert "dòng 8" in result.stderr


def test_spoken_lists_the_table_entries_awaiting_review() -> None:
    result = _spoken("--lang", "hmn", "--review", text="")
    assert result.returncode == 0, result.stderr
    assert "numbers.decimal" in result.stdout and "86,3" in result.stdout
    assert _spoken("--lang", "hmn", text="12-NQ/TU\n").stdout == "12-NQ/TU\n"


def test_an_unknown_only_part_is_refused_and_the_output_kept(tmp_path: Path, site_dir: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A typo in --only used to build nothing and swap in an output with only manifest.json."""
    output = tmp_path / "output"
    assert main(["build", "--content", str(site_dir), "--output", str(output), "--only", "site", "-q"]) == 0
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--content", str(site_dir), "--output", str(output), "--only", "site,tờ-rơi", "-q"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "không có phần 'tờ-rơi'" in err and "leaflets" in err
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before
    assert main(["build", "--content", str(site_dir), "--output", str(output), "--only", "site, feeds", "-q"]) == 0
    assert (output / "feed.xml").is_file() and (output / "nq-57" / "index.html").is_file()
