"""The build session saved with the cache, so that a new process starts where the last one ended.

A `build` after an edit would otherwise read and parse every resolution folder
again. After each build the model of every folder (with its problems and the
review of its translations) is kept in the cache folder; the next process
restores it, and the loader then reads again only the folders whose files
changed (their signature differs), exactly as `serve` does in memory.

What a new process pays for grows with what changed, not with the site:
- the index (`session.json`, sealed whole) has one line per folder with what every
  build reads of every folder: its signature, the metadata, titles and problems, the
  review of its translations (the "light" part);
- the rest of each folder (its summaries' Markdown trees and source text: HEAVY) is one
  entry of a pack (machinery/cache_pack.py) with a seal of its own, decoded only when a
  builder reads it (`_StoredSummary`): a rebuild after one edit decodes the trees of the
  pages it makes, not those of the site. A summary's tree is not stored here a second time:
  the entry links to the tree memo's (content/tree_memo.py: `TreeMemo.link`, its key and the
  SHA-256 of its bytes), with a plan of its lead, sections and points that names their nodes
  by where they are in it (about half the bytes of the model's sections, whose points repeat
  their lists' items; decoded without cutting again); a tree the memo does not hold is kept
  whole in the entry;
- a build writes back only the entries that changed: the changed folders' heavy parts
  appended to the pack, and the index lines (kept as text from the reading).

The files are data, never code: JSON, decoded only into the model's own classes
(ALLOWED). The cache folder is writable by anyone who can write the content, and
unpickling runs code. They are verified on reading: the index by its seal and the
generator's code fingerprint (else nothing is used), each line on its own (a class
outside ALLOWED, a path outside its folder, a folder of another content folder: that
folder is read anew), each heavy entry by its seal and the folder and signature it
names, each linked tree by the memo's seal and the link's SHA-256 (else that folder is read
again when a builder first needs its trees).
"""
from __future__ import annotations

import dataclasses
from dataclasses import replace
import datetime as dt
import hashlib
import json
import os
import posixpath
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable

from .machinery.buildstate import code_fingerprint
from .machinery.cache_pack import Pack, Ref, ref_of
from .machinery.cache_seal import read_sealed, write_sealed
from .content.htmltree import Node
from .content.markdown_tree import saved_node
from .content import model
from .content.model import Point, Resolution, Section, Summary
from .content.source import SummarySource
from .content.tree_memo import TreeMemo, decode_tree, encode_tree
from .diagnostics import Problem, Severity
from .session import BuildSession
from .content.glossary import Glossary, Term
from .vocabulary import SLUG

SESSION_FILE = "session.json"       # the index; the heavy parts are in `session.<token>.pack`
PACK_STEM = "session"
FORMAT = 4
# The only classes a saved session may create (a file naming another one does not verify): the
# model's own data classes (a class added to content/model.py is carried at once), a summary's
# source text, problems and the glossary.
ALLOWED: dict[str, type] = {
    **{name: cls for name, cls in vars(model).items()
       if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__},
    **{cls.__name__: cls for cls in (SummarySource, Problem, Glossary, Term)}}
# A summary's parts kept in the pack and decoded when first read; the others are in the index.
HEAVY = ("lead", "sections", "footnotes", "source")
LIGHT = tuple(f.name for f in dataclasses.fields(Summary) if f.name not in HEAVY)
_DAMAGE = (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)


class NotSaved(ValueError):
    """The session holds a value this format does not carry (that folder is not saved)."""


@dataclasses.dataclass
class Encoded:
    """One folder as saved: its index line's parts (JSON text) and where its heavy part is
    (`pack` and `ref`), or its bytes and their SHA-256 until they are written."""
    loaded: str
    review: str
    pack: Pack | None = None
    ref: Ref | None = None
    heavy: tuple[bytes, str] | None = None
    where: str | None = None            # the line's first part as last written or read (for this ref)


