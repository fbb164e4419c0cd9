"""An editor's change to one summary: a sentence added to its first key point, undone afterwards."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def summary_file(content: Path, index: int) -> Path:
    """The vi.md of a resolution spread over the corpus (a different one for each index)."""
    folders = sorted(p for p in (content / "resolutions").iterdir() if p.is_dir())
    return folders[(len(folders) // 2 + 7 * index) % len(folders)] / "vi.md"


@contextmanager
def edit_summary(content: Path, index: int) -> Iterator[Path]:
    """Edit one summary for the duration of the block, then put the file back as it was."""
    path = summary_file(content, index)
    original = path.read_bytes()
    text = original.decode("utf-8")
    marker = "\n- "
    at = text.index(marker) + len(marker)
    end = text.index("\n", at)
    path.write_text(text[:end] + f" Ban biên tập bổ sung ý này lần thứ {index + 1}." + text[end:], encoding="utf-8")
    try:
        yield path
    finally:
        path.write_bytes(original)
