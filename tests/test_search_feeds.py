"""Search without diacritics, Atom feeds, sitemap and robots.txt, on real built output."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import unicodedata
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest

from generator.builders.base import BuildOptions
from generator.load import load_site
from generator.i18n import translations_for
from generator.pipeline import build
from generator.session import BuildSession
from generator.builders.search.index import (Document, DocumentMaker, build_index, decode_docs, read_index_script,
                                             words)
from generator.textfold import fold

from conftest import (EXAMPLE_CONTENT, SITE_YAML, SUMMARY_HMN, SUMMARY_VI, Page, make_site, manifest,
                      standard_resolution, tree_bytes, watched_page, write)

BASE = "https://example.gov.vn/tuyentruyen/"
NQ57 = "nq-57-khoa-hoc-cong-nghe"
NQ18 = "nq-18-dat-dai"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    return example_site


def find(index: dict[str, Any], query: str) -> list[str]:
    """What search.js finds, without a browser: every query word begins a word of the doc (AND).
    Returns the paths of the docs found, in index order (newest first)."""
    vocabulary = {word: decode_docs(ids) for ids, group in index["words"].items() for word in group.split()}
    found: set[int] | None = None
    for term in words(query):
        docs = {n for word, numbers in vocabulary.items() if word.startswith(term) for n in numbers}
        found = docs if found is None else found & docs
    return [index["docs"][n][3] for n in sorted(found or ())]


def index_of(output: Path, lang: str) -> dict[str, Any]:
    return read_index_script((output / "assets" / f"search-{lang}.js").read_text(encoding="utf-8"))


def indexed_text_bytes(content: Path, lang: str) -> int:
    """Bytes of all the text the index of `lang` is made from."""
    site, _ = load_site(content)
    gettext = translations_for(lang, content).gettext
    maker = DocumentMaker(site.config, lang, gettext)
    return sum(maker.document(e, "").text_bytes for e in site.editions(lang))


# ---------------------------------------------------------------- folding

def test_fold_drops_tone_marks_and_d_stroke() -> None:
    assert fold("Nghị quyết chuyển đổi số") == "nghi quyet chuyen doi so"
    assert fold("ĐẢNG ỦY Đường") == "dang uy duong"
    assert fold("đất đai") == "dat dai"
    # Decomposed input (NFD) and the old tone placement fold to the same key.
    assert fold(unicodedata.normalize("NFD", "Chuyển Đổi Số")) == "chuyen doi so"
    assert fold("hòa") == fold("hoà") == "hoa"
    assert words("Nghị quyết số 57-NQ/TW") == ["nghi", "quyet", "so", "57", "nq", "tw"]


# ---------------------------------------------------------------- the index

def test_an_index_updated_by_the_changed_documents_equals_one_made_from_scratch() -> None:
    rng = random.Random(7)
    vocabulary = ["nghị", "quyết", "chuyển", "đổi", "số", "nông", "thôn", "mới", "rừng", "bản", "Hmoob", "57-NQ/TW"]
    sentence = lambda: " ".join(rng.choice(vocabulary) for _ in range(rng.randrange(3, 12)))  # noqa: E731
    docs = [Document.of_text(f"T{n}", f"{n}-NQ", "1/1/2025", f"../r{n}/", "Nghị quyết", (sentence(), sentence()))
            for n in range(60)]
    postings: dict = {}                                    # a build session's
    build_index("vi", docs, postings)
    for _ in range(20):                                    # edits: a few documents each time
        for n in rng.sample(range(len(docs)), 3):
            docs[n] = Document.of_text(docs[n].title, docs[n].code, docs[n].date, docs[n].path, docs[n].kind,
                                       (sentence(), rng.choice(["", sentence()])))
        updated = build_index("vi", docs, postings)
        assert len(postings["vi"].keys) == len(docs)
        assert updated == build_index("vi", docs, {})      # from scratch


def test_a_warm_up_build_prepares_the_index_it_reused_for_the_next_edit(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache", only=frozenset({"search", "site"}))
    build(content, tmp_path / "output", options)
    session = BuildSession()                                 # a new process: serve starts
    build(content, tmp_path / "output", dataclasses.replace(options, warm_up=True), session=session)
    assert set(session.search_postings) == {"vi", "hmn"}     # reused from disk, and ready to update
    assert len(session.search_postings["vi"].keys) == 2


def test_index_finds_resolutions_without_diacritics_and_by_word_prefix(site: Path) -> None:
    index = index_of(site, "vi")
    nq57 = f"../{NQ57}/index.html"
    assert nq57 in find(index, "nghi quyet chuyen doi so")
    assert nq57 in find(index, "Nghị quyết chuyển đổi số")         # typed with diacritics too
    assert nq57 in find(index, "khoa hoc cong ngh")                   # "ngh" begins "nghệ"
    assert nq57 in find(index, "dot pha khoa ho")
    assert find(index, "57-NQ/TW") and nq57 in find(index, "57 nq tw")
    assert f"../{NQ18}/index.html" in find(index, "dat dai")
    assert find(index, "chuyen doi so xyzzy") == []                  # every word must match
    # Display data: title, code, date and a link relative to the search page that leads to the page.
    doc = next(d for d in index["docs"] if d[3] == nq57)
    assert doc[0].startswith("Nghị quyết số 57-NQ/TW") and doc[1] == "57-NQ/TW" and doc[2] == "22/12/2024"
    for lang, folder in (("vi", site / "tim-kiem"), ("hmn", site / "hmn" / "tim-kiem")):
        for title, code, date, path, kind in index_of(site, lang)["docs"]:
            assert (folder / path).resolve().is_file(), path
            assert re.fullmatch(r"\d\d/\d\d/\d{4}", date)


def test_hmong_index_covers_hmong_text_and_links_hmong_pages(site: Path) -> None:
    index = index_of(site, "hmn")
    found = find(index, "thev naus laus zis")                          # words only the Hmong summary has
    assert found == [f"../{NQ57}/index.html"]
    assert (site / "hmn" / "tim-kiem" / found[0]).resolve() == (site / "hmn" / NQ57 / "index.html").resolve()


def test_index_is_under_a_quarter_of_the_text_it_indexes(site: Path) -> None:
    for lang in ("vi", "hmn"):
        size = (site / "assets" / f"search-{lang}.js").stat().st_size
        assert size * 4 < indexed_text_bytes(EXAMPLE_CONTENT, lang), lang


def generated_corpus(root: Path, count: int) -> Path:
    """A content folder of `count` resolutions whose text is sentences of the example content, shuffled."""
    rng = random.Random(57)
    bodies = [path.read_text(encoding="utf-8").split("---", 2)[2]
              for path in sorted(EXAMPLE_CONTENT.glob("resolutions/*/vi.md"))]
    sentences = [" ".join(re.sub(r"\*\*|^[-*\s]+", "", s).split()) for body in bodies
                 for s in re.split(r"[.;:]\s+|\n\s*[-*]\s+|\n\n", body)
                 if len(s.split()) > 4 and not s.lstrip().startswith(("#", "!"))]
    content = root / "content"
    write(content / "site.yaml", SITE_YAML)
    for n in range(count):
        folder = content / "resolutions" / f"nq-{n}"
        issued = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        write(folder / "resolution.yaml", f"code: {n}-NQ/TU\nkind: nghi-quyet\nlevel: tinh\nissuer: Tỉnh ủy\n"
                                          f"issued: {issued.isoformat()}\ntopics: [chu-de-{n % 9}]\n")
        title = json.dumps(f"Nghị quyết số {n}-NQ/TU về {' '.join(rng.choice(sentences).split()[:12])}",
                           ensure_ascii=False)
        points = lambda k: "\n".join(f"- {rng.choice(sentences)}" for _ in range(k))  # noqa: E731
        write(folder / "vi.md", f"---\ntitle: {title}\nsummary: {json.dumps(rng.choice(sentences), ensure_ascii=False)}"
                                f"\n---\n\n"
                                f"## Nội dung cốt lõi\n{points(8)}\n\n## Điểm mới\n{points(4)}\n\n"
                                f"## Liên hệ vận dụng tại địa phương\n{points(4)}\n")
    return content


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("large")
    content = generated_corpus(root, 180)
    output = root / "output"
    build(content, output, BuildOptions(only=frozenset({"search", "feeds"})))
    return content, output


def test_index_of_a_large_site_is_small_and_still_finds(large: tuple[Path, Path]) -> None:
    content, output = large
    size = (output / "assets" / "search-vi.js").stat().st_size
    text = indexed_text_bytes(content, "vi")
    assert text > 300_000
    assert size * 4 < text
    index = index_of(output, "vi")
    assert len(index["docs"]) == 180
    assert find(index, "nghi quyet so 123 nq tu") == ["../nq-123/index.html"]


def _search_files(output: Path) -> dict[str, bytes]:
    return {lang: (output / "assets" / f"search-{lang}.js").read_bytes() for lang in ("vi", "hmn")}


def _cold_index(content: Path, root: Path) -> dict[str, bytes]:
    shutil.rmtree(root, ignore_errors=True)
    build(content, root / "output", BuildOptions(cache_dir=root / ".cache", only=frozenset({"search"})))
    return _search_files(root / "output")


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def folds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The texts the search index folds into words (every other document's words are known)."""
    from generator.builders.search import index as search_index
    folded: list[tuple[str, ...]] = []
    fold_words = search_index.document_words
    monkeypatch.setattr(search_index, "document_words", lambda text: folded.append(text) or fold_words(text))
    return folded