# ---------------------------------------------------------------- saving

def save(session: BuildSession, cache_dir: Path | None, content_dir: Path) -> None:
    """Write back what changed since the session was read or written: the tree memo (which
    holds the trees the entries link to), the heavy parts of the folders read anew, and the
    index. Raises OSError (a cache that cannot be written)."""
    index = Path(cache_dir) / SESSION_FILE if cache_dir else None
    if index is None or not session.loaded:
        return
    session.trees.save(cache_dir)
    if session.saved_reads == session.reads and index.is_file() \
            and not any(_read_anew(loaded[2][0]) for loaded in session.loaded.values()):
        return
    cache_dir = Path(cache_dir)
    glossary = session.glossaries.get(content_dir)
    try:
        head = _dumps({"content": _where(content_dir), "glossary": _encode(glossary)})
    except NotSaved:
        return
    pack = session.store_packs.get(cache_dir) or Pack.new(cache_dir, PACK_STEM)
    entries: dict[str, Encoded] = {}
    for folder, loaded in sorted(session.loaded.items()):
        try:
            entries[folder] = _entry(session, folder, loaded, glossary)
        except NotSaved:
            continue                    # read anew by the next process
    _write_heavy(entries, pack)
    live = {folder: entry.ref for folder, entry in entries.items() if entry.ref is not None}
    if pack.needs_compacting(live.values()):
        pack, refs = pack.compacted(live, PACK_STEM)
        for folder, ref in refs.items():
            entries[folder].pack, entries[folder].ref, entries[folder].where = pack, ref, None
    header = _dumps({"format": FORMAT, "code": code_fingerprint(), "pack": pack.name})
    lines = [_line(folder, session.loaded[folder], entry) for folder, entry in entries.items()]
    write_sealed(index, "\n".join([header, head, *lines]).encode("utf-8"))    # with its checksum (cache_seal.py)
    if session.store_packs.get(cache_dir) is not pack:
        pack.remove_others(PACK_STEM)   # the pack an older index named
    session.store_packs[cache_dir] = pack
    session.saved_reads = session.reads


def _entry(session: BuildSession, folder: str, loaded: tuple, glossary: Glossary | None) -> Encoded:
    """The folder's saved form: kept from the reading or the last save while its model and
    review are the very same objects; the review encoded again alone when only it changed."""
    resolution = loaded[2][0]
    reviewed = session.reviewed.get(resolution.folder) if resolution is not None else None
    if not (reviewed is not None and resolution is not None and reviewed[0] is resolution
            and (reviewed[2] is glossary or reviewed[2] is None)):
        reviewed = None
    known = session.saved_entries.get(folder)
    if known is not None and known[0] is loaded and not _read_anew(resolution):
        if known[1] is reviewed:
            return known[2]
        encoded = replace(known[2], review=_review_json(reviewed and reviewed[3], reviewed and reviewed[1],
                                                        reviewed is not None and reviewed[2] is not None))
    else:
        encoded = encoded_parts(folder, loaded[0], loaded[2], reviewed and reviewed[3], reviewed and reviewed[1],
                                reviewed is not None and reviewed[2] is not None, session.trees.link)
    session.saved_entries[folder] = (loaded, reviewed, encoded)
    return encoded


def _read_anew(resolution: Resolution | None) -> bool:
    """Whether this process found the folder's heavy part damaged (and read the folder again):
    its entry is written anew from what it read."""
    summary = next(iter(resolution.summaries.values()), None) if resolution is not None else None
    return isinstance(summary, _StoredSummary) and summary.__dict__["_parts"].damaged


