"""Load a content folder into the model, collecting every problem on the way.

The loader never stops at the first mistake: an editor fixing content wants
the whole list in one run. It returns the Site (None when errors make it
unusable) and all problems, each with file and line.
"""
from __future__ import annotations

import hashlib
import os
import posixpath
import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import unquote, urlparse

from .changes import ChangeDetector
from .machinery.buildstate import fingerprint
from .fonts import font_dirs
from .fonts.coverage import coverage_fingerprint, drawable, glyph_problems, text_glyph_problems
from .machinery.forked import forked_map
from .i18n import catalog_format_problems
from .photos import is_print_only, is_raster, stem_clashes
from .config import SLUG, SiteConfig, load_config
from .portable_names import file_name_problem, slug_problems, suggested_slug
from .diagnostics import Problem, error, has_errors, warning
from .lecture_time import bad_minutes
from .review_schedule import parse_override, review_rules, site_review_problems
from . import session_store
from .session import BuildSession
from .content.glossary import Glossary
from .translations.glossary import load_glossary
from .translations.translation_review import remember_review, review_one, review_translations
from .vocabulary import KINDS, LEVELS
from .content.htmltree import Child, Node, is_image_link, walk
from .content.limits import MAX_NESTING, deep_source_line, size_problem, source_nesting_problem, tree_problems
from .content.markdown_render import find_stray_html, find_unsafe_html, prepare as prepare_markdown, render_markdown
from .content.model import Asset, FreePage, Resolution, Site, Summary
from .content.references import ReferenceLines
from .content.folder_files import FolderFiles
from .content.recordings import find_recordings
from .content.reader import MarkdownFile, YamlDoc, parse_date, parse_yaml, read_text, read_yaml, split_front_matter
from .content.svg import is_svg, svg_problems
from .content.sections import DEFAULT_LABELS, REQUIRED_SECTIONS, split_body
from .content.source import SummarySource, misplaced_sections

RESOLUTION_FIELDS = ("code", "kind", "level", "issuer", "issued")
OPTIONAL_RESOLUTION_FIELDS = ("topics", "implements", "review", "title", "lecture")
FRONT_MATTER_FIELDS = ("title", "summary", "translation", "note", "date", "draft")
PLACEHOLDER = "CẦN ĐIỀN"
# Years an issue date may have: review dates (up to ten years on) and calendars must exist.
ISSUED_YEARS = (1900, 2100)
# Output folders a resolution or free page may not take (see builders/site/).
RESERVED_SLUGS = frozenset({"assets", "loai", "cap", "chu-de", "nam", "tra-cuu", "tim-kiem", "404", "lich",
                            "thuat-ngu", "lich-so-ket", "phat-thanh"})
# Files a browser runs as pages or code when the site serves them from its own address:
# never published as attachments (an SVG is published cleaned instead: content/svg.py).
ACTIVE_DOCUMENTS = frozenset({"html", "htm", "xhtml", "xht", "shtml", "xml", "xsl", "xslt", "js", "mjs", "svgz",
                              "swf", "hta", "php", "asp", "aspx", "jsp"})
_PAGE_FILE = re.compile(r"^(?P<name>[^.]+)\.(?P<lang>[^.]+)\.md$")


