"""The build session: what one build remembers for the next, in memory (serve) and saved as data."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator import session_store
from generator.builders.base import BuildOptions
from generator.machinery.cache_pack import Pack
from generator.machinery.cache_seal import read_sealed, write_sealed
from generator import load as loader
from generator.load import load_site
from generator.pipeline import build
from generator.content.model import Summary
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
    lambda text: text.replace("ct-05", "ct-06", 1),                                  # edited: the seal fails
    lambda text: text[: len(text) // 2],                                             # cut short
    lambda text: text.replace('"code":"', '"code":"x', 1),                           # the seal fails
    lambda text: "not json\n" + text,
])
def test_a_saved_session_whose_index_does_not_verify_is_not_used(tmp_path: Path, site_dir: Path,
                                                                  monkeypatch: pytest.MonkeyPatch, damage) -> None:
    output = tmp_path / "output"
    build(site_dir, output, _options(tmp_path))
    path = tmp_path / ".cache" / SESSION_FILE
    damaged = damage(path.read_text(encoding="utf-8"))
    assert damaged != path.read_text(encoding="utf-8")
    path.write_text(damaged, encoding="utf-8")
    (tmp_path / ".cache" / "up-to-date.json").unlink()                 # else the make rule stops the build
    read = _count_reads(monkeypatch)
    expected = tree_bytes(output)
    build(site_dir, output, _options(tmp_path))
    assert sorted(read) == ["ct-05", "nq-57"]                         # every folder read again
    assert tree_bytes(output) == expected


# ---------------------------------------------------------------- one entry at a time

def _saved(tmp_path: Path, site_dir: Path) -> tuple[Path, list[str]]:
    """The example site loaded and its session saved: the cache folder and the index's lines."""
    cache = tmp_path / "cache"
    session = BuildSession()
    load_site(site_dir, session=session)
    session_store.save(session, cache, site_dir)
    return cache, read_sealed(cache / SESSION_FILE).decode("utf-8").split("\n")


def _reseal(cache: Path, lines: list[str]) -> None:
    """Written back with a correct seal: what someone who can write the cache can do."""
    write_sealed(cache / SESSION_FILE, "\n".join(lines).encode("utf-8"))


def _line_of(lines: list[str], slug: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(f'["{slug}",'))


# An index line: [name, signature, site key, heavy ref, the resolution's fields, problems, review].
HEAVY, RESOLUTION, PROBLEMS = 3, 4, 5


def _forged(line: str, change) -> str:
    """An index line (sealed again by the caller) changed by `change`."""
    parts = json.loads(line)
    change(parts)
    return json.dumps(parts, ensure_ascii=False)


def _heavy_fields(site) -> dict:
    return {(res.slug, lang): (summary.lead, summary.sections, summary.footnotes, summary.source)
            for res in site.resolutions for lang, summary in res.summaries.items()}


def _reload(cache: Path, site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], BuildSession, list]:
    """A new session restored from the cache, the site loaded with it and every summary's
    trees and text read: the folders read from their files, the session, the model."""
    fresh = BuildSession()
    assert session_store.restore(fresh, cache, site_dir)
    read = _count_reads(monkeypatch)
    site, _ = load_site(site_dir, session=fresh)
    heavy = _heavy_fields(site)
    monkeypatch.undo()
    return read, fresh, heavy


