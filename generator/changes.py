"""The change detector: one answer to "is this file (or folder) unchanged?".

A build asks it of content folders (the loader, the make rule), of template
folders and catalogs (fingerprints), of files it wrote itself (the build
state, the cache index, staged share texts) and of output/ (the make rule, the
reuse of an unchanged item's files). Small input files are known by a hash
of their bytes, which coarse timestamps cannot fool, hashed once while their
stat stays the same; large ones (photos, recordings, attachments) by size and
modification time (`stat_mark`) with their inode and change time
(`large_file_mark`: why not their bytes), and the files of output/ by size and
modification time alone (see `stat_mark` for why). A value read from a file
(`read_once`; the i18n catalogs, the fonts, the share fonts) is remembered while
the file is the very same file, as a large one is known: `file_identity`, its
`large_file_mark` asked of its path. The bytes of a text
file hashed are kept until the loader reads it (`read_bytes`), so that a build
opens each summary once.

One detector lives in a build session (session.py): `serve` keeps its
memory between rebuilds; a CLI run starts with none.

Other questions, asked of stat() elsewhere, are not "is it unchanged?": how big
a file is before it is read (content/reader.py, load.py, content/svg.py), how old a
cache entry is (cache_gc.py), which left-over output folder is newest
(folder_swap.py), and whether a file of output/ exists before it is moved
(output_patch.py).
"""
from __future__ import annotations

import hashlib
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, TypeVar

Value = TypeVar("Value")
Identity = tuple[int, int, int, int]    # large_file_mark: size, modification time, inode, change time

SMALL_FILE = 256 * 1024     # bytes: up to this size a file is known by its content
# A file whose modification time is this close to when it was hashed is hashed again next
# time even if its stat is unchanged (git's "racily clean" rule): FAT keeps times to 2 s.
RACY_SECONDS = 3
# The files the loader reads as text: their bytes, read to hash them, are kept for it.
TEXT_SUFFIXES = (".md", ".yaml", ".yml", ".txt")


