"""What builders publish for later ones (builders/published.py): typed, read by kind, kept
through the build state for reused items."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.builders import published
from generator.builders.published import (BroadcastAudio, HreflangLink, PageAlternates, PublishedData,
                                          PublishedPhoto, ResolutionPhotos, SharePost, alternates_entry,
                                          broadcast_audio_entry, photos_entry, share_text_entry)
from generator.changes import ChangeDetector
from generator.machinery import buildstate
from generator.machinery.output import Staging

BUILDERS = Path(__file__).resolve().parent.parent / "generator" / "builders"
PUBLISHED_MODULE = BUILDERS / "published.py"

POST = SharePost("Nghị quyết 57-NQ/TW\n\nĐiểm mới:\n• Lần đầu tiên …")
PAGE = PageAlternates(kind="resolution", links=[
    HreflangLink(hreflang="vi-VN", href="https://example.gov.vn/nq-57/"),
    HreflangLink(hreflang="hmn-Latn-VN", href="https://example.gov.vn/hmn/nq-57/")])
AUDIO = BroadcastAudio(path="nq-57/nq-57-vi-loa-phan-2.mp3", kind="loudspeaker-audio", slug="nq-57", lang="vi",
                       part=2, seconds=61.25)
PHOTOS = ResolutionPhotos(photos={"bieu-do.png": PublishedPhoto(stem="bieu-do", photo={
                              "key": "ab" * 16, "width": 300, "height": 180, "graphic": True, "variants": []})},
                          left_out={"anh.jpg": "truncated"})


def entries() -> list[published.Entry]:
    return [share_text_entry("vi/nq-57", POST), alternates_entry("nq-57/index.html", PAGE),
            broadcast_audio_entry(AUDIO), photos_entry("nq-57", PHOTOS)]


def assert_reads_back(data: PublishedData) -> None:
    assert data.share_text("vi/nq-57") == POST
    assert data.share_text("hmn/nq-57") is None
    assert data.alternates() == {"nq-57/index.html": PAGE}
    assert data.broadcast_audio() == [AUDIO]
    assert data.photos("nq-57") == PHOTOS and data.photos("ct-05") is None


def test_each_kind_is_read_back_as_it_was_published() -> None:
    data = PublishedData()
    data.adopt(entries())
    assert_reads_back(data)


def test_each_kind_survives_the_build_state_of_a_reused_item(tmp_path: Path) -> None:
    """Saved with the item in build-items.json, read by a new process, handed on when the item is reused."""
    cache, output = tmp_path / ".cache", tmp_path / "output"
    state, staging = buildstate.BuildState(cache, output, ChangeDetector()), Staging(output, tmp_path / "content")
    with staging.recording() as written:
        staging.write_text("nq-57/index.html", "<p>một</p>", kind="resolution", slug="nq-57", lang="vi")
    state.remember("site:vi/nq-57", "fp", written, [], entries())
    staging.write_manifest()
    staging.commit()
    state.save(staging.file_stats)

    state, staging = buildstate.BuildState(cache, output, ChangeDetector()), Staging(output, tmp_path / "content")
    kept = state.reuse(staging, "site:vi/nq-57", "fp")
    assert kept is not None
    warnings, kept_entries = kept
    data = PublishedData()
    data.adopt(kept_entries)
    assert warnings == []
    assert_reads_back(data)


def test_a_misspelt_kind_or_field_is_an_error_not_none() -> None:
    data = PublishedData()
    data.adopt(entries())
    with pytest.raises(AttributeError):
        data.share_txt("vi/nq-57")                      # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        data.share_text("vi/nq-57").txt                 # type: ignore[union-attr]
    with pytest.raises(KeyError):
        data.alternates()["nq-57/index.html"]["link"]   # type: ignore[typeddict-item]
    with pytest.raises(KeyError):
        data.photos("nq-57")["photos"]["bieu-do.png"]["stm"]     # type: ignore[typeddict-item,index]
    with pytest.raises(AttributeError):
        data.get                                        # type: ignore[attr-defined]  # no untyped reading


def _entry_makers() -> set[str]:
    tree = ast.parse(PUBLISHED_MODULE.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.endswith("_entry")}


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def untyped_publishing(source: str, makers: set[str]) -> list[str]:
    """Where `source` publishes or reads published data other than through published.py's typed
    entry functions and accessors: publish(kind, name, value), publish(("kind", …)),
    published_data(…), ctx.published.get(…) / [...], a kind's string."""
    found = []
    kinds = {published._SHARE_TEXT, published._ALTERNATES, published._BROADCAST_AUDIO}
    tree = ast.parse(source)
    # a dict's key may be the same word (the sitemap's view: {"url": …, "alternates": …})
    keys = {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in {"publish", "_publish"}:
                arg = node.args[0] if len(node.args) == 1 and not node.keywords else None
                if not (isinstance(arg, ast.Call) and _call_name(arg) in makers):
                    found.append(f"line {node.lineno}: {name}() not given an entry of published.py")
            if name == "published_data":
                found.append(f"line {node.lineno}: published_data()")
        if isinstance(node, ast.Attribute) and node.attr in {"get", "_kinds", "items", "values", "keys"} \
                and isinstance(node.value, ast.Attribute) and node.value.attr == "published":
            found.append(f"line {node.lineno}: published.{node.attr}")
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) \
                and node.value.attr == "published":
            found.append(f"line {node.lineno}: published[…]")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in kinds \
                and id(node) not in keys \
                and node.value != "share-text":     # also a manifest kind and the page's element id
            found.append(f"line {node.lineno}: the kind {node.value!r} named outside published.py")
    return found


