"""The build session saved with the cache, so that a new process starts where the last one ended.

A `build` after an edit would otherwise read and parse every resolution folder
again. After each build the model of every folder (with its problems and the
review of its translations) is kept in the cache folder; the next process
restores it, and the loader then reads again only the folders whose files
changed (their signature differs), exactly as `serve` does in memory.

What a new process pays for grows with what changed, not with the site:
- the index (`session.json`, sealed whole) has one line per folder with what every
  build reads of every folder: its signature, the metadata, titles and problems, the
  review of its translations (the "light" part), in the form JSON gives back as it is
  (one json.loads for all lines, no object hook: an index line's light part, below);
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
  appended to the pack, and the index lines (kept as bytes from the reading).

The files are data, never code: JSON, decoded only into the model's own classes
(ALLOWED). The cache folder is writable by anyone who can write the content, and
unpickling runs code. They are verified on reading: the index by its seal and the
generator's code fingerprint (else nothing is used), each line on its own (a class
outside ALLOWED, a field of another type, a folder named by a path or an attachment outside
its folder: that folder is read anew), each heavy entry by its seal and the folder and signature it
names, each linked tree by the memo's seal and the link's SHA-256 (else that folder is read
again when a builder first needs its trees).
"""
from __future__ import annotations

from contextlib import suppress
import dataclasses
from dataclasses import replace
import datetime as dt
import hashlib
import json
import os
import posixpath
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable

from .code_hash import code_fingerprint
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
FORMAT = 5
# The only classes a saved session may create (a file naming another one does not verify): the
# model's own data classes (a class added to content/model.py is carried at once), a summary's
# source text, problems and the glossary.
ALLOWED: dict[str, type] = {
    **{name: cls for name, cls in vars(model).items()
       if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__},
    **{cls.__name__: cls for cls in (SummarySource, Problem, Glossary, Term)}}
# A summary's parts kept in the pack and decoded when first read; the others are in the index.
HEAVY = ("lead", "sections", "footnotes", "source")
# A folder's name in an index line: a name, not a path (as scandir lists resolutions/).
_NAME = re.compile(r"(?!\.\.?\Z)[^/\\\0]+\Z")
_DAMAGE = (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)


class NotSaved(ValueError):
    """The session holds a value this format does not carry (that folder is not saved)."""


@dataclasses.dataclass
class Encoded:
    """One folder as saved: its index line's parts (JSON, UTF-8; None: made again from the model
    when the line is) and where its heavy part is (`pack` and `ref`), or its bytes and their
    SHA-256 until they are written. `line`: the whole line as last read or written, while its
    parts stay as they were (a rebuild writes most lines back as it read them)."""
    loaded: bytes | None
    review: bytes | None
    pack: Pack | None = None
    ref: Ref | None = None
    heavy: tuple[bytes, str] | None = None
    where: bytes | None = None          # the line's first part as last written (for this ref)
    line: bytes | None = None

    def moved(self, pack: Pack | None, ref: Ref | None) -> None:
        """Its heavy part is now at `ref` of `pack`: the line names it anew."""
        self.pack, self.ref, self.heavy, self.where, self.line = pack, ref, None, None, None


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
            entries[folder].moved(pack, ref)
    header = _dumps({"format": FORMAT, "code": code_fingerprint(), "pack": pack.name})
    lines = []
    for folder in entries:
        with suppress(NotSaved):        # (a part made again from a model the format does not carry)
            lines.append(_line(folder, *session.saved_entries[folder]))
    write_sealed(index, b"\n".join([header, head, *lines]))     # with its checksum (cache_seal.py)
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
        encoded = replace(known[2], line=None, review=_translation_review_part(reviewed))
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
            heavy = (data, entry.ref[2]) if data is not None else None
            entry.moved(None, None)
            entry.heavy = heavy
        if entry.heavy is not None:
            moving.append(folder)
    for folder, ref in zip(moving, pack.append([entries[folder].heavy for folder in moving])):
        entries[folder].moved(pack, ref)


