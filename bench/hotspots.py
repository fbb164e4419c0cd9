"""Profile one build in-process with cProfile and print where the time goes.

    .venv/bin/python bench/hotspots.py --content bench/work/corpus/content --output /tmp/p/output \
        [--only site] [--no-audio] [--rebuild] [--top 30]

`--rebuild`: build once first (not profiled), then profile the no-change rebuild.
The table lists functions by cumulative time, with the share of the whole build.
"""
from __future__ import annotations

import argparse
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
    args = parser.parse_args()
    cache = args.output.resolve().parent / CACHE_FOLDER
    if not args.rebuild:
        shutil.rmtree(args.output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    options = BuildOptions(no_audio=args.no_audio, cache_dir=cache, jobs=1,
                           only=frozenset(args.only.split(",")) if args.only else None)
    if args.rebuild:
        build(args.content, args.output, options)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(build, args.content, args.output, options)
    total = time.perf_counter() - started
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(args.sort).print_stats(args.top)
    print(f"build under the profiler: {total:.2f} s")
    print(out.getvalue())


if __name__ == "__main__":
    main()
