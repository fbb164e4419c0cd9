"""The builder interface (Sphinx's shape): list the work, build one item, finish.

Builders read the model and write into the staging folder; they never read
content files themselves. The pipeline decides the order; `Builder.run()` does the
rest for every builder: it lists the items, reuses the unchanged ones, builds the
others (in forked processes for a `forkable` builder), runs the PDFs and program
calls the items hand off in parallel (handoffs.py), and counts the progress.
"""
from __future__ import annotations

import os
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, islice
from pathlib import Path
from typing import Any, Callable, ClassVar, Hashable, Iterable, Iterator, Mapping, Protocol

from ..code_hash import code_fingerprint
from ..machinery.buildstate import BuildState, Kept, fingerprint
from ..changes import ChangeDetector
from ..content.model import Resolution, Site
from ..diagnostics import Problem
from ..machinery.forked import forked_map
from ..machinery.output import Artifact, Staging
from ..machinery.progress import NoProgress, Progress
from ..session import BuildSession
from .handoffs import HandOffs, ItemRecord, ProgramCall, call_programs, write_pdfs
from .pdf_jobs import INLINE_LIMIT, PdfJob, PdfOutcome, PdfService, pdf_service
from .published import Entry, PublishedData


# In build_pending's list in place of an item's fingerprint: made by whoever builds the item.
FINGERPRINT_WHERE_BUILT = "(made where the item is built)"


class PhotoVariants(Protocol):
    """What the images builder publishes on the context (builders/images/, PhotoIndex): the
    variants made of each resolution's photos, for the site and the leaflets."""

    def of(self, slug: str) -> Mapping[str, Any]: ...
    def printable(self, slug: str) -> Mapping[str, Any]: ...
    def keys(self) -> set[str]: ...
    def left_out(self, slug: str) -> frozenset[str]: ...
    def handled(self, slug: str, name: str) -> bool: ...
    def fingerprint(self, slug: str) -> tuple: ...
    @property
    def settings_key(self) -> str: ...


@dataclass
class BuildOptions:
    no_audio: bool = False
    jobs: int | None = None
    only: frozenset[str] | None = None     # builder names to run; None = all
    message_lang: str = "vi"
    cache_dir: Path | None = None          # expensive artifacts (PDF, audio) survive here between builds
    # serve's quick pass: outdated PDFs, audio and share images are taken from the previous
    # build as they were (listed in ctx.deferred), so the page reloads at once; a full pass follows.
    defer_expensive: bool = False
    # A long-running process's first build (serve): it runs even when the make rule (uptodate.py)
    # finds nothing changed, and builders prepare what they update later (the search postings),
    # so that the first edit is as quick as the next ones.
    warm_up: bool = False
    # A long-running process (serve) keeps its PDF worker processes between builds.
    keep_workers: bool = False
    # Write the session (the model, the Markdown trees) to the cache after the build, for the
    # next process; serve keeps it in memory and writes it when it stops (pipeline.persist).
    persist_session: bool = True

    def runs(self, name: str) -> bool:
        """Whether the builder called `name` is part of this build (`--only`)."""
        return self.only is None or name in self.only


@dataclass
class BuildContext:
    site: Site
    staging: Staging
    options: BuildOptions
    problems: list[Problem] = field(default_factory=list)   # warnings raised while building
    state: BuildState | None = None                          # what the previous build made (reuse)
    progress: Progress = field(default_factory=NoProgress)
    photos: PhotoVariants | None = None                      # the images builder's variants (builders/images/)
    deferred: list[str] = field(default_factory=list)        # outdated items kept as they were (defer_expensive)
    # output path -> the cache entry its file was made from (PDFs, audio): see cache_gc.py
    cache_use: dict[str, str] = field(default_factory=dict)
    session: BuildSession = field(default_factory=BuildSession)   # what builds remember (session.py)
    # What builders publish for later ones (Builder.publish), read by kind: ctx.published.share_text(…) (published.py)
    published: PublishedData = field(default_factory=PublishedData)
    publishing: list[Entry] | None = None                     # collected while an item is built
    # PDFs sent ahead to the print worker (PdfService.send_ahead): each writes them and remembers their items
    pending_pdfs: list[Callable[[], None]] = field(default_factory=list)
    # (slug, language) of those PDFs: an item that lists them waits for them (Builder.waits_for_prints)
    printing: set[tuple[str, str]] = field(default_factory=set)

    @property
    def content_dir(self) -> Path:
        return self.site.content_dir

    @property
    def changes(self) -> ChangeDetector:
        """The session's answer to "is this file unchanged?"."""
        return self.session.changes

    def adopt_published(self, entries: Iterable[Entry]) -> None:
        self.published.adopt(entries)

    def settle_pdfs(self) -> None:
        """The PDFs sent ahead, written into staging in the order they were sent (Builder.run()
        calls it before a builder that may read them, the pipeline before the manifest)."""
        while self.pending_pdfs:
            self.pending_pdfs.pop(0)()
        self.printing.clear()


