"""bench/run.py writes bench/RESULTS.md without losing what is there: each `--baseline` run adds
a section of its own (commits, date, N, options), and a full run rewrites only the part above
the hand-written analysis. Tried on a copy of the real RESULTS.md."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import baseline  # noqa: E402
import report  # noqa: E402
import run as bench_run  # noqa: E402


@pytest.fixture
def results(tmp_path: Path) -> Path:
    copy = tmp_path / "RESULTS.md"
    shutil.copyfile(REPO / "bench" / "RESULTS.md", copy)
    return copy


def baseline_run(monkeypatch: pytest.MonkeyPatch, results: Path, tmp_path: Path, *flags: str,
                 edit: float = 0.5) -> None:
    """`bench/run.py --baseline main …` with the measuring itself left out (figures given)."""
    figures = [baseline.Figure("No-change rebuild, site only (CLI)", [0.2, 0.21], [0.2, 0.22]),
               baseline.Figure("Rebuild after editing one summary, site only (CLI)", [edit, edit], [0.6, 0.61])]
    monkeypatch.setattr(bench_run, "snapshot", lambda target: None)
    monkeypatch.setattr(bench_run.baseline, "compare", lambda *args, **kwargs: (figures, "abc1234"))
    monkeypatch.setattr(sys, "argv", ["bench/run.py", "--baseline", "main", *flags, "--results", str(results),
                                      "--work", str(tmp_path / "work")])
    bench_run.main()


def test_each_baseline_run_adds_its_own_section_and_keeps_everything(
        monkeypatch: pytest.MonkeyPatch, results: Path, tmp_path: Path) -> None:
    before = results.read_text(encoding="utf-8")
    baseline_run(monkeypatch, results, tmp_path, "--n", "300", "--skip-pdf", edit=0.5)
    first = results.read_text(encoding="utf-8")
    assert first.startswith(before)                        # nothing above changed, nothing removed
    added = first[len(before):]
    assert added.count("## Against main (abc1234), N = 300, ") == 1
    assert "`bench/run.py --baseline main --n 300 --skip-pdf --results" in added
    assert "| Rebuild after editing one summary, site only (CLI) | **0.50**" in added
    # A second engineer's run: added after the first, which stays whole.
    baseline_run(monkeypatch, results, tmp_path, "--n", "1000", edit=0.7)
    second = results.read_text(encoding="utf-8")
    assert second.startswith(first)
    assert "## Against main (abc1234), N = 1000, " in second[len(first):]
    assert "**0.70**" in second[len(first):] and "**0.50**" not in second[len(first):]


def test_a_full_run_rewrites_only_the_part_above_the_analysis(results: Path) -> None:
    before = results.read_text(encoding="utf-8")
    analysis = before.split(report.ANALYSIS_MARKER, 1)[1]
    written = report.with_analysis("# Benchmark results\n\nnew figures\n", before)
    assert written.startswith("# Benchmark results\n\nnew figures\n")
    assert written.endswith(report.ANALYSIS_MARKER + analysis)
    # Without the marker (a file written by hand), the whole of it is kept below the new results.
    hand = "# Notes\n\n## A section written by hand\n\ntext\n"
    assert hand in report.with_analysis("new figures\n", hand)
    assert report.with_analysis("new figures\n", "").startswith("new figures\n")
