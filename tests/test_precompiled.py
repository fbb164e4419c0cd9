"""The default theme's templates precompiled in generator/compiled_theme/: used only for exactly
the source, Jinja2 and settings they were made from; a site's own templates always win."""
from __future__ import annotations

import shutil
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.machinery import packaged_theme
from generator.machinery.compile_theme import PRECOMPILED, generated
from generator.machinery.packaged_theme import PACKAGE, PackagedTheme, read_index
from generator.machinery.templating import new_environment
from generator.builders.base import BuildOptions
from generator.pipeline import build
from generator.theme import default_theme_dir

from conftest import EXAMPLE_CONTENT, REPO, Page, make_site, tree_bytes, write

THEME = default_theme_dir()

# Run in a process of its own (here and in the wheel's venv): every precompiled template of the
# theme loads with Jinja2's compiler switched off, from the file of the package it names.
LOADS_WITHOUT_COMPILING = """
import jinja2
from generator.machinery.packaged_theme import PACKAGE, PackagedTheme, read_index
from generator.machinery.templating import new_environment
from generator.theme import default_theme_dir

def refuse(*args, **kwargs):
    raise AssertionError("compiled from its source")

jinja2.Environment.compile = refuse
theme = default_theme_dir()
templates = read_index(PACKAGE)["templates"]
assert templates
for name, entry in templates.items():
    folder, template = name.split("/", 1)
    env = new_environment([str(theme / folder)], entry["autoescape"], PackagedTheme(theme))
    env.get_template(template)
print(len(templates), "precompiled", PACKAGE)
"""


def compiled_names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names Jinja2 compiles from their source from now on (in this process)."""
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        names.append(name or "")
        return compile_(self, source, name, *args, **kwargs)
    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def site_env(theme: Path = THEME, **settings: Any) -> jinja2.Environment:
    """A new environment of the site's templates, as templating.make_environment makes it."""
    env = new_environment([str(theme / "site")], settings.pop("autoescape", True), PackagedTheme(theme))
    for name, value in settings.items():
        env.filters[name] = value
    return env


def test_the_committed_modules_are_what_the_theme_compiles_to() -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in PACKAGE.iterdir() if p.is_file()}
    made = generated(THEME)
    stale = sorted(name for name in made.keys() | committed.keys() if made.get(name) != committed.get(name))
    assert stale == [], f"run `python -m generator.machinery.compile_theme` ({', '.join(stale)} stale)"
    folders = {folder for folder, _, _ in PRECOMPILED}
    assert {name.split("/")[0] for name in read_index(PACKAGE)["templates"]} == folders
    assert "site/resolution.html" in read_index(PACKAGE)["templates"]


