"""The build's last line: what was made, in the editor's words ("27 tệp tờ rơi (A4, A5, gấp ba)"),
not the manifest's kinds (which stay as they are: they are public, read by other programs).

Each kind a builder writes (`Builder.kinds`) belongs to one group below; the words of each group
are in messages/diagnostics.yaml (`files-<group>`, vi and en). tests/test_build_summary.py checks
that every kind of every registered builder has a group.
"""
from __future__ import annotations

from typing import Mapping

from .diagnostics import counted, message

# The groups in the order the editor reads them: what is printed and handed out first.
GROUPS: dict[str, tuple[str, ...]] = {
    "web-pages": ("page", "home", "list", "glossary", "free-page", "calendar", "search", "not-found"),
    "leaflets": ("leaflet-a4", "leaflet-a5", "leaflet-trifold"),
    "study-sheets": ("study-sheet",),
    "briefs": ("brief-a5", "brief-text"),
    "qa-sheets": ("qa-sheet",),
    "loudspeaker": ("loudspeaker-text", "loudspeaker-print", "brief-loudspeaker-text", "brief-loudspeaker-print"),
    "audio": ("loudspeaker-audio", "loudspeaker-audio-opus", "brief-loudspeaker-audio",
              "brief-loudspeaker-audio-opus"),
    "lecture": ("slides-pptx", "slides-pdf", "outline"),
    "broadcast": ("broadcast-schedule", "broadcast-log", "playlist", "broadcast-ics"),
    "share": ("share-image", "share-text"),
    "images": ("image", "print-image", "attachment"),
    # What a reader never opens by name: the machinery of the site.
    "other": ("calendar-ics", "feed", "sitemap", "robots", "search-index", "script", "stylesheet", "icon"),
}
GROUP_OF: dict[str, str] = {kind: group for group, kinds in GROUPS.items() for kind in kinds}


def files_in_words(counts: Mapping[str, int], lang: str = "vi") -> str:
    """`counts` (manifest kind → files) as "70 trang web, 27 tệp tờ rơi (A4, A5, gấp ba), …"
    ("không có tệp nào" for none). A kind no group names yet is counted with the other files, never left out."""
    totals: dict[str, int] = {}
    for kind, count in counts.items():
        group = GROUP_OF.get(kind, "other")
        totals[group] = totals.get(group, 0) + count
    return ", ".join(counted(f"files-{group}", lang, totals[group], digits=_digits(totals[group]))
                     for group in GROUPS if totals.get(group)) or message("files-none", lang)


def _digits(number: int) -> str:
    """1500 → "1 500": thousands apart by a space, read the same in Vietnamese and English."""
    return f"{number:,}".replace(",", " ")
