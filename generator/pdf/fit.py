"""Fitting a leaflet onto its pages: type sizes to try, and what a render reports."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable


@dataclass(frozen=True)
class FitPolicy:
    """Body type sizes to try (pt) and the page limit.

    Sizes run start, start-step, ... down to floor (defaults 11, 9, 0.5). Fields left None take the
    format's default (FORMAT_DEFAULTS), so `FitPolicy(max_pages=2)` is enough.
    `sections_floor`: down to this size a leaflet keeps "key points on the
    front, the rest on the back"; if that does not fit, the text flows freely
    across both pages (sizes from start again). None: the template always flows.
    """
    start: float | None = None
    floor: float | None = None
    step: float | None = None
    max_pages: int | None = None
    sections_floor: float | None = None
    minimum: float | None = None    # large print: a smaller size in the data is replaced by `start`

    def sizes(self) -> list[float]:
        start, step = self.start or 11.0, self.step or 0.5
        floor = min(self.floor or 9.0, start)
        count = max(0, int(round((start - floor) / step)))
        return [round(start - i * step, 2) for i in range(count + 1)]

    def merged(self, defaults: FitPolicy | None) -> FitPolicy:
        """This policy with its None fields taken from `defaults`."""
        if defaults is None:
            return self
        return replace(defaults, **{k: v for k, v in vars(self).items() if v is not None})


# Per format: body sizes and page limit. The trifold's 75 mm panels go to 8.5 pt.
FORMAT_DEFAULTS: dict[str, FitPolicy] = {
    "leaflet-a4": FitPolicy(start=11, floor=9, step=0.5, max_pages=2, sections_floor=10),
    "leaflet-a5": FitPolicy(start=11, floor=9, step=0.5, max_pages=2, sections_floor=10),
    "leaflet-trifold": FitPolicy(start=10.5, floor=8.5, step=0.5, max_pages=2),
    "study-sheet": FitPolicy(start=11),
    "loudspeaker-print": FitPolicy(start=17, minimum=16),
}


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    pages: int
    font_size: float
    overflow_pages: int = 0     # pages beyond the limit at the smallest size (0: it fits)
    words_to_cut: int = 0       # estimate of words to remove so that it fits (0: it fits)
    layout: str = "sections"    # "sections" or "flow" (see FitPolicy.sections_floor)
    trials: int = 1             # compilations made to find the size
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Trial:
    """One compilation at one size and layout."""
    size: float
    layout: str
    pdf: bytes
    pages: int
    need: float | None          # pages the content needs (fractional), from the template's end marker
    text: float | None          # of which flowing text
    warnings: tuple[str, ...] = ()
    front: float | None = None  # where the front page's text ended (sections layout)

    def as_flow(self) -> Trial:
        """This sections-layout trial as a guess of the flowing layout: without the
        room the page break before the back page left empty."""
        if self.need is None or self.front is None:
            return self
        waste = math.ceil(self.front) - self.front
        return replace(self, need=self.need - waste, layout="flow")


# Pages needed grow about as size ** GROWTH (measured on the default templates:
# lines get longer and taller, but the QR band and rules keep their size).
GROWTH = 1.8
# A guess may be this much (pt) above the size GROWTH predicts: the need read from an
# overflowing trial counts the QR band that spilled over whole, so the prediction runs
# small. Only the order of the trials changes, never the size found (measured on the
# example site and the benchmark's corpus: 1.27 -> 1.22 and 1.33 -> 1.27 compilations per PDF).
GUESS_SLACK = 0.15


def search(sizes: list[float], attempt: Callable[[float], Trial], max_pages: int, *,
           estimate: bool = True, hint: Trial | None = None, give_up: bool = False) -> Trial | None:
    """The largest size in `sizes` (descending) whose trial fits, or None.

    Fitting is monotone in the size, so this is a binary search; with
    `estimate`, each probe is instead guessed from how many pages the last
    trial needed (see GROWTH). Without a `hint` the first probe is the start
    size, so content that fits costs one compilation.
    `give_up`: stop at a failure that needed far more room than the sizes can give.
    """
    lo, hi, best = -1, len(sizes), None          # sizes[lo] fails, sizes[hi] fits (-1 / len: unknown)
    guess = _guess(sizes, hint, max_pages) if (estimate and hint is not None) else 0
    while hi - lo > 1:
        probe = min(max(guess, lo + 1), hi - 1) if guess is not None else max(0, (lo + hi) // 2)
        trial = attempt(sizes[probe])
        if trial.pages <= max_pages:
            hi, best = probe, trial
            guess = _guess(sizes, trial, max_pages) if estimate else None
        else:
            if give_up and hopeless(sizes, trial, max_pages):
                return best
            lo = probe
            guess = _guess(sizes, trial, max_pages) if estimate else None
    return best


def hopeless(sizes: list[float], trial: Trial, max_pages: int) -> bool:
    """True when a failed trial needed so much room that even the last size will not do."""
    if not trial.need or trial.need <= max_pages:
        return False
    return trial.size * (max_pages / trial.need) ** (1 / GROWTH) < sizes[-1] - 0.25


def _guess(sizes: list[float], trial: Trial | None, max_pages: int) -> int | None:
    """Index of the largest size the trial's need suggests will fit."""
    if trial is None or not trial.need:
        return None
    target = trial.size * (max_pages / trial.need) ** (1 / GROWTH)
    for index, size in enumerate(sizes):
        if size <= target + GUESS_SLACK:
            return index
    return len(sizes) - 1


def words_to_cut(words: int, trial: Trial, max_pages: int) -> int:
    """How many words to remove for the content to fit (an estimate, rounded up)."""
    if trial.pages <= max_pages:
        return 0
    need = trial.need if trial.need and trial.need > 0 else float(trial.pages)
    text = trial.text if trial.text and trial.text > 0 else need
    excess = max(need - max_pages, 0.05)        # at least a few lines: it did spill
    return max(1, math.ceil(words * excess / text * 1.1))


def count_words(data: dict[str, Any]) -> int:
    """Words of the flowing text: summary, lead and the printed sections."""
    return sum(len(t.split()) for t in _texts(data))


def _texts(data: dict[str, Any]) -> Iterable[str]:
    if isinstance(data.get("summary"), str):
        yield data["summary"]
    yield from _block_texts(data.get("lead") or [])
    for section in data.get("sections") or []:
        if section.get("key") == "questions":
            continue
        yield section.get("title") or ""
        for point in section.get("points") or []:
            yield from _block_texts(point.get("blocks") or [])


def _block_texts(blocks: list[dict[str, Any]]) -> Iterable[str]:
    for block in blocks:
        kind = block.get("type")
        if kind == "paragraph":
            yield from (r.get("text", "") for r in block.get("runs") or [])
        elif kind == "list":
            for item in block.get("items") or []:
                yield from _block_texts(item)
        elif kind == "quote":
            yield from _block_texts(block.get("blocks") or [])
        elif kind == "table":
            for row in [block.get("header") or [], *(block.get("rows") or [])]:
                for cell in row:
                    yield from (r.get("text", "") for r in cell)
        elif kind == "image":
            # A printed photo shows its caption (title, else alt text); its picture is fixed room.
            printed = block.get("print") and block.get("title")
            yield (block.get("title") if printed else block.get("alt")) or ""