def encoded_parts(folder: str, signature: tuple, loaded: tuple, review: tuple | None, review_site: str | None,
                  with_glossary: bool, encode: Callable[[tuple], bytes] = encode_tree) -> Encoded:
    """A folder's model and problems (light: the index line; heavy: the pack entry), and the
    review of its translations: made where the folder is read (a worker process of a cold
    build, in parallel). `encode`: a summary's tree as the entry holds it (the tree memo's
    `link`: a link to its tree, encoded once for the memo's pack).
    Raises NotSaved for a value the format does not carry."""
    resolution = loaded[0]
    _signature_form(signature)          # NotSaved: a signature the index line cannot carry
    light = _light_json(loaded)
    heavy = None
    if resolution is not None:
        # Written as bytes around the trees' own encoding (the tree memo's), not through _encode.
        parts = b",".join(b"%s:[%s,%s]" % (_dumps(lang), encode(_body(summary)),
                                           _dumps([_encode(summary.source), _plan(summary)])[1:-1])
                          for lang, summary in resolution.summaries.items())
        head = _dumps({"folder": folder, "signature": _encode(signature)})
        data = b'%s,"parts":{%s}}' % (head[:-1], parts)
        heavy = (data, hashlib.sha256(data).hexdigest())
    return Encoded(light, _translation_review_json(review, review_site, with_glossary), heavy=heavy)


def _light_json(loaded: tuple) -> bytes:
    """An index line's middle: the resolution's light part (_light_resolution), its problems."""
    resolution, problems = loaded
    return _dumps([_light_resolution(resolution), _encode(list(problems))])[1:-1]


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


def _translation_review_part(reviewed: tuple | None) -> bytes:
    """_translation_review_json of the review's entry (translation_review.py: resolution, site, glossary, result)."""
    return _translation_review_json(reviewed and reviewed[3], reviewed and reviewed[1],
                        reviewed is not None and reviewed[2] is not None)


def _translation_review_json(review: tuple | None, review_site: str | None, with_glossary: bool) -> bytes:
    if review is None:
        return b"null"
    result, found = review
    # The review only sets each summary's translation status (translations/status.review_one):
    # [the site key it was made for, whether with the glossary, its problems, the statuses].
    return _dumps([review_site, with_glossary, _encode(found),
                   {lang: summary.translation_status for lang, summary in result.summaries.items()}])


def _line(folder: str, loaded: tuple, reviewed: tuple | None, entry: Encoded) -> bytes:
    """One index line, a JSON array: where and what the folder is (its name, signature, the
    loader's site key, its heavy part's ref), its light part (the resolution, its problems),
    its review. Kept as bytes from the reading, or made of its parts (each kept as bytes)."""
    if entry.line is None:
        if entry.where is None:
            heavy = list(entry.ref) if entry.ref is not None else None
            entry.where = _dumps([os.path.basename(folder), _signature_form(loaded[0]), loaded[1], heavy])[1:-1]
        entry.line = b"[%s,%s,%s]" % (entry.where, entry.loaded or _light_json(loaded[2]),
                                      entry.review or _translation_review_part(reviewed))
    return entry.line


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


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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
        header, first, *lines = sealed.split(b"\n")
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
    resolutions = Path(content_dir) / "resolutions"
    places = (os.path.abspath(resolutions) + os.sep, str(resolutions) + os.sep)
    for line, parsed in zip(lines, _parsed(lines)):
        try:
            folder, loaded, reviewed, encoded = _restored(line, parsed, glossary, pack, places, session.trees)
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


def _parsed(lines: list[bytes]) -> list[Any]:
    """Each index line as JSON gives it: all lines in one json.loads (a call per line costs
    more than the line's own decoding), or, when that fails, line by line (a line that is not
    JSON: None, that folder alone read anew)."""
    if not lines:
        return []
    with suppress(ValueError, RecursionError):
        parsed = json.loads(b"[%s]" % b",".join(lines))
        if len(parsed) == len(lines):
            return parsed
    found: list[Any] = []
    for line in lines:
        try:
            found.append(json.loads(line))
        except (ValueError, RecursionError):
            found.append(None)
    return found


