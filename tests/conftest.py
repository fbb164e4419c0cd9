"""Shared helpers: small content folders written in the test, HTML parsing of the output."""
from __future__ import annotations

import functools
import http.server
import json
import re
import signal
import subprocess
import sys
import threading
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

import pytest

# A suite started in the background of a non-interactive shell has Ctrl+C ignored, and every
# program it starts inherits that (Python then installs no KeyboardInterrupt handler), so the
# Ctrl+C tests would see a build that cannot be stopped. They need a console's behaviour.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_CONTENT = REPO / "content"
CHROMIUM = Path("/usr/bin/chromium")

SITE_YAML = """\
title: Tài liệu tuyên truyền nghị quyết
organisation: Trung tâm Văn hóa - Thể thao và Truyền thông huyện Tam Đường
base_url: https://example.gov.vn/tuyentruyen/
default_language: vi
languages:
  vi:
    name: Tiếng Việt
  hmn:
    name: Hmoob
    sections:
      key_points: "Cov ntsiab lus tseem ceeb"
      new_points: "Cov ntsiab lus tshiab"
      local_application: "Kev siv hauv zos"
"""

RESOLUTION_YAML = """\
code: {code}
kind: nghi-quyet
level: trung-uong
issuer: Bộ Chính trị
issued: {issued}
topics: [chuyen-doi-so]
"""

SUMMARY_VI = """\
---
title: {title}
summary: Tóm tắt ngắn của văn bản.
---

Đoạn mở đầu.

## Nội dung cốt lõi
- Ý thứ nhất về **khoa học**
  - chi tiết lồng bên trong
- Ý thứ hai

## Điểm mới
- Điểm mới thứ nhất

## Liên hệ vận dụng tại địa phương
- Xã Bản Bo triển khai
"""

SUMMARY_HMN = """\
---
title: Nghị quyết {code} (Hmoob)
summary: Lus luv.
---

## Cov ntsiab lus tseem ceeb
- Ntsiab lus ib

## Cov ntsiab lus tshiab
- Ntsiab lus tshiab

## Kev siv hauv zos
- Hauv zos
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_site(root: Path, resolutions: dict[str, dict[str, str]] | None = None, site_yaml: str = SITE_YAML) -> Path:
    """A content folder; `resolutions` maps slug → {filename: text}; default: two resolutions."""
    content = root / "content"
    write(content / "site.yaml", site_yaml)
    if resolutions is None:
        resolutions = {
            "nq-57": standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW về khoa học", hmn=True),
            "ct-05": standard_resolution("05-CT/TW", "2016-05-15", "Chỉ thị số 05-CT/TW về học tập"),
        }
    for slug, files in resolutions.items():
        for name, text in files.items():
            write(content / "resolutions" / slug / name, text)
    return content


def standard_resolution(code: str, issued: str, title: str, hmn: bool = False) -> dict[str, str]:
    files = {"resolution.yaml": RESOLUTION_YAML.format(code=code, issued=issued),
             "vi.md": SUMMARY_VI.format(title=title)}
    if hmn:
        files["hmn.md"] = SUMMARY_HMN.format(code=code)
    return files


class Page(HTMLParser):
    """Links, ids, text and elements of one HTML page."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.links: list[tuple[str, str, str]] = []   # (tag, attribute, url)
        self.ids: set[str] = set()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self._skip = 0
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        attributes = {k: (v or "") for k, v in attrs}
        self.elements.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for attr in ("href", "src"):
            if attr in attributes:
                self.links.append((tag, attr, attributes[attr]))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def find_all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def has_class(self, tag: str, cls: str) -> bool:
        return any(t == tag and cls in a.get("class", "").split() for t, a in self.elements)


def manifest(output: Path) -> dict[str, Any]:
    return json.loads((output / "manifest.json").read_text(encoding="utf-8"))


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    return make_site(tmp_path)


# ---------------------------------------------------------------- browsers and servers

@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian chromium driven by Playwright (its own browser download does not work here)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (.ci/install installs it)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_folder(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """A plain static web server on a free port; returns its base URL and the server."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


SERVE_ADDRESS = re.compile(r"http://(127\.0\.0\.1):(\d+)/")


def start_serve(content: Path, output: Path, *options: str, **popen: Any) -> tuple[subprocess.Popen, re.Match | None]:
    """`tuyentruyen serve` in a process of its own, on a free port, once it serves: the process
    and the address it printed (None: it ended without printing one)."""
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--content", str(content),
                                "--output", str(output), "--port", "0", *options],
                               cwd=REPO, stderr=subprocess.PIPE, text=True, encoding="utf-8", **popen)
    for line in process.stderr:
        found = SERVE_ADDRESS.search(line)
        if found:
            return process, found
    return process, None


def stop_serve(process: subprocess.Popen) -> str:
    """Stop a serve process as closing its window does; what it printed after its address."""
    process.terminate()
    _, rest = process.communicate(timeout=10)
    return rest


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content built once (without audio) for every test that only reads it."""
    from generator.builders.base import BuildOptions
    from generator.pipeline import build
    output = tmp_path_factory.mktemp("example") / "output"
    build(EXAMPLE_CONTENT, output, BuildOptions(no_audio=True))
    return output


@pytest.fixture(scope="session")
def example_http(example_site: Path) -> Iterator[str]:
    """The built example site over http (a plain static server)."""
    base, server = serve_folder(example_site)
    yield base
    server.shutdown()


def watched_page(browser: Any, width: int = 1280, javascript: bool = True,
                 origin: str | None = None) -> tuple[Any, list[str]]:
    """A new page and the problems it raises: console and page errors, failed requests and,
    when `origin` is given, requests to any other host."""
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # A request cut short by leaving the page (net::ERR_ABORTED) is not a failure of the site.
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})")
            if "ERR_ABORTED" not in (r.failure or "") else None)
    if origin:
        page.on("request", lambda r: problems.append(f"other host: {r.url}")
                if not r.url.startswith((origin, "data:")) else None)
    return page, problems


def loudness(path: Path) -> tuple[float, float, float]:
    """(integrated LUFS, true peak dBTP, seconds) as ffmpeg's ebur128 filter measures the file."""
    import re
    import subprocess
    log = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true",
                          "-f", "null", "-"], capture_output=True, text=True, check=True).stderr
    summary = log[log.rfind("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    seconds = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                                    "default=nw=1:nk=1", str(path)], capture_output=True, text=True,
                                   check=True).stdout)
    return integrated, peak, seconds


def imported_by_a_build(argv: list[str], modules: list[str]) -> dict[str, bool]:
    """`tuyentruyen <argv>` run by a new interpreter (imports counted from nothing), which must
    succeed; which of `modules` it imported."""
    code = ("import sys\n"
            "from generator.cli import main\n"
            f"code = main({argv!r})\n"
            f"print(code, *(name in sys.modules for name in {modules!r}))\n")
    said = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    status, *imported = said.stdout.split()
    assert status == "0", said.stdout + said.stderr
    return dict(zip(modules, (flag == "True" for flag in imported)))
