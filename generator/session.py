"""The build session: everything a build remembers for the next one.

`serve` holds one session for its life, so an edit re-reads and rebuilds only
what changed; each CLI run makes a new one. Nothing else keeps state between
builds: modules hold only constants, registries filled while they are
imported, and caches of pure functions of their arguments (a test checks it).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .changes import ChangeDetector
from .machinery.tree_cache import SavedTreeMemo


@dataclass(eq=False)
class BuildSession:
    """One per process that builds: the owners of each memo say what it holds."""

    changes: ChangeDetector = field(default_factory=ChangeDetector)   # "is this unchanged?"
    trees: SavedTreeMemo = field(default_factory=SavedTreeMemo)       # rendered Markdown (machinery/tree_cache.py)
    # load.py: folder → (its signature, site.yaml's hash, what loading it gave)
    loaded: dict[str, tuple[tuple, str, tuple[Any, list[Any]]]] = field(default_factory=dict)
    glossaries: dict[Path, Any] = field(default_factory=dict)        # content folder → the last glossary
    reviewed: dict[Path, tuple] = field(default_factory=dict)        # translations/translation_review.py: folder → review
    review_rules: dict[str, Any] = field(default_factory=dict)       # review_schedule.py: site.yaml's hash → its rules
    calendar_views: dict[str, tuple] = field(default_factory=dict)   # builders/calendar/: lang → view
    search_postings: dict[str, Any] = field(default_factory=dict)    # builders/search/: lang → postings (saved.py)
    pdf_pools: dict[tuple, Any] = field(default_factory=dict)        # builders/pdf_jobs.py: kept worker pools
    pdf_renderer: Any = None            # builders/pdf_jobs.py: the renderer of PDFs made in this process (fonts loaded)
    print_worker: Any = None            # builders/pdf_jobs.py: a CLI build's early PDF worker, for the few PDFs of an edit
    audio_programs: Any = None          # builders/loudspeaker/audio.py: what this machine's audio programs can do
    # builders/qr_codes.py: distribution → its installed version (machinery/installed.py), read once
    library_versions: dict[str, str] = field(default_factory=dict)
    # builders/qr_codes.py: (cache folder, page) → (key, code) drawn, kept once the builders are done
    drawn_codes: dict[tuple[Path, str], tuple[bytes, str]] = field(default_factory=dict)
    # How many times the loader read folders anew, and that count when the session was last
    # saved or restored (session_store.py writes the file only after new reads).
    reads: int = 0
    saved_reads: int = -1
    # session_store.py: folder → (the loader's entry, the review's entry, their saved form), and
    # cache folder → the pack its saved session's heavy parts are in
    saved_entries: dict[str, tuple[Any, Any, Any]] = field(default_factory=dict)
    store_packs: dict[Path, Any] = field(default_factory=dict)

    def close(self) -> None:
        """Stop what the session keeps running (PDF worker processes)."""
        if self.print_worker is not None:
            self.print_worker.stop(wait=True)
            self.print_worker = None
        for key in list(self.pdf_pools):
            self.pdf_pools[key].shutdown(cancel_futures=True)
            del self.pdf_pools[key]         # only now: one a Ctrl+C stopped shutting down is still found
