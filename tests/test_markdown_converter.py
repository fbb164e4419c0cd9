"""Our converter is python-markdown's, with work left out where it changes nothing: toc's table
of contents (heading_ids.py: every heading keeps the id toc gives it), block tests and inline
patterns tried on text that cannot hold what they look for (markdown_prefilter.py). The same HTML, converted
by python-markdown as it comes and by ours, for the example content, the bench corpus, the
hostile inputs of the tests, mutated summaries, awkward headings and inline markup."""
from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from generator.content import markdown_render
from generator.content.heading_ids import HeadingIdsTreeprocessor
from generator.content.markdown_prefilter import SkippingInlineProcessor, _block_needs, _stage_needs

from conftest import EXAMPLE_CONTENT, REPO
from test_markdown_tree import HOSTILE_TESTS, _string_literals, body, corpus_bodies, mutated_bodies


def _as_it_comes() -> markdown.Markdown:
    """The converter as it was: python-markdown's own toc extension and inline pass."""
    return markdown.Markdown(extensions=markdown_render.EXTENSIONS, extension_configs=markdown_render.EXTENSION_CONFIG,
                             output_format="html")


def assert_same_html(texts: list[str]) -> int:
    """Each text converts to the same HTML by python-markdown and by ours; how many headings."""
    ours, theirs = markdown_render._converter(), _as_it_comes()
    assert isinstance(ours.treeprocessors["toc"], HeadingIdsTreeprocessor)
    assert isinstance(ours.treeprocessors["inline"], SkippingInlineProcessor)
    assert not isinstance(theirs.treeprocessors["toc"], HeadingIdsTreeprocessor)
    assert not isinstance(theirs.treeprocessors["inline"], SkippingInlineProcessor)
    headings = 0
    for text in texts:
        source = markdown_render.normalise_list_indentation(markdown_render.without_document_tags(text))
        ours.reset()
        theirs.reset()
        try:
            expected = theirs.convert(source)
        except RecursionError:
            continue                # the loader refuses these (limits.py) before rendering
        assert ours.convert(source) == expected, text[:300]
        headings += expected.count("<h")
    return headings


def test_example_content_has_the_same_heading_ids() -> None:
    texts = [body(path) for path in sorted(EXAMPLE_CONTENT.rglob("*.md")) if "templates" not in path.parts]
    assert len(texts) >= 10
    assert assert_same_html(texts) > 30


def test_bench_corpus_has_the_same_heading_ids(tmp_path: Path) -> None:
    texts = corpus_bodies(tmp_path, 40)
    assert assert_same_html(texts) >= 3 * len(texts)


def test_hostile_inputs_as_headings_have_the_same_ids() -> None:
    """Every string of the hostile tests, as written, as a heading and as a heading twice."""
    literals = [literal for name in HOSTILE_TESTS for literal in _string_literals(REPO / "tests" / name)]
    texts = []
    for literal in literals:
        line = " ".join(literal.split("\n")[:1])
        texts += [literal, f"## {line}\n\ntext\n\n## {line}\n\n### {line} {{#x}}\n"]
    texts = [text for text in texts if text.encode("utf-8", "replace").decode("utf-8") == text]
    assert assert_same_html(texts) > len(literals)


def test_mutated_summaries_have_the_same_heading_ids() -> None:
    assert assert_same_html(mutated_bodies(16, 300)) > 300


