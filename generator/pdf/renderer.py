"""Typst in-process: one compiler per process, fonts loaded once, templates from a stack of folders."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from multiprocessing.util import Finalize
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import typst

from ..changes import ChangeDetector
from ..fonts import font_dirs as packaged_font_dirs
from .fit import FORMAT_DEFAULTS, FitPolicy, RenderResult, Trial, count_words, search, words_to_cut

_PACKAGE = Path(__file__).resolve().parent
# Typst's warning for a font family none of the font folders has: it would draw the text
# with whatever font it falls back to, or leave it out.
_UNKNOWN_FONT = re.compile(r"unknown font family: (.+)")

# Manifest kind -> template file, so render() also accepts the format name.
TEMPLATE_FILES: dict[str, str] = {
    "leaflet-a4": "a4.typ",
    "leaflet-a5": "a5.typ",
    "leaflet-trifold": "trifold.typ",
    "study-sheet": "study-sheet.typ",
    "loudspeaker-print": "loudspeaker.typ",
}


def default_template_dir() -> Path:
    """templates/leaflet of a checkout, or the copy packed inside an installed wheel."""
    packed = _PACKAGE.parent / "_templates" / "leaflet"
    return packed if packed.is_dir() else _PACKAGE.parent.parent / "templates" / "leaflet"


def default_template_dirs() -> list[Path]:
    """The default theme's print templates: the leaflets' (common.typ among them) and the
    loudspeaker's print sheet (templates/loudspeaker/loudspeaker.typ)."""
    leaflet = default_template_dir()
    return [leaflet, leaflet.parent / "loudspeaker"]


class PdfTemplateError(Exception):
    """A template failed to compile: file (the real one, not the merged copy), line, column, message."""

    def __init__(self, file: str | None, line: int | None, column: int | None, message: str,
                 hints: Sequence[str] = ()) -> None:
        self.file, self.line, self.column, self.message, self.hints = file, line, column, message, tuple(hints)
        where = ":".join(str(x) for x in (file, line, column) if x is not None)
        text = f"{where}: {message}" if where else message
        super().__init__(text + "".join(f"\n  hint: {h}" for h in self.hints))

    def __reduce__(self) -> tuple:
        # Raised in a worker process: it must survive the trip back to the parent.
        return (type(self), (self.file, self.line, self.column, self.message, self.hints))


class PdfFontMissing(PdfTemplateError):
    """A template names a font family that none of the font folders has (`family`, lower-cased by Typst)."""

    def __init__(self, file: str | None, line: int | None, column: int | None, family: str) -> None:
        self.family = family
        super().__init__(file, line, column, f"unknown font family: {family}")

    def __reduce__(self) -> tuple:
        return (type(self), (self.file, self.line, self.column, self.family))


class TypstForkError(RuntimeError):
    """Typst was used before this process was forked: it would hang here."""


def _claim_typst() -> None:
    """Typst's native thread pool does not survive fork(): a forked child of a process that
    has compiled anything hangs on its first compile. Worker pools must use "spawn" or
    "forkserver" (or fork before any rendering); this turns the hang into an error."""
    if _typst_loaded_by() != os.getpid():
        raise TypstForkError(
            "Typst was already used in the parent of this forked process and would hang here; "
            "start PDF worker processes with multiprocessing 'spawn' or 'forkserver'")


@lru_cache(maxsize=1)
def _typst_loaded_by() -> int:
    """The process that first used Typst: like Typst's own native state, a fact about the
    process (a forked child inherits it), not about a build."""
    return os.getpid()


