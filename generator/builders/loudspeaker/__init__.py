"""Loudspeaker material per resolution and language: the script as text for Notepad,
a large-print PDF sheet, and audio (one file per part): a person's recording where
the editor put one in the folder (`<lang>.loa.mp3`), else synthesised where a voice
exists; both at the site's loudness (loudspeaker/loudness.py), as MP3 and, where ffmpeg can, Opus."""
from __future__ import annotations

import hashlib
from contextlib import suppress
from functools import cached_property, partial
from pathlib import Path
from typing import Any, Callable, ClassVar

import jinja2

from ... import urls
from ..published import broadcast_audio_entry
from .broadcast_audio import broadcast_audio
from .audio import AUDIO_FORMATS, AudioPrograms, Encoding, audio_programs, has_synthesiser, synthesise
from ...content.reader import read_yaml
from ...content.recordings import Recording
from ...loudspeaker.loudness import (VERSION as LOUDNESS_VERSION, SILENCE_DB, AudioSilent, AudioUnreadable,
                                     LoudnessTarget, LoudnessUnavailable, normalise)
from ...loudspeaker.settings import LoudspeakerSettings, loudspeaker_settings
from ...config import SiteConfig
from ...content.model import Resolution, Site
from ...diagnostics import Problem, warning
from ...fonts import font_dirs
from ...i18n import translations_for
from ...machinery.cache_seal import read_sealed, write_sealed
from ..pdf_jobs import PdfJob
from ..leaflet import print_inputs
from ..leaflet.print_data import print_data
from ...loudspeaker.recordings import recording_problems
from ...loudspeaker.script import Script, compose, format_duration
from ...spoken import has_table
from ...machinery.templating import make_environment, use_language
from ...machinery.theme_inputs import templates_and_catalogs_fingerprint
from ...theme import moved_template_problems, template_dirs
from ..base import BuildOptions, SummaryBuilder

PRINT_TEMPLATE = "loudspeaker.typ"
AUDIO_VERSION = "3"     # bump when synthesis changes (timing, loudness) so cached audio is made again


def script_file(config: SiteConfig, slug: str, lang: str, suffix: str) -> str:
    """A file of the loudspeaker material of `slug` in `lang`: `suffix` past `-loa` (a variant's
    file_suffix, the extension)."""
    return urls.download_file(config, slug, lang, f"loa{suffix}")


def audio_file(config: SiteConfig, slug: str, lang: str, variant: str, part: int, parts: int, ext: str) -> str:
    """The file of a piece of audio: `variant` (file_suffix), the part's number where the script
    has more than one `parts`, the encoding's extension."""
    return script_file(config, slug, lang, f"{variant}-phan-{part}.{ext}" if parts > 1 else f"{variant}.{ext}")


# The most parts the Windows path check (path_lengths.py) bounds an audio file's name by: 999
# parts of a slot are days of reading.
MOST_PARTS = 999


def missing_spoken_tables(site: Site) -> list[Problem]:
    """One warning per language with summaries but no spoken-form table: its scripts get
    only the language-neutral clean-up (used by `check` too)."""
    languages = {lang for res in site.resolutions for lang in res.summaries}
    return [warning(None, None, "no-spoken-table", lang=lang, name=site.config.languages[lang].name)
            for lang in site.config.language_codes if lang in languages and not has_table(lang)]


