"""Helpers for the PDF tests: poppler / zbar wrappers and sample data (no tests here)."""
from __future__ import annotations

import copy
import functools
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterable

import pytest

from generator.pdf import PdfRenderer
from generator.pdf.sample import runs, sample_data

VI_ALPHABET = ("aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đ "
               "AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ EÈÉẺẼẸ ÊỀẾỂỄỆ IÌÍỈĨỊ OÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ UÙÚỦŨỤ ƯỪỨỬỮỰ YỲÝỶỸỴ Đ")
HMONG_RPA = ("Peb cov neeg Hmoob yuav tsum kawm thiab ua raws li tsab ntawv no: txhua tus tswv tsev, "
             "txhua lub zos, nrog rau tub ntxhais hluas tuaj koom; kev txhim kho yog qhov tseem ceeb.")
HOSTILE = ['#set page(width: 1pt)', ']', '$x$', '\\', '"', '<x>', '@ref', '#{panic()}', '*đậm*', '_nghiêng_',
           '// chú thích', '/* x */', '`code`', '[link](x)', '#import "evil.typ"', '=', '- ', '+ ', '~', '{', '}']


def tool(name: str) -> str:
    """Path of a command-line tool; the test is skipped (with the reason) if it is missing."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils zbar-tools)")
    return path


@functools.lru_cache(maxsize=1)
def renderer() -> PdfRenderer:
    """One renderer for the whole test session, as a build process would use it."""
    return PdfRenderer()


def write(tmp: Path, pdf: bytes, name: str = "out.pdf") -> Path:
    path = tmp / name
    path.write_bytes(pdf)
    return path


def pdfinfo(path: Path, page: int | None = None) -> dict[str, str]:
    args = [tool("pdfinfo")]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run(args + [str(path)], capture_output=True, text=True, check=False).stdout
    info = {}
    for line in out.splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """(width, height) in pt of every page, rounded."""
    pages = int(pdfinfo(path)["Pages"])
    out = subprocess.run([tool("pdfinfo"), "-f", "1", "-l", str(pages), str(path)],
                         capture_output=True, text=True, check=False).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
    return [(round(float(w)), round(float(h))) for w, h in sizes]


def pdftext(path: Path, *, first: int | None = None, last: int | None = None,
            crop: tuple[int, int, int, int] | None = None, resolution: int = 72) -> str:
    """Text in content-stream order (-raw): columns are not interleaved line by line."""
    args = [tool("pdftotext"), "-raw", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    if crop:
        x, y, w, h = crop
        args += ["-r", str(resolution), "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
    return subprocess.run(args + [str(path), "-"], capture_output=True, text=True, check=False).stdout


def squash(text: str) -> str:
    """Text without any whitespace: line breaks and justification do not matter."""
    return re.sub(r"\s+", "", text)


def fonts(path: Path) -> list[list[str]]:
    out = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True, check=False).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def qr_codes(path: Path, page: int, tmp: Path, dpi: int = 150) -> list[str]:
    """What zbarimg decodes on one page rendered at `dpi`."""
    zbar = tool("zbarimg")
    prefix = tmp / f"page{page}"
    subprocess.run([tool("pdftoppm"), "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(path), str(prefix)], check=True, capture_output=True)
    out = subprocess.run([zbar, "-q", "--raw", str(prefix) + ".png"], capture_output=True, text=True, check=False)
    return [line for line in out.stdout.splitlines() if line]


# ---------------------------------------------------------------- sample data

def point(text: str) -> dict[str, Any]:
    return {"blocks": [{"type": "paragraph", "runs": runs(text)}]}


def rich_sample(fmt: str = "leaflet-a4", lang: str = "vi") -> dict[str, Any]:
    """The ~600-word sample plus every Vietnamese letter, nested list, table, quote, image, code and link."""
    data = sample_data(fmt, lang)
    key = data["sections"][0]["points"]
    key.append(point("Kiểm tra phông chữ, đủ dấu: " + VI_ALPHABET))
    key.append({"blocks": [
        {"type": "paragraph", "runs": runs("Ý có ") + runs("chữ đậm", bold=True) + runs(", ")
         + runs("chữ nghiêng", italic=True) + runs(", mã ") + runs("NQ-57/TW", code=True) + runs(" và ")
         + runs("liên kết", link="https://example.gov.vn/van-ban/57")},
        {"type": "list", "ordered": False, "items": [
            [{"type": "paragraph", "runs": runs("Ý con thứ nhất của điểm này")}],
            [{"type": "paragraph", "runs": runs("Ý con thứ hai, có số liệu 2% GDP")}],
        ]},
    ]})
    data["sections"][1]["points"].append({"blocks": [
        {"type": "table", "header": [runs("Chỉ tiêu"), runs("Năm 2030")],
         "rows": [[runs("Chi cho nghiên cứu"), runs("2% GDP")], [runs("Xã hội đóng góp"), runs("trên 60%")]]},
        {"type": "quote", "blocks": [{"type": "paragraph", "runs": runs("Khoa học là then chốt.")}]},
        {"type": "image", "path": "anh/hoi-nghi.jpg", "alt": "Ảnh hội nghị quán triệt"},
    ]})
    data["sections"][2]["points"].append(point("Tiếng Mông: " + HMONG_RPA))
    return data


def hostile_sample(fmt: str = "leaflet-a4") -> dict[str, Any]:
    data = sample_data(fmt)
    joined = " ".join(HOSTILE)
    data["title"] = "Nghị quyết " + joined
    data["summary"] = joined
    data["code"] = "57-NQ/TW #set text(size: 40pt)"
    data["organisation"] = "Trung tâm ]) #pagebreak() $"
    data["sections"][0]["points"].extend(point(h + " trong câu") for h in HOSTILE)
    data["sections"][1]["points"][0]["blocks"][0]["runs"] = (
        runs("#set page(width: 1pt)", bold=True) + runs(" $x$ ", code=True) + runs("<x> @ref", italic=True))
    return data


def benign_twin(data: dict[str, Any]) -> dict[str, Any]:
    """The same data with every character that is special in Typst markup replaced by a letter."""
    twin = copy.deepcopy(data)
    table = str.maketrans({c: "x" for c in '#]$\\"<>@{}*_/`[=+~()-:;'})

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return value.translate(table)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            keep = ("qr_svg", "url", "type", "key", "path", "format", "lang", "lang_tag")
            return {k: (v if k in keep else clean(v)) for k, v in value.items()}
        return value
    return clean(twin)


def content_strings(data: dict[str, Any]) -> Iterable[str]:
    """Every text of the content that a leaflet prints."""
    for key in ("title", "code", "issuer", "issued", "organisation", "summary", "url_display", "date"):
        if data.get(key):
            yield data[key]
    yield from _blocks_text(data.get("lead") or [])
    for section in data.get("sections") or []:
        yield section["title"]
        for p in section["points"]:
            yield from _blocks_text(p["blocks"])


def point_texts(data: dict[str, Any]) -> list[str]:
    """Each point's text (runs joined), one string per paragraph."""
    out = []
    for section in data.get("sections") or []:
        for p in section["points"]:
            out.extend(_blocks_text(p["blocks"]))
    return out


