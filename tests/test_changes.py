"""The change detector (changes.py): one answer to "is this unchanged?", for content, templates
and output/ alike."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from conftest import manifest, tree_bytes
from generator.builders.base import BuildOptions
from generator.changes import SMALL_FILE, ChangeDetector
from generator.machinery import forked
from generator.machinery.buildstate import STATE_FILE
from generator.machinery.cache_seal import read_json
from generator.machinery.output import Artifact
from generator.pipeline import build
from generator.uptodate import output_stamp

HOUR = 3600 * 10**9


def rewrite_keeping_time(path: Path, data: bytes) -> None:
    """Other bytes, the same modification time (a restore from a backup, a copy with its date)."""
    before = path.stat().st_mtime_ns
    path.write_bytes(data)
    os.utime(path, ns=(before, before))


def small_and_large(folder: Path, small_name: str, large_name: str) -> tuple[Path, Path, int]:
    """A small and a large file, modified an hour ago (not racily clean), and that time."""
    small, large = folder / small_name, folder / large_name
    small.write_bytes(b"abc")
    large.write_bytes(b"x" * (SMALL_FILE + 1))
    old = small.stat().st_mtime_ns - HOUR
    for path in (small, large):
        os.utime(path, ns=(old, old))
    return small, large, old


def test_a_small_file_is_known_by_its_bytes_a_large_one_by_size_and_time(tmp_path: Path) -> None:
    changes = ChangeDetector()
    small, large, old = small_and_large(tmp_path, "small.md", "large.jpg")
    first = changes.tree_signature(tmp_path)
    for path in (small, large):
        os.utime(path, ns=(old + HOUR // 2,) * 2)            # touched, not changed
    touched = changes.tree_signature(tmp_path)
    assert touched[1] == first[1]                            # small.md: the same bytes, the same mark
    assert touched[0] != first[0]                            # large.jpg: known by its time
    rewrite_keeping_time(small, b"abd")                      # the same size and time, other bytes
    assert changes.tree_signature(tmp_path)[1] != touched[1]


def test_a_file_of_output_changed_by_hand_is_made_again_even_at_the_same_size(
        tmp_path: Path, site_dir: Path) -> None:
    """The make rule notices the edit, and the reuse of the unchanged item does not take the
    edited file: both ask the detector (stat_mark), not the size alone."""
    output = tmp_path / "output"
    options = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site", "leaflets"}))
    build(site_dir, output, options)
    clean = tree_bytes(output)
    page, leaflet = output / "nq-57" / "index.html", output / "nq-57" / "nq-57-vi-to-roi-a4.pdf"
    for path in (page, leaflet):
        data = path.read_bytes()
        path.write_bytes(data[:100] + bytes([data[100] ^ 1]) + data[101:])    # one bit, same size
    build(site_dir, output, options)
    assert tree_bytes(output) == clean
    assert_kept_marks_are_those_of(output, tmp_path / ".cache")


def test_files_written_by_forked_workers_are_marked_by_the_build(tmp_path: Path, site_dir: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages made in worker processes: the parent notes their marks (Staging.adopt), so the
    stamp it keeps equals one taken afresh."""
    monkeypatch.setattr(forked, "MIN_ITEMS", 2)
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    output = tmp_path / "output"
    build(site_dir, output, BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, jobs=2,
                                         only=frozenset({"site"})))
    assert_kept_marks_are_those_of(output, tmp_path / ".cache")


def assert_kept_marks_are_those_of(output: Path, cache: Path) -> None:
    """The up-to-date stamp and the build state hold the marks of the files now in output/ (so
    the next build finds nothing to do, and takes every unchanged item's files)."""
    stamp, state = read_json(cache / "up-to-date.json"), read_json(cache / STATE_FILE)
    artifacts = [Artifact(**a) for a in manifest(output)["artifacts"]]
    assert stamp["output"] == output_stamp(output, artifacts, ChangeDetector())
    for entry in state["items"].values():
        for *file, size, mtime in entry[1]:                  # slug, lang, kind, path, size, then the mark
            info = (output / file[3]).stat()
            assert [size, mtime] == [info.st_size, info.st_mtime_ns], file


def _resolution_folders(root: Path) -> list[Path]:
    folders = []
    for slug, files in (("a", {"vi.md": b"a"}), ("b", {"vi.md": b"b", "anh.png": b"png"}),
                        ("c", {"vi.md": b"c", "con/x.md": b"x"})):
        for name, data in files.items():
            (root / "resolutions" / slug / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "resolutions" / slug / name).write_bytes(data)
        folders.append(root / "resolutions" / slug)
    return folders


