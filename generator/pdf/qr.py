"""QR codes for print: SVG text that Typst scales to any size."""
from __future__ import annotations

import io


def qr_svg(url: str) -> str:
    """`url` as a QR code (error correction M, black on white, 4-module quiet zone).

    No width/height attributes, only a viewBox, so the template sets the size.
    """
    import segno                        # here, not above: the site build imports generator.pdf without QR codes

    code = segno.make(url, error="m", boost_error=False, micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True,
              dark="#000", light="#fff", border=4)
    return out.getvalue().decode("ascii")
