"""Photos and charts that summaries reference: web sizes, a print variant, no metadata.

Each raster image (JPEG, PNG, WebP) is turned upright (EXIF orientation),
converted to sRGB, stripped of everything but its pixels (EXIF with GPS and
camera, XMP, ICC profiles, comments), and encoded as:

- a few widths as WebP, plus the same widths as a fallback for old browsers:
  JPEG for photos, PNG for charts and diagrams (transparency or few colours);
- a grayscale print variant sized for 300 dpi at the widest leaflet column.

Encoding is expensive, so results are cached by the hash of the source bytes
and the settings; the same input always gives the same bytes. SVG and GIF are
not touched (the site copies them as they are).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import shutil
import tempfile
import weakref
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .machinery.cache_seal import digest, read_json, write_json
from .textfold import slugify

if TYPE_CHECKING:
    from PIL import Image

RASTER_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp"})
# Shown on pages as they are (an animated GIF keeps moving), but printed from a grayscale variant
# of their first frame, made like a photo's.
PRINT_ONLY_EXTENSIONS = frozenset({"gif"})
IMAGE_EXTENSIONS = RASTER_EXTENSIONS | PRINT_ONLY_EXTENSIONS | {"svg"}      # shown on pages

# Pillow is imported where a photo is processed, not with this module: the loader and the site
# read the names above, and a site without photos never needs Pillow (≈ 15 ms of every start).


def _unreadable() -> tuple[type[BaseException], ...]:
    """What Pillow raises for a damaged, truncated, mislabelled or absurdly large image."""
    from PIL import Image
    return (OSError, SyntaxError, ValueError, Image.DecompressionBombError)


class UnreadableImage(Exception):
    """A source image that cannot be processed, with a plain reason an editor can act on:
    empty | not-image | truncated | too-large | damaged | cannot-open."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def unreadable_reason(exc: BaseException) -> str:
    """What went wrong, in words for the editor rather than Pillow's (which name Python objects)."""
    from PIL import Image, UnidentifiedImageError
    if isinstance(exc, Image.DecompressionBombError):
        return "too-large"
    if isinstance(exc, UnidentifiedImageError):
        return "not-image"
    if isinstance(exc, OSError) and "truncated" in str(exc):
        return "truncated"
    return "damaged"
FORMAT_VERSION = 1          # bump when the processing changes the bytes it makes
MM_PER_INCH = 25.4

EXTENSION = {"webp": "webp", "jpeg": "jpg", "png": "png"}


@dataclass(frozen=True)
class PhotoSettings:
    widths: tuple[int, ...] = (480, 960, 1440)   # web widths in px; never above the image's own
    webp_quality: int = 78
    jpeg_quality: int = 82
    # The print variant: 300 dpi in a box as wide as the A4 leaflet's column,
    # (210 − 2 × 15 − 7) / 2 = 86.5 mm, the widest column a photo prints in, and at
    # most 45 mm high (the templates print photos no taller than 15 % of the page).
    print_dpi: int = 300
    print_width_mm: float = 86.5
    print_height_mm: float = 45.0
    print_quality: int = 88
    graphic_colours: int = 1024    # a PNG/WebP with at most this many colours is a chart, not a photo

    @property
    def print_box(self) -> tuple[int, int]:
        """The print variant's largest size in pixels."""
        return (round(self.print_width_mm / MM_PER_INCH * self.print_dpi),
                round(self.print_height_mm / MM_PER_INCH * self.print_dpi))


DEFAULT_SETTINGS = PhotoSettings()


@dataclass(frozen=True)
class Variant:
    role: str        # "web" (WebP), "fallback" (JPEG/PNG), "print" (grayscale)
    format: str      # webp | jpeg | png
    width: int
    height: int
    file: str        # file name inside the photo's cache folder
    dpi: int | None = None   # the print variant's resolution at its natural size

    def output_name(self, stem: str) -> str:
        """so-do-muc-tieu-480.webp, so-do-muc-tieu-in-1022.png: the width in the name."""
        middle = "-in" if self.role == "print" else ""
        return f"{stem}{middle}-{self.width}.{EXTENSION[self.format]}"


