"""A failed build leaves the previous output/ exactly as it was."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.builders.site import SiteBuilder
from generator.cli import main
from generator.diagnostics import ContentError
from generator.machinery.output import UnsafeOutputError
from generator.pipeline import build

from conftest import tree_bytes, write


@pytest.fixture
def previous(tmp_path: Path, site_dir: Path) -> tuple[Path, dict[str, bytes]]:
    output = tmp_path / "output"
    build(site_dir, output)
    (output / ".gitignore").write_text("*\n")
    return output, tree_bytes(output)


def test_bad_content_leaves_output_untouched(site_dir: Path, previous: tuple[Path, dict[str, bytes]],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    output, before = previous
    write(site_dir / "resolutions" / "nq-57" / "resolution.yaml", "code: 1\nkind: sai\nlevel: tinh\nissuer: X\nissued: 2024-01-01\n")
    assert main(["build", "--content", str(site_dir), "--output", str(output)]) == 1
    assert tree_bytes(output) == before
    err = capsys.readouterr().err
    assert "resolution.yaml:2:" in err and "giữ nguyên" in err
    assert not list(output.parent.glob(".output.*"))  # no staging left behind


def test_template_error_leaves_output_untouched(site_dir: Path, previous: tuple[Path, dict[str, bytes]]) -> None:
    output, before = previous
    write(site_dir / "templates" / "site" / "home.html", "{% extends 'base.html' %}{% block main %}{{ broken( }}{% endblock %}")
    with pytest.raises(ContentError) as info:
        build(site_dir, output)
    assert info.value.problems[0].code == "template-error"
    assert tree_bytes(output) == before


def test_crash_midway_leaves_output_untouched(site_dir: Path, previous: tuple[Path, dict[str, bytes]],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    output, before = previous
    write(site_dir / "resolutions" / "nq-57" / "vi.md",
          (site_dir / "resolutions" / "nq-57" / "vi.md").read_text(encoding="utf-8").replace("Ý thứ hai", "Ý đã sửa"))

    def explode(self: SiteBuilder) -> None:
        raise RuntimeError("disk full")
    monkeypatch.setattr(SiteBuilder, "finish", explode)
    with pytest.raises(RuntimeError):
        build(site_dir, output)
    assert tree_bytes(output) == before
    assert not list(output.parent.glob(".output.*"))


def test_successful_rebuild_keeps_hidden_placeholder(site_dir: Path, previous: tuple[Path, dict[str, bytes]]) -> None:
    output, _ = previous
    build(site_dir, output)
    assert (output / ".gitignore").read_text() == "*\n"


def test_refuses_to_replace_a_folder_that_is_not_a_build(tmp_path: Path, site_dir: Path) -> None:
    documents = tmp_path / "documents"
    write(documents / "bao-cao.docx", "quan trọng")
    with pytest.raises(UnsafeOutputError):
        build(site_dir, documents)
    assert (documents / "bao-cao.docx").read_text(encoding="utf-8") == "quan trọng"
    with pytest.raises(UnsafeOutputError):
        build(site_dir, site_dir)
