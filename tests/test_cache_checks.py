"""Every cache entry is checked when it is read: one flipped byte never reaches an output."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.builders.base import BuildOptions
from generator.machinery.buildstate import STATE_FILE
from generator.machinery.cache_pack import Pack
from generator.machinery.cache_seal import read_json, read_sealed, sealed, unsealed, write_json
from generator.content import tree_memo
from generator.pipeline import build

from conftest import manifest, tree_bytes
from test_photos import write_site


def flip(path: Path, at: int | None = None) -> None:
    """One bit of one byte, in the middle of the file unless told where."""
    data = bytearray(path.read_bytes())
    at = len(data) // 2 if at is None else at
    data[at] ^= 0x04
    path.write_bytes(bytes(data))


def test_a_seal_refuses_every_single_flipped_bit_and_any_cut() -> None:
    data = "Nghị quyết số 57-NQ/TW\n".encode("utf-8") * 3
    blob = sealed(data)
    assert unsealed(blob) == data and unsealed(sealed(b"")) == b""
    chance = random.Random(10)
    for at in range(len(blob)):
        damaged = bytearray(blob)
        damaged[at] ^= 1 << chance.randrange(8)
        assert unsealed(bytes(damaged)) is None, at
    for length in range(len(blob)):
        assert unsealed(blob[:length]) is None
    assert unsealed(blob + b"x") is None and unsealed(data) is None


def test_damaged_cache_entries_are_made_again_not_published(tmp_path: Path) -> None:
    """A PDF, a photo variant, the Markdown trees and the build state, each with one flipped
    byte: the next build (into a new output, so nothing is taken from the old one) gives the
    same bytes as the first."""
    content = write_site(tmp_path)
    cache = tmp_path / ".cache"
    options = BuildOptions(no_audio=True, cache_dir=cache)
    build(content, tmp_path / "first", options)
    first = tree_bytes(tmp_path / "first")

    pdfs = sorted(cache.glob("*.pdf"))
    assert len(pdfs) >= 10
    for pdf in pdfs:
        flip(pdf)
    variants = sorted(p for p in (cache / "photos").glob("*/*") if p.name != "photo.json")
    assert variants
    for variant in variants:
        flip(variant)
    trees = next(cache.glob(f"{tree_memo.PACK_STEM}.*.pack"))
    text = trees.read_bytes()
    at = text.index("Ý thứ nhất".encode("utf-8"))   # a letter in the text: the JSON stays valid
    flip(trees, at + len("Ý thứ ".encode("utf-8")))
    flip(cache / STATE_FILE, 40)
    flip(cache / "session.json", 40)                # so that every folder is read again, with the trees

    build(content, tmp_path / "second", options)
    assert tree_bytes(tmp_path / "second") == first
    # …and the cache holds sound entries again.
    assert all(read_sealed(pdf) is not None for pdf in pdfs)
    memo = read_json(cache / tree_memo.MEMO_FILE)
    pack = Pack.named(cache, tree_memo.PACK_STEM, memo["pack"])
    assert memo["trees"] and all(pack.read(tuple(ref)) is not None for ref in memo["trees"].values())


def test_a_damaged_sound_in_the_cache_is_synthesised_again(tmp_path: Path, site_dir: Path) -> None:
    cache = tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, only=frozenset({"loudspeaker"}))
    build(site_dir, tmp_path / "first", options)
    sounds = sorted(cache.glob("*.mp3")) + sorted(cache.glob("*.wav"))
    assert sounds
    for sound in sounds:
        flip(sound)
    build(site_dir, tmp_path / "second", options)
    audio = [a["path"] for a in manifest(tmp_path / "second")["artifacts"] if a["kind"] == "loudspeaker-audio"]
    assert audio
    for path in audio:
        assert (tmp_path / "second" / path).read_bytes() == (tmp_path / "first" / path).read_bytes()


@pytest.mark.parametrize("name", [STATE_FILE, "up-to-date.json", "cache-index.json"])
def test_damaged_state_files_mean_a_full_build_not_a_wrong_one(tmp_path: Path, site_dir: Path, name: str) -> None:
    cache, output = tmp_path / ".cache", tmp_path / "output"
    options = BuildOptions(no_audio=True, cache_dir=cache, only=frozenset({"site"}))
    build(site_dir, output, options)
    body = read_json(cache / name)
    write_json(cache / name, body)                   # sealed again: still good
    flip(cache / name, 2)
    summary = site_dir / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai, sửa"), encoding="utf-8")
    build(site_dir, output, options)
    build(site_dir, tmp_path / "reference", BuildOptions(no_audio=True, only=frozenset({"site"})))
    assert tree_bytes(output) == tree_bytes(tmp_path / "reference")
    assert read_json(cache / name)                   # written anew and sound


def test_half_written_entries_of_killed_builds_are_swept(tmp_path: Path, site_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import cache_gc
    import subprocess
    import sys
    monkeypatch.setattr(cache_gc, "KEEP_YOUNG", 0)
    cache = tmp_path / ".cache"
    options = BuildOptions(no_audio=True, cache_dir=cache)
    build(site_dir, tmp_path / "output", options)
    gone = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead_file, live_file = cache / f".{'a' * 64}.pdf.{gone}.tmp", cache / f".{'b' * 64}.pdf.{running.pid}.tmp"
        dead_photo = cache / "photos" / ".0123456789abcdef0123456789abcdef-x1y2"
        for path in (dead_file, live_file):
            path.write_bytes(b"%PDF half")
        dead_photo.mkdir(parents=True)
        (dead_photo / "web-480.webp").write_bytes(b"half")
        summary = site_dir / "resolutions" / "ct-05" / "vi.md"
        summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai, sửa"), encoding="utf-8")
        build(site_dir, tmp_path / "output", options)   # no sweep recorded yet: it sweeps the whole folder
        assert not dead_file.exists() and not dead_photo.exists()
        assert live_file.exists()                    # another build is still writing it
    finally:
        running.kill()
        running.wait()
