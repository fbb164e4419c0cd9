"""Versions per audience (the short version, questions and answers, in-depth material) and the
lecturer's kit, checked on what the build writes: PPTX read with python-pptx and converted by
LibreOffice, PDFs through pdftotext/pdfinfo, audio through soxi, pages through an HTML parser."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pptx import Presentation

from generator.builders.base import BuildOptions
from generator.content.htmltree import to_text
from generator.content.markdown_render import render_markdown
from generator.content.sections import DEFAULT_LABELS, split_body
from generator.diagnostics import ContentError
from generator.pipeline import build

from conftest import EXAMPLE_CONTENT, SITE_YAML, Page, make_site, manifest, standard_resolution

HAS_AUDIO_TOOLS = all(shutil.which(tool) for tool in ("espeak-ng", "sox", "soxi"))
HAS_SOFFICE = shutil.which("soffice") is not None

RESOLUTION_YAML = """\
code: 12-NQ/HU
kind: nghi-quyet
level: huyen
issuer: Ban Chấp hành Đảng bộ huyện
issued: 2025-03-10
topics: [nong-thon-moi]
lecture:
  minutes: 60
"""

# Written for this test, in another editor's hand: bold lead-ins, a nested list, a long point.
KEY_POINTS = [
    "Phát triển chăn nuôi trâu, bò hàng hóa gắn với trồng cỏ và làm chuồng trại hợp vệ sinh.",
    "Mỗi xã chọn một đến hai sản phẩm chủ lực để xây dựng thương hiệu tập thể.",
    ("Hỗ trợ hộ nghèo vay vốn ưu đãi để mua con giống, kèm hướng dẫn kỹ thuật của cán bộ khuyến nông. "
     "Ưu tiên các thôn đặc biệt khó khăn, thôn có đông đồng bào dân tộc thiểu số. "
     "Ngân hàng chính sách xã hội phối hợp với hội nông dân, hội phụ nữ nhận ủy thác cho vay. "
     "Cán bộ khuyến nông đến từng hộ để hướng dẫn cách làm chuồng, trồng cỏ và phòng bệnh. "
     "Kết quả được tổng hợp mỗi quý để kịp thời điều chỉnh."),
]
NEW_POINTS = ["Lần đầu giao chỉ tiêu đàn gia súc cho từng thôn, bản.",
              "Khen thưởng hộ gia đình thoát nghèo bền vững nhờ chăn nuôi."]
LOCAL_POINTS = ["Thôn Nà Hiu làm điểm về chuồng trại và trồng cỏ voi.",
                "Hội nông dân xã mở lớp tập huấn phòng bệnh cho gia súc."]
BRIEF = ["Huyện khuyến khích nuôi trâu, bò để bán.",
         "Hộ nghèo được vay vốn ưu đãi mua con giống.",
         "Mỗi xã có sản phẩm chủ lực mang thương hiệu chung.",
         "Cán bộ khuyến nông hướng dẫn làm chuồng và trồng cỏ."]
QA = [("Hộ nào được vay vốn mua con giống?",
       "Hộ nghèo và hộ cận nghèo có đơn, được thôn bình xét và xã xác nhận."),
      ("Vay ở đâu và trả trong bao lâu?",
       "Vay tại ngân hàng chính sách xã hội qua tổ tiết kiệm của hội; trả dần trong ba năm."),
      ("Gia súc bị bệnh thì báo cho ai?",
       "Báo ngay cho thú y xã hoặc trưởng thôn để được hướng dẫn và hỗ trợ tiêm phòng.")]
IN_DEPTH = ["Cơ sở lý luận: kinh tế hộ là nền tảng của sản xuất hàng hóa ở miền núi.",
            "Ngành nông nghiệp: quy hoạch vùng trồng cỏ, liên kết với hợp tác xã tiêu thụ.",
            "Ngành tài chính: lồng ghép vốn chương trình mục tiêu quốc gia với vốn tín dụng chính sách."]


def summary_md(brief: bool = True, qa: bool = True, in_depth: bool = True, qa_answers=QA) -> str:
    lines = ["---", "title: Nghị quyết số 12-NQ/HU về phát triển chăn nuôi đại gia súc hàng hóa",
             "summary: Nghị quyết của Huyện ủy về chăn nuôi trâu, bò hàng hóa giai đoạn 2025-2030.", "---", ""]
    if brief:
        lines += ["## Bản ngắn", ""] + [f"- {s}" for s in BRIEF] + [""]
    lines += ["## Nội dung cốt lõi", "", f"- **Phát triển** {KEY_POINTS[0][len('Phát triển '):]}",
              "  - có nhiều chi tiết lồng bên trong",
        f"- {KEY_POINTS[1]}", f"- {KEY_POINTS[2]}", ""]
    lines += ["## Những điểm mới của Nghị quyết", ""] + [f"- {s}" for s in NEW_POINTS] + [""]
    lines += ["## Liên hệ, vận dụng vào thực tiễn", ""] + [f"- {s}" for s in LOCAL_POINTS] + [""]
    if qa:
        lines += ["## HỎI - ĐÁP", ""]
        for index, (question, answer) in enumerate(qa_answers):
            # one question as a heading, the others as bold lines
            lines += [f"### {question}", "", answer, ""] if index == 0 else [f"**{question}**", answer, ""]
    if in_depth:
        lines += ["## Tài liệu chuyên sâu cho cán bộ chủ chốt", ""] + [f"- {s}" for s in IN_DEPTH] + [""]
    return "\n".join(lines)


def make_content(root: Path, **sections: bool) -> Path:
    return make_site(root, {"nq-12": {"resolution.yaml": RESOLUTION_YAML, "vi.md": summary_md(**sections)}})


def artifacts(output: Path, slug: str = "nq-12", lang: str = "vi") -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for entry in manifest(output)["artifacts"]:
        if entry.get("slug") == slug and entry.get("lang") == lang:
            found.setdefault(entry["kind"], []).append(output / entry["path"])
    return found


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFC", text).split())


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def words_off_page(path: Path) -> list[str]:
    """Words whose box leaves their page (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    off = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        width, height = float(page.group(1)), float(page.group(2))
        for word in re.finditer(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>',
                                page.group(3)):
            x0, y0, x1, y1 = (float(word.group(i)) for i in range(1, 5))
            if x0 < 0 or y0 < 0 or x1 > width + 0.5 or y1 > height + 0.5:
                off.append(word.group(5))
    return off


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same summary built with all three sections, without the short version and the
    in-depth material, and without any of the three."""
    outputs = {}
    for name, sections in (("all", {}), ("qa-only", {"brief": False, "in_depth": False}),
                           ("none", {"brief": False, "qa": False, "in_depth": False})):
        root = tmp_path_factory.mktemp(name)
        outputs[name] = root / "output"
        build(make_content(root, **sections), outputs[name], BuildOptions(no_audio=not HAS_AUDIO_TOOLS))
    return outputs


# ------------------------------------------------------------------ the contract


def test_sections_are_recognised_by_heading_or_id() -> None:
    source = ("## Cốt lõi ngắn gọn\n- a\n\n## Hoi dap\n### Q1?\nA1.\n\n## Phần riêng {#in-depth}\n- b\n\n"
              "## Tóm tắt {#brief}\n- c\n\n## Bản Ngắn\n- d\n")
    split = split_body(render_markdown(source), source, 1, DEFAULT_LABELS)
    assert [s.key for s in split.sections] == ["brief", "qa", "in_depth", "brief", "brief"]
    assert [(p.question, p.answer_text) for p in split.sections[1].qa] == [("Q1?", "A1.")]


def test_questions_as_headings_bold_lines_and_bold_list_items() -> None:
    source = ("## Hỏi – đáp\n### Một?\nMột đáp.\n\n**Hai?**\nHai đáp.\n\n**Ba?**\n\nBa đáp,\n\n- chi tiết\n\n"
              "Emphasis **inside** a line stays an answer.\n")
    section = split_body(render_markdown(source), source, 1, DEFAULT_LABELS).sections[0]
    assert [p.question for p in section.qa] == ["Một?", "Hai?", "Ba?"]
    assert section.qa[1].answer_text == "Hai đáp."
    assert section.qa[2].answer_text.split("\n") == ["Ba đáp,", "chi tiết", "Emphasis inside a line stays an answer."]
    source = "## Hỏi đáp\n- **Bốn?**\n  Bốn đáp.\n- **Năm?**\n  Năm đáp.\n"
    section = split_body(render_markdown(source), source, 1, DEFAULT_LABELS).sections[0]
    assert [(p.question, p.answer_text) for p in section.qa] == [("Bốn?", "Bốn đáp."), ("Năm?", "Năm đáp.")]


def test_questions_typed_as_hoi_dap_without_bold() -> None:
    """As a secretary types them from a printed Q&A: "Hỏi: …" then "Đáp: …", no bold. Each is a
    question of its own, never the tail of the answer before it."""
    source = ("## Hỏi – đáp\n**Hỏi: Ai được hỗ trợ?**\n\nĐáp: Hộ nghèo.\n\n"
              "Hỏi: Nước có phải trả tiền không?\n\nĐáp: Không.\n\nNước tự chảy.\n\n"
              "Hỏi: Khi nào làm xong?\nĐáp: Trước 30/6/2027.\n\n"
              "**Hỏi:** Ai bảo dưỡng bể?\n\nĐáp: Tổ tự quản.\n\n"
              "Người dân hỏi: vì sao? Đó là câu trả lời.\n")
    section = split_body(render_markdown(source), source, 1, DEFAULT_LABELS).sections[0]
    assert [(p.question, p.answer_text) for p in section.qa] == [
        ("Hỏi: Ai được hỗ trợ?", "Đáp: Hộ nghèo."),
        ("Hỏi: Nước có phải trả tiền không?", "Đáp: Không.\nNước tự chảy."),
        ("Hỏi: Khi nào làm xong?", "Đáp: Trước 30/6/2027."),
        ("Hỏi: Ai bảo dưỡng bể?", "Đáp: Tổ tự quản.\nNgười dân hỏi: vì sao? Đó là câu trả lời.")]
    source = "## Hỏi đáp\n1. Hỏi: Một?\n   Đáp: Một đáp.\n2. Hỏi: Hai?\n   Đáp: Hai đáp.\n"
    section = split_body(render_markdown(source), source, 1, DEFAULT_LABELS).sections[0]
    assert [(p.question, p.answer_text) for p in section.qa] == [("Hỏi: Một?", "Đáp: Một đáp."),
                                                                 ("Hỏi: Hai?", "Đáp: Hai đáp.")]


def test_questions_numbered_cau_hoi_with_tra_loi_answers() -> None:
    """As the printed Q&A booklets number them: "Câu hỏi 1:" / "Câu 2." and "Trả lời:". Each is a
    question with its answer, not one answer without a question; a lower-case "trả lời:" or "đáp."
    inside a question does not cut it."""
    source = ("## Hỏi – đáp\nCâu hỏi 1: Ai được hỗ trợ?\nTrả lời: Hộ nghèo.\n\n"
              "Câu 2. Vay ở đâu? Trả lời: Ngân hàng chính sách.\n\n"
              "Hỏi: Ai trả lời: xã hay huyện?\nĐáp: Xã.\n\n"
              "Hỏi: Ai phải hỏi, ai phải đáp. Đáp: Cả hai.\n")
    section = split_body(render_markdown(source), source, 1, DEFAULT_LABELS).sections[0]
    assert [(p.question, p.answer_text) for p in section.qa] == [
        ("Câu hỏi 1: Ai được hỗ trợ?", "Trả lời: Hộ nghèo."),
        ("Câu 2. Vay ở đâu?", "Trả lời: Ngân hàng chính sách."),
        ("Hỏi: Ai trả lời: xã hay huyện?", "Đáp: Xã."),
        ("Hỏi: Ai phải hỏi, ai phải đáp.", "Đáp: Cả hai.")]


def test_hoi_questions_wrapped_with_bold_or_on_one_line_keep_their_answer(tmp_path: Path) -> None:
    """ "Hỏi:" typed across two lines, ending in bold, or with its "Đáp:" on the same line: the
    answer is still the answer on the page, the Q&A sheet and the loudspeaker script."""
    qa = ("## HỎI - ĐÁP\n\nHỏi: Nghị quyết đặt mục tiêu gì\ncho năm 2030?\nĐáp: Năm triệu hộ.\n\n"
          "Hỏi: Ai được hưởng **Nghị quyết 12**\nĐáp: Hộ nghèo.\n\n"
          "Hỏi: Ai được hỗ trợ? Đáp: Hộ cận nghèo.\n\n")
    text = summary_md(qa=False).replace("## Tài liệu chuyên sâu", qa + "## Tài liệu chuyên sâu")
    output = tmp_path / "output"
    build(make_site(tmp_path, {"nq-12": {"resolution.yaml": RESOLUTION_YAML, "vi.md": text}}), output,
          BuildOptions(no_audio=True))
    found = artifacts(output)
    html = found["page"][0].read_text(encoding="utf-8")
    assert re.findall(r"<summary>(.*?)</summary>\s*<p>(.*?)</p>", html) == [
        ("Hỏi: Nghị quyết đặt mục tiêu gì cho năm 2030?", "Đáp: Năm triệu hộ."),
        ("Hỏi: Ai được hưởng Nghị quyết 12", "Đáp: Hộ nghèo."),
        ("Hỏi: Ai được hỗ trợ?", "Đáp: Hộ cận nghèo.")]
    sheet = pdf_text(found["qa-sheet"][0])
    for pair in ("Hỏi: Nghị quyết đặt mục tiêu gì cho năm 2030? Đáp: Năm triệu hộ.",
                 "Hỏi: Ai được hưởng Nghị quyết 12 Đáp: Hộ nghèo.", "Hỏi: Ai được hỗ trợ? Đáp: Hộ cận nghèo."):
        assert pair in sheet
    script = found["loudspeaker-text"][0].read_text(encoding="utf-8-sig").splitlines()
    start = script.index("Hỏi: Nghị quyết đặt mục tiêu gì cho năm hai nghìn không trăm ba mươi?")
    assert [line for line in script[start:start + 6] if line] == [
        "Hỏi: Nghị quyết đặt mục tiêu gì cho năm hai nghìn không trăm ba mươi?", "Đáp: Năm triệu hộ.",
        "Hỏi: Ai được hưởng Nghị quyết mười hai.", "Đáp: Hộ nghèo.", "Hỏi: Ai được hỗ trợ?", "Đáp: Hộ cận nghèo."]


def test_other_languages_label_the_sections_in_site_yaml(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + '      brief: "Lus luv luv"\n      qa: "Nug thiab teb"\n      in_depth: "Kawm tob"\n'
    files = standard_resolution("57-NQ/TW", "2024-12-22", "Nghị quyết 57", hmn=True)
    files["hmn.md"] += "\n## Lus luv luv\n- Ib.\n\n## Nug thiab teb\n### Nug?\nTeb.\n\n## Kawm tob\n- Tob.\n"
    output = tmp_path / "output"
    build(make_site(tmp_path, {"nq-57": files}, site_yaml=site_yaml), output, BuildOptions(no_audio=True))
    hmn = artifacts(output, "nq-57", "hmn")
    assert {"brief-a5", "brief-text", "qa-sheet"} <= set(hmn)
    assert "brief-a5" not in artifacts(output, "nq-57", "vi")
    assert "Nug?" in pdf_text(hmn["qa-sheet"][0]) and "Teb." in pdf_text(hmn["qa-sheet"][0])


# ------------------------------------------------------------------ the lecturer's kit


def test_every_point_is_in_the_slides_or_their_notes(builds: dict[str, Path]) -> None:
    deck = Presentation(str(artifacts(builds["all"])["slides-pptx"][0]))
    shown = flat(" ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                          if shape.has_text_frame))
    notes = flat(" ".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides
                          if slide.has_notes_slide))
    for point in KEY_POINTS + NEW_POINTS + LOCAL_POINTS + IN_DEPTH:
        assert point in notes or point in shown, point
    for point in NEW_POINTS + LOCAL_POINTS:
        assert point in shown, f"not on a slide: {point}"
    assert "có nhiều chi tiết lồng bên trong" in notes       # nested detail: the full text in the notes
    for point in IN_DEPTH:
        assert point in notes and point not in shown         # in-depth material: in the notes only
    for question, answer in QA:
        assert question in notes and answer in notes
    assert "Nghị quyết số 12-NQ/HU" in flat(deck.slides[0].shapes[0].text_frame.text)


def test_slides_keep_to_seven_lines_of_24_point_text(builds: dict[str, Path]) -> None:
    deck = Presentation(str(artifacts(builds["all"])["slides-pptx"][0]))
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            sizes = [run.font.size.pt for p in shape.text_frame.paragraphs for run in p.runs if run.font.size]
            assert sizes and min(sizes) >= 24
            # Lines at ~52 characters each (kit.CHARS_PER_LINE), at most 7 per slide body.
            body = [p for p in shape.text_frame.paragraphs if "".join(r.text for r in p.runs).strip()]
            if min(sizes) == 24 and len(body) > 0 and shape.top > 1_000_000:
                lines = sum(-(-len("".join(r.text for r in p.runs)) // 52) for p in body)
                assert lines <= 8, [p.runs[-1].text for p in body]
    # The long point did not fit on one slide with the others: it continues.
    assert any("(tiếp theo)" in shape.text_frame.text for slide in deck.slides for shape in slide.shapes
               if shape.has_text_frame)


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")
def test_pptx_opens_in_libreoffice_and_no_text_leaves_a_slide(builds: dict[str, Path], tmp_path: Path) -> None:
    pptx = artifacts(builds["all"])["slides-pptx"][0]
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(pptx)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (pptx.stem + ".pdf")
    assert pages(pdf) == len(Presentation(str(pptx)).slides)
    assert words_off_page(pdf) == []
    text = pdf_text(pdf)
    for point in NEW_POINTS + LOCAL_POINTS:
        assert point in text


LONG_TITLE = ("Chỉ thị số 12-CT/HU của Ban Thường vụ Huyện ủy về tăng cường sự lãnh đạo của Đảng đối với "
              "công tác quản lý, bảo vệ rừng và phòng cháy, chữa cháy rừng trong mùa khô hanh năm 2025 – 2026 "
              "trên địa bàn toàn huyện")
LONG_HEADING = "Những nội dung cốt lõi, trọng tâm của Chỉ thị cần quán triệt"


def word_boxes(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """Per page, each word with its top and bottom (pdftotext -bbox), in reading order."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[(m.group(3), float(m.group(1)), float(m.group(2))) for m in re.finditer(
        r'<word xMin="[\d.-]+" yMin="([\d.-]+)" xMax="[\d.-]+" yMax="([\d.-]+)">(.*?)</word>', page)]
        for page in re.findall(r"<page [^>]*>(.*?)</page>", html, re.S)]


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")
def test_a_long_title_or_heading_stays_clear_of_what_lies_below_it(tmp_path: Path) -> None:
    """Written by an editor who copies the document's full name: the title slide's title must not
    run over its subtitle, nor a two-line section heading over its rule (PowerPoint never shrinks them)."""
    text = summary_md(brief=False, qa=False, in_depth=False)
    text = re.sub(r"^title: .*$", f"title: {LONG_TITLE}", text, count=1, flags=re.M)
    text = text.replace("## Nội dung cốt lõi", f"## {LONG_HEADING}")
    content = make_site(tmp_path, {"nq-12": {"resolution.yaml": RESOLUTION_YAML, "vi.md": text}})
    build(content, tmp_path / "output", BuildOptions(no_audio=True))
    pptx = artifacts(tmp_path / "output")["slides-pptx"][0]
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(pptx)],
                   check=True, capture_output=True, timeout=180)
    pages_words = word_boxes(tmp_path / (pptx.stem + ".pdf"))
    deck = Presentation(str(pptx))
    cover = pages_words[0]
    title_words = len(LONG_TITLE.split())
    assert " ".join(w for w, _, _ in cover[:title_words]) == LONG_TITLE
    assert max(bottom for _, _, bottom in cover[:title_words]) <= min(top for _, top, _ in cover[title_words:])
    headed = 0
    for slide, words in zip(list(deck.slides)[1:], pages_words[1:]):
        rule = next(shape for shape in slide.shapes if not shape.has_text_frame)
        rule_y = rule.begin_y / 12700                       # EMU to points: LibreOffice keeps the slide's size
        heading = slide.shapes[0].text_frame.text
        assert " ".join(w for w, _, _ in words[:len(heading.split())]) == heading
        assert max(bottom for _, _, bottom in words[:len(heading.split())]) <= rule_y, heading
        assert min(top for _, top, _ in words[len(heading.split()):]) >= rule_y, heading
        headed += heading.startswith(LONG_HEADING)
    assert headed >= 2                                      # the long heading and its "(tiếp theo)"


