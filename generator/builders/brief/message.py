"""The short version as a message for a village Zalo group: the title, every point of the
short version and the page's address, at most LIMIT characters.

Only the title is shortened (by whole words, ending in "…"): the short version is the
message, and the address is how readers find the rest. When even the shortest title
leaves the message too long, the short version itself is too long (`check` warns).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from ..text_line import Line

LIMIT = 1000


@dataclass(frozen=True)
class Message:
    text: str
    fits: bool


def compose_message(render: Callable[[dict], str], title: str, points: Sequence[str], url: str,
                    limit: int = LIMIT) -> Message:
    line = Line.of(title)

    def draw(current: Line) -> str:
        text = render({"title": current.text, "points": list(points), "url": url})
        return "\n".join(row.rstrip() for row in text.strip().splitlines())

    while len(draw(line)) > limit and len(line.words) > 1:
        line = line.shorter()
    text = draw(line)
    return Message(text, len(text) <= limit)