def test_a_new_process_patches_the_saved_postings_into_the_index_a_cold_build_makes(
        tmp_path: Path, folds: list[tuple[str, ...]]) -> None:
    from generator.builders.search.saved import postings_file
    from generator.machinery.cache_seal import read_json
    content = generated_corpus(tmp_path, 30)
    write(content / "resolutions" / "nq-3" / "hmn.md", SUMMARY_HMN.format(code="3-NQ/TU"))
    folder = lambda n: content / "resolutions" / f"nq-{n}"  # noqa: E731
    options = BuildOptions(cache_dir=tmp_path / ".cache", only=frozenset({"search"}))
    build(content, tmp_path / "output", options)
    assert len(folds) == 30 + 1                      # every document of both languages (one translated), once
    edits = [   # what changes, and how many documents a new process folds again
        ("one point of a summary", lambda: _rewrite(folder(5) / "vi.md", "\n- ", "\n- Ban biên tập bổ sung. "), 1),
        ("a translated summary", lambda: _rewrite(folder(3) / "vi.md", "\n- ", "\n- Ban biên tập bổ sung. "), 1),
        ("a summary rewritten (words gone)", lambda: write(folder(6) / "vi.md", SUMMARY_VI.format(title="Quy định mới")), 1),
        ("a translation", lambda: _rewrite(folder(3) / "hmn.md", "\n- ", "\n- Peb hloov. "), 1),
        ("a title", lambda: _rewrite(folder(7) / "vi.md", "title: \"Nghị quyết", "title: \"Nghị quyết mới"), 1),
        ("a resolution added", lambda: _rewrite(Path(shutil.copytree(folder(9), folder(90))) / "resolution.yaml",
                                                "code: 9-NQ/TU", "code: 90-NQ/TU"), 1),
        ("a resolution deleted", lambda: shutil.rmtree(folder(11)), 0),
        ("a folder renamed", lambda: folder(12).rename(folder(120)), 0),
        ("an issue date (the order)", lambda: _rewrite(folder(13) / "resolution.yaml", "issued: 20", "issued: 19"), 0),
        ("several at once", lambda: [_rewrite(folder(n) / "vi.md", "\n- ", "\n- Lần nữa. ") for n in (1, 2, 4)], 3),
    ]
    for what, change, refolded in edits:
        change()
        folds.clear()
        build(content, tmp_path / "output", options)          # a new session: a new process
        assert len(folds) == refolded, what
        assert [read_json(tmp_path / ".cache" / postings_file(lang))["lang"] for lang in ("vi", "hmn")] == ["vi", "hmn"]
        folds.clear()
        assert _search_files(tmp_path / "output") == _cold_index(content, tmp_path / "cold"), what
        assert len(folds) == sum(len(index_of(tmp_path / "cold" / "output", lang)["docs"]) for lang in ("vi", "hmn"))



