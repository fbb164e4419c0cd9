"""A slide as plain data, shared by kit.py (which decides it) and pptx_slides.py (which draws it,
also in a PDF worker: this module imports nothing of the build)."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Sequence

BODY_PT = 24                    # the body text's size, never less (kit.py's line estimate counts on it)


@dataclass(frozen=True)
class Bullet:
    number: int | None          # the point's number in its section; None: a continuation
    text: str


@dataclass(frozen=True)
class Slide:
    kind: str                   # title | points | questions
    title: str
    bullets: tuple[Bullet, ...] = ()
    subtitle: tuple[str, ...] = ()
    notes: str = ""

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Slide:
        """A slide back from its JSON (dataclasses.asdict, as a PDF worker receives it)."""
        return cls(data["kind"], data["title"], tuple(Bullet(b["number"], b["text"]) for b in data["bullets"]),
                   tuple(data["subtitle"]), data["notes"])


def deck_data(slides: Sequence[Slide], title: str, author: str, language: str, day: dt.date) -> dict[str, Any]:
    """pptx_slides.pptx_bytes' arguments as plain data (JSON): what a PDF worker receives
    (pptx_slides.deck_from_data), and what the deck's cache entry is keyed by."""
    return {"slides": [asdict(slide) for slide in slides], "title": title, "author": author,
            "language": language, "day": day.isoformat()}
