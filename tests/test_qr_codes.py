"""Each page's QR code kept in the cache (builders/qr_codes.py): an edit's print builders take it
from there instead of drawing it in the building process (segno and its imports: ≈ 0.025 CPU s,
issue 13), and a code kept for another address, by other code, or damaged is drawn again."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from generator import cache_gc
from generator.builders import print_worker, qr_codes
from generator.builders.base import BuildOptions
from generator.machinery.cache_seal import write_sealed
from generator.pdf import qr_svg
from generator.pipeline import build
from generator.session import BuildSession

from conftest import imported_by_a_build, make_site
from test_pdf_helpers import qr_codes as decoded

STRAY = "vi-nghi-quyet-da-xoa"          # the code of a page deleted since


def _built_in_a_new_process(content: Path, output: Path) -> bool:
    """`build --jobs 1` (no print worker: a code not kept is drawn in the building process) run by a
    new interpreter; whether it imported segno."""
    argv = ["build", "--content", str(content), "--output", str(output), "--no-audio", "--quiet", "--lang", "en",
            "--jobs", "1", "--only", "leaflets,brief,qa-sheet"]
    return imported_by_a_build(argv, ["segno"])["segno"]


def test_an_edit_prints_its_pages_kept_code_without_drawing_it(tmp_path: Path) -> None:
    content, output = make_site(tmp_path), tmp_path / "output"
    assert _built_in_a_new_process(content, output)                   # drawn, then kept
    a4 = output / "nq-57" / "nq-57-vi-to-roi-a4.pdf"
    address = decoded(a4, 2, tmp_path, dpi=200)
    kept = tmp_path / ".tuyentruyen-cache" / "qr-codes" / "vi-nq-57"
    assert kept.is_file() and len(address) == 1 and address[0].endswith("/nq-57/")
    summary = content / "resolutions" / "nq-57" / "vi.md"
    text = summary.read_text(encoding="utf-8")
    summary.write_text(text.replace("Ý thứ hai", "Ý thứ hai, ban biên tập vừa bổ sung", 1), encoding="utf-8")
    assert not _built_in_a_new_process(content, output)               # its code as kept
    assert a4.stat().st_mtime_ns > kept.stat().st_mtime_ns          # the leaflet made anew…
    assert decoded(a4, 2, tmp_path, dpi=200) == address                      # …with its page's code


def _drawn_and_kept(url: str, cache: Path, name: str) -> str:
    """page_qr in a new session, then what a build's write phase keeps (qr_codes.keep_drawn_codes)."""
    session = BuildSession()
    code = print_worker.page_qr(session, url, cache, name)
    qr_codes.keep_drawn_codes(session)
    return code


def test_a_code_kept_for_another_address_or_damaged_is_drawn_again(tmp_path: Path) -> None:
    cache, name, session = tmp_path / "cache", "vi-nq-57", BuildSession()
    old, new = "https://example.org/nq-57/", "https://tuyentruyen.example.vn/nq-57/"
    key = lambda url: qr_codes.code_key(session, url)       # noqa: E731
    assert _drawn_and_kept(old, cache, name) == qr_svg(old)
    assert qr_codes.kept_code(cache, name, key(old)) == qr_svg(old)
    assert qr_codes.kept_code(cache, name, key(new)) is None                # site.yaml's base_url changed
    assert _drawn_and_kept(new, cache, name) == qr_svg(new)
    assert qr_codes.kept_code(cache, name, key(new)) == qr_svg(new) and qr_codes.kept_code(cache, name, key(old)) is None
    (cache / "qr-codes" / name).write_bytes(b"not sealed")
    assert qr_codes.kept_code(cache, name, key(new)) is None
    write_sealed(cache / "qr-codes" / name, b"another key\n<svg/>")     # sealed, but not for this address and code
    assert qr_codes.kept_code(cache, name, key(new)) is None
    assert _drawn_and_kept(new, cache, name) == qr_svg(new)
    assert print_worker.page_qr(BuildSession(), new) == qr_svg(new)    # no cache: drawn


def test_segno_is_asked_its_version_once_a_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page's key names segno's version: read from its files once, not for every page (≈ 0.2 ms each)."""
    asked: list[str] = []
    monkeypatch.setattr(qr_codes, "library_version", lambda name: asked.append(name) or "1.0")
    session = BuildSession()
    for slug in ("nq-57", "ct-05", "kl-224"):
        print_worker.page_qr(session, f"https://example.org/{slug}/", tmp_path, cache_gc.page_name("vi", slug))
    assert asked == ["segno"]


def test_the_codes_of_pages_the_output_no_longer_has_are_pruned(tmp_path: Path, site_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_gc, "KEEP_YOUNG", 0)
    output, cache = tmp_path / "output", tmp_path / ".cache"
    options = BuildOptions(cache_dir=cache, no_audio=True)
    build(site_dir, output, options)
    codes = cache / cache_gc.QR_CODE_FOLDER
    live = sorted(p.name for p in codes.iterdir())
    assert "vi-ct-05" in live and "vi-nq-57" in live
    (codes / STRAY).write_bytes(b"x")
    summary = site_dir / "resolutions" / "ct-05" / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai (1)", 1), encoding="utf-8")
    build(site_dir, output, options)                                # a full build: the cache swept
    assert sorted(p.name for p in codes.iterdir()) == live


def test_a_build_keeps_the_codes_it_drew_once_its_builders_are_done(tmp_path: Path, site_dir: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawn for every page by a first build, the codes are written on the write phase's thread, not
    one by one by the building process while it shares the cores with the PDF workers (issue 13: the
    cold build of everything); a code asked again in the build is the one drawn."""
    keeping: list[tuple[str, str]] = []
    write = qr_codes.write_sealed
    monkeypatch.setattr(qr_codes, "write_sealed", lambda path, data: keeping.append(
        (threading.current_thread().name, Path(path).name)) or write(path, data))
    cache = tmp_path / ".cache"
    session = BuildSession()
    build(site_dir, tmp_path / "output", BuildOptions(cache_dir=cache, no_audio=True), session=session)
    kept = sorted(p.name for p in (cache / cache_gc.QR_CODE_FOLDER).iterdir())
    assert "vi-ct-05" in kept and "vi-nq-57" in kept and session.drawn_codes == {}
    assert sorted(name for _, name in keeping) == kept and {thread for thread, _ in keeping} == {"write-phase"}
    address = "https://example.org/nq-57/"
    drawn = print_worker.page_qr(session, address, cache, "vi-x")
    monkeypatch.setattr(print_worker, "_made_code", lambda *args: "drawn twice")
    assert print_worker.page_qr(session, address, cache, "vi-x") == drawn == qr_svg(address)


def test_a_failed_build_keeps_the_codes_it_drew(tmp_path: Path, site_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The codes do not depend on the output, which a failure leaves as it was: the next build
    takes them from the cache instead of drawing them again."""
    from generator.builders.site import SiteBuilder

    def failed(self: SiteBuilder) -> None:
        raise RuntimeError("the site's templates are broken")
    monkeypatch.setattr(SiteBuilder, "run", failed)
    cache = tmp_path / ".cache"
    with pytest.raises(RuntimeError):
        build(site_dir, tmp_path / "output", BuildOptions(cache_dir=cache, no_audio=True))
    kept = sorted(p.name for p in (cache / cache_gc.QR_CODE_FOLDER).iterdir())
    assert "vi-ct-05" in kept and "vi-nq-57" in kept
