"""One builder interface: every builder goes through Builder.run(), which reuses unchanged
items and runs what they hand off (PDFs, external programs) in parallel (builders/handoffs.py)."""
from __future__ import annotations

import importlib
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

from generator import pipeline
from generator.builders.base import BuildOptions, Builder, SummaryBuilder
from generator.builders.pdf_jobs import PdfJob
from generator.content.model import Resolution
from generator.diagnostics import warning
from generator.machinery.buildstate import STATE_FILE
from generator.pdf.sample import sample_data

from conftest import manifest, write
from test_architecture import modules


def builder_classes() -> list[type[Builder]]:
    """Every subclass of Builder in generator/builders/ (and wherever else one is imported)."""
    for name in modules():
        if name.startswith("generator.builders"):
            importlib.import_module(name)
    found, todo = [], [Builder]
    while todo:
        for subclass in todo.pop().__subclasses__():
            found.append(subclass)
            todo.append(subclass)
    return found


def run_overrides(classes: list[type]) -> list[str]:
    """The classes that define run() themselves (their own pools, reuse, progress)."""
    return sorted(cls.__qualname__ for cls in classes if "run" in vars(cls))


def test_no_builder_overrides_run() -> None:
    classes = builder_classes()
    assert {c.__name__ for c in classes} >= {"LeafletBuilder", "LoudspeakerBuilder", "ImagesBuilder",
                                             "ScheduleBuilder", "LectureBuilder", "SiteBuilder"}
    assert run_overrides([c for c in classes if c.__module__.startswith("generator.")]) == []


def test_the_run_check_finds_an_override() -> None:
    class OwnPool(Builder):
        def run(self) -> None:
            pass

    class Inherits(OwnPool):
        pass

    assert run_overrides([OwnPool, Inherits]) == [OwnPool.__qualname__]


# ---------------------------------------------------------------- a builder that hands off work

CALLS: list[str] = []          # (test only) the program calls that really ran


class Toy(SummaryBuilder):
    """Per summary: a text here, a PDF and a program's output handed off."""

    name = "toy"
    expensive = True

    def item_inputs(self, item: tuple[Resolution, str]) -> Any:
        res, lang = item
        return res.summaries[lang].source_hash

    def build_item(self, item: tuple[Resolution, str]) -> None:
        res, lang = item
        title = res.summaries[lang].title
        self.ctx.staging.write_text(f"toy/{lang}-{res.slug}.txt", title, kind="toy-text", slug=res.slug, lang=lang)
        self.render_pdf(PdfJob(f"toy/{lang}-{res.slug}.pdf", "leaflet-a4", res.slug, lang, "a4.typ",
                               dict(sample_data("leaflet-a4"), title=title), max_pages=2))
        self.call_program(lambda: self.program(f"{lang}/{res.slug}"), lambda made: self.write_made(res, lang, made))

    def program(self, name: str) -> bytes:
        CALLS.append(name)
        return subprocess.run(["echo", name], capture_output=True, check=True).stdout

    def write_made(self, res: Resolution, lang: str, made: bytes) -> None:
        self.ctx.problems.append(warning(res.summaries[lang].path, 1, "no-espeak"))   # remembered with the item
        self.ctx.staging.write_bytes(f"toy/{lang}-{res.slug}.out", made, kind="toy-out", slug=res.slug, lang=lang)


@pytest.fixture
def toy_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "BUILDERS", [pipeline.Registered("toy", f"{__name__}:Toy")])
    CALLS.clear()


def toy_options(tmp_path: Path, **more: Any) -> BuildOptions:
    return BuildOptions(cache_dir=tmp_path / ".cache", only=frozenset({"toy"}), **more)