def load_site(content_dir: Path, jobs: int | None = None, session: BuildSession | None = None,
              meanwhile: Callable[[SiteConfig], None] | None = None) -> tuple[Site | None, list[Problem]]:
    """Read and validate everything under `content_dir` (`jobs`: processes for many folders).
    `session`: what earlier loads of this process read (serve); a new one reads everything.
    `meanwhile(config)`: the caller's other work, done here while workers read the folders."""
    content_dir = Path(content_dir)
    session = session or BuildSession()
    if not (content_dir / "site.yaml").is_file():
        return None, [error(content_dir / "site.yaml", None, "site-yaml-missing", folder=str(content_dir))]
    config, problems = _load_config(content_dir / "site.yaml")
    if config is None:
        # Every other check reads site.yaml (languages, their section labels, kinds, review rules):
        # guessing them gives misleading reports, so they wait for it, as Hugo and Sphinx do.
        return None, problems + [warning(content_dir / "site.yaml", None, "checks-wait-for-site-yaml")]
    problems += catalog_format_problems(list(config.languages), content_dir)
    glossary, glossary_problems = load_glossary(content_dir / "glossary.yaml", list(config.languages),
                                                config.default_language)
    glossary = _same_as_before(session, content_dir, glossary)
    resolutions: list[Resolution] = []
    resolutions_dir = content_dir / "resolutions"
    if resolutions_dir.is_dir():
        # Listed once per build, each entry's kind as the listing gives it (no stat of each): the
        # make rule listed it already (changes.entries).
        entries = _listing(resolutions_dir, session.changes)
        # Absolute paths as the listing gives them (a Path is made for a folder read only).
        folders = [entry.path for entry in entries if entry.is_dir()]
        # A link to a resolution folder that is gone (moved, or on a drive not attached): say so.
        problems += [error(Path(entry.path), None, "link-broken", name=entry.name) for entry in entries
                     if entry.is_symlink() and not os.path.exists(entry.path)]
        # A summary saved straight into resolutions/ (its folder forgotten) would never be read.
        problems += [warning(Path(entry.path), None, "file-outside-folder", name=entry.name) for entry in entries
                     if entry.is_file() and Path(entry.name).suffix.lower() in (".md", ".yaml", ".yml")]
        for resolution, found in _load_resolutions(folders, config, glossary, jobs, session, meanwhile):
            problems += found
            if resolution is not None:
                resolutions.append(resolution)
    elif resolutions_dir.exists() or resolutions_dir.is_symlink():
        # A file (or a broken link) by that name: building would replace the site with an empty one.
        problems.append(error(resolutions_dir, None, "not-a-folder", name=resolutions_dir.name))
    else:
        problems.append(warning(resolutions_dir, None, "no-resolutions-folder"))
    problems += glossary_problems
    # Before linking, which makes new Resolution objects: review_translations remembers its
    # result for the very object _load_resolutions remembered for an unchanged folder.
    resolutions, found = review_translations(resolutions, config, glossary, session.reviewed)
    problems += found
    resolutions, found = _link_resolutions(resolutions, config)
    problems += found
    pages, found = _load_pages(content_dir / "pages", config, {r.slug for r in resolutions}, session)
    problems += found
    # Each resolution's printed files are checked with its folder (_load_resolution): remembered with it.
    problems += glyph_problems(content_dir, [content_dir / "site.yaml"])
    session.changes.forget_unread()     # the bytes of files hashed but not read (remembered folders)
    if has_errors(problems):
        return None, problems
    site = Site(config=config, content_dir=content_dir, resolutions=tuple(resolutions), pages=tuple(pages),
                glossary=glossary)
    return site, problems


def resolution_folder_entries(content_dir: Path, changes: ChangeDetector) -> list[os.DirEntry]:
    """The resolution folders load_site reads, by name (a link to a folder kept elsewhere
    included), as scandir's entries, which the make rule asks for before every rebuild (it
    describes each folder by the signature the load gives it): no Path made, no stat() of each;
    the listing is the one load_site takes in the same build (changes.entries)."""
    try:
        return [entry for entry in _listing(Path(content_dir) / "resolutions", changes) if entry.is_dir()]
    except OSError:                     # none, or not a folder (load_site says so)
        return []


def _listing(folder: Path, changes: ChangeDetector) -> list[os.DirEntry]:
    """The entries of `folder` but hidden ones, by name (the build's one listing of it)."""
    return [entry for entry in changes.entries(folder) if not entry.name.startswith(".")]


# ---------------------------------------------------------------- site.yaml

def _load_config(path: Path) -> tuple[SiteConfig | None, list[Problem]]:
    doc, problems = read_yaml(path)
    if doc is None:
        return None, problems
    config, found = load_config(doc)
    return config, problems + found + site_review_problems(doc)


# ---------------------------------------------------------------- resolutions

def _same_as_before(session: BuildSession, content_dir: Path, glossary: Glossary | None) -> Glossary | None:
    """The glossary the last load made, handed back while equal (see status._review_once)."""
    before = session.glossaries.get(content_dir)
    if before is not None and before == glossary:
        return before
    session.glossaries[content_dir] = glossary
    return glossary


