"""The commune broadcast schedule: planned from site.yaml, printed on A4, played from M3U, in a calendar."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest

from generator.builders.base import BuildOptions
from generator.builders.loudspeaker import LoudspeakerBuilder
from generator.builders.schedule import ScheduleBuilder
from generator.builders.schedule.plan import BroadcastItem, plan
from generator.loudspeaker.audio_duration import audio_seconds
from generator.loudspeaker.schedule import BroadcastSchedule, BroadcastSlot, PinnedItem
from generator.config import load_config
from generator.content.reader import parse_yaml
from generator.pipeline import build

from conftest import SITE_YAML, loudness, make_site, manifest, standard_resolution

HAS_TOOLS = all(shutil.which(t) for t in ("ffmpeg", "sox", "espeak-ng"))
MONDAY = "1736121600"           # SOURCE_DATE_EPOCH of Monday 2025-01-06

SCHEDULE = """\
broadcast:
  schedule:
    weeks: 2
    repeats: 2
    slots:
      - {day: mon, time: "06:00", minutes: 1}
      - {day: wed, time: 17:30, minutes: 2, languages: [hmn]}
      - {day: t6, time: "06:00", minutes: 3}
    pinned:
      - {slug: ct-05, lang: vi, date: 2025-01-10}
"""


def entries(output: Path, kind: str) -> list[dict]:
    return [e for e in manifest(output)["artifacts"] if e["kind"] == kind]


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not HAS_TOOLS:
        pytest.skip("ffmpeg, sox and espeak-ng make the audio the schedule plans")
    root = tmp_path_factory.mktemp("schedule")
    content = make_site(root, {
        "nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học", hmn=True),
        "ct-05": standard_resolution("05-CT/TW", "2016-05-15", "Chỉ thị số 05-CT/TW về học tập"),
    }, site_yaml=SITE_YAML + SCHEDULE)
    # A short Hmong recording (espeak-ng has no Hmong voice).
    subprocess.run(["sox", "-n", "-r", "22050", "-c", "1", str(content / "resolutions" / "nq-57" / "hmn.loa.wav"),
                    "synth", "20", "sine", "300", "vol", "0.1"], check=True)
    output = root / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", MONDAY)
        build(content, output, BuildOptions(cache_dir=root / "cache"))
    return output


def test_every_output_is_listed_under_its_kind(scheduled: Path) -> None:
    kinds = {e["kind"]: e["path"] for e in manifest(scheduled)["artifacts"]}
    assert kinds["broadcast-schedule"] == "phat-thanh/lich-phat-thanh.pdf"
    assert kinds["broadcast-log"] == "phat-thanh/so-nhat-ky-phat-thanh.pdf"
    assert kinds["broadcast-ics"] == "phat-thanh/lich-phat-thanh.ics"
    assert entries(scheduled, "playlist")


def slot_lengths(output: Path) -> dict[str, float]:
    """Playlist name → the slot's minutes, from the calendar (each slot with items is an event)."""
    calendar = icalendar.Calendar.from_ical((output / "phat-thanh" / "lich-phat-thanh.ics").read_bytes())
    lengths = {}
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        lengths[f"{start:%Y-%m-%d-%H%M}.m3u"] = (end - start).total_seconds() / 60
    return lengths


def test_playlists_point_to_files_that_exist_and_no_slot_overflows(scheduled: Path) -> None:
    lengths = slot_lengths(scheduled)
    playlists = entries(scheduled, "playlist")
    assert {Path(p["path"]).name for p in playlists} == set(lengths)
    for entry in playlists:
        playlist = scheduled / entry["path"]
        lines = playlist.read_bytes().decode("utf-8").split("\r\n")
        assert lines[0] == "#EXTM3U"
        files = [line for line in lines if line and not line.startswith("#")]
        assert files and all(not f.startswith("/") and "://" not in f for f in files)   # relative paths
        seconds = 0.0
        for name in files:
            target = (playlist.parent / name).resolve()
            assert target.is_file(), (playlist.name, name)
            seconds += loudness(target)[2]
        assert seconds <= lengths[playlist.name] * 60, (playlist.name, seconds)


