"""Loudspeaker material per resolution and language: the script as text for Notepad,
a large-print PDF sheet, and synthesised audio (one file per part) where a voice exists."""
from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import Any, ClassVar

import jinja2

from .. import urls
from ..audio import can_encode_mp3, has_synthesiser, has_voice, second_voice, synthesise
from ..broadcast import BroadcastSettings, broadcast_settings
from ..content.model import Resolution, Site
from ..diagnostics import Problem, warning
from ..fonts import font_dirs
from ..i18n import translations_for
from ..buildstate import folders_fingerprint
from ..cache_seal import read_sealed, write_sealed
from ..pdf_jobs import PdfJob
from .leaflet import pdf_service, print_inputs
from ..print_data import print_data
from ..script import Script, compose, format_duration
from ..spoken import has_table
from ..templating import make_environment, use_language
from ..theme import template_dirs
from .base import Builder

PRINT_TEMPLATE = "loudspeaker.typ"
AUDIO_VERSION = "2"     # bump when synthesis changes (timing, loudness) so cached audio is made again


def script_file(folder: str, slug: str, lang: str, suffix: str) -> str:
    return f"{folder}{slug}-{lang}-loa{suffix}"


def missing_spoken_tables(site: Site) -> list[Problem]:
    """One warning per language with summaries but no spoken-form table: its scripts get
    only the language-neutral clean-up (used by `check` too)."""
    languages = {lang for res in site.resolutions for lang in res.summaries}
    return [warning(None, None, "no-spoken-table", lang=lang, name=site.config.languages[lang].name)
            for lang in site.config.language_codes if lang in languages and not has_table(lang)]


