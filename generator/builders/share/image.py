"""Draw the 1200×630 share image (Open Graph) of a resolution with Pillow.

A dark red band with the organisation, a line with kind, code and date, the
title as large as fits, and the site at the bottom: black on white, legible as
a phone-sized thumbnail. The title's font size steps down until the text fits
its box; only a title that does not fit at the smallest size is ellipsized
(the caller warns). Same card → same bytes: no clock, no metadata in the PNG.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ...changes import Identity, file_identity
from ...fonts import FontPair
from ..text_line import ELLIPSIS, with_ellipsis, wrap

if TYPE_CHECKING:       # Pillow is imported where a card is drawn: the site reads only the sizes here
    from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630          # what Facebook and Zalo ask for (1.91:1)
MARGIN = 64
INK = (17, 17, 17)
PAPER = (255, 255, 255)
RED = (155, 28, 28)                # white on it: contrast 7.5:1
GREY = (68, 68, 68)
LINE_PITCH = 1.22                  # line height as a multiple of the font size
INK_DEPTH = 1.2                    # how far a line reaches below its top (DejaVu: ascent + descent)
NOTDEF_PROBE = "\U0010fffd"        # a private-use code point no font maps: renders as .notdef


@dataclass(frozen=True)
class Card:
    """What the image shows, already in the page's language."""

    organisation: str
    headline: str      # kind, code and date
    title: str
    site_title: str
    address: str       # the site's address without the scheme


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Fitted:
    font: ImageFont.FreeTypeFont
    size: int
    lines: tuple[str, ...]
    ellipsized: bool

    @property
    def pitch(self) -> int:
        return round(self.size * LINE_PITCH)


@dataclass(frozen=True)
class Drawing:
    png: bytes
    title_size: int
    ellipsized: tuple[str, ...]        # which parts ('title', 'organisation' …) had to be cut
    missing_glyphs: str                # characters the font has no glyph for


# Where each part goes and the range of sizes it may take (largest first).
BAND = Box(0, 0, WIDTH, 132)
ORGANISATION = Box(MARGIN, 18, WIDTH - 2 * MARGIN, 96)
HEADLINE = Box(MARGIN, 160, WIDTH - 2 * MARGIN, 44)
TITLE = Box(MARGIN, 222, WIDTH - 2 * MARGIN, 312)
RULE_Y = 552
FOOTER = Box(MARGIN, 568, WIDTH - 2 * MARGIN, 40)
SIZES = {"organisation": (34, 20), "headline": (36, 24), "title": (76, 34), "footer": (26, 18)}


def draw_card(card: Card, fonts: FontPair) -> Drawing:
    from PIL import Image, ImageDraw
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((BAND.x, BAND.y, BAND.width - 1, BAND.height - 1), fill=RED)
    parts = {
        "organisation": (fit(card.organisation, fonts.bold, ORGANISATION, *SIZES["organisation"]), ORGANISATION, PAPER),
        "headline": (fit(card.headline, fonts.bold, HEADLINE, *SIZES["headline"]), HEADLINE, RED),
        "title": (fit(card.title, fonts.bold, TITLE, *SIZES["title"]), TITLE, INK),
    }
    for fitted, box, colour in parts.values():
        draw_lines(draw, fitted, box, colour, centre=box is not HEADLINE)
    draw.rectangle((MARGIN, RULE_Y, WIDTH - MARGIN, RULE_Y + 2), fill=RED)
    footer = draw_footer(draw, card, fonts)
    cut = tuple(name for name, (fitted, _, _) in parts.items() if fitted.ellipsized) + footer
    missing = "".join(sorted(set(missing_glyphs(fonts.bold, card.organisation + card.headline + card.title)
                                 + missing_glyphs(fonts.regular, card.site_title + card.address))))
    return Drawing(png_bytes(image), parts["title"][0].size, cut, missing)