def test_a_plan_titled_at_full_length_builds_its_kit_whole(tmp_path: Path) -> None:
    """A district plan's full name runs past 255 characters (the most a PPTX property holds):
    the build neither fails nor loses the title's end or a slide off the PDF's pages."""
    title = (LONG_TITLE + ", gắn với xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu và đô thị văn minh "
             "trên địa bàn các xã vùng cao biên giới của huyện giai đoạn 2025 – 2030, tầm nhìn đến năm 2045")
    assert len(title) > 255
    text = summary_md(brief=False, qa=False, in_depth=False)
    text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
    text = text.replace("## Liên hệ, vận dụng vào thực tiễn", "## Liên hệ, vận dụng vào thực tiễn của địa phương, "
                        "cơ quan, đơn vị trong việc triển khai thực hiện Chỉ thị trên địa bàn toàn huyện")
    content = make_site(tmp_path, {"nq-12": {"resolution.yaml": RESOLUTION_YAML, "vi.md": text}})
    build(content, tmp_path / "output", BuildOptions(no_audio=True))
    found = artifacts(tmp_path / "output")
    deck = Presentation(str(found["slides-pptx"][0]))
    assert deck.slides[0].shapes[0].text_frame.text == title
    assert len(deck.core_properties.title) <= 255 and deck.core_properties.title.endswith("…")
    pdf = found["slides-pdf"][0]
    assert pages(pdf) == len(deck.slides) and words_off_page(pdf) == []
    assert flat(title) in pdf_text(pdf)


