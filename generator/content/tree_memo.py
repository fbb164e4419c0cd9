"""Rendered Markdown trees remembered between builds, keyed by the hash of their source.

Rendering Markdown is most of the time it takes to load a large content
folder, and a rebuild sees mostly unchanged files. The trees are immutable,
so one rendered once is reused: within a build session (`serve`) from memory, and
across `build` runs from the cache folder, where each tree is an entry of a pack
(machinery/cache_pack.py) with a seal of its own, named by an index
(`markdown-trees.json`: source hash → entry). A new process reads the index only,
and a tree when the loader asks for it; a build appends the trees it rendered and
writes the index of the trees it used. The files are JSON (never code to execute),
and ignored when the generator's code changed; a tree that does not verify is
rendered again.

The saved session (session_store.py) does not hold the trees a second time: its entry
for a summary links to the memo's tree (`link`: the tree's key and the SHA-256 of its
bytes), and the memo keeps every tree it linked. Reading a link (`linked`) gives the
tree only when the memo holds those very bytes, verified; else the session's reader
reads the folder again.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Callable

from ..code_hash import code_fingerprint
from ..machinery.cache_pack import Pack, Ref, ref_of
from ..machinery.cache_seal import read_json, write_json
from .htmltree import Child
from .markdown_tree import saved_node

MEMO_FILE = "markdown-trees.json"
PACK_STEM = "markdown-trees"
LINK = "$tree"              # a link to a tree of the memo, as the saved session holds it: {LINK: [key, sha256]}


class TreeMemo:
    """The trees of one build session (session.py), by the hash of their source."""

    def __init__(self) -> None:
        self.trees: dict[str, tuple[Child, ...]] = {}
        self._used: set[str] = set()
        self._harvest: set[str] | None = None
        self._rendered: set[str] = set()        # since start_harvest: handed over encoded
        # The key of each tree by its first node (`link` finds a summary's tree by its nodes).
        self._first_nodes: dict[int, str] = {}
        # Trees encoded with their SHA-256 until written to the pack: a worker's (rendered and
        # encoded there, in parallel), or linked here.
        self._encoded: dict[str, tuple[bytes, str]] = {}
        # The trees the saved session links to (here or in a worker): kept by every save.
        self._linked: set[str] = set()
        # The cache folder's pack and index as far as this session knows them (read or written).
        self._pack: Pack | None = None
        self._stored: dict[str, Ref] = {}
        self._cache_dir: Path | None = None
        # The model came from the saved session (session_store.py): the summaries it did not
        # read still have their trees in the cache, kept for a build that cannot use the session.
        self.keep_unused = False

    def remembered(self, text: str, render: Callable[[str], tuple[Child, ...]]) -> tuple[Child, ...]:
        """render(text), or the tree rendered from the same text before."""
        key = hashlib.sha1(text.encode("utf-8")).hexdigest()
        tree = self.trees.get(key)
        if tree is None:
            tree = self._kept_tree(key)
        if tree is None:
            self._stored.pop(key, None)         # missing or damaged in the pack: written anew
            tree = render(text)
            self._rendered.add(key)
        if tree:
            self._first_nodes[id(tree[0])] = key
        self.trees[key] = tree
        self._used.add(key)
        if self._harvest is not None:
            self._harvest.add(key)
        return tree

    def _kept_tree(self, key: str) -> tuple[Child, ...] | None:
        """The tree as a worker handed it over, or from the pack (None: neither, or damaged)."""
        kept = self._kept_bytes(key)
        tree = _decoded(kept[0]) if kept is not None else None
        if tree is None:
            self._encoded.pop(key, None)
        return tree

    def _kept_bytes(self, key: str) -> tuple[bytes, str] | None:
        """The tree's bytes and their SHA-256 as a worker handed them over or the pack holds them
        (verified against its ref); None: neither, or damaged."""
        if key in self._encoded:
            return self._encoded[key]
        ref = self._stored.get(key)
        data = self._pack.read(ref) if ref is not None and self._pack is not None else None
        return (data, ref[2]) if data is not None and ref is not None else None

    def start_harvest(self) -> None:
        """From now on, also collect the keys of the trees used (for a worker process to hand them over)."""
        self._harvest, self._rendered = set(), set()

    def link(self, nodes: tuple[Child, ...]) -> bytes:
        """A summary's tree as the saved session holds it (session_store.py): when `nodes` are the
        very nodes of a tree of this memo, a link to it (its key and the SHA-256 of its bytes;
        the memo keeps every tree it linked), else the tree itself (encode_tree). A tree linked
        is encoded once, here, for the memo's pack too (harvest hands over these bytes)."""
        key = self._first_nodes.get(id(nodes[0])) if nodes else None
        tree = self.trees.get(key) if key is not None else None
        if tree is None or len(tree) != len(nodes) or not all(mine is theirs for mine, theirs in zip(tree, nodes)):
            return encode_tree(nodes)
        digest = self._digest(key)
        if digest is None:
            self._encoded[key] = _encoded(tree)
            digest = self._encoded[key][1]
        self._linked.add(key)
        return json.dumps({LINK: [key, digest]}, separators=(",", ":")).encode("ascii")

    def linked(self, link: Any) -> tuple[Child, ...] | None:
        """The tree a link (`link`, JSON decoded) names, when this memo holds those very bytes
        (the pack's seal verified, and the SHA-256 the link was made with); None else."""
        named = link.get(LINK) if isinstance(link, dict) else None
        if not (isinstance(named, list) and len(named) == 2 and all(isinstance(part, str) for part in named)):
            return None
        key, digest = named
        tree = self.trees.get(key)
        if tree is not None:                    # in memory already (read before, or rendered here)
            return tree if (self._digest(key) or _encoded(tree)[1]) == digest else None
        kept = self._kept_bytes(key)
        tree = _decoded(kept[0]) if kept is not None and kept[1] == digest else None
        if tree is not None:
            self.trees[key] = tree
            self._used.add(key)
            if tree:
                self._first_nodes[id(tree[0])] = key
        return tree

    def _digest(self, key: str) -> str | None:
        """The SHA-256 of the tree's bytes as handed over or stored (None: not encoded yet)."""
        if key in self._encoded:
            return self._encoded[key][1]
        ref = self._stored.get(key)
        return ref[2] if ref is not None else None

    def harvest(self) -> dict[str, tuple[bytes, str] | None]:
        """The trees used since start_harvest(), for the parent process to adopt: those rendered
        here encoded with their SHA-256 (here, in parallel, not at the end in the parent), None for
        the others (the parent has them: in memory, or in the pack)."""
        keys, self._harvest = self._harvest or set(), None
        return {key: self._encoded.get(key) or _encoded(self.trees[key]) if key in self._rendered else None
                for key in keys if key in self.trees}

    def adopt(self, trees: dict[str, tuple[bytes, str] | None]) -> None:
        """Trees a worker rendered or used (and linked to from the folders it read): remembered
        and kept as if this process had."""
        for key, data in trees.items():
            if data is not None:
                self._encoded[key] = data
                self.trees.pop(key, None)
                self._stored.pop(key, None)     # rendered although in the pack: damaged there
        self._used.update(trees)
        self._linked.update(trees)

    def load(self, cache_dir: Path | None) -> None:
        """At the start of a build: count the trees it uses from now on, and read the previous
        build's index (once per session; a running `serve` has its trees in memory)."""
        self._used = set()
        if cache_dir is None or self.trees or self._cache_dir is not None:
            return
        try:
            data = read_json(Path(cache_dir) / MEMO_FILE)
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("code") != code_fingerprint() \
                or not isinstance(data.get("trees"), dict):
            return
        pack = Pack.named(Path(cache_dir), PACK_STEM, data.get("pack"))
        if pack is None:
            return
        refs = {key: ref_of(value) for key, value in data["trees"].items()}
        self._pack, self._cache_dir = pack, Path(cache_dir)
        self._stored = {key: ref for key, ref in refs.items() if ref is not None}

    def save(self, cache_dir: Path | None) -> None:
        """Keep the trees this build used and those the saved session links to (in memory and
        in the cache); forget the rest. Raises OSError (a cache that cannot be written)."""
        known = self.trees.keys() | self._encoded.keys() | self._stored.keys()
        kept = known if self.keep_unused else (self._used | self._linked) & known
        if cache_dir is not None and self._cache_dir != Path(cache_dir):
            for key in kept - self.trees.keys() - self._encoded.keys():     # from the pack read to the new one
                tree = self._kept_tree(key)
                if tree is not None:
                    self.trees[key] = tree
            self._pack, self._stored, self._cache_dir = None, {}, Path(cache_dir)
            kept &= self.trees.keys() | self._encoded.keys()
        self.trees = {key: tree for key, tree in self.trees.items() if key in kept}
        self._first_nodes = {node: key for node, key in self._first_nodes.items() if key in self.trees}
        if cache_dir is None:
            self._encoded = {key: data for key, data in self._encoded.items() if key in kept}
            return
        cache_dir = Path(cache_dir)
        stored = {key: ref for key, ref in self._stored.items() if key in kept}
        if stored.keys() == kept and stored.keys() == self._stored.keys() and self._pack is not None \
                and (cache_dir / MEMO_FILE).is_file():
            return                              # the cache holds exactly these (a no-change rebuild)
        pack = self._pack or Pack.new(cache_dir, PACK_STEM)
        new = sorted(kept - stored.keys())
        stored.update(zip(new, pack.append([self._encoded.get(key) or _encoded(self.trees[key]) for key in new])))
        self._encoded = {}
        if pack.needs_compacting(stored.values()):
            pack, stored = pack.compacted(stored, PACK_STEM)
        write_json(cache_dir / MEMO_FILE, {"code": code_fingerprint(), "pack": pack.name,
                                           "trees": {key: list(ref) for key, ref in sorted(stored.items())}})
        if pack is not self._pack:
            pack.remove_others(PACK_STEM)
        self._pack, self._stored = pack, stored


