"""The build session: what one build remembers for the next, in memory (serve) and saved as data."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import session_store
from generator.builders.base import BuildOptions
from generator.machinery.cache_seal import read_sealed, write_sealed
from generator import load as loader
from generator.load import load_site
from generator.pipeline import build
from generator.session import BuildSession
from generator.session_store import SESSION_FILE

from conftest import EXAMPLE_CONTENT, tree_bytes


def _options(tmp_path: Path) -> BuildOptions:
    return BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site", "search", "calendar"}))


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    original = loader._load_resolution

    def counting(folder, *rest):
        read.append(folder.name)
        return original(folder, *rest)
    monkeypatch.setattr(loader, "_load_resolution", counting)
    return read


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_a_new_process_reads_only_the_folder_that_changed_and_builds_the_same(
        tmp_path: Path, site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "output"
    build(site_dir, output, _options(tmp_path))                       # a first `build` process
    saved = read_sealed(tmp_path / ".cache" / SESSION_FILE).decode("utf-8")
    for line in saved.split("\n"):                                    # data: JSON, line by line
        json.loads(line)
    read = _count_reads(monkeypatch)
    _edit(site_dir / "resolutions" / "ct-05" / "vi.md", "Ý thứ hai", "Ý thứ hai đã sửa")
    build(site_dir, output, _options(tmp_path))                       # a second one: a new session
    assert read == ["ct-05"]
    assert "Ý thứ hai đã sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=frozenset({"site", "search", "calendar"})))
    assert tree_bytes(output) == tree_bytes(clean)


def test_the_restored_model_equals_the_model_read_from_the_files(tmp_path: Path) -> None:
    """Every resolution of the example content (translations, reviews, problems) comes back equal."""
    cache = tmp_path / "cache"
    first = BuildSession()
    site, problems = load_site(EXAMPLE_CONTENT, session=first)
    session_store.save(first, cache, EXAMPLE_CONTENT)
    second = BuildSession()
    assert session_store.restore(second, cache, EXAMPLE_CONTENT)
    assert second.loaded == first.loaded
    assert {key: value[3] for key, value in second.reviewed.items()} == \
        {key: value[3] for key, value in first.reviewed.items()}
    again, problems_again = load_site(EXAMPLE_CONTENT, session=second)
    assert again.resolutions == site.resolutions and problems_again == problems
    assert second.reads == 0                                          # nothing read from the folders


@pytest.mark.parametrize("damage", [
    lambda text: text.replace("Ý thứ nhất", "Ý thứ ba", 1),                        # edited: the hash fails
    lambda text: text[: len(text) // 2],                                             # cut short
    lambda text: text.replace('"code": "', '"code": "x', 1),                         # the seal fails
    lambda text: "not json\n" + text,
])
def test_a_saved_session_that_does_not_verify_is_not_used(tmp_path: Path, site_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch, damage) -> None:
    output = tmp_path / "output"
    build(site_dir, output, _options(tmp_path))
    path = tmp_path / ".cache" / SESSION_FILE
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    (tmp_path / ".cache" / "up-to-date.json").unlink()                 # else the make rule stops the build
    read = _count_reads(monkeypatch)
    expected = tree_bytes(output)
    build(site_dir, output, _options(tmp_path))
    assert sorted(read) == ["ct-05", "nq-57"]                         # every folder read again
    assert tree_bytes(output) == expected


def test_a_saved_session_creates_only_the_models_classes(tmp_path: Path, site_dir: Path) -> None:
    """A file naming any other class (written by someone who can write the cache) is refused,
    even with a correct hash: nothing but the model's own dataclasses is ever constructed."""
    cache = tmp_path / "cache"
    session = BuildSession()
    load_site(site_dir, session=session)
    session_store.save(session, cache, site_dir)
    path = cache / SESSION_FILE
    body = read_sealed(path).decode("utf-8").replace('"$c":"Point"', '"$c":"Popen"', 1)
    assert '"$c":"Popen"' in body
    write_sealed(path, body.encode("utf-8"))                          # sealed again: only the class is wrong
    fresh = BuildSession()
    assert not session_store.restore(fresh, cache, site_dir)
    assert fresh.loaded == {} and fresh.reviewed == {}