def draw_footer(draw: ImageDraw.ImageDraw, card: Card, fonts: FontPair) -> tuple[str, ...]:
    """The site's address on the right, its title in the room left of it."""
    largest, smallest = SIZES["footer"]
    address = fit(card.address, fonts.regular, Box(0, 0, FOOTER.width // 2, FOOTER.height), largest, smallest, 1)
    address_width = round(address.font.getlength(address.lines[0])) if address.lines else 0
    room = FOOTER.width - address_width - (40 if address_width else 0)
    title = fit(card.site_title, fonts.regular, Box(0, 0, room, FOOTER.height), address.size, smallest, 1)
    draw_lines(draw, title, FOOTER, GREY, centre=False)
    if address.lines:
        draw.text((FOOTER.x + FOOTER.width, FOOTER.y), address.lines[0], font=address.font, fill=GREY, anchor="ra")
    return tuple(name for name, f in (("site_title", title), ("address", address)) if f.ellipsized)


def draw_lines(draw: ImageDraw.ImageDraw, fitted: Fitted, box: Box, colour: tuple[int, int, int],
               centre: bool) -> None:
    """Lines from the box's top, or centred vertically in it."""
    used = fitted.pitch * (len(fitted.lines) - 1) + round(fitted.size * INK_DEPTH)
    y = box.y + (max(0, box.height - used) // 2 if centre else 0)
    for line in fitted.lines:
        draw.text((box.x, y), line, font=fitted.font, fill=colour, anchor="la")
        y += fitted.pitch


def fit(text: str, font_path: Path, box: Box, largest: int, smallest: int, max_lines: int | None = None) -> Fitted:
    """The largest size (in steps of 2 px) at which `text`, wrapped at word boundaries, fits the box;
    at the smallest size, the lines that fit with the last one ellipsized."""
    text = " ".join(text.split())
    for size in range(largest, smallest - 1, -2):
        font = load_font(font_path, size)
        room = lines_in(box.height, size, max_lines)
        lines = wrap(text, font, box.width)
        if len(lines) <= room and all(font.getlength(line) <= box.width for line in lines):
            return Fitted(font, size, tuple(lines), False)
    font = load_font(font_path, smallest)
    lines = wrap(text, font, box.width)
    kept = lines[: lines_in(box.height, smallest, max_lines)]
    if len(kept) < len(lines):
        kept[-1] = ellipsize(kept[-1], font, box.width)
    kept = [line if font.getlength(line) <= box.width else ellipsize(line, font, box.width) for line in kept]
    return Fitted(font, smallest, tuple(kept), True)


def lines_in(height: int, size: int, max_lines: int | None) -> int:
    room = max(1, 1 + (height - round(size * INK_DEPTH)) // round(size * LINE_PITCH))
    return min(room, max_lines) if max_lines else room


def ellipsize(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """Drop whole words (a single overlong word: characters) until the line and '…' fit."""
    words = line.split(" ")
    while len(words) > 1 and font.getlength(" ".join(words) + ELLIPSIS) > width:
        words.pop()
    text = " ".join(words)
    while len(text) > 1 and font.getlength(with_ellipsis(text)) > width:
        text = text[:-1]
    return with_ellipsis(text)


def missing_glyphs(font_path: Path, text: str) -> str:
    """The characters of `text` that the font draws as its .notdef box (tofu)."""
    font = load_font(font_path, 32)
    notdef = _notdef_signature(font_path, file_identity(font_path))
    return "".join(sorted(ch for ch in set(text) if not ch.isspace() and _mask_signature(font, ch) == notdef))


@lru_cache(maxsize=8)
def _notdef_signature(font_path: Path, identity: Identity) -> tuple:
    """The font's .notdef box, drawn once per font file rather than per card."""
    return _mask_signature(_font(font_path, identity, 32), NOTDEF_PROBE)


def _mask_signature(font: ImageFont.FreeTypeFont, ch: str) -> tuple:
    mask = font.getmask(ch)
    return mask.size, bytes(mask)


def load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return _font(path, file_identity(path), size)


# Kept per file identity, not per path: serve's process outlives a site's font replaced in place.
@lru_cache(maxsize=64)
def _font(path: Path, identity: Identity, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont
    return ImageFont.truetype(str(path), size)


def png_bytes(image: Image.Image) -> bytes:
    """A palette PNG (text in few colours compresses well) with no text chunks and no time stamp;
    the fast quantizer and zlib level 6 keep a redraw quick in `serve` (~60 ms, ~30 KB)."""
    from PIL import Image
    buffer = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        buffer, "PNG", compress_level=6)
    return buffer.getvalue()