def test_pdf_slides_are_16_9_with_one_page_per_slide(builds: dict[str, Path]) -> None:
    found = artifacts(builds["all"])
    pdf = found["slides-pdf"][0]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert abs(width / height - 16 / 9) < 0.01
    assert pages(pdf) == len(Presentation(str(found["slides-pptx"][0])).slides)
    assert words_off_page(pdf) == []
    text = pdf_text(pdf)
    for point in NEW_POINTS + LOCAL_POINTS:
        assert point in text
    assert not any(point in text for point in IN_DEPTH)


def test_an_outline_that_cannot_fit_one_page_keeps_every_point_and_says_so_in_its_own_words(tmp_path: Path) -> None:
    """Thirty points in a directive: the outline runs onto a second page, keeps every point, and
    the warning speaks of the PDF (it is not a leaflet)."""
    text = summary_md(brief=False, qa=False, in_depth=False).replace(
        "## Những điểm mới", "\n".join(f"- Điểm {n}: thôn bản kiểm tra đường băng cản lửa, chuẩn bị dụng cụ "
                                        "chữa cháy rừng và phân công người trực." for n in range(1, 31))
        + "\n\n## Những điểm mới")
    content = make_site(tmp_path, {"nq-12": {"resolution.yaml": RESOLUTION_YAML, "vi.md": text}})
    result = build(content, tmp_path / "output", BuildOptions(no_audio=True))
    outline = artifacts(tmp_path / "output")["outline"][0]
    assert pages(outline) == 2 and "Điểm 30: thôn bản" in flat(pdf_text(outline))
    [warned] = [p for p in result.problems if p.code == "leaflet-overflow" and p.params["format"] == "outline"]
    assert "Dàn ý" in warned.message() and "tờ rơi" not in warned.hint().lower()


