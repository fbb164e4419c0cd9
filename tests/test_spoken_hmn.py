"""Spoken form of Hmong (RPA): numbers and dates from generator/spoken/hmn.yaml.

The table awaits a native speaker's review; these tests pin what it says
today so that a correction in the YAML is a visible, deliberate change.
"""
from __future__ import annotations

import re

import pytest

from generator.spoken import SpokenOptions, engine, find_legacy_encoding, number_to_words, spoken_form

HMN_YAML = engine.table_dir() / "hmn.yaml"


@pytest.mark.parametrize("n, words", [
    (0, "xoom"),
    (1, "ib"),
    (2, "ob"),
    (3, "peb"),
    (4, "plaub"),
    (5, "tsib"),
    (6, "rau"),
    (7, "xya"),
    (8, "yim"),
    (9, "cuaj"),
    (10, "kaum"),
    (11, "kaum ib"),
    (15, "kaum tsib"),
    (20, "nees nkaum"),
    (21, "nees nkaum ib"),
    (25, "nees nkaum tsib"),
    (30, "peb caug"),
    (45, "plaub caug tsib"),
    (60, "rau caum"),
    (84, "yim caum plaub"),
    (99, "cuaj caum cuaj"),
    (100, "ib puas"),
    (105, "ib puas tsib"),
    (110, "ib puas kaum"),
    (999, "cuaj puas cuaj caum cuaj"),
    (1000, "ib txhiab"),
    (1729, "ib txhiab xya puas nees nkaum cuaj"),
    (2016, "ob txhiab kaum rau"),
    (2025, "ob txhiab nees nkaum tsib"),
    (10_000, "kaum txhiab"),
    (21_555, "nees nkaum ib txhiab tsib puas tsib caug tsib"),
    (1_000_000, "ib lab"),
    (1_500_000, "ib lab tsib puas txhiab"),
    (1_000_000_000, "ib txhiab lab"),
    (-5, "rho tsib"),
])
def test_number_to_words(n, words):
    assert number_to_words(n, "hmn") == words


@pytest.mark.parametrize("written, said", [
    ("22/3/2016", "hnub tim nees nkaum ob lub peb hlis xyoo ob txhiab kaum rau"),
    ("Hnub tim 1/7/2025 peb mus.", "Hnub tim ib lub xya hlis xyoo ob txhiab nees nkaum tsib peb mus."),
    ("01/01/2026", "hnub tim ib lub ib hlis xyoo ob txhiab nees nkaum rau"),
    # "hnub" alone before a date (as translators write it) is not said twice: not "hnub hnub tim"
    ("Kev xaus lus hnub 15/3/2025", "Kev xaus lus hnub kaum tsib lub peb hlis xyoo ob txhiab nees nkaum tsib"),
    ("31/12/2024", "hnub tim peb caug ib lub kaum ob hlis xyoo ob txhiab nees nkaum plaub"),
    ("7/2025", "lub xya hlis xyoo ob txhiab nees nkaum tsib"),
    ("xyoo 2025-2030", "xyoo ob txhiab nees nkaum tsib txog xyoo ob txhiab peb caug"),
    ("3-5 xyoos", "peb txog tsib xyoos"),
    ("50%", "tsib caug feem pua"),
    ("92–95%", "cuaj caum ob txog cuaj caum tsib feem pua"),
    ("6h30", "rau teev peb caug feeb"),
    ("14:30", "kaum plaub teev peb caug feeb"),
    ("thib 2", "thib ob"),
    ("1.500.000 tus neeg", "ib lab tsib puas txhiab tus neeg"),
    ("- **Tsoomfwv** tau tshaj tawm kev cai tshiab (2025).", "Tsoomfwv tau tshaj tawm kev cai tshiab, ob txhiab nees nkaum tsib."),
    ("Saib ntawm https://laichau.gov.vn.", "Saib nyob rau ntawm lub vev xaib ntawm lub chaw haujlwm."),
    ("Nyob zoo, peb yog Hmoob.", "Nyob zoo, peb yog Hmoob."),
])
def test_spoken_form(written, said):
    assert spoken_form(written, "hmn") == said


