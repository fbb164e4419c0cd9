"""Is a translation missing, unreviewed, up to date or outdated — and what changed?

The record (record.py) says which Vietnamese each segment of the
translation was made from. Per group, the recorded hashes are matched
against the current Vietnamese ones with difflib.SequenceMatcher, so that
changing one point reports exactly that point and inserting a point reports
one added point, not every point after it. A Vietnamese segment the
translation does not have is a change only when it is new: one the record
lists as left untranslated (even if reworded since) is reported as
untranslated, and does not make the translation outdated.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from ..config import SiteConfig
from ..content.model import Resolution
from ..diagnostics import Problem, warning
from ..content.folder_files import FolderFiles
from ..content.glossary import Glossary
from .glossary import missing_problems
from .record import Entry, Record, SUFFIX, read_record, record_path
from .segments import Document, Segment, document_of

MISSING, UNREVIEWED, CURRENT, OUTDATED = "missing", "unreviewed", "current", "outdated"


@dataclass(frozen=True)
class Change:
    kind: str                 # changed | added | removed
    id: str                   # the current Vietnamese segment id (the recorded one when removed)
    section: str              # the Vietnamese section title, '' for title/summary/lead
    before: str | None        # recorded Vietnamese (None when added, or not recorded)
    after: str | None         # current Vietnamese (None when removed)
    line: int | None = None   # line of the current segment in the Vietnamese file


@dataclass(frozen=True)
class Pair:
    """One segment seen from both sides: current Vietnamese, translation, and what it was made from."""

    state: str                        # current | outdated | unreviewed | missing | removed | extra
    source: Segment | None
    translation: Segment | None
    basis: Entry | None


@dataclass(frozen=True)
class TranslationStatus:
    slug: str
    lang: str
    state: str                        # missing | unreviewed | current | outdated
    path: Path                        # the translation file (may not exist)
    record: Path
    changes: tuple[Change, ...] = ()
    untranslated: tuple[Segment, ...] = ()   # Vietnamese segments left untranslated when reviewed
    problems: tuple[Problem, ...] = ()       # a damaged record, ignored: the translator must hear why


# ---------------------------------------------------------------- comparing

def _opcodes(old: Sequence[str | None], new: Sequence[str]) -> list[tuple[str, int | None, int | None]]:
    """('equal'|'changed'|'added'|'removed', old index, new index), in order."""
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    result: list[tuple[str, int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [("equal", i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        paired = min(i2 - i1, j2 - j1)
        result += [("changed", i1 + k, j1 + k) for k in range(paired)]
        result += [("removed", i, None) for i in range(i1 + paired, i2)]
        result += [("added", None, j) for j in range(j1 + paired, j2)]
    return result


def _groups(*orders: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for order in orders:
        seen += [g for g in order if g not in seen]
    return seen


def compare(record: Record, source: Document) -> tuple[list[Change], list[Segment]]:
    """What changed in the Vietnamese since the translation was recorded, and which
    current Vietnamese segments were already left untranslated then."""
    found: list[Change] = []
    untranslated: list[Segment] = []
    for group in _groups(source.groups(), record.groups()):
        old, new = record.group(group), source.group(group)
        steps = _opcodes([e.hash for e in old], [s.hash for s in new])
        lacking = [new[j] for tag, _, j in steps if tag == "added"]
        skipped = record.untranslated_in(group)
        # paired with a recorded untranslated segment, equal or reworded: still untranslated, not new
        left_out = {lacking[j].id for tag, _, j in _opcodes([e.hash for e in skipped], [s.hash for s in lacking])
                    if tag in ("equal", "changed")}
        for tag, i, j in steps:
            if tag == "equal":
                continue
            if tag == "added" and new[j].id in left_out:
                untranslated.append(new[j])
                continue
            before = old[i] if i is not None else None
            after = new[j] if j is not None else None
            found.append(Change(tag, after.id if after else before.id,
                                after.section if after else _section_title(source, before.id),
                                before.text if before else None, after.text if after else None,
                                after.line if after else None))
    return found, untranslated


def _section_title(source: Document, segment_id: str) -> str:
    span = source.section(segment_id.split("/", 1)[0])
    return span.title if span else ""


def align(source: Document, translation: Document | None, record: Record | None) -> list[Pair]:
    """Every segment of both sides paired up, in Vietnamese order."""
    pairs: list[Pair] = []
    groups = _groups(source.groups(), translation.groups() if translation else (),
                     record.groups() if record else ())
    for group in groups:
        ours = source.group(group)
        theirs = translation.group(group) if translation else []
        if record is None:
            for k in range(max(len(ours), len(theirs))):
                s = ours[k] if k < len(ours) else None
                t = theirs[k] if k < len(theirs) else None
                pairs.append(Pair(UNREVIEWED if s and t else MISSING if s else "extra", s, t, None))
            continue
        old = record.group(group)
        for tag, i, j in _opcodes([e.hash for e in old], [s.hash for s in ours]):
            s = ours[j] if j is not None else None
            t = theirs[i] if i is not None and i < len(theirs) else None
            basis = old[i] if i is not None else None
            if s is None:
                if t is not None:
                    pairs.append(Pair("removed", None, t, basis))
            elif t is None:
                pairs.append(Pair(MISSING, s, None, None))
            else:
                pairs.append(Pair(CURRENT if tag == "equal" else OUTDATED, s, t, basis))
        pairs += [Pair("extra", None, t, None) for t in theirs[len(old):]]
    return pairs


def translation_status(slug: str, lang: str, source: Document, translation: Document | None,
                       record: Record | None, path: Path, record_file: Path) -> TranslationStatus:
    if translation is None:
        return TranslationStatus(slug, lang, MISSING, path, record_file)
    if record is None:
        return TranslationStatus(slug, lang, UNREVIEWED, path, record_file)
    found, untranslated = compare(record, source)
    return TranslationStatus(slug, lang, OUTDATED if found else CURRENT, path, record_file, tuple(found),
                             tuple(untranslated))


# ---------------------------------------------------------------- a whole site

@dataclass(frozen=True)
class Loaded:
    """The three files of one translation, read."""

    source: Document
    translation: Document | None
    record: Record | None
    problems: tuple[Problem, ...]


def load_translation(res: Resolution, lang: str, config: SiteConfig,
                     record_read: tuple[Record | None, list[Problem]] | None = None) -> Loaded:
    """Segments of the source and of the translation as the loader read them (the model's
    Summary.source: no summary is read again), and the translation's record (`record_read`:
    read_record's answer when the caller has read it already)."""
    source_lang = config.default_language
    source = document_of(res.summaries[source_lang], config.languages[source_lang].section_labels)
    translated = res.summaries.get(lang)
    translation = document_of(translated, config.languages[lang].section_labels) if translated is not None else None
    if not translation:
        record_read = None, []
    record, problems = record_read or read_record(record_path(res.folder, lang))
    return Loaded(source, translation, record, tuple(problems))