class Builder:
    """Produces one family of outputs from the model."""

    name: ClassVar[str]
    expensive: ClassVar[bool] = False      # its items take long (PDF, audio, images): see defer_expensive
    needed_by: ClassVar[tuple[str, ...]] = ()   # builders that read what this one makes (run it with them)
    kinds: ClassVar[tuple[str, ...]] = ()       # the manifest kinds it writes (the build's last line names each)
    # build_item only reads the model and writes files through staging (no state later steps
    # read): its items may be built in forked worker processes (forked.py).
    forkable: ClassVar[bool] = False
    # It hands off PDFs (pipeline.py starts a CLI build's print worker for these builders).
    prints: ClassVar[bool] = False
    # It reads none of the files the builders before it handed off (the site does: its pages list
    # the downloads with their sizes): it runs while their PDFs still render on the print worker.
    while_printing: ClassVar[bool] = False
    # Each item's inputs are its resolution folder's (item_resolution) as the load read it, plus
    # what is the same for every item (shared_fingerprint, builder_inputs): an item of a folder
    # unchanged since it was made is reused on that proof, without item_inputs and its
    # fingerprint (item_proof). tests/test_folder_proof.py holds every such builder to it.
    inputs_in_folder: ClassVar[bool] = False

    def __init__(self, ctx: BuildContext):
        self.ctx = ctx
        self.site = ctx.site
        self.config = ctx.site.config
        # serve's first build (warm_up) makes the first item of each family (pages, lists …)
        # again, the same bytes, so that templates, fonts and rule tables are loaded then and
        # not during the first edit.
        self._warmed_up: set[str] = set()
        self._handoffs: HandOffs | None = None     # while run() builds items here
        self._proofs: dict[str, str] = {}           # item key → its proof (item_proof), until remembered

    # The longest paths it writes, for Windows' 260 characters (path_lengths.py: checked before a
    # build, over the builders it runs); a bound where a name depends on what is made.
    @classmethod
    def makes(cls, site: Site, res: Resolution, lang: str) -> bool:
        """Whether it makes files of `res` in `lang` (its items say the same): by default those of
        each page the site shows."""
        return site.shows(res, lang)

    @classmethod
    def longest_download(cls, site: Site, res: Resolution, lang: str, options: BuildOptions) -> str | None:
        """The longest output path it can write into `res`'s folder of `lang` (asked where it
        makes() files of them); None: none."""
        return None

    @classmethod
    def longest_asset(cls, name: str, stem: str | None) -> str | None:
        """The longest name it can write the resolution's file `name` under, in the resolution's
        folder (`stem`: an image's, photos.output_stems; None for other files); None: none."""
        return None

    def items(self) -> Iterable[Hashable]:
        """The units of work (e.g. (slug, lang) pairs); default: a single item."""
        return [None]

    def item_key(self, item: Any) -> str | None:
        """A stable name for an item, to find it in the previous build; None: always rebuild."""
        return None

    def item_inputs(self, item: Any) -> Any:
        """Everything an item is made from (plain data), for its fingerprint."""
        return None

    def theme_fingerprint(self) -> str:
        """Templates and anything else shared by all items; builders with templates override."""
        return ""

    @cached_property
    def shared_fingerprint(self) -> str:
        """Code, site.yaml and templates: the same for every item, so read and hashed once per run."""
        return fingerprint(code_fingerprint(), self.config.source_hash, self.theme_fingerprint())

    def item_resolution(self, item: Any) -> Resolution | None:
        """The resolution whose folder an item's inputs come from (inputs_in_folder)."""
        return None

    def builder_inputs(self) -> Any:
        """What item_inputs reads besides the item's folder, the same for every item (options,
        what the machine can do …), for an inputs_in_folder builder's proof (plain data)."""
        return None

    @cached_property
    def _builder_proof(self) -> str:
        return fingerprint(self.shared_fingerprint, self.builder_inputs())

    def item_proof(self, item: Any) -> str | None:
        """What an item of an inputs_in_folder builder is made under: the builder-wide
        fingerprint and its folder as the load read it (None: no proof, the full check)."""
        state = self.ctx.state
        if not self.inputs_in_folder or state is None:
            return None
        res = self.item_resolution(item)
        digest = state.folder_digest(os.fspath(res.folder), self.ctx.session.loaded) if res is not None else None
        return None if digest is None else self._builder_proof + digest

    def reuse_item(self, item: Any, key: str | None) -> tuple[bool, str | None]:
        """reuse(key, item_inputs(item)), without item_inputs and its fingerprint when the
        item was made under the proof it has now (item_proof)."""
        proof = self.item_proof(item) if key is not None else None
        if proof is not None:
            self._proofs[key] = proof
            state = self.ctx.state
            proven = state.reuse_proven(self.ctx.staging, f"{self.name}:{key}", proof) \
                if not self.ctx.options.warm_up else None
            if proven is not None:
                print_, kept = proven
                self._adopt_kept(kept)
                return True, print_
        return self.reuse(key, self.item_inputs(item))

    def reuse(self, key: str | None, inputs: Any) -> tuple[bool, str | None]:
        """(True, …) when the item's files were linked from the previous build; else
        (False, fingerprint to remember once it is built)."""
        state = self.ctx.state
        if state is None or key is None:
            return False, None
        print_ = fingerprint(self.shared_fingerprint, inputs)
        family = key.partition(":")[0] if ":" in key else ""
        if self.ctx.options.warm_up and family not in self._warmed_up:
            self._warmed_up.add(family)
            return False, print_
        full_key = f"{self.name}:{key}"
        kept = state.reuse(self.ctx.staging, full_key, print_, self._proofs.get(key))
        if kept is None and self.expensive and self.ctx.options.defer_expensive:
            kept = state.reuse_outdated(self.ctx.staging, full_key)
            if kept is not None:
                self.ctx.deferred.append(full_key)
                print_ = None
        if kept is None:
            return False, print_
        self._adopt_kept(kept)
        return True, print_

    def _adopt_kept(self, kept: Kept) -> None:
        """A reused item's warnings and published data, as when it was built."""
        warnings, published = kept
        if warnings:
            self.ctx.problems.extend(warnings)
        if published:
            self.ctx.adopt_published(published)

    def publish(self, entry: Entry) -> None:
        """Hand later builders typed data about what this one made (an entry made by one of
        published.py's `…_entry` functions), instead of letting them read it back from staging.
        Kept with the item, so a reused item publishes it too."""
        self.ctx.adopt_published([entry])
        if self.ctx.publishing is not None:
            self.ctx.publishing.append(entry)

    def remember(self, key: str | None, print_: str | None, written: list, problems: list[Problem],
                 published: list[tuple[str, str, Any]] = ()) -> None:
        if self.ctx.state is not None and key is not None and print_ is not None:
            self.ctx.state.remember(f"{self.name}:{key}", print_, list(written), problems, list(published),
                                    self._proofs.pop(key, None))

    def reuse_or_build(self, key: str | None, inputs: Any, build: Any) -> None:
        """Reuse the item's files from the previous build when nothing it depends on changed,
        else call build() here and remember what it wrote (and, once they are done, what it
        handed off)."""
        self._build_unless_reused(key, self.reuse(key, inputs), build)

    def _reuse_or_build_item(self, item: Any) -> None:
        """reuse_or_build of one of items() (reuse_item: on its proof, when it has one)."""
        key = self.item_key(item)
        self._build_unless_reused(key, self.reuse_item(item, key), lambda: self.build_item(item))

    def _build_unless_reused(self, key: str | None, reused_print: tuple[bool, str | None], build: Any) -> None:
        reused, print_ = reused_print
        if reused:
            return
        item = ItemRecord(key, print_)
        with self._handoffs.building(item) if self._handoffs is not None else nullcontext():
            written, problems, published = self._build_recorded(None, lambda _: build())
        if item.handed_off:
            self._made_for(item, written, problems, published)
        else:
            self._keep(key, print_, written, problems, published)

    def build_item(self, item: Any) -> None:
        """Build one unit of work into the staging folder; what takes long (PDFs, external
        programs) it hands off with render_pdf() and call_program()."""
        raise NotImplementedError

    def render_pdf(self, job: PdfJob) -> None:
        """Hand off a PDF of the item being built: rendered with the others of this run through
        pdf_service() (cached, on every core, serve's kept workers), written to staging as part
        of this item as soon as it is ready."""
        self._building().add_pdf(job)
        self.ctx.progress.total += 1

    def call_program(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        """Hand off a call of an external program (espeak-ng, ffmpeg) for the item being built:
        work() runs on a thread pool with the others once the items are built, then(its result)
        runs here and writes the item's files."""
        self._building().add_call(work, then)
        self.ctx.progress.total += 1

    def pdf_service(self) -> PdfService:
        """What renders the PDFs this builder hands off: by default the print templates'."""
        options = self.ctx.options
        return pdf_service(self.site, options.cache_dir, options.jobs, options.keep_workers, self.ctx.session,
                           keep_for_build=True)

    def render_pdfs(self, service: PdfService, jobs: Iterable[PdfJob], on_done: Callable[[], None]
                    ) -> Iterator[PdfOutcome]:
        """The outcomes of the handed-off PDFs, in their order (the leaflets override it)."""
        return service.render_each(jobs, on_done=on_done)

    def finish(self) -> None:
        """Outputs that depend on all items (lists, indexes)."""

    def waits_for_prints(self, item: Any) -> bool:
        """Whether the item shows something of the PDFs still rendering on the print worker
        (ctx.printing): a builder that runs while they render makes it after the others."""
        return False

    def run(self) -> None:
        if not self.while_printing:
            self.ctx.settle_pdfs()
        items = list(self.items())
        self.ctx.progress.start(self.name, len(items))
        # An edit's own page waits for its PDFs: the other pages and the lists are made while they render.
        waiting: list[Any] = []
        if self.ctx.printing:
            rest: list[Any] = []
            for item in items:
                (waiting if self.waits_for_prints(item) else rest).append(item)
            items = rest
        self._run_items(items, first=True)
        if waiting:
            self.ctx.settle_pdfs()
            self._run_items(waiting, first=False)
        self.finish()

    def _run_items(self, items: list[Any], first: bool) -> None:
        if self.forkable:
            self._run_forked(items, alongside=self.alongside if first else None)
        else:
            self._run_here(items)

    def _building(self) -> HandOffs:
        if self._handoffs is None:
            raise RuntimeError(f"{self.name}: work is handed off only while run() builds an item in this process")
        return self._handoffs

    def _run_here(self, items: list[Any]) -> None:
        """Each item reused or built here, in order. The PDFs they hand off render while the
        next items are built (a large site never holds all its PDFs' data at once); the
        program calls run after them; then the items that handed off work are remembered.
        A few PDFs (an edit's) go to the print worker when the build has one: they are written,
        and their items remembered, by ctx.settle_pdfs() (print_worker.py)."""
        self._handoffs = handoffs = HandOffs()
        ahead: Callable[[], None] | None = None
        try:
            jobs = self._built_here(items, handoffs)
            first = next(jobs, None)         # no PDF at all: no service (it hashes templates and fonts)
            if first is not None:
                service = self.pdf_service()
                if self.ctx.options.warm_up:
                    service.start_kept_workers()
                jobs = chain([first], jobs)
                few = list(islice(jobs, INLINE_LIMIT))
                if len(few) < INLINE_LIMIT and service.send_ahead(few):
                    # Every item is built; its PDFs render on the print worker while the next builders run.
                    self.ctx.progress.advance(len(few))
                    ahead = lambda: self._written_later(service, few, handoffs)    # noqa: E731
                else:
                    self._write_pdfs(service, chain(few, jobs), handoffs, self.ctx.progress.advance)
            call_programs(handoffs.calls, self.ctx.options.jobs, self._called)
        finally:
            self._handoffs = None
        if ahead is not None:
            self.ctx.pending_pdfs.append(ahead)
            self.ctx.printing.update((job.slug, job.lang) for job in few)
        else:
            self._remember_waiting(handoffs)

    def _write_pdfs(self, service: PdfService, jobs: Iterable[PdfJob], handoffs: HandOffs,
                    on_done: Callable[[], None]) -> None:
        write_pdfs(self.render_pdfs(service, jobs, on_done), handoffs, self.ctx.staging, self.site,
                   self.ctx.cache_use, self.ctx.problems)

    def _written_later(self, service: PdfService, jobs: list[PdfJob], handoffs: HandOffs) -> None:
        """PDFs sent ahead (ctx.settle_pdfs): written as they come back, then their items remembered."""
        self._write_pdfs(service, jobs, handoffs, lambda: None)
        self._remember_waiting(handoffs)

    def _remember_waiting(self, handoffs: HandOffs) -> None:
        """The items that handed off work, once all of it is done."""
        for item in handoffs.waiting:
            self.remember(item.key, item.print_, item.written, item.problems, item.published)

    def _called(self, call: ProgramCall, made: Any) -> None:
        """A program call's result, written here as part of its item."""
        self.ctx.progress.advance()
        self._made_for(call.item, *self._build_recorded(made, call.then))

    def _made_for(self, item: ItemRecord, written: list[Artifact], problems: list[Problem],
                  published: list[tuple[str, str, Any]]) -> None:
        """Part of an item that handed off work: its warnings and published data count now, its
        files are remembered with the rest once all its hand-offs are done (_run_here)."""
        item.add(written, problems, published)
        self.ctx.problems.extend(problems)
        self.ctx.adopt_published(published)

    def _built_here(self, items: list[Any], handoffs: HandOffs) -> Iterator[PdfJob]:
        """Reuse or build each item; yields the PDFs each hands off."""
        for item in items:
            self._reuse_or_build_item(item)
            self.ctx.progress.advance()
            yield from handoffs.take_pdfs()

    def _run_forked(self, items: list[Any], alongside: Callable[[], None] | None) -> None:
        """Reuse what is unchanged, then build the rest on all cores (forked.forked_map). An item
        the previous build did not make (every item of a first build) cannot be reused: its
        fingerprint is made by whoever builds it, in parallel, not here before the workers start."""
        pending: list[tuple[Any, str | None, str | None]] = []
        for item in items:
            key = self.item_key(item)
            if self._never_made(key):
                if (proof := self.item_proof(item) if key is not None else None) is not None:
                    self._proofs[key] = proof
                pending.append((item, key, FINGERPRINT_WHERE_BUILT))
                continue
            reused, print_ = self.reuse_item(item, key)
            if reused:
                self.ctx.progress.advance()
            else:
                pending.append((item, key, print_))
        self.build_pending(pending, self.build_item, advance=True, alongside=alongside)

    def build_pending(self, pending: list[tuple[Any, str | None, str | None]], build: Callable[[Any], None],
                      advance: bool = False, here: bool = False,
                      alongside: Callable[[], None] | None = None) -> None:
        """build(item) for each (item, key, fingerprint) not reused, on all cores when there are
        many (forked.forked_map; `here`: in this process); then record the files and warnings and
        remember each item. `build` must only read the model and write files through staging.
        `alongside()`: work of this process while the workers build (forked_map's `meanwhile`)."""
        if any(print_ == FINGERPRINT_WHERE_BUILT for _, _, print_ in pending):
            _ = self.shared_fingerprint         # made once here, inherited by the workers
        built = forked_map(self._build_pending_item, pending, build,
                           jobs=1 if here else self.ctx.options.jobs,
                           on_chunk=(lambda count: self.ctx.progress.advance(count)) if advance else None,
                           before_fork=lambda: self.before_fork(pending, build), meanwhile=alongside)
        for (_, key, _), (written, problems, published, print_) in zip(pending, built):
            self.ctx.staging.adopt(written)
            self._keep(key, print_, written, problems, published)

    def _never_made(self, key: str | None) -> bool:
        """The previous build has no entry for the item: reuse() would find nothing (serve's
        warm-up asks reuse() of every item: it counts them)."""
        state = self.ctx.state
        return (state is not None and key is not None and not self.ctx.options.warm_up
                and f"{self.name}:{key}" not in state.previous)

    def _build_pending_item(self, pending: tuple[Any, str | None, str | None], build: Callable[[Any], None]
                            ) -> tuple[list[Artifact], list[Problem], list[tuple[str, str, Any]], str | None]:
        """build_pending's work on one item (in a worker or here): its fingerprint first, when it
        was left to whoever builds it, then the item built (_build_recorded)."""
        item, _, print_ = pending
        if print_ == FINGERPRINT_WHERE_BUILT:
            print_ = fingerprint(self.shared_fingerprint, self.item_inputs(item))
        return (*self._build_recorded(item, build), print_)

    def before_fork(self, pending: list[tuple[Any, str | None, str | None]], build: Callable[[Any], None]) -> None:
        """Before build_pending starts worker processes: make here what they all need (inherited)."""

    def alongside(self) -> None:
        """What a forkable builder makes in this process while the workers build its items (it
        then builds fewer of them here): work that needs no item, and is cheaper done once in
        one process than shared (the site's lists). Called before the items when all are built here."""

    def _keep(self, key: str | None, print_: str | None, written: list[Artifact], problems: list[Problem],
              published: list[tuple[str, str, Any]]) -> None:
        """An item just built: its warnings join the build's, what it published is handed on,
        its files and fingerprint are remembered."""
        self.ctx.problems.extend(problems)
        self.ctx.adopt_published(published)
        self.remember(key, print_, written, problems, published)

    def _build_recorded(self, item: Any, build: Callable[[Any], None]
                        ) -> tuple[list[Artifact], list[Problem], list[tuple[str, str, Any]]]:
        """build(item), returning the files it wrote, the warnings it raised (taken out of
        ctx.problems: the caller adds them, here or from a worker process alike) and what it
        published."""
        before = len(self.ctx.problems)
        outer, self.ctx.publishing = self.ctx.publishing, []
        try:
            with self.ctx.staging.recording() as written:
                build(item)
            published = self.ctx.publishing
        finally:
            self.ctx.publishing = outer
        raised = self.ctx.problems[before:]
        del self.ctx.problems[before:]
        return list(written), raised, published


class SummaryBuilder(Builder):
    """A builder whose item is a resolution in one language (one summary): "lang/slug"."""

    def item_resolution(self, item: tuple[Resolution, str]) -> Resolution:
        return item[0]

    @classmethod
    def makes(cls, site: Site, res: Resolution, lang: str) -> bool:
        """Every summary, by default (its items)."""
        return lang in res.summaries

    def items(self) -> Iterable[tuple[Resolution, str]]:
        return [(res, lang) for res in self.site.resolutions for lang in res.summaries
                if self.makes(self.site, res, lang)]

    def item_key(self, item: tuple[Resolution, str]) -> str:
        res, lang = item
        return f"{lang}/{res.slug}"


class LanguageBuilder(Builder):
    """A builder whose item is a language of the site, its code the item's key (the search
    index, the review calendar, the feeds)."""

    def items(self) -> Iterable[str]:
        return list(self.config.language_codes)

    def item_key(self, lang: str) -> str:
        return lang
