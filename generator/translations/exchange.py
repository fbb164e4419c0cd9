"""Hand-off to translators: export segments to `.po` and `.csv`, import them back.

Export writes, for one language, every Vietnamese segment of every
resolution with its current translation and status:

- `<lang>.po` for CAT tools (Poedit, OmegaT, Weblate): msgctxt
  `<slug>/<segment id>`, msgid the Vietnamese, msgstr the translation;
  translator comments give the status and the glossary terms the segment
  uses; an outdated segment is `fuzzy` with the Vietnamese it was translated
  from as the previous msgid (`#|`); an extracted comment (`#.`) keeps the
  hash of the translation as exported. Content is not a format string:
  entries with '%' are `no-python-format`, so `msgfmt -c` and Poedit do not
  check them.
- `<lang>.csv` for spreadsheets: UTF-8 with BOM and CRLF so that Excel shows
  Vietnamese correctly; columns `id, lang, status, source, translation,
  previous_source, glossary, source_hash, translation_hash`. A row whose
  status still reads `outdated` and whose translation was not edited stays
  outdated, as a fuzzy `.po` entry does.

Import reads either file back (a CSV saved by Excel with `;` or tabs is
accepted too, and so is its UTF-16 'Unicode Text'), refuses it whole when the Vietnamese has changed since the
export, or when a translation was edited both in the file and in `<lang>.md`
since the export (naming each segment); a translation edited only in
`<lang>.md` since is kept, with a warning. Otherwise it updates the
`<lang>.md` files (update.py) and records the Vietnamese they now translate.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, normalize, read_po, write_po

from ..content.model import Site
from ..content.reader import normalise_text
from ..diagnostics import Problem, error, warning
from ..content.glossary import Glossary
from .segments import text_hash
from .translation_review import OUTDATED, Loaded, align, load_translation
from .update import NewText, TranslationError, Update, plan_update

CSV_COLUMNS = ("id", "lang", "status", "source", "translation", "previous_source", "glossary", "source_hash",
               "translation_hash")
EXPORTED_NOTE = "tuyentruyen: translation_hash="      # the `#.` comment of a .po entry
_EXPORTED = re.compile(re.escape(EXPORTED_NOTE) + r"([0-9a-f]+)")


@dataclass(frozen=True)
class Item:
    """One Vietnamese segment offered to the translator."""

    slug: str
    segment: str
    source: str
    translation: str
    status: str                    # current | outdated | unreviewed | missing
    previous: str | None           # the Vietnamese the translation was made from, when outdated
    terms: tuple[str, ...]         # "Nghị quyết = Nghị quyết", "chuyển đổi số = ?"
    location: tuple[str, int]      # the Vietnamese file (relative to content/) and line

    @property
    def context(self) -> str:
        return f"{self.slug}/{self.segment}"


def collect(site: Site, lang: str) -> list[Item]:
    """Every Vietnamese segment of every resolution, with the `lang` translation and its status."""
    items = []
    for res in site.resolutions:
        loaded = load_translation(res, lang, site.config)
        source_file = res.summaries[site.config.default_language].path
        where = _relative(source_file, site.content_dir)
        for pair in align(loaded.source, loaded.translation, loaded.record):
            if pair.source is None:
                continue
            previous = pair.basis.text if pair.state == OUTDATED and pair.basis is not None else None
            items.append(Item(res.slug, pair.source.id, pair.source.text,
                              pair.translation.text if pair.translation else "", pair.state, previous,
                              _terms(site.glossary, pair.source.text, lang), (where, pair.source.line)))
    return items


def _terms(glossary: Glossary | None, text: str, lang: str) -> tuple[str, ...]:
    if glossary is None:
        return ()
    return tuple(f"{t.source} = {' / '.join(t.forms(lang)) or '?'}" for t in glossary.terms_in(text))


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(Path(base).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# ---------------------------------------------------------------- export

@dataclass(frozen=True)
class Exported:
    po: Path
    csv: Path
    items: tuple[Item, ...]


def export(site: Site, lang: str, folder: Path) -> Exported:
    if lang == site.config.default_language or lang not in site.config.languages:
        raise TranslationError("mark-bad-language", language=lang, languages=", ".join(site.config.language_codes[1:]))
    items = collect(site, lang)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    po_path, csv_path = folder / f"{lang}.po", folder / f"{lang}.csv"
    for path in (po_path, csv_path):
        unimported = _unimported(path, lang, items)
        if unimported:
            raise TranslationError("export-would-overwrite", file=str(path), count=len(unimported), first=unimported[0])
    po_path.write_bytes(_po_bytes(_catalog(site, lang, items), items))
    csv_path.write_bytes(_csv_bytes(items, lang))
    return Exported(po_path, csv_path, tuple(items))


def _unimported(path: Path, lang: str, items: Sequence[Item]) -> list[str]:
    """Segments whose translation in an earlier export at `path` was edited there and differs from
    <lang>.md now: work a re-export would overwrite before it was imported (whitespace aside, as
    import rewraps). The other file of the pair, left as exported, holds none."""
    if not path.is_file():
        return []
    try:
        _, entries = read_exchange(path, lang)
    except (TranslationError, ImportRefused):
        return []          # not a file we can read back: nothing of it could be imported anyway
    current = {item.context: item.translation.split() for item in items}
    return [e.context for e in entries if e.translation and text_hash(e.translation) != e.exported
            and e.translation.split() != current.get(e.context, [])]


def _catalog(site: Site, lang: str, items: Sequence[Item]) -> Catalog:
    name = site.config.languages[lang].name
    header = (f"# Bản dịch tiếng {name} ({lang}) của: {site.config.title}\n"
              f"# Xuất bởi tuyentruyen ngày {dt.date.today().isoformat()}. Dịch ô msgstr; giữ nguyên msgctxt và msgid.\n"
              "# Mục 'fuzzy' là bản dịch cũ của một đoạn tiếng Việt đã sửa (#| là bản tiếng Việt trước đó).\n"
              "# Nhập lại: tuyentruyen translations import <tệp này>")
    try:
        catalog = Catalog(locale=lang, project="tuyentruyen", version=dt.date.today().isoformat(),
                          header_comment=header, fuzzy=False)
    except (UnknownLocaleError, ValueError):
        catalog = Catalog(project="tuyentruyen", version=dt.date.today().isoformat(), header_comment=header,
                          fuzzy=False)
    for item in items:
        comments = [f"trạng thái / status: {item.status}"]
        if item.terms:
            comments.append("thuật ngữ / glossary: " + "; ".join(item.terms))
        message = catalog.add(item.source, item.translation, locations=[item.location], user_comments=comments,
                              auto_comments=[EXPORTED_NOTE + text_hash(item.translation)],
                              flags=("fuzzy",) if item.status == OUTDATED else (), context=item.context)
        if "python-format" in message.flags:     # Babel's guess from a '%' in the text
            message.flags.discard("python-format")
            message.flags.add("no-python-format")
    return catalog


def _po_bytes(catalog: Catalog, items: Sequence[Item]) -> bytes:
    """The catalog as a .po file, with each outdated entry's previous msgid (`#|`) before its msgctxt.

    Babel's own `include_previous` re-wraps that msgid as comment text, which breaks
    a multi-line one into lines msgfmt rejects; here it is quoted line by line as gettext does.
    """
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=False)
    previous = {f"msgctxt {normalize(item.context, width=0)}": item.previous for item in items if item.previous}
    lines = []
    for line in buffer.getvalue().decode("utf-8").split("\n"):
        if line in previous:
            quoted = normalize(previous[line], width=0).split("\n")
            lines += [f"#| msgid {quoted[0]}", *(f"#| {part}" for part in quoted[1:])]
        lines.append(line)
    return "\n".join(lines).encode("utf-8")


def _csv_bytes(items: Iterable[Item], lang: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow([item.context, lang, item.status, item.source, item.translation, item.previous or "",
                         "; ".join(item.terms), text_hash(item.source), text_hash(item.translation)])
    return buffer.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------- import

@dataclass(frozen=True)
class Incoming:
    context: str
    source: str
    translation: str
    reviewed: bool       # False: still marked as needing work (fuzzy in a .po, status `outdated` in a CSV)
    line: int | None
    exported: str | None = None    # hash of the translation as exported, when the file says


@dataclass(frozen=True)
class Imported:
    lang: str
    updates: tuple[Update, ...]
    notes: tuple[Problem, ...] = ()    # warnings: translations kept because <lang>.md is newer


class ImportRefused(Exception):
    """The file does not fit the current content; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


