"""Windows' 260 characters (path_lengths.py): a build into a folder so deep that its longest file
would pass them stops before writing anything, naming that file and how much to shorten.
Windows is simulated (path_lengths.on_windows); the paths are this machine's."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator import path_lengths, pipeline
from generator.builders.base import BuildOptions
from generator.cli import main
from generator.load import load_site

from conftest import EXAMPLE_CONTENT, SITE_YAML, make_site, standard_resolution

SLUG = "nq-57"


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(path_lengths, "on_windows", lambda: True)


def deep_folder(root: Path, length: int) -> Path:
    """A folder whose absolute path is `length` characters long (folders of 50 characters at most)."""
    folder = Path(os.path.abspath(root))
    while len(str(folder)) < length:
        folder = folder / ("d" * min(50, length - len(str(folder)) - 1))
    assert len(str(folder)) == length
    return folder


def build(content: Path, output: Path, *selection: str) -> int:
    return main(["build", "--content", str(content), "--output", str(output), *(selection or ("--only", "site")), "-q"])


def test_an_output_folder_too_deep_for_windows_is_refused_before_anything_is_written(
        tmp_path: Path, site_dir: Path, windows: None, capsys: pytest.CaptureFixture[str]) -> None:
    output = deep_folder(tmp_path, 200) / "output"
    assert build(site_dir, output) == 1
    assert not output.parent.exists()                   # nothing written, not even a work folder
    err = capsys.readouterr().err
    assert "error: Trên Windows, đường dẫn của một tệp phải ngắn hơn 260 ký tự" in err
    # Where the longest files go: the Hmong downloads' folder, and the name to shorten (the slug).
    assert f"thư mục '{output / 'hmn' / SLUG}'" in err and f"rút ngắn tên '{SLUG}'" in err
    assert "--output C:\\tuyentruyen\\output" in err and "ít nhất" in err


def test_the_shortening_said_is_enough(tmp_path: Path, site_dir: Path, windows: None,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    deep = deep_folder(tmp_path, 200)
    assert build(site_dir, deep / "output") == 1
    over = int(capsys.readouterr().err.split("ít nhất ")[1].split()[0])
    assert build(site_dir, deep_folder(tmp_path / "s", len(str(deep)) - over) / "output") == 0
    assert build(site_dir, deep_folder(tmp_path / "t", len(str(deep)) - over + 1) / "output") == 1


def test_a_page_the_site_shows_in_vietnamese_in_another_language_counts(
        tmp_path: Path, windows: None, capsys: pytest.CaptureFixture[str]) -> None:
    """A language that shows untranslated resolutions in Vietnamese (fallback: source) has their
    pages in its folder: the longest is there, though the resolution has no summary in it."""
    untranslated = "ct-05-hoc-tap-va-lam-theo-tu-tuong-dao-duc"
    content = make_site(tmp_path, {
        SLUG: standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học", hmn=True),
        untranslated: standard_resolution("05-CT/TW", "2016-05-15", "Chỉ thị số 05-CT/TW về học tập")},
        site_yaml=SITE_YAML.replace("    name: Hmoob\n", "    name: Hmoob\n    fallback: source\n"))
    output = deep_folder(tmp_path, 200) / "output"
    assert build(content, output) == 1
    assert f"thư mục '{output / 'hmn' / untranslated}'" in capsys.readouterr().err


def test_elsewhere_than_windows_nothing_is_refused(tmp_path: Path, site_dir: Path) -> None:
    assert build(site_dir, deep_folder(tmp_path, 200) / "output") == 0


def test_a_folder_that_fits_only_without_audio_is_refused_only_with_it(
        tmp_path: Path, site_dir: Path, windows: None, capsys: pytest.CaptureFixture[str]) -> None:
    """The bound is the longest file of the builders this build runs: with --no-audio the
    loudspeaker's longest is its print sheet (-loa.pdf), not an audio part (-loa-phan-N.opus)."""
    loudspeaker, silent = ("--only", "loudspeaker"), ("--only", "loudspeaker", "--no-audio")
    deep = deep_folder(tmp_path, 200)
    assert build(site_dir, deep / "output", *silent) == 1
    over = int(capsys.readouterr().err.split("ít nhất ")[1].split()[0])
    fits = deep_folder(tmp_path / "s", len(str(deep)) - over) / "output"
    assert build(site_dir, fits, *silent) == 0
    assert (fits / "hmn" / SLUG / f"{SLUG}-hmn-loa.pdf").is_file()
    capsys.readouterr()
    assert build(site_dir, fits, *loudspeaker) == 1                    # the audio's names are longer
    assert f"thư mục '{fits / 'hmn' / SLUG}'" in capsys.readouterr().err
    deeper = deep_folder(tmp_path / "t", len(str(deep)) - over + 1) / "output"
    assert build(site_dir, deeper, *silent) == 1                       # one character more
    err = capsys.readouterr().err
    assert f"thư mục '{deeper / 'hmn' / SLUG}'" in err and "ít nhất 1 ký tự" in err
    assert not deeper.parent.exists()