def _decoded(data: bytes) -> tuple[Child, ...] | None:
    """A tree from its bytes (a pack entry); None when they are not a tree."""
    try:
        return decode_tree(json.loads(data.decode("utf-8")))
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError):
        return None


def _encoded(tree: tuple[Child, ...]) -> tuple[bytes, str]:
    """The tree as a pack entry, with its SHA-256."""
    data = encode_tree(tree)
    return data, hashlib.sha256(data).hexdigest()


def encode_tree(nodes: tuple[Child, ...]) -> bytes:
    """A tree as JSON (UTF-8): nested lists, a node as [tag, attributes, children]. Also the
    form of the trees in the saved session's entries (session_store.py)."""
    return json.dumps(_encode_all(nodes), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _encode_all(nodes: tuple[Child, ...]) -> list[Any]:
    return [node if isinstance(node, str) else [node.tag, node.attrs, _encode_all(node.children)] for node in nodes]


def decode_tree(items: list[Any]) -> tuple[Child, ...]:
    """A tree as encode_tree wrote it (JSON decoded); ValueError for anything the sanitiser
    would not have let through, TypeError or IndexError for what is not a tree."""
    if not isinstance(items, list):
        raise TypeError("not a tree")
    return _decode_all(items)


def _decode_all(items: list[Any]) -> tuple[Child, ...]:
    return tuple(item if isinstance(item, str) else saved_node(item[0], item[1], _decode_all(item[2]))
                 for item in items)
