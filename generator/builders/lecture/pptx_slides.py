"""The slides as a PowerPoint file (python-pptx), 16:9, black on white.

Arial, which every Windows PC has (LibreOffice uses the metric-compatible
Liberation Sans); body text at slide.BODY_PT or larger, never auto-shrunk, so that
the line estimate in kit.py holds. A heading steps down from its size, never below
BODY_PT, until it fits its box, as measured here. The speaker notes hold slide.Slide.notes.

It imports little of the build (slide.py, the fonts to measure headings): a PDF worker makes
the deck from the job's data (deck_from_data, builders/pdf_worker.py MAKERS), or the building
process when no worker runs.
"""
from __future__ import annotations

import datetime as dt
import gc
import io
import zipfile
from typing import Any, Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ...fonts import BOLD, PACKAGED_DIR
from ..text_line import Line, Measured, wrap
from .slide import BODY_PT, Slide

FONT = "Arial"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
TITLE_PT = 34
INK = RGBColor(0, 0, 0)
SOFT = RGBColor(0x50, 0x50, 0x50)
BLANK_LAYOUT = 6
LINE_HEIGHT = 1.2               # a line's height, in its font size
INSET = Pt(7.2)                 # a text box's inner margins, top and bottom together (and left and right)
HEADING_TOP, HEADING_HEIGHT = Inches(0.4), Inches(1.0)
TITLE_TOP, TITLE_HEIGHT = Inches(1.6), Inches(3.2)
MEASURE_PT = 100                # headings are measured at this size, scaled to theirs
PROPERTY_CHARS = 255            # the most a document property (title, author) holds: a longer one is cut


def pptx_bytes(slides: Sequence[Slide], title: str, author: str, language: str, day: dt.date) -> bytes:
    """The deck; `day` (the material's date) stands for every date in it, never the clock, so the
    same content gives the same bytes."""
    data = _saved_deck(slides, title, author, language, day)
    # python-pptx's parts and package point at each other: a deck is freed only by the cyclic
    # collector, which the build pauses (pipeline._collector_paused). Without this, every deck
    # stayed until the build ended (≈ 2 MiB each: 890 MiB for the 600 decks of 300 resolutions).
    gc.collect(0)
    return _dated_zip(data, day)


def deck_from_data(data: dict[str, Any]) -> bytes:
    """The deck of slide.deck_data's data (a PDF worker's maker: pdf_worker.MAKERS)."""
    return pptx_bytes([Slide.from_data(slide) for slide in data["slides"]], data["title"], data["author"],
                      data["language"], dt.date.fromisoformat(data["day"]))


def _saved_deck(slides: Sequence[Slide], title: str, author: str, language: str, day: dt.date) -> bytes:
    from PIL import ImageFont       # where a deck is made: a site-only build never imports it

    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    props = deck.core_properties
    title, author = (Line.of(text).shortened_to(PROPERTY_CHARS).text for text in (title, author))
    props.title, props.author, props.last_modified_by, props.language = title, author, author, language
    props.created = props.modified = props.last_printed = dt.datetime(day.year, day.month, day.day)
    props.revision = 1
    font = ImageFont.truetype(str(PACKAGED_DIR / BOLD), MEASURE_PT)
    for slide in slides:
        page = deck.slides.add_slide(deck.slide_layouts[BLANK_LAYOUT])
        if slide.kind == "title":
            _title_slide(page, slide, font)
        else:
            _points_slide(page, slide, font)
        if slide.notes:
            page.notes_slide.notes_text_frame.text = slide.notes
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _dated_zip(data: bytes, day: dt.date) -> bytes:
    """The same ZIP with every entry dated `day` (python-pptx stamps them with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            dated = zipfile.ZipInfo(entry.filename, date_time=(day.year, day.month, day.day, 0, 0, 0))
            dated.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(dated, source.read(entry.filename))
    return out.getvalue()


def _box(page, top: Emu, height: Emu):
    frame = page.shapes.add_textbox(MARGIN, top, WIDTH - 2 * MARGIN, height).text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    return frame


def _run(paragraph, text: str, size: int, bold: bool = False, colour: RGBColor = INK) -> None:
    run = paragraph.add_run()
    run.text = text
    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
    run.font.color.rgb = colour


def _title_slide(page, slide: Slide, font: Measured) -> None:
    size, height = _heading_fit(slide.title, TITLE_PT + 2, TITLE_HEIGHT, font)
    height = max(height, TITLE_HEIGHT)
    # A title too long even at BODY_PT grows upward, never over the subtitle.
    frame = _box(page, max(Inches(0.3), TITLE_TOP + TITLE_HEIGHT - height), height)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.CENTER
    _run(paragraph, slide.title, size, bold=True)
    below = _box(page, Inches(5.0), Inches(1.8))
    for index, line in enumerate(slide.subtitle):
        paragraph = below.paragraphs[0] if index == 0 else below.add_paragraph()
        paragraph.alignment = PP_ALIGN.CENTER
        _run(paragraph, line, BODY_PT, colour=SOFT)


def _points_slide(page, slide: Slide, font: Measured) -> None:
    size, height = _heading_fit(slide.title, TITLE_PT, HEADING_HEIGHT, font)
    # A heading of several lines pushes the rule and the body down (the body's box has room to spare).
    height = max(height, HEADING_HEIGHT)
    heading = _box(page, HEADING_TOP, height)
    _run(heading.paragraphs[0], slide.title, size, bold=True)
    rule_y = HEADING_TOP + height + Inches(0.05)
    rule = page.shapes.add_connector(1, MARGIN, rule_y, WIDTH - MARGIN, rule_y)
    rule.line.color.rgb, rule.line.width = INK, Pt(1.5)
    body_top = rule_y + Inches(0.25)
    body = _box(page, body_top, HEIGHT - Inches(0.3) - body_top)
    for index, bullet in enumerate(slide.bullets):
        paragraph = body.paragraphs[0] if index == 0 else body.add_paragraph()
        paragraph.space_after = Pt(8)
        marker = f"{bullet.number}. " if bullet.number is not None else "   "
        _run(paragraph, marker, BODY_PT, bold=True)
        _run(paragraph, bullet.text, BODY_PT)


def _heading_fit(text: str, largest: int, room: Emu, font: Measured) -> tuple[int, Emu]:
    """The largest size, from `largest` down to BODY_PT, at which the `text` fits `room`
    (PowerPoint never shrinks it: a long title would run over what lies below), and the
    height it then takes; at BODY_PT, the height it needs even when that is more."""
    size = largest
    while size - 2 >= BODY_PT and _text_height(text, size, font) > room:
        size -= 2
    return size, _text_height(text, size, font)


def _text_height(text: str, size: int, font: Measured) -> Emu:
    """The bold `text` at `size` across a text box, in lines measured in DejaVu Sans Bold (`font`,
    at MEASURE_PT): wider than Arial, and what LibreOffice draws where Arial is missing."""
    width = (WIDTH - 2 * MARGIN - INSET) / Pt(1) * MEASURE_PT / size
    lines = max(1, len(wrap(text, font, width)))
    return Emu(int(lines * Pt(size) * LINE_HEIGHT + INSET))