@dataclass(frozen=True)
class Photo:
    key: str                      # hash of the source bytes and settings
    width: int                    # upright, before resizing
    height: int
    graphic: bool                 # chart or diagram (PNG fallback) rather than a photo (JPEG)
    variants: tuple[Variant, ...]
    folder: Path = field(compare=False)   # where the variant files are

    def of_role(self, role: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.role == role)

    @property
    def print_variant(self) -> Variant:
        return self.of_role("print")[0]

    @property
    def largest(self) -> Variant:
        return max(self.of_role("fallback"), key=lambda v: v.width)

    def path(self, variant: Variant) -> Path:
        return self.folder / variant.file


def is_image(name: str) -> bool:
    return name.lower().rsplit(".", 1)[-1] in IMAGE_EXTENSIONS


def is_raster(name: str) -> bool:
    """Images this module processes (by extension) for pages and print; SVG and GIF stay as they are."""
    return name.lower().rsplit(".", 1)[-1] in RASTER_EXTENSIONS


def is_print_only(name: str) -> bool:
    """Images this module processes for print only (GIF)."""
    return name.lower().rsplit(".", 1)[-1] in PRINT_ONLY_EXTENSIONS


def output_stems(names: Iterable[str]) -> dict[str, str]:
    """Slug-safe stems of the output files ("Ảnh hội nghị.JPG" → "anh-hoi-nghi") kept in
    their subfolder; a clash ("a.png" and "a.jpg") keeps the extension in the name."""
    def base(name: str, with_extension: bool) -> str:
        folder, file = posixpath.split(name)
        stem, _, extension = file.rpartition(".")
        stem = slugify(f"{stem} {extension}" if with_extension else stem) or "anh"
        parts = [slugify(p) or "anh" for p in folder.split("/") if p]
        return posixpath.join(*parts, stem) if parts else stem
    plain = {name: base(name, False) for name in names}
    clashes = {stem for stem in plain.values() if list(plain.values()).count(stem) > 1}
    return {name: base(name, True) if stem in clashes else stem for name, stem in plain.items()}


def stem_clashes(names: Iterable[str]) -> list[tuple[str, str]]:
    """(name, the earlier name) for each image whose output files would still take another's
    name ("Ảnh.jpg" and "anh.jpg" both make anh-jpg-…): one picture would show as the other."""
    names = sorted(names)
    first: dict[str, str] = {}
    clashes = []
    for name, stem in output_stems(names).items():
        if stem in first:
            clashes.append((name, first[stem]))
        else:
            first[stem] = name
    return clashes


# ---------------------------------------------------------------- processing


def process(data: bytes, settings: PhotoSettings = DEFAULT_SETTINGS, web: bool = True) -> tuple[dict, dict[str, bytes]]:
    """Source bytes → (description, {file name: bytes}); the same input always gives the same bytes.
    `web` False: the print variant only."""
    from PIL import Image
    with Image.open(io.BytesIO(data)) as opened:
        source_format = opened.format
        opened.load()
        image = _clean(opened)
    graphic = source_format != "JPEG" and (image.mode == "RGBA" or _few_colours(image, settings.graphic_colours))
    fallback = "png" if graphic else "jpeg"
    files: dict[str, bytes] = {}
    variants: list[Variant] = []
    for width in web_widths(image.width, settings.widths) if web else ():
        resized = _resize(image, width)
        for role, fmt in (("web", "webp"), ("fallback", fallback)):
            name = f"{role}-{width}.{EXTENSION[fmt]}"
            pixels = _palette(resized) if fmt == "png" else resized
            files[name] = _encode(pixels, fmt, settings, lossless=graphic)
            variants.append(Variant(role, fmt, resized.width, resized.height, name))
    printed = _print_image(image, settings)
    name = f"print-{printed.width}.{EXTENSION[fallback]}"
    files[name] = _encode(printed, fallback, settings, dpi=settings.print_dpi)
    variants.append(Variant("print", fallback, printed.width, printed.height, name, settings.print_dpi))
    description = {"width": image.width, "height": image.height, "graphic": graphic,
                   "variants": [asdict(v) for v in variants]}
    return description, files


