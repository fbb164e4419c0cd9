"""Summaries whose translation segments are pinned (tests/fixtures/segments.json): the example
content, a small bench corpus and Markdown that is hard to cut (fences in points, tabs, lazy
continuations, definitions, comments, repeated headings). Each document is described by every
field a record, a .po/.csv exchange or an update depends on."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Iterator

from conftest import EXAMPLE_CONTENT, REPO

FIXTURE = Path(__file__).parent / "fixtures" / "segments.json"
BENCH_N = 20

TRICKY = {
    "fence-in-point": "---\ntitle: T\n---\n\n## Nội dung cốt lõi\n- Một\n\n  ```\n  - không phải ý\n  ## không phải mục\n  ```\n- Hai\n",
    "tabs-and-spaces": "---\ntitle: T\nsummary: >\n  hai\n  dòng\n---\n## Điểm mới\n-\tMột\n\tnối tiếp\n1)     Hai\n   2. Ba\n",
    "lazy-and-paragraphs": "---\ntitle: T\n---\nĐoạn một\nvẫn đoạn một\n\n# Tiêu đề lớn\nĐoạn hai\n| a | b |\n|---|---|\n\n## Liên hệ, vận dụng vào thực tiễn\n- Ý một\nnối lười\n\n  đoạn trong ý\n\nĐoạn riêng của mục\n",
    "definitions-comments": "---\ntitle: T\n---\n\n<!-- ghi chú -->\n\n[^1]: chú thích\n[tên]: https://example.org\n\n## Nội dung cốt lõi\n- Ý[^1]\n\n<!--\nnhiều dòng\n-->\n",
    "repeated-headings": "---\ntitle: T\n---\n## Ý kiến\nA\n\n## Ý kiến\nB\n\n## **Ý** [kiến](x) {: #y-kien .lop}\nC\n\n## Phần khác {#new-points}\n- D\n\n### Con\n- E\n",
    "no-front-matter": "## Nội dung cốt lõi\n- Một\n",
    "unclosed-front": "---\ntitle: T\n\n## Nội dung cốt lõi\n- Một\n",
    "fence-at-top": "---\ntitle: T\n---\n~~~\n## không\n~~~\n\n## Điểm mới\n~~~\n- không\n~~~\n- Có\n",
    "crlf-bom-nfd": "\ufeff---\r\ntitle: Tie\u0302\u0301u\r\n---\r\n\r\n## Nội dung cốt lõi\r\n- Mo\u0323\u0302t\r\n",
    "empty-and-odd-values": "---\ntitle: ''\nsummary: [a, b]\n---\n## Nội dung cốt lõi {#}\n-\n- \n## \n- x\n",
}


def describe(doc: Any) -> list:
    """Everything of a Document that records, exchanges and updates read."""
    return [list(doc.front) if doc.front else None,
            [[s.id, s.hash, s.text, s.start, s.end, s.marker, s.section] for s in doc.segments],
            [[s.key, s.anchor, s.title, s.start, s.end, s.marker] for s in doc.sections],
            doc.groups()]


def digest(doc: Any) -> str:
    return hashlib.sha256(json.dumps(describe(doc), ensure_ascii=False).encode("utf-8")).hexdigest()


def bench_corpus(folder: Path) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import corpus
    finally:
        sys.path.remove(str(REPO / "bench"))
    corpus.generate(folder, BENCH_N)
    return folder


def summary_files(content: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted((content / "resolutions").glob("*/*.md")):
        if path.stem.count(".") == 0:
            yield f"{path.parent.name}/{path.name}", path


def folders(tmp: Path) -> dict[str, Path]:
    return {"example": EXAMPLE_CONTENT, "bench": bench_corpus(tmp / "bench")}
