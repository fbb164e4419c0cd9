"""Loudspeaker material as the build writes it: the text for Notepad, the large-print sheet, the audio."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.builders.base import BuildOptions
from generator.pipeline import build

from conftest import Page, loudness, make_site, manifest, standard_resolution

HAS_AUDIO_TOOLS = all(shutil.which(tool) for tool in ("espeak-ng", "sox", "soxi"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("loudspeaker")
    content = make_site(root, {
        "nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học", hmn=True),
    })
    output = root / "output"
    result = build(content, output, BuildOptions(no_audio=not HAS_AUDIO_TOOLS))
    (root / "problems.txt").write_text("\n".join(p.code for p in result.problems), encoding="utf-8")
    return output


def entries(output: Path, kind: str) -> dict[tuple[str, str], Path]:
    return {(e["slug"], e["lang"]): output / e["path"] for e in manifest(output)["artifacts"] if e["kind"] == kind}


def test_script_text_opens_right_in_old_notepad(built: Path) -> None:
    scripts = entries(built, "loudspeaker-text")
    assert set(scripts) == {("nq-57", "vi"), ("nq-57", "hmn")}
    raw = scripts[("nq-57", "vi")].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM missing"
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "line endings must all be CRLF"
    text = raw.decode("utf-8-sig")
    assert "năm mươi bảy" in text                  # 57-NQ/TW read as words
    header, _, body = text.partition("Kính thưa")
    assert "Số hiệu: 57-NQ/TW" in header and "Tổng thời lượng đọc:" in header
    assert "57-NQ/TW" not in body and "của Trung ương" in body   # never spelled letter by letter


def test_print_sheet_is_large_type_a4_with_reading_time(built: Path) -> None:
    sheet = entries(built, "loudspeaker-print")[("nq-57", "vi")]
    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "Thời lượng đọc" in text and "năm mươi bảy" in text
    info = subprocess.run(["pdfinfo", str(sheet)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts" in info


def test_page_links_the_material(built: Path) -> None:
    page = Page(built / "nq-57" / "index.html")
    hrefs = {url for _, _, url in page.links}
    assert "nq-57-vi-loa.txt" in hrefs and "nq-57-vi-loa.pdf" in hrefs


@pytest.mark.skipif(not HAS_AUDIO_TOOLS, reason="espeak-ng/sox not installed")
def test_audio_duration_is_about_the_reading_time(built: Path) -> None:
    audio = entries(built, "loudspeaker-audio")
    assert ("nq-57", "vi") in audio
    seconds = float(subprocess.run(["soxi", "-D", str(audio[("nq-57", "vi")])], capture_output=True, text=True,
                                   check=True).stdout)
    script = entries(built, "loudspeaker-text")[("nq-57", "vi")].read_text(encoding="utf-8-sig")
    syllables = len(script.split())
    planned = syllables / 220 * 60          # the default reading rate, pauses aside
    assert 0.5 * planned < seconds < 2.5 * planned + 10, (seconds, planned)


@pytest.mark.skipif(not HAS_AUDIO_TOOLS, reason="espeak-ng/sox not installed")
def test_language_without_a_voice_gets_no_audio_and_a_warning(built: Path) -> None:
    audio = entries(built, "loudspeaker-audio")
    assert ("nq-57", "hmn") not in audio
    assert "no-voice" in (built.parent / "problems.txt").read_text(encoding="utf-8")


def test_no_audio_option_makes_no_audio(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57")})
    output = tmp_path / "output"
    build(content, output, BuildOptions(no_audio=True))
    assert not entries(output, "loudspeaker-audio")
    assert not list(output.rglob("*.mp3"))
    assert entries(output, "loudspeaker-text")


def test_no_audio_starts_no_audio_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without audio, nothing asks ffmpeg or sox which formats they write (a program started
    per process: ≈ 0.1–0.3 s of an edit's rebuild), not even for the items' fingerprints."""
    import generator.builders.loudspeaker as loudspeaker
    asked: list[str] = []
    programs = loudspeaker.audio_programs
    monkeypatch.setattr(loudspeaker, "audio_programs", lambda session: asked.append("formats") or programs(session))
    started: list[str] = []
    popen = subprocess.Popen.__init__

    def recorded(self: subprocess.Popen, args: object, *rest: object, **options: object) -> None:
        started.append(Path(str(args[0] if isinstance(args, (list, tuple)) else args)).name)
        popen(self, args, *rest, **options)
    monkeypatch.setattr(subprocess.Popen, "__init__", recorded)
    content = make_site(tmp_path, {"nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57")})
    output = tmp_path / "output"
    build(content, output, BuildOptions(no_audio=True, jobs=1))
    assert entries(output, "loudspeaker-print") and asked == []
    assert not {"ffmpeg", "sox", "espeak-ng"} & set(started)
    build(content, tmp_path / "with-audio", BuildOptions(no_audio=False, jobs=1))
    assert asked                                 # with audio it is asked (the count above can fail)


