"""`tuyentruyen new <slug>`: a resolution folder to fill in, from templates/scaffold/."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .config import SLUG
from .theme import template_dirs


class ScaffoldError(Exception):
    def __init__(self, code: str, **params: str):
        self.code, self.params = code, params
        super().__init__(code)


def create_resolution(content_dir: Path, slug: str, today: dt.date | None = None) -> Path:
    """Write resolution.yaml and vi.md with CẦN ĐIỀN placeholders; never overwrite."""
    if not SLUG.match(slug):
        raise ScaffoldError("new-bad-slug", slug=slug)
    folder = Path(content_dir) / "resolutions" / slug
    if folder.exists():
        raise ScaffoldError("new-exists", folder=str(folder))
    today = today or dt.date.today()
    sources = template_dirs(content_dir, "scaffold")
    folder.mkdir(parents=True)
    for name in ("resolution.yaml", "vi.md"):
        source = next(d / name for d in sources if (d / name).is_file())
        text = source.read_text(encoding="utf-8").replace("{{today}}", today.isoformat())
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
    return folder
