"""The floor of a cold site build (issue 15): only what no build of this corpus can avoid.

    python bench/floor.py CONTENT OUTPUT            # two workers at once, each over half of the summaries
    python bench/floor.py CONTENT OUTPUT --worker K --of 2

A worker starts Python and imports yaml, markdown and jinja2; for each summary
it reads the file, splits the front matter, loads it with yaml's C loader,
converts the Markdown with python-markdown and the extensions our build uses,
fills one Jinja2 template and writes the page. `command()` gives the argv the
benchmark times: a shell starting the workers together (no Python parent, so
the figure holds one interpreter start per worker, as the definition says).
"""
from __future__ import annotations

import sys
from pathlib import Path

# The same extensions as generator/content/markdown_render.py's converter.
EXTENSIONS = ["tables", "attr_list", "footnotes", "fenced_code", "def_list", "sane_lists", "toc"]
TEMPLATE = ("<!doctype html><html lang=\"{{ lang }}\"><head><meta charset=\"utf-8\"><title>{{ meta.title }}</title>"
            "</head><body><h1>{{ meta.title }}</h1><p>{{ meta.summary }}</p>{{ body }}</body></html>")


def command(python: str, content: Path, output: Path, workers: int = 2) -> list[str]:
    """argv of a shell that runs `workers` floor workers at once and waits for them all."""
    script = Path(__file__).resolve()
    starts = " ".join(f"\"{python}\" \"{script}\" \"{content}\" \"{output}\" --worker {k} --of {workers} &"
                      for k in range(workers))
    return ["sh", "-c", f"{starts} wait"]


def worker(content: Path, output: Path, index: int, of: int) -> None:
    import jinja2
    import markdown
    import yaml
    from markupsafe import Markup      # imported by jinja2 anyway

    loader = getattr(yaml, "CLoader", yaml.SafeLoader)
    converter = markdown.Markdown(extensions=EXTENSIONS)
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    folders = sorted(p for p in (content / "resolutions").iterdir() if p.is_dir())[index::of]
    for folder in folders:
        for source in sorted(folder.glob("*.md")):
            text = source.read_text(encoding="utf-8")
            _, front, body = text.split("---\n", 2)
            meta = yaml.load(front, Loader=loader)
            html = converter.reset().convert(body)
            target = output / source.stem / folder.name / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(template.render(lang=source.stem, meta=meta, body=Markup(html)), encoding="utf-8")


def main(argv: list[str]) -> None:
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--worker", type=int, default=None)
    parser.add_argument("--of", type=int, default=2)
    args = parser.parse_args(argv)
    if args.worker is None:
        import subprocess
        subprocess.run(command(sys.executable, args.content, args.output, args.of), check=True)
    else:
        worker(args.content, args.output, args.worker, args.of)


if __name__ == "__main__":
    main(sys.argv[1:])
