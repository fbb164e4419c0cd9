"""Watch the content folder and turn a burst of saves into one call.

Editors' programs save in several steps (write a temporary file, rename it,
touch the folder): every step is a file event. The Debouncer waits until the
events have been quiet for `delay` seconds, then calls back once with every
path that changed. Callbacks never overlap: events that arrive while one
runs are gathered for the next.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

# Events that mean a file changed. Opening or reading a file (which the build itself does) does not.
CHANGE_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed"})
# Editors' scratch files: backups, swap and lock files.
_SCRATCH_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload")
_SCRATCH_PREFIXES = (".#", "~$", ".~lock")


def is_scratch(path: str | Path) -> bool:
    name = Path(path).name
    return (not name or name == "4913" or name.endswith(_SCRATCH_SUFFIXES)
            or name.startswith(_SCRATCH_PREFIXES))


class Debouncer:
    """Calls `callback(paths)` once the events have been quiet for `delay` seconds."""

    def __init__(self, callback: Callable[[set[str]], None], delay: float = 0.2,
                 clock: Callable[[], float] = time.monotonic):
        self.callback = callback
        self.delay = delay
        self.clock = clock
        self._pending: set[str] = set()
        self._last = 0.0
        self._stopped = False
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name="tuyentruyen-debounce", daemon=True)
        self._thread.start()

    def trigger(self, path: str | Path = "") -> None:
        with self._wake:
            self._pending.add(str(path))
            self._last = self.clock()
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                quiet = self.clock() - self._last
                if quiet < self.delay:
                    self._wake.wait(self.delay - quiet)
                    continue
                paths, self._pending = self._pending, set()
            self.callback(paths)


def linked_folders(folders: Iterable[Path]) -> list[Path]:
    """The existing `folders` and the targets of symbolic links to folders inside them (a
    resolution folder kept elsewhere): the build reads through those links, and the watch
    (which does not follow them) must see edits there too."""
    found: list[Path] = []
    for folder in folders:
        if not Path(folder).is_dir():
            continue
        found.append(Path(folder))
        for parent, subfolders, _files in os.walk(folder):
            for name in subfolders:
                path = Path(parent, name)
                if path.is_symlink():
                    target = path.resolve()
                    if target.is_dir() and not any(target.is_relative_to(f.resolve()) for f in found):
                        found.append(target)
    return found


class Watcher:
    """watchdog on the given folders (recursively); relevant changes go to `on_change(path)`."""

    def __init__(self, folders: Iterable[Path], on_change: Callable[[str], None]):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:  # noqa: ANN001 - watchdog's event type
                watcher._event(event)

        self.on_change = on_change
        self.observer = Observer()
        for folder in linked_folders(folders):
            self.observer.schedule(Handler(), str(folder), recursive=True)

    def _event(self, event) -> None:  # noqa: ANN001
        if event.event_type not in CHANGE_EVENTS:
            return
        if event.is_directory and event.event_type == "modified":
            return    # a folder's timestamp: the file event itself follows or came before
        paths = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        relevant = [p for p in paths if not is_scratch(p)]
        for path in relevant:
            self.on_change(path)

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)