class LoudspeakerBuilder(Builder):
    name = "loudspeaker"
    expensive = True
    # A variant of this material (the short version's bulletin, builders/brief/) sets these:
    kind_prefix: ClassVar[str] = ""        # "brief-": manifest kinds brief-loudspeaker-text …
    file_suffix: ClassVar[str] = ""        # "-ngan": slug-vi-loa-ngan.txt …
    reports_languages: ClassVar[bool] = True   # the warnings per language, said once by the full script

    def script_for(self, res: Resolution, lang: str, settings: BroadcastSettings) -> Script | None:
        """The script of one resolution and language (None: none for it)."""
        gettext = translations_for(lang, self.ctx.content_dir).gettext
        return compose(res, lang, settings, self.config.default_language, gettext, override=res.scripts.get(lang))

    def kind(self, kind: str) -> str:
        return self.kind_prefix + kind

    def theme_fingerprint(self) -> str:
        return folders_fingerprint(template_dirs(self.ctx.content_dir, "loudspeaker")
                                   + template_dirs(self.ctx.content_dir, "leaflet") + font_dirs(self.ctx.content_dir),
                                   self.ctx.changes)

    def run(self) -> None:
        settings = broadcast_settings(self.config)
        env = make_environment(template_dirs(self.ctx.content_dir, "loudspeaker"), autoescape=False,
                               changes=self.ctx.changes)
        pending = []
        for res in self.site.resolutions:
            for lang in res.summaries:
                key = f"{lang}/{res.slug}"
                reused, print_ = self.reuse(key, (print_inputs(res, lang), self.ctx.options.no_audio))
                if reused:
                    continue
                script = self.script_for(res, lang, settings)
                if script is None:
                    continue
                pending.append((res, script, key, print_))
        self.ctx.progress.start(self.name, 2 * len(pending))     # text and print sheet; audio adds its files
        written: dict[str, list] = {key: [] for _, _, key, _ in pending}
        with self.ctx.staging.recording() as files:
            for res, script, _, _ in pending:
                self.write_text(env, res, script)
            self.write_print_sheets([(res, script) for res, script, _, _ in pending])
            if not self.ctx.options.no_audio:
                self.write_audio([(res, script) for res, script, _, _ in pending], settings)
        for artifact in files:
            written[f"{artifact.lang}/{artifact.slug}"].append(artifact)
        for _, _, key, print_ in pending:
            self.remember(key, print_, written[key], [])
        if not self.reports_languages:
            return
        if not self.ctx.options.no_audio:
            self.report_missing_voices(settings)
        self.ctx.problems.extend(missing_spoken_tables(self.site))   # once per language, rebuilt or not

    def folder(self, res: Resolution, lang: str) -> str:
        return urls.resolution_folder(self.config, res.slug, lang)

    def duration(self, seconds: float, lang: str) -> str:
        return format_duration(seconds, translations_for(lang, self.ctx.content_dir).gettext)

    def parts_view(self, script: Script) -> list[dict[str, Any]]:
        return [{"number": p.number, "total": p.total, "time": self.duration(p.seconds, script.lang),
                 "reading_time": self.duration(p.seconds, script.lang), "sentences": list(p.sentences),
                 "paragraphs": list(p.sentences)} for p in script.parts]

    def write_text(self, env: jinja2.Environment, res: Resolution, script: Script) -> None:
        """UTF-8 with a BOM and Windows line endings: old Notepad shows the diacritics right."""
        use_language(env, script.lang, self.ctx.content_dir)
        text = env.get_template("script.txt").render(
            script=script, code=res.code, parts=self.parts_view(script),
            total_time=self.duration(script.seconds, script.lang))
        data = "\ufeff" + text.replace("\r\n", "\n").replace("\n", "\r\n")
        path = script_file(self.folder(res, script.lang), res.slug, script.lang, self.file_suffix + ".txt")
        self.ctx.staging.write_text(path, data, kind=self.kind("loudspeaker-text"), slug=res.slug, lang=script.lang)
        self.ctx.progress.advance()

    def write_print_sheets(self, scripts: list[tuple[Resolution, Script]]) -> None:
        jobs = []
        for res, script in scripts:
            gettext = translations_for(script.lang, self.ctx.content_dir).gettext
            data = print_data(self.config, res, script.lang, "loudspeaker-print", gettext,
                              extra_kinds=self.config.kind_names())
            data["parts"] = self.parts_view(script)
            data["total_time"] = self.duration(script.seconds, script.lang)
            jobs.append(PdfJob(script_file(self.folder(res, script.lang), res.slug, script.lang,
                                           self.file_suffix + ".pdf"),
                               self.kind("loudspeaker-print"), res.slug, script.lang, PRINT_TEMPLATE, data))
        service = pdf_service(self.site, self.ctx.options.cache_dir, self.ctx.options.jobs,
                              self.ctx.options.keep_workers, self.ctx.session)
        for outcome in service.render_each(jobs, on_done=self.ctx.progress.advance):
            job = outcome.job
            self.ctx.staging.write_bytes(job.path, outcome.pdf, kind=job.kind, slug=job.slug, lang=job.lang)
            self.ctx.cache_use[job.path] = outcome.cache_key

    def write_audio(self, scripts: list[tuple[Resolution, Script]], settings: BroadcastSettings) -> None:
        """One audio file per part; languages without a voice are reported once and skipped.
        The questions of a Q&A are read in a second voice where espeak-ng has one."""
        work = []
        speech = make_environment(template_dirs(self.ctx.content_dir, "loudspeaker"), autoescape=True)
        for res, script in scripts:
            voice = settings.voices.get(script.lang)
            if not has_voice(voice):
                continue
            other = second_voice(voice)
            for part in script.parts:
                suffix = self.file_suffix + (f"-phan-{part.number}" if part.total > 1 else "")
                ssml = None
                if other and script.second_voice.intersection(part.sentences):
                    ssml = speech.get_template("speech.ssml").render(
                        sentences=part.sentences, second=script.second_voice, second_voice=other)
                work.append((res, script, part, voice, suffix, ssml))
        cache = self.ctx.options.cache_dir
        mp3 = bool(work) and can_encode_mp3()
        self.ctx.progress.total += len(work)

        def render(item: tuple) -> tuple[bytes, str, str]:
            _, _, part, voice, _, ssml = item
            return _cached_speech(cache, part.text, voice, part.seconds, mp3, ssml)

        with ThreadPoolExecutor(max_workers=self.ctx.options.jobs or None) as pool:
            for (res, script, part, voice, suffix, _), (audio, ext, key) in zip(work, pool.map(render, work)):
                path = script_file(self.folder(res, script.lang), res.slug, script.lang, f"{suffix}.{ext}")
                self.ctx.staging.write_bytes(path, audio, kind=self.kind("loudspeaker-audio"), slug=res.slug,
                                             lang=script.lang)
                self.ctx.cache_use[path] = key
                self.ctx.progress.advance()

    def report_missing_voices(self, settings: BroadcastSettings) -> None:
        """Said once, whether or not the scripts were rebuilt: a missing program (espeak-ng;
        sox with MP3) with how to install it, and each language without a voice."""
        languages = {lang for res in self.site.resolutions for lang in res.summaries}
        if not languages:
            return
        if not has_synthesiser():
            # One warning for the missing program, not one per language that has no voice because of it.
            self.ctx.problems.append(warning(None, None, "no-espeak"))
            return
        if any(has_voice(settings.voices.get(lang)) for lang in languages) and not can_encode_mp3():
            self.ctx.problems.append(warning(None, None, "no-mp3"))
        for lang in self.config.language_codes:
            if lang in languages and not has_voice(settings.voices.get(lang)):
                self.ctx.problems.append(warning(None, None, "no-voice", lang=lang,
                                                 name=self.config.languages[lang].name))


def _cached_speech(cache: Path | None, text: str, voice: str, seconds: float, mp3: bool,
                   ssml: str | None = None) -> tuple[bytes, str, str]:
    """(audio, its extension, its cache key); `mp3`: this machine can make MP3; `ssml`: the
    text marked up for two voices."""
    marked = f"|{ssml}" if ssml is not None else ""      # plain text keeps the key it always had
    key = hashlib.sha256(f"{AUDIO_VERSION}|{voice}|{seconds:.1f}|{text}{marked}".encode("utf-8")).hexdigest()
    if cache is not None:
        # A WAV kept from before sox was installed is spoken again, as MP3.
        for ext in ("mp3",) if mp3 else ("mp3", "wav"):
            cached = read_sealed(cache / f"{key}.{ext}")
            if cached is not None:  # else not cached, pruned meanwhile, or damaged
                return cached, ext, key
    audio, ext = synthesise(text, voice, seconds, ssml)
    if cache is not None:
        with suppress(OSError):     # a cache that cannot be written only costs time
            write_sealed(cache / f"{key}.{ext}", audio)
    return audio, ext, key