def _load_resolutions(folders: list[str], config: SiteConfig, glossary: Glossary | None, jobs: int | None,
                      session: BuildSession, meanwhile: Callable[[SiteConfig], None] | None = None
                      ) -> list[tuple[Resolution | None, list[Problem]]]:
    """_load_resolution of each folder: remembered in the session (folder → its signature,
    site.yaml's hash, what loading it gave) while the folder and site.yaml stay as they were,
    so serve re-reads only the folders an editor changed (the model is immutable); the others
    read on all cores when there are many (a cold build). `folders`: absolute paths, the keys of
    `session.loaded` as they are."""
    # The characters the fonts draw, for the glyph check of every folder (font files listed once).
    covered = drawable(font_dirs(config.path.parent))
    # What reading a folder depends on besides its files: site.yaml, and the characters the fonts
    # draw, which its text is checked against (glyph_problems): by them, not by the font files'
    # times, so the same fonts copied or installed again do not make every folder read again.
    site_key = fingerprint(config.source_hash, coverage_fingerprint(covered))
    results: dict[str, tuple[Resolution | None, list[Problem]]] = {}
    # A folder's signature (its files hashed) is made here for the folders the session remembers;
    # the others' by whoever reads them (in a cold build, the workers: each hashes the files it
    # is about to read, rather than this process all of them before the workers start).
    signatures: dict[str, tuple] = {}
    for folder in folders:
        remembered = session.loaded.get(folder)
        if not remembered:
            continue
        signatures[folder] = signature = session.changes.tree_signature(folder)
        if remembered[0] == signature and remembered[1] == site_key and session_store.fits(
                remembered, config.languages, lambda folder=folder: _load_resolution(Path(folder), config, session,
                                                                                     covered)[0]):
            results[folder] = remembered[2]
    unread = [folder for folder in folders if folder not in results]
    session.reads += bool(unread)
    encoded: dict[str, session_store.Encoded | None] = {}
    alongside = (lambda: meanwhile(config)) if meanwhile else None
    # Made once before the workers start, inherited, not made again in each of them: the
    # Markdown converter (and the fonts' character maps, `covered`, ≈ 0.45 s a process).
    for folder, (signature, result, reviewed, trees, parts) in zip(unread, forked_map(
            _load_and_review, unread, config, glossary, session, covered, signatures, jobs=jobs,
            before_fork=prepare_markdown, meanwhile=alongside)):
        session.trees.adopt(trees)
        if result[0] is not None:
            remember_review(session.reviewed, result[0], config, glossary, reviewed)
        results[folder], encoded[folder], signatures[folder] = result, parts, signature
    read_now = set(unread)
    for folder in folders:
        signature = signatures[folder]
        if folder in read_now:          # the others keep their entry, the very same object
            session.loaded[folder] = (signature, site_key, results[folder])
            session_store.remember_parts(session, folder, encoded[folder])
    present = set(folders)
    parent = os.path.dirname(min(present)) if folders else None     # once: not for every key
    gone = [key for key in session.loaded if key not in present and os.path.dirname(key) == parent]
    for key in gone:                    # folders deleted or renamed: not kept, nor saved
        del session.loaded[key]
        session.reviewed.pop(Path(key), None)
    session.reads += bool(gone)
    return [(results[folder][0], list(results[folder][1])) for folder in folders]


def _load_and_review(folder: str, config: SiteConfig, glossary: Glossary | None, session: BuildSession,
                     covered: frozenset[str], signatures: dict[str, tuple]) -> tuple:
    """The folder's signature (made here unless `signatures` has it: its files hashed before they
    are read, the bytes handed to the reading), _load_resolution, the review of its translations
    (translations/translation_review.py) and the Markdown trees it used: a worker process
    (forked_map) hands the signature, the review and the trees to the parent. The review is
    done again later only if it was not remembered."""
    path = Path(folder)
    with session.changes.moment():      # a worker's own: the folder listed once for its signature and FolderFiles
        signature = signatures.get(folder) or session.changes.tree_signature(folder)
        files = FolderFiles(path, session.changes.names(folder))      # the listing the signature was made of
    session.trees.start_harvest()
    result = _load_resolution(path, config, session, covered, files)
    reviewed = review_one(result[0], config, glossary, files) if result[0] is not None else None
    try:                                # the line the saved session keeps, encoded here (in parallel)
        parts = session_store.encoded_parts(folder, signature, result, reviewed,
                                            config.source_hash, glossary is not None, session.trees.link)
    except session_store.NotSaved:
        parts = None
    return signature, result, reviewed, session.trees.harvest(), parts


def _load_resolution(folder: Path, config: SiteConfig, session: BuildSession, covered: frozenset[str],
                     files: FolderFiles | None = None) -> tuple[Resolution | None, list[Problem]]:
    problems: list[Problem] = []
    files = files or FolderFiles(folder)
    slug = folder.name
    meta_path = folder / "resolution.yaml"
    if not SLUG.match(slug):
        problems.append(error(folder, None, "bad-slug", slug=slug,
                              suggested=suggested_slug(slug, RESERVED_SLUGS | set(config.languages))))
    elif slug in RESERVED_SLUGS or slug in config.languages:
        problems.append(error(folder, None, "reserved-slug", slug=slug))
    else:
        problems += slug_problems(slug, folder)         # a folder Windows or a USB stick refuses
    if not meta_path.is_file():
        problems.append(error(meta_path, None, "resolution-yaml-missing", slug=slug))
        return None, problems
    text, found = read_text(meta_path, session.changes.read_bytes)
    problems += found
    printed = {meta_path: text or ""}   # the texts the glyph check reads, as read here
    doc, found = parse_yaml(text, meta_path) if text is not None else (None, [])
    problems += found
    fields = _resolution_fields(doc, config, problems, session) if doc is not None else None
    if text is not None:
        problems += _placeholders(meta_path, text, 1)
    summaries: dict[str, Summary] = {}
    assets: dict[str, Asset] = {}
    for md_path in files.ending(".md"):
        lang = md_path.stem
        if "." in lang:
            continue  # <lang>.<purpose>.md files belong to other builders (e.g. loudspeaker overrides)
        if lang not in config.languages:
            problems.append(error(md_path, None, "unknown-language", lang=lang,
                                  languages=", ".join(config.languages)))
            continue
        summary, found_assets, found = _load_summary(md_path, lang, config, session, printed)
        problems += found
        if summary is not None:
            summaries[lang] = summary
            for asset in found_assets:       # messages about a file point at the source summary first
                if lang == config.default_language or asset.name not in assets:
                    assets[asset.name] = asset
    scripts: dict[str, str] = {}
    for script_path in files.ending(".loa.txt"):
        lang = script_path.name[: -len(".loa.txt")]
        if lang not in config.languages:
            problems.append(error(script_path, None, "unknown-language", lang=lang,
                                  languages=", ".join(config.languages)))
            continue
        text, found = _read_page(script_path, session.changes.read_bytes)
        problems += found
        if text is not None:
            scripts[lang] = text
    problems += _image_clashes(assets.values()) + _case_clashes(assets.values())
    for asset in assets.values():
        if is_svg(asset.name):
            problems += svg_problems(asset.source)
    recordings, found = find_recordings(folder, config.languages, files)
    problems += found
    if config.default_language not in summaries and not (folder / f"{config.default_language}.md").exists():
        problems.append(error(folder / f"{config.default_language}.md", None, "source-summary-missing",
                              lang=config.default_language))
    # Characters the fonts cannot draw, in the files whose text is printed (free pages are not).
    problems += text_glyph_problems([(meta_path, printed[meta_path]),
                                     *((summary.path, printed[summary.path]) for summary in summaries.values())],
                                    covered)
    if fields is None or config.default_language not in summaries or has_errors(problems):
        return None, problems
    ordered = {code: summaries[code] for code in config.language_codes if code in summaries}
    return Resolution(slug=slug, folder=folder, summaries=MappingProxyType(ordered),
                      assets=tuple(sorted(assets.values(), key=lambda a: a.name)), implemented_by=(),
                      scripts=MappingProxyType(scripts), recordings=MappingProxyType(recordings),
                      **fields), problems


