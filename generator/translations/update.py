"""Write translations back into `<lang>.md`, and record what they were made from.

`plan_update` takes new texts for some segments (from an imported .po/.csv)
and computes the new file: a point's translation replaces that point's
Markdown (its list marker and indentation kept), a segment new in the
Vietnamese is inserted where it belongs (a missing section gets the
language's heading from site.yaml, else the name the language's UI catalog
gives it, with the section's explicit id), a translated segment whose
Vietnamese was deleted is removed. Every other line keeps its exact bytes (BOM, line
endings, spelling). The result is read back and compared with what was
intended; a translation that would change the file's structure (a heading
inside a point, two paragraphs for one) is refused, naming the segment.

`mark_reviewed` records the current Vietnamese as the basis of a translation
as it stands.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import yaml

from ..config import SiteConfig
from ..content.model import Resolution
from ..content.sections import EXPLICIT_IDS, SECTION_KEYS
from ..i18n import translations_for
from ..vocabulary import SECTION_NAMES
from .record import Entry, record_path, write_record
from .segments import Document, Segment, parse_document, render_point, text_hash
from .translation_review import Pair, align, compare, load_translation


class TranslationError(Exception):
    """A refusal with a message code (messages/diagnostics.yaml) and its parameters."""

    def __init__(self, code: str, **params: object):
        self.code, self.params = code, params
        super().__init__(code)


@dataclass(frozen=True)
class NewText:
    """A translation delivered for one Vietnamese segment."""

    text: str                 # '' = nothing delivered
    reviewed: bool = True     # False for an entry still marked as needing work (fuzzy, unchanged)


@dataclass
class Update:
    """What importing does to one translation."""

    slug: str
    lang: str
    path: Path
    record: Path
    old_text: str | None
    new_text: str
    entries: list[Entry]
    changes: list[tuple[str, str]] = field(default_factory=list)   # (changed|added|removed, segment id)
    intents: list["_Intent"] = field(default_factory=list, repr=False)
    untranslated: list[Entry] = field(default_factory=list)        # Vietnamese left untranslated

    @property
    def created(self) -> bool:
        return self.old_text is None

    def write(self, source_name: str, today: dt.date | None = None) -> None:
        if self.new_text != self.old_text:
            self.path.write_bytes(self.new_text.encode("utf-8"))
        write_record(self.record, source_name, self.entries, today, self.untranslated)


# ---------------------------------------------------------------- editing lines

class LineEdits:
    """A file's lines as written, edited by ranges of the original line indexes."""

    def __init__(self, raw: str):
        self.bom = raw.startswith("\ufeff")
        body = raw[1:] if self.bom else raw
        self.newline = "\r\n" if "\r\n" in body else "\n"
        self.lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self._ops: list[tuple[int, int, int, list[str]]] = []

    def replace(self, start: int, end: int, lines: Sequence[str]) -> None:
        self._ops.append((start, end, len(self._ops), list(lines)))

    def insert(self, at: int, lines: Sequence[str]) -> None:
        self.replace(at, at, lines)

    def text(self) -> str:
        lines = list(self.lines)
        for start, end, _, new in sorted(self._ops, key=lambda op: (op[0], op[2]), reverse=True):
            lines[start:end] = new
        return ("\ufeff" if self.bom else "") + self.newline.join(lines)


def _yaml_lines(key: str, value: str) -> list[str]:
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=10**6, default_flow_style=False)
    return dumped.rstrip("\n").split("\n")


def _clean(text: str, one_line: bool) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if one_line:
        return " ".join(text.split())
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _padded(lines: Sequence[str], at: int, block: list[str]) -> list[str]:
    """A block of its own: blank lines around it where its neighbours are not blank."""
    before = [""] if at > 0 and at - 1 < len(lines) and lines[at - 1].strip() else []
    after = [""] if at < len(lines) and lines[at].strip() else []
    return before + block + after


def _end_of_file(lines: Sequence[str]) -> int:
    return len(lines) - 1 if lines and lines[-1] == "" else len(lines)


# ---------------------------------------------------------------- planning

