"""Incremental builds: unchanged items are reused, the result equals a clean build."""
from __future__ import annotations

from pathlib import Path

from generator.builders.base import BuildOptions
from generator.pipeline import build
from generator.session import BuildSession

from conftest import make_site, standard_resolution, tree_bytes, write


def options(tmp_path: Path) -> BuildOptions:
    return BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site"}))


def test_unchanged_pages_are_linked_and_edited_page_rebuilt(tmp_path: Path, site_dir: Path) -> None:
    output = tmp_path / "output"
    build(site_dir, output, options(tmp_path))
    before = {p: (output / p).stat().st_ino for p in ("nq-57/index.html", "ct-05/index.html", "hmn/nq-57/index.html")}
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai đã sửa"))
    build(site_dir, output, options(tmp_path))
    after = {p: (output / p).stat().st_ino for p in before}
    assert after["nq-57/index.html"] == before["nq-57/index.html"]          # hard-linked, not rewritten
    assert after["hmn/nq-57/index.html"] == before["hmn/nq-57/index.html"]
    assert after["ct-05/index.html"] != before["ct-05/index.html"]
    assert "Ý thứ hai đã sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    # identical to a clean build
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=frozenset({"site"})))
    assert tree_bytes(output) == tree_bytes(clean)


def test_template_change_rebuilds_everything(tmp_path: Path, site_dir: Path) -> None:
    output = tmp_path / "output"
    build(site_dir, output, options(tmp_path))
    write(site_dir / "templates" / "site" / "_item.html", '<li class="item custom">{{ item.title }}</li>\n')
    write(site_dir / "templates" / "site" / "resolution.html",
          '{% extends "base.html" %}{% block main %}<p class="custom">{{ res.title }}</p>{% endblock %}')
    build(site_dir, output, options(tmp_path))
    assert 'class="custom"' in (output / "nq-57" / "index.html").read_text(encoding="utf-8")


def test_related_title_change_updates_linking_page(tmp_path: Path, site_dir: Path) -> None:
    write(site_dir / "resolutions" / "kh-1" / "resolution.yaml",
          "code: 1-KH/HU\nkind: ke-hoach\nlevel: huyen\nissuer: X\nissued: 2025-01-01\nimplements: [nq-57]\n")
    write(site_dir / "resolutions" / "kh-1" / "vi.md",
          (site_dir / "resolutions" / "ct-05" / "vi.md").read_text(encoding="utf-8"))
    output = tmp_path / "output"
    build(site_dir, output, options(tmp_path))
    vi = site_dir / "resolutions" / "nq-57" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("title: Nghị quyết số 57-NQ/TW về khoa học", "title: Tên mới"))
    build(site_dir, output, options(tmp_path))
    assert "Tên mới" in (output / "kh-1" / "index.html").read_text(encoding="utf-8")


def test_quick_pass_keeps_outdated_pdfs_and_the_full_pass_catches_up(tmp_path: Path, site_dir: Path) -> None:
    """serve's quick pass: pages now, PDFs as they were; the next full build equals a clean one."""
    output = tmp_path / "output"
    full = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True)
    build(site_dir, output, full)
    leaflet = output / "ct-05" / "ct-05-vi-to-roi-a4.pdf"
    old_pdf = leaflet.read_bytes()
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai đã sửa"))

    quick = build(site_dir, output, BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, defer_expensive=True))
    assert "Ý thứ hai đã sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    assert leaflet.read_bytes() == old_pdf
    assert "leaflets:vi/ct-05" in quick.deferred and not any("nq-57" in key for key in quick.deferred)

    caught_up = build(site_dir, output, full)
    assert caught_up.deferred == [] and leaflet.read_bytes() != old_pdf
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True))
    assert tree_bytes(output) == tree_bytes(clean)


def test_nothing_changed_means_nothing_to_do(tmp_path: Path, site_dir: Path, monkeypatch) -> None:
    """The make rule: same inputs and an untouched output/ skip the build, warnings included."""
    import generator.pipeline as pipeline
    output = tmp_path / "output"
    opts = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True)
    first = build(site_dir, output, opts)
    before = tree_bytes(output)

    def must_not_load(*args, **kwargs):
        raise AssertionError("the content was read again")
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "load_site", must_not_load)
        again = build(site_dir, output, opts)
    assert tree_bytes(output) == before
    assert sorted(a.path for a in again.artifacts) == sorted(a.path for a in first.artifacts)
    assert [p.code for p in again.problems] == [p.code for p in first.problems]

    # Any change runs the build: a deleted output file, an edited summary, another day.
    (output / "ct-05" / "index.html").unlink()
    build(site_dir, output, opts)
    assert (output / "ct-05" / "index.html").is_file()
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai đã sửa"))
    build(site_dir, output, opts)
    assert "Ý thứ hai đã sửa" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "load_site", must_not_load)
        try:
            build(site_dir, output, opts)
            ran = False
        except AssertionError:
            ran = True
    assert ran


