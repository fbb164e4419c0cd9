"""What can go on air: the spoken files other builders published, as broadcast items.

An output that makes something for the loudspeaker publishes each audio file it makes
(Builder.publish, published.BroadcastAudio: path, kind, slug, language, part, length; see
builders/loudspeaker/broadcast_audio.py) and adds its manifest kind to BROADCAST_KINDS;
the schedule plans it with the rest. Nothing here reads staging.
"""
from __future__ import annotations

from typing import Iterable

from ...content.model import Site
from ...dates import own_date
from ..published import BroadcastAudio
from .plan import BroadcastItem

BROADCAST_KINDS = ("loudspeaker-audio", "brief-loudspeaker-audio")    # the scripts, the one-minute bulletins
RECORDED_KIND = "loudspeaker-audio"     # what a person's recording replaces: the full script, never the bulletin


def broadcast_items(site: Site, audio: Iterable[BroadcastAudio]) -> list[BroadcastItem]:
    """Every published audio file of a broadcast kind, newest material first, then by language and part."""
    groups: dict[tuple[str, str, str], list[BroadcastAudio]] = {}
    for made in audio:
        if made["kind"] in BROADCAST_KINDS:
            groups.setdefault((made["kind"], made["slug"], made["lang"]), []).append(made)
    languages = site.config.language_codes
    items: list[BroadcastItem] = []
    for (kind, slug, lang), files in groups.items():
        res = site.resolution(slug)
        if res is None or lang not in res.summaries:
            continue
        summary = res.summaries[lang]
        recording = res.recordings.get(lang)
        # The bulletin is synthesised even where the script is recorded: the log names no reader for it.
        reader = (recording.mark.reader if kind == RECORDED_KIND and recording is not None
                  and recording.mark is not None else "")
        files.sort(key=lambda made: made["part"])
        for made in files:
            items.append(BroadcastItem(
                slug=slug, lang=lang, kind=kind, path=made["path"], seconds=made["seconds"], part=made["part"],
                parts=len(files), title=summary.title, code=res.code, reader=reader,
                newness=own_date(summary) or res.issued))
    order = {lang: index for index, lang in enumerate(languages)}
    items.sort(key=lambda i: (-i.newness.toordinal(), i.slug, BROADCAST_KINDS.index(i.kind),
                              order.get(i.lang, len(order)), i.part))
    return items