def _counting_listings(root: Path, monkeypatch: pytest.MonkeyPatch
                       ) -> tuple[list[Path], list[tuple], ChangeDetector, list[str]]:
    """The folders, their signatures scanned alone, a new detector, and the folders os.scandir
    lists from now on."""
    folders = _resolution_folders(root)
    alone = [ChangeDetector().tree_signature(folder) for folder in folders]
    listed: list[str] = []
    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: listed.append(str(path)) or real_scandir(path))
    return folders, alone, ChangeDetector(), listed


def test_in_a_moment_a_folder_scanned_with_its_parent_is_not_listed_again(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A build looks at content/ once (the make rule); the loader's signature of each resolution
    folder is then the one that scan found, the same as a scan of the folder alone."""
    folders, alone, changes, listed = _counting_listings(tmp_path, monkeypatch)
    with changes.moment():
        changes.tree_signature(tmp_path)
        scans = len(listed)
        assert [changes.tree_signature(folder) for folder in folders] == alone
        assert len(listed) == scans                      # not one folder listed again
    assert [changes.tree_signature(folder) for folder in folders] == alone
    assert len(listed) > scans                           # outside the moment: listed anew


@contextmanager
def _a_folder_seen_in_a_moment(root: Path) -> Iterator[tuple[ChangeDetector, Path, tuple]]:
    """A build's moment that has scanned `root` and asked for a resolution folder's signature."""
    folder = _resolution_folders(root)[0]
    changes = ChangeDetector()
    with changes.moment():
        changes.tree_signature(root)
        yield changes, folder, changes.tree_signature(folder)


def test_after_the_moment_a_changed_folder_is_seen_changed(tmp_path: Path) -> None:
    """serve keeps one detector for its life: what a build's scan found is never the answer
    of a later build."""
    with _a_folder_seen_in_a_moment(tmp_path) as (changes, folder, before):
        pass
    (folder / "hmn.md").write_bytes(b"new")
    with changes.moment():
        assert changes.tree_signature(folder) != before


def test_a_folder_with_a_link_or_a_skipped_folder_is_scanned_alone(tmp_path: Path) -> None:
    """Such a folder's listing inside a larger scan may differ from its own (a link's target
    listed once per scan, a skipped cache folder): it is not taken from the larger scan."""
    folders = _resolution_folders(tmp_path)
    (folders[0] / "cache").mkdir()
    (folders[0] / "cache" / "entry").write_bytes(b"e")
    (folders[1] / "lien").symlink_to(folders[2], target_is_directory=True)
    alone = [ChangeDetector().tree_signature(folder) for folder in folders]
    changes = ChangeDetector()
    with changes.moment():
        changes.tree_signature(tmp_path, skip=[folders[0] / "cache"])
        assert [changes.tree_signature(folder) for folder in folders] == alone


def test_a_process_forked_in_a_moment_takes_no_answer_from_it(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker forked during a build (serve keeps its PDF workers) may outlive the build: it
    answers from the files, never from the build's scan."""
    with _a_folder_seen_in_a_moment(tmp_path) as (changes, folder, before):
        (folder / "hmn.md").write_bytes(b"new")
        assert changes.tree_signature(folder) == before              # this process: the build's look
        parent = os.getpid()
        monkeypatch.setattr(os, "getpid", lambda: parent + 1)        # as the forked process sees it
        assert changes.tree_signature(folder) != before