def probes_started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """Each program started from now on that asks what this machine's audio programs can do
    (ffmpeg's encoders, sox's MP3 support, espeak-ng's voices and variants)."""
    started: list[tuple[str, ...]] = []
    popen = subprocess.Popen.__init__

    def recorded(self: subprocess.Popen, args: object, *rest: object, **options: object) -> None:
        words = tuple(map(str, args)) if isinstance(args, (list, tuple)) else (str(args),)
        if Path(words[0]).name in {"ffmpeg", "sox", "espeak-ng"} and ("-encoders" in words or any(
                w.startswith(("--help-format", "--voices")) for w in words)):
            started.append((Path(words[0]).name, *words[1:]))
        popen(self, args, *rest, **options)
    monkeypatch.setattr(subprocess.Popen, "__init__", recorded)
    return started


@pytest.mark.skipif(not HAS_AUDIO_TOOLS, reason="espeak-ng/sox not installed")
@pytest.mark.parametrize("ffmpeg", [True, False], ids=["ffmpeg", "sox-only"])
def test_a_build_asks_each_audio_program_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              ffmpeg: bool) -> None:
    """What the audio programs can do is asked once per build (the session keeps it), not once
    per loudspeaker item or part: without ffmpeg, `sox --help-format mp3` was started for every
    item's fingerprint and every part spoken."""
    from generator.loudspeaker import loudness
    if not ffmpeg:
        monkeypatch.setattr(loudness, "ffmpeg_path", lambda: None)   # a machine with sox only
    content = make_site(tmp_path, {f"nq-{n}": standard_resolution(f"{n}-NQ/TW", "2024-12-22", f"Nghị quyết {n}")
                                   for n in (52, 57, 58)})
    started = probes_started(monkeypatch)
    options = BuildOptions(jobs=1, only=frozenset({"loudspeaker"}))
    build(content, tmp_path / "output", options)
    audio = entries(tmp_path / "output", "loudspeaker-audio")
    assert len(audio) == 3 and len({p.suffix for p in audio.values()}) == 1
    asked = {"ffmpeg": int(ffmpeg), "sox": int(not ffmpeg), "espeak-ng": 2}     # espeak-ng: voices, variants
    assert {name: [probe[0] for probe in started].count(name) for name in asked} == asked, started
    started.clear()                         # a new build (a new session) asks again, once each
    build(content, tmp_path / "again", options)
    assert {name: [probe[0] for probe in started].count(name) for name in asked} == asked, started


# -- QA findings: a language without a spoken-form table, footnotes, audio timing and level ---------
QA_SITE = """\
title: Tài liệu tuyên truyền
organisation: Trung tâm Văn hóa huyện Tủa Chùa
base_url: https://example.gov.vn/tt/
default_language: vi
languages:
  vi: {name: Tiếng Việt}
  hmn:
    name: Hmoob
    sections: {key_points: Cov ntsiab lus tseem ceeb, new_points: Cov ntsiab lus tshiab, local_application: Kev siv hauv zos}
  en:
    name: English
    sections: {key_points: Key points, new_points: What is new, local_application: Applying it locally}
"""

