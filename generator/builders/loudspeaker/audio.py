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
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ...loudspeaker import loudness
from ...loudspeaker.loudness import LoudnessTarget, normalise
from ...spoken import count_syllables

if TYPE_CHECKING:
    from ...session import BuildSession

# espeak-ng's -s is words a minute; for Vietnamese every syllable is a word, and with
# its own pauses at punctuation it says about this many syllables a minute per unit
# of -s (espeak-ng 1.51 on the example scripts: -s 100 → 132, 146 → 197, 200 → 275).
SYLLABLES_PER_SPEED = 1.35
SPEED_RANGE = (80, 450)          # what espeak-ng accepts
TOLERANCE = 0.05                 # a first take further off than this is spoken again
PEAK_DB = -1.0                   # dBFS


def has_synthesiser() -> bool:
    """espeak-ng is installed (found on PATH)."""
    return shutil.which("espeak-ng") is not None


SECOND_VARIANT = "f2"       # the questions of a Q&A: a second (female) variant of the same voice


# Every format an Encoding can hold (its files' extensions): the Windows path check bounds by the longest.
AUDIO_FORMATS = ("mp3", "opus", "wav")


@dataclass(frozen=True)
class Encoding:
    """How speech becomes files on this machine."""
    program: str | None         # "ffmpeg": at the site's loudness; "sox": peak-normalised; None: WAV as spoken
    formats: tuple[str, ...]    # the files each piece of audio becomes, e.g. ("mp3", "opus")


class AudioPrograms:
    """What this machine's audio programs can do. Each question starts a program, so the
    build session keeps the answers (session.audio_programs, `audio_programs`): a build asks
    once, not once per item or part spoken. Read them before handing work to threads."""

    @cached_property
    def encoding(self) -> Encoding:
        """MP3 and Opus at the site's loudness with ffmpeg; else MP3 with sox; else WAV."""
        found = loudness.formats()
        if found:
            return Encoding("ffmpeg", found)
        if not shutil.which("sox"):
            return Encoding(None, ("wav",))
        return Encoding("sox", ("mp3",) if can_encode_mp3() else ("wav",))

    @property
    def formats(self) -> tuple[str, ...]:
        return self.encoding.formats

    @cached_property
    def voices(self) -> frozenset[str]:
        """The names `espeak-ng -v` takes: each voice's language ("en-gb") and its file ("en", which
        the README's `voices: {en: en}` names; espeak-ng lists English only as en-gb, en-us …)."""
        if not has_synthesiser():
            return frozenset()
        return _espeak_listing("--voices", 1, 4)

    @cached_property
    def variants(self) -> frozenset[str]:
        return _espeak_listing("--voices=variant", 4) if has_synthesiser() else frozenset()

    def has_voice(self, voice: str | None) -> bool:
        return bool(voice) and voice in self.voices

    def second_voice(self, voice: str | None) -> str | None:
        """`voice` with espeak-ng's second variant ("vi+f2"), or None where there is none."""
        if not self.has_voice(voice) or SECOND_VARIANT not in self.variants:
            return None
        return f"{voice}+{SECOND_VARIANT}"


def audio_programs(session: BuildSession) -> AudioPrograms:
    """The session's answers about this machine's audio programs (asked when first needed)."""
    if session.audio_programs is None:
        session.audio_programs = AudioPrograms()
    return session.audio_programs


def _espeak_listing(option: str, *columns: int) -> frozenset[str]:
    """The names in some columns of espeak-ng's listing of voices (or variants)."""
    listing = loudness.run_program(["espeak-ng", option]).stdout
    return frozenset(line.split()[column].rpartition("/")[2]
                     for line in listing.splitlines()[1:] for column in columns if len(line.split()) > column)


def can_encode_mp3() -> bool:
    """sox is installed and can write MP3 (Debian: the libsox-fmt-mp3 package)."""
    if not shutil.which("sox"):
        return False
    formats = loudness.run_program(["sox", "--help-format", "mp3"]).stdout
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


def synthesise(text: str, voice: str, seconds: float, target: LoudnessTarget, encoding: Encoding,
               ssml: str | None = None) -> dict[str, bytes]:
    """Speech for `text` in `voice` (one espeak-ng has: AudioPrograms.has_voice) lasting about
    `seconds` (the script's reading time), at the loudness `target`: {extension: bytes} for each
    of `encoding`'s formats. `ssml`: the same text marked up (SSML, e.g. questions in a second
    voice), spoken instead of `text`."""
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
        if encoding.program == "ffmpeg":
            return normalise(wav, target, trim=False, wanted=encoding.formats)[0]
        if encoding.program is None:
            return {"wav": wav.read_bytes()}
        [ext] = encoding.formats
        out = Path(tmp) / f"speech-out.{ext}"
        settings = ["-C", "48", "-r", "22050", "-c", "1"] if ext == "mp3" else []
        subprocess.run(["sox", str(wav), *settings, str(out), "gain", "-n", str(PEAK_DB)],
                       check=True, capture_output=True)
        return {ext: out.read_bytes()}
