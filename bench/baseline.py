"""`bench/run.py --baseline REF`: the code now against an earlier commit, in one run.

REF's generator/ and templates/ come from a git worktree; each side builds its
own copy of the same corpus (so caches and build states never mix), and every
scenario runs the two sides in turn (A B A B …), so that the load of a shared
machine hits both alike. Each figure is a median of `--repeats` runs (5 by
default); a figure counts as "not slower" when it is within 5 % of REF's or
within the spread (min–max) of REF's runs. Each run adds its table as a section
of its own at the end of bench/RESULTS.md (naming the commits, the date, N and
the options); nothing already there is changed, so runs of several engineers
and the hand-written sections between them all stay.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import corpus
from edits import edit_summary
from measure import Run, run

WRITTEN_BY = "<!-- written by bench/run.py --baseline -->"
TOLERANCE = 0.05


@dataclass
class Side:
    """One version of the code with its own corpus copy, output folders and cache."""

    name: str
    code: Path
    root: Path
    python: Path

    @property
    def content(self) -> Path:
        return self.root / "corpus" / "content"

    def output(self, scenario: str) -> Path:
        return self.root / "runs" / scenario / "output"

    def fresh(self, scenario: str) -> Path:
        shutil.rmtree(self.root / "runs" / scenario, ignore_errors=True)
        (self.root / "runs" / scenario).mkdir(parents=True)
        # A cold build: no cache either (it lives beside the content folder).
        shutil.rmtree(self.content.parent / ".tuyentruyen-cache", ignore_errors=True)
        return self.output(scenario)

    def build(self, scenario: str, *flags: str, jobs: int | None = None) -> Run:
        argv = [str(self.python), "-m", "generator", "build", "--content", str(self.content),
                "--output", str(self.output(scenario)), "--lang", "en", "--quiet", *flags]
        if jobs:
            argv += ["--jobs", str(jobs)]
        return run(argv, env=dict(os.environ, PYTHONPATH=str(self.code)), cwd=self.code)

    def warm(self, scenario: str, bench: Path, *flags: str, edits: int) -> dict:
        argv = [str(self.python), str(bench / "warm.py"), "--content", str(self.content),
                "--output", str(self.output(scenario)), "--edits", str(edits), *flags]
        done = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=self.code,
                              env=dict(os.environ, PYTHONPATH=str(self.code)))
        return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Figure:
    scenario: str
    ours: list[float] = field(default_factory=list)
    theirs: list[float] = field(default_factory=list)

    def verdict(self) -> tuple[str, bool]:
        mine, base = statistics.median(self.ours), statistics.median(self.theirs)
        ratio = mine / base if base else float("inf")
        within = ratio <= 1 + TOLERANCE or mine <= max(self.theirs)
        return f"{ratio:.2f} ×", within


def checkout(repo: Path, ref: str, target: Path) -> str:
    """REF's generator/ and templates/ in `target` (a detached git worktree); its commit id."""
    if target.exists():
        subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(target)],
                       capture_output=True)
        shutil.rmtree(target, ignore_errors=True)
    subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", "--force", str(target), ref],
                   check=True, capture_output=True)
    return subprocess.run(["git", "-C", str(target), "rev-parse", "--short", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()


def compile_code(python: Path, code: Path) -> None:
    """Byte-code for every module of `code`, as an installed package has (pip compiles it). A
    shell with PYTHONDONTWRITEBYTECODE set would otherwise compile ≈ 110 modules in every run
    (≈ 0.1–0.2 CPU s, the same in the no-change and the one-edit rebuilds), which is no cost
    of ours that a user pays."""
    subprocess.run([str(python), "-m", "compileall", "-q", str(code / "generator")], check=True,
                   capture_output=True)


def compare(repo: Path, bench: Path, work: Path, code: Path, python: Path, ref: str, n: int, repeats: int,
            jobs: int | None, with_pdf: bool, say: Callable[[str], None],
            cold_repeats: int = 1) -> tuple[list[Figure], str]:
    """Every scenario on both sides, alternated; returns the figures and REF's commit. The cold build
    of everything takes minutes: `cold_repeats` times per side (one run is within a shared machine's
    noise of 5 %)."""
    commit = checkout(repo, ref, work / "baseline-code")
    compile_code(python, work / "baseline-code")
    ours = Side("now", code, work / "now", python)
    theirs = Side(ref, work / "baseline-code", work / "baseline", python)
    for side in (ours, theirs):
        shutil.rmtree(side.root, ignore_errors=True)
        corpus.generate(side.content, n)
    figures: list[Figure] = []

    def alternate(scenario: str, once: Callable[[Side, int], float], times: int = repeats) -> None:
        figure = Figure(scenario)
        for index in range(times):
            figure.ours.append(once(ours, index))
            figure.theirs.append(once(theirs, index))
        figures.append(figure)
        say(f"  {scenario}: now {statistics.median(figure.ours):.2f} s, {ref} "
            f"{statistics.median(figure.theirs):.2f} s")

    def cold_site(side: Side, _: int) -> float:
        side.fresh("site")
        return side.build("site", "--only", "site", jobs=jobs).seconds

    def site_no_change(side: Side, _: int) -> float:
        return side.build("site", "--only", "site", jobs=jobs).seconds

    def site_edit(side: Side, index: int) -> float:
        with edit_summary(side.content, index):
            seconds = side.build("site", "--only", "site", jobs=jobs).seconds
        side.build("site", "--only", "site", jobs=jobs)       # the output back to the restored content
        return seconds

    alternate("Full cold build, site only", cold_site)
    for side in (ours, theirs):
        side.build("site", "--only", "site", jobs=jobs)       # settle the state and the make rule
    alternate("No-change rebuild, site only (CLI)", site_no_change)
    alternate("Rebuild after editing one summary, site only (CLI)", site_edit)
    alternate("Rebuild after editing one summary, site only (warm process)",
              lambda side, _: side.warm("site", bench, "--only", "site", edits=1)["edit"])
    if not with_pdf:
        return figures, commit

    def cold_all(side: Side, _: int) -> float:
        side.fresh("all")
        return side.build("all", "--no-audio", jobs=jobs).seconds

    def all_no_change(side: Side, _: int) -> float:
        return side.build("all", "--no-audio", jobs=jobs).seconds

    def all_edit(side: Side, index: int) -> float:
        with edit_summary(side.content, index):
            seconds = side.build("all", "--no-audio", jobs=jobs).seconds
        side.build("all", "--no-audio", jobs=jobs)
        return seconds

    alternate("Full cold build of everything, no audio", cold_all, times=cold_repeats)
    alternate("No-change rebuild of everything (CLI)", all_no_change)
    alternate("Rebuild after editing one summary, everything (CLI)", all_edit)
    alternate("Rebuild after editing one summary, everything (warm process)",
              lambda side, _: side.warm("all", bench, "--no-audio", edits=1)["edit"])
    return figures, commit


def table(figures: list[Figure], ref: str, commit: str, now: str, n: int, load: str, command: str,
          date: str) -> str:
    """The run's section of RESULTS.md: `command` is how bench/run.py was called, `date` when."""
    lines = [WRITTEN_BY, "", f"## Against {ref} ({commit}), N = {n}, {date}", "",
             f"`bench/run.py {command}`: the working tree ({now}) against {ref}, each "
             "side with its own corpus copy and cache, runs alternated; medians, all runs in brackets. "
             f"Load average during the run: {load}.", "",
             f"| scenario | now (s) | {ref} (s) | now / {ref} | not slower (≤ 5 % or within {ref}'s spread) |",
             "| --- | --- | --- | --- | --- |"]
    for figure in figures:
        ratio, within = figure.verdict()
        runs = lambda values: f"**{statistics.median(values):.2f}** ({', '.join(f'{v:.2f}' for v in values)})"  # noqa: E731
        lines.append(f"| {figure.scenario} | {runs(figure.ours)} | {runs(figure.theirs)} | {ratio} | "
                     f"{'✅' if within else '❌'} |")
    edit_ratio = _ratio(figures, "Rebuild after editing one summary, site only (CLI)",
                        "No-change rebuild, site only (CLI)")
    all_ratio = _ratio(figures, "Rebuild after editing one summary, everything (CLI)",
                       "No-change rebuild of everything (CLI)")
    lines += ["", "Edit against no-change rebuild (CLI, now): site only "
              + (f"{edit_ratio:.1f} × (target ≤ 2 ×)" if edit_ratio else "not measured")
              + "; everything " + (f"{all_ratio:.1f} × (target ≤ 3 ×)" if all_ratio else "not measured") + "."]
    return "\n".join(lines) + "\n"


def _ratio(figures: list[Figure], edited: str, unchanged: str) -> float | None:
    found = {f.scenario: f for f in figures}
    if edited not in found or unchanged not in found:
        return None
    return statistics.median(found[edited].ours) / statistics.median(found[unchanged].ours)


def append_block(results: Path, block: str) -> None:
    """Add the run's section at the end of RESULTS.md. Appended, never rewritten: what is there
    (another engineer's run, written meanwhile too, or a hand-written section) stays as it is."""
    text = results.read_text(encoding="utf-8") if results.is_file() else ""
    gap = "" if not text or text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
    with results.open("a", encoding="utf-8") as handle:
        handle.write(gap + block)