class _TemplateRoot:
    """The template folders merged into one Typst root (first folder wins, file by file).

    Typst resolves `#import "common.typ"` inside its root, so merging lets a
    site override any file, common.typ included. Rebuilt when a file changes.
    """

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = [Path(f) for f in folders]
        self.path: Path | None = None
        self.sources: dict[str, Path] = {}      # relative path in the root -> real file
        self.extra: dict[str, Path] = {}        # files placed beside the templates (photos)
        self._signature: tuple = ()
        self._finalizer: Finalize | None = None
        # The renderer's own detector (it also lives in worker processes, which have no session).
        self._changes = ChangeDetector()

    def current(self) -> Path:
        signature = self._scan()
        if self.path is None or signature != self._signature:
            self._build(signature)
        assert self.path is not None
        return self.path

    def _scan(self) -> tuple:
        return tuple(self._changes.tree_signature(folder) if folder.is_dir() else () for folder in self.folders)

    def _build(self, signature: tuple) -> None:
        self.close()
        root = Path(tempfile.mkdtemp(prefix="tuyentruyen-typst-"))
        sources: dict[str, Path] = {}
        for index, files in enumerate(signature):      # per folder: (relative path, its mark …)
            for relative, *_ in files:
                if relative not in sources:             # earlier folder (the site's) wins
                    sources[relative] = self.folders[index] / relative
        for relative, source in sources.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        self.path, self.sources, self._signature = root, sources, signature
        # multiprocessing's finaliser, not weakref's: a pool's worker process ends without running
        # atexit (os._exit after multiprocessing's own exit clean-ups), which left this folder behind
        # in the temporary folder after every build with a site's own print templates.
        self._finalizer = Finalize(self, shutil.rmtree, args=(str(root), True), exitpriority=0)
        for relative, source in self.extra.items():
            self._place(relative, source)

    def add_files(self, files: Sequence[tuple[str, str]]) -> None:
        """Put files (photos) into the root, kept there when the root is rebuilt."""
        root = self.current()
        for relative, source in files:
            pure = Path(relative)
            if pure.is_absolute() or ".." in pure.parts:
                raise ValueError(f"file outside the template root: {relative}")
            if relative not in self.extra:
                self.extra[relative] = Path(source)
                if not (root / relative).exists():
                    self._place(relative, Path(source))

    def _place(self, relative: str, source: Path) -> None:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)

    def source_of(self, reported: str) -> str:
        """Map a path in a Typst diagnostic back to the real template file."""
        candidate = Path(reported)
        if not candidate.is_absolute():
            candidate = Path.cwd() / candidate
        try:
            relative = str(candidate.resolve().relative_to(self.path.resolve())) if self.path else reported
        except ValueError:
            return reported
        return str(self.sources.get(relative, reported))

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
            self._finalizer = None
        self.path = None


