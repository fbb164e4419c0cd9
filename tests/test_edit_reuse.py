"""The shortcuts a rebuild after one edit takes (issue 13): each one still rebuilds what an
edit affects, and the output equals a clean build."""
from __future__ import annotations

import html
import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from generator import pipeline, session_store
from generator.builders.base import BuildContext, BuildOptions
from generator.builders.images import ImagesBuilder
from generator.load import load_site
from generator.pipeline import build
from generator.session import BuildSession

from conftest import manifest, tree_bytes, write

REPO = Path(__file__).resolve().parent.parent


def test_a_page_shows_the_new_post_when_only_the_share_template_changed(tmp_path: Path, site_dir: Path) -> None:
    """A page's fingerprint takes the share view from the post and image it shows (not the whole
    view): a site's own post template changed to a text of the same size (so the share text's
    file, listed among the downloads, keeps its size) is a new page."""
    options = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site", "share"}))
    template = _own_template(site_dir, "share", "share-text.txt")
    output = tmp_path / "output"
    build(site_dir, output, options)
    page = output / "nq-57" / "index.html"
    assert "Xem chi tiết" in html.unescape(page.read_text(encoding="utf-8"))
    write(template, template.read_text(encoding="utf-8").replace('_("Xem chi tiết")', '"Xem toàn bộ"'))
    build(site_dir, output, options)
    assert "Xem toàn bộ:" in html.unescape(page.read_text(encoding="utf-8"))
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=options.only))
    assert tree_bytes(output) == tree_bytes(clean)


def _own_template(site_dir: Path, *parts: str) -> Path:
    """The default theme's template at `parts`, copied into the site's own templates/."""
    template = site_dir.joinpath("templates", *parts)
    template.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO.joinpath("templates", *parts), template)
    return template


def _sizes(output: Path, kind: str) -> dict[str, int]:
    """Each file of `kind` in the build's manifest, with its size."""
    return {a["path"]: a["size"] for a in manifest(output)["artifacts"] if a["kind"] == kind}


def _with_chart(folder: Path) -> None:
    """A chart in the summary's first key point, and its file."""
    image = Image.new("RGB", (120, 80), (200, 30, 30))
    out = io.BytesIO()
    image.save(out, "PNG")
    (folder / "bieu-do.png").write_bytes(out.getvalue())
    vi = folder / "vi.md"
    text = vi.read_text(encoding="utf-8")
    at = text.index("\n- ") + 3
    write(vi, text[:at] + "![Biểu đồ](bieu-do.png) " + text[at:])


def test_the_images_builder_has_an_item_only_for_a_resolution_with_photos(tmp_path: Path, site_dir: Path) -> None:
    """A site of text pays nothing per resolution in the images builder; a photo added later is
    processed, and the site is the same as a clean build's."""
    options = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site"}))
    output = tmp_path / "output"
    _with_chart(site_dir / "resolutions" / "nq-57")
    site, _ = load_site(site_dir)
    ctx = BuildContext(site=site, staging=None, options=options)        # items() reads only the model
    assert [res.slug for res in ImagesBuilder(ctx).items()] == ["nq-57"]
    build(site_dir, output, options)
    _with_chart(site_dir / "resolutions" / "ct-05")
    build(site_dir, output, options)
    assert "bieu-do-120.png" in (output / "ct-05" / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=options.only))
    assert tree_bytes(output) == tree_bytes(clean)


# ---------------------------------------------------------------- where the session is saved

