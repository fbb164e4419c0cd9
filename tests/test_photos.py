"""Photos in summaries: cleaned of metadata, upright, in web sizes and a grayscale print variant."""
from __future__ import annotations

import io
import os
import posixpath
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw

from generator import photos
from generator.builders.base import BuildOptions
from generator.builders.leaflet import fit_problems
from generator.load import load_site
from generator.pipeline import build

from conftest import EXAMPLE_CONTENT, RESOLUTION_YAML, Page, make_site, manifest, tree_bytes

SLUG = "nq-57"
PHOTO = "Ảnh hội nghị.jpg"                     # a name as an editor's camera folder gives it
PHOTO_REF = "%E1%BA%A2nh%20h%E1%BB%99i%20ngh%E1%BB%8B.jpg"
CHART = "bieu-do.png"
STORED = (600, 1800)          # pixels as stored; EXIF orientation 6 shows them as 1800 × 600
SHOWN = (1800, 600)
CAMERA = ("Canon", "EOS 5D Mark IV")
CAPTION = "Hội nghị quán triệt Nghị quyết tại xã Bản Bo"
ALT = "Quang cảnh hội nghị"

SUMMARY = f"""\
---
title: Nghị quyết số 57-NQ/TW về khoa học
summary: Tóm tắt ngắn của văn bản.
---

Đoạn mở đầu.

![{ALT}]({PHOTO_REF} "{CAPTION}")

## Nội dung cốt lõi
- Ý thứ nhất về **khoa học**
- Ý thứ hai, có biểu đồ: ![Biểu đồ chỉ tiêu]({CHART})

## Điểm mới
- Điểm mới thứ nhất; [tải ảnh hội nghị]({PHOTO_REF})

## Liên hệ vận dụng tại địa phương
- Xã Bản Bo triển khai
"""

SUMMARY_HMN = f"""\
---
title: Nghị quyết 57-NQ/TW (Hmoob)
summary: Lus luv.
---

![Duab]({PHOTO_REF})

## Cov ntsiab lus tseem ceeb
- Ntsiab lus ib

## Cov ntsiab lus tshiab
- Ntsiab lus tshiab

## Kev siv hauv zos
- Hauv zos
"""


