"""Vietnamese on every console and in every redirected file, whatever its encoding.

Python on Windows writes to a console window in UTF-8 whatever its code page, but encodes output
redirected to a file or a pipe in the ANSI code page (cp1252, or cp1258 on Vietnamese Windows),
and PYTHONIOENCODING (or a terminal set so) may name any other (cp437): a Vietnamese letter it
lacks raised UnicodeEncodeError. Redirected output is written in UTF-8 (what Notepad and every
editor read); a terminal, or an encoding the user named, keeps its encoding, and a letter it lacks
is written with the marks it has ("Đã dựng" whole in cp1258, "Da dung" in cp437): readable, never
a traceback. Text piped in is UTF-8 (with or without a BOM) whatever the code page says.
"""
from __future__ import annotations

import codecs
import functools
import os
import sys
import unicodedata
from typing import IO, Mapping

DEGRADE = "tuyentruyen-degrade-"    # + an encoding's name: the error handler below for it (degrading_errors)
# Letters that do not decompose (the stroke is part of the letter) and punctuation a code page lacks.
_PLAIN = {"đ": "d", "Đ": "D", "–": "-", "—": "-", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'",
          "→": "->", "≤": "<=", "≥": ">=", "×": "x", "█": "#", "·": "."}     # the last two: the progress bar


def degrading_errors(encoding: str) -> str:
    """The name of a codecs error handler that writes each character `encoding` lacks as near as
    it has it. One per encoding: a code page's codec (charmap) does not tell a handler its name."""
    name = codecs.lookup(encoding).name
    codecs.register_error(DEGRADE + name, functools.partial(_degrade, encoding=name))
    return DEGRADE + name


def _degrade(error: UnicodeError, encoding: str) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(_nearest(char, encoding) for char in text), error.end


def _nearest(char: str, encoding: str) -> str:
    """The letter with as many of its marks as the encoding has, composed where it has the
    composed letter (cp1258 has "ê" and the tone marks apart: "ệ" is "ê" + dot below)."""
    if char in _PLAIN:
        return _PLAIN[char] if _encodes(_PLAIN[char], encoding) else "?"
    base, *marks = unicodedata.normalize("NFD", char)
    loose = []
    for mark in marks:
        joined = unicodedata.normalize("NFC", base + mark)
        if _encodes(joined, encoding):
            base = joined
        else:
            loose.append(mark)
    if not _encodes(base, encoding):
        compatible = unicodedata.normalize("NFKD", char)
        return compatible if compatible != char and _encodes(compatible, encoding) else "?"
    return base + "".join(mark for mark in loose if _encodes(mark, encoding))


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def prepare_streams(environ: Mapping[str, str] = os.environ) -> None:
    """stdout and stderr set up for Vietnamese (see the module's text)."""
    named = bool(environ.get("PYTHONIOENCODING"))
    for stream in (sys.stdout, sys.stderr):
        if not hasattr(stream, "reconfigure") or _is_utf8(stream.encoding):
            continue
        if named or _is_terminal(stream):
            stream.reconfigure(errors=degrading_errors(stream.encoding))
        else:
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def read_input(stream: IO[str] | None = None) -> str:
    """All of stdin as text: UTF-8 (a BOM dropped), as editors save and as a Windows console
    gives what is typed; else (a file saved in a legacy code page) in the stream's encoding."""
    stream = stream or sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        return stream.read()
    data = buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode(stream.encoding or "utf-8", errors="replace")


def _is_utf8(encoding: str | None) -> bool:
    return codecs.lookup(encoding or "ascii").name == "utf-8"


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False