def test_months_are_all_named():
    table = engine.load_table("hmn")
    assert sorted(int(k) for k in table["months"]) == list(range(1, 13))
    said = [spoken_form(f"1/{m}/2025", "hmn") for m in range(1, 13)]
    assert len(set(said)) == 12
    assert all(not re.search(r"\d", s) for s in said)


def test_digits_and_scales_are_the_rpa_words():
    numbers = engine.load_table("hmn")["numbers"]
    assert numbers["digits"][1:] == ["ib", "ob", "peb", "plaub", "tsib", "rau", "xya", "yim", "cuaj"]
    assert numbers["tens"][1] == "kaum"
    assert "puas" in numbers["hundreds"]
    assert numbers["scales"][:2] == ["txhiab", "lab"]


def test_table_is_marked_for_a_native_speakers_review():
    text = HMN_YAML.read_text(encoding="utf-8")
    assert re.search(r"^#.*REVIEW.*native speaker", text, re.MULTILINE)


def test_site_abbreviations_apply_to_hmong_too():
    options = SpokenOptions(abbreviations={"UBND": "Pawg thawj coj"})
    assert spoken_form("UBND", "hmn", options) == "Pawg thawj coj"
    assert spoken_form("UBND", "hmn") == "UBND"


@pytest.mark.parametrize("text", [
    "Tsoomfwv tau tshaj tawm kev cai tshiab.",
    "Nyob zoo, kuv yog neeg Hmoob.",
    "Txhua tus neeg yuav tsum paub txog kev cai lij choj.",
])
def test_hmong_text_is_not_taken_for_legacy_vietnamese(text):
    assert find_legacy_encoding(text) == []
    assert spoken_form(text, "hmn") == text


@pytest.mark.parametrize("lang", ["vi", "hmn"])
def test_table_words_are_strings(lang):
    # YAML reads a bare yes/no/on/off as a boolean: a word must stay a word
    table = engine.load_table(lang)

    def leaves(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                assert isinstance(key, (str, int)) and not isinstance(key, bool), (path, key)
                yield from leaves(item, f"{path}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from leaves(item, f"{path}[{i}]")
        else:
            yield path, value

    for path, value in leaves({k: v for k, v in table.items() if k not in ("numbers", "rules")}, lang):
        assert isinstance(value, str), (path, value)
    for path, value in leaves(table["numbers"], f"{lang}.numbers"):
        assert isinstance(value, (str, int)), (path, value)


# -- QA findings: half-converted codes, an English placeholder word -------------------
@pytest.mark.parametrize("written, said", [
    ("12-NQ/TU, 86,3 km, UBND", "12-NQ/TU, 86,3 km, UBND"),
    ("Nghị quyết tus lej 12-NQ/TU hnub tim 20/8/2021",
     "Nghị quyết tus lej 12-NQ/TU hnub tim nees nkaum lub yim hlis xyoo ob txhiab nees nkaum ib"),
    ("Txiav txim 1719/QĐ-TTg thiab 224-KL/TU.", "Txiav txim 1719/QĐ-TTg thiab 224-KL/TU."),
    ("cách mạng công nghiệp 4.0", "cách mạng công nghiệp 4.0"),
    ("-2,5%", "rho 2,5 feem pua"),
])
def test_codes_stay_whole_and_decimals_stay_digits_until_reviewed(written, said):
    assert spoken_form(written, "hmn") == said


def test_no_english_placeholder_word_is_said():
    said = spoken_form("86,3 km; 4.0; 1.500,5", "hmn")
    assert not re.search(r"\bpoint\b", said)
    assert "point" not in HMN_YAML.read_text(encoding="utf-8").split("review:")[0]


def test_entries_awaiting_review_are_listed():
    from generator.spoken import review_entries
    entries = review_entries("hmn")
    assert {"numbers.decimal", "numbers.scales", "rules.document_code"} <= set(entries)
    assert all(isinstance(v, str) and v for v in entries.values())
    assert review_entries("vi") == {}
