"""`tuyentruyen new` refuses names that could not become a folder everywhere, or that the site uses."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.portable_names import SLUG_MAX_LENGTH


@pytest.mark.parametrize("slug, said", [
    ("assets", "dành riêng"), ("chu-de", "dành riêng"), ("hmn", "dành riêng"), ("con", "dành riêng"),
    ("lpt1", "dành riêng"), ("a" * (SLUG_MAX_LENGTH + 1), "quá 80 ký tự"), ("nq-" + "57" * 200, "quá 80 ký tự"),
    ("Nghị-quyết", "không hợp lệ"), ("../ra-ngoai", "không hợp lệ"),
    ("Kế hoạch 12 Đất đai", "ví dụ ke-hoach-12-dat-dai."),       # the name to type instead
    ("CON", "ví dụ con-1."), ("Chủ đề", "ví dụ chu-de-1."),     # never a name refused in turn
])
def test_new_refuses_reserved_long_and_bad_names(site_dir: Path, capsys: pytest.CaptureFixture[str], slug: str,
                                                 said: str) -> None:
    before = sorted(p.name for p in (site_dir / "resolutions").iterdir())
    assert main(["new", slug, "--content", str(site_dir)]) == 1
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert sorted(p.name for p in (site_dir / "resolutions").iterdir()) == before


def test_new_takes_the_longest_allowed_name(site_dir: Path) -> None:
    slug = "k" * SLUG_MAX_LENGTH
    assert main(["new", slug, "--content", str(site_dir)]) == 0
    assert (site_dir / "resolutions" / slug / "vi.md").is_file()