def test_outline_is_one_page_with_minutes_in_proportion(builds: dict[str, Path]) -> None:
    pdf = artifacts(builds["all"])["outline"][0]
    assert pages(pdf) == 1
    text = pdf_text(pdf)
    assert "60 phút" in text            # resolution.yaml overrides the site's 45
    minutes = [int(m) for m in re.findall(r"(\d+)′", text)]
    assert sum(minutes) == 60 and len(minutes) == 5       # introduction, three sections, discussion
    introduction, key, new, local, discussion = minutes
    assert discussion == 20 and key > new and key > local  # the key points take longest to read
    assert "Gia súc bị bệnh thì báo cho ai?" in text        # the questions are on it
    assert "Đồng chí sẽ làm gì" in text                     # the standard discussion questions


def test_a_summary_without_the_new_sections_gets_the_kit_and_nothing_else_new(builds: dict[str, Path]) -> None:
    kinds = set(artifacts(builds["none"]))
    assert {"slides-pptx", "slides-pdf", "outline"} <= kinds
    assert not kinds & {"brief-a5", "brief-text", "brief-loudspeaker-text", "brief-loudspeaker-print",
                        "brief-loudspeaker-audio", "qa-sheet"}
    page = Page(builds["none"] / "nq-12" / "index.html")
    assert not page.find_all("details")
    assert {a["href"] for a in page.find_all("a") if a.get("href", "").endswith((".pptx", "dan-y.pdf"))} == {
        "nq-12-vi-bai-giang.pptx", "nq-12-vi-dan-y.pdf"}


