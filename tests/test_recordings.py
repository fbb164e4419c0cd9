"""Human recordings as loudspeaker audio: trimmed, loudness-normalised, marked with the script they read."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import yaml

from generator.builders.base import BuildOptions
from generator.cli import main
from generator.pipeline import build

from conftest import Page, loudness, make_site, manifest, standard_resolution, watched_page

pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in ("ffmpeg", "sox", "espeak-ng")),
                                reason="ffmpeg, sox and espeak-ng make and measure the test recordings")

SPEECH = ("Kính thưa bà con. Sau đây là nội dung nghị quyết về phát triển khoa học, công nghệ. "
          "Bà con chú ý lắng nghe và thực hiện.")


def quiet_recording(folder: Path, name: str, lufs: float = -30.0, text: str = SPEECH) -> tuple[Path, float]:
    """Speech at `lufs` with a second of silence at each end, as a quiet home recording; and
    the length of the speech alone."""
    folder.mkdir(parents=True, exist_ok=True)
    speech = folder / "speech.wav"
    subprocess.run(["espeak-ng", "-v", "vi", "-w", str(speech), text], check=True, capture_output=True)
    level, _, _ = loudness(speech)
    target = folder / name
    subprocess.run(["sox", str(speech), "-r", "44100", str(target), "gain", f"{lufs - level:.2f}", "pad", "1", "1"],
                   check=True, capture_output=True)
    speech_seconds = loudness(speech)[2]
    speech.unlink()
    return target, speech_seconds


def entries(output: Path, kind: str) -> dict[tuple[str, str], list[Path]]:
    found: dict[tuple[str, str], list[Path]] = {}
    for e in manifest(output)["artifacts"]:
        if e["kind"] == kind:
            found.setdefault((e["slug"], e["lang"]), []).append(output / e["path"])
    return found


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    root = tmp_path_factory.mktemp("recordings")
    content = make_site(root, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57", hmn=True)})
    source, speech_seconds = quiet_recording(root / "made", "hmn.loa.wav")
    assert abs(loudness(source)[0] - (-30)) <= 0.5           # the test recording is what it claims
    shutil.copy(source, content / "resolutions" / "nq-57" / "hmn.loa.wav")
    output = root / "output"
    build(content, output, BuildOptions(cache_dir=root / "cache"))
    return content, output, speech_seconds


def test_a_quiet_recording_comes_out_at_the_target_loudness_and_trimmed(recorded) -> None:
    _, output, speech_seconds = recorded
    [audio] = entries(output, "loudspeaker-audio")[("nq-57", "hmn")]
    assert audio.name == "nq-57-hmn-loa.mp3"
    integrated, peak, seconds = loudness(audio)
    assert abs(integrated - (-16)) <= 1, integrated
    assert peak <= -1.5, peak
    # A second of silence each end became at most 0.3 s (MP3 adds a few ms of padding).
    assert speech_seconds - 0.1 <= seconds <= speech_seconds + 0.6 + 0.1, (seconds, speech_seconds)


def test_synthesised_audio_and_the_opus_copies_are_at_the_same_loudness(recorded) -> None:
    _, output, _ = recorded
    [synthesised] = entries(output, "loudspeaker-audio")[("nq-57", "vi")]
    opus = [path for paths in entries(output, "loudspeaker-audio-opus").values() for path in paths]
    assert sorted(p.name for p in opus) == ["nq-57-hmn-loa.opus", "nq-57-vi-loa.opus"]
    for audio in [synthesised, *opus]:
        integrated, peak, _ = loudness(audio)
        assert abs(integrated - (-16)) <= 1 and peak <= -1.2, (audio.name, integrated, peak)
    assert opus[0].stat().st_size < (opus[0].with_suffix(".mp3")).stat().st_size     # lighter on slow data


def test_the_hmong_page_plays_the_recording(recorded) -> None:
    _, output, _ = recorded
    page = Page(output / "hmn" / "nq-57" / "index.html")
    [player] = page.find_all("audio")
    sources = [(s["src"], s["type"]) for s in page.find_all("source") if s.get("type", "").startswith("audio/")]
    assert sources == [("nq-57-hmn-loa.opus", "audio/ogg; codecs=opus"), ("nq-57-hmn-loa.mp3", "audio/mpeg")]
    assert all((output / "hmn" / "nq-57" / src).is_file() for src, _ in sources)
    assert "nq-57-hmn-loa.mp3" in {url for _, _, url in page.links}          # the MP3 to download


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_mark_then_change_a_sentence_check_names_it_and_the_page_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736121600")          # 2025-01-06
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57", hmn=True)})
    folder = content / "resolutions" / "nq-57"
    quiet_recording(tmp_path / "made", "hmn.loa.wav")
    shutil.copy(tmp_path / "made" / "hmn.loa.wav", folder / "hmn.loa.wav")

    code, said = run(capsys, "check", "--content", str(content), "--fast", "--lang", "en")
    assert code == 0 and "has not been marked" in said and "recordings mark nq-57 hmn" in said

    code, said = run(capsys, "recordings", "mark", "nq-57", "hmn", "--reader", "Giàng A Pao", "--content", str(content))
    assert code == 0, said
    mark = yaml.safe_load((folder / "hmn.loa.yaml").read_text(encoding="utf-8"))
    assert mark["reader"] == "Giàng A Pao" and mark["date"] == "2025-01-06"
    assert any("Ntsiab lus ib" in sentence for sentence in mark["sentences"])
    code, said = run(capsys, "check", "--content", str(content), "--fast", "--lang", "en")
    assert code == 0 and "recording" not in said.lower(), said

    output = tmp_path / "output"
    build(content, output, BuildOptions(cache_dir=tmp_path / "cache"))
    byline = Page(output / "hmn" / "nq-57" / "index.html").text
    assert "Tus nyeem: Giàng A Pao, kaw suab hnub 06/01/2025" in byline and "tsab qub" not in byline

    summary = folder / "hmn.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ntsiab lus ib", "Ntsiab lus ob tshiab"),
                       encoding="utf-8")
    code, said = run(capsys, "check", "--content", str(content), "--fast", "--lang", "en")
    assert code == 0 and "changed after the recording" in said, said
    assert "hmn.loa.yaml" in said and "«Ntsiab lus ob tshiab.»" in said
    assert "Ntsiab lus tshiab." not in said.split("differ:")[1].split("\n")[0]     # unchanged sentences not named
    build(content, output, BuildOptions(cache_dir=tmp_path / "cache"))
    assert "Lub suab kaw no nyeem tsab qub" in Page(output / "hmn" / "nq-57" / "index.html").text


def test_marking_without_a_recording_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57", hmn=True)})
    code, said = run(capsys, "recordings", "mark", "nq-57", "hmn", "--content", str(content))
    assert code == 1 and "hmn.loa.mp3" in said and "Traceback" not in said
    assert not (content / "resolutions" / "nq-57" / "hmn.loa.yaml").exists()


@pytest.mark.parametrize("names, code", [
    (["hmn.loa.wma"], "recording-format"),
    (["fr.loa.mp3"], "recording-unknown-language"),
    (["hmn.loa.mp3", "hmn.loa.1.mp3"], "recording-whole-and-parts"),
    (["hmn.loa.1.mp3", "hmn.loa.3.mp3"], "recording-part-missing"),
    (["hmn.loa.1.mp3", "hmn.loa.1.wav"], "recording-twice"),
])
def test_misnamed_recordings_are_errors_naming_the_file(tmp_path: Path, names: list[str], code: str) -> None:
    from generator.load import load_site
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57", hmn=True)})
    for name in names:
        (content / "resolutions" / "nq-57" / name).write_bytes(b"not really sound")
    _, problems = load_site(content)
    found = [p for p in problems if p.code == code]
    assert found and found[0].is_error and found[0].path.name in names


def test_a_recording_that_is_not_sound_is_a_warning_on_every_build(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57", hmn=True)})
    (content / "resolutions" / "nq-57" / "hmn.loa.mp3").write_bytes(b"ID3 this is not sound at all" * 10)
    output = tmp_path / "output"
    for _ in range(2):          # the second build reuses the item, and says it again
        result = build(content, output, BuildOptions(cache_dir=tmp_path / "cache"))
        [problem] = [p for p in result.problems if p.code == "recording-unreadable"]
        assert problem.path.name == "hmn.loa.mp3" and not problem.is_error
        assert ("nq-57", "hmn") not in entries(output, "loudspeaker-audio")
        assert ("nq-57", "vi") in entries(output, "loudspeaker-audio")


@pytest.mark.parametrize("synth", [["trim", "0", "30"],                                  # a muted microphone
                                   ["synth", "30", "pinknoise", "vol", "0.002"]])       # the room alone
def test_a_recording_with_no_speech_says_so_in_words_a_reader_can_act_on(tmp_path: Path, synth: list[str]) -> None:
    """The reader's microphone was off: the warning says there is no speech in the file, not
    an encoder's error about a temporary file the editor has never seen."""
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57", hmn=True)})
    subprocess.run(["sox", "-n", "-r", "44100", "-c", "1", str(content / "resolutions" / "nq-57" / "hmn.loa.wav"),
                    *synth], check=True, capture_output=True)
    result = build(content, tmp_path / "output", BuildOptions(cache_dir=tmp_path / "cache"))
    [problem] = [p for p in result.problems if p.path is not None and p.path.name == "hmn.loa.wav"
                 and p.code != "recording-unmarked"]
    assert problem.code == "recording-silent" and not problem.is_error, problem.message()
    assert "không có tiếng đọc" in problem.message() and "/tmp" not in problem.message()
    assert "micro" in problem.hint()