def test_a_restored_session_decodes_a_folders_trees_only_when_they_are_read(tmp_path: Path, site_dir: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    cache, _ = _saved(tmp_path, site_dir)
    expected = _heavy_fields(load_site(site_dir)[0])
    pack = next(cache.glob("session.*.pack"))
    opened: list[str] = []
    real = Pack.read
    monkeypatch.setattr(Pack, "read", lambda self, ref: opened.append(self.name.split(".")[0]) or real(self, ref))
    fresh = BuildSession()
    assert session_store.restore(fresh, cache, site_dir)
    site, _ = load_site(site_dir, session=fresh)
    assert opened == [] and fresh.reads == 0              # titles, metadata, problems: from the index alone
    for res in site.resolutions:                           # which builders list their items by
        for summary in res.summaries.values():
            assert summary.section("brief") is None and summary.questions_answers == ()
            assert "path" not in summary.__dict__          # made when first read
            assert summary.path == site_dir / "resolutions" / res.slug / f"{summary.lang}.md"
    assert opened == []
    nq = site.resolution("nq-57")
    assert nq.summaries["vi"].sections == load_site(site_dir)[0].resolution("nq-57").summaries["vi"].sections
    # One folder's entry read, for both its languages, and the two trees it links to in the tree memo.
    assert sorted(opened) == ["markdown-trees", "markdown-trees", "session"]
    nq.summaries["hmn"].source
    assert len(opened) == 3
    assert _heavy_fields(site) == expected and pack.is_file()
    import pickle
    ct = site.resolution("ct-05").summaries["vi"]          # to a worker process: a plain Summary
    assert type(pickle.loads(pickle.dumps(ct))) is Summary
    assert pickle.loads(pickle.dumps(ct)) == load_site(site_dir)[0].resolution("ct-05").summaries["vi"]


@pytest.mark.parametrize("damage", ["flip", "truncate", "missing"])
def test_a_damaged_pack_entry_reads_that_folder_again(tmp_path: Path, site_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    cache, lines = _saved(tmp_path, site_dir)
    expected = _heavy_fields(load_site(site_dir)[0])
    pack = next(cache.glob("session.*.pack"))
    offset, length, _ = json.loads(lines[_line_of(lines, "nq-57")])[HEAVY]
    data = bytearray(pack.read_bytes())
    if damage == "flip":
        data[offset + length // 2] ^= 0x04
        pack.write_bytes(bytes(data))
    elif damage == "truncate":
        pack.write_bytes(bytes(data[: offset + length - 1]))
    else:
        pack.unlink()
    read, fresh, heavy = _reload(cache, site_dir, monkeypatch)
    assert heavy == expected
    assert sorted(read) == (["ct-05", "nq-57"] if damage == "missing" else ["nq-57"])
    session_store.save(fresh, cache, site_dir)             # the damaged entry written anew
    read, _, heavy = _reload(cache, site_dir, monkeypatch)
    assert read == [] and heavy == expected


def test_two_swapped_entries_are_not_taken_for_each_other(tmp_path: Path, site_dir: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The heavy entries of two folders swapped in the index (sealed again): each names its own
    folder, so both folders are read again; the light parts swapped: neither line is used."""
    cache, lines = _saved(tmp_path, site_dir)
    expected = _heavy_fields(load_site(site_dir)[0])
    one, two = _line_of(lines, "nq-57"), _line_of(lines, "ct-05")
    parts = [json.loads(lines[i]) for i in (one, two)]
    parts[0][HEAVY], parts[1][HEAVY] = parts[1][HEAVY], parts[0][HEAVY]
    swapped = list(lines)
    for i, line in zip((one, two), parts):
        swapped[i] = json.dumps(line, ensure_ascii=False)
    _reseal(cache, swapped)
    read, _, heavy = _reload(cache, site_dir, monkeypatch)
    assert heavy == expected and sorted(read) == ["ct-05", "nq-57"]
    swapped = list(lines)
    for i, j in ((one, two), (two, one)):
        swapped[i] = json.dumps([*json.loads(lines[i])[:RESOLUTION], *json.loads(lines[j])[RESOLUTION:PROBLEMS + 1],
                                 json.loads(lines[i])[-1]], ensure_ascii=False)
    _reseal(cache, swapped)
    fresh = BuildSession()
    assert session_store.restore(fresh, cache, site_dir)
    assert fresh.loaded == {}


POPEN = {"$c": "Popen", "f": {"args": ["touch", "/tmp/owned"]}}


def _set(at: list, value) -> callable:
    """A change of the light part: the value at the place `at` (indexes, keys) set to `value`."""
    def change(light) -> None:
        for key in at[:-1]:
            light = light[key]
        light[at[-1]] = value
    return change


@pytest.mark.parametrize("change", [
    _set([RESOLUTION, 9], [POPEN]),  # as an attachment
    _set([RESOLUTION, 10], {"$g": {"$m": [["x", POPEN]]}}),  # in the metadata
    _set([RESOLUTION, 12], POPEN),  # as a review override
    _set([PROBLEMS], [POPEN]),  # as a problem
    _set([RESOLUTION, 13, "vi", 3], {"$g": POPEN}),  # as the front matter
])
def test_a_saved_session_creates_only_the_models_classes(tmp_path: Path, site_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch, change) -> None:
    """A line naming any other class (written by someone who can write the cache) is refused,
    even with a correct seal: nothing but the model's own dataclasses is ever constructed, and
    that folder alone is read again."""
    cache, lines = _saved(tmp_path, site_dir)
    at = _line_of(lines, "nq-57")
    lines[at] = _forged(lines[at], change)
    assert '"$c": "Popen"' in lines[at]
    _reseal(cache, lines)
    read, fresh, heavy = _reload(cache, site_dir, monkeypatch)
    assert read == ["nq-57"]
    assert heavy == _heavy_fields(load_site(site_dir)[0])
    assert not Path("/tmp/owned").exists()


TERM = {"$c": "Term", "f": {"source": "x", "translations": {}}}


@pytest.mark.parametrize("forge", [
    lambda line: line.replace('["nq-57",', '["../other/nq-57",', 1),  # a folder of another site
    lambda line: line.replace('["nq-57",', '["/etc",', 1),  # a folder elsewhere
    lambda line: line.replace('["nq-57",', '["..",', 1),  # the content folder
    lambda line: line.replace('["nq-57",', '["ct-05",', 1),  # another folder's entry
    lambda line: _forged(line, _set([RESOLUTION, 0], "../nq-57")),  # a slug that leaves output/
    lambda line: _forged(line, _set([RESOLUTION, 5], {"$p": "2024-12-22"})),  # a path for a date
    lambda line: _forged(line, _set([RESOLUTION, 5], "không phải ngày")),  # not a date
    lambda line: _forged(line, _set([RESOLUTION, 1], {"$t": []})),  # not text
    lambda line: _forged(line, _set([RESOLUTION, 6], ["khoa-hoc", 5])),  # a topic not text
    lambda line: _forged(line, _set([RESOLUTION, 13, "vi", 0], TERM)),  # another class for a title
    lambda line: _forged(line, _set([RESOLUTION, 13, "vi", 3, "title"], 5)),  # a title from the front: not text
    lambda line: _forged(line, _set([RESOLUTION, 13, "vi", 5], [5])),  # a section's key not text
    lambda line: _forged(line, _set([RESOLUTION, 11], {"vi": ["x"]})),  # a script not text
    lambda line: _forged(line, lambda line: line[RESOLUTION].pop(4)),  # a field short
    lambda line: _forged(line, lambda line: line[RESOLUTION][13]["vi"].append(None)),  # a summary's field too many
    lambda line: line.replace('[["hmn.md","', '[["hmn.md",5,"', 1),  # a signature of another form
])
def test_an_entry_naming_another_folder_is_not_used(tmp_path: Path, site_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch, forge) -> None:
    cache, lines = _saved(tmp_path, site_dir)
    at = _line_of(lines, "nq-57")
    forged = forge(lines[at])
    assert forged != lines[at]
    lines[at] = forged
    _reseal(cache, lines)
    read, fresh, heavy = _reload(cache, site_dir, monkeypatch)
    assert read == ["nq-57"] and heavy == _heavy_fields(load_site(site_dir)[0])
    assert set(fresh.loaded) == {str(folder.resolve()) for folder in (site_dir / "resolutions").iterdir()}


def test_an_asset_outside_its_folder_is_refused(tmp_path: Path, site_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """An attachment whose saved name or file leaves the folder would be copied into output/."""
    (site_dir / "resolutions" / "nq-57" / "tep.pdf").write_bytes(b"%PDF-1.4\n")
    md = site_dir / "resolutions" / "nq-57" / "vi.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n[Tệp](tep.pdf)\n", encoding="utf-8")
    cache, lines = _saved(tmp_path, site_dir)
    at = _line_of(lines, "nq-57")
    assert '"name":"tep.pdf"' in lines[at]
    for forged in (lines[at].replace('"name":"tep.pdf"', '"name":"../../../../etc/passwd"', 1),
                   lines[at].replace('/nq-57/tep.pdf"', '/nq-57/../../../../etc/passwd"', 1)):
        assert forged != lines[at]
        _reseal(cache, [*lines[:at], forged, *lines[at + 1:]])
        read, _, _ = _reload(cache, site_dir, monkeypatch)
        assert read == ["nq-57"]


def test_an_entry_in_a_language_site_yaml_does_not_have_is_read_anew(tmp_path: Path, site_dir: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cache, lines = _saved(tmp_path, site_dir)
    at = _line_of(lines, "nq-57")
    lines[at] = lines[at].replace('"hmn":[', '"xx":[', 1)
    _reseal(cache, lines)
    read, _, _ = _reload(cache, site_dir, monkeypatch)
    assert read == ["nq-57"]


def test_a_session_saved_for_another_content_folder_is_not_used(tmp_path: Path, site_dir: Path) -> None:
    cache = tmp_path / "cache"
    session = BuildSession()
    load_site(site_dir, session=session)
    session_store.save(session, cache, site_dir)
    assert not session_store.restore(BuildSession(), cache, tmp_path / "other" / "content")
    assert session_store.restore(BuildSession(), cache, site_dir)


def test_a_rebuild_writes_back_only_what_changed(tmp_path: Path, site_dir: Path) -> None:
    """After an edit the pack grows by the edited folder's entry and the index keeps every
    other line as it was; the Markdown trees' pack grows by the edited file's tree."""
    output = tmp_path / "output"
    build(site_dir, output, _options(tmp_path))
    cache = tmp_path / ".cache"
    before = read_sealed(cache / SESSION_FILE).decode("utf-8").split("\n")
    pack = next(cache.glob("session.*.pack"))
    trees = next(cache.glob("markdown-trees.*.pack"))
    sizes = pack.stat().st_size, trees.stat().st_size
    _edit(site_dir / "resolutions" / "ct-05" / "vi.md", "Ý thứ hai", "Ý thứ hai đã sửa")
    build(site_dir, output, _options(tmp_path))
    after = read_sealed(cache / SESSION_FILE).decode("utf-8").split("\n")
    assert [line for line in after if line not in before] == [after[_line_of(after, "ct-05")]]
    assert pack.read_bytes()[:sizes[0]] == pack.read_bytes()[:sizes[0]] and pack.stat().st_size > sizes[0]
    grown = trees.stat().st_size - sizes[1]
    assert 0 < grown < sizes[1]                            # one tree appended, not all written again
    assert sorted(p.name for p in cache.glob("*.pack")) == sorted([pack.name, trees.name])


def test_dead_entries_are_dropped_when_they_outweigh_the_live_ones(tmp_path: Path, site_dir: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.machinery import cache_pack
    monkeypatch.setattr(cache_pack, "SLACK", 0)
    output = tmp_path / "output"
    cache = tmp_path / ".cache"
    build(site_dir, output, _options(tmp_path))
    first = next(cache.glob("session.*.pack"))
    for word in ("một", "hai", "ba", "bốn", "năm", "sáu"):
        _edit(site_dir / "resolutions" / "ct-05" / "vi.md", "Ý thứ hai", f"Ý thứ hai {word}")
        build(site_dir, output, _options(tmp_path))
    packs = list(cache.glob("session.*.pack"))
    assert len(packs) == 1 and packs[0] != first           # rewritten into a new pack, the old one removed
    monkeypatch.undo()
    read, _, heavy = _reload(cache, site_dir, monkeypatch)
    assert read == [] and heavy == _heavy_fields(load_site(site_dir)[0])


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


def test_an_index_naming_a_file_elsewhere_as_its_pack_reads_nothing_from_it(
        tmp_path: Path, site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache, lines = _saved(tmp_path, site_dir)
    elsewhere = tmp_path / "secret.pack"
    elsewhere.write_bytes(next(cache.glob("session.*.pack")).read_bytes())
    header = json.loads(lines[0])
    header["pack"] = "../secret.pack"
    _reseal(cache, [json.dumps(header), *lines[1:]])
    opened: list[str] = []
    real = Pack.read
    monkeypatch.setattr(Pack, "read", lambda self, ref: opened.append(str(self.path)) or real(self, ref))
    fresh = BuildSession()
    assert session_store.restore(fresh, cache, site_dir)
    read = _count_reads(monkeypatch)
    heavy = _heavy_fields(load_site(site_dir, session=fresh)[0])
    assert sorted(read) == ["ct-05", "nq-57"]
    assert str(elsewhere) not in opened and all(Path(path).parent == cache for path in opened)   # the tree memo's
    monkeypatch.undo()
    assert heavy == _heavy_fields(load_site(site_dir)[0])


def test_a_saved_tree_the_sanitiser_would_not_pass_is_not_published(tmp_path: Path, site_dir: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A heavy entry or a Markdown tree forged with a script, an event handler or a javascript:
    link (sealed again, its folder named right): the folder is read again from its files."""
    from generator.content import tree_memo
    from generator.machinery.cache_seal import read_json, write_json
    cache, lines = _saved(tmp_path, site_dir)
    session = BuildSession()
    load_site(site_dir, session=session)
    session.trees.save(cache)
    expected = _heavy_fields(load_site(site_dir)[0])
    at = _line_of(lines, "nq-57")
    where = json.loads(lines[at])
    pack = next(cache.glob("session.*.pack"))
    offset, length, _ = where[HEAVY]
    entry = pack.read_bytes()[offset:offset + length].decode("utf-8")
    link = re.search(r'\{"\$tree":\["[0-9a-f]{40}","[0-9a-f]{64}"\]\}', entry)
    assert link and '["li",[],' not in entry           # the trees linked to, in the tree memo
    for forged in ('["script",[],["alert(1)"]]', '["a",[["href","javascript:alert(1)"]],["x"]]',
                   '["li",[["onclick","alert(1)"]],["x"]]', '{"$c":"Summary","f":{}}', '{"$p":"/etc/passwd"}',
                   json.dumps({"$tree": [json.loads(link[0])["$tree"][0], "0" * 64]})):  # to other bytes
        tree = forged if forged.startswith('{"$tree"') else f"[{forged}]"
        bad = entry.replace(link[0], tree, 1).encode("utf-8")
        [ref] = Pack(cache, pack.name).append([bad])
        where[HEAVY] = list(ref)
        _reseal(cache, [*lines[:at], json.dumps(where, ensure_ascii=False),
                        *lines[at + 1:]])
        read, _, heavy = _reload(cache, site_dir, monkeypatch)
        assert read == ["nq-57"] and heavy == expected
    # The tree memo: the same forgeries render the summary again.
    memo = read_json(cache / tree_memo.MEMO_FILE)
    trees = Pack(cache, memo["pack"])
    for key, ref in memo["trees"].items():
        [memo["trees"][key]] = trees.append([b'[["script",[],["alert(1)"]]]'])
    write_json(cache / tree_memo.MEMO_FILE, memo)
    fresh = BuildSession()
    fresh.trees.load(cache)
    site, _ = load_site(site_dir, session=fresh)
    assert _heavy_fields(site) == expected
    # The saved session's links to those trees: not the bytes they were made with, the folder is
    # read again (ct-05's Vietnamese text is nq-57's: its link then finds the tree rendered anew).
    _reseal(cache, lines)
    read, _, heavy = _reload(cache, site_dir, monkeypatch)
    assert read[0] == "nq-57" and heavy == expected


def test_a_rebuild_after_one_edit_decodes_no_other_folders_trees(tmp_path: Path, site_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages of the unchanged folder are reused from their fingerprints (titles, hashes):
    its heavy entry is never read; the edited folder is read from its files."""
    options = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site"}))
    output = tmp_path / "output"
    build(site_dir, output, options)
    opened: list[str] = []
    real = Pack.read
    monkeypatch.setattr(Pack, "read", lambda self, ref: opened.append(self.name) or real(self, ref))
    read = _count_reads(monkeypatch)
    _edit(site_dir / "resolutions" / "ct-05" / "vi.md", "Ý thứ hai", "Ý thứ hai đã sửa")
    build(site_dir, output, options)
    assert read == ["ct-05"]
    assert not [name for name in opened if name.startswith("session.")]
    assert "Ý thứ hai đã sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")


def test_each_tree_is_encoded_once_and_stored_once_in_the_tree_memo(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a folder is read, each summary's tree is encoded once and stored once, in the tree
    memo's pack; the saved session's entry links to it (its key and SHA-256) instead of holding
    it a second time, and is cut into the same sections again when read back."""
    from generator.content import tree_memo
    encoded: list[bytes] = []
    real = tree_memo.encode_tree
    monkeypatch.setattr(tree_memo, "encode_tree", lambda nodes: encoded.append(real(nodes)) or encoded[-1])
    session = BuildSession()
    site, _ = load_site(EXAMPLE_CONTENT, session=session)
    summaries = [summary for res in site.resolutions for summary in res.summaries.values()]
    assert len(encoded) == len(summaries) == len(set(encoded))
    trees = list(encoded)                   # (saving the memo encodes the free pages' trees too)
    cache = tmp_path / "cache"
    session_store.save(session, cache, EXAMPLE_CONTENT)         # the tree memo first, then the session
    packs = {path.name.split(".")[0]: path.read_bytes() for path in cache.glob("*.pack")}
    for tree in trees:
        assert packs["markdown-trees"].count(tree) == 1 and packs["session"].count(tree) == 0
    links = re.findall(rb'\{"\$tree":\["[0-9a-f]{40}","[0-9a-f]{64}"\]\}', packs["session"])
    assert len(links) == len(summaries)
    assert b'"$c":"Section"' not in packs["session"] and b'"$c":"Point"' not in packs["session"]
    fresh = BuildSession()
    assert session_store.restore(fresh, cache, EXAMPLE_CONTENT)
    assert _heavy_fields(load_site(EXAMPLE_CONTENT, session=fresh)[0]) == _heavy_fields(site)
    assert fresh.reads == 0


def test_a_summarys_source_crosses_processes_as_its_text() -> None:
    """A load worker's answer carries each summary's source text, not what the worker read of
    it (blocks and sections, read again where asked): the same source, equal in every way."""
    import pickle
    site, _ = load_site(EXAMPLE_CONTENT)
    source = site.resolutions[0].summaries["vi"].source
    assert source.sections and "_read" in source.__dict__           # read by the loader and the review
    sent = pickle.loads(pickle.dumps(source))
    assert "_read" not in sent.__dict__ and len(pickle.dumps(source)) < len(source.text.encode("utf-8")) + 200
    assert sent == source and sent.sections == source.sections and sent.lead == source.lead


def test_a_section_whose_points_hold_other_nodes_is_saved_whole() -> None:
    """The saved plan names a point's nodes by their place in its section; a point holding a
    node found nowhere there (no loader makes one today) is not lost: its section is saved
    whole, and both read back equal."""
    from dataclasses import replace
    from types import MappingProxyType
    from generator.content.htmltree import Node
    from generator.content.model import Point
    site, problems = load_site(EXAMPLE_CONTENT)
    resolution = site.resolutions[0]
    summary = resolution.summaries["vi"]
    stray = Point(nodes=(Node("p", (), ("Một ý ở ngoài",)),), text="Một ý ở ngoài", line=3)
    first = replace(summary.sections[0], points=(*summary.sections[0].points, stray))
    changed = replace(summary, sections=(first, *summary.sections[1:]))
    resolution = replace(resolution, summaries=MappingProxyType({**resolution.summaries, "vi": changed}))
    encoded = session_store.encoded_parts(str(resolution.folder), (), (resolution, problems), None, None, False)
    entry = json.loads(encoded.heavy[0], object_hook=session_store._decode)
    tree, source, plan = entry["parts"]["vi"]
    assert isinstance(plan[2][0], type(first)) and all(isinstance(section, list) for section in plan[2][1:])
    decoded = session_store._HeavyParts(None, BuildSession().trees)._split(tree, source, plan)
    assert decoded == {"lead": changed.lead, "sections": changed.sections, "footnotes": changed.footnotes,
                       "source": changed.source}


# ---------------------------------------------------------------- the index line's form (format 4)

def test_the_index_forms_cover_every_field_of_the_model() -> None:
    """Restored models are made field by field: a field added to Resolution or Summary must be
    given a form in session_store (else no folder is saved at all, and this fails)."""
    assert session_store._COVERED


def test_front_matter_json_does_not_give_back_as_it_was_round_trips(tmp_path: Path, site_dir: Path) -> None:
    """A date in the front matter (no JSON type), a title the loader normalised (not the front
    matter's text), an unknown field (a problem): each comes back equal, through the tagged
    codec or stored apart, and the summary's title is not taken from the front matter."""
    md = site_dir / "resolutions" / "nq-57" / "vi.md"
    md.write_text(md.read_text(encoding="utf-8").replace(
        "title: Nghị quyết số 57-NQ/TW về khoa học",
        "title: Nghị quyết   số 57   về khoa học\ndate: 2024-12-23\nghi_chu: [một, {hai: 2}]", 1),
        encoding="utf-8")
    first = BuildSession()
    site, problems = load_site(site_dir, session=first)
    summary = site.resolution("nq-57").summaries["vi"]
    assert summary.title == "Nghị quyết số 57 về khoa học" != summary.front["title"]
    assert any(problem.code == "unknown-front-field" for problem in problems)
    cache = tmp_path / "cache"
    session_store.save(first, cache, site_dir)
    line = json.loads(read_sealed(cache / SESSION_FILE).decode("utf-8").split("\n")[_line_of(
        read_sealed(cache / SESSION_FILE).decode("utf-8").split("\n"), "nq-57")])
    title, text, _, front, *_ = line[RESOLUTION][13]["vi"]
    assert title == summary.title and text is None and "$g" in front and line[PROBLEMS]
    second = BuildSession()
    assert session_store.restore(second, cache, site_dir)
    assert second.loaded == first.loaded
    again, problems_again = load_site(site_dir, session=second)
    assert again.resolutions == site.resolutions and problems_again == problems and second.reads == 0
    assert type(again.resolution("nq-57").summaries["vi"].front["date"]).__name__ == "date"


def test_an_index_of_the_format_before_is_read_anew_once(tmp_path: Path, site_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache written by the version before (the format before, sealed) is not used: every folder is
    read once, and the session written in this format serves the next build."""
    cache, lines = _saved(tmp_path, site_dir)
    header = json.loads(lines[0])
    header["format"] = session_store.FORMAT - 1
    _reseal(cache, [json.dumps(header), *lines[1:]])
    assert not session_store.restore(BuildSession(), cache, site_dir)
    fresh = BuildSession()
    read = _count_reads(monkeypatch)
    load_site(site_dir, session=fresh)
    assert sorted(read) == ["ct-05", "nq-57"]
    session_store.save(fresh, cache, site_dir)
    assert json.loads(read_sealed(cache / SESSION_FILE).split(b"\n")[0])["format"] == session_store.FORMAT
    read.clear()
    again = BuildSession()
    assert session_store.restore(again, cache, site_dir)
    load_site(site_dir, session=again)
    assert read == []


@pytest.mark.parametrize("change", ["edit", "rename", "delete", "add", "title"])
def test_a_rebuild_from_the_saved_session_builds_what_a_clean_build_does(tmp_path: Path, site_dir: Path,
                                                                         change: str) -> None:
    """Each change to the content, built by a new process from the saved session, gives the
    output a build without any cache gives (every byte)."""
    output = tmp_path / "output"
    build(site_dir, output, _options(tmp_path))
    folders = site_dir / "resolutions"
    if change == "edit":
        _edit(folders / "ct-05" / "vi.md", "Ý thứ hai", "Ý thứ hai đã sửa")
    elif change == "rename":
        (folders / "ct-05").rename(folders / "ct-05-moi")
    elif change == "delete":
        import shutil
        shutil.rmtree(folders / "ct-05")
    elif change == "add":
        import shutil
        shutil.copytree(folders / "ct-05", folders / "ct-06")
        _edit(folders / "ct-06" / "resolution.yaml", "05-CT/TW", "06-CT/TW")
    else:
        _edit(folders / "nq-57" / "hmn.md", "(Hmoob)", "(Hmoob tshiab)")
    build(site_dir, output, _options(tmp_path))
    assert json.loads(read_sealed(tmp_path / ".cache" / SESSION_FILE).split(b"\n")[0])["format"] == session_store.FORMAT
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=frozenset({"site", "search", "calendar"})))
    assert tree_bytes(output) == tree_bytes(clean)
