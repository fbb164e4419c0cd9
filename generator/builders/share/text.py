"""The ready-to-paste post for Zalo and Facebook: title, three new points, the page's address, hashtags.

Length: at most LIMIT characters (Unicode code points of the text as pasted,
a line break counting as one). Facebook shows about 480 characters of a post
before "See more" on a computer and fewer on a phone; Zalo folds long posts
too, so 400 keeps the whole post, address and hashtags included, visible
without a tap. When the post is longer, lines are shortened by whole words
(ending in "…"): first the new points down to POINT_FLOOR characters, then
the title down to TITLE_FLOOR, then every line down to a few words, then
hashtags are dropped from the end. The address is never shortened.

Hashtags: one per topic, from the topic's name in the page's language (as
site.yaml `topics:` names it, else the Vietnamese name, else the slug),
folded to lower-case ASCII without spaces or punctuation: "Chuyển đổi số" →
#chuyendoiso. That is how Vietnamese pages tag posts, and it is what people
type on a phone keyboard without diacritics.

The wording lives in templates/share/share-text.txt; this module only
chooses and shortens the pieces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

from ...textfold import fold
from ..text_line import Line

LIMIT = 400
POINT_LINES = 3
POINT_START = 110      # a "short line": points are cut to this before anything is measured
POINT_FLOOR = 50
TITLE_FLOOR = 100
LINE_FLOOR = 24

_NOT_TAG = re.compile(r"[^a-z0-9]")


@dataclass(frozen=True)
class Post:
    title: Line
    points: tuple[Line, ...]
    hashtags: tuple[str, ...]
    fields: dict = field(default_factory=dict)     # anything else the template shows, as is


@dataclass(frozen=True)
class ShareText:
    text: str
    fits: bool          # False: even at its shortest the post is longer than the limit


def hashtag(name: str) -> str:
    """'Chuyển đổi số' → '#chuyendoiso'; '' when nothing ASCII is left."""
    folded = _NOT_TAG.sub("", fold(name))
    return f"#{folded}" if folded else ""


def hashtags(names: Iterable[str]) -> tuple[str, ...]:
    tags: list[str] = []
    for name in names:
        tag = hashtag(name)
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def compose(render: Callable[[dict], str], title: str, points: Sequence[str], tags: Sequence[str],
            limit: int = LIMIT, **fields: object) -> ShareText:
    """Render the post, shortening it until it is at most `limit` characters long."""
    post = Post(Line.of(title), tuple(Line.of(p).shortened_to(POINT_START) for p in points[:POINT_LINES]),
                tuple(tags), fields)
    draw = lambda p: _render(render, p)   # noqa: E731
    for which, floor in (("points", POINT_FLOOR), ("title", TITLE_FLOOR), ("all", LINE_FLOOR)):
        while len(draw(post)) > limit:
            shorter = _shorten_longest(post, which, floor)
            if shorter is None:
                break
            post = shorter
    while len(draw(post)) > limit and post.hashtags:
        post = replace(post, hashtags=post.hashtags[:-1])
    text = draw(post)
    return ShareText(text, len(text) <= limit)


def _render(render: Callable[[dict], str], post: Post) -> str:
    text = render({**post.fields, "title": post.title.text, "points": [p.text for p in post.points],
                   "hashtags": list(post.hashtags)})
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _shorten_longest(post: Post, which: str, floor: int) -> Post | None:
    """The post with its longest shortenable line (among `which`) one word shorter; None if none is left."""
    candidates: list[tuple[int, int]] = []      # (length, index: -1 = title)
    if which in ("title", "all"):
        candidates.append((len(post.title.text), -1))
    if which in ("points", "all"):
        candidates += [(len(p.text), i) for i, p in enumerate(post.points)]
    lines = {i: (post.title if i == -1 else post.points[i]) for _, i in candidates}
    candidates = [(n, i) for n, i in candidates if n > floor and len(lines[i].words) > 1]
    if not candidates:
        return None
    _, index = max(candidates)
    if index == -1:
        return replace(post, title=post.title.shorter())
    points = list(post.points)
    points[index] = points[index].shorter()
    return replace(post, points=tuple(points))
