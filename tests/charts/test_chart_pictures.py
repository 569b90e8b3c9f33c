"""The PNG itself: its size, and ink exactly where the layout says text goes."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageDraw

from luna.charts import fonts, layout_chart, render_chart
from luna.charts.layout import HEIGHT, WIDTH, ChartBox, ChartLayout
from luna.charts.render import BACKGROUND, LAGNA_FILL, RETROGRADE_COLOUR

# The PNG uses a palette: a colour may come back a unit or two off.
INK_THRESHOLD = 40


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return image.convert("RGB")


def paper(box: ChartBox) -> tuple[int, int, int]:
    return LAGNA_FILL if box.is_lagna else BACKGROUND


def ink_mask(image: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
    """White where the picture differs clearly from `colour`."""
    difference = ImageChops.difference(image, Image.new("RGB", image.size, colour)).convert("L")
    return difference.point(lambda value: 255 if value > INK_THRESHOLD // 3 else 0)


def inside(box: ChartBox, size: tuple[int, int], except_around=(), marks=()) -> Image.Image:
    """A mask of the box's inside, kept 8 px clear of its lines, of `marks` (the South
    lagna diagonal) and of `except_around`."""
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    draw.polygon([(round(x), round(y)) for x, y in box.polygon], fill=255)
    for line in (*zip(box.polygon, box.polygon[1:] + box.polygon[:1], strict=True), *marks):
        draw.line([(round(x), round(y)) for x, y in line], fill=0, width=16)
        for x, y in line:  # a wide line's square ends leave the sharp corners uncovered
            draw.ellipse((x - 8, y - 8, x + 8, y + 8), fill=0)
    for x0, y0, x1, y1 in except_around:
        draw.rectangle((x0 - 2, y0 - 2, x1 + 2, y1 + 2), fill=0)
    return mask


def ink_in(image: Image.Image, mask: Image.Image, colour) -> int:
    return ImageChops.multiply(ink_mask(image, colour), mask).histogram()[255]


def picture(chart, style, varga, **options) -> tuple[ChartLayout, Image.Image]:
    return layout_chart(chart, style, varga, "Ravi", **options), decode(render_chart(chart, style, varga, "Ravi",
                                                                                     **options))


@pytest.mark.parametrize("style", ["north", "south"])
@pytest.mark.parametrize("varga", ["D1", "D9"])
def test_picture_is_a_png_big_enough_for_a_phone(pune, style, varga):
    image = decode(render_chart(pune, style, varga, "Ravi"))
    assert image.size == (WIDTH, HEIGHT)
    assert min(image.size) >= 800


@pytest.mark.parametrize("style", ["north", "south"])
@pytest.mark.parametrize("varga", ["D1", "D9"])
def test_text_is_drawn_inside_boxes_with_bodies_and_empty_boxes_stay_empty(pune, style, varga):
    layout, image = picture(pune, style, varga)
    empty = [box for box in layout.boxes if not box.bodies]
    occupied = [box for box in layout.boxes if box.bodies]
    assert empty and occupied
    for box in occupied:
        for label in box.bodies:
            x0, y0, x1, y1 = (round(v) for v in label.bounds)
            region = Image.new("L", image.size, 0)
            ImageDraw.Draw(region).rectangle((x0, y0, x1, y1), fill=255)
            # Two-letter labels at 16-38 px leave well over a hundred dark pixels.
            assert ink_in(image, region, paper(box)) > 100, (box.house, label.text)
        # Nothing is drawn in the box outside its labels and its sign.
        drawn = [label.bounds for label in (box.sign_label, *box.bodies)]
        assert ink_in(image, inside(box, image.size, drawn, layout.marks), paper(box)) == 0, box.house
    for box in empty:
        mask = inside(box, image.size, [box.sign_label.bounds])
        assert ink_in(image, mask, paper(box)) == 0, box.house
        # ... while the same check does see the sign number that is there.
        assert ink_in(image, inside(box, image.size), paper(box)) > 20, box.house


def test_north_house_one_is_tinted_as_the_lagna(pune):
    layout, image = picture(pune, "north", "D1")
    house1, house7 = layout.house(1), layout.house(7)
    for box, colour in ((house1, LAGNA_FILL), (house7, BACKGROUND)):
        x = sum(x for x, _ in box.polygon) / 4
        y = (box.polygon[0][1] + box.polygon[2][1]) / 2 + 60  # below any label
        assert max(abs(a - b) for a, b in zip(image.getpixel((round(x), round(y))), colour, strict=True)) <= 3


def test_retrograde_planets_are_drawn_in_their_own_colour(retrograde_chart):
    layout, image = picture(retrograde_chart, "south", "D1")
    label = layout.label_of("Jupiter")
    assert label.text == "Ju(R)"
    pixels = image.crop(tuple(round(v) for v in label.bounds)).getcolors(100_000)
    nearest = min(max(abs(a - b) for a, b in zip(colour, RETROGRADE_COLOUR, strict=True)) for _, colour in pixels)
    assert nearest <= 6


def test_without_the_dejavu_font_the_picture_is_drawn_with_pillows_own(pune, monkeypatch):
    # A machine without fonts-dejavu-core: same picture size, every label still in its box.
    monkeypatch.setattr(fonts, "REGULAR", "/nonexistent/DejaVuSans.ttf")
    monkeypatch.setattr(fonts, "BOLD", "/nonexistent/DejaVuSans-Bold.ttf")
    fonts.font.cache_clear()
    try:
        layout, image = picture(pune, "north", "D1")
        assert image.size == (WIDTH, HEIGHT)
        label = layout.label_of("Saturn")
        region = Image.new("L", image.size, 0)
        ImageDraw.Draw(region).rectangle(tuple(round(v) for v in label.bounds), fill=255)
        assert ink_in(image, region, BACKGROUND) > 50
        assert layout.box_of("Saturn") is layout.house(3)
    finally:
        fonts.font.cache_clear()
