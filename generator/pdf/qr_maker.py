"""A page's QR code as the print worker makes it (builders/pdf_worker.py, MAKERS): the worker
imports this module, and segno with it, while the build loads; an edit's leaflets then ask it
for their page's code (builders/print_worker.page_qr) instead of importing segno themselves."""
from __future__ import annotations

from typing import Any

import segno  # noqa: F401 - imported with the module, while the worker waits for its first request

from .qr import qr_svg


def qr_from_data(data: dict[str, Any]) -> bytes:
    """qr_svg of {"url": …}, as bytes."""
    return qr_svg(data["url"]).encode("ascii")