def test_a_session_saved_for_another_content_folder_is_not_used(tmp_path: Path, site_dir: Path) -> None:
    cache = tmp_path / "cache"
    session = BuildSession()
    load_site(site_dir, session=session)
    session_store.save(session, cache, site_dir)
    assert not session_store.restore(BuildSession(), cache, tmp_path / "other" / "content")
    assert session_store.restore(BuildSession(), cache, site_dir)


def test_serve_keeps_one_session_and_each_cli_run_makes_its_own(tmp_path: Path, site_dir: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a session, build() starts as a new process (only the saved file helps it);
    with one, a rebuild finds the content in memory."""
    output = tmp_path / "output"
    session = BuildSession()
    build(site_dir, output, BuildOptions(no_audio=True, only=frozenset({"site"})), session=session)
    read = _count_reads(monkeypatch)
    _edit(site_dir / "resolutions" / "nq-57" / "vi.md", "Ý thứ nhất", "Ý thứ nhất (sửa)")
    build(site_dir, output, BuildOptions(no_audio=True, only=frozenset({"site"})), session=session)
    assert read == ["nq-57"]
    read.clear()
    build(site_dir, output, BuildOptions(no_audio=True, only=frozenset({"site"})))   # no cache, no session
    assert sorted(read) == ["ct-05", "nq-57"]


def test_builders_hand_on_what_others_need_without_reading_staging_back(tmp_path: Path, site_dir: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's share block (the share builder's post) and the sitemap's language versions (the
    pages' hreflang links) come from what the builders published, also when every item is reused
    from the previous build; no file of the staging folder is opened for reading."""
    import builtins
    import io
    import xml.etree.ElementTree as ET
    opened: list[str] = []
    real_open = io.open

    def watching(file, mode="r", *args, **kwargs):
        if "staging" in str(file) and not any(flag in mode for flag in "wax+"):
            opened.append(str(file))
        return real_open(file, mode, *args, **kwargs)
    monkeypatch.setattr(builtins, "open", watching)
    monkeypatch.setattr(io, "open", watching)
    output = tmp_path / "output"
    options = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, jobs=1,
                           only=frozenset({"share", "site", "feeds", "search", "calendar"}))
    build(site_dir, output, options)
    first = (output / "sitemap.xml").read_bytes()
    (tmp_path / ".cache" / "up-to-date.json").unlink()                 # past the make rule: every item reused
    build(site_dir, output, options)
    monkeypatch.undo()
    assert opened == []
    assert (output / "sitemap.xml").read_bytes() == first
    links = ET.fromstring(first).findall(".//{http://www.w3.org/1999/xhtml}link")
    assert {link.get("hreflang") for link in links} == {"vi-VN", "hmn-Latn-VN"}
    post = (output / "nq-57" / "nq-57-vi-chia-se.txt").read_text(encoding="utf-8-sig").replace("\r\n", "\n").strip()
    page = (output / "nq-57" / "index.html").read_text(encoding="utf-8")
    import html
    assert html.escape(post.splitlines()[0], quote=False) in page


def test_serve_writes_its_session_when_it_stops_not_after_each_rebuild(tmp_path: Path, site_dir: Path) -> None:
    import os
    from generator.serve import Preview
    cache = tmp_path / ".cache"
    server = Preview(site_dir, tmp_path / "output", BuildOptions(no_audio=True, cache_dir=cache,
                                                                 only=frozenset({"site"})),
                     port=0, log=open(os.devnull, "w"))
    server.start()
    try:
        assert not (cache / SESSION_FILE).exists()          # rebuilds keep it in memory only
    finally:
        server.stop()
    assert session_store.restore(BuildSession(), cache, site_dir)   # the next `build` starts from it