def _resolution_fields(doc: YamlDoc, config: SiteConfig, problems: list[Problem],
                       session: BuildSession) -> dict[str, Any] | None:
    path, data = doc.path, doc.data
    if not isinstance(data, dict):
        problems.append(error(path, doc.first_line, "resolution-not-mapping"))
        return None
    before = len(problems)
    for key in RESOLUTION_FIELDS:
        if key not in data or data[key] in (None, ""):
            problems.append(error(path, doc.line_of(key), "missing-field", key=key))
    for key in data:
        if key not in RESOLUTION_FIELDS and key not in OPTIONAL_RESOLUTION_FIELDS:
            problems.append(warning(path, doc.line_of(key), "unknown-field", key=key))
    for key in ("code", "issuer"):
        if key in data and data[key] is not None and not isinstance(data[key], (str, int)):
            problems.append(error(path, doc.line_of(key), "wrong-type", key=key, expected="text"))
    kinds = set(KINDS) | set(config.kinds)
    if isinstance(data.get("kind"), str) and data["kind"] not in kinds:
        problems.append(error(path, doc.line_of("kind"), "unknown-kind", col=doc.col_of("kind"),
                              value=data["kind"], choices=", ".join(sorted(kinds))))
    if isinstance(data.get("level"), str) and data["level"] not in LEVELS:
        problems.append(error(path, doc.line_of("level"), "unknown-level", col=doc.col_of("level"),
                              value=data["level"], choices=", ".join(LEVELS)))
    for key in ("kind", "level"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            problems.append(error(path, doc.line_of(key), "wrong-type", key=key, expected="text"))
    issued = parse_date(data.get("issued")) if data.get("issued") not in (None, "") else None
    if data.get("issued") not in (None, "") and issued is None:
        problems.append(error(path, doc.line_of("issued"), "bad-date", col=doc.col_of("issued"),
                              value=data.get("issued")))
    elif issued is not None and not ISSUED_YEARS[0] <= issued.year <= ISSUED_YEARS[1]:
        problems.append(error(path, doc.line_of("issued"), "issued-out-of-range", col=doc.col_of("issued"),
                              value=issued.isoformat(), first=ISSUED_YEARS[0], last=ISSUED_YEARS[1]))
    if "lecture" in data and bad_minutes(data["lecture"]) is not None:
        problems.append(error(path, doc.line_of("lecture"), "lecture-bad-minutes", value=bad_minutes(data["lecture"])))
    topics = _slug_list(doc, "topics", problems)
    implements = _slug_list(doc, "implements", problems)
    review, found = parse_override(data.get("review"), doc, issued, data.get("level"), data.get("kind"),
                                   review_rules(config, session.review_rules))
    problems += found
    if len(problems) > before and any(p.is_error for p in problems[before:]):
        return None
    return {
        "code": str(data["code"]).strip(), "kind": data["kind"], "level": data["level"],
        "issuer": str(data["issuer"]).strip(), "issued": issued, "topics": topics, "implements": implements,
        "review": review,
        "meta": MappingProxyType({k: v for k, v in data.items() if k not in RESOLUTION_FIELDS}),
    }


def _slug_list(doc: YamlDoc, key: str, problems: list[Problem]) -> tuple[str, ...]:
    value = doc.data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]  # a single topic written without brackets
    if not isinstance(value, list):
        problems.append(error(doc.path, doc.line_of(key), "wrong-type", key=key, expected="list"))
        return ()
    result = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not SLUG.match(item):
            problems.append(error(doc.path, doc.line_of(key, index), "bad-slug-value", col=doc.col_of(key, index),
                                  key=key, value=item, suggested=suggested_slug(str(item))))
        else:   # a topic names a list's folder (chu-de/<topic>/); `implements`, a folder checked as such
            where = (doc.path, doc.line_of(key, index), doc.col_of(key, index))
            refused = slug_problems(item, *where) if key == "topics" else []
            problems += refused
            if not has_errors(refused):
                result.append(item)
    return tuple(result)


