"""The content model: plain, immutable data built once by the loader and read by every builder."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping, Union

from .htmltree import Child, Node, to_text
from .source import SummarySource

if TYPE_CHECKING:
    from ..config import SiteConfig
    from .recordings import Recording
    from .glossary import Glossary


Due = Union[int, dt.date, None]   # years after the issue date, a fixed date, or no such review


@dataclass(frozen=True)
class ReviewOverride:
    """resolution.yaml `review:` (read by review_schedule.py). `reviewed` False: no review at all; True:
    the level's periods even for a kind without review; `due`: only the stages the editor set;
    `done`: stages already held (→ the day), which leave the calendar with their plans."""

    reviewed: bool | None = None
    due: Mapping[str, Due] = field(default_factory=lambda: MappingProxyType({}))
    done: Mapping[str, dt.date] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Point:
    """One item of a section's list; keeps its nested lists and paragraphs."""

    nodes: tuple[Child, ...]
    text: str
    line: int | None = None

    @property
    def fingerprint(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class QuestionAnswer:
    """One question of the `qa` section (a `###` heading or a bold line) and its answer."""

    question: str
    answer: tuple[Child, ...]

    @property
    def answer_text(self) -> str:
        return to_text(self.answer, alt_text=False)


@dataclass(frozen=True)
class Section:
    # key_points | new_points | local_application | questions | brief | qa | in_depth | None
    key: str | None
    title: str
    anchor: str
    heading: Node
    nodes: tuple[Child, ...]
    points: tuple[Point, ...]
    line: int | None = None
    qa: tuple[QuestionAnswer, ...] = ()      # the `qa` section's questions, in order


@dataclass(frozen=True)
class Summary:
    """One language version of a resolution (vi.md, hmn.md …)."""

    lang: str
    path: Path
    title: str
    summary: str
    lead: tuple[Child, ...]
    sections: tuple[Section, ...]
    footnotes: tuple[Child, ...]
    source_hash: str
    front: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    # A translation's state against the Vietnamese: unreviewed | current | outdated (translations/translation_review.py).
    translation_status: str | None = None
    # The file's Markdown as read (content/source.py): what the translations work on, never re-read.
    source: SummarySource | None = None

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def questions_answers(self) -> tuple[QuestionAnswer, ...]:
        section = self.section("qa")
        return section.qa if section is not None else ()

    @property
    def other_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.key is None)


@dataclass(frozen=True)
class Asset:
    """A file of a resolution folder that a summary references (image, attachment)."""

    name: str        # path relative to the resolution folder, POSIX form
    source: Path
    # Where a summary first references it (the source language's, when it does), for messages.
    referenced_in: Path | None = None
    line: int | None = None


@dataclass(frozen=True)
class Resolution:
    slug: str
    folder: Path
    code: str
    kind: str
    level: str
    issuer: str
    issued: dt.date
    topics: tuple[str, ...]
    implements: tuple[str, ...]
    implemented_by: tuple[str, ...]
    summaries: Mapping[str, Summary]
    assets: tuple[Asset, ...]
    meta: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    # An editor's own loudspeaker script per language (<lang>.loa.txt), used instead of the generated one.
    scripts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Human recordings of the loudspeaker script per language (content/recordings.py): used instead of synthesis.
    recordings: Mapping[str, "Recording"] = field(default_factory=lambda: MappingProxyType({}))
    # resolution.yaml `review:` (review_schedule.py): its own review dates, or none; None = the level's defaults.
    review: ReviewOverride | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.summaries)


@dataclass(frozen=True)
class FreePage:
    """content/pages/<name>.<lang>.md"""

    name: str
    lang: str
    path: Path
    title: str
    summary: str
    nodes: tuple[Child, ...]
    source_hash: str


@dataclass(frozen=True)
class Edition:
    """A resolution as it appears in one language's site: its own translation, or
    (policy `source`) the source-language summary with a 'translation pending' notice."""

    resolution: Resolution
    summary: Summary
    lang: str
    fallback: bool = False


@dataclass(frozen=True)
class Site:
    config: "SiteConfig"
    content_dir: Path
    resolutions: tuple[Resolution, ...]   # newest first
    pages: tuple[FreePage, ...]
    glossary: "Glossary | None" = None    # content/glossary.yaml (content/glossary.py, read by translations/glossary.py)

    def resolution(self, slug: str) -> Resolution | None:
        return self._by_slug.get(slug)

    @cached_property
    def _by_slug(self) -> Mapping[str, Resolution]:
        # Pages look up every resolution they link to: a scan of the list per look-up made a
        # site with many links quadratic. The first of a slug wins, as the scan did.
        found: dict[str, Resolution] = {}
        for res in self.resolutions:
            found.setdefault(res.slug, res)
        return MappingProxyType(found)

    def resolutions_in(self, lang: str) -> tuple[Resolution, ...]:
        return tuple(r for r in self.resolutions if lang in r.summaries)

    def editions(self, lang: str) -> tuple[Edition, ...]:
        """What the `lang` site shows, newest first, following the language's fallback policy."""
        source = self.config.default_language
        with_fallback = self.config.languages[lang].fallback == "source"
        result = []
        for res in self.resolutions:
            if lang in res.summaries:
                result.append(Edition(res, res.summaries[lang], lang))
            elif with_fallback:
                result.append(Edition(res, res.summaries[source], lang, fallback=True))
        return tuple(result)

    def shows(self, res: Resolution, lang: str) -> bool:
        """Whether the `lang` site has a page of `res` (one of editions(lang)), without listing them."""
        return lang in res.summaries or self.config.languages[lang].fallback == "source"

    def pages_in(self, lang: str) -> tuple[FreePage, ...]:
        """Free pages of `lang`; with policy `source`, untranslated source pages too."""
        own = [p for p in self.pages if p.lang == lang]
        if self.config.languages[lang].fallback == "source" and lang != self.config.default_language:
            names = {p.name for p in own}
            own += [p for p in self.pages if p.lang == self.config.default_language and p.name not in names]
        return tuple(own)