class LoudspeakerBuilder(SummaryBuilder):
    name = "loudspeaker"
    kinds: ClassVar[tuple[str, ...]] = ("loudspeaker-text", "loudspeaker-print", "loudspeaker-audio",
                                        "loudspeaker-audio-opus")
    expensive = True
    prints = while_printing = True
    needed_by = ("schedule",)       # the broadcast schedule plans the audio files made here
    # A variant of this material (the short version's bulletin, builders/brief/) sets these:
    kind_prefix: ClassVar[str] = ""        # "brief-": manifest kinds brief-loudspeaker-text …
    file_suffix: ClassVar[str] = ""        # "-ngan": slug-vi-loa-ngan.txt …
    reports_languages: ClassVar[bool] = True   # the warnings per language, said once by the full script

    @classmethod
    def longest_download(cls, site: Site, res: Resolution, lang: str, options: BuildOptions) -> str | None:
        # The text and the print sheet (.txt, .pdf), and without --no-audio the audio in parts.
        sheet = script_file(site.config, res.slug, lang, cls.file_suffix + ".pdf")
        if options.no_audio:
            return sheet
        return max([sheet, *(audio_file(site.config, res.slug, lang, cls.file_suffix, MOST_PARTS, MOST_PARTS, ext)
                             for ext in AUDIO_FORMATS)], key=len)

    def script_for(self, res: Resolution, lang: str, settings: LoudspeakerSettings) -> Script | None:
        """The script of one resolution and language (None: none for it)."""
        gettext = translations_for(lang, self.ctx.content_dir).gettext
        return compose(res, lang, settings, self.config.default_language, gettext, override=res.scripts.get(lang))

    def kind(self, kind: str) -> str:
        return self.kind_prefix + kind

    def recording_for(self, res: Resolution, lang: str) -> Recording | None:
        """A person's recording reads the full script, never a variant of it (kind_prefix)."""
        return None if self.kind_prefix else res.recordings.get(lang)

    def theme_fingerprint(self) -> str:
        # The catalogs too: the print sheet's labels and the script's words ("phần", the times).
        return templates_and_catalogs_fingerprint(
            template_dirs(self.ctx.content_dir, "loudspeaker") + template_dirs(self.ctx.content_dir, "leaflet")
            + font_dirs(self.ctx.content_dir), self.config.language_codes, self.ctx.content_dir, self.ctx.changes)

    @cached_property
    def settings(self) -> LoudspeakerSettings:
        return loudspeaker_settings(self.config)

    @cached_property
    def programs(self) -> AudioPrograms:
        """What this machine's audio programs can do (asked once a session)."""
        return audio_programs(self.ctx.session)

    @cached_property
    def env(self) -> jinja2.Environment:
        return make_environment(template_dirs(self.ctx.content_dir, "loudspeaker"), autoescape=False,
                                changes=self.ctx.changes)

    @cached_property
    def speech(self) -> jinja2.Environment:
        """The SSML of a part read in two voices."""
        return make_environment(template_dirs(self.ctx.content_dir, "loudspeaker"), autoescape=True)

    def item_inputs(self, item: tuple[Resolution, str]) -> Any:
        res, lang = item
        recording = self.recording_for(res, lang)
        no_audio, formats = self.builder_inputs()
        return print_inputs(res, lang), no_audio, recording.digest if recording else None, formats

    # print_inputs and a recording (<lang>.loa.mp3) of the folder; the options and ffmpeg the same for all
    inputs_in_folder = True

    @cached_property
    def _audio_inputs(self) -> tuple[bool, Any]:
        no_audio = self.ctx.options.no_audio
        # The audio formats ask ffmpeg (a program started): only when the items make audio.
        return no_audio, () if no_audio else self.programs.formats

    def builder_inputs(self) -> tuple[bool, Any]:
        return self._audio_inputs

    def build_item(self, item: tuple[Resolution, str]) -> None:
        """The text here; the print sheet and the audio handed off (rendered and made in parallel)."""
        res, lang = item
        script = self.script_for(res, lang, self.settings)
        if script is None:
            return
        self.write_text(res, script)
        self.render_pdf(self.print_sheet(res, script))
        if not self.ctx.options.no_audio:
            self.hand_off_audio(res, script)

    def finish(self) -> None:
        if not self.reports_languages:
            return
        if not self.ctx.options.no_audio:
            self.report_missing_voices(self.settings)
        self.ctx.problems.extend(missing_spoken_tables(self.site))   # once per language, rebuilt or not
        self.ctx.problems.extend(recording_problems(self.site))
        self.ctx.problems.extend(moved_template_problems(self.ctx.content_dir))    # its print sheet moved

    def duration(self, seconds: float, lang: str) -> str:
        return format_duration(seconds, translations_for(lang, self.ctx.content_dir).gettext)

    def parts_view(self, script: Script) -> list[dict[str, Any]]:
        return [{"number": p.number, "total": p.total, "time": self.duration(p.seconds, script.lang),
                 "reading_time": self.duration(p.seconds, script.lang), "sentences": list(p.sentences),
                 "paragraphs": list(p.sentences)} for p in script.parts]

    def write_text(self, res: Resolution, script: Script) -> None:
        """UTF-8 with a BOM and Windows line endings: old Notepad shows the diacritics right."""
        use_language(self.env, script.lang, self.ctx.content_dir)
        text = self.env.get_template("script.txt").render(
            script=script, code=res.code, parts=self.parts_view(script),
            total_time=self.duration(script.seconds, script.lang))
        data = "\ufeff" + text.replace("\r\n", "\n").replace("\n", "\r\n")
        path = script_file(self.config, res.slug, script.lang, self.file_suffix + ".txt")
        self.ctx.staging.write_text(path, data, kind=self.kind("loudspeaker-text"), slug=res.slug, lang=script.lang)

    def print_sheet(self, res: Resolution, script: Script) -> PdfJob:
        """The large-print sheet to read from."""
        gettext = translations_for(script.lang, self.ctx.content_dir).gettext
        data = print_data(self.config, res, script.lang, "loudspeaker-print", gettext,
                          extra_kinds=self.config.kind_names())
        data["parts"] = self.parts_view(script)
        data["total_time"] = self.duration(script.seconds, script.lang)
        return PdfJob(script_file(self.config, res.slug, script.lang, self.file_suffix + ".pdf"),
                      self.kind("loudspeaker-print"), res.slug, script.lang, PRINT_TEMPLATE, data)

    def hand_off_audio(self, res: Resolution, script: Script) -> None:
        """One audio file per part (MP3, and Opus for the page's player where ffmpeg can): the
        recording where there is one, else synthesis; languages without either are reported
        once (finish) and skipped. The questions of a Q&A are read in a second voice where
        espeak-ng has one. A recording that cannot be used is a warning of the item."""
        cache, target, encoding = self.ctx.options.cache_dir, self.settings.loudness_target, self.programs.encoding
        recording = self.recording_for(res, script.lang)
        if recording is not None:
            for index, (number, source) in enumerate(recording.files):
                parts = len(recording.files)
                self.call_program(partial(_processed_recording, cache, recording, index, source, target, encoding),
                                  partial(self.write_audio, res, script.lang, number if parts > 1 else 1, parts))
            return
        voice = self.settings.voices.get(script.lang)
        if not self.programs.has_voice(voice):
            return
        other = self.programs.second_voice(voice)
        for part in script.parts:
            ssml = None
            if other and script.second_voice.intersection(part.sentences):
                ssml = self.speech.get_template("speech.ssml").render(
                    sentences=part.sentences, second=script.second_voice, second_voice=other)
            self.call_program(partial(_cached_speech, cache, part.text, voice, part.seconds, target, encoding, ssml),
                              partial(self.write_audio, res, script.lang, part.number if part.total > 1 else 1,
                                      part.total))

    def write_audio(self, res: Resolution, lang: str, part: int, parts: int,
                    made: tuple[dict[str, bytes], str] | Problem) -> None:
        """The files of one piece of audio (part `part` of `parts`), or the warning that says why
        there are none. The loudspeaker's file (not the page player's Opus) is published,
        measured, for the broadcast schedule."""
        if isinstance(made, Problem):
            self.ctx.problems.append(made)
            return
        files, key = made
        for ext, audio in files.items():
            path = audio_file(self.config, res.slug, lang, self.file_suffix, part, parts, ext)
            kind = self.kind("loudspeaker-audio-opus" if ext == "opus" else "loudspeaker-audio")
            self.ctx.staging.write_bytes(path, audio, kind=kind, slug=res.slug, lang=lang)
            self.ctx.cache_use[path] = key
            if ext != "opus":
                self.publish(broadcast_audio_entry(broadcast_audio(path, kind, res.slug, lang, part, audio)))

    def report_missing_voices(self, settings: LoudspeakerSettings) -> None:
        """Said once, whether or not the scripts were rebuilt: a missing program (espeak-ng;
        sox with MP3, or ffmpeg) with how to install it, and each language without a voice (a
        language every script of which is recorded needs none)."""
        languages = {lang for res in self.site.resolutions for lang in res.summaries if lang not in res.recordings}
        if not languages:
            return
        if not has_synthesiser():
            # One warning for the missing program, not one per language that has no voice because of it.
            self.ctx.problems.append(warning(None, None, "no-espeak"))
            return
        if any(self.programs.has_voice(settings.voices.get(lang)) for lang in languages) \
                and "mp3" not in self.programs.formats:
            self.ctx.problems.append(warning(None, None, "no-mp3"))
        for lang in self.config.language_codes:
            voice = settings.voices.get(lang)
            if lang in languages and not self.programs.has_voice(voice):
                name = self.config.languages[lang].name
                if voice and voice != lang and self.programs.has_voice(lang):
                    # a voice written that this machine lacks ("en-uk"): named, at its line, with the one it has
                    self.ctx.problems.append(warning(self.config.path, _voice_line(self.config.path, lang),
                                                     "voice-unknown", voice=voice, lang=lang, name=name))
                    continue
                # espeak-ng may well speak the language: then the site only has to choose the voice
                code = "voice-not-chosen" if self.programs.has_voice(lang) else "no-voice"
                self.ctx.problems.append(warning(None, None, code, lang=lang, name=name))