AWKWARD_HEADINGS = [
    # duplicates, also of an id written with attr_list and of a suffixed one
    "## Điểm mới\n\n## Điểm mới\n\n## Điểm mới {#diem-moi_1}\n\n## Điểm mới",
    "## a\n\n## a_1\n\n## a\n\n## a_1", "# x {#y}\n\n## y\n\n## y\n\n### Y",
    # Vietnamese (both tone placements), Hmong, NFD-looking, symbols only, empty, whitespace
    "## Nội dung cốt lõi\n\n## Liên hệ, vận dụng vào thực tiễn\n\n## Hòa / Hoà — ĐỔI MỚI",
    "## Cov ntsiab lus tseem ceeb\n\n## Qhov tshiab ntawm daim ntawv", "## !!! ??? ...\n\n## —\n\n## ***",
    "##\n\n## \n\n#   \n\ntext\n\n## \t x \t y \t", "## 57-NQ/TW (22/12/2024): 100% hộ\n\n## Điều 1.  Mục  tiêu",
    # markup inside headings: emphasis, code, links, images, escapes, entities, raw HTML, comments
    "## *Nhấn* **mạnh** `mã < & >` [liên kết](a.html) ![ảnh](b.png)", "## \\*not\\* \\# \\[x\\]",
    "## a &amp; b &lt;c&gt; &copy; &#233; &nbsp;", "## AT&T & co", "## 1 < 2 > 0", "## <b>đậm</b> chữ",
    "## a <!-- ghi chú --> b", "## <span class=\"x\">y</span>", "## Ghi chú[^1]\n\n[^1]: chú thích",
    "## Ghi chú[^1] và[^2] nữa\n\n[^1]: một\n[^2]: hai", "Setext heading\n==============\n\nOther one\n---------",
    # attr_list: ids, classes, data-toc-label (toc removes it), several attributes
    "## Tiêu đề {#key-points}\n\n## Tiêu đề {.lop}\n\n## Nhãn {data-toc-label=\"Ngắn\"}",
    "## Nhãn {data-toc-label=\"<b>x</b> &amp;\" #lbl .c}", "## A {: #dup }\n\n## A {: #dup }",
    # a table of contents asked for: toc's whole work, as before
    "[TOC]\n\n## Một\n\n## Một\n\n### Hai", "Nội dung\n\n  [TOC]  \n\n## Mục", "`[TOC]`\n\n## x",
    "- [TOC]\n\n## y", "> [TOC]\n\n## z", "\\[TOC]\n\n## w", "[TOC]: https://x.example\n\n[TOC]\n\n## v",
]


@pytest.mark.parametrize("text", AWKWARD_HEADINGS)
def test_awkward_headings_have_the_same_ids(text: str) -> None:
    assert_same_html([text])


INLINE_MARKUP = [
    # each pattern alone, at the start, at the end, next to a placeholder of another one
    "`mã`", "``a ` b``", "\\`not code`", "\\\\`code`", "a \\* b \\_ c \\\\", "x[^1]\n\n[^1]: y", "[^ not a note]",
    "[liên kết](a.html) và [tham chiếu][r] và [r]\n\n[r]: b.html", "![ảnh](c.png) ![ref][i]\n\n[i]: d.png",
    "!not an image [x] ! [y]", "<https://example.gov.vn/a?b=1&c=2> <a@b.example> <not a link>",
    "dòng một  \ndòng hai", "dòng  một\ndòng hai  ", "<b>đậm</b> <span class=x>y</span> <!-- c --> <?php ?>",
    "&amp; &copy; &#233; &#x1F600; & &; AT&T", "*nghiêng* **đậm** ***cả hai*** _a_ __b__ ___c___ * không * _ không _",
    "*[lk](u)* **`mã`** [*a*](b) ![*alt*](c.png) `*không*` \\[không](x)", "a*b*c a_b_c 2*3*4 snake_case_name",
    "| *a* | `b` |\n|---|---|\n| [c](d) | e&f |", "Thuật ngữ\n:   định nghĩa *nhấn*", "- [ ] việc\n- [x] xong",
    "> trích *dẫn* [lk](u)\n>\n> - danh sách `mã`", "```\n*không* [x](y) &amp;\n```",
]


BLOCK_MARKUP = [
    # each block test next to text that holds its character without being its block
    "# Một\n## Hai ##\nđoạn # không phải tiêu đề\n\n#không", "Tiêu đề\n===\n\nPhụ\n---\n\na - b - c",
    "---\n\n- - -\n\n***\n\n* * *\n\n___\n\n_ _ _\n\n-- --\n\na---b", "> trích\n> > lồng\n\na > b\n\n>không",
    "Thuật ngữ\n:   định nghĩa\n\nGiờ: 7:30\n\n: không", "| a | b |\n|---|---|\n| 1 | 2 |\n\na | b\n\n|một|\n|---|",
    "a | b\n--- | ---\n1 | 2", "| một cột |\n| --- |\n| x |", "x[^a]\n\n[^a]: chú thích\n    tiếp\n\n[^b]: khác",
    "[r]: https://example.gov.vn \"Tiêu đề\"\n[s]: <u.html>\n\n[r] [s] [t]: không\n\n[^]: x",
    "- mục # một\n- mục > hai\n    > trích trong mục\n- | a | b |\n  |---|---|\n- Thuật\n  : ngữ",
    "1. một\n2. hai\n\n    ---\n\n    # tiêu đề trong mục", "    # mã, không phải tiêu đề\n    > | :",
    "```\n# trong khối mã\n> | : ---\n```", "<div>\n# html\n</div>\n\n# sau",
]


