"""Rendered Markdown trees remembered between builds, keyed by the hash of their source.

Rendering Markdown is most of the time it takes to load a large content
folder, and a rebuild sees mostly unchanged files. The trees are immutable,
so one rendered once is reused: within a build session (`serve`) from memory, and
across `build` runs from a file in the cache folder, written after each
successful build with only the trees that build used. The file is JSON (never
code to execute) and is ignored when the generator's code changed.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable

from ..machinery.buildstate import code_fingerprint
from ..machinery.cache_seal import read_json, write_json
from .htmltree import Child, Node

MEMO_FILE = "markdown-trees.json"


class TreeMemo:
    """The trees of one build session (session.py), by the hash of their source."""

    def __init__(self) -> None:
        self.trees: dict[str, tuple[Child, ...]] = {}
        self._used: set[str] = set()
        self._saved: dict[Path, frozenset[str]] = {}    # what the file in each cache folder holds, as far as we know
        self._harvest: set[str] | None = None
        # The model came from the saved session (session_store.py): the summaries it did not
        # read still have their trees here, kept for a build that cannot use the session.
        self.keep_unused = False

    def remembered(self, text: str, render: Callable[[str], tuple[Child, ...]]) -> tuple[Child, ...]:
        """render(text), or the tree rendered from the same text before."""
        key = hashlib.sha1(text.encode("utf-8")).hexdigest()
        tree = self.trees.get(key)
        if tree is None:
            tree = self.trees[key] = render(text)
        self._used.add(key)
        if self._harvest is not None:
            self._harvest.add(key)
        return tree

    def start_harvest(self) -> None:
        """From now on, also collect the keys of the trees used (for a worker process to hand them over)."""
        self._harvest = set()

    def harvest(self) -> dict[str, tuple[Child, ...]]:
        """The trees used since start_harvest(), for the parent process to adopt."""
        keys, self._harvest = self._harvest or set(), None
        return {key: self.trees[key] for key in keys if key in self.trees}

    def adopt(self, trees: dict[str, tuple[Child, ...]]) -> None:
        """Trees a worker rendered or used: remembered and kept as if this process had."""
        self.trees.update(trees)
        self._used.update(trees)

    def load(self, cache_dir: Path | None) -> None:
        """Read the previous build's trees (once per session; a running `serve` has them in memory)."""
        if cache_dir is None or self.trees:
            return
        try:
            data = read_json(Path(cache_dir) / MEMO_FILE)
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("code") != code_fingerprint():
            return
        try:
            self.trees.update({key: _decode_all(tree) for key, tree in data["trees"].items()})
        except (KeyError, TypeError, ValueError, AttributeError):
            self.trees.clear()                  # a damaged file: render everything again
            return
        self._saved[Path(cache_dir)] = frozenset(self.trees)

    def save(self, cache_dir: Path | None) -> None:
        """Keep the trees this build used (in memory and on disk); forget the rest."""
        kept = dict(self.trees) if self.keep_unused else \
            {key: self.trees[key] for key in self._used if key in self.trees}
        self.trees = kept
        self._used = set()
        if cache_dir is None or (self._saved.get(Path(cache_dir)) == frozenset(kept)
                                 and (Path(cache_dir) / MEMO_FILE).is_file()):
            return                              # the file already holds exactly these (a no-change rebuild)
        self._saved[Path(cache_dir)] = frozenset(kept)
        write_json(Path(cache_dir) / MEMO_FILE,
                   {"code": code_fingerprint(), "trees": {key: _encode_all(tree) for key, tree in kept.items()}})


def _encode_all(nodes: tuple[Child, ...]) -> list[Any]:
    return [node if isinstance(node, str) else [node.tag, node.attrs, _encode_all(node.children)] for node in nodes]


def _decode_all(items: list[Any]) -> tuple[Child, ...]:
    return tuple(item if isinstance(item, str) else
                 Node(item[0], tuple((key, value) for key, value in item[1]), _decode_all(item[2]))
                 for item in items)