def plan_update(res: Resolution, lang: str, config: SiteConfig, texts: Mapping[str, NewText]) -> Update | None:
    """The new `<lang>.md` and record for `texts` (segment id → delivered text);
    None when there is no translation and nothing was delivered for one."""
    loaded = load_translation(res, lang, config)
    source, translation = loaded.source, loaded.translation
    labels = config.languages[lang].section_labels
    path = res.folder / f"{lang}.md"
    delivered = {seg_id: NewText(_clean(t.text, seg_id in ("title", "summary")), t.reviewed)
                 for seg_id, t in texts.items()}
    pairs = align(source, translation, loaded.record)
    if translation is None and not any(t.text for t in delivered.values()):
        return None
    headings = {key: section_heading(config, lang, key) for key in SECTION_KEYS}
    if translation is None:
        update = _create(res, lang, source, delivered, path, headings, labels)
    else:
        # Without a record nothing is known to be new: whatever stays untranslated was left so.
        left_out = None if loaded.record is None else {s.id for s in compare(loaded.record, source)[1]}
        update = _edit(res, lang, source, translation, pairs, delivered, path, labels, headings, left_out)
    _verify(update, labels)
    return update


def section_heading(config: SiteConfig, lang: str, key: str) -> str:
    """The `##` line of a known section in `lang`: its site.yaml label, else the name the
    language's UI catalog gives it with the explicit id that makes it recognised."""
    own = config.languages[lang].own_section_label(key)
    if own:
        return f"## {own}"
    name = translations_for(lang, config.path.parent).gettext(SECTION_NAMES[key])
    anchor = next(explicit for explicit, known in EXPLICIT_IDS.items() if known == key)
    return f"## {name} {{#{anchor}}}"


def _source_entry(segment: Segment) -> Entry:
    return Entry(segment.id, segment.hash, segment.text)


@dataclass
class _Intent:
    """A segment the new file will have, in file order within its group."""

    group: str
    text: str
    entry: Entry
    label: str      # the Vietnamese segment id, to name it in a refusal


def _edit(res: Resolution, lang: str, source: Document, translation: Document, pairs: list[Pair],
          delivered: Mapping[str, NewText], path: Path, labels: Mapping[str, Sequence[str]],
          headings: Mapping[str, str], left_out: set[str] | None) -> Update:
    raw = path.read_bytes().decode("utf-8")
    edits = LineEdits(raw)
    lines = translation.lines
    update = Update(res.slug, lang, path, record_path(res.folder, lang), raw, "", [])
    intents: list[_Intent] = []
    new_sections: dict[str, list[str]] = {}     # group → lines of a section to create
    for index, pair in enumerate(pairs):
        t, s = pair.translation, pair.source
        if s is None:
            if pair.state == "removed":
                _delete(edits, lines, t)
                update.changes.append(("removed", pair.basis.id if pair.basis else t.id))
            else:
                intents.append(_Intent(t.group, t.text, Entry(t.id, None, None), t.id))
            continue
        new = delivered.get(s.id, NewText(""))
        if t is not None:
            unchanged = not new.text or text_hash(new.text) == t.hash
            if not unchanged:
                _replace(edits, lines, t, new.text, translation)
                update.changes.append(("changed", s.id))
            text = t.text if unchanged else new.text
            if new.text and (new.reviewed or not unchanged):
                entry = _source_entry(s)
            else:
                entry = pair.basis or Entry(t.id, None, None)
            intents.append(_Intent(s.group, text, entry, s.id))
            continue
        if not new.text:
            if left_out is None or s.id in left_out:   # a Vietnamese addition not delivered stays a change
                update.untranslated.append(_source_entry(s))
            continue
        intents.append(_Intent(s.group, new.text, _source_entry(s), s.id))
        update.changes.append(("added", s.id))
        anchor = _neighbour(pairs, index, s.group)
        if anchor is not None:
            before, neighbour = anchor
            _insert_near(edits, lines, neighbour, before, s, new.text, translation)
        elif s.group == "title" or s.group == "summary":
            _insert_front(edits, translation, s.group, new.text)
        elif s.group == "lead":
            at = translation.sections[0].start if translation.sections else _end_of_file(lines)
            edits.insert(at, _padded(lines, at, new.text.split("\n")))
        elif s.group == "section":
            _insert_section(edits, source, translation, pairs, s, new.text.split("\n"))
        else:
            span = translation.section(s.group)
            if span is not None:
                edits.insert(span.start + 1, render_point(new.text, span.marker or "- "))
            else:
                new_sections.setdefault(s.group, []).extend(render_point(new.text))
    for group, body in new_sections.items():
        _insert_section(edits, source, translation, pairs, source.group(group)[0], [headings[group], *body])
    update.new_text = edits.text()
    update.entries = _order_entries(intents, update.new_text, labels)
    update.intents = intents
    return update