QA_VI = """\
---
title: Nghị quyết số 03-NQ/ĐU ngày 12/01/2024 của Đảng ủy xã Sín Chải về phát triển du lịch cộng đồng
summary: Du lịch cộng đồng là hướng đi mới để tăng thu nhập.
---

Xã Sín Chải có 9 bản với 1.046 hộ, 5.873 khẩu. Nghị quyết gồm 3 phần: I. Tình hình; II. Mục tiêu; III. Giải pháp.

## Nội dung cốt lõi
- Bảo tồn lễ hội Gầu Tào, nghề dệt lanh, thêu thổ cẩm và khèn Mông[^khen].
- Xây dựng 02 bản du lịch cộng đồng kiểu mẫu: bản Sín Chải và bản Tìa Ghềnh.
- Đến năm 2030 đón 10.000 lượt khách mỗi năm; doanh thu từ du lịch chiếm 15% tổng thu nhập của xã.
- Giữ gìn rừng đầu nguồn, cảnh quan ruộng bậc thang và kiến trúc nhà trình tường của đồng bào.

## Điểm mới
- Lần đầu tiên xã có nghị quyết chuyên đề về du lịch; giao hợp tác xã làm đầu mối liên kết.
- Huy động Mặt trận Tổ quốc xã và người có uy tín trong đồng bào tham gia giám sát.

## Liên hệ vận dụng tại địa phương
- Mỗi bản thành lập 01 tổ du lịch cộng đồng, tối thiểu 10 hộ tham gia.
- Đào tạo 50 lượt người làm hướng dẫn viên, nấu ăn, đón khách tại nhà trong năm 2024.
- Bà con liên hệ ttvh@dienbien.gov.vn hoặc https://tuachua.dienbien.gov.vn để biết thêm.

[^khen]: Nghệ thuật khèn Mông là Di sản văn hóa phi vật thể quốc gia năm 2019.
"""

QA_EN = """\
---
title: Resolution No. 03-NQ/ĐU on community tourism
summary: Community tourism raises incomes.
---

## Key points
- Keep the Gầu Tào festival and the Hmong khèn[^khen]; 2 model villages by 2030.

## What is new
- The first commune resolution on tourism.

## Applying it locally
- Train 50 guides in 2024; see https://tuachua.dienbien.gov.vn.

[^khen]: National intangible heritage since 2019.
"""


@pytest.fixture(scope="module")
def qa_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("loudspeaker-qa")
    files = {"resolution.yaml": "code: 03-NQ/ĐU\nkind: nghi-quyet\nlevel: xa\nissuer: Đảng ủy xã\nissued: 2024-01-12\n",
             "vi.md": QA_VI, "en.md": QA_EN}
    content = make_site(root, {"nq-03": files, "nq-57": standard_resolution(
        "57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học", hmn=True)}, site_yaml=QA_SITE)
    output = root / "output"
    result = build(content, output, BuildOptions(no_audio=not HAS_AUDIO_TOOLS))
    return output, result.problems


def test_a_language_without_a_spoken_table_builds_with_one_warning(qa_built) -> None:
    output, problems = qa_built
    scripts = entries(output, "loudspeaker-text")
    assert ("nq-03", "en") in scripts and ("nq-03", "vi") in scripts and ("nq-57", "hmn") in scripts
    assert ("nq-03", "en") in entries(output, "loudspeaker-print")
    text = scripts[("nq-03", "en")].read_text(encoding="utf-8-sig")
    assert "2 model villages by 2030." in text and "Train 50 guides in 2024." in text   # digits as written
    assert "https" not in text and "[^" not in text and "heritage" not in text
    warned = [p for p in problems if p.code == "no-spoken-table"]
    assert [p.params["lang"] for p in warned] == ["en"]
    assert "generator/spoken/en.yaml" in warned[0].hint("vi") and "English" in warned[0].message("en")


