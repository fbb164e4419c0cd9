"""The print builders' reuse on a folder's proof (Builder.inputs_in_folder, issue 13): an item
whose resolution folder is as the load read it when the item was made, under the same
builder-wide fingerprint, is reused without its inputs being asked. Each builder that claims it
is held to it here: for every item of the example site, after each kind of change, an item
whose proof holds has the fingerprint the full check makes."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

import pytest

from generator import pipeline
from generator.builders import base
from generator.builders.base import BuildContext, BuildOptions
from generator.builders.images import PhotoIndex
from generator.fonts import PACKAGED_DIR
from generator.i18n import CATALOG_DIR
from generator.load import load_site
from generator.machinery.buildstate import BuildState, fingerprint
from generator.photos import PhotoLibrary
from generator.pipeline import build
from generator.session import BuildSession

from conftest import EXAMPLE_CONTENT, REPO, tree_bytes, write

Answers = dict[tuple[str, str], tuple[str | None, str]]
PROVEN = [registered.name for registered in pipeline.BUILDERS if registered.builder().inputs_in_folder]


def test_the_print_builders_claim_the_folder_proof_and_the_others_do_not() -> None:
    """Which builders skip item_inputs on the proof (a builder added to it is tested below)."""
    assert PROVEN == ["leaflets", "loudspeaker", "brief", "brief-loudspeaker", "qa-sheet", "lecture", "share"]


def _answers(content: Path, cache: Path, photos: bool = True, no_audio: bool = True) -> Answers:
    """(builder, item key) → (the item's proof, its full fingerprint), as a new build finds them."""
    session = BuildSession()
    with session.changes.moment():
        site, _ = load_site(content, session=session)
        assert site is not None
        options = BuildOptions(cache_dir=cache, no_audio=no_audio)
        ctx = BuildContext(site=site, staging=None, options=options, session=session,
                           state=BuildState(cache, content.parent / "output", session.changes),
                           photos=PhotoIndex(site, PhotoLibrary(cache)) if photos else None)
        answers: Answers = {}
        for registered in pipeline.BUILDERS:
            builder = registered.builder()(ctx)
            if not builder.inputs_in_folder:
                continue
            for item in builder.items():
                answers[(builder.name, builder.item_key(item))] = (
                    builder.item_proof(item), fingerprint(builder.shared_fingerprint, builder.item_inputs(item)))
    return answers


def _proven(before: Answers, after: Answers) -> set[tuple[str, str]]:
    """The items whose proof holds after the change; each must have kept its fingerprint."""
    proven = {key for key, (proof, _) in after.items()
              if proof is not None and key in before and before[key][0] == proof}
    wrong = sorted(key for key in proven if before[key][1] != after[key][1])
    assert not wrong, f"proof held, fingerprint changed: {wrong}"
    return proven


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


RESOLUTIONS = "resolutions"
EDITED = "nq-18-dat-dai"              # has a Hmong translation
PHOTO = "nq-57-khoa-hoc-cong-nghe"    # has a photo


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _own_summary(content: Path) -> None:
    _append(content / RESOLUTIONS / EDITED / "vi.md", "\nMột câu thêm vào cuối.\n")


def _translation(content: Path) -> None:
    _append(content / RESOLUTIONS / EDITED / "hmn.md", "\nIb kab lus ntxiv.\n")


def _resolution_yaml(content: Path) -> None:
    _edit(content / RESOLUTIONS / EDITED / "resolution.yaml", "issuer: ", "issuer: Ban Thường vụ - ")


def _script(content: Path) -> None:
    write(content / RESOLUTIONS / EDITED / "vi.loa.txt", "Bài đọc của biên tập viên.\n")


def _photo(content: Path) -> None:
    from PIL import Image
    image = content / RESOLUTIONS / PHOTO / "so-do-muc-tieu.png"
    with Image.open(image) as opened:
        changed = opened.convert("RGB")
    changed.putpixel((0, 0), (1, 2, 3))
    changed.save(image)


def _implements(content: Path) -> None:
    """kh-185 no longer implements kl-224: kl-224's model (implemented_by) changes, its folder does not."""
    _edit(content / RESOLUTIONS / "kh-185-hu-thuc-hien-nq-57" / "resolution.yaml",
          "implements: [kl-224-tu-thuc-hien-nq-57]\n", "")


def _glossary(content: Path) -> None:
    _append(content / "glossary.yaml", "\n")


def _page(content: Path) -> None:
    _append(content / "pages" / "gioi-thieu.vi.md", "\nThêm một dòng.\n")


def _site_label(content: Path) -> None:
    _edit(content / "site.yaml", "title: ", "title: Trang ")


def _template(content: Path) -> None:
    for part, name in (("leaflet", "common.typ"), ("share", "share-text.txt")):
        own = content / "templates" / part / name
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_bytes((REPO / "templates" / part / name).read_bytes() + b"\n")


def _font(content: Path) -> None:
    fonts = content / "templates" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copyfile(PACKAGED_DIR / "DejaVuSans.ttf", fonts / "DejaVuSans.ttf")


def _catalog(content: Path) -> None:
    """The site's own catalog, one label translated otherwise ("Số hiệu" is printed on every leaflet)."""
    text = (CATALOG_DIR / "vi.po").read_text(encoding="utf-8")
    write(content / "i18n" / "vi.po", text.replace('msgid "Số hiệu"\nmsgstr ""', 'msgid "Số hiệu"\nmsgstr "Ký hiệu"'))


def _in(folder: str) -> Callable[[tuple[str, str]], bool]:
    return lambda key: key[1].endswith("/" + folder)


EVERY = lambda key: True          # noqa: E731
NONE = lambda key: False          # noqa: E731


# change → which items keep their proof (the others are checked in full, as before)
CHANGES: dict[str, tuple[Callable[[Path], None], Callable[[tuple[str, str]], bool]]] = {
    "own summary": (_own_summary, lambda key: not _in(EDITED)(key)),
    "translation": (_translation, lambda key: not _in(EDITED)(key)),
    "resolution.yaml": (_resolution_yaml, lambda key: not _in(EDITED)(key)),
    "loudspeaker script": (_script, lambda key: not _in(EDITED)(key)),
    "photo": (_photo, lambda key: not _in(PHOTO)(key)),
    "another folder implements it no more": (_implements, lambda key: not _in("kh-185-hu-thuc-hien-nq-57")(key)),
    "glossary": (_glossary, EVERY),
    "free page": (_page, EVERY),
    "site.yaml label": (_site_label, NONE),
    "template": (_template, NONE),
    "font": (_font, NONE),
    "catalog": (_catalog, NONE),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_an_item_whose_proof_holds_has_the_fingerprint_the_full_check_makes(tmp_path: Path, change: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    cache = tmp_path / ".cache"
    before = _answers(content, cache)
    assert {name for name, _ in before} == set(PROVEN) and all(proof for proof, _ in before.values())
    apply, kept = CHANGES[change]
    apply(content)
    after = _answers(content, cache)
    proven = _proven(before, after)
    assert proven == {key for key in after if kept(key)}
    if change != "glossary" and change != "free page" and not change.startswith("another"):
        assert any(before[key][1] != after[key][1] for key in after if key in before and key not in proven), \
            "the change changes some item's inputs"


def test_the_code_and_the_options_are_in_every_proof(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    cache = tmp_path / ".cache"
    before = _answers(content, cache)
    # The loudspeaker's items without --no-audio (the audio formats ffmpeg can make), the leaflets
    # without a photo index (the images builder did not run): other inputs, other proofs.
    with_audio = _answers(content, cache, no_audio=False)
    assert {name for name, _ in _proven(before, with_audio)} == set(PROVEN) - {"loudspeaker", "brief-loudspeaker"}
    no_photos = _answers(content, cache, photos=False)
    assert {name for name, _ in _proven(before, no_photos)} == set(PROVEN) - {"leaflets"}
    # Pillow upgraded (or the photos' settings changed): every print variant made again, so the leaflets.
    with monkeypatch.context() as patched:
        patched.setattr(PhotoLibrary, "settings_key", property(lambda library: "Pillow of another version"))
        new_pillow = _answers(content, cache)
    assert {name for name, _ in _proven(before, new_pillow)} == set(PROVEN) - {"leaflets"}
    monkeypatch.setattr(base, "code_fingerprint", lambda: "another version of tuyentruyen")
    assert not _proven(before, _answers(content, cache))


# ---------------------------------------------------------------- whole builds on the proof

SHARE = frozenset({"share"})


def _build(content: Path, output: Path, only: frozenset[str] = SHARE) -> None:
    build(content, output, BuildOptions(cache_dir=content.parent / ".cache", no_audio=True, only=only))


def _clean(tmp_path: Path, content: Path, only: frozenset[str] = SHARE) -> dict[str, bytes]:
    clean = tmp_path / "clean"
    build(content, clean, BuildOptions(no_audio=True, only=only))
    return tree_bytes(clean)


def _reused_on_proof(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys reuse_proven kept (the test fails unless the builds below take the shortcut)."""
    kept: list[str] = []
    proven = BuildState.reuse_proven

    def counted(self: BuildState, staging: Any, key: str, proof: str) -> Any:
        found = proven(self, staging, key, proof)
        if found is not None:
            kept.append(key)
        return found
    monkeypatch.setattr(BuildState, "reuse_proven", counted)
    return kept


@pytest.fixture
def example(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    return content


def test_a_kept_file_deleted_or_edited_by_hand_is_made_again(tmp_path: Path, example: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "output"
    _build(example, output)
    kept = _reused_on_proof(monkeypatch)
    _own_summary(example)
    image = output / "ct-05-hoc-tap-lam-theo-bac" / "ct-05-hoc-tap-lam-theo-bac-vi-chia-se.png"
    text = next((output / "kh-05-du-binh-dan-hoc-vu-so").glob("*chia-se.txt"))
    image.unlink()
    data = text.read_bytes()
    text.write_bytes(data.replace(b"a", b"o", 1))      # the same size
    _build(example, output)
    assert "share:vi/ct-05-hoc-tap-lam-theo-bac" not in kept and kept
    assert tree_bytes(output) == _clean(tmp_path, example)


@pytest.mark.parametrize("where", ["builder", "state saved"])
def test_a_build_that_failed_or_was_killed_leaves_no_proof_behind(tmp_path: Path, example: Path, where: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit whose build failed after the share images were made (its session may be saved),
    or was killed when the state was to be written after the output was swapped: the next
    build still makes the edited folder's items again."""
    output = tmp_path / "output"
    _build(example, output)
    _edit(example / RESOLUTIONS / EDITED / "vi.md", "title: ", "title: Đã sửa - ")
    with monkeypatch.context() as patched:
        if where == "builder":
            from generator.builders.share import ShareBuilder
            patched.setattr(ShareBuilder, "finish", lambda self: (_ for _ in ()).throw(RuntimeError("stop")))
            with pytest.raises(RuntimeError):
                _build(example, output)
        else:
            patched.setattr(BuildState, "save", lambda self, marks: (_ for _ in ()).throw(KeyboardInterrupt()))
            with pytest.raises(KeyboardInterrupt):
                _build(example, output)
    kept = _reused_on_proof(monkeypatch)
    _build(example, output)
    assert "Đã sửa - " in next((output / EDITED).glob("*-vi-chia-se.txt")).read_text(encoding="utf-8-sig")
    assert where != "builder" or kept          # killed after the swap: no state, every item made again
    assert tree_bytes(output) == _clean(tmp_path, example)


def test_builds_with_only_take_the_proof_of_the_builders_they_run(tmp_path: Path, example: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """--only: a build of the site and the share images, an edit built by the share images alone
    (the others kept on their proof), then both again: each output as a clean build's."""
    output, both = tmp_path / "output", frozenset({"site", "share"})
    _build(example, output, both)
    _edit(example / RESOLUTIONS / EDITED / "vi.md", "title: ", "title: Đã sửa - ")
    kept = _reused_on_proof(monkeypatch)
    _build(example, output)
    assert kept and not [key for key in kept if key.endswith(EDITED)]
    assert "Đã sửa - " in next((output / EDITED).glob("*-vi-chia-se.txt")).read_text(encoding="utf-8-sig")
    assert tree_bytes(output) == _clean(tmp_path, example)
    _build(example, output, both)
    shutil.rmtree(tmp_path / "clean")
    assert tree_bytes(output) == _clean(tmp_path, example, both)