def _neighbour(pairs: list[Pair], index: int, group: str) -> tuple[bool, Segment] | None:
    """A kept translation segment of the same group to insert next to: (insert before it?, segment)."""
    for pair in reversed(pairs[:index]):
        if pair.translation is not None and pair.translation.group == group and pair.state != "removed":
            return False, pair.translation
    for pair in pairs[index + 1:]:
        if pair.translation is not None and pair.translation.group == group:
            return True, pair.translation
    return None


def _delete(edits: LineEdits, lines: Sequence[str], t: Segment) -> None:
    start = t.start
    if not t.marker and start > 0 and not lines[start - 1].strip() and (t.end >= len(lines) or not lines[t.end].strip()):
        start -= 1
    edits.replace(start, t.end, [])


def _replace(edits: LineEdits, lines: Sequence[str], t: Segment, text: str, translation: Document) -> None:
    if t.group in ("title", "summary"):
        edits.replace(t.start, t.end, _yaml_lines(t.group, text))
    elif t.marker:
        edits.replace(t.start, t.end, render_point(text, t.marker))
    else:
        edits.replace(t.start, t.end, text.split("\n"))


def _insert_near(edits: LineEdits, lines: Sequence[str], neighbour: Segment, before: bool, s: Segment,
                 text: str, translation: Document) -> None:
    if s.group in ("title", "summary"):
        _insert_front(edits, translation, s.group, text)
        return
    at = neighbour.start if before else neighbour.end
    if s.group in ("lead", "section"):
        block = text.split("\n")
        edits.insert(at, block + [""] if before else [""] + block)
    else:
        edits.insert(at, render_point(text, neighbour.marker or "- "))


def _insert_front(edits: LineEdits, translation: Document, key: str, text: str) -> None:
    title = translation.get("title")
    at = title.end if key == "summary" and title is not None else translation.front[0] + 1
    edits.insert(at, _yaml_lines(key, text))


def _insert_section(edits: LineEdits, source: Document, translation: Document, pairs: list[Pair],
                    s: Segment, block: list[str]) -> None:
    """A whole new section, placed after the translation's counterpart of the Vietnamese section before it."""
    order = list(source.sections)
    mine = next(i for i, span in enumerate(order) if span.start <= s.start < span.end)
    lines = translation.lines
    for span in reversed(order[:mine]):
        counterpart = _counterpart(span, translation, pairs)
        if counterpart is not None:
            at = counterpart.end if counterpart.end < len(lines) else _end_of_file(lines)
            edits.insert(at, _padded(lines, at, block))
            return
    for span in order[mine + 1:]:
        counterpart = _counterpart(span, translation, pairs)
        if counterpart is not None:
            edits.insert(counterpart.start, _padded(lines, counterpart.start, block))
            return
    at = _end_of_file(lines)
    edits.insert(at, _padded(lines, at, block))


def _counterpart(span, translation: Document, pairs: list[Pair]):
    if span.key is not None:
        return translation.section(span.key)
    for pair in pairs:
        if pair.source is not None and pair.source.start == span.start and pair.translation is not None:
            return next((t for t in translation.sections if t.start == pair.translation.start), None)
    return None


def _create(res: Resolution, lang: str, source: Document, delivered: Mapping[str, NewText], path: Path,
            headings: Mapping[str, str], labels: Mapping[str, Sequence[str]]) -> Update:
    """A new `<lang>.md` from delivered translations, in the Vietnamese structure."""
    texts = {s.id: delivered[s.id].text for s in source.segments if delivered.get(s.id, NewText("")).text}
    if "title" not in texts:
        raise TranslationError("import-needs-title", slug=res.slug, language=lang)
    lines = ["---", *_yaml_lines("title", texts["title"])]
    if "summary" in texts:
        lines += _yaml_lines("summary", texts["summary"])
    lines += ["---"]
    for seg in source.group("lead"):
        if seg.id in texts:
            lines += ["", *texts[seg.id].split("\n")]
    for span in source.sections:
        if span.key is None:
            seg = next((s for s in source.group("section") if s.start == span.start), None)
            if seg is not None and seg.id in texts:
                lines += ["", *texts[seg.id].split("\n")]
            continue
        points = [s for s in source.group(span.key) if span.start <= s.start < span.end and s.id in texts]
        if points:
            lines += ["", headings[span.key]]
            for seg in points:
                lines += render_point(texts[seg.id])
    text = "\n".join(lines) + "\n"
    intents = [_Intent(s.group, texts[s.id], _source_entry(s), s.id) for s in source.segments if s.id in texts]
    return Update(res.slug, lang, path, record_path(res.folder, lang), None, text,
                  _order_entries(intents, text, labels), [("added", seg_id) for seg_id in texts], intents,
                  [_source_entry(s) for s in source.segments if s.id not in texts])