def test_list_pages_are_rendered_again_only_when_what_they_show_changed(tmp_path: Path, site_dir: Path) -> None:
    output = tmp_path / "output"
    build(site_dir, output, options(tmp_path))
    inode = lambda path: (output / path).stat().st_ino  # noqa: E731
    lists = ("nam/2024/index.html", "nam/2016/index.html", "loai/nghi-quyet/index.html", "index.html")
    before = {p: inode(p) for p in lists}
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai đã sửa"))   # not shown in lists
    build(site_dir, output, options(tmp_path))
    assert {p: inode(p) for p in lists} == before
    write(vi, vi.read_text(encoding="utf-8").replace("title: Chỉ thị số 05-CT/TW về học tập", "title: Tên mới"))
    build(site_dir, output, options(tmp_path))
    assert inode("nam/2024/index.html") == before["nam/2024/index.html"]     # lists only nq-57
    assert inode("nam/2016/index.html") != before["nam/2016/index.html"]
    assert "Tên mới" in (output / "loai" / "nghi-quyet" / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=frozenset({"site"})))
    assert tree_bytes(output) == tree_bytes(clean)


def _edit(path: Path, old: str, new: str) -> None:
    write(path, path.read_text(encoding="utf-8").replace(old, new))


def leftovers(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}."))


def larger_site(tmp_path: Path) -> Path:
    """Enough resolutions that one edit makes fewer files than it keeps (an update in place)."""
    return make_site(tmp_path, {f"nq-{n}": standard_resolution(f"{n}-NQ/TW", "2024-12-22", f"Nghị quyết số {n}-NQ/TW",
                                                               hmn=n < 3) for n in range(1, 25)})


def test_a_rebuild_updates_output_in_place_and_never_writes_into_a_file(tmp_path: Path) -> None:
    """After one edit only the files made again are moved into output/ (each a new file, so a
    reader holding the old one keeps it whole); the others are not touched; nothing is left beside."""
    site_dir, output = larger_site(tmp_path), tmp_path / "output"
    build(site_dir, output, options(tmp_path))
    held = tmp_path / "held.html"
    held.hardlink_to(output / "nq-1" / "index.html")                # as a reader holding the file open
    before = held.read_bytes()
    kept = {p: (output / p).stat() for p in ("nq-2/index.html", "hmn/nq-2/index.html")}
    folder = output.stat().st_ino
    _edit(site_dir / "resolutions" / "nq-1" / "vi.md", "Ý thứ hai", "Ý thứ hai (sửa)")
    build(site_dir, output, options(tmp_path))
    assert output.stat().st_ino == folder                           # updated in place, not swapped
    assert "(sửa)" in (output / "nq-1" / "index.html").read_text(encoding="utf-8")
    assert held.read_bytes() == before                              # replaced, not written into
    assert {p: (output / p).stat() for p in kept} == kept           # not even linked again
    assert leftovers(output) == []
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=frozenset({"site"})))
    assert tree_bytes(output) == tree_bytes(clean)


def test_files_the_build_no_longer_makes_are_removed_in_place(tmp_path: Path) -> None:
    """A resolution taken out: its pages and folders leave output/; a file added to output/ by
    hand, which no build listed, is left alone by an update in place."""
    site_dir, output = larger_site(tmp_path), tmp_path / "output"
    nq1 = site_dir / "resolutions" / "nq-1"
    moved = tmp_path / "nq-1"
    build(site_dir, output, options(tmp_path))
    (output / "stray.html").write_text("added by hand", encoding="utf-8")
    folder = output.stat().st_ino
    nq1.rename(moved)
    build(site_dir, output, options(tmp_path))
    assert output.stat().st_ino == folder
    assert not (output / "nq-1").exists() and not (output / "hmn" / "nq-1").exists()
    assert (output / "stray.html").read_text(encoding="utf-8") == "added by hand"
    (output / "stray.html").unlink()
    moved.rename(nq1)
    build(site_dir, output, options(tmp_path))
    assert (output / "nq-1" / "index.html").is_file() and (output / "hmn" / "nq-1" / "index.html").is_file()
    assert leftovers(output) == []
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=frozenset({"site"})))
    assert tree_bytes(output) == tree_bytes(clean)


def test_a_build_that_makes_most_files_again_swaps_the_whole_folder(tmp_path: Path, site_dir: Path) -> None:
    """A template edit makes every page again: the new folder is swapped in at once, the old
    one is removed, and a file added by hand goes with it."""
    output = tmp_path / "output"
    build(site_dir, output, options(tmp_path))
    (output / "stray.html").write_text("added by hand", encoding="utf-8")
    (output / ".htaccess").write_text("Options -Indexes\n", encoding="utf-8")
    folder = output.stat().st_ino
    write(site_dir / "templates" / "site" / "_item.html", '<li class="item custom">{{ item.title }}</li>\n')
    build(site_dir, output, options(tmp_path))
    assert output.stat().st_ino != folder
    assert not (output / "stray.html").exists()
    assert (output / ".htaccess").read_text(encoding="utf-8") == "Options -Indexes\n"
    assert leftovers(output) == []


