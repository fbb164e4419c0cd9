"""Photos and charts of the summaries: web sizes and a print variant of each (photos.py).

Runs before the leaflets and the site. Writes every variant beside the
resolution's pages (`<slug>/<stem>-480.webp` …) and records them in
`ctx.photos`, where the site finds what to put in a <picture> and the
leaflets find the grayscale file to print. SVG and GIF are left to the site,
which copies them as they are; GIFs get a print variant too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Collection, Iterable, Mapping

from ... import urls
from ...content.htmltree import Child, Node, image_placeholder, replace_nodes
from ...load import local_reference
from ...content.model import Resolution, Site
from ...diagnostics import Problem, warning
from ...photos import (Photo, PhotoLibrary, UnreadableImage, Variant, is_print_only, is_raster, output_stems,
                       photo_data)
from ..base import BuildContext, Builder
from ..published import PublishedPhoto, ResolutionPhotos, photos_entry

# What the browser may assume of an image's shown width before CSS loads (style.css:
# main is at most 46rem wide with 1rem padding on each side); it picks a srcset width from it.
SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
# Where print variants go inside the Typst root of the PDF renderer.
PRINT_FOLDER = "photos"
# The longest end of a variant's name past the image's stem (photos.Variant.output_name: "-in-1022.png",
# "-1440.webp"), for the Windows path check (path_lengths.py).
VARIANT_TAIL = "-in-99999.webp"


@dataclass(frozen=True)
class ResolutionPhoto:
    """A processed image as one resolution uses it."""

    name: str        # as the summary references it, relative to the resolution folder
    stem: str        # its output files start with this: slug-safe, unique in the folder
    photo: Photo

    def file(self, variant: Variant) -> str:
        """A variant's path relative to the resolution folder (like `name`)."""
        return variant.output_name(self.stem)

    def srcset(self, role: str) -> str:
        return ", ".join(f"{self.file(v)} {v.width}w" for v in self.photo.of_role(role))

    @property
    def fingerprint(self) -> tuple:
        return (self.name, self.stem, self.photo.key)


