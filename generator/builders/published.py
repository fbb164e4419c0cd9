"""What a builder publishes for the builders after it (Builder.publish), each kind typed.

A builder never reads another one's files back from staging: it reads what that one
published on the build context, through one accessor per kind on `ctx.published`
(PublishedData). A kind is written with its `…_entry` function and read with its
method, so a misspelt kind is an AttributeError and a misspelt field an error, never
a silent None.

An entry is (kind, name, value as plain data): kept so in the build state with the item
that published it (a reused item hands it on as it was built, machinery/buildstate.py) and
sent back so from forked workers. The kinds read in bulk (every page's hreflang links for
the sitemap, every audio file for the schedule) are TypedDicts, plain JSON objects as they
are: nothing to convert for the thousands of pages of a large site.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence, TypedDict

# The kinds, as the build state keeps them. Only this module names them.
_SHARE_TEXT = "share-text"
_ALTERNATES = "alternates"
_BROADCAST_AUDIO = "broadcast-audio"
_PHOTOS = "photos"

Entry = tuple[str, str, Any]     # (kind, name, value as plain data)


@dataclass(frozen=True)
class SharePost:
    """The share builder's post for one edition (builders/share/), as the page shows it: no
    BOM, Unix line breaks, no final line break (the .txt file has all three)."""
    text: str


class HreflangLink(TypedDict):
    hreflang: str       # e.g. "vi-VN"
    href: str           # the absolute URL of that language's page


class PageAlternates(TypedDict):
    """A web page PageRenderer.render wrote, for the sitemap (builders/feeds/): its manifest
    kind and the hreflang links it declares (none when it exists in one language only)."""
    kind: str
    links: list[HreflangLink]


class BroadcastAudio(TypedDict):
    """An audio file made for the loudspeaker, for the broadcast schedule (builders/schedule/),
    measured as it was made (builders/loudspeaker/broadcast_audio.py)."""
    path: str           # output path, e.g. "nq-57/nq-57-vi-loa-phan-2.mp3"
    kind: str           # its manifest kind: loudspeaker-audio, brief-loudspeaker-audio
    slug: str
    lang: str
    part: int           # 1 when the script is read in one part
    seconds: float


class PublishedPhoto(TypedDict):
    """One image of a resolution as the images builder processed it."""
    stem: str           # its variants' files start with this (photos.output_stems)
    photo: dict         # photos.photo_data of the processed photo (PhotoLibrary.known takes it back)


class ResolutionPhotos(TypedDict):
    """What the images builder made of one resolution's images (builders/images/: PhotoIndex.processed),
    for ctx.photos, which the site and the leaflets read: kept with its item, so that a resolution whose
    images are unchanged fills it without a photo read."""
    photos: dict[str, PublishedPhoto]   # referenced name → its stem and photo
    left_out: dict[str, str]    # referenced name of an image that cannot be read → why (image-<reason>)


def share_text_entry(edition: str, post: SharePost) -> Entry:
    """`post` published for the edition "lang/slug" (the share builder's item key)."""
    return (_SHARE_TEXT, edition, post.text)


def alternates_entry(path: str, page: PageAlternates) -> Entry:
    """The page at output path `path`."""
    return (_ALTERNATES, path, page)


def broadcast_audio_entry(audio: BroadcastAudio) -> Entry:
    return (_BROADCAST_AUDIO, audio["path"], audio)


def photos_entry(slug: str, photos: ResolutionPhotos) -> Entry:
    return (_PHOTOS, slug, photos)


class PublishedData:
    """Everything published so far in this build, read by kind."""

    def __init__(self) -> None:
        self._kinds: dict[str, dict[str, Any]] = {}

    def adopt(self, entries: Iterable[Sequence[Any]]) -> None:
        """Entries as a builder published them, or as the build state kept them (lists)."""
        kinds = self._kinds
        for kind, name, value in entries:
            named = kinds.get(kind)
            if named is None:
                named = kinds[kind] = {}
            named[name] = value

    def share_text(self, edition: str) -> SharePost | None:
        """The post of the edition "lang/slug" (None: the share builder did not run)."""
        text = self._kinds.get(_SHARE_TEXT, {}).get(edition)
        return None if text is None else SharePost(text)

    def alternates(self) -> Mapping[str, PageAlternates]:
        """Every web page made so far: output path → its kind and hreflang links."""
        return self._kinds.get(_ALTERNATES, {})

    def broadcast_audio(self) -> list[BroadcastAudio]:
        """Every audio file made for the loudspeaker so far."""
        return list(self._kinds.get(_BROADCAST_AUDIO, {}).values())

    def photos(self, slug: str) -> ResolutionPhotos | None:
        """The images of resolution `slug` as the images builder made them (None: not published)."""
        return self._kinds.get(_PHOTOS, {}).get(slug)
