"""Synthesised speech for loudspeaker scripts: espeak-ng to WAV, sox to MP3.

The audio lasts what the script's reading time says (within TOLERANCE): the
speed given to espeak-ng follows the site's `broadcast.rate` and pauses, and
one measured correction pass fixes what the estimate misses. The loudness is
then brought to the site's EBU R128 target (loudspeaker/loudness.py), as for human
recordings, so that every file plays at one level; without ffmpeg the peak is
normalised to PEAK_DB instead. MP3 is what commune broadcast systems and USB
players play; WAV is kept only when no MP3 encoder is available.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from functools import lru_cache
from pathlib import Path

from ...loudspeaker import loudness
from ...loudspeaker.loudness import LoudnessTarget, normalise
from ...spoken import count_syllables

# espeak-ng's -s is words a minute; for Vietnamese every syllable is a word, and with
# its own pauses at punctuation it says about this many syllables a minute per unit
# of -s (espeak-ng 1.51 on the example scripts: -s 100 → 132, 146 → 197, 200 → 275).
SYLLABLES_PER_SPEED = 1.35
SPEED_RANGE = (80, 450)          # what espeak-ng accepts
TOLERANCE = 0.05                 # a first take further off than this is spoken again
PEAK_DB = -1.0                   # dBFS


class AudioUnavailable(Exception):
    """No synthesiser (or no voice for the language) on this machine."""


def has_synthesiser() -> bool:
    """espeak-ng is installed (found on PATH)."""
    return shutil.which("espeak-ng") is not None


@lru_cache(maxsize=1)
def espeak_voices() -> frozenset[str]:
    if not has_synthesiser():
        return frozenset()
    listing = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True, check=False).stdout
    return frozenset(line.split()[1] for line in listing.splitlines()[1:] if len(line.split()) > 1)


def has_voice(voice: str | None) -> bool:
    return bool(voice) and voice in espeak_voices()


SECOND_VARIANT = "f2"       # the questions of a Q&A: a second (female) variant of the same voice


@lru_cache(maxsize=1)
def espeak_variants() -> frozenset[str]:
    if not shutil.which("espeak-ng"):
        return frozenset()
    listing = subprocess.run(["espeak-ng", "--voices=variant"], capture_output=True, text=True, check=False).stdout
    return frozenset(line.split()[4].rpartition("/")[2] for line in listing.splitlines()[1:] if len(line.split()) > 4)


def second_voice(voice: str | None) -> str | None:
    """`voice` with espeak-ng's second variant ("vi+f2"), or None where there is none."""
    if not has_voice(voice) or SECOND_VARIANT not in espeak_variants():
        return None
    return f"{voice}+{SECOND_VARIANT}"


def can_encode_mp3() -> bool:
    """sox is installed and can write MP3 (Debian: the libsox-fmt-mp3 package)."""
    if not shutil.which("sox"):
        return False
    formats = subprocess.run(["sox", "--help-format", "mp3"], capture_output=True, text=True, check=False).stdout
    return "mp3" in formats.lower()


def espeak_speed(syllables: int, seconds: float) -> int:
    """The -s setting for `syllables` said in `seconds` (pauses included)."""
    wanted = syllables * 60.0 / max(seconds, 1.0) / SYLLABLES_PER_SPEED
    return _clamp(wanted)


def _clamp(speed: float) -> int:
    return int(round(min(max(speed, SPEED_RANGE[0]), SPEED_RANGE[1])))


def _speak(source: Path, voice: str, speed: int, wav: Path, ssml: bool = False) -> float:
    """espeak-ng into `wav`; its duration in seconds."""
    subprocess.run(["espeak-ng", *(["-m"] if ssml else []), "-v", voice, "-s", str(speed), "-f", str(source),
                    "-w", str(wav)], check=True, capture_output=True)
    with wave.open(str(wav), "rb") as handle:
        return handle.getnframes() / float(handle.getframerate() or 1)


def audio_formats() -> tuple[str, ...]:
    """The files each piece of audio becomes on this machine: MP3 and Opus at the site's
    loudness with ffmpeg; else MP3 with sox; else WAV."""
    return loudness.formats() or (("mp3",) if can_encode_mp3() else ("wav",))


def synthesise(text: str, voice: str, seconds: float, target: LoudnessTarget,
               ssml: str | None = None) -> dict[str, bytes]:
    """Speech for `text` lasting about `seconds` (the script's reading time), at the loudness
    `target`: {extension: bytes} for each of audio_formats(). `ssml`: the same text marked
    up (SSML, e.g. questions in a second voice), spoken instead of `text`."""
    if not has_voice(voice):
        raise AudioUnavailable(voice)
    with tempfile.TemporaryDirectory(prefix="tuyentruyen-audio-") as tmp:
        wav = Path(tmp) / "speech.wav"
        source = Path(tmp) / "speech.txt"
        source.write_text(ssml if ssml is not None else text, encoding="utf-8")
        speed = espeak_speed(count_syllables(text), seconds)
        took = _speak(source, voice, speed, wav, ssml is not None)
        if seconds > 0 and abs(took / seconds - 1) > TOLERANCE:
            corrected = _clamp(speed * took / seconds)
            if corrected != speed:
                _speak(source, voice, corrected, wav, ssml is not None)
        if loudness.formats():
            return normalise(wav, target, trim=False)[0]
        if not shutil.which("sox"):
            return {"wav": wav.read_bytes()}
        ext = "mp3" if can_encode_mp3() else "wav"
        out = Path(tmp) / f"speech-out.{ext}"
        encoding = ["-C", "48", "-r", "22050", "-c", "1"] if ext == "mp3" else []
        subprocess.run(["sox", str(wav), *encoding, str(out), "gain", "-n", str(PEAK_DB)],
                       check=True, capture_output=True)
        return {ext: out.read_bytes()}
