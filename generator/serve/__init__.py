"""`tuyentruyen serve`: build, serve output/ over HTTP, rebuild on change, reload the browser.

Only the served copy of an HTML page gets the live-reload script (added to
the response, never to the files `build` writes). The script listens to
Server-Sent Events at /__tuyentruyen/events: a new build reloads the page;
content errors show as an overlay over the last good build, which stays
served until the content is fixed. Watching and debouncing live in watch.py.
"""
from __future__ import annotations

import json
import mimetypes
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit

import jinja2

from ..builders.base import BuildOptions
from ..content.yaml_errors import CODES as YAML_SYNTAX_CODES
from ..diagnostics import ContentError, Problem, Severity, format_report, message, sort_problems
from ..machinery.os_errors import environment_problem
from ..machinery.output import UnsafeOutputError
from ..machinery.progress import NoProgress
from ..records import records_folder
from ..session import BuildSession
from ..theme import default_theme_dir
from .watch import Debouncer, Watcher

PREFIX = "/__tuyentruyen/"
EVENTS = PREFIX + "events"
SCRIPT = PREFIX + "live.js"
DEBOUNCE = 0.2             # seconds of quiet after the last save before rebuilding
RETRY_DELAY = 0.3          # a file read mid-save is read again once after this
KEEPALIVE = 15.0           # seconds between SSE comments that keep proxies from closing the stream
# Errors that a half-written file gives; the build is retried once before they are reported.
TRANSIENT = YAML_SYNTAX_CODES | frozenset({"not-utf8", "file-unreadable", "front-matter-missing",
                       "front-matter-unclosed", "resolution-yaml-missing", "source-summary-missing"})
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".ics": "text/calendar; charset=utf-8",
    ".pdf": "application/pdf", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".wav": "audio/wav",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".svg": "image/svg+xml", ".ico": "image/x-icon", ".woff2": "font/woff2",
}
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_CANONICAL_404 = re.compile(rb'<link rel="canonical" href="([^"]+/)404\.html"')
# Longer paths than any the build writes: refused before they reach the file system
# (which fails on a name over 255 bytes with an error of its own).
MAX_PATH_LENGTH = 2048
MAX_SEGMENT_LENGTH = 255
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class ServeTemplates:
    """The serve-only markup (templates/serve/): injected script tag, error overlay, waiting page."""

    def __init__(self, lang: str = "vi"):
        self.folder = default_theme_dir() / "serve"
        self.lang = lang
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(self.folder)), autoescape=True,
                                      trim_blocks=True, lstrip_blocks=True)

    def script(self) -> bytes:
        return (self.folder / "live.js").read_bytes()

    def inject_tag(self, build: str) -> bytes:
        return self.env.get_template("inject.html").render(script=SCRIPT, events=EVENTS, build=build).encode()

    def overlay(self, problems: list[Problem], base: Path) -> str:
        errors = [p for p in sort_problems(problems) if p.is_error] or list(problems)
        views = [{"location": p.location(base), "file": p.location(base).split(":")[0], "line": p.line,
                  "message": p.message(self.lang), "hint": p.hint(self.lang)} for p in errors]
        return self.env.get_template("overlay.html").render(
            lang=self.lang, problems=views, hint_label=message("label-hint", self.lang),
            title=message("serve-overlay-title", self.lang, count=len(views)),
            note=message("serve-overlay-note", self.lang), close=message("serve-overlay-close", self.lang))

    def waiting(self, build: str) -> bytes:
        page = self.env.get_template("waiting.html").render(
            lang=self.lang, title=message("serve-no-build", self.lang), note=message("serve-no-build-note", self.lang))
        return inject(page.encode("utf-8"), self.inject_tag(build))


def path_problem(url_path: str) -> HTTPStatus | None:
    """Why a request path cannot name an output file: 414 when too long, 400 when it holds
    a NUL or another control character; None when it may be looked up."""
    decoded = unquote(url_path)
    if len(url_path) > MAX_PATH_LENGTH or any(len(part.encode("utf-8")) > MAX_SEGMENT_LENGTH
                                              for part in decoded.split("/")):
        return HTTPStatus.REQUEST_URI_TOO_LONG
    if _CONTROL.search(decoded):
        return HTTPStatus.BAD_REQUEST
    return None


