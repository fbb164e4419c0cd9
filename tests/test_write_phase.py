"""The build's write phase: the session and the cache index, made on a thread meanwhile, are whole when the build returns."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from generator import cache_gc
from generator.builders.base import BuildOptions
from generator.machinery.cache_seal import read_json
from generator.pipeline import build

from conftest import manifest, write


def edit(site_dir: Path, text: str) -> None:
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", text, 1))


@pytest.mark.parametrize("edited", [False, True], ids=["first-build", "edit"])
def test_the_cache_index_is_written_before_the_build_returns(tmp_path: Path, site_dir: Path,
                                                             monkeypatch: pytest.MonkeyPatch, edited: bool) -> None:
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(no_audio=True, cache_dir=cache, only=frozenset({"site", "leaflets"}))
    if edited:
        build(site_dir, output, options)
        edit(site_dir, "Ý thứ hai, sửa")
    update, threads = cache_gc.update, []

    def slow_update(*args, **kwargs):      # a disk that keeps the thread busy after the stamp is saved
        threads.append(threading.current_thread())
        time.sleep(0.3)
        return update(*args, **kwargs)
    monkeypatch.setattr(cache_gc, "update", slow_update)
    build(site_dir, output, options)
    assert threads and threads[0] is not threading.main_thread()        # it ran alongside
    assert not any(t.is_alive() for t in threads)
    pdfs = {a["path"] for a in manifest(output)["artifacts"] if a["path"].endswith(".pdf")}
    assert pdfs and set(read_json(cache / "cache-index.json")["files"]) == pdfs


def test_a_failure_of_the_cache_index_is_the_build_s(tmp_path: Path, site_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Not lost on its thread: raised by build() (an OSError is the cache's own, and ignored)."""
    def broken(*args, **kwargs):
        raise RuntimeError("cache index")
    monkeypatch.setattr(cache_gc, "update", broken)
    with pytest.raises(RuntimeError, match="cache index"):
        build(site_dir, tmp_path / "output", BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache",
                                                          only=frozenset({"site"})))
    monkeypatch.setattr(cache_gc, "update", lambda *a, **k: (_ for _ in ()).throw(OSError("busy")))
    result = build(site_dir, tmp_path / "output", BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache",
                                                               only=frozenset({"site"})))
    assert result.artifacts


def test_the_session_is_saved_before_the_build_returns(tmp_path: Path, site_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved on the write phase's thread (a few folders read: not by a forked process), whole when build() returns:
    the next process restores every folder from it."""
    from generator import session_store
    from generator.session import BuildSession
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(no_audio=True, cache_dir=cache, only=frozenset({"site"}))
    save, threads = session_store.save, []

    def slow_save(*args, **kwargs):
        threads.append(threading.current_thread())
        time.sleep(0.3)
        return save(*args, **kwargs)
    monkeypatch.setattr(session_store, "save", slow_save)
    build(site_dir, output, options)
    assert threads and threads[0] is not threading.main_thread()
    restored = BuildSession()
    session_store.restore(restored, cache, site_dir)
    assert len(restored.loaded) == 2           # both resolution folders


def test_a_commit_that_fails_leaves_the_cache_index_as_it_was(tmp_path: Path, site_dir: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The session is saved on the thread while the output is put in place; the cache index only
    once it is: a failed update in place (a full disk) leaves the previous output, index and
    stamp-less cache, and no thread still writing."""
    from generator.machinery import output as output_module
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(no_audio=True, cache_dir=cache, only=frozenset({"site", "leaflets"}))
    build(site_dir, output, options)
    index = (cache / "cache-index.json").read_bytes()
    before = {a["path"]: (output / a["path"]).read_bytes() for a in manifest(output)["artifacts"]}
    edit(site_dir, "Ý thứ hai, sửa")

    def full_disk(self):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(output_module.Staging, "commit", full_disk)
    running = threading.active_count()
    with pytest.raises(OSError):
        build(site_dir, output, options)
    assert threading.active_count() == running
    assert (cache / "cache-index.json").read_bytes() == index
    assert not (cache / "up-to-date.json").exists()
    assert {a["path"]: (output / a["path"]).read_bytes() for a in manifest(output)["artifacts"]} == before
    monkeypatch.undo()
    build(site_dir, output, options)
    pdfs = {a["path"] for a in manifest(output)["artifacts"] if a["path"].endswith(".pdf")}
    assert set(read_json(cache / "cache-index.json")["files"]) == pdfs
    assert (cache / "cache-index.json").read_bytes() != index        # the edited leaflets' new entries