def test_check_reports_the_missing_spoken_table_too(qa_built, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main
    output, _ = qa_built
    assert main(["check", "--fast", "--content", str(output.parent / "content")]) == 0
    report = capsys.readouterr().out
    assert report.count("Chưa có bảng cách đọc trên loa cho English (en)") == 1


def test_footnote_marks_are_neither_printed_nor_read(qa_built) -> None:
    output, _ = qa_built
    script = entries(output, "loudspeaker-text")[("nq-03", "vi")].read_text(encoding="utf-8-sig")
    assert "khèn Mông.\n" in script and "Di sản" not in script
    for kind in ("study-sheet", "leaflet-a4", "leaflet-a5", "leaflet-trifold", "loudspeaker-print"):
        pdf = entries(output, kind)[("nq-03", "vi")]
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        assert re.search(r"khèn Mông\.", text), kind
        assert not re.search(r"Mông\s*1\b|Mông một", text), kind


@pytest.mark.skipif(not HAS_AUDIO_TOOLS, reason="espeak-ng/sox not installed")
def test_audio_lasts_the_reading_time_and_does_not_clip(qa_built) -> None:
    from generator.loudspeaker.settings import loudspeaker_settings
    from generator.load import load_site
    from generator.loudspeaker.script import compose
    output, _ = qa_built
    site, _ = load_site(output.parent / "content")
    settings = loudspeaker_settings(site.config)
    checked = 0
    for (slug, lang), audio in entries(output, "loudspeaker-audio").items():
        script = compose(site.resolution(slug), lang, settings, "vi", lambda s: s)
        assert len(script.parts) == 1
        seconds = float(subprocess.run(["soxi", "-D", str(audio)], capture_output=True, text=True,
                                       check=True).stdout)
        assert abs(seconds / script.seconds - 1) <= 0.10, (slug, seconds, script.seconds)
        integrated, peak, _ = loudness(audio)           # every file at one level (EBU R128), no clipping
        assert abs(integrated - (-16)) <= 1 and peak <= -1.2, (slug, integrated, peak)
        checked += 1
    assert checked == 2


@pytest.mark.skipif(not HAS_AUDIO_TOOLS, reason="espeak-ng/sox not installed")
@pytest.mark.parametrize("voices, audio_made, warned", [
    ("", False, "voice-not-chosen"),                  # espeak-ng speaks English: the warning says how to choose it
    ("broadcast:\n  voices: {en: en}\n", True, None),  # as the README writes it (espeak-ng lists en-gb, en-us …)
    ("broadcast:\n  voices:\n    en: en-uk\n", False, "voice-unknown"),  # written, not installed: named, at its line
])
def test_a_language_espeak_speaks_gets_audio_once_its_voice_is_named(tmp_path: Path, voices: str, audio_made: bool,
                                                                     warned: str | None) -> None:
    files = {"resolution.yaml": "code: 03-NQ/ĐU\nkind: nghi-quyet\nlevel: xa\nissuer: Đảng ủy xã\nissued: 2024-01-12\n",
             "vi.md": QA_VI, "en.md": QA_EN}
    content = make_site(tmp_path, {"nq-03": files}, site_yaml=QA_SITE + voices)
    result = build(content, tmp_path / "output", BuildOptions(only=frozenset({"loudspeaker"})))
    assert (("nq-03", "en") in entries(tmp_path / "output", "loudspeaker-audio")) is audio_made
    about_en = [p for p in result.problems if p.params.get("lang") == "en" and "voice" in p.code]
    assert [p.code for p in about_en] == ([warned] if warned else [])
    if warned:
        assert "voices: {en: en}" in about_en[0].hint("vi")
    if warned == "voice-unknown":
        assert "'en-uk'" in about_en[0].message("vi") and about_en[0].path.name == "site.yaml"
        assert about_en[0].line == (QA_SITE + voices).split("\n").index("    en: en-uk") + 1
