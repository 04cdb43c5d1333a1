"""QR codes for flyers: a vector image (SVG) of an address, made here, with no network.

The code is drawn in black on white with the four-module quiet zone scanners need, at error
correction level M, which still reads when a fold or a smudge hides part of it.
"""

from __future__ import annotations

import io
from functools import lru_cache


@lru_cache(maxsize=256)  # without site_url every flyer of a kit shows the same address
def qr_svg(url: str) -> bytes:
    """An SVG image of the QR code for `url` (the page gives it its alternative text)."""
    import segno

    code = segno.make_qr(url, error="m", boost_error=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", xmldecl=False, nl=False, border=4, scale=1,
              svgclass=None, lineclass=None, dark="#000", light="#fff")
    svg = buffer.getvalue().decode("ascii")
    size = code.symbol_size(scale=1, border=4)[0]
    # A view box lets the image scale to whatever size the stylesheet gives it.
    return svg.replace(f'width="{size}" height="{size}"',
                       f'viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
                       'shape-rendering="crispEdges"', 1).encode("ascii")
