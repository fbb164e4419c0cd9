"""Synthesised speech for loudspeaker scripts: espeak-ng to WAV, sox to MP3.

MP3 is what commune broadcast systems and USB players play; WAV is kept only
when no MP3 encoder is available.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

# espeak-ng reads Vietnamese about 1.5× faster than its nominal words-per-minute;
# this factor maps our syllables-per-minute rate onto its -s setting.
ESPEAK_SPEED_FACTOR = 1.0 / 1.5


class AudioUnavailable(Exception):
    """No synthesiser (or no voice for the language) on this machine."""


@lru_cache(maxsize=1)
def espeak_voices() -> frozenset[str]:
    if not shutil.which("espeak-ng"):
        return frozenset()
    listing = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True, check=False).stdout
    return frozenset(line.split()[1] for line in listing.splitlines()[1:] if len(line.split()) > 1)


def has_voice(voice: str | None) -> bool:
    return bool(voice) and voice in espeak_voices()


def can_encode_mp3() -> bool:
    if not shutil.which("sox"):
        return False
    formats = subprocess.run(["sox", "--help-format", "mp3"], capture_output=True, text=True, check=False).stdout
    return "mp3" in formats.lower()


def synthesise(text: str, voice: str, rate: float) -> tuple[bytes, str]:
    """Speech for `text` as (bytes, extension): MP3 when possible, else WAV."""
    if not has_voice(voice):
        raise AudioUnavailable(voice)
    speed = str(max(80, int(rate * ESPEAK_SPEED_FACTOR)))
    with tempfile.TemporaryDirectory(prefix="tuyentruyen-audio-") as tmp:
        wav = Path(tmp) / "speech.wav"
        source = Path(tmp) / "speech.txt"
        source.write_text(text, encoding="utf-8")
        subprocess.run(["espeak-ng", "-v", voice, "-s", speed, "-g", "4", "-f", str(source), "-w", str(wav)],
                       check=True, capture_output=True)
        if not can_encode_mp3():
            return wav.read_bytes(), "wav"
        mp3 = Path(tmp) / "speech.mp3"
        subprocess.run(["sox", str(wav), "-C", "48", "-r", "22050", "-c", "1", str(mp3)], check=True, capture_output=True)
        return mp3.read_bytes(), "mp3"
