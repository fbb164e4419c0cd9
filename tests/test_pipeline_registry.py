"""pipeline.BUILDERS: each builder known without importing it, as its class says it is, and a
build imports only the builders it runs."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator import pipeline
from generator.builders.base import Builder

from test_builder_interface import builder_classes

REPO = Path(__file__).resolve().parent.parent


def test_each_registered_builder_is_as_its_class_says() -> None:
    for registered in pipeline.BUILDERS:
        builder = registered.builder()
        assert issubclass(builder, Builder)
        assert (registered.name, registered.needed_by, registered.prints) == \
            (builder.name, builder.needed_by, builder.prints), registered


def test_every_builder_of_the_package_is_registered_once() -> None:
    registered = [entry.builder() for entry in pipeline.BUILDERS]
    assert len(set(registered)) == len(registered)
    concrete = {cls for cls in builder_classes() if cls.__module__.startswith("generator.builders")
                and "name" in vars(cls)}
    assert concrete == set(registered)


SHOW_MODULES = """
import json, sys
from generator.cli import main
code = main()
print(json.dumps([code, sorted(m for m in sys.modules if m.startswith("generator.builders."))]))
"""


def test_a_site_build_imports_only_the_builders_it_runs(site_dir: Path, tmp_path: Path) -> None:
    argv = ["build", "--content", str(site_dir), "--output", str(tmp_path / "output"), "--only", "site",
            "--no-audio", "--quiet"]
    done = subprocess.run([sys.executable, "-c", SHOW_MODULES, *argv], cwd=REPO, capture_output=True,
                          text=True, check=True)
    code, imported = json.loads(done.stdout.splitlines()[-1])
    assert code == 0
    assert (tmp_path / "output" / "index.html").is_file()
    packages = {name.split(".")[2] for name in imported}
    assert {"site", "images"} <= packages
    # (share/ is imported: the site names the share card's size and text from there)
    assert not packages & {"leaflet", "loudspeaker", "brief", "qa", "lecture", "schedule", "search", "calendar",
                           "feeds", "typst_outputs"}