def site_statuses(resolutions: Iterable[Resolution], config: SiteConfig,
                  languages: Sequence[str] | None = None) -> list[TranslationStatus]:
    """Every resolution × every translation language, site order."""
    result = []
    for res in resolutions:
        for lang in languages or config.language_codes[1:]:
            loaded = load_translation(res, lang, config)
            status = translation_status(res.slug, lang, loaded.source, loaded.translation, loaded.record,
                                        res.folder / f"{lang}.md", record_path(res.folder, lang))
            result.append(replace(status, problems=loaded.problems))
    return result


def review_translations(resolutions: list[Resolution], config: SiteConfig, glossary: Glossary | None,
                        memo: ReviewMemo) -> tuple[list[Resolution], list[Problem]]:
    """For the loader: each translation's status on the model, and the warnings `check` shows.
    `memo`: the build session's reviews (session.reviewed)."""
    problems: list[Problem] = []
    reviewed: list[Resolution] = []
    for res in resolutions:
        one, found = _review_once(memo, res, config, glossary)
        reviewed.append(one)
        problems += found
    if glossary is not None:
        problems += missing_problems(glossary, config.language_codes[1:])
    return reviewed, problems


# Folder → (the resolution as loaded, site.yaml's hash, the glossary, what reviewing it gave).
# The loader hands back the very same Resolution object while its folder (translations and their
# records included) is unchanged (session.loaded), so a long-running process (serve) re-reads only
# the translations of edited resolutions.
ReviewMemo = dict[Path, tuple[Resolution, str, "Glossary | None", tuple[Resolution, list[Problem]]]]


