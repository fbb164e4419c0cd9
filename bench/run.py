"""The benchmark of issue 6: tuyentruyen against Hugo, Pelican and MkDocs on one synthetic corpus.

    .venv/bin/python bench/run.py [--n 1000] [--repeats 3] [--skip-audio] [--skip-pdf]
    .venv/bin/python bench/run.py --baseline REF [--n 300] [--repeats 5] [--cold-repeats 3] [--skip-pdf]

Generates N resolutions (bench/corpus.py), converts them for the other tools
(bench/others.py), then measures in one run, interleaving the tools so that
the load of a shared machine hits them alike; writes bench/RESULTS.md (a
hand-written analysis below its marker is kept; `--baseline` adds a section at
the end and changes nothing else). Our code runs from a copy of
generator/ and templates/ taken at the start (bench/work/code). The other
tools live in bench/.venv (bench/setup.sh makes it on first use); scratch
files go to bench/work/ (both git-ignored).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import baseline  # noqa: E402
import corpus  # noqa: E402
import floor  # noqa: E402
import others  # noqa: E402
import report  # noqa: E402
from edits import edit_summary  # noqa: E402
from measure import Run, run  # noqa: E402

PYTHON = REPO / ".venv" / "bin" / "python"
OURS = [str(PYTHON), "-m", "generator", "build"]
BENCH_BIN = HERE / ".venv" / "bin"
STAGE_LINE = re.compile(r"^(.+): (\d+(?:\.\d+)?) s$")


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.work = args.work.resolve()
        self.content = self.work / "corpus" / "content"
        self.sample = self.work / "sample" / "content"
        self.rows: list[report.Row] = []
        self.facts: dict = {"n": args.n, "repeats": args.repeats, "loads": []}
        # Our code runs from a copy taken at the start: the working tree may change under a
        # long run (others edit it), and a changed generator invalidates every cached item.
        self.code = self.work / "code"
        self.env = dict(os.environ, PYTHONPATH=str(self.code))

    # ------------------------------------------------------------ helpers

    def load(self, label: str) -> None:
        self.facts["loads"].append((label, os.getloadavg()))

    def out(self, scenario: str) -> Path:
        return self.work / "runs" / scenario / "output"

    def fresh(self, scenario: str) -> Path:
        """An empty folder for a cold build: no output and no cache from before."""
        shutil.rmtree(self.work / "runs" / scenario, ignore_errors=True)
        (self.work / "runs" / scenario).mkdir(parents=True)
        return self.out(scenario)

    def ours(self, content: Path, output: Path, *flags: str, memory: bool = False, quiet: bool = True) -> Run:
        argv = [*OURS, "--content", str(content), "--output", str(output), "--lang", "en", *flags]
        if self.args.jobs:
            argv += ["--jobs", str(self.args.jobs)]
        return run(argv + (["--quiet"] if quiet else []), memory=memory, env=self.env, cwd=self.code)

    def say(self, text: str) -> None:
        print(text, flush=True)

    # ------------------------------------------------------------ steps

    def prepare(self) -> None:
        if not (BENCH_BIN / "hugo").exists():
            subprocess.run(["bash", str(HERE / "setup.sh")], check=True)
        snapshot(self.code)
        shutil.rmtree(self.work / "corpus", ignore_errors=True)
        shutil.rmtree(self.work / "sample", ignore_errors=True)
        entries = corpus.generate(self.content, self.args.n)
        corpus.generate(self.sample, min(self.args.sample, self.args.n))
        others.prepare_all(entries, self.work / "corpus" / "others")
        words = [corpus.word_count(e.texts["vi"]) for e in entries]
        self.facts.update(words=statistics.mean(words), translated=sum("hmn" in e.texts for e in entries),
                          pages=2 * len(entries))
        self.say(f"corpus: {len(entries)} resolutions, ~{statistics.mean(words):.0f} words each")

    def cold_site_and_others(self) -> None:
        """Ours --only site, then each other tool, in turn, `repeats` times."""
        runs: dict[str, list[Run]] = {"ours": []}
        for _ in range(self.args.repeats):
            self.load("cold site")
            runs["ours"].append(self.ours(self.content, self.fresh("site"), "--only", "site"))
            # The floor (issue 15): the bare read/YAML/Markdown/Jinja2/write loop, two processes over halves.
            runs.setdefault("Floor", []).append(run(floor.command(str(PYTHON), self.content, self.fresh("floor")),
                                                    env=self.env))
            for tool in others.TOOLS:
                project = self.work / "corpus" / "others" / tool.name.lower()
                output = project / tool.output
                shutil.rmtree(output, ignore_errors=True)
                runs.setdefault(tool.name, []).append(run(tool.command(BENCH_BIN, project, output), env=self.env))
            self.say("  cold site: " + ", ".join(f"{k} {v[-1].seconds:.2f} s" for k, v in runs.items()))
        self.facts["cold"] = {k: ([r.seconds for r in v], [r.cpu_seconds for r in v]) for k, v in runs.items()}
        ours = _median(runs["ours"])
        hugo = _median(runs["Hugo"])
        self.rows.append(row("Full cold build, site only (`--only site`)", runs["ours"],
                             "≤ 3 × Hugo", ours <= 3 * hugo, f"{ours / hugo:.2f} × Hugo"))
        for name in ("Pelican", "MkDocs"):
            theirs = _median(runs[name])
            self.rows.append(row(f"… the same against {name}", runs["ours"], f"{name} ≥ 1.5 × our time",
                                 theirs >= 1.5 * ours, f"{name} takes {theirs / ours:.2f} × our time"))
        bare = _median(runs["Floor"])
        self.rows.append(row("… the same against the floor (two-process bare loop, `bench/floor.py`)", runs["ours"],
                             "≤ 2 × floor", ours <= 2 * bare, f"{ours / bare:.2f} × the floor ({bare:.2f} s)"))

    def site_rebuilds(self) -> None:
        """On the site-only output: no change, then one summary edited (CLI, a new process each time)."""
        self.say("site-only rebuilds …")
        output = self.out("site")
        self.ours(self.content, output, "--only", "site")                      # settle (cache, state)
        unchanged = [self.ours(self.content, output, "--only", "site") for _ in range(self.args.repeats)]
        edited = []
        for index in range(self.args.repeats):
            with edit_summary(self.content, index):
                edited.append(self.ours(self.content, output, "--only", "site"))
        self.ours(self.content, output, "--only", "site")
        self.load("site rebuilds")
        self.rows.append(row("No-change rebuild, site only (CLI)", unchanged, "—", None, ""))
        self.rows.append(row("Rebuild after editing one summary, site only (CLI)", edited, "< 0.3 s",
                             _median(edited) < 0.3, ""))
        warm = self.warm(output, "--only", "site")
        self.rows.append(report.Row("Rebuild after editing one summary, site only (warm process, as `serve`)",
                                    warm["edit_all"], "< 0.3 s", warm["edit"] < 0.3, ""))

    def warm(self, output: Path, *flags: str) -> dict:
        argv = [str(PYTHON), str(HERE / "warm.py"), "--content", str(self.content), "--output", str(output),
                "--edits", str(self.args.repeats), *flags]
        result = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=self.code, env=self.env)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def cold_all(self) -> None:
        """Everything without audio, once (long): time, stages, memory; then rebuilds on it."""
        self.say("full cold build without audio (minutes) and its rebuilds …")
        output = self.fresh("all")
        self.load("cold all")
        result = self.ours(self.content, output, "--no-audio", memory=True, quiet=False)
        self.load("cold all (end)")
        stages = stage_times(result.stderr)
        counts = manifest_counts(output)
        self.facts.update(all_counts=counts, all_stages=stages, all_seconds=result.seconds)
        self.rows.append(row("Full cold build of everything, no audio", [result], "—", None,
                             f"{sum(counts.values())} files; CPU time leaves out the PDF workers"))
        self.rows.append(report.Row("Peak memory of that build (process tree, sampled)", None, "< 1 GB",
                                    result.peak_tree_bytes < 1 << 30,
                                    f"{result.peak_tree_bytes / 2**20:.0f} MiB (largest single process: "
                                    f"{result.max_child_bytes / 2**20:.0f} MiB)"))
        unchanged = [self.ours(self.content, output, "--no-audio") for _ in range(self.args.repeats)]
        self.rows.append(row("No-change rebuild of everything (CLI)", unchanged, "< 1 s", _median(unchanged) < 1.0, ""))
        edited = []
        for index in range(self.args.repeats):
            with edit_summary(self.content, index):
                edited.append(self.ours(self.content, output, "--no-audio"))
        self.ours(self.content, output, "--no-audio")
        self.rows.append(row("Rebuild after editing one summary, with its leaflets and print sheets (CLI)",
                             edited, "< 1 s", _median(edited) < 1.0, ""))
        warm = self.warm(output, "--no-audio")
        self.rows.append(report.Row("No-change rebuild of everything (warm process)", warm["no_change_all"],
                                    "< 1 s", warm["no_change"] < 1.0, ""))
        self.rows.append(report.Row("Rebuild after editing one summary, everything (warm process)",
                                    warm["edit_all"], "< 1 s", warm["edit"] < 1.0, ""))
        self.load("all rebuilds")

    def audio(self) -> None:
        """Audio on the sample corpus: the same cold build with and without it."""
        self.say("audio on the sample corpus …")
        without = self.ours(self.sample, self.fresh("sample-noaudio"), "--no-audio").seconds
        output = self.fresh("sample-audio")
        with_audio = self.ours(self.sample, output).seconds
        files = manifest_counts(output).get("loudspeaker-audio", 0)
        self.load("audio")
        n = min(self.args.sample, self.args.n)
        per = (with_audio - without) / n
        self.facts["audio"] = {"n": n, "with": with_audio, "without": without, "files": files}
        estimate = self.facts.get("all_seconds", 0) + per * self.args.n
        self.rows.append(report.Row(f"Full cold build of everything with audio ({n} resolutions)", [with_audio],
                                    "—", None, f"{files} audio files; without audio {without:.1f} s; "
                                    f"estimate for {self.args.n}: {estimate:.0f} s"))

    def pdf_baseline(self) -> None:
        self.say("PDF baseline on the sample corpus …")
        argv = [str(PYTHON), str(HERE / "pdf_baseline.py"), "--content", str(self.sample),
                "--jobs", str(self.args.jobs or os.cpu_count() or 1)]
        self.load("pdf baseline")
        result = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=self.code, env=self.env)
        data = json.loads(result.stdout.strip().splitlines()[-1])
        self.facts["pdf"] = data
        bare = data["bare_seconds"] / data["documents"]
        ours = data["ours_seconds"] / data["documents"]
        reused = data["reused_compiler_seconds"] / data["documents"]
        self.rows.append(report.Row(f"PDF cost per document, same {data['documents']} documents, our PdfService "
                                    "vs bare `typst.compile`", [data["ours_seconds"]], "≤ 1.2 × bare",
                                    ours <= 1.2 * bare, f"{ours * 1000:.1f} ms vs {bare * 1000:.1f} ms = "
                                    f"{ours / bare:.2f} ×; {data['compilations_per_document']:.2f} "
                                    "compilations per document; against one reused `typst.Compiler` per worker "
                                    f"({reused * 1000:.1f} ms): {ours / reused:.2f} ×"))
        stages, counts = self.facts.get("all_stages"), self.facts.get("all_counts")
        if stages and counts:
            pdfs = sum(v for k, v in counts.items() if k.startswith(("leaflet", "study")) or k == "loudspeaker-print")
            seconds = stages.get("Leaflets (PDF)", 0) + stages.get("Loudspeaker material", 0)
            in_build = seconds / pdfs
            self.rows.append(report.Row(f"PDF cost per document in the full build ({pdfs} PDFs; leaflet and "
                                        "loudspeaker stages)", [seconds], "≤ 1.2 × bare", in_build <= 1.2 * bare,
                                        f"{in_build * 1000:.1f} ms vs {bare * 1000:.1f} ms = {in_build / bare:.2f} ×; "
                                        f"against a reused compiler: {in_build / reused:.2f} ×"))

    def write(self) -> None:
        self.facts["machine"] = report.machine()
        self.facts["versions"] = report.versions(PYTHON, BENCH_BIN)
        self.facts["date"] = dt.datetime.now().astimezone().isoformat(timespec="minutes")
        text = report.render(self.rows, self.facts)
        previous = self.args.results.read_text(encoding="utf-8") if self.args.results.is_file() else ""
        self.args.results.write_text(report.with_analysis(text, previous), encoding="utf-8")
        print(text)


def snapshot(target: Path) -> None:
    """generator/ and templates/ as they are now, for every run of ours in this benchmark."""
    shutil.rmtree(target, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in ("generator", "templates"):
        shutil.copytree(REPO / part, target / part, ignore=ignore)
    baseline.compile_code(PYTHON, target)


def _median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def row(scenario: str, runs: list[Run], target: str, passed: bool | None, note: str) -> report.Row:
    return report.Row(scenario, [r.seconds for r in runs], target, passed, note, [r.cpu_seconds for r in runs])


def manifest_counts(output: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for artifact in json.loads((output / "manifest.json").read_text(encoding="utf-8"))["artifacts"]:
        counts[artifact["kind"]] = counts.get(artifact["kind"], 0) + 1
    return counts


def stage_times(stderr: str) -> dict[str, float]:
    """The progress lines of a non-terminal build: "Leaflets (PDF): 7.8 s"."""
    return {m.group(1): float(m.group(2)) for line in stderr.splitlines() if (m := STAGE_LINE.match(line.strip()))}


def compare_with_baseline(args: argparse.Namespace) -> None:
    """`--baseline REF`: our scenarios, now against REF (bench/baseline.py)."""
    work = args.work.resolve()
    code = work / "code"
    snapshot(code)
    repeats = args.repeats if args.repeats_given else 5
    print(f"now against {args.baseline}: N = {args.n}, {repeats} runs each, alternated", flush=True)
    before = os.getloadavg()
    now = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True).stdout.strip() + " plus the working tree"      # the code snapshot above
    figures, commit = baseline.compare(REPO, HERE, work, code, PYTHON, args.baseline, args.n, repeats, args.jobs,
                                       not args.skip_pdf, lambda text: print(text, flush=True),
                                       cold_repeats=args.cold_repeats)
    after = os.getloadavg()
    load = f"{'/'.join(f'{x:.1f}' for x in before)} at the start, {'/'.join(f'{x:.1f}' for x in after)} at the end"
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    block = baseline.table(figures, args.baseline, commit, now, args.n, load, shlex.join(sys.argv[1:]), date)
    baseline.append_block(args.results, block)
    print(block)


def main() -> None:
    parser = argparse.ArgumentParser(description="tuyentruyen against Hugo, Pelican and MkDocs")
    parser.add_argument("--n", type=int, default=1000, help="resolutions in the corpus (default 1000)")
    parser.add_argument("--repeats", type=int, default=None, help="repeats of the cheap scenarios (median; "
                        "default 3, with --baseline 5)")
    parser.add_argument("--sample", type=int, default=40,
                        help="resolutions of the sample corpus for audio and the PDF baseline (default 40)")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for our builds (default: all cores)")
    parser.add_argument("--skip-audio", action="store_true", help="do not measure audio")
    parser.add_argument("--skip-pdf", action="store_true", help="no PDF builds at all (site scenarios only)")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="scratch folder (git-ignored)")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--cold-repeats", type=int, default=1,
                        help="with --baseline: cold builds of everything per side (minutes each; default 1)")
    parser.add_argument("--baseline", metavar="REF", default=None,
                        help="compare with commit REF instead (runs alternated, medians of --repeats, default 5)")
    args = parser.parse_args()
    args.repeats_given, args.repeats = args.repeats is not None, args.repeats or 3
    if args.baseline:
        compare_with_baseline(args)
        return
    bench = Bench(args)
    bench.prepare()
    bench.cold_site_and_others()
    bench.site_rebuilds()
    if not args.skip_pdf:
        bench.cold_all()
        bench.pdf_baseline()
        if not args.skip_audio:
            bench.audio()
    bench.write()


if __name__ == "__main__":
    main()
