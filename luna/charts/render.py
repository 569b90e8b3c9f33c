"""Paints a chart layout with Pillow and encodes it as PNG."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from luna.astrology import Chart

from .fonts import font
from .layout import ChartLayout, layout_chart

# Dark ink on warm paper: well above WCAG's 7:1 contrast for every text colour, so the
# labels stay legible on a dimmed phone screen and after messengers recompress the image.
BACKGROUND = (255, 253, 246)
LAGNA_FILL = (253, 236, 200)  # the lagna's box, tinted so the eye finds it first
LINE = (110, 38, 14)
COLOURS = {
    "body": (20, 20, 20),
    "lagna": (110, 38, 14),
    "sign": (140, 32, 24),
    "title": (20, 20, 20),
    "subtitle": (60, 52, 46),
    "note": (84, 76, 68),
    "centre": (110, 38, 14),
}
RETROGRADE_COLOUR = (150, 20, 60)
PALETTE_SIZE = 64
LINE_WIDTH = 3
FRAME_WIDTH = 5


def render_chart(
    chart: Chart, style: str = "north", varga: str = "D1", title: str = "", *, show_degrees: bool = False
) -> bytes:
    """The chart as a PNG: `style` "north" or "south", `varga` "D1" or "D9", headed by
    `title` (for example the person's name). CPU-bound (tens of ms): call it from a
    worker thread inside the action server."""
    return encode_png(paint(layout_chart(chart, style, varga, title, show_degrees=show_degrees)))


def paint(layout: ChartLayout) -> Image.Image:
    image = Image.new("RGB", (layout.width, layout.height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for box in layout.boxes:
        if box.is_lagna:
            draw.polygon(_pixels(box.polygon), fill=LAGNA_FILL)
    # Edges as centred lines: a shared edge is drawn twice in the same place, so every
    # line has one width (Pillow draws a wide polygon outline inside the polygon,
    # which would double the shared edges, and slowly, through a full-size mask).
    strokes = [edge for box in layout.boxes for edge in _edges(box.polygon)]
    for start, end in (*strokes, *layout.marks):
        draw.line(_pixels((start, end)), fill=LINE, width=LINE_WIDTH)
    for start, end in _edges(layout.frame):
        draw.line(_pixels((start, end)), fill=LINE, width=FRAME_WIDTH)
    for box in layout.boxes:
        for label in (box.sign_label, *box.bodies):
            colour = RETROGRADE_COLOUR if label.retrograde else COLOURS[label.role]
            draw.text(label.centre, label.text, fill=colour, font=font(label.size, label.bold), anchor="mm")
    for label in layout.texts:
        draw.text(label.centre, label.text, fill=COLOURS[label.role], font=font(label.size, label.bold), anchor="mm")
    return image


def encode_png(image: Image.Image) -> bytes:
    # A 64-colour palette is indistinguishable here (a few inks on one paper colour) and
    # makes the file less than half the size, which counts on mobile data; colours may
    # shift by a unit or two.
    buffer = io.BytesIO()
    image.quantize(colors=PALETTE_SIZE, method=Image.Quantize.FASTOCTREE).save(buffer, format="PNG")
    return buffer.getvalue()


def _edges(polygon):
    return [(polygon[index], polygon[(index + 1) % len(polygon)]) for index in range(len(polygon))]


def _pixels(points) -> list[tuple[int, int]]:
    return [(round(x), round(y)) for x, y in points]
