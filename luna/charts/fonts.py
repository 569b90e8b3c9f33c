"""The typeface of the pictures: DejaVu Sans when installed (Debian's fonts-dejavu-core),
else the font bundled with Pillow, so a chart can be drawn on any machine."""

from __future__ import annotations

import os
from functools import lru_cache

from PIL import ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
REGULAR = os.path.join(FONT_DIR, "DejaVuSans.ttf")
BOLD = os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> Font:
    path = BOLD if bold else REGULAR
    if os.path.isfile(path):
        # Basic layout: same measurements whether or not Pillow was built with Raqm, so
        # the layout (and the tests that check it) do not depend on the machine.
        return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
    return ImageFont.load_default(size=size)


def text_box(text: str, size: int, bold: bool, centre: tuple[float, float]) -> tuple[float, float, float, float]:
    """The pixels (x0, y0, x1, y1) that `text` covers when drawn centred on `centre`."""
    left, top, right, bottom = font(size, bold).getbbox(text, anchor="mm")
    return centre[0] + left, centre[1] + top, centre[0] + right, centre[1] + bottom


def text_width(text: str, size: int, bold: bool = False) -> float:
    left, _, right, _ = font(size, bold).getbbox(text, anchor="mm")
    return right - left