def _link_resolutions(resolutions: list[Resolution], config: SiteConfig) -> tuple[list[Resolution], list[Problem]]:
    """Check cross references; record `implemented_by` so links go both ways."""
    problems: list[Problem] = []
    by_slug = {r.slug: r for r in resolutions}
    seen: dict[tuple[str, str], Resolution] = {}
    for res in resolutions:
        key = (res.code.casefold(), res.kind)
        if key in seen:
            problems.append(warning(res.folder / "resolution.yaml", 1, "duplicate-code", number=res.code,
                                    other=seen[key].folder.name, this=res.folder.name))
        else:
            seen[key] = res
        for target in res.implements:
            if target == res.slug:
                problems.append(error(res.folder / "resolution.yaml", _line_of_slug(res.folder / "resolution.yaml",
                                      "implements", target), "implements-self", slug=target))
            elif target not in by_slug and not (res.folder.parent / target).is_dir():
                problems.append(error(res.folder / "resolution.yaml", _line_of_slug(res.folder / "resolution.yaml",
                                      "implements", target), "implements-unknown", slug=target))
            elif target in by_slug and res.slug in by_slug[target].implements \
                    and _rank(res) < _rank(by_slug[target]):
                # each page would say the other both implements it and is implemented by it; said once,
                # at the line the hint says to delete: the higher document's
                problems.append(warning(res.folder / "resolution.yaml", _line_of_slug(res.folder / "resolution.yaml",
                                        "implements", target), "implements-each-other", slug=res.slug, other=target))
    implemented_by: dict[str, list[str]] = {}
    for res in resolutions:
        for target in res.implements:
            implemented_by.setdefault(target, []).append(res.slug)
    linked = [_linked(res, tuple(sorted(implemented_by.get(res.slug, ())))) for res in resolutions]
    linked.sort(key=lambda r: (r.issued, r.code), reverse=True)
    return linked, problems


def _rank(res: Resolution) -> tuple[int, object, str]:
    """Higher level first (trung-uong before xa), then the one issued earlier."""
    levels = list(LEVELS)
    return (levels.index(res.level) if res.level in levels else len(levels), res.issued, res.slug)


def _linked(res: Resolution, implemented_by: tuple[str, ...]) -> Resolution:
    """`res` with `implemented_by`: the very object when it has them already (an unchanged folder
    the session kept, linked as before: no copy of each of a thousand resolutions in every build)."""
    return res if res.implemented_by == implemented_by else replace(res, implemented_by=implemented_by)


def _line_of_slug(path: Path, key: str, slug: str) -> int | None:
    """The line where `slug` is written under `key` (not an earlier line that mentions it,
    nor a longer slug that begins with it); else the key's line."""
    whole = re.compile(rf"(?<![a-z0-9-]){re.escape(slug)}(?![a-z0-9-])")
    key_line = None
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            if key_line is None and line.startswith(f"{key}:"):
                key_line = number
            if key_line is not None and whole.search(line.split("#", 1)[0]):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return key_line


# ---------------------------------------------------------------- summaries

def _read_page(path: Path, read_bytes: Callable[[Path], bytes] | None = None) -> tuple[str | None, list[Problem]]:
    """read_text for a summary, page or script, within the size limits of limits.py."""
    try:
        too_big = size_problem(path, path.stat().st_size)
    except OSError:
        too_big = None                  # read_text names the problem
    if too_big is not None and too_big.is_error:
        return None, [too_big]          # never read into memory, never rendered
    text, problems = read_text(path, read_bytes)
    return text, problems + ([too_big] if too_big is not None and text is not None else [])


def _load_markdown(path: Path, read_bytes: Callable[[Path], bytes] | None = None
                   ) -> tuple[MarkdownFile | None, list[Problem]]:
    text, problems = _read_page(path, read_bytes)
    if text is None:
        return None, problems
    md_file, found = split_front_matter(path, text)
    return md_file, problems + found + _placeholders(path, text, 1) + _legacy_encoding(path, text)