def read_exchange(path: Path, lang: str | None = None, languages: Sequence[str] = ()) -> tuple[str, list[Incoming]]:
    """The language and entries of a `.po` or `.csv` file (`languages`: the site's, to tell a file
    naming another of them from one naming a language loosely, e.g. hmn_VN)."""
    path = Path(path)
    if path.suffix.lower() == ".po":
        found_lang, entries = _read_po(path)
    elif path.suffix.lower() in (".csv", ".txt", ".tsv"):
        found_lang, entries = _read_csv(path)
    else:
        raise TranslationError("import-bad-file", file=str(path))
    if not entries:          # an empty or header-only file would otherwise import nothing, silently
        raise TranslationError("import-empty", file=str(path))
    named = [code for code in languages if found_lang and _primary(code) == _primary(found_lang)]
    # --lang is for a file that names no language; one naming another is the wrong file or the wrong --lang.
    if lang and named and _primary(lang) != _primary(named[0]):
        raise TranslationError("import-language-differs", file=str(path), found=found_lang, given=lang)
    lang = lang or (found_lang if found_lang in languages or not named else named[0])
    if not lang:
        raise TranslationError("import-no-language", file=str(path))
    return lang, entries


def _primary(code: str) -> str:
    return re.split(r"[-_]", code)[0].lower()


