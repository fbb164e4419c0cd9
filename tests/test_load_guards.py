"""The loader's quick tests that skip a check's full path on ordinary text (issue 15, coldload2):
each may only skip a text on which the full path finds nothing. Tried on the example content,
the bench corpus, the strings of the hostile tests, mutated summaries and random texts built to
sit on either side of each guard."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from generator.content import limits, listindent, reader
from generator.content import glossary as glossary_module
from generator.content.folder_files import FolderFiles
from generator.content.glossary import Glossary
from generator.translations.glossary import load_glossary
from generator.fonts import coverage, font_dirs
from generator.fonts.coverage import drawable

from conftest import EXAMPLE_CONTENT, REPO
from test_markdown_tree import HOSTILE_TESTS, _string_literals, body, both_ways, corpus_bodies, mutated_bodies


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Bodies of the example content and the bench corpus, the hostile tests' strings alone and
    inside a summary, and mutated summaries."""
    example = [body(path) for path in sorted(EXAMPLE_CONTENT.rglob("*.md")) if "templates" not in path.parts]
    corpus = corpus_bodies(tmp_path_factory.mktemp("corpus"), 40)
    literals = [literal for name in HOSTILE_TESTS for literal in _string_literals(REPO / "tests" / name)]
    inside = [example[0].replace("\n\n", f"\n\n{literal}\n\n", 2) for literal in literals]
    return example + corpus + literals + inside + mutated_bodies(21, 300)


def _deep_texts(rng: random.Random, count: int) -> list[str]:
    """Texts around the nesting limit: indented items, quote markers and tags."""
    pieces = ["- ý", "  - con", "    " * 62 + "- sâu", "    " * 63 + "- sâu hơn", "\t- tab", ">" * 30 + " q",
              "<div>" * 20, "</div>", "<b>", "a > b", "```", " " * 300 + "x", "1. một", "text"]
    return ["\n".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12))) for _ in range(count)]


def _deepest(text: str) -> int:
    return max((every for _, _, every in limits.source_depths(text)), default=0)


def test_nesting_guard_skips_only_texts_within_the_limit(texts: list[str]) -> None:
    samples = texts + _deep_texts(random.Random(5), 3000)
    skipped = 0
    for text in samples:
        if not limits.may_nest_too_deep(text):
            assert _deepest(text) <= limits.MAX_ELEMENT_DEPTH, text[:200]
            skipped += 1
    too_deep = [text for text in samples if _deepest(text) > limits.MAX_ELEMENT_DEPTH]
    assert too_deep and all(limits.may_nest_too_deep(text) for text in too_deep)
    assert skipped > len(texts) * 0.9          # ordinary summaries take the quick path
    assert skipped < len(samples) - 100        # and the random ones exercise the full one


def test_nesting_guard_keeps_the_error_and_its_line() -> None:
    text = "Đoạn.\n\n" + "\n".join("    " * depth + "- mức" for depth in range(70))
    problem = limits.source_nesting_problem(Path("vi.md"), text, 5)
    assert problem is not None and problem.code == "nesting-too-deep"
    assert problem.line == 5 + 2 + limits.MAX_ELEMENT_DEPTH


def _list_texts(rng: random.Random, count: int) -> list[str]:
    """Texts of list items and paragraphs with every kind of marker spacing and indentation."""
    pieces = ["- ý", "-  hai dấu cách", "-\ttab", "-", "- ", "- #thẻ", "* sao", "+ cộng", "1. một", "2) hai",
              "10. mười", "1234567890. không phải", "-không phải", "--- ", "  - con", "\t- tab", "   ba", " \xa0",
              "    mã", "văn bản", "", "```", "~~~", "- ```", "> - trích", "#tiêu đề", "- \t", "*nghiêng*"]
    return ["\n".join(rng.choice(pieces) for _ in range(rng.randrange(1, 10))) for _ in range(count)]


def test_list_indentation_guard_skips_only_texts_it_leaves_as_they_are(texts: list[str]) -> None:
    samples = texts + _list_texts(random.Random(6), 5000)
    kept = 0
    for text in samples:
        if not listindent.may_change(text):
            assert listindent._reindented(text) == text, text[:200]
            kept += 1
    assert kept > 1000                          # the quick path is taken
    assert sum(listindent._reindented(text) != text for text in samples) > 1000    # and the full one matters