class PhotoIndex:
    """The photos of every resolution (slug → referenced name → photo); keeps their files alive.

    An image Pillow cannot read is left out everywhere (it might still carry a location
    that no tool here can strip), reported in `problems` at the line of the summary that
    uses it, and listed in `left_out` so that no page links the missing file."""

    def __init__(self, site: Site | None, library: PhotoLibrary, advance: Any = lambda: None):
        """The photos of every resolution of `site` (None: none yet, see add)."""
        self.library = library     # kept alive: without a cache folder it owns the temporary files
        self.by_slug: dict[str, dict[str, ResolutionPhoto]] = {}
        # GIFs: printed from a grayscale variant, shown on pages as they are (an animation keeps
        # moving). One Pillow cannot read prints its alt text, as before, and the page keeps it.
        self.print_only: dict[str, dict[str, ResolutionPhoto]] = {}
        self.unreadable: dict[str, set[str]] = {}
        self.problems: list[Problem] = []
        for res in site.resolutions if site is not None else ():
            self.problems += self.add(res, advance)

    @property
    def settings_key(self) -> str:
        """What every variant is made with (the encoders' settings, Pillow's version)."""
        return self.library.settings_key

    def add(self, res: Resolution, advance: Any = lambda: None) -> list[Problem]:
        """Process one resolution's photos; the warnings for the images that cannot be read."""
        return self.add_described(res, advance)[1]

    def add_described(self, res: Resolution, advance: Any = lambda: None) -> tuple[ResolutionPhotos, list[Problem]]:
        """add(), with the plain data the photos were taken in from (what the images builder publishes)."""
        data = self.processed(res, advance)
        found = self.adopt(res, data)
        if found is None:                   # just processed, and gone: the cache folder removed meanwhile
            raise FileNotFoundError(f"{self.library.root}: removed while the photos were processed")
        return data, found

    def processed(self, res: Resolution, advance: Any = lambda: None) -> ResolutionPhotos:
        """One resolution's photos processed, as plain data (JSON) that `adopt` takes: each
        referenced name's stem and photo (photo_data), and why each unreadable one is left out."""
        processed = [a for a in res.assets if _processed(a.name)]
        stems = output_stems([a.name for a in processed])
        photos: dict[str, PublishedPhoto] = {}
        left_out: dict[str, str] = {}
        for asset in processed:
            web = is_raster(asset.name)
            try:
                photo = self.library.photo(asset.source, web=web)
            except UnreadableImage as exc:
                if web:
                    left_out[asset.name] = exc.reason
            else:
                photos[asset.name] = PublishedPhoto(stem=stems[asset.name], photo=photo_data(photo))
            advance()
        return ResolutionPhotos(photos=photos, left_out=left_out)

    def adopt(self, res: Resolution, data: ResolutionPhotos) -> list[Problem] | None:
        """Take in one resolution's photos as `processed` described them (this build, or the
        previous one's for a resolution whose photos are unchanged); the warnings for the images
        that cannot be read, at the line of the summary as it is now. None: a photo's files are
        no longer in the library (its cache folder removed), and nothing was taken in."""
        found, printed = {}, {}
        for name, published in data["photos"].items():
            photo = self.library.known(published["photo"])
            if photo is None:
                return None
            (found if is_raster(name) else printed)[name] = ResolutionPhoto(name, published["stem"], photo)
        self.by_slug[res.slug] = found
        self.print_only[res.slug] = printed
        self.unreadable[res.slug] = set(data["left_out"])
        return [warning(asset.referenced_in or asset.source, asset.line, f"image-{data['left_out'][asset.name]}",
                        name=asset.name) for asset in res.assets if asset.name in data["left_out"]]

    def of(self, slug: str) -> Mapping[str, ResolutionPhoto]:
        """The resolution's photos processed for pages (and print)."""
        return self.by_slug.get(slug, {})

    def printable(self, slug: str) -> Mapping[str, ResolutionPhoto]:
        """Every image of the resolution that has a print variant (photos and GIFs)."""
        return {**self.of(slug), **self.print_only.get(slug, {})}

    def keys(self) -> set[str]:
        """The cache keys of every photo the content uses (cache_gc.py keeps these)."""
        return {item.photo.key for index in (self.by_slug, self.print_only) for photos in index.values()
                for item in photos.values()}

    def left_out(self, slug: str) -> frozenset[str]:
        """Names the summaries reference that are not published (unreadable images)."""
        return frozenset(self.unreadable.get(slug, ()))

    def handled(self, slug: str, name: str) -> bool:
        """True when the site must not copy this file as it is (processed, or unreadable)."""
        return name in self.of(slug) or name in self.unreadable.get(slug, ())

    def fingerprint(self, slug: str) -> tuple:
        return tuple(p.fingerprint for p in self.printable(slug).values()) + tuple(sorted(self.left_out(slug)))


def _processed(name: str) -> bool:
    """An image of the summaries made into variants (a photo, or a GIF printed in gray)."""
    return is_raster(name) or is_print_only(name)


class ImagesBuilder(Builder):
    """An item per resolution: its photos processed (PhotoLibrary caches every variant by the
    photo's content) and copied beside its pages. While its images' files are the same (the
    change detector's marks) the item is reused: its variants stay in output/ as the last build
    published them, and what it published of its photos (published.photos_entry) fills ctx.photos,
    no photo read."""

    name = "images"
    kinds = ("image", "print-image")
    needed_by = ("site", "leaflets")    # run whenever these run (pipeline), they read ctx.photos

    def __init__(self, ctx: BuildContext):
        super().__init__(ctx)
        self.index = PhotoIndex(None, PhotoLibrary(ctx.options.cache_dir))

    @classmethod
    def longest_asset(cls, name: str, stem: str | None) -> str | None:
        return stem + VARIANT_TAIL if stem is not None else None

    def items(self) -> Iterable[Resolution]:
        """The resolutions with photos: one without has nothing here (PhotoIndex answers an empty
        index for it), and a rebuild then pays nothing per resolution of a site of text."""
        return [res for res in self.site.resolutions if any(_processed(a.name) for a in res.assets)]

    def item_key(self, res: Resolution) -> str:
        return res.slug

    def item_inputs(self, res: Resolution) -> Any:
        return [(asset.name, self.ctx.changes.mark(asset.source)) for asset in res.assets if _processed(asset.name)]

    def theme_fingerprint(self) -> str:
        return self.index.library.settings_key       # the encoders' settings and Pillow's version

    def build_item(self, res: Resolution) -> None:
        data, _ = self.index.add_described(res)     # its warnings: said by finish() in every build
        self.publish(photos_entry(res.slug, data))
        for item in self.index.printable(res.slug).values():
            for variant in item.photo.variants:
                self.ctx.staging.copy_file(urls.asset_path(res.slug, item.file(variant)), item.photo.path(variant),
                                           kind="print-image" if variant.role == "print" else "image",
                                           slug=res.slug)

    def finish(self) -> None:
        """ctx.photos from what each item published (built now or reused), and the warnings of the
        unreadable images (said in every build, at their lines as they are now)."""
        for res in self.items():
            data = self.ctx.published.photos(res.slug)
            found = self.index.adopt(res, data) if data is not None else None
            # A reused item whose processed files left the cache: made again there (its published
            # files, kept in output/, are those bytes).
            self.ctx.problems.extend(found if found is not None else self.index.add(res))
        self.ctx.photos = self.index