def _read_po(path: Path) -> tuple[str | None, list[Incoming]]:
    try:
        # A BOM (Notepad, some editors save UTF-8 with one) makes babel refuse the first line.
        data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
        # abort_invalid: babel would otherwise print English warnings and skip the broken entry.
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as exc:
        if exc.line.startswith("#") and not exc.line.startswith("#-"):
            # babel finishes the entry before a comment there; only the header's Language can fail.
            raise TranslationError("import-po-language", file=str(path)) from None
        raise ImportRefused([error(path, exc.lineno + 1, "import-po-syntax")]) from None
    except UnicodeDecodeError as exc:
        raise TranslationError("import-po-not-utf8", file=str(path)) from exc
    except (UnknownLocaleError, ValueError) as exc:      # the Language header names no language
        raise TranslationError("import-po-language", file=str(path)) from exc
    except OSError as exc:
        raise TranslationError("import-unreadable", file=str(path), detail=str(exc)) from exc
    entries = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        string = message.string if isinstance(message.string, str) else ""
        exported = next((m.group(1) for m in map(_EXPORTED.search, message.auto_comments) if m), None)
        entries.append(Incoming(message.context or "", normalise_text(message.id), normalise_text(string),
                                not (message.fuzzy and string), message.lineno, exported))
    return catalog.locale_identifier or dict(catalog.mime_headers).get("Language") or None, entries