UNCHANGED_KINDS = ("leaflet-a4", "leaflet-a5", "leaflet-trifold", "study-sheet", "loudspeaker-text",
                   "loudspeaker-print", "loudspeaker-audio", "share-image", "share-text")


def test_the_short_version_and_in_depth_material_leave_the_other_outputs_byte_for_byte(
        builds: dict[str, Path]) -> None:
    with_them, without = artifacts(builds["all"]), artifacts(builds["qa-only"])
    for kind in UNCHANGED_KINDS:
        assert [p.read_bytes() for p in with_them.get(kind, [])] == [p.read_bytes() for p in without.get(kind, [])], kind


def test_the_example_content_without_the_sections_gets_only_the_kit(example_site: Path) -> None:
    from generator.load import load_site
    standard = {"page", "leaflet-a4", "leaflet-a5", "leaflet-trifold", "study-sheet", "loudspeaker-text",
                "loudspeaker-print", "share-image", "share-text", "slides-pptx", "slides-pdf", "outline"}
    entries = manifest(example_site)["artifacts"]
    site, _ = load_site(EXAMPLE_CONTENT)
    checked = 0
    for res in site.resolutions:
        if res.slug == "nq-57-khoa-hoc-cong-nghe":
            continue
        for lang in res.summaries:
            kinds = {e["kind"] for e in entries if e.get("slug") == res.slug and e.get("lang") == lang}
            assert kinds == standard, (res.slug, lang, kinds ^ standard)
            checked += 1
    assert checked >= 6
    example = {e["kind"] for e in entries if e.get("slug") == "nq-57-khoa-hoc-cong-nghe"}
    assert {"brief-a5", "brief-text", "qa-sheet", "brief-loudspeaker-text"} <= example


