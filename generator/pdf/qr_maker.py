"""A page's QR code as the print worker makes it (builders/pdf_worker.py, MAKERS): a new page's
leaflets ask it for their page's code (builders/print_worker.page_qr) while it is idle, instead of
importing segno themselves; it imports this module, and segno with it, when first asked."""
from __future__ import annotations

from typing import Any

import segno  # noqa: F401 - imported with the module: the worker's first code asked pays it

from .qr import qr_svg


def qr_from_data(data: dict[str, Any]) -> bytes:
    """qr_svg of {"url": …}, as bytes."""
    return qr_svg(data["url"]).encode("ascii")