class PdfRenderer:
    """Renders templates to PDF. Make one per process: fonts and templates load once.

    `template_dirs`: the site's templates/leaflet first, then the default ones
    (default_template_dirs, appended when missing). `font_dirs`: the DejaVu shipped in the package by
    default (a site adds its own folder first, fonts.font_dirs); system fonts are ignored
    so that every machine produces the same bytes.
    """

    def __init__(self, template_dirs: Sequence[Path] = (), font_dirs: Sequence[Path] = ()) -> None:
        self.template_dirs: list[Path] = [Path(d) for d in template_dirs]     # as given
        dirs = list(self.template_dirs)
        given = {d.resolve() for d in dirs if d.exists()}
        dirs += [d for d in default_template_dirs() if d.resolve() not in given]   # the default theme always last
        self.search_dirs = dirs
        self.font_dirs = [Path(d) for d in font_dirs] or packaged_font_dirs()
        self._root = _TemplateRoot(dirs)
        _claim_typst()
        self._fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                                  font_paths=[str(d) for d in self.font_dirs])
        self._compiler = typst.Compiler(root=str(self._root.current()), font_paths=self._fonts,
                                        ignore_system_fonts=True)

    def close(self) -> None:
        self._root.close()

    @property
    def template_root(self) -> Path:
        """The folder Typst compiles in: the template folders merged (first folder wins)."""
        return self._root.current()

    def __enter__(self) -> PdfRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ public

    def render(self, template_name: str, data: dict[str, Any], *, fit: FitPolicy | None = None,
               files: Sequence[tuple[str, str]] = ()) -> RenderResult:
        """Compile `template_name` (e.g. "a4.typ", or a format such as "leaflet-a4") with `data`.

        `files`: (path inside the template root, file on disk) the data refers to, e.g. photos.

        With a `fit` that has a page limit, the body size steps down until the
        content fits; if it does not fit even at the floor, the PDF keeps all the
        text on extra pages and the result says how many and how much to cut.
        """
        template = TEMPLATE_FILES.get(template_name, template_name)
        self._root.add_files(files)
        defaults = FORMAT_DEFAULTS.get(str(data.get("format", "")))
        policy = fit.merged(defaults) if fit is not None else None
        base = _with_dates(data)
        if policy is None or not policy.max_pages:
            start = defaults.start if defaults and defaults.start else 11.0
            size = float(base.get("font_size") or start)
            if defaults and defaults.minimum and size < defaults.minimum:
                size = start
            trial = self._trial(template, base, size, "sections")
            return RenderResult(trial.pdf, trial.pages, size, warnings=trial.warnings)

        max_pages = policy.max_pages
        sizes = policy.sizes()
        tried: dict[tuple[str, float], Trial] = {}

        def attempt(layout: str):
            def run(size: float) -> Trial:
                key = (layout, size)
                if key not in tried:
                    tried[key] = self._trial(template, base, size, layout)
                return tried[key]
            return run

        # First keep the sections on their pages (key points front, the rest
        # back) down to sections_floor; then let the text flow over both pages.
        hint = None
        if policy.sections_floor is not None:
            seg = [s for s in sizes if s >= policy.sections_floor] or sizes[:1]
            found = search(seg, attempt("sections"), max_pages, estimate=False, give_up=True)
            if found is not None:
                return self._result(found, len(tried))
            first = tried.get(("sections", seg[0]))
            hint = first.as_flow() if first is not None else None
        found = search(sizes, attempt("flow"), max_pages, hint=hint)
        if found is not None:
            return self._result(found, len(tried))
        last = attempt("flow")(sizes[-1])
        return self._result(last, len(tried), overflow=last.pages - max_pages,
                            cut=words_to_cut(count_words(base), last, max_pages))

    # ------------------------------------------------------------ internals

    def _result(self, trial: Trial, trials: int, overflow: int = 0, cut: int = 0) -> RenderResult:
        return RenderResult(trial.pdf, trial.pages, trial.size, overflow, cut, trial.layout, trials, trial.warnings)

    def _trial(self, template: str, data: dict[str, Any], size: float, layout: str) -> Trial:
        payload = dict(data, font_size=size, page_layout=layout)
        pdf, warnings = self._compile(template, payload)
        pages = pdf_page_count(pdf)
        need, text, front = self._end_marker()
        return Trial(size, layout, pdf, pages, need, text, warnings, front)

    def _compile(self, template: str, data: dict[str, Any]) -> tuple[bytes, tuple[str, ...]]:
        # render() brought the root up to date (add_files): not scanned again for each trial
        root = self._root.path or self._root.current()
        path = root / template
        if not path.is_file():
            raise PdfTemplateError(None, None, None, f"template not found: {template} (looked in "
                                   + ", ".join(str(d) for d in self.search_dirs) + ")")
        inputs = {"data": json.dumps(data, ensure_ascii=False, sort_keys=True)}
        _claim_typst()
        try:
            pdf, warnings = self._compiler.compile_with_warnings(
                input=str(path), root=str(root), sys_inputs=inputs, format="pdf",
                timestamp=_timestamp(data))
        except typst.TypstError as error:
            raise self._template_error(error, template) from None
        self._refuse_unknown_fonts(warnings)
        return pdf, tuple(self._warning_text(w) for w in warnings)

    def _refuse_unknown_fonts(self, warnings: Sequence[Any]) -> None:
        """A font the template names but no folder has would print the text in another font or
        not at all: that PDF is never written."""
        for warning in warnings:
            unknown = _UNKNOWN_FONT.search(getattr(warning, "message", "") or "")
            if unknown:
                file, line, column = self._locate(getattr(warning, "diagnostic", "") or "")
                raise PdfFontMissing(file, line, column, unknown.group(1).strip())

    def _end_marker(self) -> tuple[float | None, float | None, float | None]:
        """need, text and front from the template's <tt-end> markers (None where absent)."""
        try:
            found = json.loads(self._compiler.query("<tt-end>", field="value"))
        except (typst.TypstError, ValueError):
            return None, None, None
        ends = [m for m in found if isinstance(m, dict) and m.get("kind", "end") == "end"]
        fronts = [m for m in found if isinstance(m, dict) and m.get("kind") == "front"]
        need = _number(ends[-1].get("need")) if ends else None
        text = _number(ends[-1].get("text")) if ends else None
        front = _number(fronts[-1].get("need")) if fronts else None
        return need, text, front

    def _template_error(self, error: typst.TypstError, template: str) -> PdfTemplateError:
        file, line, column = self._locate(getattr(error, "diagnostic", "") or "")
        message = getattr(error, "message", "") or str(error)
        hints = list(getattr(error, "hints", []) or [])
        return PdfTemplateError(file or str(self._root.sources.get(template, template)), line, column,
                                message, hints)

    def _locate(self, diagnostic: str) -> tuple[str | None, int | None, int | None]:
        match = _LOCATION.search(diagnostic)
        if not match:
            return None, None, None
        return self._root.source_of(match.group(1).strip()), int(match.group(2)), int(match.group(3))

    def _warning_text(self, warning: Any) -> str:
        file, line, column = self._locate(getattr(warning, "diagnostic", "") or "")
        where = ":".join(str(x) for x in (file, line, column) if x is not None)
        message = getattr(warning, "message", str(warning))
        return f"{where}: {message}" if where else message