# ------------------------------------------------------------------ the short version


def test_brief_a5_is_one_page_with_every_sentence(builds: dict[str, Path]) -> None:
    pdf = artifacts(builds["all"])["brief-a5"][0]
    assert pages(pdf) == 1
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+419\.5\d* x 595\.2", info), info       # A5
    text = pdf_text(pdf)
    for sentence in BRIEF:
        assert sentence in text


def test_brief_message_has_every_sentence_and_the_link_within_1000_characters(builds: dict[str, Path]) -> None:
    text = artifacts(builds["all"])["brief-text"][0].read_text(encoding="utf-8")
    assert len(text.rstrip("\n")) <= 1000
    for sentence in BRIEF:
        assert sentence in text
    assert "https://example.gov.vn/tuyentruyen/nq-12/" in text
    assert "chăn nuôi đại gia súc" in text      # the title, not shortened while there is room


def test_bulletin_reads_every_sentence_in_about_a_minute(builds: dict[str, Path]) -> None:
    found = artifacts(builds["all"])
    script = found["brief-loudspeaker-text"][0].read_text(encoding="utf-8-sig")
    for sentence in BRIEF:
        assert sentence in script
    assert not any(point in script for point in KEY_POINTS[1:] + IN_DEPTH)
    assert pages(found["brief-loudspeaker-print"][0]) >= 1
    assert all(s in pdf_text(found["brief-loudspeaker-print"][0]) for s in BRIEF)
    if HAS_AUDIO_TOOLS:
        seconds = float(subprocess.run(["soxi", "-D", str(found["brief-loudspeaker-audio"][0])],
                                       capture_output=True, text=True, check=True).stdout)
        assert 20 < seconds < 75


def test_check_warns_about_a_brief_that_is_not_short(tmp_path: Path) -> None:
    from generator.builders.brief import brief_problems
    from generator.load import load_site
    long_brief = ["Câu thứ " + str(n) + " " + "rất dài và có nhiều chữ " * 8 for n in range(1, 8)]
    text = summary_md().replace("\n".join(f"- {s}" for s in BRIEF), "\n".join(f"- {s}" for s in long_brief))
    content = make_site(tmp_path, {"nq-12": {"resolution.yaml": RESOLUTION_YAML, "vi.md": text}})
    site, _ = load_site(content)
    found = {p.code: p for p in brief_problems(site)}
    assert set(found) == {"brief-too-long", "brief-message-too-long"}
    assert found["brief-too-long"].line == 6 and found["brief-too-long"].path.name == "vi.md"
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content), "--fast"],
                            capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert "vi.md:6" in result.stdout and "tóm tắt ngắn" in result.stdout.lower()


# ------------------------------------------------------------------ questions and answers


def test_questions_expand_on_the_page_without_javascript(builds: dict[str, Path]) -> None:
    html = (builds["all"] / "nq-12" / "index.html").read_text(encoding="utf-8")
    for question, answer in QA:
        assert re.search(r"<details class=\"qa\">\s*<summary>" + re.escape(question) + r"</summary>\s*<p>"
                         + re.escape(answer) + "</p>", html), question
    # The in-depth material: collapsed for cadres, closed until opened.
    block = re.search(r'<details class="in-depth">(.*?)</details>', html, re.S)
    assert block and all(point in flat(re.sub("<[^>]+>", " ", block.group(1))) for point in IN_DEPTH)
    assert 'class="in-depth" open' not in html


def test_questions_are_on_the_leaflet_back_or_the_qa_sheet(builds: dict[str, Path]) -> None:
    found = artifacts(builds["all"])
    sheet = pdf_text(found["qa-sheet"][0])
    leaflet = pdf_text(found["leaflet-a4"][0])
    for question, answer in QA:
        assert question in sheet and answer in sheet
        assert question in leaflet and answer in leaflet          # there is room on this one's back
    for kind in ("leaflet-a4", "leaflet-a5", "leaflet-trifold", "study-sheet"):
        text = pdf_text(found[kind][0])
        assert not any(point in text for point in IN_DEPTH), kind
    assert not any(q in pdf_text(found["leaflet-a5"][0]) for q, _ in QA)


def test_a_long_qa_leaves_the_leaflet_for_its_own_sheet(tmp_path: Path) -> None:
    many = [(f"Câu hỏi số {n} về chăn nuôi?", "Trả lời: " + "nội dung trả lời khá dài và chi tiết " * 12)
            for n in range(1, 13)]
    content = make_site(tmp_path, {"nq-12": {"resolution.yaml": RESOLUTION_YAML,
                                             "vi.md": summary_md(qa_answers=many)}})
    result = build(content, tmp_path / "output", BuildOptions(no_audio=True))
    found = artifacts(tmp_path / "output")
    assert pages(found["leaflet-a4"][0]) == 2
    assert "Câu hỏi số 1 về" not in pdf_text(found["leaflet-a4"][0])
    assert all(q in pdf_text(found["qa-sheet"][0]) for q, _ in many)
    assert "leaflet-overflow" not in {p.code for p in result.problems}


