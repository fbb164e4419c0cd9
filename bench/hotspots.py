"""Profile one build in-process with cProfile and print where the time goes.

    .venv/bin/python bench/hotspots.py --content bench/work/corpus/content --output /tmp/p/output \
        [--only site] [--no-audio] [--rebuild] [--top 30] [--opens] [--save build.prof]

`--rebuild`: build once first (not profiled), then profile the no-change rebuild.
The table lists functions by cumulative time, with the share of the whole build.
`--opens`: also count how often each file is opened during the profiled build
(an audit hook on `open`; jobs=1, so every open is in this process).
`--save FILE`: also write the raw profile (pstats), to ask it more later (callers, callees).
"""
from __future__ import annotations

import argparse
import collections
import cProfile
import io
import pstats
import shutil
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))   # generator/ (PYTHONPATH may name a snapshot)

from generator.builders.base import BuildOptions  # noqa: E402
from generator.cli import CACHE_FOLDER  # noqa: E402
from generator.pipeline import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--only", default=None)
    parser.add_argument("--no-audio", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="profile a no-change rebuild")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"))
    parser.add_argument("--opens", action="store_true", help="count the opens of each file")
    parser.add_argument("--save", type=Path, default=None, help="write the raw profile (pstats) here")
    args = parser.parse_args()
    cache = args.output.resolve().parent / CACHE_FOLDER
    if not args.rebuild:
        shutil.rmtree(args.output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    options = BuildOptions(no_audio=args.no_audio, cache_dir=cache, jobs=1,
                           only=frozenset(args.only.split(",")) if args.only else None)
    if args.rebuild:
        build(args.content, args.output, options)
    opens: collections.Counter[tuple[str, str]] = collections.Counter()
    if args.opens:
        sys.addaudithook(lambda event, details: _count_open(opens, event, details))
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(build, args.content, args.output, options)
    total = time.perf_counter() - started
    if args.save:
        profiler.dump_stats(args.save)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(args.sort).print_stats(args.top)
    print(f"build under the profiler: {total:.2f} s")
    print(out.getvalue())
    if args.opens:
        print(_opens_report(opens))


def _count_open(opens: collections.Counter, event: str, details: tuple) -> None:
    if event == "open" and isinstance(details[0], (str, Path)):
        mode = details[1] or "r"
        opens[(str(details[0]), "write" if any(c in mode for c in "wax+") else "read")] += 1


def _opens_report(opens: collections.Counter) -> str:
    """Files by how often they were opened, per suffix, and the most opened ones."""
    by_times: collections.Counter[tuple[str, str, int]] = collections.Counter()
    for (path, how), times in opens.items():
        by_times[(Path(path).suffix or Path(path).name, how, times)] += 1
    lines = ["opens: suffix, read/write, opens per file: number of files"]
    lines += [f"  {suffix} {how} {times}×: {files}" for (suffix, how, times), files in sorted(by_times.items())]
    lines += ["most opened:"] + [f"  {times}× {how} {path}" for (path, how), times in opens.most_common(15)]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