@pytest.mark.parametrize("text", BLOCK_MARKUP)
def test_block_markup_converts_the_same(text: str) -> None:
    assert_same_html([text, f"- {text}", f"> {text}", "\n".join("    " + line for line in text.split("\n"))])


@pytest.mark.parametrize("text", INLINE_MARKUP)
def test_inline_markup_converts_the_same(text: str) -> None:
    assert_same_html([text, f"## {text.splitlines()[0]}\n\n- {text}\n\n{text}"])


def test_many_equal_headings_have_the_same_ids() -> None:
    assert assert_same_html(["\n\n".join(["## Điểm mới"] * 500 + ["## Điểm mới_3"] + ["## Điểm mới"] * 5)]) == 506


def test_ids_are_what_the_site_links_to() -> None:
    """The ids themselves, not only their sameness: our slugify, suffixes for repeats."""
    html = markdown_render._converter().reset().convert("## Liên hệ vận dụng\n\n## Liên hệ vận dụng\n\n## Hòa")
    assert [part.split('"')[0] for part in html.split('id="')[1:]] == ["lien-he-van-dung", "lien-he-van-dung_1", "hoa"]


def test_every_inline_pattern_is_known() -> None:
    """Each inline pattern of the installed python-markdown is one markdown_prefilter.py knows the
    needs of (else it is always tried: correct, and slower)."""
    md = markdown_render._converter()
    inline = md.treeprocessors["inline"]
    assert isinstance(inline, SkippingInlineProcessor)
    md.reset().convert("văn bản")
    assert len(inline.patterns) >= 15 and None not in [needs for _pattern, needs in inline.patterns]


def test_every_block_test_listed_is_prefiltered() -> None:
    """Each block processor the prefilter lists is one of the installed python-markdown's, with
    the very expression listed (else its test is always run: correct, and slower)."""
    parser = markdown_render._converter().parser
    prefiltered = [type(processor).__name__ for processor in parser.blockprocessors if _block_needs(processor)]
    assert prefiltered == ["TableProcessor", "HashHeaderProcessor", "HRProcessor", "DefListProcessor",
                           "BlockQuoteProcessor", "FootnoteBlockProcessor", "ReferenceProcessor"]


def test_every_document_stage_listed_is_skipped_where_it_changes_nothing() -> None:
    """Each whole-document stage the prefilter lists is one of the installed python-markdown's,
    with the very expression listed, and runs only on a document holding what it needs."""
    md = markdown_render._converter()
    stages = [*md.preprocessors, *md.treeprocessors]
    listed = [type(stage).__name__ for stage in stages if _stage_needs(stage)]
    assert listed == ["FencedBlockPreprocessor", "HtmlBlockPreprocessor", "AttrListTreeprocessor",
                      "UnescapeTreeprocessor"]
    assert all(stage.run.__name__.endswith("_if_possible") for stage in stages if _stage_needs(stage))


STAGE_MARKUP = [
    # each stage's needs, alone and together, where the stage changes the document and where not
    "```\n*mã*\n```", "~~~ python\nx = 1\n~~~", "`` ` `` không phải khối ~~ ~", "a \\* b \\` c \\\\ d",
    "## Tiêu đề {#key-points}\n\n- ý {: .lop }\n\nđoạn\n{: #doan }", "{ không phải } {: thuộc tính",
    "<div>khối</div>\n\nvăn <b>bản</b>", "&amp; &copy; và & một mình", "a < b và c > d",
    "## {#x}\n\n```\n\\{ <b> &amp;\n```\n\n\\{#y} <i>z</i>",
]


@pytest.mark.parametrize("text", STAGE_MARKUP)
def test_document_stage_markup_converts_the_same(text: str) -> None:
    assert_same_html([text, f"- {text}", f"> {text}", f"## {text.splitlines()[0]}\n\n{text}"])
