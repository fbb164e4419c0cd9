"""Whether a human recording still reads today's loudspeaker script.

`tuyentruyen recordings mark` stores the script's fingerprint and sentences
beside the recording (`<lang>.loa.yaml`, so it travels with the content);
`check`, `build` and the page compare it with the script composed now and
name the sentences that changed.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from .settings import loudspeaker_settings
from ..content.model import Resolution, Site
from ..content.recordings import MARK_SUFFIX, Recording
from ..diagnostics import Problem, warning
from ..i18n import translations_for
from .script import Script, compose

QUOTE_LIMIT = 5             # changed sentences named in one warning


class RecordingError(Exception):
    def __init__(self, code: str, **params: str):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class RecordingState:
    recording: Recording
    marked: bool
    outdated: bool
    changed: tuple[str, ...]        # today's sentences the recording does not read (or, if none, the dropped ones)
    parts: int                      # parts of today's script


def current_script(site: Site, res: Resolution, lang: str) -> Script:
    gettext = translations_for(lang, site.content_dir).gettext
    return compose(res, lang, loudspeaker_settings(site.config), site.config.default_language, gettext,
                   override=res.scripts.get(lang))


def script_sentences(script: Script) -> list[str]:
    return [sentence for part in script.parts for sentence in part.sentences]


def script_fingerprint(sentences: list[str]) -> str:
    return hashlib.sha256("\n".join(sentences).encode("utf-8")).hexdigest()


def recording_state(site: Site, res: Resolution, lang: str) -> RecordingState | None:
    """The recording of `res` in `lang` against today's script; None without a recording or summary."""
    recording = res.recordings.get(lang)
    if recording is None or lang not in res.summaries:
        return None
    script = current_script(site, res, lang)
    sentences = script_sentences(script)
    mark = recording.mark
    if mark is None or mark.fingerprint == script_fingerprint(sentences):
        return RecordingState(recording, mark is not None, False, (), len(script.parts))
    return RecordingState(recording, True, True, changed_sentences(list(mark.sentences), sentences),
                          len(script.parts))


def changed_sentences(before: list[str], now: list[str]) -> tuple[str, ...]:
    """The sentences of `now` that `before` did not have; when only some were removed, those."""
    added: list[str] = []
    removed: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=now, autojunk=False).get_opcodes():
        if tag in ("replace", "insert"):
            added += now[j1:j2]
        if tag in ("replace", "delete"):
            removed += before[i1:i2]
    return tuple(added or removed)


def recording_problems(site: Site) -> list[Problem]:
    """Warnings for `check` and `build`: recordings without a mark, of an earlier script, or with
    another number of parts than the script; recordings of a language without a summary."""
    problems: list[Problem] = []
    for res in site.resolutions:
        for lang, recording in res.recordings.items():
            first = recording.files[0][1]
            if lang not in res.summaries:
                problems.append(warning(first, None, "recording-no-summary", lang=lang, slug=res.slug))
                continue
            state = recording_state(site, res, lang)
            assert state is not None
            if not state.marked:
                problems.append(warning(first, None, "recording-unmarked", slug=res.slug, lang=lang))
            elif state.outdated:
                named = "; ".join(f"«{s}»" for s in state.changed[:QUOTE_LIMIT])
                more = len(state.changed) - QUOTE_LIMIT
                problems.append(warning(recording.mark.path if recording.mark else first, None,
                                        "recording-outdated", slug=res.slug, lang=lang,
                                        count=len(state.changed), sentences=named + (f" (+{more})" if more > 0 else "")))
            if not recording.whole and len(recording.files) != state.parts:
                problems.append(warning(first, None, "recording-parts-differ", lang=lang,
                                        recorded=len(recording.files), parts=state.parts))
    return problems


def write_mark(site: Site, slug: str, lang: str, reader: str, day: dt.date) -> tuple[Path, int]:
    """`<lang>.loa.yaml` beside the recording: this recording reads today's script. (The file, how
    many sentences.) Raises RecordingError."""
    res = site.resolution(slug)
    if res is None:
        raise RecordingError("recordings-unknown-resolution", slug=slug)
    if lang not in res.summaries:
        raise RecordingError("recordings-no-summary", slug=slug, language=lang)
    if lang not in res.recordings:
        raise RecordingError("recordings-none", slug=slug, language=lang, folder=str(res.folder))
    sentences = script_sentences(current_script(site, res, lang))
    mark = {"fingerprint": script_fingerprint(sentences), "reader": reader.strip(), "date": day.isoformat(),
            "sentences": sentences}
    path = res.folder / f"{lang}{MARK_SUFFIX}"
    header = "# Ghi bởi 'tuyentruyen recordings mark': bản ghi âm đọc đúng bài đọc này. Đừng sửa tay.\n"
    path.write_text(header + yaml.safe_dump(mark, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")
    return path, len(sentences)
