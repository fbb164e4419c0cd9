"""The Markdown trees of a build session kept in the cache folder (content/tree_memo.py is
the memory): each tree an entry of a pack (cache_pack.py) with a seal of its own, named by
an index (`markdown-trees.json`: source hash → entry). A new process reads the index only,
and a tree when the loader asks for it; a build appends the trees it rendered and writes
the index of the trees it used. Ignored when the generator's code changed; a tree that does
not verify is rendered again.
"""
from __future__ import annotations

from pathlib import Path

from ..code_hash import code_fingerprint
from ..content.tree_memo import MEMO_FILE, PACK_STEM, TreeMemo
from .cache_pack import Pack, Ref, ref_of
from .cache_seal import read_json, write_json


class SavedTreeMemo(TreeMemo):
    """The session's tree memo (session.py): in memory, and in the cache folder between processes."""

    def __init__(self) -> None:
        super().__init__()
        # The cache folder's pack and index as far as this session knows them (read or written).
        self._pack: Pack | None = None
        self._stored: dict[str, Ref] = {}
        self._cache_dir: Path | None = None

    def _saved_bytes(self, key: str) -> tuple[bytes, str] | None:
        ref = self._stored.get(key)
        data = self._pack.read(ref) if ref is not None and self._pack is not None else None
        return (data, ref[2]) if data is not None and ref is not None else None

    def _saved_digest(self, key: str) -> str | None:
        ref = self._stored.get(key)
        return ref[2] if ref is not None else None

    def _forget_saved(self, key: str) -> None:
        self._stored.pop(key, None)

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
        stored.update(zip(new, pack.append([self._entry(key) for key in new])))
        self._encoded = {}
        if pack.needs_compacting(stored.values()):
            pack, stored = pack.compacted(stored, PACK_STEM)
        write_json(cache_dir / MEMO_FILE, {"code": code_fingerprint(), "pack": pack.name,
                                           "trees": {key: list(ref) for key, ref in sorted(stored.items())}})
        if pack is not self._pack:
            pack.remove_others(PACK_STEM)
        self._pack, self._stored = pack, stored