def test_slots_follow_their_languages_and_the_pinned_item_airs_on_its_date(scheduled: Path) -> None:
    wednesday = (scheduled / "phat-thanh" / "2025-01-08-1730.m3u").read_text(encoding="utf-8")
    assert "hmn-loa" in wednesday and "-vi-loa" not in wednesday
    friday = (scheduled / "phat-thanh" / "2025-01-10-0600.m3u").read_text(encoding="utf-8")
    assert "../ct-05/ct-05-vi-loa.mp3" in friday
    calendar = icalendar.Calendar.from_ical((scheduled / "phat-thanh" / "lich-phat-thanh.ics").read_bytes())
    [pinned] = [e for e in calendar.walk("VEVENT") if e.decoded("dtstart").date() == dt.date(2025, 1, 10)]
    assert str(pinned["summary"]).startswith("05-CT/TW: Chỉ thị số 05-CT/TW về học tập")
    assert pinned.decoded("dtstart").time() == dt.time(6, 0)


def test_the_newest_material_airs_first(scheduled: Path) -> None:
    monday = (scheduled / "phat-thanh" / "2025-01-06-0600.m3u").read_text(encoding="utf-8")
    assert "nq-57" in monday.split("\n")[3] and "ct-05" not in monday      # 2024 before 2016; one fits a minute


def test_schedule_and_log_print_on_a4(scheduled: Path, tmp_path: Path) -> None:
    folder = scheduled / "phat-thanh"
    for name in ("lich-phat-thanh.pdf", "so-nhat-ky-phat-thanh.pdf"):
        info = subprocess.run(["pdfinfo", str(folder / name)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info, name
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(folder / name),
                        str(tmp_path / name)], check=True, capture_output=True)
    schedule = pdf_text(folder / "lich-phat-thanh.pdf")
    assert "LỊCH PHÁT THANH" in schedule and "Tuần 1: từ 06/01/2025 đến 12/01/2025" in schedule
    assert "Thứ sáu" in schedule and "10/01/2025" in schedule and "phát đúng ngày" in schedule
    assert "05-CT/TW" in schedule and "Hmoob" in schedule
    log = pdf_text(folder / "so-nhat-ky-phat-thanh.pdf")
    for column in ("Ngày", "Giờ", "Nội dung", "Thời", "Người đọc", "Ký tên"):
        assert column in log
    assert "10/01/2025" in log and "06:00" in log
    assert len(list(tmp_path.glob("*.png"))) == 2


def test_the_bulletin_is_told_from_the_script_and_never_credited_to_its_reader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A commune whose reader recorded the full script: the one-minute bulletin (synthesised)
    airs beside it. The log, the playlist and the calendar say which is which, and the log
    names the reader only for what she read."""
    if not HAS_TOOLS:
        pytest.skip("ffmpeg, sox and espeak-ng make the audio the schedule plans")
    files = standard_resolution("05-CT/TW", "2016-05-15", "Chỉ thị số 05-CT/TW về học tập")
    files["vi.md"] += "\n## Tóm tắt ngắn\n\n- Mỗi chi bộ học một chuyên đề mỗi năm.\n"
    content = make_site(tmp_path, {"ct-05": files}, site_yaml=SITE_YAML + """\
broadcast:
  schedule:
    weeks: 1
    repeats: 1
    slots:
      - {day: mon, time: "5:30", minutes: 10}
