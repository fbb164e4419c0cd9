"""Updating output/ in place, file by file, by a journal of renames.

A rebuild after one edit makes a handful of files; the other thousands are
already in output/ as the last build left them. Instead of a whole new folder
(every unchanged file linked into it, then swapped in), only the files made
now are moved into output/, and the files no longer made are moved out:

1. the journal (what will be moved in and out, which files are new, and where
   the replaced files go) is written beside output/ and flushed to the disk
   before anything moves;
2. each new file replaces its old version in one rename, after the old one is
   kept aside (a hard link, or a rename where the disk has no links); the
   manifest comes last, so that it lists only files that are there;
3. the files no longer made are moved aside, and folders left empty removed;
4. the journal is deleted: from here the build is done. What is left of staging
   and the replaced versions the caller removes (output.py: while the build
   saves its state, as deleting files waits on the disk, not on the processor).

A failure in 2–3 (a file open in another program on Windows, a full disk,
Ctrl+C) moves every file back at once (`roll_back`); a build killed in 2–3 is
rolled back by the next build (folder_swap.recover), which finds the journal
of a process that is gone (or serve's own next build, when even rolling back
failed). Either way output/ is again exactly the previous build's: each step is
decided by which files exist, so rolling back twice is safe.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import time
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

# Windows refuses to replace a file another program has open for a moment (a browser, serve
# sending it: a sharing violation, EACCES); a few short waits let it finish first.
BUSY = frozenset({errno.EACCES, errno.EBUSY})
RETRIES = (0.05, 0.1, 0.2, 0.4)


@dataclass(frozen=True)
class Patch:
    """What one build moves: `written` from `staging` into `output` (the manifest last; `fresh`:
    those output/ does not have yet), `removed` out of `output`; previous versions go to `replaced`."""

    output: Path
    staging: Path
    replaced: Path
    written: tuple[str, ...]
    removed: tuple[str, ...]
    fresh: tuple[str, ...] = ()

    def to_data(self) -> dict:
        return {"output": str(self.output), "staging": str(self.staging), "replaced": str(self.replaced),
                "written": list(self.written), "removed": list(self.removed), "fresh": list(self.fresh)}


def apply(patch: Patch, journal: Path) -> tuple[Path, ...]:
    """Move the patch's files in and out of output/, after writing its journal; on any
    failure put every file back as it was and raise. Returns the work folders left to remove
    (staging and the replaced versions: nothing rolls back to them any more)."""
    # Which files are new is written down first: rolling back takes those out again, and
    # must not depend on staging, which a failed build removes.
    patch = replace(patch, fresh=tuple(rel for rel in patch.written
                                       if not os.path.lexists(_inside(patch.output, rel))))
    try:
        _write_journal(patch, journal)
        for rel in patch.written:
            _move_in(patch, rel)
        for rel in patch.removed:
            _move_out(patch, rel)
    except BaseException:
        with suppress(OSError):             # else the journal stays, and a later build rolls back
            roll_back(patch)
            journal.unlink(missing_ok=True)
            shutil.rmtree(patch.replaced, ignore_errors=True)
        raise
    _remove_empty_folders(patch.output, patch.removed)
    journal.unlink()
    return patch.staging, patch.replaced


def roll_back(patch: Patch) -> None:
    """Put output/ back as it was before `patch` began, whichever of its moves were done."""
    fresh = set(patch.fresh)
    for rel in reversed(patch.removed):
        _put_back(patch, rel)
    for rel in reversed(patch.written):
        if rel not in fresh:
            _put_back(patch, rel)
        else:
            with suppress(FileNotFoundError):       # no previous version: out again if it was moved in
                os.unlink(_inside(patch.output, rel))
    _remove_empty_folders(patch.output, patch.fresh)


def roll_back_journal(journal: Path) -> None:
    """What a killed build left half done (folder_swap.recover): rolled back, the journal removed.
    A journal that cannot be read was never complete, so nothing had moved yet."""
    try:
        patch = _read_journal(journal)
    except (OSError, ValueError, KeyError, TypeError):
        patch = None
    if patch is not None:
        roll_back(patch)
    journal.unlink(missing_ok=True)


# ---------------------------------------------------------------- the moves


def _move_in(patch: Patch, rel: str) -> None:
    """The new file in place of the old one, which is kept aside first (hard link: output/
    never lacks the file; a rename where links are not possible)."""
    live, kept = _inside(patch.output, rel), _inside(patch.replaced, rel)
    if os.path.lexists(live):
        os.makedirs(os.path.dirname(kept), exist_ok=True)
        try:
            os.link(live, kept)
        except OSError:
            os.replace(live, kept)
    else:
        os.makedirs(os.path.dirname(live), exist_ok=True)
    replace_when_free(_inside(patch.staging, rel), live)


def _move_out(patch: Patch, rel: str) -> None:
    """A file no longer made, kept aside."""
    _move_if_there(_inside(patch.output, rel), _inside(patch.replaced, rel))


def _put_back(patch: Patch, rel: str) -> None:
    """The previous version of `rel` back in output/ if it was kept aside."""
    _move_if_there(_inside(patch.replaced, rel), _inside(patch.output, rel))


def _move_if_there(source: str, target: str) -> None:
    if os.path.lexists(source):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        replace_when_free(source, target)


def replace_when_free(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """os.replace, tried again a few times while the file is busy (then the error stands): on
    Windows an antivirus, the search indexer or Explorer's preview holds a new file for a moment."""
    for wait in RETRIES:
        try:
            os.replace(source, target)
            return
        except OSError as exc:
            if exc.errno not in BUSY:
                raise
        time.sleep(wait)
    os.replace(source, target)


