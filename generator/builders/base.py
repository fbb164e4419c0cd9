"""The builder interface (Sphinx's shape): list the work, build one item, finish.

Builders read the model and write into the staging folder; they never read
content files themselves. The pipeline decides the order and, for builders
whose items are expensive, runs items in parallel.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Hashable, Iterable

from ..content.model import Site
from ..diagnostics import Problem
from ..output import Staging


@dataclass
class BuildOptions:
    no_audio: bool = False
    jobs: int | None = None
    only: frozenset[str] | None = None     # builder names to run; None = all
    message_lang: str = "vi"
    cache_dir: Path | None = None          # expensive artifacts (PDF, audio) survive here between builds


@dataclass
class BuildContext:
    site: Site
    staging: Staging
    options: BuildOptions
    problems: list[Problem] = field(default_factory=list)   # warnings raised while building

    @property
    def content_dir(self) -> Path:
        return self.site.content_dir


class Builder:
    """Produces one family of outputs from the model."""

    name: ClassVar[str]

    def __init__(self, ctx: BuildContext):
        self.ctx = ctx
        self.site = ctx.site
        self.config = ctx.site.config

    def items(self) -> Iterable[Hashable]:
        """The units of work (e.g. (slug, lang) pairs); default: a single item."""
        return [None]

    def build_item(self, item: Any) -> None:
        """Build one unit of work into the staging folder (builders that batch override run())."""
        raise NotImplementedError

    def finish(self) -> None:
        """Outputs that depend on all items (lists, indexes)."""

    def run(self) -> None:
        for item in self.items():
            self.build_item(item)
        self.finish()