def test_the_recording_plays_in_a_browser_from_file(recorded, browser) -> None:
    _, output, speech_seconds = recorded
    page, problems = watched_page(browser, 360, True, "file://")
    page.goto((output / "hmn" / "nq-57" / "index.html").as_uri())
    played = page.evaluate("""() => new Promise((done, failed) => {
        const player = document.querySelector('audio');
        player.addEventListener('loadedmetadata', () => done([player.currentSrc, player.duration]));
        player.addEventListener('error', () => failed('cannot play ' + player.currentSrc));
        player.load();
    })""")
    assert played[0].endswith("/hmn/nq-57/nq-57-hmn-loa.opus")
    assert abs(played[1] - speech_seconds) < 1.0
    assert "Bản ghi âm" not in page.inner_text("main")        # the Hmong page speaks Hmong
    assert problems == []
    page.context.close()


def test_recordings_per_part_become_one_file_per_part_and_a_changed_split_is_warned(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57", hmn=True)})
    folder = content / "resolutions" / "nq-57"
    for number, seconds in ((1, "4"), (2, "3")):
        subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", str(folder / f"hmn.loa.{number}.wav"), "synth",
                        seconds, "sine", "440", "vol", "0.05", "pad", "1", "1"], check=True)
    output = tmp_path / "output"
    result = build(content, output, BuildOptions(cache_dir=tmp_path / "cache"))
    files = sorted(p.name for p in entries(output, "loudspeaker-audio")[("nq-57", "hmn")])
    assert files == ["nq-57-hmn-loa-phan-1.mp3", "nq-57-hmn-loa-phan-2.mp3"]
    lengths = [loudness(output / "hmn" / "nq-57" / name)[2] for name in files]
    assert 4.0 <= lengths[0] <= 4.0 + 0.6 + 0.1 and 3.0 <= lengths[1] <= 3.0 + 0.6 + 0.1   # silence trimmed
    # The short script is one part now: two recorded parts no longer match it.
    assert [p.code for p in result.problems if p.code == "recording-parts-differ"] == ["recording-parts-differ"]


