"""The shortcuts a rebuild after one edit takes (issue 13): each one still rebuilds what an
edit affects, and the output equals a clean build."""
from __future__ import annotations

import html
import shutil
from pathlib import Path

from generator.builders.base import BuildOptions
from generator.pipeline import build

from conftest import tree_bytes, write

REPO = Path(__file__).resolve().parent.parent


def test_a_page_shows_the_new_post_when_only_the_share_template_changed(tmp_path: Path, site_dir: Path) -> None:
    """A page's fingerprint takes the share view from the post and image it shows (not the whole
    view): a site's own post template changed to a text of the same size (so the share text's
    file, listed among the downloads, keeps its size) is a new page."""
    options = BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True, only=frozenset({"site", "share"}))
    template = site_dir / "templates" / "share" / "share-text.txt"
    template.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "templates" / "share" / "share-text.txt", template)
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