def _write_heavy(entries: dict[str, Encoded], pack: Pack) -> None:
    """The heavy parts not in `pack` yet, appended to it in one write (from another pack: its
    bytes as they are, verified)."""
    moving = []
    for folder, entry in entries.items():
        if entry.heavy is None and entry.ref is not None and (entry.pack is None or entry.pack.path != pack.path):
            data = entry.pack.read(entry.ref) if entry.pack is not None else None
            entry.heavy, entry.ref, entry.where = (data, entry.ref[2]) if data is not None else None, None, None
        if entry.heavy is not None:
            moving.append(folder)
    for folder, ref in zip(moving, pack.append([entries[folder].heavy for folder in moving])):
        entries[folder].pack, entries[folder].ref, entries[folder].heavy, entries[folder].where = pack, ref, None, None


def encoded_parts(folder: str, signature: tuple, loaded: tuple, review: tuple | None, review_site: str | None,
                  with_glossary: bool, encode: Callable[[tuple], bytes] = encode_tree) -> Encoded:
    """A folder's model and problems (light: the index line; heavy: the pack entry), and the
    review of its translations: made where the folder is read (a worker process of a cold
    build, in parallel). `encode`: a summary's tree as the entry holds it (the tree memo's
    `link`: a link to its tree, encoded once for the memo's pack).
    Raises NotSaved for a value the format does not carry."""
    resolution, problems = loaded
    light = _dumps(_encode((resolution, problems), light=True))
    heavy = None
    if resolution is not None:
        # Written as bytes around the trees' own encoding (the tree memo's), not through _encode.
        parts = b",".join(b"%s:[%s,%s]" % (_dumps(lang).encode("utf-8"), encode(_body(summary)),
                                           _dumps([_encode(summary.source), _plan(summary)]).encode("utf-8")[1:-1])
                          for lang, summary in resolution.summaries.items())
        head = _dumps({"folder": folder, "signature": _encode(signature)}).encode("utf-8")
        data = b'%s,"parts":{%s}}' % (head[:-1], parts)
        heavy = (data, hashlib.sha256(data).hexdigest())
    return Encoded(light, _review_json(review, review_site, with_glossary), heavy=heavy)


def _body(summary: Summary) -> tuple:
    """The summary's Markdown tree in the order of its parts: the lead, each section's heading
    and nodes, the footnotes (as content/sections.py cut it up)."""
    return (*summary.lead, *(node for section in summary.sections for node in (section.heading, *section.nodes)),
            *summary.footnotes)


def _plan(summary: Summary) -> list:
    """Where _body's parts are, and the sections' other fields: [lead's length, footnotes'
    length, sections], a section as [key, title, anchor, line, its nodes' count, its points,
    its questions and answers], a point as [its nodes' places in the section, text, line]. A
    section whose points hold a node from elsewhere is saved whole instead (the codec)."""
    sections = []
    for section in summary.sections:
        places = _places(section.nodes)
        try:
            points = [[[places[id(node)] for node in point.nodes], point.text, point.line] for point in section.points]
        except KeyError:
            sections.append(_encode(section))
            continue
        sections.append([section.key, section.title, section.anchor, section.line, len(section.nodes), points,
                         _encode(section.qa)])
    return [len(summary.lead), len(summary.footnotes), sections]


def _places(nodes: tuple) -> dict[int, int | list[int]]:
    """Where each node a point may hold is among a section's nodes (by identity): i, a node of
    the section; [i, j, k], the k-th child of the j-th item of the list i (a list item's point)."""
    places: dict[int, int | list[int]] = {id(node): i for i, node in enumerate(nodes)}
    for i, node in enumerate(nodes):
        if isinstance(node, Node) and node.tag in ("ul", "ol"):
            for j, item in enumerate(node.children):
                if isinstance(item, Node):
                    for k, child in enumerate(item.children):
                        places.setdefault(id(child), [i, j, k])     # text: any equal one will do
    return places


def _review_json(review: tuple | None, review_site: str | None, with_glossary: bool) -> str:
    if review is None:
        return "null"
    result, found = review
    # The review only sets each summary's translation status (translations/status.review_one).
    return _dumps({"site": review_site, "glossary": with_glossary, "problems": _encode(found),
                   "status": {lang: summary.translation_status for lang, summary in result.summaries.items()}})


