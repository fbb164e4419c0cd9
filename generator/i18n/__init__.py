"""The site's own words (UI strings) per language, from gettext catalogs.

Templates and Python mark Vietnamese source strings with _() / N_(). Each
language has a `.po` catalog (generator/i18n/locale/<lang>.po, or the site's
own content/i18n/<lang>.po, which wins); catalogs are compiled with Babel in
memory when the build starts. The shipped catalogs come compiled already
(locale/compiled.json, made by `python -m generator.i18n.extract`), each used
while its .po has the bytes it was compiled from: Babel's import and reading
took 0.02 CPU s of every process that renders pages. A message missing from a
catalog falls back to the Vietnamese source, never to a blank, and is listed by
`missing_messages`.
"""
from __future__ import annotations

import base64
import gettext
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..changes import Identity, file_identity
from .. import shipped_data

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

CATALOG_DIR = Path(__file__).parent / "locale"
COMPILED = "compiled.json"          # in CATALOG_DIR: the shipped catalogs compiled (write_compiled)
SOURCE_LANGUAGE = "vi"


def catalog_path(lang: str, content_dir: Path | None = None) -> Path | None:
    """The site's own catalog if it has one, else the one shipped with tuyentruyen."""
    candidates = [Path(content_dir) / "i18n" / f"{lang}.po"] if content_dir else []
    candidates.append(CATALOG_DIR / f"{lang}.po")
    return next((p for p in candidates if p.is_file()), None)


# Catalogs by path and file identity (changes.file_identity: the same file, unchanged), so an
# edited catalog is read again: caches of pure functions of their arguments.
@lru_cache(maxsize=None)
def _read_catalog(path: Path, identity: Identity) -> Catalog:
    from babel.messages.pofile import read_po     # here: the loader imports this module, and reads no catalog
    with path.open("rb") as handle:
        return read_po(handle)


def read_catalog(lang: str, content_dir: Path | None = None) -> Catalog | None:
    path = catalog_path(lang, content_dir)
    return _read_catalog(path, file_identity(path)) if path else None


def translations_for(lang: str, content_dir: Path | None = None) -> gettext.NullTranslations:
    """Compiled catalog for `lang`; untranslated and fuzzy entries give the Vietnamese source."""
    path = catalog_path(lang, content_dir)
    if path is None:
        return gettext.NullTranslations()
    return _compiled(path, file_identity(path))


@lru_cache(maxsize=None)
def _compiled(path: Path, identity: Identity) -> gettext.NullTranslations:
    shipped = _shipped(path, identity)
    return gettext.GNUTranslations(io.BytesIO(base64.b64decode(shipped["mo"]) if shipped else _mo(path, identity)))


def _mo(path: Path, identity: Identity) -> bytes:
    """The catalog compiled as gettext reads it (fuzzy translations left out)."""
    from babel.messages.mofile import write_mo
    buffer = io.BytesIO()
    write_mo(buffer, _read_catalog(path, identity), use_fuzzy=False)
    return buffer.getvalue()


@lru_cache(maxsize=None)
def _shipped(path: Path, identity: Identity) -> dict | None:
    """The shipped catalog at `path` as compiled.json holds it, if it was compiled from these
    very bytes (None: a site's own catalog, or a .po edited since: read with Babel; shipped_data.py)."""
    if path.parent != CATALOG_DIR:
        return None
    index = _compiled_index(*_identity_or_none(CATALOG_DIR / COMPILED))
    return shipped_data.entry_for(index, path.stem, path.read_bytes())


def _identity_or_none(path: Path) -> tuple[Path, Identity | None]:
    try:
        return path, file_identity(path)
    except OSError:
        return path, None


@lru_cache(maxsize=4)
def _compiled_index(path: Path, identity: Identity | None) -> dict:
    return shipped_data.read_index(path) if identity else {}