def _restored(line: bytes, parsed: Any, glossary: Glossary | None, pack: Pack | None,
              places: tuple[str, str], trees: TreeMemo) -> tuple[str, tuple, tuple | None, Encoded]:
    """(folder, the loader's entry, the review's entry, its saved form) of one index line
    (`parsed`: its parts decoded; `places`: the resolutions folder absolute, and as given, each
    with a separator at its end; `trees`: the session's tree memo, which holds the trees the
    heavy part links to). The line names its folder by name: a folder of this content."""
    name, signature, site, heavy, light, problems, review = parsed
    if not (type(name) is str and _NAME.match(name) and type(site) is str):
        raise ValueError("not a folder of this content")
    folder, signature, parts = places[0] + name, _signature_made(signature), _HeavyParts(pack, trees)
    resolution = _resolution_made(light, places[1] + name, parts) if light is not None else None
    problems = [] if problems == [] else _checked_problems(problems)
    parts.folder, parts.signature, parts.ref = folder, signature, ref_of(heavy)
    loaded = (signature, site, (resolution, problems))
    encoded = Encoded(None, None, pack if parts.ref else None, parts.ref, line=line)
    if review is None or resolution is None:
        return folder, loaded, None, encoded
    review_site, with_glossary, found, status = review
    found = [] if found == [] else _checked_problems(found)
    if not (type(status) is dict and all(isinstance(v, (str, type(None))) for v in status.values())):
        raise ValueError("not a review")
    result = resolution if all(summary.translation_status == status.get(lang) for lang, summary
                               in resolution.summaries.items()) else _with_summaries(resolution, MappingProxyType(
        {lang: _with_status(summary, status.get(lang)) for lang, summary in resolution.summaries.items()}))
    # The very resolution object the loader hands back, as status._review_once expects.
    return folder, loaded, (resolution, review_site, glossary if with_glossary else None, (result, found)), encoded


def _check_paths(resolution: Resolution) -> None:
    """A restored resolution names only its own folder and files inside it, as a loaded one
    does (the builders write under its slug, copy its assets; its folder and its summaries'
    paths are made from the folder's name)."""
    if resolution.slug != resolution.folder.name or not SLUG.match(resolution.slug):
        raise ValueError("a resolution of another folder")
    if not resolution.assets:
        return
    inside = str(resolution.folder) + os.sep
    for asset in resolution.assets:
        name = asset.name
        if not isinstance(name, str) or not isinstance(asset.source, Path) or posixpath.normpath(name) != name \
                or name.startswith(("/", "../")) or name == ".." or "\\" in name or not _inside(str(asset.source), inside):
            raise ValueError("a file outside the folder")


def _checked_problems(saved: Any) -> list[Problem]:
    """Problems from the codec's form, checked."""
    problems = _revived(saved)
    if not (isinstance(problems, list) and all(
            isinstance(p, Problem) and isinstance(p.path, (Path, type(None))) and isinstance(p.severity, Severity)
            and isinstance(p.line, (int, type(None))) and isinstance(p.col, (int, type(None)))
            and isinstance(p.code, str) and isinstance(p.cell, (str, type(None))) and _plain(p.params)
            for p in problems)):
        raise ValueError("not problems")
    return problems


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

    return property(get, _setter(name))


def _path_field() -> property:
    """A restored summary's path, made from its folder on first read: an edit's build reads none
    of the 1 500 of a large site."""

    def get(summary: "_StoredSummary") -> Path:
        known = summary.__dict__
        if "path" not in known:
            known["path"] = Path(f"{known['_folder']}{os.sep}{known['lang']}.md")
        return known["path"]

    return property(get, _setter("path"))


def _setter(name: str) -> Callable[[Any, Any], None]:
    def put(summary: "_StoredSummary", value: Any) -> None:       # Summary.__init__ (replace)
        summary.__dict__[name] = value
    return put


class _StoredSummary(Summary):
    """A restored Summary: its LIGHT fields set, its HEAVY ones decoded when first read, its path
    made when first read. It is a Summary in every way a reader can tell (fields, equality,
    replace)."""

    path = _path_field()
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


def _with_summaries(resolution: Resolution, summaries: MappingProxyType) -> Resolution:
    """replace(resolution, summaries=…) without __init__ (_COVERED): 500 of them at N = 1 000."""
    copy = object.__new__(Resolution)
    copy.__dict__.update(resolution.__dict__, summaries=summaries)
    return copy