def _line(folder: str, loaded: tuple, entry: Encoded) -> str:
    """One index line: where and what the folder is, then its light part and its review, apart
    (JSON escapes every tab inside a text), so that a reader keeps each part as text."""
    if entry.where is None:
        heavy = list(entry.ref) if entry.ref is not None else None
        entry.where = _dumps({"folder": folder, "signature": _encode(loaded[0]), "site": loaded[1], "heavy": heavy})
    return f"{entry.where}\t{entry.loaded}\t{entry.review}"


def remember_parts(session: BuildSession, folder: str, parts: Encoded | None) -> None:
    """The saved form of a folder just read (encoded by the worker that read it), kept for
    save() so that a cold build does not encode the whole model again at its end."""
    loaded = session.loaded.get(folder)
    if parts is None or loaded is None:
        return
    resolution = loaded[2][0]
    reviewed = session.reviewed.get(resolution.folder) if resolution is not None else None
    session.saved_entries[folder] = (loaded, reviewed, parts)


def unwritten(session: BuildSession) -> int:
    """How many folders save() would write anew (read since the session was restored or saved):
    what saving costs, for the pipeline to decide where it saves."""
    return sum(1 for folder in session.loaded
               if (known := session.saved_entries.get(folder)) is None or known[2].ref is None)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- restoring

def restore(session: BuildSession, cache_dir: Path | None, content_dir: Path) -> bool:
    """Fill a new session from the saved one; False (and the session untouched) when there is
    none, or its index does not verify. A line that does not verify is left out: its folder
    is read anew."""
    if cache_dir is None or session.loaded:
        return False
    session.trees.load(cache_dir)                           # the trees the heavy parts link to
    sealed = read_sealed(Path(cache_dir) / SESSION_FILE)     # None: missing or damaged
    if sealed is None:
        return False
    try:
        header, first, *lines = sealed.decode("utf-8").split("\n")
        meta = json.loads(header)
        if meta.get("format") != FORMAT or meta.get("code") != code_fingerprint():
            return False
        data = json.loads(first, object_hook=_decode)
        if data["content"] != _where(content_dir):
            return False
        glossary = data["glossary"]
        if not (glossary is None or isinstance(glossary, Glossary)):
            return False
    except _DAMAGE:
        return False
    pack = Pack.named(Path(cache_dir), PACK_STEM, meta.get("pack"))
    resolutions = os.path.abspath(Path(content_dir) / "resolutions")
    for line in lines:
        try:
            folder, loaded, reviewed, encoded = _restored(line, glossary, pack, resolutions, session.trees)
        except _DAMAGE:
            continue
        session.loaded[folder] = loaded
        if reviewed is not None:
            session.reviewed[loaded[2][0].folder] = reviewed
        session.saved_entries[folder] = (loaded, reviewed, encoded)
    if glossary is not None:
        session.glossaries[Path(content_dir)] = glossary
    if pack is not None:
        session.store_packs[Path(cache_dir)] = pack
    session.saved_reads = session.reads
    session.trees.keep_unused = True
    return True