def test_handed_off_work_is_part_of_its_item_and_reused_with_it(tmp_path: Path, site_dir: Path,
                                                                toy_pipeline: None) -> None:
    output = tmp_path / "output"
    first = pipeline.build(site_dir, output, toy_options(tmp_path))
    kinds = {(a["path"], a["kind"], a["slug"], a["lang"]) for a in manifest(output)["artifacts"]}
    for lang, slug in (("vi", "nq-57"), ("hmn", "nq-57"), ("vi", "ct-05")):
        assert {(f"toy/{lang}-{slug}.txt", "toy-text", slug, lang), (f"toy/{lang}-{slug}.pdf", "leaflet-a4", slug, lang),
                (f"toy/{lang}-{slug}.out", "toy-out", slug, lang)} <= kinds
        assert (output / f"toy/{lang}-{slug}.out").read_text(encoding="utf-8") == f"{lang}/{slug}\n"
    text = subprocess.run(["pdftotext", str(output / "toy/vi-ct-05.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Chỉ thị số 05-CT/TW" in " ".join(text.split())
    assert sorted(CALLS) == ["hmn/nq-57", "vi/ct-05", "vi/nq-57"]
    assert sum(p.code == "no-espeak" for p in first.problems) == 3

    inodes = {path: (output / path).stat().st_ino for path in ("toy/vi-nq-57.pdf", "toy/vi-nq-57.out",
                                                               "toy/vi-ct-05.pdf", "toy/vi-ct-05.out")}
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai đã sửa"))
    CALLS.clear()
    second = pipeline.build(site_dir, output, toy_options(tmp_path))
    assert CALLS == ["vi/ct-05"]                        # the unchanged items' programs did not run again
    for path in ("toy/vi-nq-57.pdf", "toy/vi-nq-57.out"):
        assert (output / path).stat().st_ino == inodes[path]        # linked from the previous build
    for path in ("toy/vi-ct-05.pdf", "toy/vi-ct-05.out"):
        assert (output / path).stat().st_ino != inodes[path]
    # The reused items say the warning their program call raised, as when they were built.
    assert sum(p.code == "no-espeak" for p in second.problems) == 3


def test_program_calls_run_in_parallel(tmp_path: Path, site_dir: Path, toy_pipeline: None,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Three items' calls meet at a barrier: one after the other, the first would wait alone."""
    barrier = threading.Barrier(3, timeout=20)

    def program(self: Toy, name: str) -> bytes:
        barrier.wait()
        return name.encode()
    monkeypatch.setattr(Toy, "program", program)
    pipeline.build(site_dir, tmp_path / "output", toy_options(tmp_path, jobs=3))
    assert not barrier.broken


def test_a_forked_item_cannot_hand_off_work(tmp_path: Path, site_dir: Path, toy_pipeline: None,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Its PDFs would be lost with the worker process: an error, never a silent gap."""
    monkeypatch.setattr(Toy, "forkable", True)
    with pytest.raises(RuntimeError, match="handed off only"):
        pipeline.build(site_dir, tmp_path / "output", toy_options(tmp_path))
    assert not (tmp_path / "output").exists()


def test_a_first_build_fingerprints_each_item_where_it_is_built(tmp_path: Path, site_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """No item of a first build can be reused: the parent asks reuse() of none of the pages it forks
    (their fingerprints are made in the workers), and the build state holds the fingerprints a
    check before the workers would have made."""
    from generator.machinery import forked
    from generator.machinery.cache_seal import read_json
    monkeypatch.setattr(forked, "MIN_ITEMS", 2)
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    asked: list[str] = []
    reuse = Builder.reuse

    def counted(self: Builder, key: str | None, inputs: Any) -> tuple[bool, str | None]:
        asked.append(f"{self.name}:{key}")
        return reuse(self, key, inputs)

    def state_after(name: str) -> dict[str, Any]:
        options = BuildOptions(cache_dir=tmp_path / name / ".cache", no_audio=True, jobs=2, only=frozenset({"site"}))
        pipeline.build(site_dir, tmp_path / name / "output", options)
        return read_json(tmp_path / name / ".cache" / STATE_FILE)["items"]
    with monkeypatch.context() as patched:
        patched.setattr(Builder, "reuse", counted)
        first = state_after("first")
    assert "site:vi/nq-57" in first and "site:vi/nq-57" not in asked
    with monkeypatch.context() as patched:
        patched.setattr(Builder, "_never_made", lambda self, key: False)
        checked_before = state_after("checked")
    assert {key: entry[0] for key, entry in first.items()} == \
        {key: entry[0] for key, entry in checked_before.items()}         # [fingerprint, files, …]
