"""The lecturer's kit as plain data: the slides (shared by the PPTX and the PDF slides) and
the outline's timing. Deciding what goes on which slide lives here; drawing lives in
pptx_slides.py and templates/lecture/.

A slide holds at most MAX_LINES lines of body text at slide.BODY_PT (24 pt): a point is
estimated at CHARS_PER_LINE characters a line (DejaVu Sans, the widest of the fonts
used, on the 16:9 page), and a point longer than one slide is cut at sentence, then
word, boundaries and continued on the next slide. The notes carry every point's full
text, the in-depth material and the questions and answers.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from ...content.htmltree import to_text
from ...content.model import Resolution, Summary
from ...dates import format_date
from ..leaflet.print_data import DEFAULT_QUESTIONS, LEAFLET_SECTIONS
from ...spoken import count_syllables
from ...vocabulary import SECTION_NAMES
from .slide import Bullet, Slide

MAX_LINES = 7
CHARS_PER_LINE = 52
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+")


@dataclass(frozen=True)
class OutlineRow:
    title: str
    minutes: int
    points: tuple[str, ...]


def point_text(nodes: tuple) -> str:
    return " ".join(to_text(nodes, alt_text=False).split())


def full_text(nodes: tuple) -> str:
    """A point's text with its nested lines, for the notes."""
    return to_text(nodes, alt_text=False)


def lines_of(text: str) -> int:
    return max(1, math.ceil(len(text) / CHARS_PER_LINE))


def pieces_of(text: str, lines: int = MAX_LINES) -> list[str]:
    """`text` cut at sentence (then word) boundaries into pieces of at most `lines` lines."""
    limit = lines * CHARS_PER_LINE
    words: list[str] = []
    for sentence in _SENTENCE.split(text):
        words += sentence.split() + ["\n"]      # "\n": a sentence ends here, a good place to cut
    pieces: list[str] = []
    current: list[str] = []
    last_sentence_end = 0

    def joined(ws: list[str]) -> str:
        return " ".join(w for w in ws if w != "\n")

    for word in words:
        if word == "\n":
            last_sentence_end = len(current)
            continue
        if current and len(joined(current + [word])) > limit:
            cut = last_sentence_end if last_sentence_end else len(current)
            pieces.append(joined(current[:cut]))
            current = current[cut:]
            last_sentence_end = 0
        current.append(word)
    if current:
        pieces.append(joined(current))
    return [p for p in pieces if p]


def section_slides(title: str, points: list[tuple[str, str]], continued: str) -> list[Slide]:
    """(slide text, full text) per point, onto as many slides as MAX_LINES requires."""
    slides: list[Slide] = []
    bullets: list[Bullet] = []
    notes: list[str] = []
    used = 0

    def flush() -> None:
        nonlocal bullets, notes, used
        if bullets:
            shown = title if not slides else f"{title} {continued}"
            slides.append(Slide("points", shown, tuple(bullets), notes="\n\n".join(notes)))
        bullets, notes, used = [], [], 0

    for number, (text, full) in enumerate(points, start=1):
        for index, piece in enumerate(pieces_of(text)):
            need = lines_of(piece)
            if used and used + need > MAX_LINES:
                flush()
            bullets.append(Bullet(number if index == 0 else None, piece))
            if index == 0:
                notes.append(f"{number}. {full}")
            used += need
    flush()
    return slides


def slides(res: Resolution, lang: str, organisation: str, gettext: Callable[[str], str]) -> list[Slide]:
    summary = res.summaries[lang]
    cover_notes = [summary.summary] if summary.summary else []
    deep = summary.section("in_depth")
    if deep is not None:
        cover_notes.append((deep.title or gettext(SECTION_NAMES["in_depth"])).upper())
        cover_notes += [full_text(p.nodes) for p in deep.points]
    result = [Slide("title", summary.title,
                    subtitle=(f"{res.code} · {res.issuer} · {format_date(res.issued)}", organisation),
                    notes="\n\n".join(cover_notes))]
    for key in LEAFLET_SECTIONS:
        section = summary.section(key)
        if section is None:
            continue
        points = [(point_text(p.nodes), full_text(p.nodes)) for p in section.points]
        result += section_slides(section.title or gettext(SECTION_NAMES[key]), points, gettext("(tiếp theo)"))
    asked = discussion_questions(summary, gettext)
    qa_notes = [f"{pair.question}\n{pair.answer_text}" for pair in summary.questions_answers]
    discussion = section_slides(gettext("Thảo luận"), [(q, q) for q in asked], gettext("(tiếp theo)"))
    if discussion and qa_notes:
        last = discussion[-1]
        qa = summary.section("qa")
        heading = (qa.title if qa is not None and qa.title else gettext(SECTION_NAMES["qa"])).upper()
        discussion[-1] = Slide(last.kind, last.title, last.bullets,
                               notes="\n\n".join([last.notes, heading, *qa_notes]))
    return result + [Slide("questions", s.title, s.bullets, notes=s.notes) for s in discussion]


def discussion_questions(summary: Summary, gettext: Callable[[str], str]) -> list[str]:
    """The summary's own discussion questions, else the standard three (as on the study sheet)."""
    section = summary.section("questions")
    if section is not None and section.points:
        return [point_text(p.nodes) for p in section.points]
    return [gettext(q) for q in DEFAULT_QUESTIONS]


INTRODUCTION_MINUTES = 5


def outline(summary: Summary, minutes: int, gettext: Callable[[str], str]) -> list[OutlineRow]:
    """The session's parts: an introduction, the three sections with minutes in proportion
    to their reading time (largest remainders, at least one minute each), and discussion
    (a third of the session)."""
    discussion = round(minutes / 3)
    sections = [summary.section(key) for key in LEAFLET_SECTIONS]
    sections = [s for s in sections if s is not None]
    weights = [sum(count_syllables(point_text(p.nodes)) for p in s.points) or 1 for s in sections]
    share = distribute(minutes - INTRODUCTION_MINUTES - discussion, weights)
    rows = [OutlineRow(gettext("Giới thiệu văn bản"), INTRODUCTION_MINUTES,
                       (summary.summary,) if summary.summary else ())]
    for section, key_minutes in zip(sections, share):
        rows.append(OutlineRow(section.title or gettext(SECTION_NAMES[section.key]), key_minutes,
                               tuple(point_text(p.nodes) for p in section.points)))
    rows.append(OutlineRow(gettext("Thảo luận, giải đáp thắc mắc"), discussion,
                           tuple(discussion_questions(summary, gettext))
                           + tuple(pair.question for pair in summary.questions_answers if pair.question)))
    return rows


def distribute(total: int, weights: list[int]) -> list[int]:
    """`total` minutes split in proportion to `weights`, whole minutes, at least 1 each, summing to total."""
    if not weights:
        return []
    spare = total - len(weights)
    exact = [spare * w / sum(weights) for w in weights]
    whole = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - whole[i], reverse=True)
    for i in order[: spare - sum(whole)]:
        whole[i] += 1
    return [1 + w for w in whole]
