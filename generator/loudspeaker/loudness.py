"""Loudness: every loudspeaker file, recorded or synthesised, plays at one level.

A recording is trimmed (silence below SILENCE_DB at either end, at most
KEEP_SILENCE seconds left), then brought to the site's EBU R128 target
(integrated loudness, true-peak ceiling) and encoded. ffmpeg's one-pass
`loudnorm` lands 1–1.5 LU short on speech, so this measures and corrects
instead: a gain, a lookahead limiter when the peaks need it, encode, measure
the ENCODED file, adjust, until it is within TOLERANCE_LU of the target and
under the ceiling. Loudness is the file's as it is (mono counts as one
channel). All tools are looked up here (`ffmpeg_path`), so that a machine
without ffmpeg is one question.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SILENCE_DB = -50.0              # a room's noise floor counts as silence, not only digital zero
NOTHING_LUFS = -70.0            # what ebur128 reports when its gate leaves nothing to measure
KEEP_SILENCE = 0.3              # seconds left at each end
TOLERANCE_LU = 0.5              # aim well inside the ±1 LU a listener (or a test) allows
PEAK_MARGIN_DB = 0.5            # the limiter's ceiling sits this far under the target: encoding adds overshoot
ATTEMPTS = 5
# MP3: what commune systems and USB players play. Opus: half the size for the page's player
# on slow mobile data (browsers that cannot play it take the MP3).
ENCODINGS = {"mp3": ("-ac", "1", "-ar", "22050", "-c:a", "libmp3lame", "-b:a", "48k"),
             "opus": ("-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", "24k")}
VERSION = "1"                   # part of every cache key: bump when the processing changes

_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+|-inf) LUFS")
_TRUE_PEAK = re.compile(r"Peak:\s+(-?[\d.]+|-inf) dBFS")


class LoudnessUnavailable(Exception):
    """No ffmpeg on this machine."""


class AudioUnreadable(Exception):
    """ffmpeg could not read the file (damaged, or not audio); the detail is ffmpeg's last line."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class AudioSilent(AudioUnreadable):
    """Nothing in the file above SILENCE_DB: a muted microphone, or a room's noise alone."""

    def __init__(self) -> None:
        super().__init__("silence")


@dataclass(frozen=True)
class LoudnessTarget:
    integrated: float = -16.0   # LUFS
    true_peak: float = -1.5     # dBTP


@dataclass(frozen=True)
class Measurement:
    integrated: float           # LUFS (-inf for silence)
    true_peak: float            # dBTP
    seconds: float


def run_program(args: list[str]) -> subprocess.CompletedProcess[str]:
    """An outside program (ffmpeg, sox, espeak-ng) run to its end, its output read as UTF-8 with
    bad bytes replaced: not in the locale's encoding (Windows' ANSI code page fails on UTF-8)."""
    return subprocess.run(args, capture_output=True, encoding="utf-8", errors="replace", check=False)


def ffmpeg_path() -> str | None:
    return shutil.which("ffmpeg")


def _ffmpeg(*args: str) -> str:
    """Run ffmpeg; its log (stderr). Raises AudioUnreadable when it fails."""
    tool = ffmpeg_path()
    if tool is None:
        raise LoudnessUnavailable("ffmpeg")
    done = run_program([tool, "-hide_banner", "-nostdin", "-nostats", *args])
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise AudioUnreadable(lines[-1] if lines else f"ffmpeg exit {done.returncode}")
    return done.stderr


def measure(path: Path) -> Measurement:
    """Integrated loudness, true peak and duration of an audio file (ffmpeg's ebur128 filter)."""
    log = _ffmpeg("-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-")
    summary = log[log.rfind("Summary:"):]
    integrated, peak = _INTEGRATED.search(summary), _TRUE_PEAK.search(summary)
    if integrated is None or peak is None:
        raise AudioUnreadable("no loudness summary")
    return Measurement(float(integrated.group(1)), float(peak.group(1)), _seconds(log))