def _render_within_limits(md_file: MarkdownFile,
                          session: BuildSession) -> tuple[tuple[Child, ...] | None, list[Problem]]:
    """The rendered body, or None and the error naming the line where it nests too deep or a
    list grows too long (limits.py): the builders only ever get trees they can handle."""
    path, body, first = md_file.path, md_file.body, md_file.body_first_line
    refused = source_nesting_problem(path, body, first)
    if refused is not None:
        return None, [refused]
    try:
        nodes = render_markdown(body, session.trees)
    except RecursionError:              # nesting the source count did not see (e.g. emphasis)
        return None, [error(path, deep_source_line(body, first) or first, "nesting-too-deep", limit=MAX_NESTING)]
    # The destinations read only when a limit is passed (line_of names its line).
    found = tree_problems(path, nodes, lambda text: ReferenceLines(body, first).mentioned(text), body, first)
    return (None if found else nodes), found


def _front_text(md_file: MarkdownFile, key: str, problems: list[Problem], required: bool) -> str:
    front = md_file.front
    value = front.data.get(key) if front else None
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(error(md_file.path, front.line_of(key) if front else 1, "missing-front-field", key=key))
        return ""
    if not isinstance(value, (str, int, float)):
        problems.append(error(md_file.path, front.line_of(key), "wrong-type", key=key, expected="text"))
        return ""
    return " ".join(str(value).split())


def _load_summary(path: Path, lang: str, config: SiteConfig, session: BuildSession,
                  printed: dict[Path, str]) -> tuple[Summary | None, list[Asset], list[Problem]]:
    """The summary in `path`; its text goes into `printed` (for the glyph check)."""
    md_file, problems = _load_markdown(path, session.changes.read_bytes)
    if md_file is None or md_file.front is None:
        return None, [], problems
    printed[path] = md_file.text
    title = _front_text(md_file, "title", problems, required=True)
    summary_text = _front_text(md_file, "summary", problems, required=False)
    for key in md_file.front.data:
        if key not in FRONT_MATTER_FIELDS:
            problems.append(warning(path, md_file.front.line_of(key), "unknown-front-field", key=key))
    written = md_file.front.data.get("date")
    if written not in (None, "") and parse_date(written) is None:    # the leaflets would print the issue date
        problems.append(warning(path, md_file.front.line_of("date"), "bad-date", col=md_file.front.col_of("date"),
                                value=written))
    problems += find_unsafe_html(path, md_file.body, md_file.body_first_line)
    problems += find_stray_html(path, md_file.body, md_file.body_first_line)
    nodes, found = _render_within_limits(md_file, session)
    problems += found
    if nodes is None:
        return None, [], problems
    labels = config.languages[lang].section_labels
    source = SummarySource(md_file.text)      # read once, here: the translations work on it too
    split = split_body(nodes, source, 1, labels)
    problems += _check_sections(path, split.sections, required=lang == config.default_language,
                                default_lang=config.default_language,
                                misplaced=misplaced_sections(md_file.body.split("\n"), labels),
                                first_line=md_file.body_first_line)
    lines = ReferenceLines(md_file.body, md_file.body_first_line)    # one reading for both (they ask apart:
    assets, found = _collect_assets(path, lines, nodes)                # local files, images of other sites)
    problems += found
    problems += _external_images(path, lines, nodes)
    summary = Summary(
        lang=lang, path=path, title=title, summary=summary_text, lead=split.lead, sections=split.sections,
        footnotes=split.footnotes, source_hash=hashlib.sha1(md_file.text.encode("utf-8")).hexdigest(),
        front=MappingProxyType(dict(md_file.front.data)), source=source,
    )
    return summary, assets, problems


def _check_sections(path: Path, sections: Iterable[Any], required: bool, default_lang: str,
                    misplaced: Mapping[str, int] | None = None, first_line: int = 1) -> list[Problem]:
    """Each section once and with points; each required one there (`misplaced`: the line of a
    heading that would be a missing one at level 2, pointed at instead)."""
    problems: list[Problem] = []
    seen: dict[str, Any] = {}
    for section in sections:
        if section.key is None:
            continue
        if section.key in seen:
            problems.append(error(path, section.line, "duplicate-section", title=section.title,
                                  first=seen[section.key].line or "?"))
        seen[section.key] = section
        if not section.points:
            problems.append(error(path, section.line, "empty-section", title=section.title))
        problems += _check_questions_answers(path, section)
    for key in REQUIRED_SECTIONS:
        if key in seen:
            continue
        report = error if required else warning
        if misplaced and key in misplaced:
            problems.append(report(path, first_line + misplaced[key], "section-heading-level",
                                   section=DEFAULT_LABELS[key][0]))
            continue
        code = "missing-section" if required else "missing-section-translation"
        problems.append(report(path, None, code, section=DEFAULT_LABELS[key][0], anchor=key.replace("_", "-")))
    return problems