def _forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each time the pipeline saves the session from a forked process."""
    started: list[int] = []
    real = pipeline.in_background

    def counted(work):
        started.append(1)
        return real(work)
    monkeypatch.setattr(pipeline, "in_background", counted)
    return started


def test_an_edits_session_is_saved_here_and_a_large_reading_apart(tmp_path: Path, site_dir: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking a process that holds the whole model costs more than writing an edit's folder:
    the session of a build that read few folders is written by the build itself, that of one
    that read many (a first build of a large site) by a forked process; either way the next
    process restores every folder."""
    options = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site"}))
    output = tmp_path / "output"
    forks = _forks(monkeypatch)
    monkeypatch.setattr(pipeline, "SAVED_APART", 2)
    build(site_dir, output, options)                                    # two folders read: apart
    assert forks == [1]
    vi = site_dir / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai đã sửa"))
    build(site_dir, output, options)                                    # one folder read: here
    assert forks == [1]
    fresh = BuildSession()
    assert session_store.restore(fresh, options.cache_dir, site_dir)
    assert session_store.unwritten(fresh) == 0
    restored = {os.path.basename(folder): loaded[2][0] for folder, loaded in fresh.loaded.items()}
    site, _ = load_site(site_dir)
    for res in site.resolutions:                # the edit's folder as it is now, the other as it was
        assert restored[res.slug].summaries["vi"].source_hash == res.summaries["vi"].source_hash
        assert restored[res.slug].summaries["vi"].sections == res.summaries["vi"].sections


def test_every_field_a_list_row_shows_makes_its_lists_again(tmp_path: Path, site_dir: Path) -> None:
    """A list page is reused by its rows' fingerprints, made from what a row shows without
    making the row: each of those fields edited alone gives the lists of a clean build."""
    options = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site"}))
    output, folder = tmp_path / "output", site_dir / "resolutions" / "ct-05"
    build(site_dir, output, options)
    edits = [("vi.md", "summary: Tóm tắt ngắn của văn bản.", "summary: Tóm tắt khác của văn bản."),
             ("resolution.yaml", "code: 05-CT/TW", "code: 06-CT/TW"),
             ("resolution.yaml", "kind: nghi-quyet", "kind: chi-thi"),
             ("resolution.yaml", "issued: 2016-05-15", "issued: 2016-06-15")]
    for number, (name, old, new) in enumerate(edits):
        text = (folder / name).read_text(encoding="utf-8")
        assert old in text
        write(folder / name, text.replace(old, new))
        build(site_dir, output, options)
        clean = tmp_path / f"clean-{number}"
        build(site_dir, clean, BuildOptions(no_audio=True, only=options.only))
        assert tree_bytes(output) == tree_bytes(clean), name


def test_an_edit_leaves_the_browse_page_404_and_static_files_in_place(tmp_path: Path, site_dir: Path) -> None:
    """They are reused as the pages are: an edit that changes none of what they show does not
    make them again (their files stay, the very same), the edited page is made again, and the
    output is a clean build's."""
    options = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site"}))
    output = tmp_path / "output"
    build(site_dir, output, options)
    kept = ["tra-cuu/index.html", "404.html", "assets/style.css", "assets/share.js", "assets/icon.svg"]
    assert all((output / path).is_file() for path in kept)
    before = {path: (output / path).stat().st_ino for path in kept}
    summary = site_dir / "resolutions" / "ct-05" / "vi.md"
    page = (output / "ct-05" / "index.html").stat().st_ino
    write(summary, summary.read_text(encoding="utf-8").replace("\n- ", "\n- Thêm một ý. ", 1))
    build(site_dir, output, options)
    assert {path: (output / path).stat().st_ino for path in kept} == before
    assert (output / "ct-05" / "index.html").stat().st_ino != page and "Thêm một ý." in (
        output / "ct-05" / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=options.only))
    assert tree_bytes(output) == tree_bytes(clean)