def _order_entries(intents: list[_Intent], text: str, labels: Mapping[str, Sequence[str]]) -> list[Entry]:
    """Record entries in the new file's segment order (each group keeps its own order)."""
    by_group: dict[str, list[_Intent]] = {}
    for intent in intents:
        by_group.setdefault(intent.group, []).append(intent)
    doc = parse_document(text, labels)
    entries = []
    for segment in doc.segments:
        queue = by_group.get(segment.group)
        if queue:
            entries.append(queue.pop(0).entry)
    return entries


def _verify(update: Update, labels: Mapping[str, Sequence[str]]) -> None:
    """The new file, read back, must have exactly the intended segments."""
    doc = parse_document(update.new_text, labels)
    intents = update.intents
    groups: dict[str, list[_Intent]] = {}
    for intent in intents:
        groups.setdefault(intent.group, []).append(intent)
    for group in set(groups) | set(doc.groups()):
        wanted, found = groups.get(group, []), doc.group(group)
        for k, intent in enumerate(wanted):
            if k >= len(found) or found[k].hash != text_hash(intent.text):
                raise TranslationError("import-breaks-structure", slug=update.slug, segment=intent.label,
                                       language=update.lang)
        if len(found) > len(wanted):
            label = wanted[-1].label if wanted else found[len(wanted)].id
            raise TranslationError("import-breaks-structure", slug=update.slug, segment=label, language=update.lang)


# ---------------------------------------------------------------- mark-reviewed

@dataclass(frozen=True)
class Marked:
    path: Path
    recorded: int
    uneven: tuple[tuple[str, int, int], ...]     # (group, translated segments, Vietnamese segments)


def mark_reviewed(res: Resolution, lang: str, config: SiteConfig, today: dt.date | None = None) -> Marked:
    """Record the current Vietnamese as what the translation, as it stands, was reviewed against.

    Within a group with as many segments on both sides they are paired in
    order; otherwise through the previous record where there is one.
    """
    if lang == config.default_language or lang not in config.languages:
        raise TranslationError("mark-bad-language", language=lang, languages=", ".join(config.language_codes[1:]))
    loaded = load_translation(res, lang, config)
    if loaded.translation is None:
        raise TranslationError("mark-no-translation", slug=res.slug, language=lang)
    source, translation = loaded.source, loaded.translation
    by_group: dict[str, list[Entry]] = {}
    uneven = []
    aligned = align(source, translation, loaded.record) if loaded.record else []
    for group in translation.groups():
        theirs, ours = translation.group(group), source.group(group)
        if not theirs:
            continue
        if len(theirs) != len(ours):
            uneven.append((group, len(theirs), len(ours)))
        if len(theirs) == len(ours) or loaded.record is None:
            by_group[group] = [_source_entry(ours[k]) if k < len(ours) else Entry(t.id, None, None)
                               for k, t in enumerate(theirs)]
        else:
            by_group[group] = [_source_entry(p.source) if p.source is not None else Entry(p.translation.id, None, None)
                               for p in aligned if p.translation is not None and p.translation.group == group]
    entries = [by_group[s.group].pop(0) for s in translation.segments if by_group.get(s.group)]
    # Reviewed as it stands: what it does not translate was left untranslated, not added since.
    used = {e.id for e in entries if e.hash is not None}
    untranslated = [_source_entry(s) for s in source.segments if s.id not in used]
    write_record(record_path(res.folder, lang), source.path.name if source.path else "vi.md", entries, today,
                 untranslated)
    return Marked(record_path(res.folder, lang), len(entries), tuple(uneven))
