"""The command line's own help and errors (generator/arguments.py) in the user's language: argparse
wrote "usage:", "error: invalid choice: 'biuld' (choose from …)" in English on every command."""
from __future__ import annotations

import pytest

from generator.arguments import explain, requested_language
from generator.cli import main

ENGLISH_ARGPARSE = ("usage:", "error:", "invalid choice", "unrecognized arguments", "the following arguments",
                    "expected one argument", "invalid int value", "show this help")


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err


@pytest.mark.parametrize("argv, said", [
    (["biuld"], ["không có lệnh 'biuld'", "Có phải ý bạn là 'build'?", "report, recordings"]),
    (["build", "--no-audo"], ["tuyentruyen build: lỗi: không hiểu: --no-audo.", "Có phải ý bạn là '--no-audio'?"]),
    (["new"], ["tuyentruyen new: lỗi: còn thiếu: slug."]),
    (["serve", "--port", "tám"], ["--port: 'tám' không phải một số nguyên"]),
    (["build", "--lang", "fr"], ["--lang: không nhận 'fr'.", "Chọn một trong: vi, en."]),
    (["build", "--content"], ["sau --content cần ghi một giá trị."]),
    (["records", "tempalte", "nq-57"], ["không có lệnh 'tempalte'", "'template'"]),
    ([], ["tuyentruyen: lỗi: chưa ghi lệnh"]),
    (["build", "--only", "to-roi"], ["--only: không có phần 'to-roi'"]),
    (["build", "--no-audio=yes"], ["--no-audio không đi kèm giá trị: bỏ '=yes'."]),
    (["translations", "import"], ["còn thiếu: TỆP."]),
    (["recordings", "mark", "nq-57"], ["còn thiếu: NGÔN_NGỮ."]),
])
def test_parse_errors_are_told_in_vietnamese_with_the_nearest_right_word(
        capsys: pytest.CaptureFixture[str], argv: list[str], said: list[str]) -> None:
    err = _refused(capsys, *argv)
    for text in said:
        assert text in err, err
    assert err.startswith("Cách dùng: tuyentruyen") and "Xem cách dùng: tuyentruyen" in err
    assert not any(english in err for english in ENGLISH_ARGPARSE), err
    assert "no part called" not in err      # --only's refusal in the message language only


def test_with_lang_en_the_errors_are_english_and_still_suggest(capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(capsys, "build", "--lang", "en", "--no-audo")
    assert err.startswith("usage: tuyentruyen build")
    assert "tuyentruyen build: error: not understood: --no-audo. Did you mean '--no-audio'?" in err
    assert "không" not in err
    err = _refused(capsys, "build", "--only", "to-roi", "--lang=en")
    assert "no part called 'to-roi'" in err and "không có phần" not in err


def test_help_is_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "-h"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: tuyentruyen build") and "tùy chọn:" in out
    assert "hiện hướng dẫn này rồi thoát" in out and "--no-audio" in out
    assert not any(english in out for english in ENGLISH_ARGPARSE + ("options:", "positional arguments"))


def test_the_message_language_is_known_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUYENTRUYEN_LANG", raising=False)
    assert requested_language(["build", "--lang", "en"]) == "en"
    assert requested_language(["build", "--lang=en"]) == "en"
    assert requested_language(["spoken", "--lang", "hmn"]) == "vi"     # a text's language, not the messages'
    assert requested_language(["spoken", "--lang", "en"]) == "vi"
    monkeypatch.setenv("TUYENTRUYEN_LANG", "en")
    assert requested_language(["build"]) == "en"


def test_an_error_text_argparse_may_add_later_is_shown_as_it_is() -> None:
    assert explain("something new went wrong", "vi") == "something new went wrong"
    # Python 3.12+ quotes choices differently; both read the same.
    assert "Chọn một trong: vi, en" in explain("argument --lang: invalid choice: 'fr' (choose from vi, en)", "vi")
    # Python 3.14's own suggestion (suggest_on_error) in the text: ours replaces it, in the message language.
    said = explain("argument LỆNH: invalid choice: 'biuld', maybe you meant 'build'? (choose from build, check)", "vi")
    assert said == "không có lệnh 'biuld'. Có phải ý bạn là 'build'? Các lệnh: build, check."
