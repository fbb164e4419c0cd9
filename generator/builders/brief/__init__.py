"""The short version for grassroots members (`## Tóm tắt ngắn {#brief}`): an A5 handout on
one side, a message for a village Zalo group, and a one-minute loudspeaker bulletin.

Only summaries that have the section get these; the bulletin is the loudspeaker
builder's pipeline (spoken form, timing, print sheet, audio) reading the short version.
"""
from __future__ import annotations

from typing import Any

from ... import urls
from ...loudspeaker.settings import LoudspeakerSettings
from ...content.htmltree import to_text
from ...content.model import Resolution, Site, Summary
from ...diagnostics import Problem, warning
from ...i18n import translations_for
from ..pdf_jobs import PdfJob
from ..leaflet.print_data import section_data
from ...loudspeaker.script import Script, brief_texts, compose
from ...machinery.templating import make_environment, use_language
from ...theme import template_dirs
from ..loudspeaker import LoudspeakerBuilder
from ..typst_outputs import TypstOutputsBuilder, download_file
from .message import LIMIT, compose_message

WORD_LIMIT = 150          # about a minute read aloud: past this it is no longer short
A5_TEMPLATE = "brief-a5.typ"
MESSAGE_TEMPLATE = "brief-text.txt"
A5_FILE, TEXT_FILE = "tom-tat-a5.pdf", "tom-tat-zalo.txt"      # the downloads' names (download_file)


def brief_points(summary: Summary) -> list[str]:
    """Each point of the short version as one line of plain text."""
    section = summary.section("brief")
    return [" ".join(to_text(p.nodes, alt_text=False).split()) for p in section.points] if section else []


def has_brief(res: Resolution, lang: str) -> bool:
    summary = res.summaries.get(lang)
    return summary is not None and summary.section("brief") is not None


def with_brief(site: Site) -> list[tuple[Resolution, str]]:
    return [(res, lang) for res in site.resolutions for lang in res.summaries if has_brief(res, lang)]


def message_for(site: Site, res: Resolution, lang: str) -> Any:
    """The Zalo message of one resolution and language (message.Message)."""
    env = make_environment(template_dirs(site.content_dir, "brief"), autoescape=False)
    use_language(env, lang, site.content_dir)
    template = env.get_template(MESSAGE_TEMPLATE)
    summary = res.summaries[lang]
    url = urls.absolute(site.config, urls.resolution_path(site.config, res.slug, lang))
    return compose_message(template.render, summary.title, brief_points(summary), url)


def brief_problems(site: Site) -> list[Problem]:
    """A short version that is not short: too many words, or too long for its message."""
    problems = []
    for res, lang in with_brief(site):
        summary = res.summaries[lang]
        section = summary.section("brief")
        words = sum(len(p.split()) for p in brief_points(summary))
        if words > WORD_LIMIT:
            problems.append(warning(summary.path, section.line, "brief-too-long", words=words, limit=WORD_LIMIT))
        if not message_for(site, res, lang).fits:
            problems.append(warning(summary.path, section.line, "brief-message-too-long", limit=LIMIT))
    return problems


class BriefBuilder(TypstOutputsBuilder):
    name = "brief"
    kinds = ("brief-a5", "brief-text")
    file_names = (A5_FILE, TEXT_FILE)

    @classmethod
    def makes(cls, site: Site, res: Resolution, lang: str) -> bool:
        return has_brief(res, lang)

    def build_item(self, item: tuple[Resolution, str]) -> None:
        res, lang = item
        gettext = translations_for(lang, self.ctx.content_dir).gettext
        # Only the short version is printed (and counted, should it not fit).
        data = {**self.page_data(res, lang, "brief-a5"), "lead": [],
                "sections": [section_data(res.summaries[lang], "brief", gettext)]}
        self.render_pdf(PdfJob(download_file(self.site, res, lang, A5_FILE), "brief-a5", res.slug, lang,
                               A5_TEMPLATE, data, max_pages=1))
        message = message_for(self.site, res, lang)
        self.ctx.staging.write_text(download_file(self.site, res, lang, TEXT_FILE), message.text + "\n",
                                    kind="brief-text", slug=res.slug, lang=lang)

    def finish(self) -> None:
        self.ctx.problems.extend(brief_problems(self.site))      # said every build, rebuilt or not


class BriefLoudspeakerBuilder(LoudspeakerBuilder):
    """The one-minute bulletin: the loudspeaker material, reading the short version."""

    name = "brief-loudspeaker"
    kind_prefix = "brief-"
    kinds = tuple("brief-" + kind for kind in LoudspeakerBuilder.kinds)    # its kind_prefix
    file_suffix = "-ngan"
    reports_languages = False

    @classmethod
    def makes(cls, site: Site, res: Resolution, lang: str) -> bool:
        return has_brief(res, lang)

    def script_for(self, res: Resolution, lang: str, settings: LoudspeakerSettings) -> Script | None:
        summary = res.summaries[lang]       # one with the short version (makes: its items)
        gettext = translations_for(lang, self.ctx.content_dir).gettext
        return compose(res, lang, settings, self.config.default_language, gettext, texts=brief_texts(summary))
