"""The tree built from python-markdown's ElementTree (markdown_tree.py) is the very tree the
HTML path gives (serialise, nh3, parse again), for every text we have: the example content,
the bench corpus, the hostile inputs of the tests and their mutations, and edge cases
written for the placeholders and the nesting an HTML parser repairs."""
from __future__ import annotations

import ast
import random
import sys
from pathlib import Path

import pytest

from generator.content import markdown_render
from generator.content.htmltree import Child, Node, walk
from generator.content.markdown_tree import sanitised_tree
from generator.content.reader import normalise_text, split_front_matter

from conftest import EXAMPLE_CONTENT, REPO, standard_resolution
import test_mutations

HOSTILE_TESTS = ("test_hostile_input.py", "test_hostile_lost.py", "test_hostile_audit.py", "test_mutations.py",
                 "test_security.py", "test_serve_hostile.py")


def both_ways(text: str) -> tuple[tuple[Child, ...] | None, tuple[Child, ...]]:
    """(the tree path's tree or None when it hands over, the HTML path's tree) of a body."""
    md = markdown_render._converter()
    source = markdown_render.normalise_list_indentation(markdown_render.without_document_tags(text))
    md.reset()
    direct = sanitised_tree(md, source, markdown_render.EXTENSION_CONFIG["footnotes"]["BACKLINK_TEXT"])
    md.reset()
    return direct, markdown_render.render_through_html(md, source)


def body(path: Path) -> str:
    text = normalise_text(path.read_text(encoding="utf-8"))
    return split_front_matter(path, text)[0].body


def assert_same(texts: list[str]) -> int:
    """Each text the same both ways; how many took the tree path."""
    direct_count = 0
    for text in texts:
        try:
            direct, through_html = both_ways(text)
        except RecursionError:
            continue                # the loader refuses these (limits.py) before rendering
        if direct is not None:
            direct_count += 1
            assert direct == through_html, text[:300]
    return direct_count


def test_every_example_summary_and_page_takes_the_tree_path_with_the_same_tree() -> None:
    texts = [body(path) for path in sorted(EXAMPLE_CONTENT.rglob("*.md")) if "templates" not in path.parts]
    assert len(texts) >= 10
    assert assert_same(texts) == len(texts)      # comments (a translator's note) included


def corpus_bodies(folder: Path, n: int) -> list[str]:
    """The bodies of the bench corpus of `n` resolutions, generated into `folder`."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from corpus import generate
    finally:
        sys.path.remove(str(REPO / "bench"))
    generate(folder, n)
    return [body(path) for path in sorted(folder.rglob("*.md"))]


def test_the_bench_corpus_takes_the_tree_path_with_the_same_tree(tmp_path: Path) -> None:
    texts = corpus_bodies(tmp_path, 40)
    assert len(texts) == 60
    assert assert_same(texts) == len(texts)


def _string_literals(path: Path) -> list[str]:
    return [node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip()]


def test_hostile_inputs_of_the_tests_give_the_same_tree_both_ways() -> None:
    """Every string in the hostile tests, alone and inside a summary; most take the tree path."""
    literals = [literal for name in HOSTILE_TESTS for literal in _string_literals(REPO / "tests" / name)]
    template = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết")["vi.md"]
    texts = []
    for literal in literals:
        texts += [literal, template.replace("- Ý thứ hai\n", f"- Ý thứ hai {literal}\n\n{literal}\n")]
    texts = [split_front_matter(Path("vi.md"), normalise_text(text))[0].body for text in texts
             if text.encode("utf-8", "replace").decode("utf-8") == text]   # no surrogates: a file cannot hold them
    direct = assert_same(texts)
    assert direct > len(texts) // 2, (direct, len(texts))


def mutated_bodies(seed: int, count: int) -> list[str]:
    """test_mutations' tokens and edits, `count` times over one summary and its translation."""
    rng = random.Random(seed)
    files = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết số 57-NQ/TW", hmn=True)
    texts = []
    for _ in range(count):
        text = files[rng.choice(("vi.md", "hmn.md"))]
        for _ in range(rng.choice((1, 2, 3, 5))):
            text, _what = test_mutations.mutate(text, rng)
        texts.append(split_front_matter(Path("vi.md"), normalise_text(text))[0].body)
    return texts