def _with_status(summary: Summary, status: str | None) -> Summary:
    """The summary with its translation status, its heavy part still shared and undecoded."""
    if not isinstance(summary, _StoredSummary):
        return replace(summary, translation_status=status)
    copy = object.__new__(_StoredSummary)
    copy.__dict__.update(summary.__dict__, translation_status=status)
    return copy


# ---------------------------------------------------------------- an index line's light part

# What every build reads of every folder is kept in the form JSON gives back as it is: texts as
# texts, topics as a list, front matter as the object it was, the signature as [name, digest]
# pairs. A new process decodes all lines in one json.loads with no object hook (a Python call
# for each of some 28 objects a folder was most of restoring a large site) and makes each
# folder's model field by field, checking each field's type as it goes. What seldom holds
# anything (problems, attachments, a review override, front matter with a date in it) goes
# through the tagged codec below. A field is kept by a `_keep_…` (the value → JSON; NotSaved
# for a value that form does not carry) and made again by a `_make_…` (JSON → the value;
# ValueError or TypeError for anything else).

def _keep_text(value: Any) -> str:
    if type(value) is not str:
        raise NotSaved("not a text")
    return value


def _keep_optional_text(value: Any) -> str | None:
    return None if value is None else _keep_text(value)


def _keep_texts(value: Any) -> list[str]:
    if type(value) is not tuple or not all(type(text) is str for text in value):
        raise NotSaved("not texts")
    return list(value)


def _make_texts(value: Any) -> tuple[str, ...]:
    if value == []:
        return ()
    if type(value) is not list or not all(type(text) is str for text in value):
        raise ValueError("not texts")
    return tuple(value)


def _keep_date(value: Any) -> str:
    if type(value) is not dt.date:
        raise NotSaved("not a date")
    return value.isoformat()


def _make_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value)         # TypeError: not a text


def _keep_data(value: Any) -> Any:
    """Plain data as YAML gives it (front matter, a resolution's other keys): the object itself
    when JSON gives it back equal, else tagged ({"$g": the codec's form})."""
    if type(value) is not MappingProxyType:
        raise NotSaved("not a mapping")
    if "$g" not in value and _json_as_is(value):
        return dict(value)
    return {"$g": _encode(value)}


def _make_data(value: Any) -> MappingProxyType:
    if type(value) is not dict:
        raise ValueError("not a mapping")
    if "$g" not in value:
        return MappingProxyType(value)          # JSON's own values: plain data
    value = _revived(value["$g"])
    if not (isinstance(value, MappingProxyType) and _plain(value)):
        raise ValueError("not plain data")
    return value


def _json_as_is(value: Any, depth: int = 0) -> bool:
    """Whether JSON gives `value` back equal and of the same types (a mapping: as a dict)."""
    if type(value) in (str, int, float, bool) or value is None:
        return True
    if depth > 50:
        return False
    if type(value) is list:
        return all(_json_as_is(item, depth + 1) for item in value)
    if type(value) is dict or (depth == 0 and type(value) is MappingProxyType):
        return all(type(key) is str and _json_as_is(item, depth + 1) for key, item in value.items())
    return False


def _keep_texts_by_language(value: Any) -> Any:
    kept = _keep_data(value)
    if not all(type(text) is str for text in value.values()):
        raise NotSaved("not texts")
    return kept


def _make_texts_by_language(value: Any) -> MappingProxyType:
    if value == {}:
        return MappingProxyType({})
    made = _make_data(value)
    if not all(type(text) is str for text in made.values()):
        raise ValueError("not texts")
    return made


def _keep_review(value: Any) -> Any:
    return _encode(value)


def _keep_assets(value: Any) -> list:
    if type(value) is not tuple:
        raise NotSaved("not assets")
    return _encode(list(value))


def _make_assets(value: Any) -> tuple[model.Asset, ...]:
    if value == []:
        return ()
    assets = tuple(_revived(value))
    if not all(type(asset) is model.Asset and isinstance(asset.referenced_in, (Path, type(None)))
               and isinstance(asset.line, (int, type(None))) for asset in assets):
        raise ValueError("not assets")
    return assets                               # their names and files: _check_paths


def _make_review(value: Any) -> model.ReviewOverride | None:
    review = _revived(value)
    if not (review is None or type(review) is model.ReviewOverride and _plain(review.due)
            and _plain(review.done) and isinstance(review.reviewed, (bool, type(None)))):
        raise ValueError("not a review")
    return review


