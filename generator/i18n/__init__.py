"""Language identity and the site's own words (UI strings) per language.

UI strings in templates are Vietnamese source strings marked with _().
Message catalogs for other languages plug in here (see issue: translations);
a language without a catalog shows the Vietnamese source, never a blank.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

CATALOG_DIR = Path(__file__).parent / "locale"


@lru_cache(maxsize=None)
def translations_for(lang: str) -> gettext.NullTranslations:
    """Compiled catalog for `lang` if one ships, else the Vietnamese source strings."""
    try:
        return gettext.translation("messages", localedir=str(CATALOG_DIR), languages=[lang])
    except OSError:
        return gettext.NullTranslations()