def test_questions_are_read_on_the_loudspeaker(builds: dict[str, Path]) -> None:
    script = artifacts(builds["all"])["loudspeaker-text"][0].read_text(encoding="utf-8-sig")
    for question, answer in QA:
        assert question in script
    assert "Vay tại ngân hàng chính sách xã hội" in script
    assert not any(point in script for point in IN_DEPTH + BRIEF)


TABLED = """\
---
title: Nghị quyết số 10-NQ/ĐU về làm đường giao thông nông thôn
summary: Làm mới 12 km đường bê tông.
---

## Nội dung cốt lõi
- Chỉ tiêu làm đường theo từng bản:

  | Bản | Km đường | Năm hoàn thành |
  | --- | ---: | ---: |
  | Pà Cò Lớn | 4 | 2027 |
  | Tà Dê | 8 | 2028 |

- Nhà nước hỗ trợ xi măng, nhân dân góp công.

## Điểm mới
- Nhân dân tự bàn, tự làm.

## Liên hệ vận dụng tại địa phương
- Bản Tà Dê làm trước.

## Hỏi – đáp
**Mỗi hộ góp bao nhiêu ngày công?**

Tùy số nhân khẩu:

| Số người | Ngày công |
| --- | ---: |
| 1–3 người | 5 |
| 4 người trở lên | 10 |

## Chuyên sâu
| Bản | Số hộ | Hộ nghèo |
| --- | ---: | ---: |
| Hang Tàu | 176 | 52 |
"""


def test_a_table_is_read_a_row_at_a_time_with_its_column_headings(tmp_path: Path) -> None:
    """A listener, or a lecturer reading the notes, cannot see the columns: each row is one
    sentence naming its columns, never one number after another."""
    content = make_site(tmp_path, {"nq-10": {"resolution.yaml": RESOLUTION_YAML, "vi.md": TABLED}})
    build(content, tmp_path / "output", BuildOptions(no_audio=True))
    found = artifacts(tmp_path / "output", slug="nq-10")
    script = found["loudspeaker-text"][0].read_text(encoding="utf-8-sig").splitlines()
    assert "Bản: Tà Dê, Km đường: tám, Năm hoàn thành: hai nghìn không trăm hai mươi tám." in script
    assert "Số người: bốn người trở lên, Ngày công: mười." in script
    assert not {"Tà Dê.", "Tám.", "Mười.", "Ngày công."} & set(script)
    deck = Presentation(str(found["slides-pptx"][0]))
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide)
    assert "Bản: Hang Tàu, Số hộ: 176, Hộ nghèo: 52" in notes.splitlines()             # the in-depth table
    assert "Số người: 1–3 người, Ngày công: 5" in notes.splitlines()                   # the answer's table
    # A table of headings alone, or without headings, keeps every cell.
    assert to_text(render_markdown("| Chỉ tiêu | Kết quả |\n| --- | --- |\n")) == "Chỉ tiêu, Kết quả"
    assert to_text(render_markdown("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>\n")) \
        == "a, b\nc, d"


@pytest.mark.skipif(not HAS_AUDIO_TOOLS, reason="espeak-ng and sox are not installed")
def test_audio_is_longer_by_about_the_reading_time_of_the_qa(builds: dict[str, Path], tmp_path: Path) -> None:
    from generator.loudspeaker.settings import loudspeaker_settings
    from generator.load import load_site
    from generator.loudspeaker.script import reading_seconds, speaker, split_sentences

    def seconds(output: Path) -> float:
        return sum(float(subprocess.run(["soxi", "-D", str(p)], capture_output=True, text=True, check=True).stdout)
                   for p in artifacts(output)["loudspeaker-audio"])

    site, _ = load_site(make_site(tmp_path))
    settings = loudspeaker_settings(site.config)
    say = speaker("vi", settings)
    qa_sentences = split_sentences(say("Phần thứ tư: HỎI - ĐÁP."))
    for question, answer in QA:
        qa_sentences += split_sentences(say(question)) + split_sentences(say(answer))
    expected = reading_seconds(qa_sentences, settings)
    longer = seconds(builds["qa-only"]) - seconds(builds["none"])
    assert abs(longer - expected) < 0.25 * expected, (longer, expected)


@pytest.mark.skipif(not HAS_AUDIO_TOOLS, reason="espeak-ng and sox are not installed")
def test_questions_are_asked_in_a_second_voice(tmp_path: Path) -> None:
    from generator.builders.loudspeaker.audio import AudioPrograms, synthesise
    programs = AudioPrograms()
    voice = programs.second_voice("vi")
    if voice is None:
        pytest.skip("espeak-ng has no second variant here")
    question = "Gia súc bị bệnh thì báo cho ai?"
    from generator.loudspeaker.loudness import LoudnessTarget
    ext, plain = next(iter(synthesise(question, "vi", 3.0, LoudnessTarget(), programs.encoding).items()))
    marked = synthesise(question, "vi", 3.0, LoudnessTarget(), programs.encoding,
                        ssml=f'<speak><voice name="{voice}">{question}</voice></speak>')[ext]

    def pitch(audio: bytes, name: str) -> float:
        path = tmp_path / f"{name}.{ext}"
        path.write_bytes(audio)
        stat = subprocess.run(["sox", str(path), "-n", "stat"], capture_output=True, text=True).stderr
        return float(re.search(r"Rough\s+frequency:\s+(\d+)", stat).group(1))

    assert pitch(marked, "marked") > 1.15 * pitch(plain, "plain")