_LOCATION = re.compile(r"┌─ (.+?):(\d+):(\d+)")
_TYPE_PAGES = re.compile(rb"/Type\s*/Pages\b")
_COUNT = re.compile(rb"/Count\s+(\d+)")


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF without parsing it: the root /Pages node's /Count (the page tree's
    nodes are found by their type, then read between their << and >>)."""
    counts = []
    for found in _TYPE_PAGES.finditer(pdf):
        start, end = pdf.rfind(b"<<", 0, found.start()), pdf.find(b">>", found.end())
        node = pdf[start:end] if start >= 0 and end >= 0 else b""
        count = _COUNT.search(node) if b"<<" not in node[2:] else None     # skip nested dictionaries
        if count:
            counts.append(int(count.group(1)))
    if counts:
        return max(counts)
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and value > 0 else None


def _with_dates(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of `data` whose pdf_date never depends on the clock: the data's own,
    else SOURCE_DATE_EPOCH, else none (the PDF then carries no date)."""
    out = dict(data)
    if not _valid_date(out.get("pdf_date")):
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            day = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
            out["pdf_date"] = [day.year, day.month, day.day]
        else:
            out["pdf_date"] = None
    return out


def _valid_date(value: Any) -> bool:
    if not (isinstance(value, (list, tuple)) and len(value) == 3):
        return False
    try:
        dt.date(*(int(v) for v in value))
    except (TypeError, ValueError):
        return False
    return True


def _timestamp(data: dict[str, Any]) -> int:
    """Typst's "now" (datetime.today() in a template) pinned to the document date."""
    value = data.get("pdf_date")
    if _valid_date(value):
        return int(dt.datetime(*(int(v) for v in value), tzinfo=dt.timezone.utc).timestamp())
    return 0