def _restored(line: str, glossary: Glossary | None, pack: Pack | None, resolutions: str,
              trees: TreeMemo) -> tuple[str, tuple, tuple | None, Encoded]:
    """(folder, the loader's entry, the review's entry, its saved form) of one index line;
    `trees`: the session's tree memo, which holds the trees the heavy part links to."""
    where, light, review_text = line.split("\t")
    parts = _HeavyParts(pack, trees)
    # One decoding of the three parts (each alone is JSON: the line's tabs are outside them).
    entry, (resolution, problems), review = json.loads(f"[{where},{light},{review_text}]",
                                                       object_hook=lambda obj: _decode(obj, parts))
    folder, signature, site = entry["folder"], entry["signature"], entry["site"]
    if not isinstance(folder, str) or os.path.dirname(folder) != resolutions or not isinstance(site, str):
        raise ValueError("not a folder of this content")
    if resolution is not None:
        _check_paths(folder, resolution)
        _check_types(resolution)
    _check_problems(problems)
    parts.folder, parts.signature, parts.ref = folder, signature, ref_of(entry["heavy"])
    loaded = (signature, site, (resolution, list(problems)))
    encoded = Encoded(light, review_text, pack if parts.ref else None, parts.ref, where=where)
    if review is None or resolution is None:
        return folder, loaded, None, encoded
    status = review["status"]
    _check_problems(review["problems"])
    if not (isinstance(status, dict) and all(isinstance(v, (str, type(None))) for v in status.values())):
        raise ValueError("not a review")
    result = resolution if all(summary.translation_status == status.get(lang) for lang, summary
                               in resolution.summaries.items()) else replace(resolution, summaries=MappingProxyType(
        {lang: _with_status(summary, status.get(lang)) for lang, summary in resolution.summaries.items()}))
    # The very resolution object the loader hands back, as status._review_once expects.
    return folder, loaded, (resolution, review["site"], glossary if review["glossary"] else None,
                            (result, list(review["problems"]))), encoded


def _check_paths(folder: str, resolution: Resolution) -> None:
    """A restored resolution names only its own folder and files inside it, as a loaded one
    does (the builders write under its slug, copy its assets, name its summaries)."""
    if not isinstance(resolution, Resolution) or not isinstance(resolution.folder, Path) \
            or os.path.abspath(resolution.folder) != folder \
            or resolution.slug != os.path.basename(folder) or not SLUG.match(resolution.slug):
        raise ValueError("a resolution of another folder")
    inside = str(resolution.folder) + os.sep
    for lang, summary in resolution.summaries.items():
        if not isinstance(summary, Summary) or summary.lang != lang or not isinstance(summary.path, Path) \
                or str(summary.path) != f"{inside}{lang}.md":
            raise ValueError("a summary of another file")
    for asset in resolution.assets:
        name = asset.name
        if not isinstance(name, str) or not isinstance(asset.source, Path) or posixpath.normpath(name) != name \
                or name.startswith(("/", "../")) or name == ".." or "\\" in name or not _inside(str(asset.source), inside):
            raise ValueError("a file outside the folder")


def _check_types(resolution: Resolution) -> None:
    """A restored resolution holds the types a loaded one does (the builders take them for
    granted): a line that decodes into something else is not used."""
    texts = (resolution.slug, resolution.code, resolution.kind, resolution.level, resolution.issuer,
             *resolution.topics, *resolution.implements, *resolution.implemented_by)
    review = resolution.review
    if not (all(isinstance(text, str) for text in texts) and isinstance(resolution.issued, dt.date)
            and all(isinstance(group, tuple) for group in (resolution.topics, resolution.implements,
                                                            resolution.implemented_by, resolution.assets))
            and isinstance(resolution.summaries, MappingProxyType) and _plain(resolution.meta)
            and isinstance(resolution.scripts, MappingProxyType) and _plain(resolution.scripts)
            and all(isinstance(text, str) for text in resolution.scripts.values())
            and isinstance(resolution.recordings, MappingProxyType) and not resolution.recordings
            and (review is None or isinstance(review, model.ReviewOverride) and _plain(review.due)
                 and _plain(review.done) and isinstance(review.reviewed, (bool, type(None))))
            and all(isinstance(asset, model.Asset) and isinstance(asset.referenced_in, (Path, type(None)))
                    and isinstance(asset.line, (int, type(None))) for asset in resolution.assets)
            and all(isinstance(summary.title, str) and isinstance(summary.summary, str)
                    and isinstance(summary.source_hash, str) and isinstance(summary.front, MappingProxyType)
                    and _plain(summary.front) and isinstance(summary.translation_status, (str, type(None)))
                    for summary in resolution.summaries.values())):
        raise ValueError("not a resolution as the loader makes it")