class ChangeDetector:
    """What this process knows of files: their hashes and the values read from them."""

    def __init__(self) -> None:
        # path → (stat key, when hashed, hash): an unchanged file is hashed once
        self._hashed: dict[str, tuple[tuple, int, bytes]] = {}
        # (reader, path) → (the file's identity, what the reader made of it)
        self._read: dict[tuple[Callable[[str], Any], str], tuple[Identity, Any]] = {}
        # path → (stat key, bytes) of text files hashed and not read yet (read_bytes)
        self._unread: dict[str, tuple[tuple, bytes]] = {}
        # Inside moment(): folder → its signature, as the scan of a folder above it found it
        # (None: outside one, nothing is kept), and the process in the moment (a process forked
        # meanwhile may outlive it: it takes no answer from it).
        self._seen: dict[str, tuple] | None = None
        self._seen_by = 0
        # Inside moment(): folder → its entries as listed (scandir, by name), so that a folder is
        # listed once per build for everyone who looks into it (the scans, the loader's FolderFiles).
        self._listed: dict[str, list[os.DirEntry]] = {}

    @contextmanager
    def moment(self) -> Iterator[None]:
        """One look at the files for the block (a build): a folder scanned as part of a larger
        one (the make rule scans all of content/) is not listed again when asked for alone
        (the loader asks for each resolution folder). Outside the block every answer is
        fresh, so a long-running process never takes an answer from an earlier build."""
        outer = self._seen, self._seen_by, self._listed
        if self._seen is None or self._seen_by != os.getpid():
            self._seen, self._seen_by, self._listed = {}, os.getpid(), {}
        try:
            yield
        finally:
            self._seen, self._seen_by, self._listed = outer

    # ------------------------------------------------------------ files and folders by content

    def tree_signature(self, path: Path | str, skip: Iterable[Path] = ()) -> tuple:
        """Every file under `path` (or `path` itself, if a file), in a stable order, each with
        its mark (file_mark). `skip`: folders left out (a cache folder inside content/)."""
        path = os.path.abspath(path)        # not resolve(): it costs a system call per path component
        seen = self._moment_memo()
        if not skip and seen is not None and path in seen:
            return seen[path]
        if os.path.isfile(path):
            return ((os.path.basename(path), *self.file_mark(path, os.stat(path))),)
        return self.folder_signature(path, skip)

    def folder_signature(self, folder: str, skip: Iterable[Path | str] = ()) -> tuple:
        """tree_signature of a folder known to be one (`folder`: absolute), without asking again.
        Inside moment(), a folder is listed once: the make rule asks for each resolution folder,
        then the loader does."""
        skipped = {os.path.abspath(p) for p in skip}
        seen = self._moment_memo() if not skipped else None
        if seen is not None and folder in seen:
            return seen[folder]
        found: list[tuple] = []
        self._scan(folder, "", skipped, found, set())
        if seen is not None:
            seen[folder] = tuple(found)
        return tuple(found)

    def _moment_memo(self) -> dict[str, tuple] | None:
        """The folders' signatures of this process's moment (None: not in one)."""
        return self._seen if self._seen_by == os.getpid() else None

    def entries(self, folder: str | os.PathLike) -> list[os.DirEntry]:
        """The entries of `folder` by name (scandir's: a DirEntry knows whether it is a file, a
        folder or a link without asking the system again); inside moment(), listed once per
        build. Raises OSError as scandir does."""
        return self._entries(os.path.abspath(folder))

    def _entries(self, folder: str) -> list[os.DirEntry]:
        """entries() of an absolute `folder` (a scan's: no path made absolute again)."""
        listed = self._listed if self._moment_memo() is not None else None
        if listed is not None and folder in listed:
            return listed[folder]
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        if listed is not None:
            listed[folder] = entries
        return entries

    def changed_after(self, folders: Iterable[str], reference: str | os.PathLike) -> bool:
        """Whether a file under one of `folders` (absolute) was modified or replaced (its change
        time) after `reference` was last written: a first look by stat alone, from the listings
        and the stat() that a scan of the folders makes anyway (entries(): listed once per build;
        scandir's entries keep their stat). True proves a change; False proves nothing (a file
        copied with its old time, one behind a link): only the signature does."""
        try:
            since = os.stat(reference).st_mtime_ns
        except OSError:
            return False
        return any(changed > since for folder in folders for changed in self._change_times(folder))

    def last_change(self, folders: Iterable[str]) -> int:
        """The latest modification or change time (ns) of a file under `folders`, as changed_after
        looks at them; 0 when there is none."""
        return max((changed for folder in folders for changed in self._change_times(folder)), default=0)

    def _change_times(self, folder: str) -> Iterator[int]:
        """Each file's later time, modified or changed (replaced), under `folder`: links not followed."""
        try:
            entries = self._entries(folder)
        except OSError:
            return
        for entry in entries:
            if entry.is_symlink():
                continue
            if entry.is_dir():
                yield from self._change_times(entry.path)
            elif entry.is_file():
                info = self.scan_stat(entry)
                yield max(info.st_mtime_ns, info.st_ctime_ns)

    def names(self, folder: str | os.PathLike) -> tuple[str, ...]:
        """The names in `folder` (entries(); nothing when it cannot be listed, as Path.glob)."""
        try:
            return tuple(entry.name for entry in self.entries(folder))
        except OSError:
            return ()

    def _scan(self, folder: str, prefix: str, skipped: set[str], found: list[tuple], linked: set[str]) -> bool:
        """Files of `folder` by name, then its subfolders by name. A symbolic link to a folder is
        followed, as the loader reads through it (a resolution folder kept elsewhere), once per
        target: `linked` holds the targets seen, so a link to a parent cannot loop. Returns
        whether the listing is the folder's own (no link in it, nothing skipped), as a scan of
        it alone would find it: then, inside moment(), each such subfolder's signature is kept."""
        try:
            entries = self._entries(folder)
        except OSError:
            return False
        own = True
        subfolders = []
        for entry in entries:
            if entry.is_dir():
                if entry.path in skipped:
                    own = False
                    continue
                if entry.is_symlink():
                    own = False
                    target = os.path.realpath(entry.path)
                    found.append((prefix + entry.name, "->", target))    # a second link to it is a change too
                    if target in linked:
                        continue
                    linked.add(target)
                subfolders.append(entry)
            elif entry.is_file():
                found.append((prefix + entry.name, *self.file_mark(entry.path, self.entry_stat(entry))))
            elif entry.is_symlink():                                      # broken: check reports it, so must build
                found.append((prefix + entry.name, "->", None))
        for entry in subfolders:
            start, inner = len(found), prefix + entry.name + os.sep
            seen = self._moment_memo()
            if self._scan(entry.path, inner, skipped, found, linked) and seen is not None and not entry.is_symlink():
                cut = len(inner)
                seen[entry.path] = tuple((name[cut:], *mark) for name, *mark in found[start:])
            else:
                own = False
        return own

    def scan_stat(self, entry: os.DirEntry) -> os.stat_result:
        """os.scandir's stat of an entry: on Windows without an inode (st_ino 0), which os.stat has."""
        return entry.stat()

    def entry_stat(self, entry: os.DirEntry) -> os.stat_result:
        """The stat of a file a scan found: the scan's, but for a large file without an inode
        (Windows) os.stat's: its mark (large_file_mark) then has the file's index, as mark() and
        file_identity give it, and tells a file renamed into its place (NTFS gives it the old
        one's creation time, "tunneling"). Large files are few (photos, recordings); a small
        one's scan stat is kept, the memo of hashes and bytes (file_mark, read_bytes) taking a
        stat of either kind for the other (same_file)."""
        info = self.scan_stat(entry)
        return os.stat(entry.path) if not info.st_ino and info.st_size > SMALL_FILE else info

    def mark(self, path: str | os.PathLike) -> tuple:
        """file_mark of one file, as a scan of its folder gives it (on Windows too: a large file's
        from os.stat both ways, entry_stat; a small one's hash)."""
        full = os.path.abspath(path)
        return self.file_mark(full, os.stat(full))

    def file_mark(self, full: str, info: os.stat_result) -> tuple:
        """(hash,) of a small file, large_file_mark of a large one."""
        if info.st_size > SMALL_FILE:
            return large_file_mark(info)
        key = stat_key(info)
        known = self._hashed.get(full)
        if known and same_file(known[0], key) and known[1] - info.st_mtime_ns > RACY_SECONDS * 1_000_000_000:
            return (known[2],)
        hashed_at = time.time_ns()
        with open(full, "rb") as handle:
            data = handle.read()
        digest = hashlib.sha1(data).digest()
        self._hashed[full] = (key, hashed_at, digest)
        if full.endswith(TEXT_SUFFIXES):
            self._unread[full] = (key, data)
        return (digest,)

    # ------------------------------------------------------------ files a build wrote (output/)

    def written_stamp(self, root: Path | str, paths: Iterable[str],
                      known: Mapping[str, tuple[int, int]] | None = None) -> str | None:
        """A hash of the stat_mark of each file of `paths` (relative to `root`, in the order
        given); None when one is missing. `known`: marks at hand for some paths (Staging.file_stats:
        the files a build just wrote), which need no stat."""
        digest = hashlib.sha256()
        known = known or {}
        try:
            for path in paths:
                mark = known.get(path) or stat_mark(os.stat(os.path.join(root, path)))
                digest.update(f"{path}\0{mark[0]}\0{mark[1]}\n".encode("utf-8"))
        except OSError:
            return None
        return digest.hexdigest()

    def read_bytes(self, path: str | os.PathLike) -> bytes:
        """The bytes of a file: those just hashed, while its stat is the same (handed over
        once, then forgotten), else read now."""
        full = os.path.abspath(path)
        kept = self._unread.pop(full, None)
        if kept is not None and same_file(kept[0], stat_key(os.stat(full))):
            return kept[1]
        with open(full, "rb") as handle:
            return handle.read()

    def forget_unread(self) -> None:
        """Drop the bytes nobody asked for (a folder whose model was remembered; the loader is done)."""
        self._unread.clear()

    # ------------------------------------------------------------ values read from files

    def read_once(self, path: str | os.PathLike, reader: Callable[[str], Value]) -> Value:
        """reader(path), or what it gave for this same file before."""
        path = os.fspath(path)
        identity = file_identity(path)
        known = self._read.get((reader, path))
        if known is None or known[0] != identity:
            known = self._read[(reader, path)] = (identity, reader(path))
        return known[1]

    def remember(self, path: str | os.PathLike, reader: Callable[[str], Value], value: Value) -> None:
        """`value` is what reader(path) gives for the file as it is now (just written from it)."""
        path = os.fspath(path)
        self._read[(reader, path)] = (file_identity(path), value)