def _voice_line(site_yaml: Path, lang: str) -> int | None:
    """The line of broadcast: voices: <lang> in site.yaml."""
    doc, _ = read_yaml(site_yaml)
    return doc.line_of("broadcast", "voices", lang) if doc is not None else None


def _processed_recording(cache: Path | None, recording: Recording, index: int, source: Path,
                          target: LoudnessTarget, encoding: Encoding) -> tuple[dict[str, bytes], str] | Problem:
    """The recording trimmed and at the site's loudness, or the warning that says why it
    cannot be used; without ffmpeg an MP3 recording is used as it is."""
    key = _key(LOUDNESS_VERSION, recording.digest, index, target.integrated, target.true_peak)
    try:
        if encoding.program != "ffmpeg":
            raise LoudnessUnavailable("ffmpeg")
        return _cached(cache, key, lambda: normalise(source, target, wanted=encoding.formats)[0], encoding.formats)
    except AudioSilent:
        return warning(source, None, "recording-silent", threshold=f"{SILENCE_DB:g}")
    except AudioUnreadable as exc:
        return warning(source, None, "recording-unreadable", detail=exc.detail)
    except LoudnessUnavailable:
        if source.suffix.lower() == ".mp3":
            return {"mp3": source.read_bytes()}, key
        return warning(source, None, "loudness-unavailable")