def _yaml_texts() -> list[str]:
    """Every YAML of the example content, and hostile strings as plain, quoted and block values."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLE_CONTENT.rglob("*.yaml"))]
    literals = [literal for name in HOSTILE_TESTS for literal in _string_literals(REPO / "tests" / name)]
    for literal in literals:
        one_line = " ".join(literal.split())
        texts += [f"title: {one_line}\n", f"title: \"{one_line}\"\n", "title: |\n  " + literal.replace("\n", "\n  "),
                  f"- {one_line}\n- !!str {one_line}\n- ? {one_line}\n  : x\n"]
    texts += ["a: !!str 1\nb: !!str 2024-01-01\nc: &x !!str y\nd: *x\ne: \"\\x07\\ud800\"\nf: 'it''s'\n"]
    return texts


def test_a_string_scalar_is_what_the_yaml_loader_makes_of_it() -> None:
    """reader._construct takes a str-tagged scalar's value as it stands: what SafeLoader's
    construct_object gives, for every such node of the example content and the hostile values."""
    compared = 0
    for text in _yaml_texts():
        try:
            root = yaml.compose(text, Loader=yaml.CSafeLoader)
        except (yaml.YAMLError, UnicodeEncodeError):      # refused before (a surrogate: no file holds one)
            continue
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                stack += [part for pair in node.value for part in pair]
            elif isinstance(node, yaml.SequenceNode):
                stack += node.value
            elif node.tag == reader._STR_TAG:
                assert yaml.SafeLoader("").construct_object(node, deep=True) == node.value
                compared += 1
    assert compared > 1000


CONTROL_CHARACTERS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", CONTROL_CHARACTERS)
def test_control_characters_left_out_of_the_tree_as_the_html_path_does(char: str) -> None:
    """markdown_tree leaves out control characters only where a text can hold one (the source has
    one, or a character reference): the same tree as the HTML path, with and without them."""
    for text in (f"Đoạn{char} một.\n\n- ý *nghiêng{char}* [lk{char}](a.html)", "Đoạn &#x1b; và &#128;.",
                 f"Đoạn{char} và &#7;.", "Đoạn thường, *nghiêng* và **đậm**."):
        direct, through_html = both_ways(text)
        assert direct == through_html, text
        assert not any(c in text for text in _texts_of(direct) for c in CONTROL_CHARACTERS)


def _texts_of(nodes: tuple) -> list[str]:
    """Every text and attribute value of a tree."""
    found: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            found.append(node)
        else:
            found += [value for _name, value in node.attrs] + _texts_of(node.children)
    return found


def test_folder_files_find_what_glob_and_iterdir_find(tmp_path: Path) -> None:
    """One listing of a resolution folder gives what each glob of the loader and the review gave."""
    folder = tmp_path / "nq-1"
    folder.mkdir()
    names = ["vi.md", "hmn.md", "VI.MD", ".an.md", ".md", "vi.md.bak", "vi.loa.txt", "hmn.loa.txt", "a.loa.txt.md",
             "hmn.loa.mp3", "hmn.loa.yaml", "hmn.source.yaml", "Hmn.Source.Yaml", "hmn.source.yaml~",
             "tie\u0302\u0301ng.md", "ảnh.png", "resolution.yaml", "x y.md", "[abc].md", "*.md"]
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")
    (folder / "thu-muc.md").mkdir()
    (folder / "gone.md").symlink_to(tmp_path / "nowhere")
    files = FolderFiles(folder)
    for suffix in (".md", ".loa.txt", ".loa.yaml", ".source.yaml", ".yaml"):
        assert files.ending(suffix) == sorted(folder.glob(f"*{suffix}")), suffix
    assert files.everything() == sorted(folder.iterdir())
    assert FolderFiles(tmp_path / "khong-co").ending(".md") == sorted((tmp_path / "khong-co").glob("*.md")) == []


def test_missing_glyph_search_agrees_with_the_character_set(texts: list[str]) -> None:
    """The glyph check finds a character the fonts cannot draw exactly when the text's characters
    beyond ASCII are not all drawable; its one search settles most texts, the set the others."""
    covered = drawable(font_dirs(EXAMPLE_CONTENT))
    pool = list("aăâđêôơư ÀÁẢÃẠàáảãạ\nxyz-0") + ["漢", "😀", "\u0301", "\u200b", "\ufeff", "Ω", "≤", "→", "✓", "\ue000",
                                                   "\U0001f1fb", "\u0378", "ſ", "\x85", "\xa0", "\u2028"]
    pool += [chr(code) for code in random.Random(9).sample(range(0x80, 0x3000), 300)]
    rng = random.Random(10)
    samples = texts + ["".join(rng.choice(pool) for _ in range(rng.randrange(1, 12))) for _ in range(20000)]
    answers = [coverage.has_undrawable(text, covered) for text in samples]
    assert answers == [not all(char.isascii() for char in set(text).difference(covered)) for text in samples]
    assert 1000 < sum(answers) < len(samples) - 1000
    quick = coverage._outside_long_runs(covered)
    settled = [text for text in samples if not text.isascii() and quick.search(text) is None]
    assert len(settled) > len(texts) // 2           # most summaries: the one search decides
    assert sum(quick.search(text) is not None and not answer for text, answer in zip(samples, answers)) > 100


def _terms_in_as_before(glossary: Glossary, text: str) -> list:
    """Glossary.terms_in as it was: every term's words read again, every position compared."""
    words = glossary_module.word_keys(text)
    found = []
    for term in glossary.terms:
        phrase = glossary_module.word_keys(term.source)
        size = len(phrase)
        if size > 0 and any(list(words[i:i + size]) == list(phrase) for i in range(len(words) - size + 1)):
            found.append(term)
    return found


def test_glossary_terms_found_as_before(texts: list[str]) -> None:
    glossary, _ = load_glossary(EXAMPLE_CONTENT / "glossary.yaml", ["vi", "hmn"], "vi")
    assert glossary is not None and len(glossary.terms) > 5
    samples = texts + [" ".join(term.source for term in glossary.terms), "Nghị quyết nghị  QUYẾT Đảng đang hoà hòa"]
    found = 0
    for text in samples:
        expected = _terms_in_as_before(glossary, text)
        assert glossary.terms_in(text) == expected, text[:200]
        found += len(expected)
    assert found > 100