def _check_questions_answers(path: Path, section: Any) -> list[Problem]:
    """Text before the first question, or a question without its answer, in the `qa` section."""
    problems: list[Problem] = []
    for pair in section.qa:
        if not pair.question:
            problems.append(warning(path, section.line, "qa-no-question"))
        elif not pair.answer_text.strip():
            problems.append(warning(path, section.line, "qa-no-answer", question=pair.question))
    return problems


def _collect_assets(path: Path, lines: ReferenceLines,
                    nodes: tuple[Child, ...]) -> tuple[list[Asset], list[Problem]]:
    """Every local image or file a summary references must stay inside its folder and exist.
    Each problem is reported at the line of the reference itself (references.py: `lines`)."""
    folder = path.parent
    assets: dict[str, Asset] = {}       # by name, the first reference kept
    problems: list[Problem] = []
    for node in walk(nodes):
        attr = "src" if node.tag == "img" else "href" if node.tag == "a" else None
        ref = node.attr(attr) if attr else None
        if not ref:
            continue
        local = local_reference(ref)
        if local is None:
            continue
        line = lines.next(ref)
        if local is False:
            problems.append(error(path, line, "link-to-page" if node.tag == "a" and names_a_page(ref) else "path-outside",
                                  ref=ref))
            continue
        target = on_disk(folder, local)
        if target.exists() and not target.resolve().is_relative_to(folder.resolve()):
            problems.append(error(path, line, "path-outside", ref=ref))  # a link pointing elsewhere
        elif not target.is_file():
            problems.append(error(path, line, "image-missing" if node.tag == "img" else "link-missing", ref=ref))
        elif local.rsplit(".", 1)[-1].lower() in ACTIVE_DOCUMENTS:
            problems.append(error(path, line, "attachment-active", ref=ref))
        elif local not in assets:
            assets[local] = Asset(local, target, path, line)
    return list(assets.values()), problems + _embedded_data(path, lines)


def _embedded_data(path: Path, lines: ReferenceLines) -> list[Problem]:
    """A picture pasted into the text as `data:…` would vanish from the page: refused."""
    return [error(path, line, "data-uri", ref=ref[:40] + ("…" if len(ref) > 40 else ""))
            for line, ref in lines.embedded()]


def on_disk(folder: Path, name: str) -> Path:
    """The file `name` (NFC, as the summaries write it) of `folder`, also when the disk keeps
    its name decomposed (NFD: copied from a Mac, or unpacked from some zip files)."""
    target = folder / name
    if target.exists() or name.isascii():
        return target
    found = folder
    for part in name.split("/"):
        exact = found / part
        if exact.exists():
            found = exact
            continue
        try:
            same = [entry for entry in found.iterdir() if unicodedata.normalize("NFC", entry.name) == part]
        except OSError:
            return target
        if len(same) != 1:
            return target
        found = same[0]
    return found


def _image_clashes(assets: Iterable[Asset]) -> list[Problem]:
    """Two images whose published files would take the same name (`Ảnh.jpg` and `anh.jpg`)."""
    images = {a.name: a for a in assets if is_raster(a.name) or is_print_only(a.name)}
    return [error(images[name].referenced_in or images[name].source, images[name].line, "image-name-clash",
                  name=name, other=other) for name, other in stem_clashes(images)]


def _external_images(path: Path, lines: ReferenceLines, nodes: tuple[Child, ...]) -> list[Problem]:
    """A warning at each image taken from another website (markdown_render shows it as a link),
    at its line (`lines`: the source's destinations)."""
    return [warning(path, lines.next(node.attr("href") or ""), "external-image", ref=node.attr("href") or "")
            for node in walk(nodes) if is_image_link(node)]


def _case_clashes(assets: Iterable[Asset]) -> list[Problem]:
    """Two files published under their own names that differ only in case (`Bao-cao.pdf` and
    `bao-cao.pdf`): on Windows, macOS or a USB stick the second overwrites the first."""
    first: dict[str, Asset] = {}
    problems = []
    for asset in sorted(assets, key=lambda a: a.name):
        if is_raster(asset.name) or is_print_only(asset.name):
            continue                # published under slugged names: _image_clashes
        other = first.setdefault(unicodedata.normalize("NFC", asset.name).casefold(), asset)
        if other is not asset:
            problems.append(error(asset.referenced_in or asset.source, asset.line, "asset-case-clash",
                                  name=asset.name, other=other.name))
        elif (refused := file_name_problem(asset.name)) is not None:      # "bao-cao?.pdf", "con.docx"
            problems.append(error(asset.referenced_in or asset.source, asset.line, refused[0], **refused[1]))
    return problems


def names_a_page(ref: str) -> bool:
    """Whether a relative `ref` names a web page (`../nq-57/`, `../../gioi-thieu`, `x.html`, `vi.md`) rather
    than a file to attach: its advice is not "copy the file here"."""
    parsed = urlparse(ref)
    if parsed.scheme or parsed.netloc:
        return False
    last = unquote(parsed.path).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    if parsed.path.endswith("/") or last.rsplit(".", 1)[-1].lower() in ("html", "htm", "md"):
        return True
    return "." not in last and not parsed.path.startswith("/")     # /etc/passwd: a file of the editor's PC


