"""The path of an editor who installs only the package (issue 14): the wheel, in a fresh venv
with no extras, then `init`, `check`, `build --no-audio` and `serve`; built again with the
system fonts hidden (a mount namespace), the PDFs and share images are the same bytes, embed
their fonts, and hold every title and point of the example, in Vietnamese and in Hmong.

Slow (it installs the wheel's dependencies into a new venv), so `pytest -m "not wheel"` skips it;
CI runs it with the rest of the suite.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
from pathlib import Path

import pytest

from conftest import manifest
from test_precompiled import LOADS_WITHOUT_COMPILING
from generator.load import load_site

pytestmark = pytest.mark.wheel

REPO = Path(__file__).resolve().parent.parent
PRINTED = ("leaflet-a4", "leaflet-a5", "leaflet-trifold", "study-sheet", "loudspeaker-print", "share-image")
LEAFLETS = ("leaflet-a4", "leaflet-a5", "leaflet-trifold")


def run(*command: str | Path, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def can_hide_system_fonts() -> bool:
    if not shutil.which("unshare") or not Path("/usr/share/fonts").is_dir():
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs none /usr/share/fonts"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `tuyentruyen` of a fresh venv that has only the wheel (and its dependencies)."""
    root = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", root / "dist", REPO, cwd=root)
    wheels = list((root / "dist").glob("tuyentruyen-*.whl"))
    assert len(wheels) == 1
    run(sys.executable, "-m", "venv", root / "venv", cwd=root)
    bin_dir = root / "venv" / ("Scripts" if os.name == "nt" else "bin")
    run(bin_dir / "python", "-m", "pip", "install", "-q", wheels[0], cwd=root)
    # Only the wheel: nothing of the checkout is importable from the new venv.
    where = run(bin_dir / "python", "-c", "import generator; print(generator.__file__)", cwd=root).stdout
    assert str(root / "venv") in where
    return bin_dir / "tuyentruyen"


@pytest.fixture(scope="module")
def site(installed: Path) -> Path:
    folder = installed.parent.parent.parent / "site"
    done = run(installed, "init", folder, cwd=folder.parent)
    assert "tuyentruyen serve" in done.stdout
    refused = subprocess.run([str(installed), "init", str(folder)], capture_output=True, text=True)
    assert refused.returncode == 1 and "init" in refused.stderr and "Traceback" not in refused.stderr
    return folder


def test_init_check_build_and_serve_from_the_wheel_alone(installed: Path, site: Path) -> None:
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        "content/pages/gioi-thieu.vi.md", "content/resolutions/nq-18-dat-dai/hmn.md",
        "content/resolutions/nq-18-dat-dai/resolution.yaml", "content/resolutions/nq-18-dat-dai/vi.md",
        "content/site.yaml"]
    assert "1 văn bản, 2 bản tóm tắt" in run(installed, "check", cwd=site).stdout
    run(installed, "build", "--no-audio", "-q", cwd=site)
    kinds = {(e["kind"], e["lang"]) for e in manifest(site / "output")["artifacts"]}
    assert {(kind, lang) for kind in PRINTED for lang in ("vi", "hmn")} <= kinds
    assert (site / "output" / "gioi-thieu" / "index.html").is_file() or any(
        "gioi-thieu" in e["path"] for e in manifest(site / "output")["artifacts"])

    port = free_port()
    server = subprocess.Popen([str(installed), "serve", "--port", str(port), "--output", "preview"], cwd=site,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = None
        deadline = time.monotonic() + 120
        while page is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/nq-18-dat-dai/", timeout=5) as answer:
                    page = answer.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert page is not None, server.stdout.read() if server.poll() is not None else "no answer"
        assert "Đất đai thuộc sở hữu toàn dân" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_wheel_loads_the_default_theme_precompiled_and_byte_compiled(installed: Path) -> None:
    """The theme's compiled modules travel in the wheel (generator/compiled_theme/), pip
    byte-compiles them at install, and a build loads them without compiling any template."""
    python = installed.parent / ("python.exe" if os.name == "nt" else "python")
    done = run(python, "-c", LOADS_WITHOUT_COMPILING, cwd=installed.parent)
    package = Path(done.stdout.split(" precompiled ", 1)[1].strip())
    assert "venv" in package.parts and package.name == "compiled_theme"
    modules = sorted(p.stem for p in package.glob("*.py"))
    assert len(modules) > 5 and int(done.stdout.split()[0]) == len(modules)
    cached = {p.name.split(".")[0] for p in (package / "__pycache__").glob("*.pyc")}
    assert set(modules) <= cached


@pytest.mark.skipif(not can_hide_system_fonts(), reason="needs a mount namespace (unshare -m, as root)")
def test_without_system_fonts_every_pdf_and_image_is_the_same_bytes_and_complete(installed: Path,
                                                                                  site: Path) -> None:
    normal, hidden = site.parent / "normal" / "output", site.parent / "hidden" / "output"
    run(installed, "build", "--no-audio", "-q", "--output", normal, cwd=site)
    # Outputs in different folders have different caches: the second build renders everything again.
    script = 'mount -t tmpfs none /usr/share/fonts && test -z "$(ls /usr/share/fonts)" && exec "$@"'
    run("unshare", "-m", "sh", "-c", script, "sh", installed, "build", "--no-audio", "-q", "--output", hidden,
        cwd=site)
    printed = [e for e in manifest(hidden)["artifacts"] if e["kind"] in PRINTED]
    assert {e["path"] for e in printed} == {e["path"] for e in manifest(normal)["artifacts"] if e["kind"] in PRINTED}
    assert len(printed) == 2 * len(PRINTED)
    for entry in printed:
        assert (hidden / entry["path"]).read_bytes() == (normal / entry["path"]).read_bytes(), entry["path"]

    content, problems = load_site(site / "content")
    assert content is not None, problems
    resolution = content.resolutions[0]
    for entry in printed:
        if entry["kind"] == "share-image":
            continue
        listing = run("pdffonts", hidden / entry["path"], cwd=site).stdout.splitlines()[2:]
        assert listing and all(row.split()[-5] == "yes" for row in listing), entry["path"]   # the "emb" column
        if entry["kind"] in LEAFLETS:
            text = flat(run("pdftotext", "-raw", hidden / entry["path"], "-", cwd=site).stdout)
            summary = resolution.summaries[entry["lang"]]
            expected = [summary.title] + [p.text for s in summary.sections if s.key for p in s.points]
            assert len(expected) > 5
            for wanted in expected:
                assert flat(wanted) in text, (entry["path"], wanted)


def flat(text: str) -> str:
    """NFC with whitespace collapsed (the PDF breaks lines where the source did not), and none
    after a slash or hyphen, where a line may break inside a word ("18-NQ/" "TW")."""
    return re.sub(r"(?<=[/-]) ", "", " ".join(unicodedata.normalize("NFC", text).split()))