# Each field of the model in an index line, in this order, by how it is kept; `folder`, `summaries`
# and `recordings` (none saved: a folder with recordings is read anew) are made apart, and so
# are a summary's `lang`, `path` (from its folder) and HEAVY fields. Positional: the 1 000 lines
# of a large site are read by every rebuild, and names would make them a third longer. Made
# again by _resolution_made and _summary_made, in the same order.
_RESOLUTION_FORMS: dict[str, Callable[[Any], Any]] = {
    "slug": _keep_text, "code": _keep_text, "kind": _keep_text, "level": _keep_text, "issuer": _keep_text,
    "issued": _keep_date, "topics": _keep_texts, "implements": _keep_texts, "implemented_by": _keep_texts,
    "assets": _keep_assets, "meta": _keep_data, "scripts": _keep_texts_by_language, "review": _keep_review}
_SUMMARY_FORMS: dict[str, Callable[[Any], Any]] = {
    "title": _keep_text, "summary": _keep_text, "source_hash": _keep_text, "front": _keep_data,
    "translation_status": _keep_optional_text}
_FROM_FRONT = ("title", "summary")          # the first two: None when the front matter holds the same
# Whether the forms cover the model, whose objects are made without their __init__: a field added
# to it and not here is not saved at all (every folder read anew, never restored without it);
# tests/test_session.py says which.
_COVERED = list(_RESOLUTION_FORMS) == [f.name for f in dataclasses.fields(Resolution)
                                       if f.name not in ("folder", "summaries", "recordings")] \
    and list(_SUMMARY_FORMS) == [f.name for f in dataclasses.fields(Summary)
                                 if f.name not in ("lang", "path", *HEAVY)] \
    and not hasattr(Resolution, "__post_init__") and not hasattr(Summary, "__post_init__")


def _light_resolution(resolution: Resolution | None) -> list | None:
    """A resolution's light part, for its index line (None: a folder with errors): its fields
    in _RESOLUTION_FORMS' order, then its summaries by language."""
    if resolution is None:
        return None
    if not _COVERED or resolution.recordings:
        raise NotSaved("a resolution this format does not carry")
    light = [keep(getattr(resolution, name)) for name, keep in _RESOLUTION_FORMS.items()]
    folder = str(resolution.folder)
    light.append({lang: _light_summary(lang, summary, folder) for lang, summary in resolution.summaries.items()})
    return light


def _light_summary(lang: str, summary: Summary, folder: str) -> list:
    """A summary's light part: its fields in _SUMMARY_FORMS' order (the title and the summary
    None when the front matter holds the very same text: most do, and they are the longest),
    then the keys of its sections (which builders ask of every summary: `section()` answers
    from them without decoding the sections)."""
    if type(lang) is not str or summary.lang != lang or str(summary.path) != f"{folder}{os.sep}{lang}.md":
        raise NotSaved("a summary of another file")
    light = [keep(getattr(summary, name)) for name, keep in _SUMMARY_FORMS.items()]
    for at, name in enumerate(_FROM_FRONT):
        if summary.front.get(name) == light[at]:
            light[at] = None
    light.append([section.key for section in summary.sections] if "sections" in summary.__dict__
                 else sorted(summary.__dict__["_keys"], key=str))
    return light


def _resolution_made(light: Any, folder: str, parts: _HeavyParts) -> Resolution:
    """A restored resolution from its light part (in _RESOLUTION_FORMS' order); `folder`: as the
    loader names it (from the content folder as given). Unrolled: 1 000 of them in every rebuild."""
    (slug, code, kind, level, issuer, issued, topics, implements, implemented_by, assets, meta, scripts, review,
     summaries) = light                         # ValueError: another length
    if not (type(slug) is str and type(code) is str and type(kind) is str and type(level) is str
            and type(issuer) is str and type(summaries) is dict):
        raise ValueError("not a resolution")
    resolution = object.__new__(Resolution)     # its fields set as Resolution.__init__ would (_COVERED)
    resolution.__dict__.update(
        slug=slug, folder=Path(folder), code=code, kind=kind, level=level, issuer=issuer,
        issued=_make_date(issued), topics=_make_texts(topics), implements=_make_texts(implements),
        implemented_by=_make_texts(implemented_by),
        summaries=MappingProxyType({lang: _summary_made(lang, summary, folder, parts)
                                    for lang, summary in summaries.items()}),
        assets=_make_assets(assets), meta=_make_data(meta), scripts=_make_texts_by_language(scripts),
        recordings=MappingProxyType({}), review=_make_review(review))
    _check_paths(resolution)
    return resolution