class RangeNotSatisfiable(Exception):
    """A Range that starts past the end of the file (answered with 416)."""


def inject(html: bytes, tag: bytes) -> bytes:
    """The page with the live-reload script before its last </body> (or at the end)."""
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + tag
    at = ends[-1].start()
    return html[:at] + tag + html[at:]


@dataclass(frozen=True)
class Snapshot:
    version: int        # changes on every event the browser must hear about
    build: str          # id of the build being served ("" before the first one)
    overlay: str        # error overlay markup, "" when the last build succeeded
    building: bool


class LiveState:
    """What the browsers are told: the current build id and the errors, if any."""

    def __init__(self) -> None:
        self._instance = format(int(time.time() * 1000), "x")   # a restarted server means a new build
        self._generation = 0
        self._snapshot = Snapshot(0, "", "", False)
        self._changed = threading.Condition()
        self.closed = False

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def _update(self, **changes: Any) -> None:
        with self._changed:
            self._snapshot = replace(self._snapshot, version=self._snapshot.version + 1, **changes)
            self._changed.notify_all()

    def building(self, on: bool) -> None:
        self._update(building=on)

    def built(self) -> None:
        self._generation += 1
        self._update(build=f"{self._instance}-{self._generation}", overlay="", building=False)

    def failed(self, overlay: str) -> None:
        self._update(overlay=overlay, building=False)

    def wait(self, seen: int, timeout: float) -> Snapshot:
        """The snapshot once its version differs from `seen`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._snapshot.version != seen or self.closed, timeout)
            return self._snapshot

    def wait_built(self, timeout: float) -> None:
        with self._changed:
            self._changed.wait_for(lambda: not self._snapshot.building or self.closed, timeout)

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


class Preview:
    """The whole preview: builder, HTTP server and watcher; start() then stop()."""

    def __init__(self, content_dir: Path, output_dir: Path, options: BuildOptions, host: str = "127.0.0.1",
                 port: int = 8000, lang: str = "vi", log: TextIO | None = None, delay: float = DEBOUNCE):
        self.content_dir = Path(content_dir)
        self.output_dir = Path(output_dir)
        self.options = replace(options, keep_workers=True, persist_session=False)
        self.lang = lang
        self.log = log or sys.stderr
        self.state = LiveState()
        self.templates = ServeTemplates(lang)
        self.server = ThreadingHTTPServer((host, port), _handler_for(self))
        self.server.daemon_threads = True
        self.debouncer = Debouncer(self.rebuild, delay)
        # records/ too: a site with study_results publishes figures from it
        self.watcher = Watcher([self.content_dir, default_theme_dir(), records_folder(self.content_dir)],
                               self.debouncer.trigger)
        self._thread: threading.Thread | None = None
        self._deferred: list[str] = []     # what the last quick pass left outdated
        self.session = BuildSession()      # what the rebuilds remember: content, trees, PDF workers …

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        """First build (UnsafeOutputError: the output folder is not ours; nothing is served), then serve."""
        self.rebuild(set(), first=True)
        self.watcher.start()
        self._thread = threading.Thread(target=self.server.serve_forever, name="tuyentruyen-http", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        from ..pipeline import persist
        self.watcher.stop()
        self.debouncer.stop()
        persist(self.session, self.options.cache_dir, self.content_dir)     # for the next `build`
        self.session.close()
        self.state.close()
        self.server.shutdown()
        self.server.server_close()

    # ------------------------------------------------------------ building

    def rebuild(self, changed: set[str], first: bool = False) -> bool:
        """Build and serve the result. After an edit, a quick pass first keeps outdated PDFs,
        audio and share images as they were, so the page reloads at once; the full pass then
        renders them and the page reloads again. True when the new build is served."""
        if first:       # a real build even when nothing changed: it leaves the content in memory
            return self._build(replace(self.options, warm_up=True), first)
        if not self._build(replace(self.options, defer_expensive=True)):
            return self._build(self.options)
        if self._deferred:
            return self._build(self.options)
        return True

    def _build(self, options: BuildOptions, first: bool = False) -> bool:
        """Build once; a half-saved file gets one more try. True when the new build is served."""
        from ..pipeline import build
        self.state.building(True)
        self._deferred = []
        for attempt in (1, 2):
            try:
                result = build(self.content_dir, self.output_dir, options, NoProgress(), self.session)
            except ContentError as exc:
                if attempt == 1 and any(p.code in TRANSIENT for p in exc.problems):
                    time.sleep(RETRY_DELAY)
                    continue
                self._say(format_report(exc.problems, self.lang, self.content_dir))
                self._say(message("serve-errors", self.lang))
                self.state.failed(self.templates.overlay(exc.problems, self.content_dir))
                return False
            except UnsafeOutputError:
                if first:
                    raise
                return self._failed(message("output-unsafe", self.lang, output=str(self.output_dir)))
            except OSError as exc:      # read-only, full or busy: said like a content error
                problem = environment_problem(exc, self.output_dir)
                self._say(format_report([problem], self.lang, self.content_dir))
                self.state.failed(self.templates.overlay([problem], self.content_dir))
                return False
            except Exception as exc:  # noqa: BLE001 - a preview server survives a failed build
                return self._failed(message("build-failed", self.lang, detail=f"{type(exc).__name__}: {exc}"))
            self._deferred = result.deferred
            if not result.deferred:
                self._say(message("serve-rebuilt", self.lang, seconds=f"{result.seconds:.2f}",
                                  warnings=len(result.problems)))
            self.state.built()
            return True
        return False   # pragma: no cover - the loop always returns

    def _failed(self, text: str) -> bool:
        self._say(text)
        problem = Problem(None, None, None, Severity.ERROR, "serve-build-failed", {"detail": text})
        self.state.failed(self.templates.overlay([problem], self.content_dir))
        return False

    def _say(self, text: str) -> None:
        print(text, file=self.log, flush=True)

    # ------------------------------------------------------------ serving files

    def file_for(self, url_path: str) -> Path | None | str:
        """The output file for a URL path; a str is a redirect target (folder without its slash)."""
        rel = unquote(url_path).lstrip("/")
        root = self.output_dir.resolve()
        if not (root / "manifest.json").is_file():
            return None     # not a build (yet): never serve an arbitrary folder
        try:
            target = (root / rel).resolve() if rel else root
        except (OSError, ValueError):  # a symbolic-link loop, a path the system refuses
            return None
        if target != root and not target.is_relative_to(root):
            return None
        if target.is_dir():
            if url_path and not url_path.endswith("/"):
                return url_path + "/"
            target = target / "index.html"
        return target if target.is_file() else None


def _linked_here(page: bytes) -> bytes:
    """404.html links the published site by its full address (a web server shows it for any
    missing path); in the preview those links would leave for that site, unstyled where it is
    not up yet. Its address (read from the page's canonical link) becomes the preview's root."""
    found = _CANONICAL_404.search(page)
    return page.replace(found.group(1), b"/") if found and found.group(1) else page


def _handler_for(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(PreviewHandler):
        pass
    Handler.preview = preview
    return Handler


class PreviewHandler(BaseHTTPRequestHandler):
    preview: Preview
    server_version = "tuyentruyen-serve"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass    # the terminal shows builds and errors, not every request

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS:
            return self.stream_events()
        if path == SCRIPT:
            return self.send_body(self.preview.templates.script(), "text/javascript; charset=utf-8", head=head)
        refused = path_problem(path)
        if refused is not None:
            return self.refuse(refused, head)
        found = self.preview.file_for(path)
        if found is None and self.preview.state.snapshot.building:
            self.preview.state.wait_built(timeout=60)   # the output folder may be mid-swap
            found = self.preview.file_for(path)
        if isinstance(found, str):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", found)
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if found is None:
            return self.not_found(head)
        try:
            body = found.read_bytes()   # read whole and close: a rebuild may swap the folder next
        except OSError:
            return self.not_found(head)
        kind = content_type(found)
        if kind.startswith("text/html"):
            body = self.with_script(body)
        self.send_body(body, kind, head=head)

    def with_script(self, body: bytes) -> bytes:
        return inject(body, self.preview.templates.inject_tag(self.preview.state.snapshot.build))

    def not_found(self, head: bool) -> None:
        output = self.preview.output_dir
        if not (output / "manifest.json").is_file():   # nothing built yet: a page that waits for the first build
            body = self.preview.templates.waiting(self.preview.state.snapshot.build)
            return self.send_body(body, "text/html; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE, head)
        if (output / "404.html").is_file():
            body = self.with_script(_linked_here((output / "404.html").read_bytes()))
            return self.send_body(body, "text/html; charset=utf-8", HTTPStatus.NOT_FOUND, head)
        body = message("serve-not-found", self.preview.lang).encode("utf-8")
        self.send_body(body, "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND, head)

    def refuse(self, status: HTTPStatus, head: bool) -> None:
        code = "serve-uri-too-long" if status == HTTPStatus.REQUEST_URI_TOO_LONG else "serve-bad-request"
        body = message(code, self.preview.lang).encode("utf-8")
        self.send_body(body, "text/plain; charset=utf-8", status, head)

    def send_body(self, body: bytes, kind: str, status: int = HTTPStatus.OK, head: bool = False) -> None:
        start, end = 0, len(body)
        try:
            ranged = self.byte_range(len(body)) if status == HTTPStatus.OK else None
        except RangeNotSatisfiable:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{len(body)}")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if ranged is not None:
            start, end = ranged
            status = HTTPStatus.PARTIAL_CONTENT
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(end - start))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Accept-Ranges", "bytes")
        if ranged is not None:
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{len(body)}")
        self.end_headers()
        if not head:
            try:
                self.wfile.write(body[start:end])
            except (BrokenPipeError, ConnectionResetError):
                pass

    def byte_range(self, size: int) -> tuple[int, int] | None:
        """A single `Range: bytes=a-b` (audio players seek with it); others get the whole file.
        Raises RangeNotSatisfiable for a range wholly past the end (RFC 9110, 14.1.1)."""
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
        if not match or not (match.group(1) or match.group(2)):
            return None
        if match.group(1) and match.group(2) and int(match.group(2)) < int(match.group(1)):
            return None                         # not a valid range: ignored, as the RFC says
        if (match.group(1) and int(match.group(1)) >= size) or (not match.group(1) and int(match.group(2)) == 0):
            raise RangeNotSatisfiable
        if match.group(1):
            start = int(match.group(1))
            end = min(size, int(match.group(2)) + 1) if match.group(2) else size
        else:
            start, end = max(0, size - int(match.group(2))), size
        return (start, end) if start < end else None

    def stream_events(self) -> None:
        """Server-Sent Events: one `state` event now and after every change."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.preview.state
        seen = -1
        try:
            while not state.closed:
                snapshot = state.wait(seen, KEEPALIVE) if seen >= 0 else state.snapshot
                if snapshot.version == seen:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    seen = snapshot.version
                    data = json.dumps({"build": snapshot.build, "overlay": snapshot.overlay,
                                       "building": snapshot.building}, ensure_ascii=False)
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode("utf-8"))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve(content_dir: Path, output_dir: Path, options: BuildOptions, host: str = "127.0.0.1", port: int = 8000,
          lang: str = "vi") -> int:
    """Run the preview until Ctrl+C."""
    try:
        preview = Preview(content_dir, output_dir, options, host, port, lang)
    except OSError as exc:
        print(message("serve-port-busy", lang, host=host, port=port, detail=exc.strerror or str(exc)),
              file=sys.stderr)
        return 1
    try:
        try:
            preview.start()
        except UnsafeOutputError:
            print(message("output-unsafe", lang, output=str(output_dir)), file=sys.stderr)
            return 2
        print(message("serve-listening", lang, url=preview.url, content=str(content_dir)), file=sys.stderr, flush=True)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _interrupt)   # `kill` stops it as cleanly as Ctrl+C
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
    print(message("serve-stopped", lang), file=sys.stderr)
    return 0
