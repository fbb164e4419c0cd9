"""Each page's share image kept in the cache folder with the card it shows.

A page's share item is made again whenever its summary changes, but the image shows only the
card (organisation, kind, code, date, title, site): an edit of a point's text leaves it as it
was. Drawing it costs ≈ 0.05 s (Pillow imported, the fonts loaded, the PNG encoded), so an
edited page takes its image back from here when the card, the fonts, Pillow and our code are
those it was drawn with. One sealed file per page (`share-images/<lang>-<slug>`), replaced when
its card changes: the folder holds one image per page, and forked workers never write the same
file. A damaged or missing file is drawn again; a full build removes the images of pages gone
(cache_gc.py).
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ...cache_gc import SHARE_IMAGE_FOLDER
from ...fonts import FontPair
from ...code_hash import code_fingerprint
from ...machinery.buildstate import fingerprint
from ...machinery.cache_seal import read_sealed, write_sealed
from ...machinery.installed import library_version
from .image import Card, Drawing, draw_card

class CardMemo:
    """The share images of one build; `fonts_signature`: the fonts' files as fingerprints know them
    (buildstate.folder_print: where they are and what they hold)."""

    def __init__(self, cache_dir: Path | None, fonts: FontPair, fonts_signature: tuple) -> None:
        self.folder = cache_dir / SHARE_IMAGE_FOLDER if cache_dir is not None else None
        self.fonts = fonts
        self.version = fingerprint(code_fingerprint(), library_version("pillow"), fonts_signature)

    def drawing(self, name: str, card: Card) -> Drawing:
        """The card's image as drawn before for the page `name` (lang-slug: a language code has no
        hyphen, config.LANG_CODE; a slug only [a-z0-9-]), else drawn now and kept."""
        if self.folder is None:
            return draw_card(card, self.fonts)
        key = fingerprint(self.version, asdict(card))
        path = self.folder / name
        kept = _read(path, key)
        if kept is not None:
            return kept
        drawing = draw_card(card, self.fonts)
        head = {"key": key, "title_size": drawing.title_size, "ellipsized": list(drawing.ellipsized),
                "missing_glyphs": drawing.missing_glyphs}
        try:
            write_sealed(path, json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n" + drawing.png)
        except OSError:         # a read-only or full cache only costs time next time
            pass
        return drawing


def _read(path: Path, key: str) -> Drawing | None:
    blob = read_sealed(path)
    if blob is None:
        return None
    head_bytes, _, png = blob.partition(b"\n")
    try:
        head = json.loads(head_bytes)
        if head["key"] != key:
            return None
        return Drawing(png, head["title_size"], tuple(head["ellipsized"]), head["missing_glyphs"])
    except (ValueError, KeyError, TypeError):
        return None