def test_a_languages_index_is_kept_while_what_its_documents_are_made_of_is_the_same(tmp_path: Path) -> None:
    """The index's fingerprint takes what each document is made of (the summary's file, the
    resolution's code, kind, date and topics, the language shown), not the documents: an edit
    of the Vietnamese text of a translated resolution keeps the Hmong index as it was (the same
    file); a change of any of those makes each language that shows it again, equal to a cold build."""
    # nq-57 translated, ct-05 shown in Vietnamese on the Hmong site
    content = make_site(tmp_path, site_yaml=SITE_YAML.replace("    name: Hmoob\n", "    name: Hmoob\n    fallback: source\n"))
    output, options = tmp_path / "output", BuildOptions(cache_dir=tmp_path / ".cache", only=frozenset({"search"}))
    build(content, output, options)
    inode = lambda lang: (output / "assets" / f"search-{lang}.js").stat().st_ino  # noqa: E731
    folder = lambda slug: content / "resolutions" / slug  # noqa: E731
    edits = [   # what changes, and which languages' indexes are made again
        ("the Vietnamese text of a translated resolution",
         lambda: _rewrite(folder("nq-57") / "vi.md", "Ý thứ hai", "Ý thứ hai đã sửa"), {"vi"}),
        ("its translation", lambda: _rewrite(folder("nq-57") / "hmn.md", "\n- ", "\n- Peb hloov. "), {"hmn"}),
        ("an untranslated resolution's text", lambda: _rewrite(folder("ct-05") / "vi.md", "Ý thứ hai", "Ý mới"),
         {"vi", "hmn"}),
        ("a code", lambda: _rewrite(folder("ct-05") / "resolution.yaml", "05-CT/TW", "06-CT/TW"), {"vi", "hmn"}),
        ("a kind", lambda: _rewrite(folder("nq-57") / "resolution.yaml", "kind: nghi-quyet", "kind: chi-thi"),
         {"vi", "hmn"}),
        ("a topic", lambda: _rewrite(folder("nq-57") / "resolution.yaml", "[chuyen-doi-so]", "[chuyen-doi-so, dat-dai]"),
         {"vi", "hmn"}),
        ("an issue date", lambda: _rewrite(folder("ct-05") / "resolution.yaml", "2016-05-15", "2016-06-15"),
         {"vi", "hmn"}),
        ("a translation removed (the Hmong site shows the Vietnamese)", lambda: (folder("nq-57") / "hmn.md").unlink(),
         {"hmn"}),
    ]
    pages = {name: (output / name).stat().st_ino for name in ("tim-kiem/index.html", "hmn/tim-kiem/index.html",
                                                                "assets/search.js")}
    for what, change, made in edits:
        before = {lang: inode(lang) for lang in ("vi", "hmn")}
        change()
        build(content, output, options)
        assert {lang for lang in before if inode(lang) != before[lang]} == made, what
        assert _search_files(output) == _cold_index(content, tmp_path / "cold"), what
    # The search pages show the layout, not the documents: kept through every edit above, made
    # again when the layout changes (a free page in the menu), the indexes then kept.
    assert {name: (output / name).stat().st_ino for name in pages} == pages
    before = {lang: inode(lang) for lang in ("vi", "hmn")}
    write(content / "pages" / "gioi-thieu.vi.md", "---\ntitle: Giới thiệu\n---\n\nTrung tâm.\n")
    build(content, output, options)
    assert {name for name in pages if (output / name).stat().st_ino != pages[name]} == {
        "tim-kiem/index.html", "hmn/tim-kiem/index.html"}
    assert {lang: inode(lang) for lang in before} == before
    assert "../gioi-thieu/index.html" in {a["href"] for a in Page(output / "tim-kiem" / "index.html").find_all("a")}
    clean = tmp_path / "clean"
    build(content, clean, BuildOptions(only=options.only))
    assert tree_bytes(output) == tree_bytes(clean)


