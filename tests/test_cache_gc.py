"""The cache keeps what the current output was made from: edits do not make it grow."""
from __future__ import annotations

import json
from pathlib import Path

from generator.builders.base import BuildOptions
from generator.pipeline import build

from conftest import manifest, write

STRAY_PDF = "ab" * 32 + ".pdf"        # an entry no output file comes from
STRAY_AUDIO = "cd" * 32 + ".mp3"
STRAY_PHOTO = "ef" * 16


def cached_pdfs(cache: Path) -> set[str]:
    return {p.stem for p in cache.glob("*.pdf")}


def test_after_edits_the_cache_holds_one_entry_per_pdf_of_the_output(tmp_path: Path, site_dir: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, output, options)
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    for n in range(3):                                   # three edits, each making ct-05's PDFs anew
        write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", f"Ý thứ hai ({n})", 1))
        build(site_dir, output, options)
    pdfs = [a["path"] for a in manifest(output)["artifacts"] if a["path"].endswith(".pdf")]
    index = json.loads((cache / "cache-index.json").read_text(encoding="utf-8"))
    assert sorted(index) == sorted(pdfs)                 # every PDF of the output, also the reused ones
    assert cached_pdfs(cache) == set(index.values())     # and nothing else
    assert all((cache / f"{key}.json").is_file() for key in index.values())
    a4 = next(p for p in pdfs if p.endswith("ct-05-vi-to-roi-a4.pdf"))
    assert (cache / f"{index[a4]}.pdf").read_bytes() == (output / a4).read_bytes()


def test_partial_and_silent_builds_keep_what_they_did_not_make(tmp_path: Path, site_dir: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / ".cache"
    full = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, output, full)
    for name in (STRAY_PDF, STRAY_AUDIO):
        (cache / name).write_bytes(b"x")
    (cache / "photos" / STRAY_PHOTO).mkdir(parents=True)
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai (sửa)", 1))
    build(site_dir, output, BuildOptions(cache_dir=cache, no_audio=True, only=frozenset({"site"})))
    assert (cache / STRAY_PDF).is_file()                 # --only: the leaflets were not looked at
    build(site_dir, output, full)
    assert not (cache / STRAY_PDF).exists() and not (cache / "photos" / STRAY_PHOTO).exists()
    assert (cache / STRAY_AUDIO).is_file()               # no sound made: speech is kept
    assert (cache / "build-state.json").is_file()