def test_in_a_moment_a_folder_asked_for_alone_twice_is_listed_once(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The make rule asks for each resolution folder's signature, then the loader does: one
    listing, the same answer as a scan of the folder alone; after the moment, listed anew."""
    folders, alone, changes, listed = _counting_listings(tmp_path, monkeypatch)
    with changes.moment():
        assert [changes.folder_signature(os.path.abspath(folder)) for folder in folders] == alone
        scans = len(listed)
        assert [changes.tree_signature(folder) for folder in folders] == alone
        assert len(listed) == scans
    (folders[0] / "hmn.md").write_bytes(b"new")
    assert changes.tree_signature(folders[0]) != alone[0]


def test_a_build_lists_each_content_folder_once(tmp_path: Path, site_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The make rule lists resolutions/ and every resolution folder; the loader then takes the
    same listings (which folders there are, what lies beside them, the edited folder's files for
    its FolderFiles), not its own: one listing per folder per build. Output as a cold build's."""
    output, options = tmp_path / "out" / "output", BuildOptions(no_audio=True, only=frozenset({"site"}),
                                                                   cache_dir=tmp_path / "out" / "cache")
    build(site_dir, output, options)
    summary = sorted((site_dir / "resolutions").glob("*/vi.md"))[0]
    summary.write_text(summary.read_text(encoding="utf-8").replace("\n- ", "\n- Sửa một ý. ", 1), encoding="utf-8")
    listed: list[str] = []
    real_scandir, real_listdir = os.scandir, os.listdir
    def note(path: object) -> None:
        if not isinstance(path, int):              # a folder's descriptor: rmtree's, of staging
            listed.append(os.path.abspath(path))   # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", lambda path=".": note(path) or real_scandir(path))
    monkeypatch.setattr(os, "listdir", lambda path=".": note(path) or real_listdir(path))
    build(site_dir, output, options)
    content = [path for path in listed if Path(path).is_relative_to(site_dir.resolve())]
    folders = [str(folder.resolve()) for folder in (site_dir / "resolutions").iterdir()]
    assert str(summary.parent.resolve()) in content and len(folders) > 1
    assert {path: content.count(path) for path in [str((site_dir / "resolutions").resolve()), *folders]} == \
        dict.fromkeys([str((site_dir / "resolutions").resolve()), *folders], 1)
    monkeypatch.undo()
    cold = tmp_path / "cold" / "output"
    build(site_dir, cold, BuildOptions(no_audio=True, only=frozenset({"site"}), cache_dir=tmp_path / "cold" / "cache"))
    assert tree_bytes(output) == tree_bytes(cold)


def test_the_very_same_file_is_known_as_a_large_one_is(tmp_path: Path) -> None:
    """Two marks, both here: content (file_mark: the bytes' hash) and stat (stat_mark, and for a
    file the build did not write large_file_mark, the stat mark with the inode and change time).
    file_identity (values remembered from a file: catalogs, fonts) is large_file_mark, so a file
    replaced by a rename with the same size and time is read again."""
    from generator.changes import file_identity, large_file_mark, stat_mark
    path, other = tmp_path / "vi.po", tmp_path / "vi.po.new"
    path.write_bytes(b"msgid a")
    info = os.stat(path)
    assert file_identity(path) == large_file_mark(info) and large_file_mark(info)[:2] == stat_mark(info)
    changes, reads = ChangeDetector(), []

    def reader(name: str) -> bytes:
        reads.append(name)
        return Path(name).read_bytes()
    assert changes.read_once(path, reader) == changes.read_once(path, reader) == b"msgid a"
    other.write_bytes(b"msgid b")
    os.utime(other, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(other, path)
    assert stat_mark(os.stat(path)) == stat_mark(info) and file_identity(path) != large_file_mark(info)
    assert changes.read_once(path, reader) == b"msgid b" and len(reads) == 2


def test_a_first_look_by_stat_finds_a_file_saved_after_a_reference(tmp_path: Path) -> None:
    """changed_after (the make rule's first look, uptodate.UpToDate.edited): a file of the folders,
    or of a folder inside them, modified or replaced after the reference was written; a link is
    not followed, and what is older than the reference is no proof either way (False)."""
    folders = _resolution_folders(tmp_path)
    reference = tmp_path / "stamp.json"
    reference.write_bytes(b"{}")
    written = reference.stat().st_mtime_ns
    for path in tmp_path.rglob("*.md"):
        os.utime(path, ns=(written - HOUR, written - HOUR))
    names = [os.path.abspath(folder) for folder in folders]
    # Files are replaced after the reference: their change time, not only the modification time, counts.
    os.utime(reference, ns=(written + HOUR, written + HOUR))
    assert not ChangeDetector().changed_after(names, reference)
    for folder in (folders[0] / "photos", tmp_path / "elsewhere"):
        folder.mkdir()
        (folder / "anh.md").write_bytes(b"x")
        os.utime(folder / "anh.md", ns=(written + 2 * HOUR,) * 2)
    (folders[1] / "lien").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert ChangeDetector().changed_after(names[:1], reference)
    assert not ChangeDetector().changed_after(names[1:], reference)      # the link's target is not looked at
    os.utime(reference, ns=(written + 3 * HOUR,) * 2)
    assert not ChangeDetector().changed_after(names, reference)
    assert not ChangeDetector().changed_after(names, tmp_path / "none.json")
    # Copied in with their old times (older than the reference) since: their change time says so.
    os.utime(reference, ns=(written - HOUR // 2,) * 2)
    assert ChangeDetector().changed_after(names[2:], reference)


class ScanOnWindows(ChangeDetector):
    """The detector as on Windows, through its own seam: a folder scan's stat has no inode
    (os.scandir gives st_ino 0 there; os.stat, which mark() and read_bytes() ask, has it).
    `tunneling`: st_ctime as the creation time, which a file renamed into a name within ~15 s
    takes over from the one it replaces (NTFS): the first one seen of each name stays."""

    def __init__(self, tunneling: bool = False) -> None:
        super().__init__()
        self.created: dict[str, int] | None = {} if tunneling else None

    def scan_stat(self, entry: os.DirEntry) -> os.stat_result:
        info = entry.stat()
        created = info.st_ctime_ns if self.created is None else self.created.setdefault(entry.path, info.st_ctime_ns)
        fields = list(info[:10])
        fields[1] = 0                                           # st_ino
        return os.stat_result(fields, {"st_atime": info.st_atime, "st_mtime": info.st_mtime,
                                       "st_ctime": created / 1e9, "st_atime_ns": info.st_atime_ns,
                                       "st_mtime_ns": info.st_mtime_ns, "st_ctime_ns": created})


def test_without_a_scans_inode_a_summary_is_still_hashed_once_and_read_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The make rule's scan hashes a summary and keeps its bytes for the loader (read_bytes), and a
    file asked for alone (mark) takes the scan's hash: on Windows too, where the scan's stat has no
    inode and os.stat's has one (each summary was read twice there)."""
    from generator import changes as changes_module
    summary = tmp_path / "vi.md"
    summary.write_bytes(b"# Nghi quyet\n")
    old = summary.stat().st_mtime_ns - HOUR                   # not racily clean: the memo is trusted
    os.utime(summary, ns=(old, old))
    opened: list[str] = []
    monkeypatch.setattr(changes_module, "open", lambda path, *args: opened.append(path) or open(path, *args),
                        raising=False)
    changes = ScanOnWindows()
    (name, digest), = changes.tree_signature(tmp_path)
    assert name == "vi.md" and opened == [str(summary)]
    assert changes.mark(summary) == (digest,)
    assert changes.read_bytes(summary) == b"# Nghi quyet\n"
    assert opened == [str(summary)]


def test_without_a_scans_inode_a_file_put_in_place_is_still_a_change(tmp_path: Path) -> None:
    """A file replaced by a rename with the same size and modification time: without the inode
    in Windows' scan, a large file is told by the index os.stat gives (entry_stat asks it), a
    small one by its bytes."""
    small, large, old = small_and_large(tmp_path, "vi.md", "anh.jpg")
    changes = ScanOnWindows()
    first = changes.tree_signature(tmp_path)
    assert [mark[2] for name, *mark in first if name == "anh.jpg"] == [large.stat().st_ino]   # os.stat's index
    for path, data in ((small, b"abd"), (large, b"y" * (SMALL_FILE + 1))):
        new = path.with_suffix(".new")
        new.write_bytes(data)
        os.utime(new, ns=(old, old))
        os.replace(new, path)
    again = changes.tree_signature(tmp_path)
    assert again[0] != first[0] and again[1] != first[1]


def test_a_large_file_renamed_into_place_with_the_old_ones_creation_time_is_a_change(tmp_path: Path) -> None:
    """NTFS gives a file renamed into a name within ~15 s the old one's creation time (st_ctime
    there): with the same size and modification time too, only the file's index tells it, which
    Windows' scan has not; entry_stat asks os.stat for a large file."""
    _, large, old = small_and_large(tmp_path, "vi.md", "anh.jpg")
    changes = ScanOnWindows(tunneling=True)
    first = changes.tree_signature(tmp_path)
    new = large.with_suffix(".new")
    new.write_bytes(b"y" * (SMALL_FILE + 1))
    os.utime(new, ns=(old, old))
    os.replace(new, large)
    assert changes.tree_signature(tmp_path)[0] != first[0]


def test_without_a_scans_inode_a_large_files_mark_is_the_same_asked_alone_or_scanned(tmp_path: Path) -> None:
    """mark() (os.stat, which has the file's index on Windows) and a scan of the folder give a
    large file one mark, the one file_identity keeps values read from it by."""
    from generator.changes import file_identity
    small, large, _ = small_and_large(tmp_path, "vi.md", "anh.jpg")
    changes = ScanOnWindows()
    scanned = {name: tuple(mark) for name, *mark in changes.tree_signature(tmp_path)}
    assert scanned["anh.jpg"] == changes.mark(large) == file_identity(large)
    assert scanned["vi.md"] == changes.mark(small)


# Reads of a file's stat that are not "is it unchanged?" (changes.py's docstring lists them).
STAT_READERS = {"machinery/folder_swap.py", "cache_gc.py"}


def test_only_the_change_detector_marks_files_by_their_stat() -> None:
    import ast
    package = Path(__file__).resolve().parent.parent / "generator"
    found = set()
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.Attribute) and node.attr in {"st_ino", "st_mtime_ns", "st_mtime", "st_ctime_ns"}
               for node in ast.walk(tree)):
            found.add(path.relative_to(package).as_posix())
    assert found == STAT_READERS | {"changes.py"}