def local_reference(ref: str) -> str | None | bool:
    """None for external/anchor refs, False for a path leaving the folder, else the clean relative path."""
    parsed = urlparse(ref)
    if parsed.scheme or parsed.netloc or ref.startswith("#"):
        # A Windows drive letter (C:\...) or file:///: a file on the editor's own computer.
        if len(parsed.scheme) == 1 or parsed.scheme.lower() == "file":
            return False
        return None
    path = unquote(parsed.path).replace("\\", "/")
    if not path:
        return None
    if path.startswith("/"):
        return False
    clean = posixpath.normpath(path)
    if clean == ".." or clean.startswith("../") or clean.startswith("/"):
        return False
    return clean


def _legacy_encoding(path: Path, text: str) -> list[Problem]:
    """Text pasted from old TCVN3/VNI documents shows as garbage and must never be read out."""
    from .spoken.legacy import find_legacy_encoding, may_be_legacy
    if not may_be_legacy(text):
        return []
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        snippets = find_legacy_encoding(line) if line.strip() else []
        if snippets:
            problems.append(warning(path, number, "legacy-encoding", col=line.find(snippets[0]) + 1,
                                    snippet=snippets[0][:40]))
    return problems


def _placeholders(path: Path, text: str, first_line: int) -> list[Problem]:
    """`tuyentruyen new` leaves CẦN ĐIỀN markers; each one is a warning until replaced.
    A YAML comment line only explains them (the scaffold's own instructions)."""
    comment = "#" if path.suffix in (".yaml", ".yml") else None
    return [warning(path, first_line + offset, "placeholder", col=line.index(PLACEHOLDER) + 1)
            for offset, line in enumerate(text.split("\n"))
            if PLACEHOLDER in line and not (comment and line.lstrip().startswith(comment))]


# ---------------------------------------------------------------- free pages

def _load_pages(folder: Path, config: SiteConfig, slugs: set[str],
                session: BuildSession) -> tuple[list[FreePage], list[Problem]]:
    pages: list[FreePage] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():      # a file or a broken link: the pages would vanish
            problems.append(error(folder, None, "not-a-folder", name=folder.name))
        return pages, problems
    for path in sorted(folder.glob("*.md")):
        match = _PAGE_FILE.match(path.name)
        if not match:
            problems.append(error(path, None, "page-name", name=path.name))
            continue
        name, lang = match["name"], match["lang"]
        if not SLUG.match(name):
            suggested = suggested_slug(name, slugs | RESERVED_SLUGS | set(config.languages), fallback="trang")
            problems.append(error(path, None, "bad-page-slug", name=name, file=f"{suggested}.{lang}.md"))
            continue
        if name in slugs or name in RESERVED_SLUGS or name in config.languages:
            problems.append(error(path, None, "page-collides", name=name))
            continue
        refused = slug_problems(name, path)
        problems += refused
        if has_errors(refused):
            continue
        if lang not in config.languages:
            problems.append(error(path, None, "unknown-language", lang=lang, languages=", ".join(config.languages)))
            continue
        md_file, found = _load_markdown(path, session.changes.read_bytes)
        problems += found
        if md_file is None or md_file.front is None:
            continue
        title = _front_text(md_file, "title", found := [], required=True)
        problems += found
        problems += find_unsafe_html(path, md_file.body, md_file.body_first_line)
        problems += find_stray_html(path, md_file.body, md_file.body_first_line)
        nodes, found = _render_within_limits(md_file, session)
        problems += found
        if nodes is None:
            continue
        lines = ReferenceLines(md_file.body, md_file.body_first_line)
        problems += _external_images(path, lines, nodes)
        for node in walk(nodes):
            ref = node.attr("src" if node.tag == "img" else "href") if node.tag in ("img", "a") else None
            local = local_reference(ref) if ref else None
            if node.tag == "img" and local is not None:
                problems.append(error(path, lines.next(ref), "page-local-file", ref=ref))
            elif local is not None and names_a_page(ref):     # "lien-he/", "../x.html": meant as a page
                problems.append(error(path, lines.next(ref), "page-relative-link", ref=ref))
            elif local is False:             # a link to the editor's own disk (file:///, C:\\, ../)
                problems.append(error(path, lines.next(ref), "path-outside", ref=ref))
            elif local:                      # a file beside the page is not published: the link would be dead
                problems.append(error(path, lines.next(ref), "page-local-link", ref=ref))
        problems += _embedded_data(path, lines)
        pages.append(FreePage(name=name, lang=lang, path=path, title=title,
                              summary=_front_text(md_file, "summary", [], required=False), nodes=nodes,
                              source_hash=hashlib.sha1(md_file.text.encode("utf-8")).hexdigest()))
    return pages, problems


__all__ = ["load_site", "local_reference", "RESERVED_SLUGS", "PLACEHOLDER", "Node"]
