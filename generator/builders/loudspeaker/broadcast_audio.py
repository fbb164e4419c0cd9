"""What the loudspeaker builders publish for the broadcast schedule (builders/schedule/):
each audio file made for the loudspeaker, with its length measured as it is made (or
taken from the cache). Published with Builder.publish, so a reused item hands it on too:
the schedule never reads staging back, nor measures a file again."""
from __future__ import annotations

from ...loudspeaker.audio_duration import audio_seconds
from ..published import BroadcastAudio


def broadcast_audio(path: str, kind: str, slug: str, lang: str, part: int, data: bytes) -> BroadcastAudio:
    """The published record of one audio file (MP3 or WAV, told by the path's extension)."""
    suffix = path[path.rfind("."):]
    return BroadcastAudio(path=path, kind=kind, slug=slug, lang=lang, part=part, seconds=audio_seconds(data, suffix))
