"""manifest.json: the same bytes as json.dumps writes (users' tools read it), and its paths read back."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.machinery.output import MANIFEST, Artifact, Staging


def as_json_wrote_it(artifacts: list[Artifact], extra: dict) -> bytes:
    """The manifest as write_manifest wrote it with json.dumps (before each entry was formatted by hand)."""
    entries = [a.__dict__ for a in sorted(artifacts, key=lambda a: a.path)]
    listed = json.dumps(entries, ensure_ascii=False)
    if listed.count("}, {") == len(entries) - 1:
        listed = listed.replace("}, {", "},\n{")
    head = json.dumps({"generator": "tuyentruyen", **extra}, ensure_ascii=False)[:-1]
    return f'{head}, "artifacts": {listed}}}\n'.encode("utf-8")


def staged(tmp_path: Path, artifacts: list[Artifact]) -> Staging:
    staging = Staging(tmp_path / "output")
    for artifact in artifacts:
        staging._record(artifact)
    return staging


AWKWARD = [
    Artifact("nghị-quyết-05", "vi", "page", "nghi-quyet-05/index.html", 1234),
    Artifact(None, None, "icon", "assets/icon.svg", 0),
    Artifact("say \"hi\"", "hmn", "kind\\with\\backslashes", "a/quote\"d.html", 7),
    Artifact("tab\there", "vi", "line\nbreak", "b/\u0001control.txt", 2 ** 40),
    Artifact("ǎ ư ơ 𝔘", "vi", "page", "c/ư.html", 3),
]


@pytest.mark.parametrize("artifacts", [
    AWKWARD,
    [],
    AWKWARD[:1],
    AWKWARD + [Artifact(None, "vi", "page", "d/}, {.html", 1)],        # a value holding the separator
], ids=["awkward", "none", "one", "separator-in-a-value"])
def test_the_manifest_is_written_as_json_dumps_writes_it(tmp_path: Path, artifacts: list[Artifact]) -> None:
    staging = staged(tmp_path, artifacts)
    staging.write_manifest({"base_url": "https://example.gov.vn/ấ/"})
    written = (staging.dir / MANIFEST).read_bytes()
    assert written == as_json_wrote_it(artifacts, {"base_url": "https://example.gov.vn/ấ/"})
    assert [a.path for a in staging.listed] == sorted(a.path for a in artifacts)


def test_a_size_of_another_type_is_written_as_json_writes_it(tmp_path: Path) -> None:
    artifacts = [Artifact("a", "vi", "page", "a.html", 1.5), Artifact("b", "vi", "page", "b.html", "7")]  # type: ignore[arg-type]
    staging = staged(tmp_path, artifacts)
    staging.write_manifest()
    assert (staging.dir / MANIFEST).read_bytes() == as_json_wrote_it(artifacts, {})


@pytest.mark.parametrize("artifacts", [AWKWARD, AWKWARD[:1] + AWKWARD[4:]], ids=["escaped", "plain"])
def test_the_previous_paths_are_those_the_manifest_lists(tmp_path: Path, artifacts: list[Artifact]) -> None:
    from generator.machinery.output import _listed_paths
    path = tmp_path / MANIFEST
    path.write_bytes(as_json_wrote_it(artifacts, {"base_url": "/"}))
    assert _listed_paths(path) == {a.path for a in artifacts}


@pytest.mark.parametrize("text", [
    '{"generator": "tuyentruyen", "artifacts": [{"slug": null, "lang": null, "kind": "page", "path": null, "size": 1}]}\n',
    '{"generator": "tuyentruyen", "artifacts": [{"slug": null, "lang": null, "kind": "page", "path": "a.html", "si',
    '{"generator": "tuyentruyen", "artifacts": [{"slug": null, "lang": null, "kind": "page", "path": 5, "size": 1},\n'
    '{"slug": null, "lang": null, "kind": "page", "path": "b.html", "size": 1}]}\n',
    '{"generator": "tuyentruyen"}\n',
    "",
], ids=["path-null", "cut-short", "one-path-a-number", "no-artifacts", "empty"])
def test_a_manifest_not_as_written_lists_nothing(tmp_path: Path, text: str) -> None:
    from generator.machinery.output import _listed_paths
    path = tmp_path / MANIFEST
    path.write_text(text, encoding="utf-8")
    assert _listed_paths(path) is None
    assert _listed_paths(tmp_path / "missing.json") is None