""")
    subprocess.run(["sox", "-n", "-r", "22050", "-c", "1", str(content / "resolutions" / "ct-05" / "vi.loa.wav"),
                    "synth", "20", "sine", "300", "vol", "0.1"], check=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", MONDAY)
    from generator.cli import main
    assert main(["recordings", "mark", "ct-05", "vi", "--reader", "Lò Thị Hoa", "--content", str(content)]) == 0
    capsys.readouterr()
    output = tmp_path / "output"
    build(content, output, BuildOptions(cache_dir=tmp_path / "cache"))
    playlist = (output / "phat-thanh" / "2025-01-06-0530.m3u").read_text(encoding="utf-8").splitlines()
    titles = {name: info for info, name in zip(playlist[2::2], playlist[3::2])}
    assert set(titles) == {"../ct-05/ct-05-vi-loa.mp3", "../ct-05/ct-05-vi-loa-ngan.mp3"}
    assert "Bản tin ngắn" in titles["../ct-05/ct-05-vi-loa-ngan.mp3"]
    assert "Bản tin ngắn" not in titles["../ct-05/ct-05-vi-loa.mp3"]
    log = [line for line in pdf_text(output / "phat-thanh" / "so-nhat-ky-phat-thanh.pdf").splitlines()
           if line.startswith("06/01/2025")]
    assert len(log) == 2
    assert sum("Lò Thị Hoa" in line for line in log) == 1          # the recorded script only
    assert not any("Lò Thị Hoa" in line and "Bản tin ngắn" in line for line in log)
    calendar = icalendar.Calendar.from_ical((output / "phat-thanh" / "lich-phat-thanh.ics").read_bytes())
    description = str(next(iter(calendar.walk("VEVENT")))["DESCRIPTION"])
    assert description.count("Bản tin ngắn") == 1


def test_without_a_schedule_nothing_of_it_is_made(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    build(content, tmp_path / "output", BuildOptions(no_audio=True))
    kinds = {e["kind"] for e in manifest(tmp_path / "output")["artifacts"]}
    assert not kinds & {"broadcast-schedule", "broadcast-log", "playlist", "broadcast-ics"}
    assert not (tmp_path / "output" / "phat-thanh").exists()


def schedule_files(output: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((output / "phat-thanh").iterdir())}


def test_the_schedule_plans_what_the_loudspeaker_builders_published_never_what_is_staged(
        scheduled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Built again with staging's list of files hidden from the schedule, it plans the same, and
    so it does once more when every audio item is reused (published again from the build state)."""
    calls = {"schedule": 0, "audio": 0}
    plan_schedule, write_audio = ScheduleBuilder.build_item, LoudspeakerBuilder.write_audio

    def blind_schedule(self: ScheduleBuilder, item: None) -> None:
        staging = self.ctx.staging
        hidden, staging.artifacts = staging.artifacts, {}
        try:
            plan_schedule(self, item)
        finally:
            staging.artifacts = {**hidden, **staging.artifacts}
        calls["schedule"] += 1

    def counted_audio(self: LoudspeakerBuilder, *args: object) -> None:
        calls["audio"] += 1
        write_audio(self, *args)

    monkeypatch.setattr(ScheduleBuilder, "build_item", blind_schedule)
    monkeypatch.setattr(LoudspeakerBuilder, "write_audio", counted_audio)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", MONDAY)
    root, output = scheduled.parent, tmp_path / "output"
    build(root / "content", output, BuildOptions(cache_dir=root / "cache"))        # the audio from the cache
    made = calls["audio"]
    assert calls["schedule"] == 1 and made >= 3             # nq-57 vi and hmn, ct-05 vi at least
    assert schedule_files(output) == schedule_files(scheduled)
    build(root / "content", output, BuildOptions(cache_dir=root / "cache", only=frozenset({"schedule"})))
    assert calls == {"schedule": 2, "audio": made}           # no audio made again: every item reused
    assert schedule_files(output) == schedule_files(scheduled)


def test_each_playlist_entry_lasts_as_long_as_its_file(scheduled: Path) -> None:
    """The lengths the loudspeaker builders published, measured as the audio was made."""
    for playlist in (scheduled / "phat-thanh").glob("*.m3u"):
        lines = [line for line in playlist.read_text(encoding="utf-8").splitlines() if line]
        for info, name in zip(lines[2::2], lines[3::2]):
            listed = int(info.removeprefix("#EXTINF:").split(",", 1)[0])
            assert abs(listed - loudness(playlist.parent / name)[2]) <= 1, (playlist.name, name)


def test_a_wav_is_measured_by_its_header_and_a_damaged_one_is_zero(tmp_path: Path) -> None:
    if not shutil.which("sox"):
        pytest.skip("sox makes the WAV")
    wav = tmp_path / "a.wav"
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", str(wav), "synth", "2.5", "sine", "300"], check=True)
    assert audio_seconds(wav.read_bytes(), ".WAV") == pytest.approx(2.5)
    assert audio_seconds(wav.read_bytes()[:20], ".wav") == 0.0
    assert audio_seconds(b"not a sound", ".mp3") == 0.0


# ------------------------------------------------------------ the plan, as data

def item(slug: str, seconds: float, part: int = 1, parts: int = 1, lang: str = "vi",
         day: dt.date = dt.date(2024, 1, 1)) -> BroadcastItem:
    return BroadcastItem(slug=slug, lang=lang, kind="loudspeaker-audio", path=f"{slug}-{part}.mp3", seconds=seconds,
                         part=part, parts=parts, title=slug, code=slug.upper(), reader="", newness=day)


