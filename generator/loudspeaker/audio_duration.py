"""How long an audio file plays, read from the file itself (no external tool).

The broadcast schedule needs the length of every loudspeaker file; the
loudspeaker builders measure each as they make it (builders/loudspeaker/
broadcast_audio.py), where starting ffprobe for each would cost more than the
rest of the schedule. MP3 (what the build writes: constant or variable
bit rate) is measured by walking its frame headers; WAV by its header.
"""
from __future__ import annotations

import io
import wave

# Layer III bit rates (kbit/s) by header index: MPEG-1, and MPEG-2 / 2.5.
_BITRATES = {1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
             2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)}
# Sample rates by the header's version bits: 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5.
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def audio_seconds(data: bytes, suffix: str) -> float:
    """The playing time of MP3 or WAV data (`suffix`: the file's, ".mp3" or ".wav"); 0.0 when
    it cannot be told."""
    if suffix.lower() == ".wav":
        try:
            with wave.open(io.BytesIO(data), "rb") as handle:
                return handle.getnframes() / float(handle.getframerate() or 1)
        except (wave.Error, EOFError):
            return 0.0
    return _mp3_seconds(data)


def _mp3_seconds(data: bytes) -> float:
    position = _after_id3(data)
    seconds = 0.0
    while position + 4 <= len(data):
        header = int.from_bytes(data[position:position + 4], "big")
        frame = _frame(header)
        if frame is None:
            position += 1            # not a frame start (junk, a trailing tag): look further
            continue
        length, duration = frame
        seconds += duration
        position += length
    return seconds


def _after_id3(data: bytes) -> int:
    if data[:3] != b"ID3" or len(data) < 10:
        return 0
    size = (data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | (data[9] & 0x7F)
    footer = 10 if data[5] & 0x10 else 0
    return 10 + size + footer


def _frame(header: int) -> tuple[int, float] | None:
    """(frame length in bytes, seconds) of a Layer III frame header, else None."""
    if header >> 21 != 0x7FF:
        return None
    version, layer = (header >> 19) & 3, (header >> 17) & 3
    bitrate_index, rate_index = (header >> 12) & 0xF, (header >> 10) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    mpeg1 = version == 3
    bitrate = _BITRATES[1 if mpeg1 else 2][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version][rate_index]
    padding = (header >> 9) & 1
    samples = 1152 if mpeg1 else 576
    return samples // 8 * bitrate // rate + padding, samples / rate