def test_builders_publish_and_read_only_through_the_typed_accessors() -> None:
    makers = _entry_makers()
    assert makers == {"share_text_entry", "alternates_entry", "broadcast_audio_entry", "photos_entry"}
    found = []
    for path in sorted(BUILDERS.rglob("*.py")):
        if path != PUBLISHED_MODULE:
            found += [f"{path.relative_to(BUILDERS)} {where}"
                      for where in untyped_publishing(path.read_text(encoding="utf-8"), makers)]
    assert found == []


@pytest.mark.parametrize("source", [
    'self.publish("share-text", key, text)',
    'self.publish(SHARE_TEXT, key, text)',
    'self.publish(("alternates", path, page))',
    'self._publish(ALTERNATES, path, {"kind": kind, "links": []})',
    'self.ctx.published_data(SHARE_TEXT, key)',
    'self.ctx.published.get("broadcast-audio", {})',
    'self.ctx.published["alternates"]',
    'BROADCAST_AUDIO = "broadcast-audio"',
])
def test_the_walk_finds_a_bare_kind(source: str) -> None:
    assert untyped_publishing(source, _entry_makers())


def test_the_walk_passes_the_typed_forms() -> None:
    assert untyped_publishing("self.publish(share_text_entry(key, SharePost(text)))\n"
                              "post = self.ctx.published.share_text(key)\n"
                              "pages = self.ctx.published.alternates()", _entry_makers()) == []


def test_each_typed_dict_is_made_with_exactly_its_fields() -> None:
    """A TypedDict does not check its keys when it is made: a misspelt field would be published
    as it is. Every call of one of published.py's in generator/ names each field once, and no other."""
    types = {name: set(cls.__annotations__) for name, cls in vars(published).items()
             if isinstance(cls, type) and issubclass(cls, dict) and hasattr(cls, "__required_keys__")}
    assert {"HreflangLink", "PageAlternates", "BroadcastAudio", "ResolutionPhotos", "PublishedPhoto"} <= types.keys()
    made, wrong = 0, []
    for path in sorted(BUILDERS.parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _call_name(node) in types and path != PUBLISHED_MODULE:
                made += 1
                given = {keyword.arg for keyword in node.keywords}
                if node.args or given != types[_call_name(node)]:
                    wrong.append(f"{path.name}:{node.lineno} {_call_name(node)}({', '.join(sorted(map(str, given)))})")
    assert made >= 6 and wrong == []
