"""Where everything in a chart picture goes, in pixels: the boxes, their sign numbers
and the labels of the bodies in them. Text is measured here but nothing is drawn, so
the tests can check the picture's layout without reading pixels."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from luna.astrology import LAGNA, SIGNS, Chart, sign_of_house, whole_sign_house

from . import geometry
from .fonts import text_box, text_width
from .geometry import Point, Polygon
from .placement import Placed, check_varga, place_bodies

STYLES = ("north", "south")
STYLE_NAMES = {"north": "North Indian style", "south": "South Indian style"}
VARGA_NAMES = {"D1": "Rasi chart (D1)", "D9": "Navamsa chart (D9)"}
CENTRE_NAMES = {"D1": ("Rasi", "D1"), "D9": ("Navamsa", "D9")}
FOOTNOTE = "Asc = lagna · (R) = retrograde · Lahiri ayanamsa, whole-sign houses"

# A phone shows the picture about 360-400 pt wide: at 1000 px the planet labels
# (up to 38 px) still read at the size of body text.
WIDTH = 1000
MARGIN = 24
HEADER = 150
FOOTER = 56
SIDE = WIDTH - 2 * MARGIN
HEIGHT = MARGIN + HEADER + SIDE + FOOTER
SQUARE_X, SQUARE_Y = MARGIN, MARGIN + HEADER

# Bodies are written as large as their box allows: a crowded box steps down in size
# and spreads over more columns rather than spilling over its lines.
BODY_SIZES = (38, 34, 31, 28, 25, 22, 19, 16)
MAX_COLUMNS = 3
COLUMN_GAP = 14
LINE_SPACING = 1.25
BOX_PADDING = 10  # px kept clear of a box's lines
SIGN_NUMBER_SIZE = 28
SIGN_NAME_SIZE = 19
NUMBER_CLEARANCE = 8  # px between a North sign number and its corner's lines
LAGNA_CUT = 0.3  # of a South cell: the diagonal that marks the lagna's sign


@dataclass(frozen=True)
class TextLabel:
    """One piece of text and the pixels it covers. `role` picks its colour; `body` is
    set on the labels of the lagna and the grahas."""

    text: str
    centre: Point
    bounds: tuple[float, float, float, float]  # x0, y0, x1, y1
    size: int
    bold: bool
    role: str  # "body", "lagna", "sign", "title", "subtitle", "note", "centre"
    body: str | None = None
    retrograde: bool = False


@dataclass(frozen=True)
class ChartBox:
    """A house (North) or sign (South) box with what is written in it."""

    house: int  # 1..12, counted from the lagna of the chart's varga
    sign: int  # 0 = Aries
    polygon: Polygon
    sign_label: TextLabel
    bodies: tuple[TextLabel, ...]
    is_lagna: bool


@dataclass(frozen=True)
class ChartLayout:
    width: int
    height: int
    style: str
    varga: str
    frame: Polygon  # the chart's outer square
    boxes: tuple[ChartBox, ...]  # by house, 1..12
    marks: tuple[tuple[Point, Point], ...]  # extra strokes (the South lagna diagonal)
    texts: tuple[TextLabel, ...]  # title, subtitle, footnote, South centre

    def house(self, number: int) -> ChartBox:
        return self.boxes[number - 1]

    def sign_box(self, sign: int) -> ChartBox:
        return next(box for box in self.boxes if box.sign == sign)

    def box_of(self, body: str) -> ChartBox:
        return next(box for box in self.boxes if any(label.body == body for label in box.bodies))

    def label_of(self, body: str) -> TextLabel:
        return next(label for box in self.boxes for label in box.bodies if label.body == body)


def check_style(style: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown chart style {style!r}; Luna draws {', '.join(STYLES)}")


def layout_chart(
    chart: Chart, style: str = "north", varga: str = "D1", title: str = "", *, show_degrees: bool = False
) -> ChartLayout:
    """Lay out the picture of `chart` in `style` ("north" or "south") for `varga`
    ("D1" or "D9"), headed by `title` (for example the person's name)."""
    check_style(style)
    check_varga(varga)
    placed = place_bodies(chart, varga)
    if style == "north":
        boxes, marks = _north_boxes(placed, show_degrees), ()
        centre_texts: tuple[TextLabel, ...] = ()
    else:
        boxes, marks = _south_boxes(placed, show_degrees)
        centre_texts = _south_centre_texts(varga)
    square = geometry.rectangle(SQUARE_X, SQUARE_Y, SIDE, SIDE)
    texts = (*_header(chart, style, varga, title), _footnote(), *centre_texts)
    return ChartLayout(WIDTH, HEIGHT, style, varga, square, boxes, marks, texts)


def _north_boxes(placed: Sequence[Placed], show_degrees: bool) -> tuple[ChartBox, ...]:
    lagna_sign = placed[0].sign
    # Every number sits the same distance from its corner: far enough that the widest
    # ("12") clears both lines of the right-angled corner.
    _, top, _, bottom = text_box("12", SIGN_NUMBER_SIZE, False, (0, 0))
    reach = (text_width("12", SIGN_NUMBER_SIZE) + (bottom - top)) / 2 + NUMBER_CLEARANCE
    boxes = []
    for house, (polygon, corner) in geometry.north_houses(SQUARE_X, SQUARE_Y, SIDE).items():
        sign = sign_of_house(house, lagna_sign)
        centre = (corner.vertex[0] + corner.inward[0] * reach, corner.vertex[1] + corner.inward[1] * reach)
        number = _label(str(sign + 1), centre, SIGN_NUMBER_SIZE, False, "sign")
        bodies = [body for body in placed if body.house == house]
        labels = _fit_bodies(polygon, bodies, show_degrees, keep_out=(_grown(number.bounds, 6),))
        boxes.append(ChartBox(house, sign, polygon, number, labels, is_lagna=house == 1))
    return tuple(boxes)


def _south_boxes(
    placed: Sequence[Placed], show_degrees: bool
) -> tuple[tuple[ChartBox, ...], tuple[tuple[Point, Point], ...]]:
    lagna_sign = placed[0].sign
    cell = SIDE / 4.0
    cut = LAGNA_CUT * cell
    marks = ()
    boxes = []
    for sign, polygon in geometry.south_cells(SQUARE_X, SQUARE_Y, SIDE).items():
        house = whole_sign_house(sign, lagna_sign)
        (x0, y0), (x1, y1) = polygon[0], polygon[2]
        name = SIGNS[sign]
        width = text_width(name, SIGN_NAME_SIZE)
        name_label = _label(name, (x1 - 10 - width / 2, y1 - 8 - SIGN_NAME_SIZE / 2), SIGN_NAME_SIZE, False, "sign")
        room = polygon
        if house == 1:
            marks = (((x0, y0 + cut), (x0 + cut, y0)),)
            room = geometry.cut_corner(polygon, cut + 4)
        bodies = [body for body in placed if body.sign == sign]
        labels = _fit_bodies(room, bodies, show_degrees, keep_out=(_grown(name_label.bounds, 4),))
        boxes.append(ChartBox(house, sign, polygon, name_label, labels, is_lagna=house == 1))
    return tuple(sorted(boxes, key=lambda box: box.house)), marks


def _south_centre_texts(varga: str) -> tuple[TextLabel, ...]:
    middle = SQUARE_X + SIDE / 2, SQUARE_Y + SIDE / 2
    name, code = CENTRE_NAMES[varga]
    return (
        _label(name, (middle[0], middle[1] - 28), 44, True, "centre"),
        _label(code, (middle[0], middle[1] + 30), 34, False, "centre"),
    )


def _header(chart: Chart, style: str, varga: str, title: str) -> tuple[TextLabel, ...]:
    x = WIDTH / 2
    heading = title.strip() or VARGA_NAMES[varga]
    return (
        _fitted_line(heading, x, MARGIN + 24, (40, 36, 32, 28), True, "title"),
        _fitted_line(f"{VARGA_NAMES[varga]} · {STYLE_NAMES[style]}", x, MARGIN + 76, (27,), False, "subtitle"),
        _fitted_line(_birth_line(chart), x, MARGIN + 114, (24, 21), False, "subtitle"),
    )


def _footnote() -> TextLabel:
    return _fitted_line(FOOTNOTE, WIDTH / 2, SQUARE_Y + SIDE + FOOTER / 2, (20, 18), False, "note")


def _birth_line(chart: Chart) -> str:
    local: datetime = chart.moment.local
    latitude = f"{abs(chart.latitude):.2f}°{'N' if chart.latitude >= 0 else 'S'}"
    longitude = f"{abs(chart.longitude):.2f}°{'E' if chart.longitude >= 0 else 'W'}"
    when = f"{local.day} {local:%B %Y}, {local:%H:%M}"
    return f"{when} (UTC{chart.moment.utc_offset}) · {latitude} {longitude}"


def _fitted_line(text: str, x: float, y: float, sizes: Sequence[int], bold: bool, role: str) -> TextLabel:
    """A line of text as large as fits the picture's width; cut short with an ellipsis
    if even the smallest size is too wide (a long name must not run off the edge)."""
    room = WIDTH - 2 * MARGIN
    for size in sizes:
        if text_width(text, size, bold) <= room:
            return _label(text, (x, y), size, bold, role)
    size = sizes[-1]
    while len(text) > 1 and text_width(text + "…", size, bold) > room:
        text = text[:-1]
    return _label(text.rstrip() + "…", (x, y), size, bold, role)


def _label(text: str, centre: Point, size: int, bold: bool, role: str, **extra) -> TextLabel:
    return TextLabel(text, centre, text_box(text, size, bold, centre), size, bold, role, **extra)


def _grown(bounds: tuple[float, float, float, float], by: float) -> tuple[float, float, float, float]:
    return bounds[0] - by, bounds[1] - by, bounds[2] + by, bounds[3] + by


def _fit_bodies(
    polygon: Polygon, bodies: Sequence[Placed], show_degrees: bool, keep_out: Iterable[tuple]
) -> tuple[TextLabel, ...]:
    """The bodies' labels in rows and columns, as large as the box allows, as near its
    centre as the sign number leaves room for."""
    if not bodies:
        return ()
    texts = [body.label(show_degrees) for body in bodies]
    bolds = [body.body == LAGNA for body in bodies]
    keep_out = tuple(keep_out)
    preferred = geometry.centroid(polygon)
    for size in BODY_SIZES:
        cell_width = _widest(texts, bolds, size) + COLUMN_GAP
        cell_height = math.ceil(size * LINE_SPACING)
        for columns in range(1, min(MAX_COLUMNS, len(texts)) + 1):
            centres = _fit_block(polygon, len(texts), columns, cell_width, cell_height, preferred, keep_out)
            if centres:
                return _body_labels(bodies, texts, centres, size)
    # Nothing fits (never seen in a real chart): the smallest size at the centre.
    size = BODY_SIZES[-1]
    cell_width = _widest(texts, bolds, size) + COLUMN_GAP
    rows = math.ceil(len(texts) / MAX_COLUMNS)
    top = preferred[1] - rows * math.ceil(size * LINE_SPACING) / 2
    centres = _block_centres(len(texts), MAX_COLUMNS, cell_width, math.ceil(size * LINE_SPACING), preferred[0], top)
    return _body_labels(bodies, texts, centres, size)


def _widest(texts: Sequence[str], bolds: Sequence[bool], size: int) -> float:
    return max(text_width(text, size, bold) for text, bold in zip(texts, bolds, strict=True))


def _body_labels(bodies: Sequence[Placed], texts: Sequence[str], centres: Sequence[Point], size: int):
    return tuple(
        _label(text, centre, size, body.body == LAGNA, "lagna" if body.body == LAGNA else "body",
               body=body.body, retrograde=body.retrograde)
        for body, text, centre in zip(bodies, texts, centres, strict=True)
    )


def _fit_block(
    polygon: Polygon, count: int, columns: int, cell_width: float, cell_height: float,
    preferred: Point, keep_out: Sequence[tuple],
) -> list[Point] | None:
    """Centres for `count` cells in rows of `columns`, the block inside the (convex)
    polygon with BOX_PADDING to spare and clear of `keep_out`, nearest `preferred`."""
    rows = math.ceil(count / columns)
    height = rows * cell_height
    ys = [y for _, y in polygon]
    lowest_top, highest_top = min(ys) + BOX_PADDING, max(ys) - BOX_PADDING - height
    if highest_top < lowest_top:
        return None
    ideal = min(max(preferred[1] - height / 2, lowest_top), highest_top)
    steps = int((highest_top - lowest_top) // 3) + 1
    tops = sorted((lowest_top + 3 * step for step in range(steps)), key=lambda top: abs(top - ideal))
    for top in tops:
        # The block's centre line may slide between `low` and `high` with every row inside.
        low, high = -math.inf, math.inf
        for row in range(rows):
            width = min(columns, count - row * columns) * cell_width - COLUMN_GAP
            upper = geometry.span_at(polygon, top + row * cell_height)
            lower = geometry.span_at(polygon, top + (row + 1) * cell_height)
            if upper is None or lower is None:
                break
            # In a convex polygon the narrower of a row's two edges bounds the whole row.
            left = max(upper[0], lower[0]) + BOX_PADDING
            right = min(upper[1], lower[1]) - BOX_PADDING
            low, high = max(low, left + width / 2), min(high, right - width / 2)
            if low > high:
                break
        else:
            for x in (min(max(preferred[0], low), high), low, high):
                centres = _block_centres(count, columns, cell_width, cell_height, x, top)
                if not _overlaps(centres, cell_width - COLUMN_GAP, cell_height, keep_out):
                    return centres
    return None


def _block_centres(count: int, columns: int, cell_width: float, cell_height: float, x: float, top: float):
    centres = []
    for index in range(count):
        row, column = divmod(index, columns)
        in_row = min(columns, count - row * columns)
        left = x - (in_row * cell_width - COLUMN_GAP) / 2
        centres.append((left + column * cell_width + (cell_width - COLUMN_GAP) / 2, top + (row + 0.5) * cell_height))
    return centres


def _overlaps(centres: Sequence[Point], width: float, height: float, keep_out: Sequence[tuple]) -> bool:
    for x, y in centres:
        for x0, y0, x1, y1 in keep_out:
            if x - width / 2 < x1 and x + width / 2 > x0 and y - height / 2 < y1 and y + height / 2 > y0:
                return True
    return False