def test_attachments_and_svgs_are_kept_while_unchanged_and_published_anew_when_replaced(
        tmp_path: Path, site_dir: Path) -> None:
    """A resolution's attachments and SVGs are items like its pages: an edit elsewhere keeps their
    published files (the very same), and a file replaced by another of the same size and
    modification time (small: by its bytes; large: by its inode and change time) is published
    anew, never the stale one."""
    folder = site_dir / "resolutions" / "ct-05"
    small, large, svg = folder / "bao-cao.pdf", folder / "phu-luc.pdf", folder / "so-do.svg"
    small.write_bytes(b"%PDF-1.4 small " + b"a" * 1000)
    large.write_bytes(b"%PDF-1.4 large " + b"b" * 400_000)            # above changes.SMALL_FILE
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>',
                   encoding="utf-8")
    summary = folder / "vi.md"
    write(summary, summary.read_text(encoding="utf-8")
          + "\n[Báo cáo](bao-cao.pdf), [Phụ lục](phu-luc.pdf)\n\n![Sơ đồ](so-do.svg)\n")
    options = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site"}))
    output = tmp_path / "output"
    build(site_dir, output, options)
    published = ["ct-05/bao-cao.pdf", "ct-05/phu-luc.pdf", "ct-05/so-do.svg"]
    before = {path: (output / path).stat().st_ino for path in published}
    other = site_dir / "resolutions" / "nq-57" / "vi.md"
    write(other, other.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai, sửa", 1))
    build(site_dir, output, options)
    assert {path: (output / path).stat().st_ino for path in published} == before

    for source, fill in ((small, b"c"), (large, b"d")):
        info = source.stat()
        replacement = source.with_name("new")
        replacement.write_bytes(source.read_bytes()[:15] + fill * (info.st_size - 15))
        os.utime(replacement, ns=(info.st_atime_ns, info.st_mtime_ns))
        os.replace(replacement, source)
        assert (source.stat().st_size, source.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    write(other, other.read_text(encoding="utf-8").replace("Ý thứ hai, sửa", "Ý thứ hai, sửa lại", 1))
    build(site_dir, output, options)
    assert (output / "ct-05/bao-cao.pdf").read_bytes() == small.read_bytes()
    assert (output / "ct-05/phu-luc.pdf").read_bytes() == large.read_bytes()
    assert (output / "ct-05/so-do.svg").stat().st_ino == before["ct-05/so-do.svg"]
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=options.only))
    assert tree_bytes(output) == tree_bytes(clean)


def test_a_page_is_made_again_when_a_file_it_lists_changes_size(tmp_path: Path, site_dir: Path) -> None:
    """A page's fingerprint takes each listed download's kind, path and size (site.download_inputs),
    not the list it shows: the loudspeaker text made longer by the site's own template
    (the same path, nothing the page shows besides its size) makes every page that lists it
    again, and the site equals a clean build."""
    options = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site", "loudspeaker"}))
    template = _own_template(site_dir, "loudspeaker", "script.txt")
    output = tmp_path / "output"
    build(site_dir, output, options)
    pages = ("nq-57/index.html", "hmn/nq-57/index.html", "ct-05/index.html")
    before = {page: (output / page).stat().st_ino for page in pages}
    sizes = _sizes(output, "loudspeaker-text")
    assert len(sizes) == 3
    write(template, template.read_text(encoding="utf-8") + "\n" + "Ban biên tập. " * 200 + "\n")
    build(site_dir, output, options)
    after = _sizes(output, "loudspeaker-text")
    assert sizes.keys() == after.keys() and all(after[path] > sizes[path] + 2000 for path in sizes)
    assert [page for page in pages if (output / page).stat().st_ino == before[page]] == []
    clean = tmp_path / "clean"
    build(site_dir, clean, BuildOptions(no_audio=True, only=options.only))
    assert tree_bytes(output) == tree_bytes(clean)


def test_a_pages_download_inputs_are_every_file_it_lists_in_an_order_of_their_own() -> None:
    """download_inputs: the same whatever order staging holds the files in; an MP3's Opus copy
    (which the player links) is among them, a file the page does not list is not."""
    from generator.builders.site import download_inputs
    from generator.machinery.output import Artifact
    files = [Artifact("nq", "vi", "leaflet-a4", "nq/to-roi-a4.pdf", 900),
             Artifact("nq", "vi", "loudspeaker-audio", "nq/loa.mp3", 5000),
             Artifact("nq", "vi", "loudspeaker-audio-opus", "nq/loa.opus", 2000),
             Artifact("nq", "vi", "page", "nq/index.html", 7000)]
    inputs = download_inputs(files)
    assert inputs == download_inputs(files[::-1])
    assert {path for _, path, _ in inputs} == {"nq/to-roi-a4.pdf", "nq/loa.mp3", "nq/loa.opus"}
    assert download_inputs([*files[:2], Artifact("nq", "vi", "loudspeaker-audio-opus", "nq/loa.opus", 2001)]) != inputs
