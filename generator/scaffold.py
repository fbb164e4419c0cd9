"""`tuyentruyen new <slug>`: a resolution folder to fill in, from templates/scaffold/;
`tuyentruyen init <dir>`: a new site folder with a small example, from templates/init/."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from .config import SLUG, load_config
from .portable_names import SLUG_MAX_LENGTH, is_device_name, suggested_slug
from .load import RESERVED_SLUGS
from .content.reader import parse_yaml, read_text
from .theme import default_theme_dir, template_dirs

CONTENT = "content"       # the example's content folder inside the new site folder (the commands' default)


class ScaffoldError(Exception):
    def __init__(self, code: str, **params: str):
        self.code, self.params = code, params
        super().__init__(code)


def create_resolution(content_dir: Path, slug: str, today: dt.date | None = None) -> Path:
    """Write resolution.yaml and vi.md with CẦN ĐIỀN placeholders; never overwrite."""
    check_new_slug(content_dir, slug)
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


def check_new_slug(content_dir: Path, slug: str) -> None:
    """Refuse a name `check` would refuse later, before any folder is made."""
    if not SLUG.match(slug):
        taken = RESERVED_SLUGS | _language_codes(Path(content_dir))
        raise ScaffoldError("new-bad-slug", slug=slug, suggested=suggested_slug(slug, taken))
    if len(slug) > SLUG_MAX_LENGTH:
        raise ScaffoldError("new-slug-too-long", slug=slug, length=str(len(slug)), limit=str(SLUG_MAX_LENGTH))
    if slug in RESERVED_SLUGS or is_device_name(slug) or slug in _language_codes(Path(content_dir)):
        raise ScaffoldError("new-reserved-slug", slug=slug)


def _language_codes(content_dir: Path) -> frozenset[str]:
    """The site's languages (each has its own output folder); none when site.yaml cannot be read."""
    text, _ = read_text(content_dir / "site.yaml")
    doc, _ = parse_yaml(text, content_dir / "site.yaml") if text is not None else (None, [])
    config, _ = load_config(doc) if doc is not None else (None, [])
    return frozenset(config.languages) if config is not None else frozenset()


def create_site(folder: Path) -> Path:
    """Copy the example site (site.yaml, a resolution in Vietnamese and Hmong, a free page) into
    `folder`/content; `folder` must be new or empty, so nothing of the editor's is overwritten."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError("init-not-folder", folder=str(folder))
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError("init-not-empty", folder=str(folder))
    try:
        shutil.copytree(default_theme_dir() / "init", folder, dirs_exist_ok=True)
    except OSError as exc:
        raise ScaffoldError("init-cannot-write", folder=str(folder), detail=exc.strerror or str(exc)) from exc
    return folder / CONTENT