def _check_problems(problems: Any) -> None:
    if not (isinstance(problems, (list, tuple)) and all(
            isinstance(p, Problem) and isinstance(p.path, (Path, type(None))) and isinstance(p.severity, Severity)
            and isinstance(p.line, (int, type(None))) and isinstance(p.col, (int, type(None)))
            and isinstance(p.code, str) and isinstance(p.cell, (str, type(None))) and _plain(p.params)
            for p in problems)):
        raise ValueError("not problems")


_SCALARS = (str, int, float, bool, type(None), dt.date, Path)


def _plain(value: Any, depth: int = 0) -> bool:
    """Plain data as YAML gives it (and the paths and dates of a message's parameters)."""
    if isinstance(value, _SCALARS):
        return True
    if depth > 50:
        return False
    if isinstance(value, (list, tuple)):
        return all(_plain(item, depth + 1) for item in value)
    if isinstance(value, (dict, MappingProxyType)):
        return all(_plain(key, depth + 1) and _plain(item, depth + 1) for key, item in value.items())
    return False


def _inside(path: str, folder: str) -> bool:
    """Whether `path` names a file under `folder` (ending in a separator) without leaving it."""
    return path.startswith(folder) and ".." not in path[len(folder):].split(os.sep)


def fits(remembered: tuple, languages: Iterable[str], reread: Callable[[], Resolution | None]) -> bool:
    """For the loader, about an entry it is about to hand back: whether it names only languages
    of site.yaml (as a folder read anew does), and `reread` (the folder read again) for
    when its heavy part turns out damaged."""
    resolution = remembered[2][0]
    if resolution is None:
        return True
    known = set(languages)
    if not (known.issuperset(resolution.summaries) and known.issuperset(resolution.scripts)):
        return False
    for summary in resolution.summaries.values():
        if isinstance(summary, _StoredSummary):
            summary.__dict__["_parts"].reread = reread
            break                       # one _HeavyParts per folder
    return True


def _where(content_dir: Path) -> list[str]:
    """The content folder as given and as it resolves: the model's paths are as given, so a
    saved session serves only a build that names the folder the same way from the same place."""
    return [str(content_dir), str(Path(content_dir).resolve())]


# ---------------------------------------------------------------- heavy parts, decoded when read