def _key(*inputs: object) -> str:
    return hashlib.sha256("|".join(map(str, inputs)).encode("utf-8")).hexdigest()


def _cached_speech(cache: Path | None, text: str, voice: str, seconds: float, target: LoudnessTarget,
                   encoding: Encoding, ssml: str | None = None) -> tuple[dict[str, bytes], str]:
    """({extension: audio}, its cache key); `ssml`: the text marked up for two voices."""
    marked = [ssml] if ssml is not None else []
    key = _key(AUDIO_VERSION, LOUDNESS_VERSION, voice, f"{seconds:.1f}", target.integrated, target.true_peak,
               text, *marked)
    return _cached(cache, key, lambda: synthesise(text, voice, seconds, target, encoding, ssml), encoding.formats)


def _cached(cache: Path | None, key: str, make: Callable[[], dict[str, bytes]],
            formats: tuple[str, ...]) -> tuple[dict[str, bytes], str]:
    """({extension: audio} for `formats`, `key`): from the cache, else make() and keep it there.
    (A WAV kept from before sox or ffmpeg was installed is made again, as MP3.)"""
    if cache is not None:
        found = {ext: read_sealed(cache / f"{key}.{ext}") for ext in formats}
        if all(audio is not None for audio in found.values()):   # else not cached, pruned meanwhile, or damaged
            return {ext: audio for ext, audio in found.items() if audio is not None}, key
    files = make()
    if cache is not None:
        with suppress(OSError):     # a cache that cannot be written only costs time
            for ext, audio in files.items():
                write_sealed(cache / f"{key}.{ext}", audio)
    return files, key