def test_mutated_summaries_give_the_same_tree_both_ways() -> None:
    """test_mutations' tokens and edits, many times over one summary and its translation."""
    texts = mutated_bodies(15, 600)
    direct = assert_same(texts)
    assert direct > len(texts) // 2, (direct, len(texts))


EDGE_CASES = [
    # placeholders: escapes, entities written and made, footnotes, code spans holding & < >
    "\\*not emphasis\\* \\& \\<b\\> \\`", "a &amp; b &lt; c &copy; d &nbsp;e &#233; &#x1F600; &#0; &#128; &#xD800;",
    "AT&T; &ampx; & &;", "`a < b && c > d` and `&amp;` and `&copy;`", "x[^1] y[^2]\n\n[^1]: một\n[^2]: hai *b*",
    "<a@b.example> <https://example.gov.vn/a?b=1&c=2>", "<!-- a comment -->\n\nText <!-- inline --> more",
    "Text\n\n<!-- last -->", "<!-- first -->\nText", "<!--> odd --> x", "<!-- a --!> b -->",
    # attributes: attr_list's arbitrary ones, schemes, sorted order
    "## Heading {#my-id .cls data-x=\"1\" onclick=\"alert(1)\" style=\"color:red\" lang=vi}",
    "para {: title=\"t\" ID=up }", "[x](javascript:alert(1)) [y](JAVASCRIPT:1) [z](https://) [w](c:\\\\tmp)",
    "[a](http://[bad) [b](noscheme) [c](tel:123) ![i](anh.jpg \"Chú thích\") ![e](https://cdn.example/p.png)",
    "[t](u \"title &amp; &quot;q&quot; &eacute;\")", "![a &amp; b](x.png)",
    # nesting an HTML parser repairs
    "[outer [inner](u1) text](u2)", "[see <https://example.gov.vn>](x)", "*a **b *c* d** e*",
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 |", "- a\n\n    > quote\n\n    ```\n    code\n    ```",
    "Term\n:   definition\n\n    more", "```\n\nleading newline\n```", "    indented code &amp; <b>",
    "[TOC]\n\n## One\n## One", "# H1 {#x}\n## H2 {#x}", "a  \nb", "***", "- [ ] x\n- [x] y",
    # raw HTML: the HTML path
    "<div>block</div>", "<b>bold</b> text", "<script>alert(1)</script>", "a <span>b</span> c",
]


def test_edge_cases_give_the_same_tree_both_ways() -> None:
    for text in EDGE_CASES:
        direct, through_html = both_ways(text)
        assert direct is None or direct == through_html, text


@pytest.mark.parametrize("text, direct", [
    ("<!-- ghi chú -->\n\nĐoạn.", True), ("a &nbsp; b", True), ("`a < b`", True), ("x[^1]\n\n[^1]: y", True),
    ("<b>x</b>", False), ("<a@b.example>", False), ("[see <https://x.example>](y)", False),
])
def test_what_takes_the_tree_path(text: str, direct: bool) -> None:
    """The tree path is taken where it can be (else the test of sameness would prove nothing)."""
    assert (both_ways(text)[0] is not None) is direct


def test_the_sanitiser_works_on_the_tree_path() -> None:
    nodes = markdown_render.render_markdown(
        "## Mục {#muc onclick=\"x()\" style=\"a\"}\n\n[x](javascript:alert(1)) [y](tai-lieu.pdf)")
    assert both_ways("## Mục {#muc onclick=\"x()\"}")[0] is not None
    attrs = {key for node in walk(nodes) for key, _ in node.attrs}
    assert attrs == {"id", "href"}
    links = [node for node in walk(nodes) if node.tag == "a"]
    assert [link.attrs for link in links] == [(), (("href", "tai-lieu.pdf"),)]
    assert isinstance(nodes[0], Node) and nodes[0].attrs == (("id", "muc"),)