def _summary_made(lang: str, light: Any, folder: str, parts: _HeavyParts) -> Summary:
    """A restored summary (in _SUMMARY_FORMS' order, then its sections' keys): its LIGHT fields
    set, its HEAVY ones decoded when first read."""
    title, text, source_hash, front, status, keys = light
    front = _make_data(front)
    title = front.get("title") if title is None else title
    text = front.get("summary") if text is None else text
    if not (type(title) is str and type(text) is str and type(source_hash) is str
            and (status is None or type(status) is str)
            and type(keys) is list and all(key is None or type(key) is str for key in keys)):
        raise ValueError("not a summary")
    summary = object.__new__(_StoredSummary)   # its fields set as Summary.__init__ would, but HEAVY
    summary.__dict__.update(lang=lang, title=title, summary=text, source_hash=source_hash, front=front,
                            translation_status=status, _folder=folder, _parts=parts, _keys=frozenset(keys))
    return summary


def _signature_form(signature: tuple) -> list:
    """A folder's signature (changes.py: each file's name and mark) for an index line: a file
    known by its hash as [name, hex digest], the others ([name, size, time], [name, "->",
    target]) as they are."""
    form: list[list] = []
    for entry in signature:
        if type(entry) is tuple and len(entry) == 2 and type(entry[0]) is str and type(entry[1]) is bytes:
            form.append([entry[0], entry[1].hex()])
        elif type(entry) is tuple and _other_mark(entry):
            form.append(list(entry))
        else:
            raise NotSaved("a signature this format does not carry")
    return form


def _signature_made(form: Any) -> tuple:
    if type(form) is not list:
        raise ValueError("not a signature")
    return tuple((entry[0], bytes.fromhex(entry[1])) if len(entry) == 2 and type(entry[0]) is str
                 else _checked_mark(tuple(entry)) for entry in form)


def _other_mark(entry: tuple) -> bool:
    """[name, size, time] of a large file, [name, "->", target or None] of a link."""
    return len(entry) == 3 and type(entry[0]) is str and (
        type(entry[1]) is int and type(entry[2]) is int
        or entry[1] == "->" and (entry[2] is None or type(entry[2]) is str))


def _checked_mark(entry: tuple) -> tuple:
    if not _other_mark(entry):
        raise ValueError("not a file's mark")
    return entry


def _revived(value: Any) -> Any:
    """A value in the codec's form (as JSON gave it, with no object hook) made again."""
    if type(value) is list:
        return [_revived(item) for item in value]
    if type(value) is dict:
        return _decode({key: _revived(item) for key, item in value.items()})
    return value


# ---------------------------------------------------------------- the codec

def _encode(value: Any) -> Any:
    """Plain JSON data for a value of the model; every non-JSON type tagged with a "$" key."""
    if isinstance(value, Severity):             # before str, which it also is
        return {"$s": value.value}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Node):
        return {"$n": [value.tag, [list(pair) for pair in value.attrs], [_encode(c) for c in value.children]]}
    if isinstance(value, tuple):
        return {"$t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, (dict, MappingProxyType)):
        tag = "$dict" if isinstance(value, dict) else "$m"
        return {tag: [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, Path):
        return {"$p": str(value)}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b": value.hex()}
    if isinstance(value, Summary):
        return {"$c": "Summary", "f": {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if dataclasses.is_dataclass(value) and ALLOWED.get(type(value).__name__) is type(value):
        return {"$c": type(value).__name__,
                "f": {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise NotSaved(f"{type(value).__name__} is not saved with the session")


def _decode(obj: dict) -> Any:
    """json.loads' object_hook: the inverse of _encode (inner objects come first)."""
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
    if "$c" in obj:
        cls = ALLOWED[obj["$c"]]                 # KeyError: a class the format does not carry
        return cls(**obj["f"])
    return obj