def test_the_loudness_target_comes_from_site_yaml(tmp_path: Path) -> None:
    from generator.loudspeaker.loudness import LoudnessTarget, normalise
    source, _ = quiet_recording(tmp_path, "quiet.wav")
    files, _ = normalise(source, LoudnessTarget(integrated=-23.0, true_peak=-3.0))
    for ext, data in files.items():
        (tmp_path / f"out.{ext}").write_bytes(data)
        integrated, peak, _ = loudness(tmp_path / f"out.{ext}")
        assert abs(integrated - (-23)) <= 1 and peak <= -3.0, (ext, integrated, peak)


@pytest.mark.parametrize("setting, target", [("loudness: -23\n  true_peak: -2", (-23.0, -2.0)),
                                             ("loudness: -50", None), ("true_peak: 3", None)])
def test_loudness_settings_are_read_and_checked(setting: str, target: tuple[float, float] | None) -> None:
    from generator.loudspeaker.settings import loudspeaker_settings
    from generator.config import load_config
    from generator.content.reader import parse_yaml
    from conftest import SITE_YAML
    doc, _ = parse_yaml(SITE_YAML + "broadcast:\n  " + setting + "\n", Path("site.yaml"))
    config, problems = load_config(doc)
    if target is None:
        [problem] = problems
        assert problem.is_error and problem.line == SITE_YAML.count("\n") + 2
        assert "broadcast." + setting.split(":")[0] in problem.message()
    else:
        assert (loudspeaker_settings(config).loudness_target.integrated,
                loudspeaker_settings(config).loudness_target.true_peak) == target


def test_a_recording_linked_from_outside_the_folder_is_refused(tmp_path: Path) -> None:
    from generator.load import load_site
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57", hmn=True)})
    secret = tmp_path / "secret.wav"
    secret.write_bytes(b"RIFF")
    (content / "resolutions" / "nq-57" / "hmn.loa.wav").symlink_to(secret)
    site, problems = load_site(content)
    assert site is None and [p.code for p in problems if p.is_error] == ["path-outside"]