def test_postings_of_a_language_not_indexed_again_stay_saved(tmp_path: Path, folds: list[tuple[str, ...]]) -> None:
    """An edit to a translation makes only that language's index again: only its postings file
    is written, the other language's stays as it was, for the next process that edits it."""
    from generator.builders.search.saved import postings_file
    content = make_site(tmp_path)
    options = BuildOptions(cache_dir=tmp_path / ".cache", only=frozenset({"search"}))
    build(content, tmp_path / "output", options)
    files = {lang: tmp_path / ".cache" / postings_file(lang) for lang in ("vi", "hmn")}
    written = {lang: (path.stat().st_ino, path.read_bytes()) for lang, path in files.items()}
    _rewrite(content / "resolutions" / "nq-57" / "hmn.md", "\n- ", "\n- Peb hloov. ")
    folds.clear()
    build(content, tmp_path / "output", options)
    assert len(folds) == 1                                 # the Hmong summary; the Vietnamese index is reused
    assert (files["vi"].stat().st_ino, files["vi"].read_bytes()) == written["vi"]
    assert files["hmn"].read_bytes() != written["hmn"][1]
    _rewrite(content / "resolutions" / "ct-05" / "vi.md", "\n- ", "\n- Bổ sung. ")
    folds.clear()
    build(content, tmp_path / "output", options)
    assert len(folds) == 1
    assert _search_files(tmp_path / "output") == _cold_index(content, tmp_path / "cold")


