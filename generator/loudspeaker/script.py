"""A loudspeaker script: what the reader says, in spoken form, timed and cut into parts.

Built from a summary (or the editor's own `<lang>.loa.txt`), turned into
spoken form by generator.spoken (a language without a spoken-form table gets
only the language-neutral clean-up), split into short sentences, timed at the
configured rate, and cut at sentence boundaries into parts that fit the slot.

The site's opening and closing frame the script. An editor's own script that
already greets the listeners (its first sentence begins with the same two
words as the opening, e.g. "Kính thưa …") does not get the opening too; one
that already ends like the closing (its last sentence begins like a sentence
of the closing, e.g. "Cảm ơn …") does not get the closing.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .settings import LoudspeakerSettings
from ..content.htmltree import Child, to_text
from ..content.model import Resolution, Summary
from ..spoken import PLAIN, SpokenOptions, count_syllables, has_table, spoken_form
from ..vocabulary import SECTION_NAMES

ORDINALS = {"vi": ("thứ nhất", "thứ hai", "thứ ba", "thứ tư"), "hmn": ("ib", "ob", "peb", "plaub"),
            "en": ("one", "two", "three", "four")}
SECTION_INTRO = {"vi": "Phần {ordinal}: {title}.", "hmn": "Ntu {ordinal}: {title}.", "en": "Part {ordinal}: {title}."}
SCRIPT_SECTIONS = ("key_points", "new_points", "local_application")
# Not before a digit: "No. 29" in a language whose numbers stay digits (spoken Vietnamese has none left).
# A quotation may close the sentence: «… mới." Thời hạn …» ends after the closing quote.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?;…])|(?<=[.!?;…][\"”’»]))\s+(?!\d)|\n+")
_CLOSING = "\"”’»)"
_QUOTES = "\"”’»"
_WORD = re.compile(r"[^\W_]+")

Speaker = Callable[[str], str]     # written text -> spoken form, in one language


@dataclass(frozen=True)
class Part:
    number: int
    total: int
    sentences: tuple[str, ...]
    seconds: float

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


@dataclass(frozen=True)
class Script:
    slug: str
    lang: str
    title: str
    parts: tuple[Part, ...]
    seconds: float
    syllables: int
    sentences: int
    # Sentences a second voice reads where there is one: the questions of the Q&A.
    second_voice: frozenset[str] = frozenset()


def reading_seconds(sentences: Iterable[str], settings: LoudspeakerSettings) -> float:
    """Syllables at the configured rate plus a pause per sentence."""
    sentences = list(sentences)
    return seconds_for(sum(count_syllables(s) for s in sentences), len(sentences), settings)


def seconds_for(syllables: int, sentences: int, settings: LoudspeakerSettings) -> float:
    """reading_seconds from the counts (a caller that keeps running totals)."""
    return syllables * 60.0 / settings.rate + settings.pause * sentences


def format_duration(seconds: float, gettext: Callable[[str], str]) -> str:
    """'3 phút 05 giây' in the language of `gettext` (the UI catalogs hold the units)."""
    minutes, rest = divmod(int(round(seconds)), 60)
    if minutes:
        return gettext("%(minutes)s phút %(seconds)s giây") % {"minutes": minutes, "seconds": f"{rest:02d}"}
    return gettext("%(seconds)s giây") % {"seconds": rest}


def spoken_options(settings: LoudspeakerSettings) -> SpokenOptions:
    # Legacy-encoded snippets are dropped here; `check` reports them to the editor.
    return SpokenOptions(linh_word=settings.linh_word, tu_is_city=settings.centrally_run_city,
                         abbreviations=dict(settings.abbreviations), legacy="drop")


def split_sentences(text: str) -> list[str]:
    """Short sentences: split at . ! ? ; and line breaks; each ends with punctuation."""
    sentences = []
    for piece in _pieces(text):
        piece = " ".join(piece.split()).strip(" ,")
        if not piece or not any(ch.isalnum() for ch in piece):
            continue
        quoted = piece.rstrip(_CLOSING)
        if quoted[-1:] == ";":           # 'Dân bàn;' and '"Dân bàn;"' alike end with a full stop
            piece = quoted[:-1] + "." + piece[len(quoted):]
        elif quoted[-1:] not in tuple(".!?…:"):
            piece += "."
        sentences.append(piece[0].upper() + piece[1:])
    return sentences


def _pieces(text: str) -> Iterator[str]:
    """The text cut at each sentence end, except after a closing quote that the sentence goes on
    past in lower case ('Anh nói: "Được." và đi tiếp')."""
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if text[end.start() - 1] in _QUOTES and "\n" not in end.group(0) and text[end.end():end.end() + 1].islower():
            continue
        yield text[start:end.start()]
        start = end.end()
    yield text[start:]


def summary_texts(summary: Summary, lang: str, gettext: Callable[[str], str]) -> list[str]:
    """The summary as plain text pieces in reading order: title, lead, the three sections."""
    pieces = [summary.title]
    pieces += _block_texts(summary.lead)
    ordinals = ORDINALS.get(lang, ORDINALS["vi"])
    for index, key in enumerate(SCRIPT_SECTIONS):
        section = summary.section(key)
        if section is None:
            continue
        intro = SECTION_INTRO.get(lang, "{title}.")    # no ordinal words known: the title alone
        pieces.append(intro.format(ordinal=ordinals[index], title=section.title or gettext(SECTION_NAMES[key])))
        for point in section.points:
            pieces += _block_texts(point.nodes)
    qa = summary.section("qa")
    if qa is not None:
        intro = SECTION_INTRO.get(lang, "{title}.")
        pieces.append(intro.format(ordinal=ordinals[len(SCRIPT_SECTIONS)],
                                   title=qa.title or gettext(SECTION_NAMES["qa"])))
        for pair in qa.qa:
            pieces += [pair.question] if pair.question else []
            pieces += _block_texts(pair.answer)
    return pieces


def brief_texts(summary: Summary) -> list[str]:
    """The short version as plain text pieces: the title, then each of its points."""
    section = summary.section("brief")
    pieces = [summary.title]
    for point in section.points if section is not None else ():
        pieces += _block_texts(point.nodes)
    return pieces


def _block_texts(nodes: Iterable[Child]) -> list[str]:
    """Each paragraph or list item on its own, images and footnote markers left out: a
    listener cannot see a photo, and its alt text read out would sound like the body."""
    texts: list[str] = []
    for line in to_text(nodes, alt_text=False).split("\n"):
        if line.strip():
            texts.append(line.strip())
    return texts


def speaker(lang: str, settings: LoudspeakerSettings) -> Speaker:
    """Spoken form in `lang` with the site's settings; plain clean-up when `lang` has no table."""
    options = spoken_options(settings)
    table = lang if has_table(lang) else PLAIN
    return lambda text: spoken_form(text, table, options)


