"""Fingerprints know the theme and the fonts by what they are, not where they lie or when their
files were written: tuyentruyen installed again (same files, new times) or in another folder
rebuilds nothing, while a site font whose bytes change renders its PDFs again."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.builders.base import BuildOptions
from generator.fonts import PACKAGED_DIR
from generator.pipeline import build

from conftest import REPO, manifest


def inodes(output: Path) -> dict[str, int]:
    return {entry["path"]: (output / entry["path"]).stat().st_ino for entry in manifest(output)["artifacts"]}


def edit(site_dir: Path, text: str) -> None:
    summary = site_dir / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", text, 1), encoding="utf-8")


def reinstalled(root: Path) -> Path:
    """The package and its theme copied to another folder with new file times, as `pip install`
    into another venv leaves them."""
    copy = root / "elsewhere"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "generator", copy / "generator", copy_function=shutil.copy, ignore=ignore)
    shutil.copytree(REPO / "templates", copy / "templates", copy_function=shutil.copy, ignore=ignore)
    fonts = copy / "generator" / PACKAGED_DIR.relative_to(REPO / "generator")
    assert all(font.stat().st_mtime_ns != (PACKAGED_DIR / font.name).stat().st_mtime_ns for font in fonts.iterdir())
    return copy


def build_with(code: Path, site_dir: Path, output: Path, cache: Path, only: str) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(site_dir), "--output",
                           str(output), "--no-audio", "--only", only, "-q"], cwd=code,
                          env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_code_in_another_folder_with_new_file_times_reuses_every_page_and_pdf(tmp_path: Path,
                                                                                   site_dir: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / ".tuyentruyen-cache"
    build(site_dir, output, BuildOptions(no_audio=True, cache_dir=cache,
                                         only=frozenset({"site", "leaflets", "loudspeaker", "share"})))
    before = inodes(output)
    pdfs = sorted(path for path in before if path.endswith(".pdf"))
    assert pdfs and any(path.startswith("assets/") for path in before) and any(path.endswith(".png") for path in before)
    edit(site_dir, "Ý thứ hai, sửa")
    code = reinstalled(tmp_path)
    build_with(code, site_dir, output, cache, "site,leaflets,loudspeaker,share")
    after = inodes(output)
    made_again = sorted(path for path in before if after.get(path) != before[path])
    # The edited page and what lists it; every other resolution's page and PDF, and the static files, kept.
    assert "ct-05/index.html" in made_again
    assert [path for path in made_again if path.startswith(("nq-57/", "hmn/nq-57/", "assets/"))] == []
    assert [path for path in made_again if path.endswith(".pdf") and "ct-05" not in path] == []


def test_touching_the_packaged_fonts_renders_no_pdf_again(tmp_path: Path, site_dir: Path) -> None:
    """The same fonts with new modification times (copied back from a backup, a package
    manager's reinstall): only the edited resolution's PDFs are made."""
    output, cache = tmp_path / "output", tmp_path / ".tuyentruyen-cache"
    code = reinstalled(tmp_path)
    build_with(code, site_dir, output, cache, "leaflets")
    before = inodes(output)
    fonts = code / "generator" / PACKAGED_DIR.relative_to(REPO / "generator")
    for font in fonts.iterdir():
        info = font.stat()
        os.utime(font, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    edit(site_dir, "Ý thứ hai, sửa")
    build_with(code, site_dir, output, cache, "leaflets")
    after = inodes(output)
    made_again = sorted(path for path in before if after.get(path) != before[path])
    assert made_again and all("ct-05" in path for path in made_again if path.endswith(".pdf"))
    assert [path for path in made_again if path.startswith("nq-57/")] == []


def test_a_site_font_whose_bytes_change_renders_the_pdfs_again(tmp_path: Path, site_dir: Path) -> None:
    fonts = site_dir / "templates" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(PACKAGED_DIR / "DejaVuSerif.ttf", fonts / "Site.ttf")
    output, cache = tmp_path / "output", tmp_path / ".tuyentruyen-cache"
    # The builders of PDFs: the leaflets, the loudspeaker's print sheet, the lecturer's kit (as the
    # short version and the Q&A sheet: TypstOutputsBuilder), which this site has.
    options = BuildOptions(no_audio=True, cache_dir=cache,
                           only=frozenset({"leaflets", "loudspeaker", "brief", "qa-sheet", "lecture"}))
    build(site_dir, output, options)
    before = inodes(output)
    pdfs = [path for path in before if path.endswith(".pdf")]
    assert {"loudspeaker-print", "outline", "slides-pdf"} <= {a["kind"] for a in manifest(output)["artifacts"]}
    cached = {entry.name for entry in cache.iterdir() if entry.suffix == ".pdf"}
    assert pdfs and cached
    data = bytearray((fonts / "Site.ttf").read_bytes())
    data[-1] ^= 1                                           # a byte of padding after the last table
    info = (fonts / "Site.ttf").stat()
    (fonts / "Site.ttf").write_bytes(bytes(data))
    os.utime(fonts / "Site.ttf", ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    build(site_dir, output, options)
    after = inodes(output)
    assert [path for path in pdfs if after[path] == before[path]] == []
    assert {entry.name for entry in cache.iterdir() if entry.suffix == ".pdf"} - cached   # rendered, not read back


def test_a_folder_is_named_by_its_place_in_the_theme_the_package_or_the_content(tmp_path: Path) -> None:
    from generator.machinery.buildstate import place
    from generator.theme import default_theme_dir
    content = tmp_path / "content"
    assert place(default_theme_dir() / "site", content) == "theme:site"
    assert place(PACKAGED_DIR / "DejaVuSans.ttf") == "package:fonts/dejavu/DejaVuSans.ttf"
    assert place(content / "templates" / "site", content) == "content:templates/site"
    assert place(content, content) == "content:."
    assert place(tmp_path / "content-other" / "x", content) == str(tmp_path / "content-other" / "x")
