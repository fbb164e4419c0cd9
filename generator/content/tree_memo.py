"""Rendered Markdown trees remembered between builds, keyed by the hash of their source.

Rendering Markdown is most of the time it takes to load a large content
folder, and a rebuild sees mostly unchanged files. The trees are immutable,
so one rendered once is reused: within a build session (`serve`) from memory, and
across `build` runs from the cache folder. This module is the memory and the trees'
encoding (JSON, never code to execute); the session's memo reads and writes the cache
folder (machinery/tree_cache.py: a pack and its index, `markdown-trees.json`) through
the `_saved_…` methods, so that the model's package imports no machinery.

The saved session (session_store.py) does not hold the trees a second time: its entry
for a summary links to the memo's tree (`link`: the tree's key and the SHA-256 of its
bytes), and the memo keeps every tree it linked. Reading a link (`linked`) gives the
tree only when the memo holds those very bytes, verified; else the session's reader
reads the folder again.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Callable

from .htmltree import Child
from .markdown_tree import saved_node

# The memo's files in the cache folder (machinery/tree_cache.py): the index, and the packs' stem.
MEMO_FILE = "markdown-trees.json"
PACK_STEM = "markdown-trees"
LINK = "$tree"              # a link to a tree of the memo, as the saved session holds it: {LINK: [key, sha256]}


class TreeMemo:
    """The trees of one build session in memory, by the hash of their source (the session
    holds a SavedTreeMemo, machinery/tree_cache.py, which also keeps them in the cache folder)."""

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
            self._forget_saved(key)             # missing or damaged in the cache: written anew
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
        return self._saved_bytes(key)

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
        return self._saved_digest(key)

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
                self._forget_saved(key)         # rendered although in the cache: damaged there
        self._used.update(trees)
        self._linked.update(trees)

    def _entry(self, key: str) -> tuple[bytes, str]:
        """A tree of the memory (or handed over by a worker) as a pack entry, with its SHA-256."""
        return self._encoded.get(key) or _encoded(self.trees[key])

    # The cache folder's trees (SavedTreeMemo): none in memory alone.
    def _saved_bytes(self, key: str) -> tuple[bytes, str] | None:
        """A tree's bytes and their SHA-256 as the cache holds them, verified (None: not there, damaged)."""
        return None

    def _saved_digest(self, key: str) -> str | None:
        """The SHA-256 of a tree's bytes in the cache (None: not there)."""
        return None

    def _forget_saved(self, key: str) -> None:
        """The cache's copy of a tree is damaged or missing: it is written anew."""


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
