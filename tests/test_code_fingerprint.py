"""tuyentruyen's own code fingerprint (code_hash.py): what every cache and build state is
tagged with. It changes with the code and the packaged fonts, not with file times (a copy or a
reinstall of the same code), and it does not read the fonts' 6.5 MB in every new process."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.fonts import PACKAGED_DIR
from generator import code_hash as code_hash_module

PACKAGE = Path(code_hash_module.__file__).resolve().parent


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The package copied as an installer would, every file with a new modification time."""
    target = tmp_path / "generator"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    later = (1_900_000_000, 1_900_000_000)
    for folder, _, files in os.walk(target):
        for name in files:
            os.utime(os.path.join(folder, name), later)
    return target


def code_hash(folder: Path) -> str:
    """The package's hash computed now (the function itself: the process's cache of it is not cleared)."""
    return code_hash_module._code_hash.__wrapped__(str(folder))


def test_the_same_code_copied_or_reinstalled_has_the_same_fingerprint(copy: Path) -> None:
    assert code_hash(copy) == code_hash(PACKAGE) == code_hash_module.code_fingerprint()
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"compiled")
    assert code_hash(copy) == code_hash(PACKAGE)


def test_a_changed_code_file_or_packaged_font_changes_it(copy: Path) -> None:
    before = code_hash(copy)
    (copy / "cli.py").write_text((copy / "cli.py").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = code_hash(copy)
    assert edited != before
    font = copy / PACKAGED_DIR.relative_to(PACKAGE) / "DejaVuSans.ttf"
    font.write_bytes(font.read_bytes() + b"\0")
    assert code_hash(copy) != edited
    new_font = copy / PACKAGED_DIR.relative_to(PACKAGE) / "Extra.ttf"
    new_font.write_bytes(b"a font")
    assert len({before, edited, code_hash(copy)}) == 3


def test_the_packaged_fonts_are_not_read_but_known_by_the_record_of_their_bytes(
        copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A font's bytes are not read (its size is asked); the record of them is: the package's
    packaged_character_maps.json, which tests/test_fonts.py checks against the fonts."""
    opened: list[str] = []
    real_open = open

    def watching(file, *args, **kwargs):            # noqa: ANN001, ANN202 - open's own signature
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watching)
    code_hash(copy)
    assert not [name for name in opened if name.endswith(".ttf")]
    assert any(name.endswith("packaged_character_maps.json") for name in opened)
    record = copy / "fonts" / "packaged_character_maps.json"
    before = code_hash(copy)
    record.write_text(record.read_text(encoding="utf-8").replace('"sha256":"', '"sha256":"0', 1), encoding="utf-8")
    assert code_hash(copy) != before