# ---------------------------------------------------------------- for the site


def with_pictures(nodes: Iterable[Child], photos: Mapping[str, ResolutionPhoto],
                  left_out: Collection[str] = frozenset()) -> tuple[Child, ...]:
    """Images of the summary as <picture> (WebP sources, JPEG/PNG fallback, sizes set, lazy);
    links to a photo point at its largest cleaned variant, never at the original. An image
    `left_out` (unreadable, not published) shows its alt text instead, and a link to it
    keeps only its text: no page points at a file that is not there."""
    if not photos and not left_out:
        return tuple(nodes)

    def replace(node: Node) -> Node | None:
        local = local_reference(node.attr("src" if node.tag == "img" else "href") or "")
        if isinstance(local, str) and local in left_out:
            if node.tag == "img":
                return image_placeholder(node)
            return Node("span", (), node.children) if node.tag == "a" else node
        item = photos.get(local) if isinstance(local, str) else None
        if item is None:
            return node
        if node.tag == "img":
            return picture(node, item)
        if node.tag == "a":
            return Node("a", _set(node.attrs, href=item.file(item.photo.largest)), node.children)
        return node
    return replace_nodes(nodes, replace)


def picture(img: Node, item: ResolutionPhoto) -> Node:
    """<picture><source type=image/webp srcset sizes><img src srcset sizes width height loading decoding …>."""
    largest = item.photo.largest
    fallbacks = item.photo.of_role("fallback")
    default = max((v for v in fallbacks if v.width <= 960), key=lambda v: v.width, default=fallbacks[0])
    width, height = largest.width, largest.height
    asked = img.attr("width") or ""
    if asked.isdigit() and 0 < int(asked) < width:      # the editor's own display width ({width=300})
        width, height = int(asked), max(1, round(int(asked) * height / width))
    source = Node("source", (("type", "image/webp"), ("srcset", item.srcset("web")), ("sizes", SIZES)))
    attrs = _set(img.attrs, src=item.file(default), srcset=item.srcset("fallback"), sizes=SIZES,
                 width=str(width), height=str(height), loading="lazy", decoding="async")
    return Node("picture", (), (source, Node("img", attrs)))


def _set(attrs: tuple[tuple[str, str], ...], **values: str) -> tuple[tuple[str, str], ...]:
    """Attributes with `values` set (first, in order), the others kept after them."""
    return tuple(values.items()) + tuple((k, v) for k, v in attrs if k not in values)


# ---------------------------------------------------------------- for the leaflets


PrintFiles = tuple[tuple[str, str], ...]     # (path inside the Typst root, file on disk)


def print_images(photos: Mapping[str, ResolutionPhoto]) -> tuple[dict[str, dict[str, Any]], PrintFiles]:
    """What the PDF templates need of each photo (by referenced name) and the files the
    renderer must put in its Typst root: (root path, file on disk)."""
    data: dict[str, dict[str, Any]] = {}
    files: list[tuple[str, str]] = []
    for name, item in photos.items():
        variant = item.photo.print_variant
        inside = f"{PRINT_FOLDER}/{item.photo.key}-{variant.file}"
        data[name] = {"file": "/" + inside, "width": variant.width, "height": variant.height, "dpi": variant.dpi}
        files.append((inside, str(item.photo.path(variant))))
    return data, tuple(sorted(files))
