"""Rebuild timings inside one warm process, as `tuyentruyen serve` rebuilds (imports done, caches warm).

Run with the project's interpreter:

    .venv/bin/python bench/warm.py --content DIR --output DIR [--only site] [--no-audio] --edits 3

Builds once (not timed) unless the output is already there, then times a
no-change rebuild and `--edits` rebuilds each after editing one summary.
Prints JSON.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

# generator/ from PYTHONPATH (the benchmark's snapshot of the code) or else from this checkout.
sys.path.append(str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from edits import edit_summary  # noqa: E402
from generator.builders.base import BuildOptions  # noqa: E402
from generator.cli import CACHE_FOLDER  # noqa: E402
from generator.pipeline import build as build_once  # noqa: E402

try:                                # serve's session (an older commit, run by --baseline, kept module memos)
    from generator.session import BuildSession  # noqa: E402
except ImportError:
    BuildSession = None


WORKERS_WARM_UP = 5.0     # seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--only", default=None)
    parser.add_argument("--no-audio", action="store_true")
    parser.add_argument("--edits", type=int, default=3)
    # Other summaries than the CLI runs edited (edits.summary_file): an edit seen before would
    # find its PDFs and share images in the cache.
    parser.add_argument("--first-edit", type=int, default=10)
    args = parser.parse_args()
    # As serve: PDF worker processes kept between builds.
    options = BuildOptions(no_audio=args.no_audio, cache_dir=args.output.resolve().parent / CACHE_FOLDER,
                           only=frozenset(args.only.split(",")) if args.only else None, keep_workers=True)
    session = BuildSession() if BuildSession else None
    if session:                     # as serve: the session stays in memory, not written after each build
        options = replace(options, persist_session=False)

    def build(content: Path, output: Path, options: BuildOptions) -> None:
        build_once(content, output, options, **({"session": session} if session else {}))
    # Warm up as `serve` starts: a real build even if nothing changed (imports, templates, memos).
    build(args.content, args.output, replace(options, warm_up=True))
    # An editor saves a first change seconds after serve starts, not at once: meanwhile the kept
    # PDF workers compile each template once (an edit during those seconds waits for them).
    time.sleep(WORKERS_WARM_UP)
    unchanged = []
    for _ in range(3):
        started = time.perf_counter()
        build(args.content, args.output, options)
        unchanged.append(time.perf_counter() - started)
    edited = []
    for index in range(args.first_edit, args.first_edit + args.edits):
        with edit_summary(args.content, index):
            started = time.perf_counter()
            build(args.content, args.output, options)
            edited.append(time.perf_counter() - started)
    build(args.content, args.output, options)            # leave the output matching the restored content
    if session:
        session.close()
    else:
        from generator.builders.pdf_jobs import close_kept_workers
        close_kept_workers()
    print(json.dumps({"no_change": statistics.median(unchanged), "no_change_all": unchanged,
                      "edit": statistics.median(edited), "edit_all": edited}))


if __name__ == "__main__":
    main()