def test_no_slot_ever_holds_more_than_it_lasts_and_each_item_airs_its_repeats() -> None:
    items = [item("a", 200, 1, 2), item("a", 150, 2, 2), item("b", 290), item("c", 100), item("d", 400)]
    schedule = BroadcastSchedule(slots=(BroadcastSlot(0, dt.time(6), 5.0), BroadcastSlot(3, dt.time(17), 5.0)),
                                 weeks=3, repeats=2)
    result = plan(items, schedule, dt.date(2025, 1, 6), ("vi",))
    for airing in result.airings:
        assert airing.seconds <= airing.slot.minutes * 60
    aired = {i: sum(a.items.count(i) for a in result.airings) for i in items}
    assert aired[items[0]] == aired[items[1]] == aired[items[2]] == aired[items[3]] == 2
    assert result.too_long == [items[4]] and aired[items[4]] == 0
    # Part 2 never airs before part 1 has aired as often.
    seen = {1: 0, 2: 0}
    for airing in result.airings:
        for i in airing.items:
            if i.slug == "a":
                seen[i.part] += 1
                assert seen[2] <= seen[1]


def test_a_pinned_item_that_cannot_air_is_reported() -> None:
    items = [item("a", 100)]
    schedule = BroadcastSchedule(slots=(BroadcastSlot(0, dt.time(6), 5.0),), weeks=1,
                                 pinned=(PinnedItem("a", "vi", dt.date(2025, 1, 7), 12),    # a Tuesday: no slot
                                         PinnedItem("zz", "vi", dt.date(2025, 1, 6), 13)))
    result = plan(items, schedule, dt.date(2025, 1, 6), ("vi",))
    assert [p.line for p in result.pinned_unplaced] == [12]
    assert [p.line for p in result.pinned_missing] == [13]


def test_a_pinned_date_beyond_the_weeks_planned_or_past_is_not_called_unplaceable() -> None:
    """An editor pins next month's anniversary (a Monday, with a slot) and keeps last week's pin:
    the build plans only its weeks, so neither is a slot missing on that day."""
    items = [item("a", 100)]
    schedule = BroadcastSchedule(slots=(BroadcastSlot(0, dt.time(6), 5.0),), weeks=1,
                                 pinned=(PinnedItem("a", "vi", dt.date(2025, 2, 3), 12),    # a Monday, 4 weeks on
                                         PinnedItem("a", "vi", dt.date(2024, 12, 30), 13),  # last Monday
                                         PinnedItem("a", "vi", dt.date(2025, 1, 6), 14)))   # this Monday: airs
    result = plan(items, schedule, dt.date(2025, 1, 6), ("vi",))
    assert result.pinned_unplaced == [] and result.pinned_missing == []
    assert [a.pinned for a in result.airings] == [[items[0]]]


