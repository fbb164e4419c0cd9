"""Hostile content stays text: no script runs, no file outside content/ is read or copied."""
from __future__ import annotations

import re
from pathlib import Path

from generator.load import load_site
from generator.pipeline import build

from conftest import Page, make_site

HOSTILE_MD = """\
---
title: "<script>alert('tiêu đề')</script> Nghị quyết"
summary: "<img src=x onerror=alert(1)>"
---

Mở đầu <script>alert(2)</script> <iframe src="https://evil.example/"></iframe>

## Nội dung cốt lõi
- Ý có <a href="javascript:alert(3)">liên kết</a> và [markdown](javascript:alert(4))
- <span onmouseover="alert(5)">di chuột</span> <object data="x.swf"></object>
- <a href="JaVaScRiPt:alert(6)">hoa thường</a> <img src="data:text/html,<script>alert(7)</script>">

## Điểm mới
- <style>body{display:none}</style> điểm mới

## Liên hệ vận dụng tại địa phương
- xã
"""


def test_hostile_markup_is_neutralised(tmp_path: Path) -> None:
    files = {"resolution.yaml": "code: \"<b>1</b>\"\nkind: nghi-quyet\nlevel: tinh\nissuer: \"<script>x()</script>\"\nissued: 2024-01-01\n",
             "vi.md": HOSTILE_MD}
    content = make_site(tmp_path, {"nq-1": files})
    site, problems = load_site(content)
    assert site is not None
    warned_lines = sorted({p.line for p in problems if p.code == "unsafe-html"})
    assert warned_lines == [6, 9, 10, 11, 14]
    output = tmp_path / "out"
    build(content, output)
    for path in output.rglob("*.html"):
        page = Page(path)
        # Only the theme's own script files (search, share), never a script from the content.
        assert all(re.fullmatch(r"(\.\./)*assets/[a-z-]+\.js", s.get("src", "")) for s in page.find_all("script"))
        assert not page.find_all("iframe") and not page.find_all("object")
        assert not page.find_all("style")
        for _, attrs in page.elements:
            assert not any(name.startswith("on") for name in attrs), (path, attrs)
            for value in (attrs.get("href", ""), attrs.get("src", "")):
                assert not value.lower().replace(" ", "").startswith(("javascript:", "data:")), value
    page = Page(output / "nq-1" / "index.html")
    assert "<script>alert('tiêu đề')</script> Nghị quyết" in page.text  # shown as text
    assert "di chuột" in page.text and "điểm mới" in page.text


def test_path_traversal_is_refused_and_nothing_outside_is_copied(tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"secret")
    md = ("---\ntitle: T\n---\n\n## Nội dung cốt lõi\n- ![a](../../../secret.jpg)\n- ![b](/etc/passwd)\n"
          "- [c](..%2F..%2F..%2Fsecret.jpg)\n- ![d](C:\\Windows\\win.ini)\n\n## Điểm mới\n- b\n\n## Liên hệ vận dụng\n- c\n")
    content = make_site(tmp_path, {"nq-1": {"resolution.yaml": "code: 1\nkind: nghi-quyet\nlevel: tinh\nissuer: X\nissued: 2024-01-01\n",
                                            "vi.md": md}})
    site, problems = load_site(content)
    outside = [(p.line, p.code) for p in problems if p.code == "path-outside"]
    assert outside == [(6, "path-outside"), (7, "path-outside"), (8, "path-outside"), (9, "path-outside")]
    assert site is None


def test_a_relative_link_to_another_page_is_told_as_a_link_not_a_file(tmp_path: Path) -> None:
    """`[Kết luận 224](../kl-224/)` was refused with "copy the file next to the .md": no file to copy."""
    md = ("---\ntitle: T\n---\n\n## Nội dung cốt lõi\n- Xem [Kết luận 224](../kl-224/)\n- [Giới thiệu](../../gioi-thieu)\n"
          "- [bản Mông](../nq-2/hmn.md)\n- [quy chế](../nq-2/quy-che.pdf)\n\n## Điểm mới\n- b\n\n## Liên hệ vận dụng\n- c\n")
    content = make_site(tmp_path, {"nq-1": {"resolution.yaml": "code: 1\nkind: nghi-quyet\nlevel: tinh\nissuer: X\nissued: 2024-01-01\n",
                                            "vi.md": md}})
    site, problems = load_site(content)
    assert site is None
    assert [(p.line, p.code) for p in problems if p.is_error] == [
        (6, "link-to-page"), (7, "link-to-page"), (8, "link-to-page"), (9, "path-outside")]
    told = next(p for p in problems if p.code == "link-to-page")
    assert "'../kl-224/'" in told.message() and "https://" in told.hint() and "Chép tệp" not in told.hint()


def test_symlink_escape_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"secret")
    content = make_site(tmp_path)
    link = content / "resolutions" / "nq-57" / "anh.png"
    link.symlink_to(secret)
    vi = content / "resolutions" / "nq-57" / "vi.md"
    vi.write_text(vi.read_text(encoding="utf-8") + "\n![x](anh.png)\n", encoding="utf-8")
    site, problems = load_site(content)
    assert [p.code for p in problems] == ["path-outside"]