def _same_start(sentence: str, model: str) -> bool:
    """Whether `sentence` begins with the same two words as `model` (case and punctuation aside)."""
    first, other = _WORD.findall(sentence.casefold())[:2], _WORD.findall(model.casefold())[:2]
    return len(other) == 2 and first == other


def compose(res: Resolution, lang: str, settings: LoudspeakerSettings, default_lang: str,
            gettext: Callable[[str], str], override: str | None = None, texts: list[str] | None = None) -> Script:
    """The whole script for one resolution and language, cut into parts that fit the slot;
    `texts`: read these pieces instead of the summary (the short version's bulletin)."""
    summary = res.summaries[lang]
    say = speaker(lang, settings)
    station = settings.station
    opening = split_sentences(say(settings.text_for(settings.openings, lang, default_lang, organisation=station)))
    closing = split_sentences(say(settings.text_for(settings.closings, lang, default_lang, organisation=station)))
    if texts is not None:
        pieces = texts
    else:
        pieces = [p for p in override.split("\n\n")] if override is not None else summary_texts(summary, lang, gettext)
    asked = {pair.question for pair in summary.questions_answers} if override is None and texts is None else set()
    body: list[str] = []
    second_voice: set[str] = set()
    for piece in pieces:
        sentences = split_sentences(say(piece))
        body += sentences
        if piece in asked:
            second_voice.update(sentences)
    if override is not None and body:
        # The editor's own greeting or closing words are not doubled by the site's.
        if opening and _same_start(body[0], opening[0]):
            opening = []
        if any(_same_start(body[-1], sentence) for sentence in closing):
            closing = []
    parts = _cut(body, opening, closing, lang, default_lang, settings, say)
    all_sentences = [s for part in parts for s in part.sentences]
    return Script(slug=res.slug, lang=lang, title=summary.title, parts=tuple(parts),
                  seconds=sum(p.seconds for p in parts),
                  syllables=sum(count_syllables(s) for s in all_sentences), sentences=len(all_sentences),
                  second_voice=frozenset(second_voice))


def _cut(body: list[str], opening: list[str], closing: list[str], lang: str, default_lang: str,
         settings: LoudspeakerSettings, say: Speaker) -> list[Part]:
    """Greedy cut at sentence boundaries; each part carries the opening, its number and the closing."""
    whole = opening + body + closing
    if reading_seconds(whole, settings) <= settings.slot_seconds:
        return [Part(1, 1, tuple(whole), reading_seconds(whole, settings))]
    total = max(2, math.ceil(reading_seconds(whole, settings) / settings.slot_seconds))
    while True:
        parts = _pack(body, opening, closing, total, lang, default_lang, settings, say)
        if len(parts) <= total:
            return [Part(i + 1, len(parts), tuple(p), reading_seconds(p, settings)) for i, p in enumerate(parts)]
        total = len(parts)


def _pack(body: list[str], opening: list[str], closing: list[str], total: int, lang: str, default_lang: str,
          settings: LoudspeakerSettings, say: Speaker) -> list[list[str]]:
    parts: list[list[str]] = []
    current: list[str] = []
    headers: dict[int, tuple[list[str], int]] = {}      # part number → its opening lines, their syllables
    # Syllables counted once per sentence and the part's running total kept: recounting each
    # candidate part made a long summary take minutes (the same seconds, from the same counts).
    closing_syllables = sum(count_syllables(s) for s in closing)

    def header(number: int) -> tuple[list[str], int]:
        if number not in headers:
            text = settings.text_for(settings.part_openings, lang, default_lang, number=number, total=total)
            lines = opening + split_sentences(say(text))
            headers[number] = lines, sum(count_syllables(s) for s in lines)
        return headers[number]

    in_current = 0
    for sentence in body:
        head, head_syllables = header(len(parts) + 1)
        syllables = count_syllables(sentence)
        candidate = seconds_for(head_syllables + in_current + syllables + closing_syllables,
                                len(head) + len(current) + 1 + len(closing), settings)
        if current and candidate > settings.slot_seconds:
            parts.append(head + current + closing)
            current, in_current = [], 0
        current.append(sentence)
        in_current += syllables
    if current:
        parts.append(header(len(parts) + 1)[0] + current + closing)
    return parts