def _remove_empty_folders(root: Path, paths: tuple[str, ...]) -> None:
    """The folders of `paths` (and their parents) that are now empty, deepest first."""
    top = os.fspath(root)
    folders = {os.path.dirname(_inside(root, rel)) for rel in paths}
    for folder in sorted(folders, key=len, reverse=True):
        while len(folder) > len(top) and folder.startswith(top):
            try:
                os.rmdir(folder)            # only an empty folder; open in Explorer: it stays
            except OSError:
                break
            folder = os.path.dirname(folder)


def escapes(rel: str) -> bool:
    """Whether a path read from a file (build state, manifest, journal) leads out of its folder."""
    return not rel or rel.startswith("/") or ".." in rel.split("/")


def _inside(folder: Path, rel: str) -> str:
    """`rel` (POSIX separators, from the build or a journal) inside `folder`."""
    if escapes(rel):
        raise ValueError(f"output path escapes the output folder: {rel}")
    return f"{folder}/{rel}"                # "/" works on Windows too


# ---------------------------------------------------------------- the journal


def _write_journal(patch: Patch, journal: Path) -> None:
    """Written whole, flushed to the disk, then renamed into place: a journal that exists is complete."""
    draft = patch.staging / ".journal"
    with open(draft, "w", encoding="utf-8") as handle:
        json.dump(patch.to_data(), handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(draft, journal)
    _sync_folder(journal.parent)


def _sync_folder(folder: Path) -> None:
    """The rename itself on the disk (POSIX); Windows cannot open a folder and needs no such step."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _read_journal(journal: Path) -> Patch | None:
    data = json.loads(journal.read_text(encoding="utf-8"))
    patch = Patch(Path(data["output"]), Path(data["staging"]), Path(data["replaced"]),
                  tuple(data["written"]), tuple(data["removed"]), tuple(data["fresh"]))
    beside = journal.parent.resolve()
    if any(Path(folder).parent.resolve() != beside for folder in (patch.output, patch.staging, patch.replaced)):
        return None                         # not a journal this output's builds wrote
    return patch