class _HeavyParts:
    """A restored folder's heavy part: read from the pack and decoded the first time a builder
    reads one of its summaries' HEAVY fields; the folder read anew (`reread`, set by the loader)
    when the entry does not verify."""

    def __init__(self, pack: Pack | None, trees: TreeMemo):
        self.pack = pack
        self.trees = trees
        self.folder: str | None = None
        self.signature: Any = None
        self.ref: Ref | None = None
        self.reread: Callable[[], Resolution | None] | None = None
        self.decoded: dict[str, dict[str, Any]] | None = None
        self.damaged = False

    def of(self, lang: str) -> dict[str, Any]:
        if self.decoded is None:
            self.decoded = self._from_pack()
            if self.decoded is None:
                self.decoded = self._read_anew()
        if lang not in self.decoded:
            raise RuntimeError(f"{self.folder}: the {lang} summary changed while it was built")
        return self.decoded[lang]

    def _from_pack(self) -> dict[str, dict[str, Any]] | None:
        data = self.pack.read(self.ref) if self.pack is not None and self.ref is not None else None
        if data is None:
            return None
        try:
            entry = json.loads(data.decode("utf-8"), object_hook=_decode)
            if entry["folder"] != self.folder or entry["signature"] != self.signature:
                return None             # an entry of another folder, or of the folder as it was
            return {lang: self._split(*values) for lang, values in entry["parts"].items()}
        except _DAMAGE:
            return None

    def _split(self, tree: Any, source: Any, plan: Any) -> dict[str, Any]:
        """A summary's heavy fields from its tree (or the link to it), source and plan (_plan)."""
        if not (isinstance(source, SummarySource) and isinstance(source.text, str)
                and isinstance(source.front_matter, bool)):
            raise ValueError("not a summary's source")
        nodes = decode_tree(tree) if isinstance(tree, list) else self.trees.linked(tree)
        if nodes is None:
            raise ValueError("a tree the tree memo does not hold (as it was)")
        lead, footnotes, planned = plan
        at = _count(lead)
        sections = []
        for section in planned:
            if isinstance(section, Section):
                size = len(section.nodes)
            else:
                key, title, anchor, line, size, points, qa = section
                body = nodes[at + 1:at + 1 + _count(size)]
                section = Section(key=key, title=title, anchor=anchor, heading=nodes[at], nodes=body, line=line,
                                  points=tuple(Point(nodes=tuple(_node_at(body, place) for place in places),
                                                     text=text, line=point_line) for places, text, point_line in points),
                                  qa=qa)
            _check_section(section)
            sections.append(section)
            at += 1 + size
        if at + _count(footnotes) != len(nodes):
            raise ValueError("a plan of another tree")
        return {"lead": nodes[:lead], "sections": tuple(sections), "footnotes": nodes[at:], "source": source}

    def _read_anew(self) -> dict[str, dict[str, Any]]:
        self.damaged = True
        resolution = self.reread() if self.reread is not None else None
        if resolution is None:
            raise RuntimeError(f"the saved session's entry for {self.folder} is damaged and the folder "
                               "cannot be read again")
        return {lang: {name: getattr(summary, name) for name in HEAVY}
                for lang, summary in resolution.summaries.items()}


def _count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise ValueError("not a count")
    return value


def _node_at(body: tuple, place: Any) -> Any:
    """A node of a point by its place (_places)."""
    if type(place) is int:
        return body[place]
    i, j, k = place
    return body[i].children[j].children[k]


def _check_section(section: Section) -> None:
    """A section as the loader makes it (the builders take its types for granted)."""
    if not (isinstance(section.key, (str, type(None))) and isinstance(section.title, str)
            and isinstance(section.anchor, str) and isinstance(section.heading, Node)
            and isinstance(section.line, (int, type(None))) and isinstance(section.qa, tuple)
            and all(isinstance(pair, model.QuestionAnswer) and isinstance(pair.question, str) for pair in section.qa)
            and all(isinstance(point, Point) and isinstance(point.text, str)
                    and isinstance(point.line, (int, type(None))) for point in section.points)):
        raise ValueError("not a section")


def _heavy_field(name: str) -> property:
    """A HEAVY field of a restored summary: decoded (with the others) on first read. A property,
    not __getattr__: `source` has a class default (None) that would answer first."""

    def get(summary: "_StoredSummary") -> Any:
        known = summary.__dict__
        if name not in known:
            known.update(known["_parts"].of(summary.lang))
        return known[name]

    def put(summary: "_StoredSummary", value: Any) -> None:       # Summary.__init__ (replace)
        summary.__dict__[name] = value

    return property(get, put)


class _StoredSummary(Summary):
    """A restored Summary: its LIGHT fields set, its HEAVY ones decoded when first read. It is
    a Summary in every way a reader can tell (fields, equality, replace)."""

    lead = _heavy_field("lead")
    sections = _heavy_field("sections")
    footnotes = _heavy_field("footnotes")
    source = _heavy_field("source")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Summary):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in dataclasses.fields(Summary))

    __hash__ = Summary.__hash__

    def section(self, key: str) -> Section | None:
        """Without decoding the sections when the summary has none of that key (which builders
        ask of every summary: a short version? questions and answers?)."""
        keys = self.__dict__.get("_keys")
        if keys is not None and "sections" not in self.__dict__ and key not in keys:
            return None
        return super().section(key)

    def __reduce__(self) -> tuple:
        """Pickled (to a worker process) as the plain Summary it stands for, decoded."""
        return Summary, tuple(getattr(self, f.name) for f in dataclasses.fields(Summary))


