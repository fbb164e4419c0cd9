"""What the builders of PDFs from their own Typst template folder share (the short version,
the Q&A sheet, the lecturer's kit): their templates import the leaflets' common.typ, so
all print templates make one Typst root; an item is a resolution in one language."""
from __future__ import annotations

from typing import Any, ClassVar

from .. import urls
from ..fonts import font_dirs
from ..machinery.theme_inputs import templates_and_catalogs_fingerprint
from ..content.model import Resolution, Site
from ..i18n import translations_for
from .leaflet.print_data import print_data
from .base import BuildOptions, SummaryBuilder
from .leaflet import print_inputs
from .pdf_jobs import print_template_dirs
from .print_worker import page_qr
from ..cache_gc import page_name


def download_file(site: Site, res: Resolution, lang: str, name: str) -> str:
    """urls.download_file of the resolution: the builders' `file_names`."""
    return urls.download_file(site.config, res.slug, lang, name)


class TypstOutputsBuilder(SummaryBuilder):
    expensive = True
    prints = while_printing = True
    inputs_in_folder = True     # print_inputs (and the lecture's minutes: its folder's, else site.yaml's)
    file_names: ClassVar[tuple[str, ...]] = ()      # what download_file names its files

    @classmethod
    def longest_download(cls, site: Site, res: Resolution, lang: str, options: BuildOptions) -> str | None:
        return max((download_file(site, res, lang, name) for name in cls.file_names), key=len, default=None)

    def theme_fingerprint(self) -> str:
        # The fonts and the catalogs too: a site's own font changed draws every PDF again, its
        # own words printed as labels (as the leaflets').
        content_dir = self.ctx.content_dir
        return templates_and_catalogs_fingerprint(print_template_dirs(content_dir) + font_dirs(content_dir),
                                                  self.config.language_codes, content_dir, self.ctx.changes)

    def item_inputs(self, item: tuple[Resolution, str]) -> Any:
        return print_inputs(*item)

    def page_data(self, res: Resolution, lang: str, fmt: str, qr: bool = True) -> dict[str, Any]:
        """print_data for one format, with the QR code to the page when `qr`."""
        gettext = translations_for(lang, self.ctx.content_dir).gettext
        code = page_qr(self.ctx.session, urls.absolute(self.config, urls.resolution_path(self.config, res.slug, lang)),
                       self.ctx.options.cache_dir, page_name(lang, res.slug)) if qr else ""
        return print_data(self.config, res, lang, fmt, gettext, qr_svg=code, extra_kinds=self.config.kind_names())
