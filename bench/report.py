"""bench/RESULTS.md: the machine, the versions, and one table row per scenario."""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path


ANALYSIS_MARKER = "<!-- analysis: written by hand, kept when bench/run.py rewrites the part above -->"


def with_analysis(generated: str, previous: str) -> str:
    """The new results above the marker and everything below it kept as it was; a file
    without the marker is kept whole below it (never lose a hand-written section)."""
    if ANALYSIS_MARKER in previous:
        kept = previous.split(ANALYSIS_MARKER, 1)[1]
    else:
        kept = "\n\n" + previous if previous.strip() else "\n"
    return generated + "\n" + ANALYSIS_MARKER + kept


@dataclass(frozen=True)
class Row:
    scenario: str
    times: list[float] | None          # seconds of each repetition (None: not a time)
    target: str
    passed: bool | None                # None: no target
    note: str
    cpu: list[float] | None = None     # CPU seconds (user + system) of each repetition, where measured


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": str(os.cpu_count()), "ram": f"{mem / 2**20:.1f} GiB",
            "os": f"{platform.system()} {platform.release()}"}


def _output(argv: list[str]) -> str:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
    except OSError:
        return "?"
    return (result.stdout or result.stderr).strip().splitlines()[-1] if (result.stdout or result.stderr) else "?"


def versions(python: Path, bench_bin: Path) -> dict[str, str]:
    import others
    meta = ("import importlib.metadata as m, sys; print(sys.version.split()[0], m.version('tuyentruyen'), "
            "m.version('typst'), m.version('jinja2'), m.version('markdown'))")
    py, ours, typst, jinja, markdown = _output([str(python), "-c", meta]).split()
    commit = _output(["git", "-C", str(python.parent.parent.parent), "rev-parse", "--short", "HEAD"])
    hugo = _output([others._hugo_binary(bench_bin), "version"]).split()[1]
    return {"python": py, "tuyentruyen": f"{ours} (commit {commit} plus the working tree)", "typst (typst-py)": typst,
            "jinja2": jinja, "markdown": markdown, "hugo": hugo,
            "pelican": _output([str(bench_bin / "pelican"), "--version"]),
            "mkdocs": _output([str(bench_bin / "mkdocs"), "--version"]).split(" from ")[0].split()[-1]}


def _seconds(row: Row) -> str:
    if not row.times:
        return "—"
    if len(row.times) == 1:
        return f"{row.times[0]:.2f}"
    return f"**{statistics.median(row.times):.2f}** ({', '.join(f'{t:.2f}' for t in row.times)})"


def _cpu(row: Row) -> str:
    return f"{statistics.median(row.cpu):.2f}" if row.cpu else "—"


def _verdict(row: Row) -> str:
    return "—" if row.passed is None else ("✅ pass" if row.passed else "❌ miss")


def render(rows: list[Row], facts: dict) -> str:
    m, v = facts["machine"], facts["versions"]
    lines = [
        "# Benchmark results", "",
        "Written by `bench/run.py` (see README: *Benchmark*). Times are wall-clock seconds, each a median of "
        "the repetitions shown in brackets; every command is a new process (`tuyentruyen build …`, `hugo …`) "
        "unless the row says *warm process* (the rebuild inside one running Python process, which is what "
        "`tuyentruyen serve` does).", "",
        "## Machine and versions", "",
        f"- date: {facts['date']}",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM, {m['os']}",
        "- load average (1, 5, 15 min) during the run — the machine was shared with other engineers' test runs: "
        + "; ".join(f"{label} {a:.1f}/{b:.1f}/{c:.1f}" for label, (a, b, c) in facts["loads"]),
        "- versions: " + ", ".join(f"{k} {val}" for k, val in v.items()), "",
        "## Corpus", "",
        f"N = {facts['n']} resolutions, synthetic Vietnamese from word lists (`bench/corpus.py`), about "
        f"{facts.get('words', 0):.0f} words each with the three sections; {facts.get('translated', 0)} have a Hmong "
        f"translation; Hmong uses `fallback: source`, so the site has {facts.get('pages', 0)} resolution pages "
        "(plus lists by kind, level, topic and year, browse, search, feeds, calendar …). Hugo, Pelican and MkDocs "
        "build the same texts with minimal templates: one page per resolution and language "
        f"({facts.get('pages', 0)}) and a home list, no taxonomies or feeds (`bench/others.py`).", "",
        "## Results", "",
        "| scenario | seconds | CPU s | target | result | notes |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {r.scenario} | {_seconds(r)} | {_cpu(r)} | {r.target} | {_verdict(r)} | {r.note} |" for r in rows]
    cold = facts.get("cold")
    if cold:
        ours = statistics.median(cold["ours"][0])
        lines += ["", "## Cold site build against the other tools", "",
                  "| tool | seconds (median) | repetitions | CPU s (median) | ours as a ratio to it (wall, CPU) |",
                  "| --- | --- | --- | --- | --- |"]
        ours_cpu = statistics.median(cold["ours"][1])
        for name, (times, cpu) in cold.items():
            wall, used = statistics.median(times), statistics.median(cpu)
            lines.append(f"| {'tuyentruyen `--only site`' if name == 'ours' else name} | {wall:.2f} | "
                         f"{', '.join(f'{t:.2f}' for t in times)} | {used:.2f} | {ours / wall:.2f}, "
                         f"{ours_cpu / used:.2f} |")
    if facts.get("all_counts"):
        lines += ["", "## The full build (no audio)", "",
                  "Files by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(facts["all_counts"].items())) + ".",
                  "", "Stage times: " + ", ".join(f"{k} {s:.1f} s" for k, s in facts.get("all_stages", {}).items())
                  + "."]
    if facts.get("pdf"):
        p = facts["pdf"]
        lines += ["", "## PDF baseline", "",
                  f"{p['documents']} documents of the sample corpus ({', '.join(f'{k} {n}' for k, n in p['kinds'].items())}), "
                  f"{p['workers']} worker processes on both sides, best of three runs each, taken in turns. *Bare*: one "
                  "`typst.compile` per document of the same template with the inputs our renderer ends with "
                  "(final type size and layout), fonts loaded once per worker. *Ours*: `PdfService.render_all` "
                  "without a cache, i.e. with the fitting search (compilations per document shown) and the "
                  f"end-marker queries: bare {p['bare_seconds']:.2f} s, ours {p['ours_seconds']:.2f} s. A stricter "
                  "baseline keeps one `typst.Compiler` per worker for all its documents (Typst then reuses its "
                  f"caches, as our renderer does): {p['reused_compiler_seconds']:.2f} s."]
    if facts.get("audio"):
        a = facts["audio"]
        lines += ["", "## Audio", "",
                  f"Measured on the first {a['n']} resolutions of the corpus (espeak-ng + sox take seconds per "
                  f"script): {a['files']} audio files; cold build with audio {a['with']:.1f} s, without "
                  f"{a['without']:.1f} s. Only Vietnamese has an espeak-ng voice; Hmong scripts get none."]
    if facts.get("notes"):
        lines += ["", "## Notes", "", *facts["notes"]]
    return "\n".join(lines) + "\n"