@pytest.mark.parametrize("only", [None, *(registered.name for registered in pipeline.BUILDERS)])
def test_no_file_a_build_writes_is_longer_than_what_the_check_expects(example_site: Path, tmp_path: Path,
                                                                      only: str | None) -> None:
    """The check's bound (the longest download and asset name of each resolution, of the builders
    the build runs) holds for every file of the example's build, whichever builder alone, and is
    near it (not so generous that it refuses workable folders): the longest file of a build
    without audio is a download, exactly as long; of the site alone, a photo's variant (its
    width's digits bounded)."""
    options = BuildOptions(no_audio=True, only=frozenset({only}) if only else None)
    output = example_site
    if only:
        output = tmp_path / "output"
        pipeline.build(EXAMPLE_CONTENT, output, options)
    site, _ = load_site(EXAMPLE_CONTENT)
    builders = [registered.builder() for registered in pipeline.BUILDERS if registered.runs(options)]
    expected = max((len(path) for path, _, _ in path_lengths.longest_paths(site, builders, options)), default=0)
    written = max((len(artifact["path"]) for artifact in
                   json.loads((output / "manifest.json").read_text(encoding="utf-8"))["artifacts"]
                   if artifact.get("slug")), default=0)
    assert expected == written if only is None else written <= expected <= written + 3


BRIEF_AND_QA = """
## Tóm tắt ngắn {#brief}

- Khoa học là đột phá hàng đầu.

## Hỏi – đáp {#qa}

### VNeID là gì?

Ứng dụng định danh điện tử.
"""


def test_a_resolution_a_builder_makes_nothing_of_does_not_bound_the_folder(
        tmp_path: Path, windows: None, capsys: pytest.CaptureFixture[str]) -> None:
    """The short version, its bulletin and the Q&A sheet are made only of a summary with that
    section (Builder.makes, as their items): a long slug without them does not hold the folder
    to files it never gets; the longest is the short slug's that has them."""
    without = "ct-05-hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach"
    with_them = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học")
    with_them["vi.md"] += BRIEF_AND_QA
    content = make_site(tmp_path, {SLUG: with_them,
                                   without: standard_resolution("05-CT/TW", "2016-05-15", "Chỉ thị số 05")})
    selection = ("--only", "brief,brief-loudspeaker,qa-sheet", "--no-audio")
    deep = deep_folder(tmp_path, 200)
    assert build(content, deep / "output", *selection) == 1
    err = capsys.readouterr().err
    assert f"thư mục '{deep / 'output' / SLUG}'" in err and without not in err
    over = int(err.split("ít nhất ")[1].split()[0])
    fits = deep_folder(tmp_path / "s", len(str(deep)) - over) / "output"
    assert build(content, fits, *selection) == 0
    assert sorted(p.name for p in (fits / SLUG).iterdir()) == [
        f"{SLUG}-vi-{name}" for name in ("hoi-dap.pdf", "loa-ngan.pdf", "loa-ngan.txt", "tom-tat-a5.pdf",
                                         "tom-tat-zalo.txt")]
    assert not (fits / without).exists()


@pytest.mark.parametrize("encoding", [("ffmpeg", ("mp3", "opus")), ("ffmpeg", ("mp3",)), ("sox", ("mp3",)),
                                      ("sox", ("wav",)), (None, ("wav",))])
def test_every_audio_file_is_within_the_bound_whatever_the_encoding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: tuple[str | None, tuple[str, ...]]) -> None:
    """The audio files write_audio names (a script in parts, and not; the short version's
    bulletin), in each encoding this machine's programs can give, are no longer than what the
    check bounds a build with audio by."""
    from generator.builders import loudspeaker
    from generator.builders.loudspeaker.audio import AudioPrograms, Encoding
    made = Encoding(*encoding)
    monkeypatch.setattr(AudioPrograms, "encoding", property(lambda programs: made))
    monkeypatch.setattr(AudioPrograms, "has_voice", lambda programs, voice: True)
    monkeypatch.setattr(AudioPrograms, "second_voice", lambda programs, voice: None)
    monkeypatch.setattr(loudspeaker, "_cached_speech", lambda cache, text, *rest, **kw: (
        {ext: text.encode() for ext in made.formats}, text))
    points = "".join(f"- Ý thứ {n} về khoa học, công nghệ và đổi mới sáng tạo ở thôn bản.\n" for n in range(40))
    long = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học")
    long["vi.md"] = long["vi.md"].replace("- Ý thứ hai\n", points) + BRIEF_AND_QA      # read in parts
    content = make_site(tmp_path, {SLUG: long}, site_yaml=SITE_YAML + "broadcast:\n  slot_minutes: 1\n")
    output = tmp_path / "output"
    assert build(content, output, "--only", "loudspeaker,brief-loudspeaker") == 0
    site, _ = load_site(content)
    options = BuildOptions(only=frozenset({"loudspeaker", "brief-loudspeaker"}))
    builders = [r.builder() for r in pipeline.BUILDERS if r.runs(options)]
    bound = max(len(path) for path, _, _ in path_lengths.longest_paths(site, builders, options))
    audio = [a["path"] for a in json.loads((output / "manifest.json").read_text(encoding="utf-8"))["artifacts"]
             if "audio" in a["kind"]]
    assert {path.rpartition(".")[2] for path in audio} == set(made.formats)
    assert any("-loa-phan-2." in path for path in audio) and any("-loa-ngan." in path for path in audio)
    assert max(len(path) for path in audio) <= bound
