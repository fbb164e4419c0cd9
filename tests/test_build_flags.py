"""Every `build` flag through the real command line (a subprocess, as an editor runs it)."""
from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO, manifest, tree_bytes


def tuyentruyen(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("TUYENTRUYEN_LANG", None)
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=REPO,
                          env=env, timeout=600)


def kinds(output: Path) -> Counter:
    return Counter(entry["kind"] for entry in manifest(output)["artifacts"])


def test_clean_empties_the_cache_and_rebuilds(tmp_path: Path, site_dir: Path) -> None:
    output = tmp_path / "output"
    assert tuyentruyen("build", "--content", str(site_dir), "--output", str(output), "--no-audio").returncode == 0
    summary = site_dir / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai, sửa"), encoding="utf-8")
    assert tuyentruyen("build", "--content", str(site_dir), "--output", str(output), "--no-audio").returncode == 0
    cache, spare = tmp_path / ".tuyentruyen-cache", tmp_path / ".output.spare"
    assert any(cache.glob("*.pdf"))
    (cache / "stale-marker").write_text("old", encoding="utf-8")
    spare.mkdir()                                   # what earlier versions kept beside output/
    (spare / "stale-marker").write_text("old", encoding="utf-8")
    before = tree_bytes(output)
    done = tuyentruyen("build", "--content", str(site_dir), "--output", str(output), "--no-audio", "--clean")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert not (cache / "stale-marker").exists() and not spare.exists()
    assert any(cache.glob("*.pdf"))                 # rendered again, cached again
    assert tree_bytes(output) == before             # the same content makes the same bytes


def test_no_audio_only_jobs_quiet_and_lang(tmp_path: Path, site_dir: Path) -> None:
    output = tmp_path / "output"
    full = tuyentruyen("build", "--content", str(site_dir), "--output", str(output), "--jobs", "2")
    assert full.returncode == 0, full.stderr
    assert "Đã dựng xong" in full.stdout and kinds(output)["loudspeaker-audio"] == 2   # Hmong has no voice
    made = tree_bytes(output)

    quiet = tuyentruyen("build", "--content", str(site_dir), "--output", str(output), "--no-audio", "-q",
                        "--jobs", "1")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert kinds(output)["loudspeaker-audio"] == 0 and kinds(output)["leaflet-a4"] == 3
    assert {p: b for p, b in tree_bytes(output).items() if p.endswith(".pdf")} == \
        {p: b for p, b in made.items() if p.endswith(".pdf")}     # one process or two: the same leaflets

    only = tuyentruyen("build", "--content", str(site_dir), "--output", str(output), "--no-audio", "--only", "site",
                       "--lang", "en")
    assert only.returncode == 0, only.stderr
    assert "Built into" in only.stdout
    assert kinds(output)["page"] == 3 and kinds(output)["leaflet-a4"] == 0


@pytest.mark.parametrize("args, said", [
    (["--jobs", "-1"], "--jobs"), (["--jobs", "0"], "--jobs"), (["--jobs", "hai"], "--jobs"),
    (["--only", "to-roi"], "to-roi"), (["--lang", "fr"], "--lang"), (["--khong-co"], "--khong-co"),
])
def test_bad_flag_values_are_refused_before_anything_is_written(tmp_path: Path, site_dir: Path, args: list[str],
                                                                  said: str) -> None:
    output = tmp_path / "output"
    done = tuyentruyen("build", "--content", str(site_dir), "--output", str(output), *args)
    assert done.returncode == 2
    assert said in done.stderr and "Traceback" not in done.stderr
    assert not output.exists()


def test_content_and_output_default_to_the_current_folder(tmp_path: Path, site_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--no-audio", "-q"], cwd=site_dir.parent,
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert kinds(site_dir.parent / "output")["page"] == 3