def _blocks_text(blocks: list[dict[str, Any]]) -> Iterable[str]:
    for b in blocks:
        if b["type"] == "paragraph":
            yield "".join(r["text"] for r in b["runs"])
        elif b["type"] == "list":
            for item in b["items"]:
                yield from _blocks_text(item)
        elif b["type"] == "quote":
            yield from _blocks_text(b["blocks"])
        elif b["type"] == "table":
            for row in [b["header"], *b["rows"]]:
                for cell in row:
                    yield "".join(r["text"] for r in cell)
        elif b["type"] == "image":
            yield b["alt"]


def test_the_fitting_search_finds_the_largest_size_that_fits_whatever_it_guesses() -> None:
    """Guesses (GROWTH, GUESS_SLACK, hints) only order the trials: on content whose growth with
    the size differs from the model's, and whose overflowing trials misread their need, the
    size found is still the largest that fits."""
    import math
    import random
    from generator.pdf.fit import FitPolicy, Trial, search
    sizes = FitPolicy(start=11, floor=8.5, step=0.5).sizes()
    rng = random.Random(7)
    for _ in range(400):
        content, growth, spill = rng.uniform(0.5, 4.0), rng.uniform(1.2, 2.5), rng.choice([None, 0.224])

        def attempt(size: float, content=content, growth=growth, spill=spill) -> Trial:
            need = content * (size / 10) ** growth
            pages = math.ceil(need)
            reading = need if spill is None or pages <= 2 else 2 + spill      # a band that spilled over
            return Trial(size, "flow", b"", pages, reading, reading)
        expected = next((size for size in sizes if attempt(size).pages <= 2), None)
        hint = attempt(sizes[0]) if rng.random() < 0.5 else None
        for estimate in (True, False):
            found = search(sizes, attempt, 2, estimate=estimate, hint=hint)
            assert (found.size if found else None) == expected


def test_a_trial_that_spilled_its_band_over_guesses_the_size_that_fits_first() -> None:
    """An A5 leaflet at 10 pt: text on two pages, the QR band on a third, so the trial reads
    2.224 pages. The size that fits is 9.5 pt: tried first, then 10 pt to confirm (2 trials,
    where the model's bare prediction, 9.43 pt, would try 9 pt first: 3)."""
    from generator.pdf.fit import FitPolicy, Trial, search
    sizes = FitPolicy(start=11, floor=9, step=0.5).sizes()
    needs = {11.0: 2.6, 10.5: 2.224, 10.0: 2.224, 9.5: 1.85, 9.0: 1.7}
    tried: list[float] = []

    def attempt(size: float) -> Trial:
        tried.append(size)
        return Trial(size, "flow", b"", 3 if needs[size] > 2 else 2, needs[size], needs[size])
    found = search(sizes, attempt, 2, hint=Trial(10.0, "flow", b"", 3, 2.224, 2.224))
    assert found is not None and found.size == 9.5
    assert tried == [9.5, 10.0]
