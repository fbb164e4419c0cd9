"""What can go on air: the spoken files other builders staged, as broadcast items.

An output that makes something for the loudspeaker adds its manifest kind to
BROADCAST_KINDS (its files, per resolution and language, numbered
`-phan-<n>` when in parts) and the schedule plans it with the rest.
"""
from __future__ import annotations

import re
from pathlib import Path

from ...loudspeaker.audio_duration import audio_seconds
from ...content.model import Site
from ...dates import own_date
from ...machinery.output import Artifact
from .plan import BroadcastItem

BROADCAST_KINDS = ("loudspeaker-audio", "brief-loudspeaker-audio")    # the scripts, the one-minute bulletins
_PART = re.compile(r"-phan-(\d+)\.[^./]+$")


def broadcast_items(site: Site, artifacts: list[Artifact], staged: Path) -> list[BroadcastItem]:
    """Every staged file of a broadcast kind, newest material first, then by language and part.
    `staged`: the folder the artifacts' paths are relative to (to measure their length)."""
    groups: dict[tuple[str, str, str], list[Artifact]] = {}
    for artifact in artifacts:
        if artifact.kind in BROADCAST_KINDS and artifact.slug and artifact.lang:
            groups.setdefault((artifact.kind, artifact.slug, artifact.lang), []).append(artifact)
    languages = site.config.language_codes
    items: list[BroadcastItem] = []
    for (kind, slug, lang), files in groups.items():
        res = site.resolution(slug)
        if res is None or lang not in res.summaries:
            continue
        summary = res.summaries[lang]
        recording = res.recordings.get(lang)
        reader = recording.mark.reader if recording is not None and recording.mark is not None else ""
        files.sort(key=lambda a: _part_number(a.path))
        for artifact in files:
            items.append(BroadcastItem(
                slug=slug, lang=lang, kind=kind, path=artifact.path,
                seconds=audio_seconds(staged / artifact.path), part=_part_number(artifact.path), parts=len(files),
                title=summary.title, code=res.code, reader=reader, newness=own_date(summary) or res.issued))
    order = {lang: index for index, lang in enumerate(languages)}
    items.sort(key=lambda i: (-i.newness.toordinal(), i.slug, BROADCAST_KINDS.index(i.kind),
                              order.get(i.lang, len(order)), i.part))
    return items


def _part_number(path: str) -> int:
    match = _PART.search(path)
    return int(match.group(1)) if match else 1