def _stored_summary(value: list, parts: _HeavyParts | None) -> Summary:
    """A summary of an index line: its LIGHT fields, and the keys of its sections."""
    fields, keys = value
    if parts is None or not (isinstance(keys, list) and all(isinstance(key, (str, type(None))) for key in keys)):
        raise ValueError("a summary outside a saved folder")
    summary = _StoredSummary(**fields, **dict.fromkeys(HEAVY))      # TypeError: fields it does not have
    for name in HEAVY:
        del summary.__dict__[name]
    summary.__dict__["_parts"] = parts
    summary.__dict__["_keys"] = frozenset(keys)
    return summary


def _with_status(summary: Summary, status: str | None) -> Summary:
    """The summary with its translation status, its heavy part still shared and undecoded."""
    if not isinstance(summary, _StoredSummary):
        return replace(summary, translation_status=status)
    copy = object.__new__(_StoredSummary)
    copy.__dict__.update(summary.__dict__, translation_status=status)
    return copy


# ---------------------------------------------------------------- the codec

def _encode(value: Any, light: bool = False) -> Any:
    """Plain JSON data for a value of the model; every non-JSON type tagged with a "$" key.
    `light`: a Summary without its HEAVY fields (the index line)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Node):
        return {"$n": [value.tag, [list(pair) for pair in value.attrs], [_encode(c) for c in value.children]]}
    if isinstance(value, tuple):
        return {"$t": [_encode(v, light) for v in value]}
    if isinstance(value, list):
        return [_encode(v, light) for v in value]
    if isinstance(value, (dict, MappingProxyType)):
        tag = "$dict" if isinstance(value, dict) else "$m"
        return {tag: [[_encode(k), _encode(v, light)] for k, v in value.items()]}
    if isinstance(value, Path):
        return {"$p": str(value)}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b": value.hex()}
    if isinstance(value, Severity):
        return {"$s": value.value}
    if isinstance(value, Summary):
        if light:
            return {"$S": [{name: _encode(getattr(value, name)) for name in LIGHT},
                           [section.key for section in value.sections] if "sections" in value.__dict__
                           else sorted(value.__dict__["_keys"], key=str)]}
        return {"$c": "Summary", "f": {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if dataclasses.is_dataclass(value) and ALLOWED.get(type(value).__name__) is type(value):
        return {"$c": type(value).__name__,
                "f": {f.name: _encode(getattr(value, f.name), light) for f in dataclasses.fields(value)}}
    raise NotSaved(f"{type(value).__name__} is not saved with the session")


def _decode(obj: dict, parts: _HeavyParts | None = None) -> Any:
    """json.loads' object_hook: the inverse of _encode (inner objects come first). `parts`: the
    heavy part of the folder whose index line this is (for its summaries)."""
    if len(obj) == 1:
        (tag, value), = obj.items()
        if tag == "$n":                         # only what the sanitiser lets through
            return saved_node(value[0], value[1], tuple(value[2]))
        if tag == "$t":
            return tuple(value)
        if tag == "$m":
            return MappingProxyType({k: v for k, v in value})
        if tag == "$dict":
            return {k: v for k, v in value}
        if tag == "$p":
            return Path(value)
        if tag == "$d":
            return dt.date.fromisoformat(value)
        if tag == "$dt":
            return dt.datetime.fromisoformat(value)
        if tag == "$b":
            return bytes.fromhex(value)
        if tag == "$s":
            return Severity(value)
        if tag == "$S":
            return _stored_summary(value, parts)
    if "$c" in obj:
        cls = ALLOWED[obj["$c"]]                 # KeyError: a class the format does not carry
        return cls(**obj["f"])
    return obj