def _review_once(memo: ReviewMemo, res: Resolution, config: SiteConfig,
                 glossary: Glossary | None) -> tuple[Resolution, list[Problem]]:
    known = memo.get(res.folder)
    # The loader hands back the same glossary object while glossary.yaml is unchanged (`is`
    # first: comparing a glossary of hundreds of terms per resolution cost 25 ms a rebuild).
    if known and known[0] is res and known[1] == config.source_hash and config.source_hash \
            and (known[2] is glossary or known[2] == glossary):
        reviewed, problems = known[3]
        return reviewed, list(problems)
    result = review_one(res, config, glossary)
    remember_review(memo, res, config, glossary, result)
    return result


def remember_review(memo: ReviewMemo, res: Resolution, config: SiteConfig, glossary: Glossary | None,
                    result: tuple[Resolution, list[Problem]]) -> None:
    """What reviewing `res` gave (here, or in a worker process that read its folder)."""
    memo[res.folder] = (res, config.source_hash, glossary, (result[0], list(result[1])))


def review_one(res: Resolution, config: SiteConfig, glossary: Glossary | None,
               files: FolderFiles | None = None) -> tuple[Resolution, list[Problem]]:
    """One resolution's translations reviewed: their status on the model, and the warnings
    (`files`: its folder's names, when the loader has listed them)."""
    problems: list[Problem] = []
    source_lang = config.default_language
    summaries = dict(res.summaries)
    for path in (files or FolderFiles(res.folder)).ending(SUFFIX):
        lang = path.name[: -len(SUFFIX)]
        if lang == source_lang or lang not in summaries:
            problems.append(warning(path, None, "translation-record-orphan", lang=lang))
    for lang in res.summaries:
        if lang == source_lang:
            continue
        record, found = read_record(record_path(res.folder, lang))
        if record is None and glossary is None:
            # Nothing reads the segments: a translation without its record is unreviewed.
            problems += found
            summaries[lang] = replace(summaries[lang], translation_status=UNREVIEWED)
            continue
        loaded = load_translation(res, lang, config, (record, found))
        problems += loaded.problems
        status = translation_status(res.slug, lang, loaded.source, loaded.translation, loaded.record,
                                    res.summaries[lang].path, record_path(res.folder, lang))
        summaries[lang] = replace(summaries[lang], translation_status=status.state)
        if status.state == OUTDATED:
            ids = [c.id for c in status.changes]
            problems.append(warning(status.path, None, "translation-outdated", lang=lang, slug=res.slug,
                                    count=len(ids), segments=", ".join(ids[:6]) + (" …" if len(ids) > 6 else "")))
        if glossary is not None:
            problems += glossary_problems(loaded, glossary, lang)
    return replace(res, summaries=type(res.summaries)(summaries)), problems


def glossary_problems(loaded: Loaded, glossary: Glossary, lang: str) -> list[Problem]:
    """A warning wherever the Vietnamese a segment was translated from uses a term
    whose agreed translation the segment lacks."""
    problems = []
    for pair in align(loaded.source, loaded.translation, loaded.record):
        if pair.translation is None:
            continue
        basis = pair.basis.text if pair.basis is not None else pair.source.text if pair.source else None
        if not basis:
            continue
        for term in glossary.lacking(basis, pair.translation.text, lang):
            problems.append(warning(loaded.translation.path, pair.translation.line, "glossary-term-missing",
                                    term=term.source, expected=" / ".join(term.forms(lang)),
                                    segment=pair.translation.id, lang=lang))
    return problems


# ---------------------------------------------------------------- the notice on outdated pages

def outdated_notice(config: SiteConfig, lang: str) -> str | None:
    """site.yaml `outdated_notice`: one text for all languages or one per language; None = default."""
    value = config.extra.get("outdated_notice")    # str, {lang: str} or None: config._text_per_language
    text = value.get(lang) if isinstance(value, dict) else value
    return " ".join(text.split()) or None if text else None
