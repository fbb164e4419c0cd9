"""Files of another kind than Typst's made by the PDF workers (builders/pdf_worker.py, MAKERS): the
lecturer's PPTX is handed off like a PDF, made where the PDFs render (an edit's on the print
worker, a cold build's on every core) from the slides' data, and cached by that data."""
from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from generator import pipeline
from generator.builders import pdf_worker
from generator.builders.base import BuildOptions
from generator.builders.lecture.pptx_slides import pptx_bytes
from generator.builders.lecture.slide import Bullet, Slide, deck_data
from generator.builders.pdf_jobs import PdfJob, job_args, print_template_dirs
from generator.builders.print_worker import PrintWorker
from generator.fonts import font_dirs
from generator.session import BuildSession

from conftest import make_site, manifest, tree_bytes

REPO = Path(__file__).resolve().parent.parent
DECK = [Slide("title", "Nghị quyết số 57-NQ/TW", subtitle=("57-NQ/TW · Bộ Chính trị", "Huyện Tam Đường")),
        Slide("points", "Điểm mới", bullets=(Bullet(1, "Khoa học, công nghệ là đột phá quan trọng hàng đầu."),
                                             Bullet(None, "Phần tiếp theo của ý.")), notes="1. Toàn văn ý thứ nhất")]
DAY = dt.date(2024, 12, 22)


def deck_job(data: dict[str, Any]) -> PdfJob:
    return PdfJob("nq-57/nq-57-vi-bai-giang.pptx", "slides-pptx", "nq-57", "vi", "slides.pptx", data)


def slide_titles(pptx: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(pptx))
    return [" ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame).split("\n")[0]
            for slide in deck.slides]


@pytest.fixture
def worker(tmp_path: Path):
    content = make_site(tmp_path)
    started = PrintWorker(print_template_dirs(content), font_dirs(content), BuildSession())
    yield started
    started.stop(wait=True)


def test_the_print_worker_makes_the_same_deck_as_this_process(worker: PrintWorker) -> None:
    data = deck_data(DECK, "Nghị quyết số 57-NQ/TW", "Trung tâm Văn hóa", "vi-VN", DAY)
    (made, _, _, _, _), = worker.send([job_args(deck_job(data))]).result()
    here = pptx_bytes(DECK, "Nghị quyết số 57-NQ/TW", "Trung tâm Văn hóa", "vi-VN", DAY)
    assert made == here
    assert slide_titles(made)[0].startswith("Nghị quyết số 57-NQ/TW")
    assert Presentation(io.BytesIO(made)).slides[1].notes_slide.notes_text_frame.text == "1. Toàn văn ý thứ nhất"


def test_a_failing_deck_job_raises_in_the_build_what_it_raises_here(worker: PrintWorker) -> None:
    broken = {**deck_data(DECK, "t", "a", "vi-VN", DAY), "day": "22/12/2024"}
    with pytest.raises(ValueError) as here:
        pdf_worker.made("slides.pptx", json.dumps(broken))
    answer = worker.send([job_args(deck_job(broken))])
    with pytest.raises(ValueError) as there:
        answer.result()
    assert str(there.value) == str(here.value)
    # The worker goes on with the next job.
    good = deck_data(DECK, "t", "a", "vi-VN", DAY)
    assert worker.send([job_args(deck_job(good))]).result()[0][0] == pptx_bytes(DECK, "t", "a", "vi-VN", DAY)


@pytest.fixture
def decks_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The title of every deck made in this process (a build with --jobs 1 makes them here)."""
    titles: list[str] = []
    original = pdf_worker.made

    def counted(maker: str, data_json: str) -> bytes:
        titles.append(json.loads(data_json)["title"])
        return original(maker, data_json)
    monkeypatch.setattr(pdf_worker, "made", counted)
    return titles


def build(content: Path, output: Path, cache: Path) -> pipeline.BuildResult:
    session = BuildSession()
    try:
        return pipeline.build(content, output, BuildOptions(no_audio=True, jobs=1, cache_dir=cache), session=session)
    finally:
        session.close()


def test_a_deck_whose_data_did_not_change_comes_from_the_cache(tmp_path: Path, decks_made: list[str]) -> None:
    content = make_site(tmp_path)
    cache = tmp_path / "cache"
    first = tmp_path / "a" / "output"
    build(content, first, cache)
    decks = {a["path"] for a in manifest(first)["artifacts"] if a["kind"] == "slides-pptx"}
    assert len(decks_made) == len(decks) == 3           # nq-57 vi and hmn, ct-05 vi
    # Another output folder (nothing to reuse there), the same cache: no deck made again.
    decks_made.clear()
    second = tmp_path / "b" / "output"
    build(content, second, cache)
    assert decks_made == []
    assert tree_bytes(second) == tree_bytes(first)
    # An edit of one summary's slide text: its deck alone is made again, with the new text.
    summary = content / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai, bổ sung"),
                       encoding="utf-8")
    build(content, second, cache)
    assert decks_made == ["Chỉ thị số 05-CT/TW về học tập"]
    deck = Presentation(str(second / "ct-05" / "ct-05-vi-bai-giang.pptx"))
    assert "Ý thứ hai, bổ sung" in " ".join(shape.text_frame.text for slide in deck.slides
                                             for shape in slide.shapes if shape.has_text_frame)


def test_the_deck_maker_imports_nothing_of_the_build() -> None:
    """A PDF worker imports the maker's module: python-pptx, not the model, the loader or the builders."""
    code = ("import json, sys, generator.builders.pdf_worker as w; w.import_makers(); "
            "print(json.dumps([m for m in sys.modules if m.startswith('generator')]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    assert "generator.builders.lecture.pptx_slides" in loaded
    assert not loaded & {"generator.content", "generator.builders.base", "generator.builders.lecture.kit",
                         "generator.builders.lecture.builder", "generator.load"}
