"""A rebuild of the site after an edit imports what it uses (issue 13): the spoken-form engine and
the recordings' comparison with today's script only for a page with a recording. Each build here
runs in a new process, so that what is imported late is imported, and right, when first used."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, Page, imported_by_a_build, make_site, standard_resolution
from test_recordings import quiet_recording

SPOKEN_ENGINE = "generator.spoken.engine"
RECORDINGS = "generator.loudspeaker.recordings"


def _site_built_in_a_new_process(content: Path, output: Path, only: str = "site") -> dict[str, bool]:
    """`build --only site --no-audio` (or `--only` these builders, with audio) run by a new
    interpreter; which of the two modules it imported."""
    argv = ["build", "--content", str(content), "--output", str(output), "--only", only, "--quiet", "--lang", "en",
            *(["--no-audio"] if only == "site" else [])]
    return imported_by_a_build(argv, [SPOKEN_ENGINE, RECORDINGS])


def _edit(summary: Path, old: str, new: str) -> None:
    text = summary.read_text(encoding="utf-8")
    assert old in text
    summary.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_of_a_site_without_recordings_loads_no_spoken_rules(tmp_path: Path) -> None:
    content, output = make_site(tmp_path), tmp_path / "output"
    _site_built_in_a_new_process(content, output)
    _edit(content / "resolutions" / "nq-57" / "vi.md", "Ý thứ hai", "Ý thứ hai, ban biên tập vừa bổ sung")
    imported = _site_built_in_a_new_process(content, output)
    assert "Ý thứ hai, ban biên tập vừa bổ sung" in Page(output / "nq-57" / "index.html").text
    assert imported == {SPOKEN_ENGINE: False, RECORDINGS: False}


def test_a_page_with_a_recording_compares_it_with_the_script_in_a_new_process(tmp_path: Path) -> None:
    """The recordings' module and the spoken rules, imported by the first page that has a
    recording: the byline, then, after its summary changed, the notice that it reads the old text."""
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57", hmn=True)})
    folder = content / "resolutions" / "nq-57"
    shutil.copy(quiet_recording(tmp_path / "made", "hmn.loa.wav")[0], folder / "hmn.loa.wav")
    marked = subprocess.run([sys.executable, "-m", "generator", "recordings", "mark", "nq-57", "hmn",
                             "--reader", "Giàng A Pao", "--content", str(content)], cwd=REPO,
                            capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1736121600"})
    assert marked.returncode == 0, marked.stderr
    output = tmp_path / "output"

    # The page's fingerprint says whether the recording reads today's script: the site imports them.
    assert _site_built_in_a_new_process(content, output) == {SPOKEN_ENGINE: True, RECORDINGS: True}
    _site_built_in_a_new_process(content, output, only="loudspeaker,site")       # the audio the byline sits by
    page = Page(output / "hmn" / "nq-57" / "index.html").text
    assert "Tus nyeem: Giàng A Pao, kaw suab hnub 06/01/2025" in page and "tsab qub" not in page

    _edit(folder / "hmn.md", "Ntsiab lus ib", "Ntsiab lus ob tshiab")
    _site_built_in_a_new_process(content, output, only="loudspeaker,site")
    assert "Lub suab kaw no nyeem tsab qub" in Page(output / "hmn" / "nq-57" / "index.html").text