def web_widths(width: int, widths: Iterable[int]) -> list[int]:
    """The configured widths below the image's own, then its own (capped at the largest): never upscaled."""
    widths = sorted(set(widths))
    largest = min(width, widths[-1]) if widths else width
    return [w for w in widths if w < largest] + [largest]


def _clean(image: Image.Image) -> Image.Image:
    """Upright, sRGB, RGB/RGBA/L, and nothing but pixels (no EXIF, XMP, ICC or text chunks)."""
    from PIL import Image, ImageOps
    upright = ImageOps.exif_transpose(image) or image
    upright = _to_srgb(upright, image.info.get("icc_profile"))
    if _has_alpha(upright):
        upright = upright.convert("RGBA")
        if upright.getchannel("A").getextrema() == (255, 255):
            upright = upright.convert("RGB")          # an alpha channel that hides nothing
    elif upright.mode in ("1", "L", "I", "I;16", "F"):
        upright = upright.convert("L")
    else:
        upright = upright.convert("RGB")
    # A fresh image from the pixels alone: no `info` can reach an encoder.
    return Image.frombytes(upright.mode, upright.size, upright.tobytes())


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Colours from an embedded ICC profile (Adobe RGB, Display P3, CMYK …) into sRGB."""
    from PIL import ImageCms, features
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK") or not features.check("littlecms2"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image      # a broken profile: keep the numbers as they are, drop the profile


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _few_colours(image: Image.Image, limit: int) -> bool:
    return image.getcolors(maxcolors=limit) is not None


def _resize(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return _scaled(image, (width, height))


def _scaled(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    from PIL import Image
    # Premultiplied alpha, so that transparent pixels do not darken the edges.
    if image.mode == "RGBA":
        return image.convert("RGBa").resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0).convert("RGBA")
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _palette(image: Image.Image) -> Image.Image:
    """A chart in 256 colours: resizing adds thousands of edge shades a PNG pays dearly for."""
    from PIL import Image
    if image.mode == "L":
        return image
    method = Image.Quantize.FASTOCTREE if image.mode == "RGBA" else Image.Quantize.MEDIANCUT
    return image.quantize(256, method=method, dither=Image.Dither.NONE)


def _print_image(image: Image.Image, settings: PhotoSettings) -> Image.Image:
    """Grayscale on white paper, at most the print box at 300 dpi, never upscaled."""
    from PIL import Image
    if image.mode == "RGBA":
        paper = Image.new("RGB", image.size, "white")
        paper.paste(image, mask=image.getchannel("A"))
        image = paper
    gray = image.convert("L")
    box_w, box_h = settings.print_box
    scale = min(1.0, box_w / gray.width, box_h / gray.height)
    if scale >= 1.0:
        return gray
    return _scaled(gray, (max(1, round(gray.width * scale)), max(1, round(gray.height * scale))))


def _encode(image: Image.Image, fmt: str, settings: PhotoSettings, lossless: bool = False,
            dpi: int | None = None) -> bytes:
    """One variant's bytes; only pixel data and (print) the resolution are written."""
    out = io.BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    if fmt == "webp":
        # Charts stay sharp and small losslessly; photos are lossy.
        image.save(out, "WEBP", lossless=lossless, quality=settings.webp_quality, method=4, exact=False)
    elif fmt == "jpeg":
        quality = settings.print_quality if dpi else settings.jpeg_quality
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True, **extra)
    else:
        image.save(out, "PNG", optimize=True, **extra)
    return out.getvalue()