def write_compiled() -> None:
    """locale/compiled.json from the shipped .po files (after editing them: extract.py calls it):
    for each, the hash of its bytes, the compiled catalog, its messages and those translated."""
    index = {}
    for path in sorted(CATALOG_DIR.glob("*.po")):
        identity = file_identity(path)
        catalog = _read_catalog(path, identity)
        ids = [m.id for m in catalog if m.id]
        if not all(isinstance(i, str) for i in ids):
            continue                    # plural messages: read with Babel
        compiled = base64.b64encode(_mo(path, identity)).decode("ascii")
        index[path.stem] = shipped_data.entry(path.read_bytes(), mo=compiled, ids=sorted(ids),
                                              translated=sorted(_translated(catalog)))
    shipped_data.write_index(CATALOG_DIR / COMPILED, index, sort_keys=True)


def _messages(path: Path, which: str) -> set[str]:
    """The ids (`which` "ids") or the ids translated and not fuzzy ("translated") of a catalog."""
    identity = file_identity(path)
    shipped = _shipped(path, identity)
    if shipped:
        return set(shipped[which])
    catalog = _read_catalog(path, identity)
    return {m.id for m in catalog if m.id} if which == "ids" else _translated(catalog)


def _translated(catalog: Catalog) -> set[str]:
    """The ids a catalog translates (fuzzy translations do not count)."""
    return {m.id for m in catalog if m.id and m.string and not m.fuzzy}


def missing_messages(lang: str, source_ids: set[str], content_dir: Path | None = None) -> list[str]:
    """Source strings that `lang` has no (non-fuzzy) translation for."""
    if lang == SOURCE_LANGUAGE:
        return []
    path = catalog_path(lang, content_dir)
    if path is None:
        return sorted(source_ids)
    return sorted(source_ids - _messages(path, "translated"))


def source_messages() -> set[str]:
    """Every UI string of the default theme: the ids of the shipped Vietnamese catalog
    (kept in step with the templates by `python -m generator.i18n.extract`, checked by a test)."""
    path = catalog_path(SOURCE_LANGUAGE)
    return _messages(path, "ids") if path else set()


def catalog_problems(languages: list[str], content_dir: Path | None = None) -> list:
    """One warning per language whose catalog lacks UI strings (they show in Vietnamese)."""
    from ..diagnostics import warning
    ids = source_messages()
    problems = []
    for lang in languages:
        missing = missing_messages(lang, ids, content_dir)
        if missing:
            shown = ", ".join(f"«{m}»" for m in missing[:5]) + (" …" if len(missing) > 5 else "")
            problems.append(warning(catalog_path(lang, content_dir), None, "catalog-missing", lang=lang,
                                    count=len(missing), examples=shown))
    return problems


_PLACEHOLDER = re.compile(r"%\((\w+)\)")


def catalog_format_problems(languages: list[str], content_dir: Path) -> list:
    """Errors, at their line, for the site's own catalogs (content/i18n/<lang>.po) that the build
    could not use: a file that cannot be read, or a translation whose %(name)s the source does
    not have, or with a stray % (the page would stop building where it says it)."""
    from ..diagnostics import error
    problems = []
    for lang in languages:
        path = catalog_path(lang, content_dir)
        if path is None or path.parent != Path(content_dir) / "i18n":
            continue                    # the catalogs shipped with tuyentruyen are tested
        try:
            catalog = read_catalog(lang, content_dir)
        except (OSError, ValueError) as exc:        # UnicodeDecodeError is a ValueError
            problems.append(error(path, None, "catalog-unreadable", detail=str(exc)))
            continue
        for entry in catalog or ():
            if not entry.id or not entry.string or entry.fuzzy or not isinstance(entry.id, str):
                continue
            names = set(_PLACEHOLDER.findall(entry.id))
            if not names or not isinstance(entry.string, str):
                continue
            try:
                entry.string % {name: 1 for name in names}
            except (KeyError, ValueError, TypeError):
                problems.append(error(path, entry.lineno, "catalog-bad-placeholder", text=entry.string[:80],
                                      names=", ".join(f"%({name})s" for name in sorted(names))))
    return problems