def camera_jpeg() -> bytes:
    """A photo as a phone takes it: location, camera, and sideways pixels with an orientation tag."""
    width, height = STORED
    image = Image.merge("RGB", (Image.linear_gradient("L").resize(STORED),
                                Image.effect_noise(STORED, 40).convert("L"),
                                Image.radial_gradient("L").resize(STORED)))
    ImageDraw.Draw(image).rectangle((0, 0, width // 4, height // 12), fill=(255, 0, 0))   # stored top left
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = CAMERA          # Make, Model
    exif[0x0112] = 6                             # Orientation: rotate 90° clockwise to show
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (22.0, 24.0, 1.5), 3: "E", 4: (103.0, 30.0, 2.5)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def chart_png() -> bytes:
    """A small diagram with transparency: few colours, smaller than every web width."""
    image = Image.new("RGBA", (300, 180), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 20, 200, 60), fill=(40, 40, 40, 255))
    draw.rectangle((10, 100, 280, 140), fill=(200, 30, 30, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def write_site(root: Path) -> Path:
    content = make_site(root, {SLUG: {"resolution.yaml": RESOLUTION_YAML.format(code="57-NQ/TW", issued="2024-12-22"),
                                      "vi.md": SUMMARY, "hmn.md": SUMMARY_HMN}})
    folder = content / "resolutions" / SLUG
    (folder / PHOTO).write_bytes(camera_jpeg())
    (folder / CHART).write_bytes(chart_png())
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("photos")
    content = write_site(root)
    output, cache = root / "out", root / ".cache"
    result = build(content, output, BuildOptions(no_audio=True, cache_dir=cache))
    assert not [p for p in result.problems if p.code == "leaflet-overflow"]
    return {"root": root, "content": content, "output": output, "cache": cache}


def images_of(output: Path, kinds: tuple[str, ...] = ("image", "print-image")) -> dict[str, Path]:
    return {a["path"]: output / a["path"] for a in manifest(output)["artifacts"]
            if a["kind"] in kinds and a["slug"] == SLUG}


def photo_variants(output: Path) -> dict[str, Path]:
    return {p: f for p, f in images_of(output).items() if posixpath.basename(p).startswith("anh-hoi-nghi-")}


def test_the_source_photo_carries_what_must_be_stripped() -> None:
    with Image.open(io.BytesIO(camera_jpeg())) as source:
        exif = source.getexif()
        assert (exif[0x010F], exif[0x0110]) == CAMERA and exif[0x0112] == 6
        assert exif.get_ifd(0x8825)[1] == "N" and source.size == STORED


def test_no_output_image_keeps_location_or_camera(built: dict[str, Path]) -> None:
    found = images_of(built["output"])
    assert len(found) >= 8
    for path, file in found.items():
        with Image.open(file) as image:
            assert not image.getexif(), path
            assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp", "comment"} & set(image.info), path
        data = file.read_bytes()
        assert b"Exif" not in data and CAMERA[1].encode() not in data and b"Canon" not in data, path
    # The original, with its GPS tag, is never published.
    assert not (built["output"] / SLUG / PHOTO).exists() and not (built["output"] / SLUG / CHART).exists()


def test_photo_is_upright_in_every_width_never_upscaled(built: dict[str, Path]) -> None:
    variants = photo_variants(built["output"])
    webp = sorted(int(p.rsplit("-", 1)[1].split(".")[0]) for p in variants if p.endswith(".webp"))
    jpeg = sorted(int(p.rsplit("-", 1)[1].split(".")[0]) for p in variants if p.endswith(".jpg") and "-in-" not in p)
    assert webp == jpeg == [480, 960, 1440]                 # the shown width 1800 is above the largest
    for path, file in variants.items():
        with Image.open(file) as image:
            width = int(path.rsplit("-", 1)[1].split(".")[0])
            assert image.width == width <= SHOWN[0], path
            assert image.width > image.height, f"{path}: orientation not applied"
            assert abs(image.height - round(width * SHOWN[1] / SHOWN[0])) <= 1, path
            assert image.format == {"webp": "WEBP", "jpg": "JPEG"}[path.rsplit(".", 1)[1]]
    # The red mark stored at the top left is at the top right once turned 90° clockwise.
    with Image.open(built["output"] / SLUG / "anh-hoi-nghi-480.jpg") as image:
        red = image.convert("RGB").getpixel((image.width - 5, 5))
        assert red[0] > 200 and red[1] < 80 and red[2] < 80, red


def test_chart_keeps_its_size_and_gets_png(built: dict[str, Path]) -> None:
    names = sorted(posixpath.basename(p) for p in images_of(built["output"], ("image",)) if "bieu-do" in p)
    assert names == ["bieu-do-300.png", "bieu-do-300.webp"]     # 300 px wide: no 480, 960 or 1440
    with Image.open(built["output"] / SLUG / "bieu-do-300.png") as image:
        assert image.size == (300, 180)
        assert image.convert("RGBA").getpixel((0, 0))[3] == 0      # transparency kept


def test_page_shows_a_picture_with_webp_and_fallback(built: dict[str, Path]) -> None:
    page_path = built["output"] / SLUG / "index.html"
    page = Page(page_path)
    sources = page.find_all("source", type="image/webp")
    imgs = [a for a in page.find_all("img") if a.get("alt") == ALT]
    assert len(imgs) == 1 and len(sources) == 2                   # the photo and the chart
    img = imgs[0]
    assert img["width"] == str(1440) and img["height"] == str(480)
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert "title" not in img                                   # the caption is the figure's (test_site_print_fixes)
    assert img["sizes"] and img["src"].endswith(".jpg")
    widths = []
    for srcset in (sources[0]["srcset"], img["srcset"]):
        candidates = srcset.split(",")
        assert len(candidates) == len(set(candidates)) == 3, srcset
        for candidate in candidates:
            url, descriptor = candidate.split()
            file = page_path.parent / url
            assert file.is_file(), url
            with Image.open(file) as image:
                assert descriptor == f"{image.width}w"
            widths.append(int(descriptor[:-1]))
    assert sorted(set(widths)) == [480, 960, 1440]
    assert sources[0]["srcset"].split(",")[0].split()[0].endswith(".webp")
    assert (page_path.parent / img["src"]).is_file()
    # The link to the photo leads to its cleaned largest copy.
    links = [href for tag, attr, href in page.links if tag == "a" and "anh-hoi-nghi" in href]
    assert links == ["anh-hoi-nghi-1440.jpg"]


def test_translated_page_links_the_shared_variants(built: dict[str, Path]) -> None:
    page_path = built["output"] / "hmn" / SLUG / "index.html"
    page = Page(page_path)
    (source,) = page.find_all("source", type="image/webp")
    (img,) = page.find_all("img", alt="Duab")
    urls = [c.split()[0] for c in source["srcset"].split(",") + img["srcset"].split(",")] + [img["src"]]
    assert all(u.startswith("../../") and (page_path.parent / u).is_file() for u in urls), urls


def test_page_html_stays_light(built: dict[str, Path]) -> None:
    html = (built["output"] / SLUG / "index.html").read_text(encoding="utf-8")
    start = html.index("<picture>")
    assert len(html[start:html.index("</picture>", start)]) < 900


def test_print_variant_is_grayscale_at_300_dpi(built: dict[str, Path]) -> None:
    (path,) = [p for p in photo_variants(built["output"]) if "-in-" in p]
    column = round(86.5 / 25.4 * 300)       # the A4 leaflet column, (210 − 2 × 15 − 7) / 2 mm, at 300 dpi
    assert path.endswith(f"-in-{column}.jpg")
    with Image.open(built["output"] / path) as image:
        assert image.mode == "L" and image.format == "JPEG"
        assert image.width == column and abs(image.height - round(column * SHOWN[1] / SHOWN[0])) <= 1
        assert round(image.info["dpi"][0]) == 300


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="poppler-utils not installed")
def test_leaflets_print_the_photo_not_its_alt_text(built: dict[str, Path]) -> None:
    kinds = ("leaflet-a4", "leaflet-a5", "leaflet-trifold")
    leaflets = [a["path"] for a in manifest(built["output"])["artifacts"]
                if a["kind"] in kinds and a["slug"] == SLUG and a["lang"] == "vi"]
    assert len(leaflets) == 3
    for rel in leaflets:
        pdf = built["output"] / rel
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
        rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
        gray = [r for r in rows if r[2] == "image" and r[6] == "1"]      # one colour component
        assert len(gray) >= 1, (rel, listing)
        assert any(int(r[3]) == round(86.5 / 25.4 * 300) for r in gray), listing
        assert all(int(r[12]) >= 290 for r in gray if int(r[3]) > 600), listing   # x-ppi of the photo
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
        assert f"[{ALT}]" not in text and "[Biểu đồ chỉ tiêu]" not in text, rel
        assert "Hội nghị quán triệt Nghị quyết" in text, rel       # the caption under it


def test_loudspeaker_script_does_not_read_alt_text(built: dict[str, Path]) -> None:
    (script,) = [a["path"] for a in manifest(built["output"])["artifacts"]
                 if a["kind"] == "loudspeaker-text" and a["slug"] == SLUG and a["lang"] == "vi"]
    text = (built["output"] / script).read_text(encoding="utf-8")
    assert "Đoạn mở đầu" in text
    assert ALT not in text and CAPTION not in text and "Biểu đồ" not in text


def test_rebuild_reuses_cache_and_gives_identical_bytes(built: dict[str, Path],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    encodes: list[str] = []
    original = photos._encode

    def counting(image: Image.Image, fmt: str, *args: object, **kwargs: object) -> bytes:
        encodes.append(fmt)
        return original(image, fmt, *args, **kwargs)
    monkeypatch.setattr(photos, "_encode", counting)
    again = built["root"] / "again"
    build(built["content"], again, BuildOptions(no_audio=True, cache_dir=built["cache"]))
    assert encodes == []                                       # every variant came from the cache
    first, second = tree_bytes(built["output"]), tree_bytes(again)
    ours = [p for p in first if p.startswith(f"{SLUG}/")]
    assert {p: second.get(p) for p in ours} == {p: first[p] for p in ours}
    # Without a cache everything is encoded again, to the same bytes.
    fresh = built["root"] / "fresh"
    build(built["content"], fresh, BuildOptions(no_audio=True))
    assert len(encodes) >= 9
    third = tree_bytes(fresh)
    assert {p: third[p] for p in images_of(built["output"])} == {p: first[p] for p in images_of(built["output"])}
    leaflets = [a["path"] for a in manifest(fresh)["artifacts"]
                if a["kind"].startswith("leaflet") and a["slug"] == SLUG]
    assert leaflets and all(third[rel] == first[rel] for rel in leaflets)


def test_icc_profile_converted_and_dropped() -> None:
    """A wide-gamut or otherwise profiled image ends in sRGB with no profile attached."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = Image.new("RGB", (500, 300), (30, 120, 200))
    out = io.BytesIO()
    image.save(out, "JPEG", icc_profile=profile, quality=90)
    description, files = photos.process(out.getvalue())
    assert [v["width"] for v in description["variants"] if v["role"] == "web"] == [480, 500]
    for name, data in files.items():
        with Image.open(io.BytesIO(data)) as result:
            assert "icc_profile" not in result.info and not result.getexif(), name


def test_web_widths_never_upscale() -> None:
    assert photos.web_widths(2000, (480, 960, 1440)) == [480, 960, 1440]
    assert photos.web_widths(1000, (480, 960, 1440)) == [480, 960, 1000]
    assert photos.web_widths(300, (480, 960, 1440)) == [300]


def test_example_leaflets_still_fit(tmp_path: Path) -> None:
    site, problems = load_site(EXAMPLE_CONTENT)
    assert site is not None
    assert any(a.name.endswith(".png") for r in site.resolutions for a in r.assets)   # the example has a chart
    overflow = [p for p in fit_problems(site, cache_dir=tmp_path / "cache") if p.code == "leaflet-overflow"]
    assert overflow == []


def test_unreadable_image_is_left_out_with_a_warning(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    broken = content / "resolutions" / SLUG / PHOTO
    broken.write_bytes(camera_jpeg()[:2000])        # a download cut short: EXIF (with GPS) but no picture
    output = tmp_path / "out"
    result = build(content, output, BuildOptions(no_audio=True, only=frozenset({"site"})))
    warned = [p for p in result.problems if p.code.startswith("image-")]
    summary = content / "resolutions" / SLUG / "vi.md"
    assert [(p.code, p.path, p.line) for p in warned] == [("image-truncated", summary, 8)]   # the ![…] line
    assert "Ảnh hội nghị" in warned[0].message("vi")
    published = {p.name for p in (output / SLUG).iterdir()}
    assert PHOTO not in published and not any(n.startswith("anh-hoi-nghi") for n in published)
    assert "bieu-do-300.png" in published                      # the readable chart still made it
    assert not any(b"GPS" in p.read_bytes() or b"Canon" in p.read_bytes() for p in output.rglob("*") if p.is_file())


def test_picture_markup_keeps_editor_width_and_leaves_other_images(tmp_path: Path) -> None:
    from generator.builders.images import ResolutionPhoto, with_pictures
    from generator.content.htmltree import to_html
    from generator.content.markdown_render import render_markdown
    source = tmp_path / "anh.jpg"
    source.write_bytes(camera_jpeg())
    item = ResolutionPhoto("anh.jpg", "anh", photos.PhotoLibrary(None).photo(source))
    nodes = render_markdown("![a](anh.jpg){width=360} ![b](https://example.org/x.jpg) ![c](khac.svg)")
    html = to_html(with_pictures(nodes, {"anh.jpg": item}), lambda tag, url: url)
    assert html.count("<picture>") == 1 and 'width="360" height="120"' in html
    # An image from another site is shown as a link to it (markdown_render: external images).
    assert 'href="https://example.org/x.jpg"' in html and 'src="https://example.org' not in html
    assert 'src="khac.svg"' in html


def test_a_figure_after_a_list_prints_under_the_last_point_not_as_a_numbered_one(tmp_path: Path) -> None:
    summary = SUMMARY.replace("- Xã Bản Bo triển khai\n",
                              "- Xã Bản Bo triển khai\n- Xã Nà Tăm nhân rộng\n\n"
                              "![Biểu đồ chỉ tiêu](bieu-do.png \"Biểu đồ kết quả của hai xã\")\n")
    content = make_site(tmp_path, {SLUG: {"resolution.yaml": RESOLUTION_YAML.format(code="57-NQ/TW", issued="2024-12-22"),
                                          "vi.md": summary}})
    (content / "resolutions" / SLUG / PHOTO).write_bytes(camera_jpeg())
    (content / "resolutions" / SLUG / CHART).write_bytes(chart_png())
    site, _ = load_site(content)
    res = next(r for r in site.resolutions if r.slug == SLUG)
    points = res.summaries["vi"].section("local_application").points
    assert [p.text for p in points] == ["Xã Bản Bo triển khai", "Xã Nà Tăm nhân rộng"]
    assert points[-1].nodes[-1].tag == "p" and points[-1].nodes[-1].children[0].tag == "img"
    output = tmp_path / "out"
    build(content, output, BuildOptions(no_audio=True, only=frozenset({"leaflets"})))
    text = subprocess.run(["pdftotext", "-layout", str(output / SLUG / f"{SLUG}-vi-to-roi-a4.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Biểu đồ kết quả của hai xã" in text                     # the caption is printed…
    assert "2. Xã Nà Tăm nhân rộng" in text
    assert "3." not in text.split("Liên hệ vận dụng")[-1]           # …and no third point for it


def test_a_linked_figure_after_a_list_also_belongs_to_the_last_point() -> None:
    from generator.content.markdown_render import render_markdown
    from generator.content.sections import _points
    nodes = render_markdown("- Ý một\n- Ý hai\n\n[![Biểu đồ](bieu-do.png)](bieu-do.png)\n\nĐoạn riêng.\n")
    points = _points(nodes, [1, 2])
    assert [p.text for p in points] == ["Ý một", "Ý hai", "Đoạn riêng."]     # a paragraph stays a point
    assert points[1].nodes[-1].tag == "p" and points[1].nodes[-1].children[0].tag == "a"


def animated_gif() -> bytes:
    frames = [Image.new("P", (240, 120), colour) for colour in (1, 2)]
    for frame, colour in zip(frames, ((200, 30, 30), (30, 30, 200))):
        frame.putpalette([255, 255, 255, *colour] + [0] * 762)
        ImageDraw.Draw(frame).rectangle((20, 20, 200, 90), fill=1)
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=500, loop=0)
    return out.getvalue()


def test_a_gif_prints_in_grayscale_and_stays_animated_on_the_page(tmp_path: Path) -> None:
    summary = SUMMARY.replace("- Xã Bản Bo triển khai\n",
                              "- Xã Bản Bo triển khai\n\n![Biểu đồ động](bieu-do-dong.gif \"Kết quả qua hai năm\")\n")
    content = make_site(tmp_path, {SLUG: {"resolution.yaml": RESOLUTION_YAML.format(code="57-NQ/TW", issued="2024-12-22"),
                                          "vi.md": summary}})
    folder = content / "resolutions" / SLUG
    (folder / PHOTO).write_bytes(camera_jpeg())
    (folder / CHART).write_bytes(chart_png())
    gif = animated_gif()
    (folder / "bieu-do-dong.gif").write_bytes(gif)
    output = tmp_path / "out"
    build(content, output, BuildOptions(no_audio=True, only=frozenset({"site", "leaflets"})))
    assert (output / SLUG / "bieu-do-dong.gif").read_bytes() == gif          # the page shows it as it is
    assert Image.open(output / SLUG / "bieu-do-dong.gif").n_frames == 2
    assert 'src="bieu-do-dong.gif"' in (output / SLUG / "index.html").read_text(encoding="utf-8")
    pdf = output / SLUG / f"{SLUG}-vi-to-roi-a4.pdf"
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    gray = [r.split() for r in listing.splitlines()[2:] if r.split() and r.split()[6] == "1"]
    assert any(int(r[3]) == 240 for r in gray), listing                     # its first frame, in gray
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "[Biểu đồ động]" not in text and "Kết quả qua hai năm" in text


def test_a_photo_replaced_under_the_same_time_makes_the_leaflets_again(tmp_path: Path) -> None:
    """Reuse asks the photo's bytes (the photo index keys them), not its modification time: a
    picture copied over another with its date kept still changes the leaflets."""
    content = write_site(tmp_path)
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache", only=frozenset({"leaflets"}))
    output = tmp_path / "out"
    build(content, output, options)
    leaflet = output / SLUG / f"{SLUG}-vi-to-roi-a4.pdf"
    before = leaflet.read_bytes()
    chart = content / "resolutions" / SLUG / CHART
    when = chart.stat().st_mtime_ns
    image = Image.new("RGB", (300, 180), (0, 0, 0))
    ImageDraw.Draw(image).ellipse((20, 20, 280, 160), fill=(255, 255, 255))
    data = io.BytesIO()
    image.save(data, "PNG")
    chart.write_bytes(data.getvalue())
    os.utime(chart, ns=(when, when))
    build(content, output, options)
    assert leaflet.read_bytes() != before


def site_and_images(tmp_path: Path) -> tuple[Path, Path, BuildOptions]:
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache", only=frozenset({"site"}))
    return write_site(tmp_path), tmp_path / "out", options


def same_as_a_clean_build(content: Path, output: Path, tmp_path: Path, options: BuildOptions) -> bool:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(content, clean, BuildOptions(no_audio=True, only=options.only))
    return tree_bytes(output) == tree_bytes(clean)


def test_an_edit_that_touches_no_photo_reads_and_copies_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The images builder's items are reused like the others: the variants stay in output/ as
    the last build published them (the very files), and no photo is read or looked up."""
    content, output, options = site_and_images(tmp_path)
    build(content, output, options)
    published = {path: file.stat().st_ino for path, file in images_of(output).items()}
    assert len(published) > 5
    summary = content / "resolutions" / SLUG / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Đoạn mở đầu.", "Đoạn mở đầu đã sửa."),
                       encoding="utf-8")

    def must_not_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("a photo was read again")
    with monkeypatch.context() as patched:
        patched.setattr(photos.PhotoLibrary, "photo", must_not_read)
        build(content, output, options)
    assert {path: file.stat().st_ino for path, file in images_of(output).items()} == published
    page = Page(output / SLUG / "index.html")
    assert "Đoạn mở đầu đã sửa." in page.text and page.find_all("picture")     # the page still shows them
    assert same_as_a_clean_build(content, output, tmp_path, options)


def test_a_photo_replaced_under_the_same_name_is_published_anew(tmp_path: Path) -> None:
    content, output, options = site_and_images(tmp_path)
    build(content, output, options)
    before = {path: file.read_bytes() for path, file in images_of(output).items()}
    chart = content / "resolutions" / SLUG / CHART
    image = Image.new("RGB", (300, 180), (0, 0, 0))
    ImageDraw.Draw(image).ellipse((20, 20, 280, 160), fill=(255, 255, 255))
    data = io.BytesIO()
    image.save(data, "PNG")
    when = chart.stat().st_mtime_ns
    chart.write_bytes(data.getvalue())
    os.utime(chart, ns=(when, when))                            # its time kept, as a copy over it keeps it
    build(content, output, options)
    after = {path: file.read_bytes() for path, file in images_of(output).items()}
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed and all(posixpath.basename(path).startswith("bieu-do-") for path in changed)
    assert same_as_a_clean_build(content, output, tmp_path, options)


def test_a_photo_removed_disappears_from_the_output(tmp_path: Path) -> None:
    content, output, options = site_and_images(tmp_path)
    build(content, output, options)
    assert any(posixpath.basename(path).startswith("bieu-do-") for path in images_of(output))
    folder = content / "resolutions" / SLUG
    summary = folder / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace(f", có biểu đồ: ![Biểu đồ chỉ tiêu]({CHART})", ""),
                       encoding="utf-8")
    (folder / CHART).unlink()
    build(content, output, options)
    assert not any(posixpath.basename(path).startswith("bieu-do-") for path in images_of(output))
    assert not list((output / SLUG).glob("bieu-do-*"))
    assert photo_variants(output)                               # the other photo stays
    assert same_as_a_clean_build(content, output, tmp_path, options)


def test_reused_photos_whose_cache_was_removed_are_made_again(tmp_path: Path) -> None:
    """The leaflets print from the photo cache: a reused item whose processed files were removed
    (by hand, or a tidy-up) has them made again, and the leaflet still prints the photo."""
    content, output, _ = site_and_images(tmp_path)
    options = BuildOptions(no_audio=True, cache_dir=tmp_path / ".cache", only=frozenset({"site", "leaflets"}))
    build(content, output, options)
    shutil.rmtree(tmp_path / ".cache" / "photos")
    summary = content / "resolutions" / SLUG / "vi.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Ý thứ nhất", "Ý thứ nhất, sửa"), encoding="utf-8")
    build(content, output, options)
    assert list((tmp_path / ".cache" / "photos").iterdir())
    assert same_as_a_clean_build(content, output, tmp_path, options)


def test_an_unreadable_image_is_warned_about_in_every_build_at_its_line(tmp_path: Path) -> None:
    content, output, options = site_and_images(tmp_path)
    (content / "resolutions" / SLUG / PHOTO).write_bytes(camera_jpeg()[:2000])
    summary = content / "resolutions" / SLUG / "vi.md"
    first = build(content, output, options)
    summary.write_text(summary.read_text(encoding="utf-8").replace("Đoạn mở đầu.", "Đoạn mở đầu.\n\nThêm một đoạn."),
                       encoding="utf-8")
    second = build(content, output, options)
    assert [(p.code, p.line) for p in first.problems if p.code.startswith("image-")] == [("image-truncated", 8)]
    assert [(p.code, p.line) for p in second.problems if p.code.startswith("image-")] == [("image-truncated", 10)]