def test_every_precompiled_template_loads_without_compiling_in_a_new_process() -> None:
    done = subprocess.run([sys.executable, "-c", LOADS_WITHOUT_COMPILING], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"{len(read_index(PACKAGE)['templates'])} precompiled" in done.stdout


def test_a_precompiled_template_is_named_and_fails_as_one_compiled_from_its_source(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = compiled_names(monkeypatch)
    precompiled = site_env().get_template("base.html")
    assert compiled == []
    from_source = new_environment([str(THEME / "site")], True, None).get_template("base.html")
    assert compiled == ["base.html"]
    assert precompiled.filename == from_source.filename == str(THEME / "site" / "base.html")
    assert precompiled.blocks.keys() == from_source.blocks.keys()
    where = []
    for template in (precompiled, from_source):
        with pytest.raises(jinja2.UndefinedError) as failed:
            template.render()
        frames = traceback.extract_tb(failed.value.__traceback__)
        where.append([(frame.filename, frame.lineno) for frame in frames if frame.filename.endswith(".html")])
    assert where[0] == where[1] and where[0][0][0] == str(THEME / "site" / "base.html")


def test_a_template_edited_after_compiling_is_compiled_from_its_source(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(THEME / "site", theme / "site")
    home = theme / "site" / "home.html"
    home.write_text(home.read_text(encoding="utf-8") + "{% block edited %}{% endblock %}\n", encoding="utf-8")
    compiled = compiled_names(monkeypatch)
    env = site_env(theme)
    assert "edited" in env.get_template("home.html").blocks
    env.get_template("list.html")
    assert compiled == ["home.html"]            # the unchanged list.html came precompiled


@pytest.mark.parametrize("change", ["jinja2", "autoescape", "filter", "trim_blocks"])
def test_another_jinja2_or_other_settings_compile_from_the_source(change: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = compiled_names(monkeypatch)
    if change == "jinja2":
        monkeypatch.setattr(jinja2, "__version__", "3.0.0")
        env = site_env()
    elif change == "autoescape":
        env = site_env(autoescape=False)
    elif change == "filter":                    # a filter the code would look up, passed its context
        env = site_env(date=jinja2.pass_context(lambda context, value: value))
    else:
        env = site_env()
        env.trim_blocks = False
    env.get_template("resolution.html")
    assert "resolution.html" in compiled


@pytest.mark.parametrize("damage", ["module missing", "module damaged", "index damaged"])
def test_a_broken_install_compiles_from_the_source(damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "compiled_theme"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    module = package / read_index(PACKAGE)["templates"]["site/home.html"]["module"]
    if damage == "module missing":
        module.unlink()
    elif damage == "module damaged":
        module.write_text("def root(:\n", encoding="utf-8")
    else:
        (package / "index.json").write_text('{"templates": [', encoding="utf-8")
    compiled = compiled_names(monkeypatch)
    env = new_environment([str(THEME / "site")], True, PackagedTheme(THEME, package))
    assert "main" in env.get_template("home.html").blocks
    env.get_template("list.html")
    assert compiled == (["home.html", "list.html"] if damage == "index damaged" else ["home.html"])


def test_nothing_but_the_default_themes_files_is_looked_up() -> None:
    cache = PackagedTheme(THEME)
    assert cache.get_cache_key("site/base.html", str(THEME / "site" / "base.html")) == "site/base.html"
    assert cache.get_cache_key("base.html", str(REPO / "content" / "templates" / "site" / "base.html")) == ""
    assert cache.get_cache_key("base.html", None) == ""


def test_a_sites_own_templates_win_over_the_precompiled_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_site(tmp_path)
    # The site's base.html under the default theme's (precompiled) resolution.html and home.html.
    base = (THEME / "site" / "base.html").read_text(encoding="utf-8")
    write(content / "templates" / "site" / "base.html", base.replace("<body", '<body data-own="base"', 1))
    write(content / "templates" / "site" / "list.html",
          '{% extends "base.html" %}{% block main %}<p id="own-list">Danh sách</p>{% endblock %}')
    compiled = compiled_names(monkeypatch)
    build(content, tmp_path / "output", BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache",
                                                    only=frozenset({"site"})))
    assert "base.html" in compiled and "list.html" in compiled
    assert "resolution.html" not in compiled and "home.html" not in compiled
    for page in ("nq-57/index.html", "index.html", "hmn/nq-57/index.html"):
        assert Page(tmp_path / "output" / page).find_all("body", **{"data-own": "base"}), page
    assert "own-list" in Page(tmp_path / "output" / "loai" / "nghi-quyet" / "index.html").ids
    assert "own-list" not in Page(tmp_path / "output" / "index.html").ids


def test_the_output_is_the_same_bytes_with_and_without_the_precompiled_modules(tmp_path: Path) -> None:
    """Each build in a process of its own (the environments are kept for the life of a process);
    the second with no precompiled modules at all."""
    outputs = []
    for label, package in (("with", None), ("without", tmp_path / "none")):
        content = tmp_path / label / "content"
        shutil.copytree(EXAMPLE_CONTENT, content)
        output = tmp_path / label / "output"
        script = (
            "import sys, jinja2\n"
            "from pathlib import Path\n"
            "from generator.machinery import packaged_theme\n"
            f"if {str(package)!r} != 'None': packaged_theme.PACKAGE = Path({str(package)!r})\n"
            "compiled = []\n"
            "compile_ = jinja2.Environment.compile\n"
            "def counting(self, source, name=None, *a, **k):\n"
            "    compiled.append(name); return compile_(self, source, name, *a, **k)\n"
            "jinja2.Environment.compile = counting\n"
            "from generator.cli import main\n"
            f"code = main(['build', '--content', {str(content)!r}, '--output', {str(output)!r}, '--only', 'site',"
            " '--no-audio', '--quiet', '--jobs', '1'])\n"
            "print(sorted(set(compiled)))\n"
            "sys.exit(code)\n")
        done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        outputs.append((tree_bytes(output), done.stdout))
    (with_, compiled_with), (without, compiled_without) = outputs
    assert "resolution.html" not in compiled_with and "resolution.html" in compiled_without
    assert with_.keys() == without.keys()
    assert [name for name in with_ if with_[name] != without[name]] == []