# ---------------------------------------------------------------- cache


class PhotoLibrary:
    """Processed photos, each in its own folder keyed by source bytes and settings.

    With a cache folder, a photo processed by an earlier build (or `check`) is
    read back instead of encoded again; without one, a temporary folder that
    lives as long as the library holds the files.
    """

    def __init__(self, cache_dir: Path | None, settings: PhotoSettings = DEFAULT_SETTINGS):
        self.settings = settings
        if cache_dir is not None:
            self.root = Path(cache_dir) / "photos"
        else:
            self.root = Path(tempfile.mkdtemp(prefix="tuyentruyen-photos-"))
            weakref.finalize(self, shutil.rmtree, str(self.root), True)

    @cached_property
    def settings_key(self) -> str:
        """The settings and Pillow's encoders: a photo is processed again when they change."""
        from PIL import Image, features
        return json.dumps([FORMAT_VERSION, asdict(self.settings), Image.__version__,
                           features.version("webp"), features.version("jpg")], sort_keys=True)

    def key(self, data: bytes, web: bool = True) -> str:
        kind = b"" if web else b"print\0"
        return hashlib.sha256(self.settings_key.encode() + b"\0" + kind + data).hexdigest()[:32]

    def photo(self, source: Path, web: bool = True) -> Photo:
        """The processed variants of `source`, from the cache when they are there (`web`
        False: the print variant only).

        Raises UnreadableImage when the file cannot be read as an image."""
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise UnreadableImage("cannot-open") from exc
        if not data:
            raise UnreadableImage("empty")
        key = self.key(data, web)
        folder = self.root / key
        cached = _read(folder, key)
        if cached is not None:
            return cached
        try:
            description, files = process(data, self.settings, web)
        except _unreadable() as exc:
            raise UnreadableImage(unreadable_reason(exc)) from exc
        _write(folder, description, files)
        return _photo(key, folder, description)

    def known(self, data: dict) -> Photo | None:
        """The photo `data` (photo_data) describes, while every file of it is still in the library
        (None: gone, or a variant removed from the folder: the photo must be processed again)."""
        folder = self.root / data["key"]
        photo = _photo(data["key"], folder, data) if folder.is_dir() else None
        return photo if photo is not None and all(photo.path(v).is_file() for v in photo.variants) else None


def photo_data(photo: Photo) -> dict:
    """A processed photo as plain data (JSON), for a build to keep and hand on (PhotoLibrary.known)."""
    return {"key": photo.key, "width": photo.width, "height": photo.height, "graphic": photo.graphic,
            "variants": [asdict(variant) for variant in photo.variants]}


_DESCRIPTION = "photo.json"


def _photo(key: str, folder: Path, description: dict) -> Photo:
    return Photo(key, description["width"], description["height"], description["graphic"],
                 tuple(Variant(**v) for v in description["variants"]), folder)


def _read(folder: Path, key: str) -> Photo | None:
    """The cached photo when its description and every variant are as written (checksums)."""
    try:
        description = read_json(folder / _DESCRIPTION)
        photo = _photo(key, folder, description)
        sums = description["sha256"]
        if all(digest(photo.path(v).read_bytes()) == sums[v.file] for v in photo.variants):
            return photo
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _write(folder: Path, description: dict, files: dict[str, bytes]) -> None:
    """Into a temporary folder first, then renamed: a crash never leaves half an entry."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, data in files.items():
            (temporary / name).write_bytes(data)
        sums = {name: digest(data) for name, data in files.items()}
        write_json(temporary / _DESCRIPTION, {**description, "sha256": sums})
        if folder.exists():
            shutil.rmtree(folder)          # an incomplete entry left by an older crash
        os.replace(temporary, folder)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        if not folder.is_dir():
            raise
