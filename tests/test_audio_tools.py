"""A machine without espeak-ng or sox still builds: the audio is skipped (or stays WAV), one
warning says how to install the missing program, and nothing else changes."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from conftest import make_site, manifest

pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in ("espeak-ng", "sox")),
                                reason="espeak-ng and sox are needed to hide one of them")


def build_with_programs(content: Path, output: Path, programs: tuple[str, ...]) -> subprocess.CompletedProcess:
    """`tuyentruyen build` with a PATH holding only `programs` (the rest of the machine hidden)."""
    path = output.parent / "bin"
    path.mkdir(parents=True)
    for program in programs:
        (path / program).symlink_to(shutil.which(program))
    env = {**os.environ, "PATH": str(path)}
    return subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(content), "--output",
                           str(output)], capture_output=True, text=True, env=env, cwd=output.parent, timeout=600)


def not_audio(output: Path) -> dict[str, bytes]:
    """Every file of the output that is not audio, nor the lists that name the audio files."""
    paths = {entry["path"] for entry in manifest(output)["artifacts"] if entry["kind"] != "loudspeaker-audio"}
    return {p: (output / p).read_bytes() for p in paths if not p.endswith((".html", ".json", ".xml"))}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, subprocess.CompletedProcess]]:
    root = tmp_path_factory.mktemp("audio-tools")
    content = make_site(root)
    done = {}
    for name, programs in {"all": ("espeak-ng", "sox"), "no-sox": ("espeak-ng",), "none": ()}.items():
        output = root / name / "output"        # each with its own cache, beside its output
        done[name] = (output, build_with_programs(content, output, programs))
    return done


def test_without_espeak_the_audio_is_skipped_with_one_warning_naming_every_system(builds: dict) -> None:
    output, run = builds["none"]
    assert run.returncode == 0, run.stderr
    assert [e for e in manifest(output)["artifacts"] if e["kind"] == "loudspeaker-audio"] == []
    assert not list(output.rglob("*.mp3")) and not list(output.rglob("*.wav"))
    assert run.stderr.count("espeak-ng") >= 1 and run.stderr.count("warning:") == 1, run.stderr
    for how in ("Windows", "github.com/espeak-ng/espeak-ng/releases", "brew install espeak-ng",
                "sudo apt install espeak-ng"):
        assert how in run.stderr
    assert "Traceback" not in run.stderr
    # Nothing else changes: leaflets, scripts, print sheets and share images as with audio.
    assert not_audio(output) == not_audio(builds["all"][0])


def test_without_sox_the_audio_stays_wav_with_one_warning(builds: dict) -> None:
    output, run = builds["no-sox"]
    assert run.returncode == 0, run.stderr
    audio = [output / e["path"] for e in manifest(output)["artifacts"] if e["kind"] == "loudspeaker-audio"]
    assert audio and all(p.suffix == ".wav" for p in audio)
    with wave.open(str(audio[0]), "rb") as sound:
        assert sound.getnframes() / sound.getframerate() > 5
    warnings = [line for line in run.stderr.splitlines() if "warning:" in line]
    assert len([w for w in warnings if "sox" in w]) == 1, run.stderr
    for how in ("sourceforge.net/projects/sox", "brew install sox", "sudo apt install sox libsox-fmt-mp3"):
        assert how in run.stderr
    assert not_audio(output) == not_audio(builds["all"][0])


def test_with_both_programs_there_is_mp3_and_no_install_warning(builds: dict) -> None:
    output, run = builds["all"]
    assert run.returncode == 0, run.stderr
    audio = [e["path"] for e in manifest(output)["artifacts"] if e["kind"] == "loudspeaker-audio"]
    if subprocess.run(["sox", "--help-format", "mp3"], capture_output=True, text=True).stdout.lower().count("mp3"):
        assert audio and all(p.endswith(".mp3") for p in audio)
    assert "brew install" not in run.stderr