def test_a_pinned_date_already_past_is_warned_at_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """`date: 2024-01-20` typed in January 2025 (last year's number): it would never air, and the
    editor is told so at its line, by the plan, by `check` and by `build`."""
    schedule = BroadcastSchedule(slots=(BroadcastSlot(0, dt.time(6), 5.0),), weeks=1,
                                 pinned=(PinnedItem("a", "vi", dt.date(2024, 1, 20), 12),))
    result = plan([item("a", 100)], schedule, dt.date(2025, 1, 6), ("vi",))
    assert [p.line for p in result.pinned_past] == [12] and result.pinned_unplaced == []
    if not HAS_TOOLS:
        pytest.skip("ffmpeg, sox and espeak-ng make the audio the schedule plans")
    files = standard_resolution("05-CT/TW", "2016-05-15", "Chỉ thị số 05-CT/TW về học tập")
    content = make_site(tmp_path, {"ct-05": files}, site_yaml=SITE_YAML + SCHEDULE.replace("2025-01-10", "2024-01-10"))
    subprocess.run(["sox", "-n", "-r", "22050", "-c", "1", str(content / "resolutions" / "ct-05" / "vi.loa.wav"),
                    "synth", "5", "sine", "300", "vol", "0.1"], check=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", MONDAY)
    from generator.cli import main
    line = f"site.yaml:{SITE_YAML.count(chr(10)) + 10}:"
    for command in (["check", "--fast"], ["build", "--output", str(tmp_path / "output")]):
        main([*command, "--content", str(content)])
        said = capsys.readouterr()
        warned = [text for text in (said.out + said.err).splitlines() if line in text]
        assert any("10/01/2024" in text and "đã qua" in text for text in warned), (command, said)


@pytest.mark.parametrize("change, key, line", [
    ('"06:00", minutes: 1}', '"6 giờ", minutes: 1}', 6),
    ("{day: wed,", "{day: wen,", 7),
    ("minutes: 3}", "minutes: 0}", 8),
    ("languages: [hmn]", "languages: [fr]", 7),
    ("lang: vi, date", "lang: en, date", 10),
    ("weeks: 2", "weks: 2", 3),
    ("{day: t6, time: \"06:00\"", "{day: mon, time: \"06:00\"", 8),          # the same day and time twice
])
def test_a_wrong_setting_is_an_error_naming_its_key_and_line(change: str, key: str, line: int) -> None:
    text = SITE_YAML + SCHEDULE.replace(change, key)
    doc, _ = parse_yaml(text, Path("site.yaml"))
    config, problems = load_config(doc)
    assert config is None
    [problem] = [p for p in problems if p.is_error]
    assert problem.line == SITE_YAML.count("\n") + line, problem.message()
    assert "broadcast.schedule" in problem.message()


@pytest.mark.parametrize("written, start", [
    ('"06:00"', dt.time(6, 0)), ("5:30", dt.time(5, 30)), ('"5h30"', dt.time(5, 30)),
    ('"17h"', dt.time(17, 0)), ('"17H"', dt.time(17, 0)), ("17h", dt.time(17, 0)),
    ("6", dt.time(6, 0)), ('"6"', dt.time(6, 0)), ("17:45", dt.time(17, 45)),
])
def test_a_slot_starts_at_the_time_a_commune_writes(written: str, start: dt.time) -> None:
    """As written on a notice board: '17h' is five in the afternoon and `time: 6` six in the
    morning (YAML reads it as the number 6: not six minutes past midnight)."""
    text = SITE_YAML + SCHEDULE.replace('{day: mon, time: "06:00"', "{day: mon, time: " + written)
    doc, _ = parse_yaml(text, Path("site.yaml"))
    config, problems = load_config(doc)
    assert config is not None, [p.message() for p in problems]
    from generator.loudspeaker.settings import loudspeaker_settings
    schedule = loudspeaker_settings(config).schedule
    assert schedule is not None and schedule.slots[0].start == start


@pytest.mark.parametrize("written, weekday", [
    ("mon", 0), ("t2", 0), ('"thứ 2"', 0), ('"Thứ Hai"', 0), ('"THỨ BẢY"', 5), ('"thứ 7"', 5), ('"Chủ nhật"', 6),
    ("CN", 6), ('"thứ tư"', 2), ('"Thứ Bẩy"', 5), ('"thu 2"', 0), ('"chu nhat"', 6), ('"T.2"', 0),
    ('"thứ\u00a0hai"', 0),
])
def test_a_slot_falls_on_the_day_a_commune_writes(written: str, weekday: int) -> None:
    """Days as a notice board writes them: "thứ 2", "Thứ Hai", "Chủ nhật" as well as t2 and mon."""
    text = SITE_YAML + SCHEDULE.replace('{day: mon, time: "06:00"', "{day: " + written + ', time: "05:00"')
    doc, _ = parse_yaml(text, Path("site.yaml"))
    config, problems = load_config(doc)
    assert config is not None, [p.message() for p in problems]
    from generator.loudspeaker.settings import loudspeaker_settings
    schedule = loudspeaker_settings(config).schedule
    assert schedule is not None and schedule.slots[0].weekday == weekday


def test_a_wrong_day_is_told_the_written_out_forms() -> None:
    text = SITE_YAML + SCHEDULE.replace('{day: mon, time: "06:00"', '{day: "thứ tám", time: "05:00"')
    config, problems = load_config(parse_yaml(text, Path("site.yaml"))[0])
    assert config is None
    [problem] = [p for p in problems if p.is_error]
    assert "thứ 2 … thứ 7, chủ nhật" in problem.hint()


def test_check_warns_about_a_pinned_item_naming_no_resolution(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main
    content = make_site(tmp_path, site_yaml=SITE_YAML + SCHEDULE.replace("slug: ct-05", "slug: ct-06"))
    assert main(["check", "--content", str(content), "--fast"]) == 0
    said = capsys.readouterr().out
    assert f"site.yaml:{SITE_YAML.count(chr(10)) + 10}:" in said and "'ct-06' (vi)" in said