def test_a_build_that_drops_whole_folder_trees_removes_them(tmp_path: Path, site_dir: Path) -> None:
    """Leftovers at several depths of one folder (hmn/index.html and hmn/nq-57/index.html): the
    folder emptied as the parent of a deeper one is not visited again."""
    output = tmp_path / "output"
    build(site_dir, output, options(tmp_path))
    assert (output / "hmn" / "index.html").is_file() and (output / "hmn" / "nq-57" / "index.html").is_file()
    _edit(site_dir / "resolutions" / "ct-05" / "vi.md", "Ý thứ nhất", "Ý thứ nhất (sửa)")
    build(site_dir, output, options(tmp_path))                  # the spare now holds the site
    images_only = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"images"}))
    build(site_dir, output, images_only)                        # (the example site has no photos)
    assert not (output / "hmn").exists()
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=frozenset({"images"})))
    assert tree_bytes(output) == tree_bytes(clean)


def test_serve_keeps_what_another_process_built_in_between(tmp_path: Path, site_dir: Path) -> None:
    """serve's session and another process build into the same output/ in turn: the page the
    other process remade is kept as it made it, not taken for serve's own earlier one."""
    output = tmp_path / "output"
    session = BuildSession()                                     # serve's
    build(site_dir, output, options(tmp_path), session=session)
    _edit(site_dir / "resolutions" / "ct-05" / "vi.md", "Ý thứ nhất", "Ý thứ nhất (sửa)")
    build(site_dir, output, options(tmp_path), session=session)
    # the same length, so the page's size does not give the change away
    _edit(site_dir / "resolutions" / "nq-57" / "vi.md", "Ý thứ hai", "Ý THỨ HAI")
    build(site_dir, output, options(tmp_path))                   # another process: a session of its own
    _edit(site_dir / "resolutions" / "ct-05" / "vi.md", "Ý thứ hai", "Ý thứ hai (sửa)")
    build(site_dir, output, options(tmp_path), session=session)
    assert "Ý THỨ HAI" in (output / "nq-57" / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=frozenset({"site"})))
    assert tree_bytes(output) == tree_bytes(clean)


def test_files_deleted_or_edited_by_hand_are_made_again_by_an_update_in_place(tmp_path: Path) -> None:
    """In serve's session as in a new process: a reused item's files are checked in output/
    (one stat each), so a page deleted or edited by hand, even to the same size, is made again."""
    site_dir, output = larger_site(tmp_path), tmp_path / "output"
    session = BuildSession()                                     # serve's
    build(site_dir, output, options(tmp_path), session=session)
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=frozenset({"site"})))
    for rounds, user in enumerate([session, None]):
        folder = output.stat().st_ino
        (output / "nq-3" / "index.html").unlink()
        page = output / "hmn" / "nq-2" / "index.html"
        page.write_bytes(page.read_bytes().replace(b"<html", b"<HTML", 1))
        _edit(site_dir / "resolutions" / "nq-5" / "vi.md", "Ý thứ hai", f"Ý thứ hai ({rounds})")
        build(site_dir, output, options(tmp_path), session=user)
        assert output.stat().st_ino == folder                   # an update in place
        _edit(site_dir / "resolutions" / "nq-5" / "vi.md", f"Ý thứ hai ({rounds})", "Ý thứ hai")
        build(site_dir, output, options(tmp_path), session=user)
        assert tree_bytes(output) == tree_bytes(clean), rounds


def test_a_manifest_naming_files_outside_output_makes_the_build_swap_and_touch_none(tmp_path: Path) -> None:
    """The update in place removes what the previous manifest listed and this build did not
    make; a manifest edited to name a file outside output/ is not trusted for that."""
    import json
    site_dir, output = larger_site(tmp_path), tmp_path / "output"
    build(site_dir, output, options(tmp_path))
    outside = tmp_path / "keep-me.txt"
    outside.write_text("not the build's", encoding="utf-8")
    listed = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    listed["artifacts"].append({"slug": None, "lang": None, "kind": "page", "path": "../keep-me.txt", "size": 14})
    (output / "manifest.json").write_text(json.dumps(listed), encoding="utf-8")
    _edit(site_dir / "resolutions" / "nq-5" / "vi.md", "Ý thứ hai", "Ý thứ hai (sửa)")
    build(site_dir, output, options(tmp_path))
    assert outside.read_text(encoding="utf-8") == "not the build's"
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=frozenset({"site"})))
    assert tree_bytes(output) == tree_bytes(clean)
