"""`tuyentruyen serve` under malformed requests: a status and a plain message, never a traceback."""
from __future__ import annotations

import http.client
import random
import re
import socket
import subprocess
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

import pytest

from conftest import start_serve, stop_serve


@pytest.fixture
def served(tmp_path: Path, site_dir: Path) -> Iterator[tuple[str, int, subprocess.Popen]]:
    process, found = start_serve(site_dir, tmp_path / "out", "--only", "site,loudspeaker")
    try:
        assert found, "no address printed"
        yield found.group(1), int(found.group(2)), process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def request(host: str, port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    """One GET with the path sent as it is (http.client would refuse some of these)."""
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close",
             *(f"{k}: {v}" for k, v in (headers or {}).items()), "", ""]
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall("\r\n".join(lines).encode("utf-8"))     # raw UTF-8 in a path too, as some clients send
        response = http.client.HTTPResponse(connection)
        response.begin()
        return response.status, dict(response.getheaders()), response.read()


MALFORMED = [
    ("/%00", 400), ("/index.html%00.txt", 400), ("/nq-57/%0a", 400), ("/%1b[31m", 400),
    ("/" + "a" * 256, 414), ("/nq-57/" + "%C3%A2" * 130, 414), ("/" + "x/" * 3000, 414),
    ("/" + "a" * 6000, 414),
]


def test_malformed_paths_get_400_or_414_and_no_traceback(served: tuple[str, int, subprocess.Popen]) -> None:
    host, port, process = served
    for path, status in MALFORMED:
        got, headers, body = request(host, port, path)
        assert got == status, path[:40]
        assert headers["Content-Type"].startswith("text/plain") and body.decode("utf-8").startswith("Địa chỉ")
    assert request(host, port, "/nq-57/")[0] == 200       # and it still serves
    assert request(host, port, "/nq-57/..%2f..%2f..%2fetc%2fpasswd")[0] == 404
    rest = stop_serve(process)
    assert "Traceback" not in rest and "Error" not in rest, rest


def test_ranges_past_the_end_get_416(served: tuple[str, int, subprocess.Popen]) -> None:
    host, port, process = served
    path = "/nq-57/nq-57-vi-loa.txt"
    status, _, body = request(host, port, path)
    assert status == 200
    size = len(body)
    cases = {f"bytes={size}-": 416, f"bytes={size + 100}-{size + 200}": 416, "bytes=-0": 416,
             f"bytes={size - 1}-": 206, f"bytes=0-{size * 10}": 206, "bytes=-5": 206,
             "bytes=9-3": 200, "bytes=a-b": 200}
    for header, expected in cases.items():
        got, headers, part = request(host, port, path, {"Range": header})
        assert got == expected, header
        if expected == 416:
            assert headers["Content-Range"] == f"bytes */{size}" and part == b""
        elif expected == 206:
            start, end = map(int, re.fullmatch(r"bytes (\d+)-(\d+)/\d+", headers["Content-Range"]).groups())
            assert part == body[start:end + 1]
    rest = stop_serve(process)
    assert "Traceback" not in rest, rest


def generated_paths(seed: int, count: int) -> list[str]:
    """Hostile request paths of every kind, the same ones on every run."""
    chance = random.Random(seed)
    pieces = ["nq-57", "index.html", "..", "%2e%2e", "%252e", "\\", "%5c", "assets", "hmn", "%00", "%0d%0a",
              "%ff%fe", "%c3%28", "Ảnh", "%E1%BA%A2nh", "?q=1", "#x", ";x", "//", "%2f", "~", "*", "a" * 300,
              "%" , "%g1", "\x7f", "nq-57-vi-loa.txt"]
    paths = []
    for _ in range(count):
        parts = [chance.choice(pieces) for _ in range(chance.randint(1, 8))]
        if chance.random() < 0.2:
            parts.append("".join(f"%{chance.randrange(256):02x}" for _ in range(chance.randint(1, 12))))
        paths.append("/" + "/".join(parts))
    return paths


def test_a_generated_corpus_of_hostile_paths(served: tuple[str, int, subprocess.Popen]) -> None:
    host, port, process = served
    for path in generated_paths(seed=12, count=200):
        status, _, _ = request(host, port, path.replace("\x7f", "%7f"))
        seen = urlsplit(path.encode("utf-8").decode("latin-1")).path      # the server reads the line as Latin-1
        decoded = unquote(seen)
        if len(seen) > 2048 or any(len(part.encode("utf-8")) > 255 for part in decoded.split("/")):
            assert status == 414, path[:60]
        elif any(ord(char) < 32 or ord(char) == 127 for char in decoded):
            assert status == 400, path[:60]
        else:
            assert status in (200, 301, 404), path[:60]
    assert request(host, port, "/")[0] == 200
    rest = stop_serve(process)
    assert "Traceback" not in rest and "Error" not in rest, rest