@pytest.mark.parametrize("damage", ["a flipped byte", "sealed, but not what the builder writes",
                                    "another version of the generator"])
def test_saved_postings_that_do_not_verify_are_ignored(tmp_path: Path, folds: list[tuple[str, ...]],
                                                       damage: str) -> None:
    from generator.builders.search.saved import postings_file
    from generator.machinery.cache_seal import read_json, write_json
    content = generated_corpus(tmp_path, 12)
    options = BuildOptions(cache_dir=tmp_path / ".cache", only=frozenset({"search"}))
    build(content, tmp_path / "output", options)
    saved = tmp_path / ".cache" / postings_file("vi")
    if damage == "a flipped byte":
        blob = bytearray(saved.read_bytes())
        blob[len(blob) // 2] ^= 1
        saved.write_bytes(bytes(blob))
    else:
        data = read_json(saved)
        if damage == "another version of the generator":
            data["code"] = "0" * 32
        else:
            word = next(iter(data["postings"]["codes"]))
            data["postings"]["codes"][word] = "*!<script>"
        write_json(saved, data)
    _rewrite(content / "resolutions" / "nq-5" / "vi.md", "\n- ", "\n- Ban biên tập bổ sung. ")
    folds.clear()
    build(content, tmp_path / "output", options)
    assert len(folds) == 12                         # every document again, as without the file
    assert _search_files(tmp_path / "output") == _cold_index(content, tmp_path / "cold")


# ---------------------------------------------------------------- pages that use it

def test_search_page_without_javascript_links_the_browse_page(site: Path) -> None:
    page = Page(site / "tim-kiem" / "index.html")
    fallback = page.find_all("p", id="search-fallback")
    assert fallback and "hidden" not in fallback[0]
    assert ("a", "href", "../tra-cuu/index.html") in page.links
    assert page.find_all("input", id="search-q", name="q")
    scripts = [a["src"] for a in page.find_all("script")]
    assert scripts == ["../assets/search-vi.js", "../assets/search.js"]
    assert all((site / "tim-kiem" / src).resolve().is_file() for src in scripts)
    # Every other page has a search box in its header that sends ?q= to the search page.
    for path, action in (("index.html", "tim-kiem/index.html"), (f"{NQ57}/index.html", "../tim-kiem/index.html"),
                         (f"hmn/{NQ57}/index.html", "../tim-kiem/index.html")):
        other = Page(site / path)
        forms = other.find_all("form", role="search")
        assert forms and forms[0]["action"] == action and forms[0]["method"] == "get"
        assert other.find_all("input", name="q")


def test_search_page_switches_to_the_other_languages_search_page(site: Path) -> None:
    page = Page(site / "hmn" / "tim-kiem" / "index.html")
    assert page.find_all("a", href="../../tim-kiem/index.html", hreflang="vi-VN")       # not the home page
    assert page.find_all("link", rel="alternate", hreflang="vi-VN", href=f"{BASE}tim-kiem/")


def test_page_builders_hold_a_page_renderer_instead_of_inheriting_the_site_builder() -> None:
    from generator.builders.base import Builder, LanguageBuilder
    from generator.builders.calendar import CalendarBuilder
    from generator.builders.feeds import FeedBuilder
    from generator.builders.search import SearchBuilder
    from generator.builders.site import SiteBuilder
    assert SiteBuilder.__bases__ == (Builder,)
    assert LanguageBuilder.__bases__ == (Builder,) and "pages" not in vars(LanguageBuilder)   # an item per language
    for builder in (SearchBuilder, CalendarBuilder, FeedBuilder):
        assert builder.__bases__ == (LanguageBuilder,), builder


# ---------------------------------------------------------------- Atom feeds

def atom(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    return root


def one(parent: ET.Element, name: str) -> ET.Element:
    found = parent.findall(f"{ATOM}{name}")
    assert len(found) == 1, f"{parent.tag} must have exactly one {name}"
    return found[0]


def rfc3339(text: str) -> dt.datetime:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", text), text
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_feeds_are_valid_atom_with_newest_resolutions(site: Path) -> None:
    for lang, folder, tag in (("vi", site, "vi-VN"), ("hmn", site / "hmn", "hmn-Latn-VN")):
        feed = atom(folder / "feed.xml")
        assert feed.get(XML_LANG) == tag
        # RFC 4287 4.1.1: exactly one id, title, updated; an author (here for the whole feed).
        assert one(feed, "id").text.startswith("https://")
        assert one(feed, "title").text
        updated = rfc3339(one(feed, "updated").text)
        assert one(one(feed, "author"), "name").text.startswith("Trung tâm Văn hóa")
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert links["self"] == BASE + ("" if lang == "vi" else "hmn/") + "feed.xml"
        assert links["alternate"] == BASE + ("" if lang == "vi" else "hmn/")
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == len(load_site(EXAMPLE_CONTENT)[0].editions(lang)) > 5
        ids, issued = set(), []
        for entry in entries:
            # RFC 4287 4.1.2: exactly one id, title, updated; an alternate link since there is no content.
            entry_id = one(entry, "id").text
            assert entry_id.startswith(BASE) and entry_id not in ids
            ids.add(entry_id)
            assert one(entry, "title").text
            assert rfc3339(one(entry, "updated").text) <= updated
            issued.append(rfc3339(one(entry, "published").text))
            link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
            assert (site / link[len(BASE):] / "index.html").is_file()
            assert entry.findall(f"{ATOM}category")
        assert issued == sorted(issued, reverse=True)
        assert updated == max(issued)
    nq57 = next(e for e in atom(site / "feed.xml").findall(f"{ATOM}entry") if NQ57 in one(e, "id").text)
    assert one(nq57, "updated").text == "2024-12-22T00:00:00+07:00"       # from the content, not the clock
    assert {c.get("term") for c in nq57.findall(f"{ATOM}category")} == {"khoa-hoc-cong-nghe", "chuyen-doi-so"}
    assert one(nq57, "summary").text.startswith("Nghị quyết coi khoa học")
    # The home page announces its feed.
    feeds = Page(site / "index.html").find_all("link", rel="alternate", type="application/atom+xml")
    assert [f["href"] for f in feeds] == ["feed.xml"]
    assert [f["href"] for f in Page(site / "hmn" / NQ57 / "index.html").find_all(
        "link", rel="alternate", type="application/atom+xml")] == ["../feed.xml"]


def test_feed_keeps_the_fifty_newest(large: tuple[Path, Path]) -> None:
    content, output = large
    entries = atom(output / "feed.xml").findall(f"{ATOM}entry")
    assert len(entries) == 50
    site, _ = load_site(content)
    newest = sorted(site.resolutions, key=lambda r: (-r.issued.toordinal(), r.summaries["vi"].title))[:50]
    assert [one(e, "id").text for e in entries] == [f"{BASE}{r.slug}/" for r in newest]


def test_a_language_without_documents_has_a_valid_empty_feed(tmp_path: Path) -> None:
    content = make_site(tmp_path, site_yaml=SITE_YAML + "  en:\n    name: English\n")
    output = tmp_path / "output"
    build(content, output, BuildOptions(only=frozenset({"site", "feeds"})))
    feed = atom(output / "en" / "feed.xml")
    assert feed.findall(f"{ATOM}entry") == []
    assert one(feed, "updated").text == "2024-12-22T00:00:00+07:00"     # the site's newest document
    assert one(feed, "id").text == BASE + "en/feed.xml" and one(feed, "title").text
    assert len(atom(output / "hmn" / "feed.xml").findall(f"{ATOM}entry")) == 1


# ---------------------------------------------------------------- sitemap and robots.txt

def test_sitemap_lists_every_page_with_the_pages_own_hreflang_links(site: Path) -> None:
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    listed = {}
    for url in root.findall(f"{SITEMAP}url"):
        listed[url.find(f"{SITEMAP}loc").text] = sorted(
            (link.get("hreflang"), link.get("href")) for link in url.findall(f"{XHTML}link")
            if link.get("rel") == "alternate")
    pages = [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]
    expected = {BASE + p.relative_to(site).as_posix().removesuffix("index.html"): p for p in pages}
    assert set(listed) == set(expected)
    for url, page_file in expected.items():
        own = sorted((a["hreflang"], a["href"]) for a in Page(page_file).find_all("link", rel="alternate")
                     if a.get("hreflang"))
        assert listed[url] == own, url
    assert listed[f"{BASE}{NQ57}/"] == sorted([("hmn-Latn-VN", f"{BASE}hmn/{NQ57}/"), ("vi-VN", f"{BASE}{NQ57}/")])
    assert f"{BASE}thuat-ngu/" in listed and f"{BASE}gioi-thieu/" in listed and BASE in listed
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and "Disallow: /" not in robots
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()
    kinds = {(a["kind"], a["path"]) for a in manifest(site)["artifacts"]}
    assert {("sitemap", "sitemap.xml"), ("robots", "robots.txt"), ("feed", "feed.xml"), ("feed", "hmn/feed.xml"),
            ("search-index", "assets/search-vi.js"), ("search", "tim-kiem/index.html")} <= kinds



def _sitemap_urls(output: Path) -> dict[str, list[str]]:
    root = ET.parse(output / "sitemap.xml").getroot()
    return {url.find(f"{SITEMAP}loc").text: sorted(link.get("href") for link in url.findall(f"{XHTML}link"))
            for url in root.findall(f"{SITEMAP}url")}


def test_the_sitemap_is_kept_after_an_edit_and_made_again_when_the_pages_change(tmp_path: Path) -> None:
    """An edit to a summary's text lists the same pages: the sitemap and robots.txt are kept as
    they were (the same file); a resolution added, a translation added or one removed changes
    the pages or their hreflang links, and the sitemap is made again. Each build equals a clean one."""
    content = make_site(tmp_path)
    output, options = tmp_path / "output", BuildOptions(cache_dir=tmp_path / ".cache", no_audio=True,
                                                      only=frozenset({"site", "feeds"}))
    build(content, output, options)
    inodes = lambda: {name: (output / name).stat().st_ino for name in ("sitemap.xml", "robots.txt")}  # noqa: E731
    before = inodes()
    vi = content / "resolutions" / "ct-05" / "vi.md"
    write(vi, vi.read_text(encoding="utf-8").replace("Ý thứ hai", "Ý thứ hai đã sửa"))
    build(content, output, options)
    assert inodes() == before

    def clean_equal() -> None:
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(content, clean, BuildOptions(no_audio=True, only=options.only))
        for name in ("sitemap.xml", "robots.txt"):
            assert (output / name).read_bytes() == (clean / name).read_bytes(), name

    for folder, files in {"kh-9": standard_resolution("9-KH/HU", "2025-03-01", "Kế hoạch số 9-KH/HU")}.items():
        for name, text in files.items():
            write(content / "resolutions" / folder / name, text)
    build(content, output, options)
    assert f"{BASE}kh-9/" in _sitemap_urls(output) and inodes()["sitemap.xml"] != before["sitemap.xml"]
    clean_equal()
    write(content / "resolutions" / "ct-05" / "hmn.md", SUMMARY_HMN.format(code="05-CT/TW"))
    build(content, output, options)
    assert f"{BASE}hmn/ct-05/" in _sitemap_urls(output)[f"{BASE}ct-05/"]
    clean_equal()
    (content / "resolutions" / "ct-05" / "hmn.md").unlink()
    shutil.rmtree(content / "resolutions" / "kh-9")
    build(content, output, options)
    urls_now = _sitemap_urls(output)
    assert f"{BASE}kh-9/" not in urls_now and urls_now[f"{BASE}ct-05/"] == []
    clean_equal()


# ---------------------------------------------------------------- in a real browser

@pytest.fixture(scope="module")
def http_base(example_http: str) -> str:
    return example_http


def watched(browser: Any, width: int = 1280, javascript: bool = True) -> tuple[Any, list[str]]:
    return watched_page(browser, width, javascript)


def marked(page: Any) -> list[str]:
    return page.locator("#search-results li").first.locator("mark").all_inner_texts()


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_typing_without_diacritics_finds_the_resolution(browser: Any, site: Path, http_base: str,
                                                        scheme: str) -> None:
    base = http_base if scheme == "http" else site.as_uri() + "/"
    page, errors = watched(browser)
    page.goto(base + "index.html")
    page.fill("#site-search", "nghi quyet chuyen doi so")
    page.press("#site-search", "Enter")
    page.wait_for_url(re.compile(r"tim-kiem/index\.html\?q=nghi\+quyet"))
    first = page.locator("#search-results li a").first
    first.wait_for()
    assert "57-NQ/TW" in first.inner_text()
    assert {"Nghị", "quyết", "chuyển", "đổi", "số"} <= set(marked(page))
    assert "57-NQ/TW" in page.locator("#search-results li .code").first.inner_text()
    assert "22/12/2024" in page.locator("#search-results li").first.inner_text()
    assert page.locator("#search-fallback").is_hidden()
    assert page.input_value("#search-q") == "nghi quyet chuyen doi so"
    # Typing again searches as you type; a word prefix is enough.
    page.fill("#search-q", "dat da")
    page.wait_for_function("() => document.querySelector('#search-results a').href.includes('nq-18')")
    assert set(marked(page)) & {"đất", "Đất"}
    first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(base + NQ18)
    page.go_back()
    page.fill("#search-q", "xyzzy khong co")
    page.wait_for_function("() => !document.querySelector('#search-results li')")
    assert page.locator("#search-status").inner_text()
    assert errors == []
    page.context.close()


def test_search_page_without_javascript_offers_the_browse_page(browser: Any, http_base: str) -> None:
    page, errors = watched(browser, javascript=False)
    page.goto(http_base + "tim-kiem/index.html?q=" + quote_plus("chuyen doi so"))
    fallback = page.locator("#search-fallback")
    assert fallback.is_visible()
    fallback.locator("a").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("tra-cuu/index.html")
    page.context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_search_results_fit_the_screen(browser: Any, http_base: str, tmp_path: Path, width: int) -> None:
    page, errors = watched(browser, width)
    page.goto(http_base + "tim-kiem/index.html?q=" + quote_plus("nghi quyet chuyen doi so"))
    page.locator("#search-results li").first.wait_for()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    shot = Path(os.environ.get("TUYENTRUYEN_SCREENSHOTS", tmp_path)) / f"search-{width}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert errors == []
    page.context.close()