def stat_key(info: os.stat_result) -> tuple[int, int, int, int]:
    """What the memo of a small file's hash (and bytes) is kept under: size, modification time,
    change time and inode (0: not told, a scan on Windows)."""
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def same_file(known: tuple[int, int, int, int], key: tuple[int, int, int, int]) -> bool:
    """Whether two stat_keys are of the same file, unchanged: size, modification and change time
    alike, and the inode where both tell it. On Windows a scan's has none (st_ino 0) and os.stat's
    has one: without this, every summary the make rule hashed was read again by the loader and
    every file asked for alone (mark) hashed again. What then tells a replacement is its size and
    times, and for the file's mark its hash (file_mark hashes a file whose stat changed)."""
    return known[:3] == key[:3] and (known[3] == key[3] or not known[3] or not key[3])


def stat_mark(info: os.stat_result) -> tuple[int, int]:
    """(size, modification time): the mark of a large file, and of every file a build wrote.
    output/ is not hashed: the make rule checks all of it (15 000 files on a large site, PDFs
    and audio among them) in each new process, where hashing would cost seconds; and the
    question there is only whether someone changed a file since the build wrote it, which
    changes its modification time (a link or a rename made by the build keeps it)."""
    return info.st_size, info.st_mtime_ns


def large_file_mark(info: os.stat_result) -> Identity:
    """A content file over SMALL_FILE: stat_mark, and its inode and change time, so that another
    file put in its place with the same size and modification time (copied over it keeping the
    times, `touch -r`, a recording of the same length) is a change. Its bytes are not hashed: a
    site's photos and recordings run to hundreds of megabytes, read in every new process, while
    these come with the stat a scan makes anyway (no cost measured: bench/RESULTS.md,
    usability's section). What they cannot tell apart costs little: a file copied with its times
    kept (another inode) is taken for a changed one, and its folder is built again. On Windows
    st_ctime is the creation time, which a file renamed into place within ~15 s takes over from
    the old one (NTFS tunneling), and a scan has no inode: entry_stat asks os.stat, which has the
    file's index, so such a file is a change there too; one copied over the old keeping its
    times (same index) is not (`build --clean` publishes everything anew)."""
    return info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns


def file_identity(path: str | os.PathLike) -> Identity:
    """The very same file, unchanged, while this is: its large_file_mark, the one definition of
    "the same file" for a large content file and for values remembered from a file (read_once;
    the i18n catalogs, the fonts and share fonts, keyed by it in their caches): a file replaced
    by a rename (how the cache and the build state are written) has another inode even within
    one tick of a coarse clock. Raises OSError."""
    return large_file_mark(os.stat(path))