def _seconds(log: str) -> float:
    """The duration ffmpeg reports last in its progress line (time=HH:MM:SS.xx)."""
    times = re.findall(r"time=(\d+):(\d+):([\d.]+)", log)
    if not times:
        return 0.0
    hours, minutes, seconds = times[-1]
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def trim_silence(source: Path, wav: Path) -> None:
    """`source` (any format ffmpeg reads) into a WAV with the silence at both ends cut down
    to KEEP_SILENCE. The end is trimmed as the start of the reversed sound."""
    trim = (f"silenceremove=start_periods=1:start_threshold={SILENCE_DB}dB:"
            f"start_silence={KEEP_SILENCE}:detection=peak")
    _ffmpeg("-y", "-i", str(source), "-vn", "-af", f"{trim},areverse,{trim},areverse", "-ac", "1",
            "-c:a", "pcm_s16le", str(wav))


def _encode(wav: Path, out: Path, gain_db: float, ceiling_db: float | None) -> None:
    """Gain, then (when peaks need it) a lookahead limiter at `ceiling_db`, encoded as the
    suffix of `out` says. The limiter works on 4× oversampled sound, so that it catches
    peaks between samples."""
    chain = [f"volume={gain_db:.2f}dB"]
    if ceiling_db is not None:
        limit = max(10 ** (ceiling_db / 20), 0.0625)
        chain += ["aresample=88200", f"alimiter=limit={limit:.4f}:attack=5:release=50:level=0"]
    _ffmpeg("-y", "-i", str(wav), "-af", ",".join(chain), *ENCODINGS[out.suffix[1:]], str(out))


def formats() -> tuple[str, ...]:
    """What `normalise` writes on this machine: MP3, and Opus where ffmpeg has libopus (each
    call starts ffmpeg: a build asks once, builders/loudspeaker/audio.py's AudioPrograms)."""
    tool = ffmpeg_path()
    if tool is None:
        return ()
    listing = run_program([tool, "-hide_banner", "-encoders"]).stdout
    found = tuple(fmt for fmt, codec in (("mp3", "libmp3lame"), ("opus", "libopus")) if f" {codec} " in listing)
    return found if "mp3" in found else ()


def normalise(source: Path, target: LoudnessTarget, trim: bool = True,
              wanted: tuple[str, ...] | None = None) -> tuple[dict[str, bytes], Measurement]:
    """`source` trimmed (recordings) and at `target`, as measured on each encoded file itself:
    {extension: bytes} for every one of `wanted` (what ffmpeg writes here: `formats()`, asked
    when not given), and the MP3's measurement. Raises LoudnessUnavailable, AudioUnreadable (AudioSilent)."""
    wanted = formats() if wanted is None else wanted
    if not wanted:
        raise LoudnessUnavailable("ffmpeg")
    with tempfile.TemporaryDirectory(prefix="tuyentruyen-loudness-") as tmp:
        wav = Path(tmp) / "trimmed.wav"
        if trim:
            trim_silence(source, wav)
        else:
            _ffmpeg("-y", "-i", str(source), "-vn", "-ac", "1", "-c:a", "pcm_s16le", str(wav))
        before = measure(wav)
        # Trimmed to nothing (an empty WAV measures -70 LUFS): gain could not make it speak.
        if before.true_peak == float("-inf") or before.integrated <= NOTHING_LUFS:
            raise AudioSilent()
        outs = [Path(tmp) / f"out.{fmt}" for fmt in wanted]
        gain = target.integrated - before.integrated
        ceiling = target.true_peak - PEAK_MARGIN_DB
        limit: float | None = ceiling if before.true_peak + gain > ceiling else None
        for _ in range(ATTEMPTS):
            measured = []
            for out in outs:
                _encode(wav, out, gain, limit)
                measured.append(measure(out))
            loudness = sum(m.integrated for m in measured) / len(measured)
            peak = max(m.true_peak for m in measured)
            if all(abs(m.integrated - target.integrated) <= TOLERANCE_LU for m in measured) \
                    and peak <= target.true_peak:
                break
            if peak > target.true_peak:
                # Overshoot past the ceiling: limit (harder). Each extra dB of limiting costs loudness.
                limit = (limit if limit is not None else ceiling) - (peak - target.true_peak) - 0.3
            gain += target.integrated - loudness
        return {out.suffix[1:]: out.read_bytes() for out in outs}, measured[0]