def _read_csv(path: Path) -> tuple[str | None, list[Incoming]]:
    try:
        data = path.read_bytes()
        # Excel before 2016 has no "CSV UTF-8": its Unicode Text (*.txt) is UTF-16 with a BOM, tab-separated.
        text = data.decode("utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TranslationError("import-not-utf8", file=str(path)) from exc
    except OSError as exc:
        raise TranslationError("import-unreadable", file=str(path), detail=str(exc)) from exc
    rows = None
    for delimiter in (",", ";", "\t"):
        candidate = _csv_rows(path, text, delimiter)
        header = [cell.strip().lower() for cell in candidate[0]] if candidate else []
        if {"id", "source", "translation"} <= set(header):
            rows = _csv_rows(path, text, delimiter, whole=True)
            break
    if rows is None:
        raise TranslationError("import-csv-columns", file=str(path), columns=", ".join(CSV_COLUMNS))
    header = [cell.strip().lower() for cell in rows[0]]
    column = {name: header.index(name) for name in CSV_COLUMNS if name in header}
    entries, langs = [], set()
    for number, row in enumerate(rows[1:], start=2):
        cell = lambda name: row[column[name]] if name in column and column[name] < len(row) else ""  # noqa: E731
        if not cell("id").strip():
            continue
        if cell("lang").strip():
            langs.add(cell("lang").strip())
        # A status cell still reading `outdated` is the CSV's fuzzy flag: an unedited row stays outdated.
        entries.append(Incoming(cell("id").strip(), normalise_text(cell("source")),
                                normalise_text(cell("translation")), cell("status").strip().lower() != OUTDATED,
                                number, cell("translation_hash").strip() or None))
    if len(langs) > 1:
        raise TranslationError("import-many-languages", file=str(path), languages=", ".join(sorted(langs)))
    return (langs.pop() if langs else None), entries


def _csv_rows(path: Path, text: str, delimiter: str, whole: bool = False) -> list[list[str]]:
    """The header row only (whole=False), or every row. A cell the csv module refuses (over its
    128 KB limit: nearly always a quote opened and never closed, which swallows the rest of
    the file) is refused at the line where its row starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error:
            if not rows:                 # not even a header with this delimiter: try the next one
                return []
            raise ImportRefused([error(path, start, "import-csv-cell-too-long")]) from None
        if row is None:
            return rows
        rows.append(row)
        if not whole and len(rows) == 1:
            return rows


def plan_import(site: Site, path: Path, lang: str | None = None) -> Imported:
    """Check the whole file against the current Vietnamese, then compute every update (nothing written)."""
    config = site.config
    lang, entries = read_exchange(path, lang, config.language_codes[1:])
    if lang == config.default_language or lang not in config.languages:
        raise TranslationError("mark-bad-language", language=lang, languages=", ".join(config.language_codes[1:]))
    problems: list[Problem] = []
    by_slug: dict[str, dict[str, Incoming]] = {}
    for entry in entries:
        slug, _, segment = entry.context.partition("/")
        if not segment:
            problems.append(error(path, entry.line, "import-bad-id", id=entry.context))
        elif site.resolution(slug) is None:
            problems.append(error(path, entry.line, "import-unknown-resolution", slug=slug, id=entry.context))
        else:
            by_slug.setdefault(slug, {})[segment] = entry
    updates, notes = [], []
    for slug, given in by_slug.items():
        res = site.resolution(slug)
        loaded = load_translation(res, lang, config)
        source = loaded.source
        current = {s.id: s for s in source.segments}
        for segment_id, entry in given.items():
            if segment_id not in current:
                problems.append(error(path, entry.line, "import-stale-removed", id=entry.context))
            elif text_hash(entry.source) != current[segment_id].hash:
                problems.append(error(path, entry.line, "import-stale-changed", id=entry.context,
                                      now=_short(current[segment_id].text)))
        for segment in source.segments:
            if segment.id not in given:
                problems.append(error(path, None, "import-stale-added", id=f"{slug}/{segment.id}",
                                      now=_short(segment.text)))
        if problems:
            continue
        given = _against_newer_translations(path, slug, given, loaded, problems, notes)
        if problems:
            continue
        texts = {seg_id: NewText(entry.translation, entry.reviewed) for seg_id, entry in given.items()}
        try:
            update = plan_update(res, lang, config, texts)
        except TranslationError as exc:
            line = given.get(str(exc.params.get("segment", "")))
            problems.append(error(path, line.line if line else None, exc.code, **exc.params))
            continue
        if update is not None:
            updates.append(update)
    if problems:
        raise ImportRefused(problems)
    return Imported(lang, tuple(updates), tuple(notes))


def _against_newer_translations(path: Path, slug: str, given: dict[str, Incoming], loaded: Loaded,
                                problems: list[Problem], notes: list[Problem]) -> dict[str, Incoming]:
    """Entries whose translation in <lang>.md changed since the export: kept when the file
    left it as exported (with a note), refused when both sides changed it."""
    now = {p.source.id: p.translation.text if p.translation else ""
           for p in align(loaded.source, loaded.translation, loaded.record) if p.source is not None}
    result = dict(given)
    for segment_id, entry in given.items():
        here = now.get(segment_id, "")
        if entry.exported is None or not entry.translation or text_hash(here) in (entry.exported,
                                                                                   text_hash(entry.translation)):
            continue
        where = {"id": entry.context, "file": loaded.translation.path.name if loaded.translation else "",
                 "now": _short(here)}
        if text_hash(entry.translation) == entry.exported:
            notes.append(warning(path, entry.line, "import-kept-newer", **where))
            result[segment_id] = replace(entry, translation="")
        else:
            problems.append(error(path, entry.line, "import-translation-changed", **where))
    return result


def apply_import(site: Site, imported: Imported, today: dt.date | None = None) -> None:
    source_name = f"{site.config.default_language}.md"
    for update in imported.updates:
        update.write(source_name, today)


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