# ------------------------------------------------------------------ settings


def test_session_length_must_be_45_or_60(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"nq-12": {"resolution.yaml": RESOLUTION_YAML.replace("60", "50"),
                                             "vi.md": summary_md()}})
    with pytest.raises(ContentError) as raised:
        build(content, tmp_path / "output", BuildOptions(no_audio=True))
    problem = next(p for p in raised.value.problems if p.code == "lecture-bad-minutes")
    assert problem.path.name == "resolution.yaml" and problem.line == 8
    assert "45 hoặc 60" in problem.message("vi")
    assert not (tmp_path / "output").exists()


def test_check_warns_about_text_before_the_first_question_and_a_question_without_answer(tmp_path: Path) -> None:
    from generator.load import load_site
    text = summary_md(qa=False) + "\n## Hỏi – đáp\n\nLời dẫn trước câu hỏi.\n\n### Có câu trả lời?\nCó.\n\n### Không có?\n"
    content = make_site(tmp_path, {"nq-12": {"resolution.yaml": RESOLUTION_YAML, "vi.md": text}})
    _, problems = load_site(content)
    found = {p.code: p for p in problems if p.code.startswith("qa-")}
    assert set(found) == {"qa-no-question", "qa-no-answer"}
    heading = text.split("\n").index("## Hỏi – đáp") + 1
    assert found["qa-no-answer"].line == heading and "Không có?" in found["qa-no-answer"].message("vi")
    # Nothing is dropped: the text before the first question is still on the page.
    build(content, tmp_path / "output", BuildOptions(no_audio=True))
    assert "Lời dẫn trước câu hỏi." in Page(tmp_path / "output" / "nq-12" / "index.html").text


def test_questions_are_escaped_in_the_speech_markup() -> None:
    from generator.machinery.templating import make_environment
    from generator.theme import template_dirs
    env = make_environment(template_dirs(EXAMPLE_CONTENT, "loudspeaker"), autoescape=True)
    markup = env.get_template("speech.ssml").render(
        sentences=("Kính thưa bà con.", "Giá <5 & \"rẻ\"?", "Đáp."), second={"Giá <5 & \"rẻ\"?"},
        second_voice="vi+f2")
    import xml.etree.ElementTree as ElementTree
    root = ElementTree.fromstring(markup)
    assert [(v.get("name"), v.text) for v in root.iter("voice")] == [("vi+f2", "Giá <5 & \"rẻ\"?")]
    assert "".join(root.itertext()).split() == "Kính thưa bà con. Giá <5 & \"rẻ\"? Đáp.".split()


def test_questions_and_in_depth_open_in_a_browser_without_javascript(browser, example_http: str) -> None:
    from conftest import watched_page
    page, problems = watched_page(browser, 360, javascript=False, origin=example_http.rstrip("/"))
    page.goto(example_http + "nq-57-khoa-hoc-cong-nghe/index.html")
    answer = page.get_by_text("VNeID là ứng dụng định danh điện tử")
    assert not answer.is_visible()
    page.get_by_text("VNeID là gì, cài ở đâu?").click()
    assert answer.is_visible()
    deep = page.get_by_text("số hóa vùng trồng", exact=False)
    assert not deep.is_visible()
    page.locator("details.in-depth > summary").click()
    assert deep.is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    kit = page.locator(".lecture-kit a")
    assert kit.count() == 3
    assert problems == []
    page.context.close()


def test_the_same_content_gives_the_same_pptx(builds: dict[str, Path], tmp_path: Path) -> None:
    """python-pptx dates the file and its ZIP entries with the clock; the kit must not."""
    import time
    time.sleep(2.1)          # ZIP times have a two-second step
    again = tmp_path / "output"
    build(make_content(tmp_path), again, BuildOptions(no_audio=True))
    first, second = artifacts(builds["all"])["slides-pptx"][0], artifacts(again)["slides-pptx"][0]
    assert first.read_bytes() == second.read_bytes()
    assert Presentation(str(second)).core_properties.modified.date().isoformat() == "2025-03-10"


def test_decks_are_freed_while_the_build_pauses_the_collector() -> None:
    """A build runs with the cyclic collector paused (pipeline._collector_paused); python-pptx's
    decks are cyclic, so each one stayed in memory until the build ended (≈ 2 MiB a deck: 890 MiB
    at 300 resolutions). Objects still alive after twenty decks must not grow with the decks."""
    import datetime as dt
    import gc
    from generator.builders.lecture.kit import Bullet, Slide
    from generator.builders.lecture.pptx_slides import pptx_bytes

    deck = [Slide("title", "Tiêu đề", subtitle=("Huyện", "2025"))] + [
        Slide("points", f"Phần {i}", bullets=tuple(Bullet(j, "nội dung " * 20) for j in range(5)), notes="ghi chú")
        for i in range(8)]
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        pptx_bytes(deck, "t", "a", "vi", dt.date(2025, 1, 1))     # imports and first-use caches
        before = len(gc.get_objects())
        for _ in range(20):
            pptx_bytes(deck, "t", "a", "vi", dt.date(2025, 1, 1))
        grown = len(gc.get_objects()) - before
    finally:
        if was_enabled:
            gc.enable()
    assert grown < 2_000, f"{grown} objects left behind by 20 decks"
