"""The boxes of the two Indian chart styles as polygons in pixels (pure geometry).

North Indian: the houses are fixed and the signs move. A square with both diagonals and
the diamond joining its mid-points; house 1 is the top-centre diamond and the houses
run counter-clockwise (2 top-left, 4 left, 7 bottom, 10 right).

South Indian: the signs are fixed and the houses move. A 4x4 grid whose twelve border
cells hold the signs, Pisces top-left, Aries next to it, then clockwise round the
border; the centre 2x2 is free for the chart's name.
"""

from __future__ import annotations

from typing import NamedTuple

Point = tuple[float, float]
Polygon = tuple[Point, ...]


class Corner(NamedTuple):
    """The inner corner of a North Indian house, where its sign number is written:
    the vertex and the unit direction pointing from it into the house."""

    vertex: Point
    inward: Point


UP, DOWN, LEFT, RIGHT = (0.0, -1.0), (0.0, 1.0), (-1.0, 0.0), (1.0, 0.0)

# (row, column) of each sign's cell in the South Indian grid, Aries = 0.
SOUTH_CELLS = (
    (0, 1), (0, 2), (0, 3), (1, 3), (2, 3), (3, 3),
    (3, 2), (3, 1), (3, 0), (2, 0), (1, 0), (0, 0),
)


def north_houses(x: float, y: float, side: float) -> dict[int, tuple[Polygon, Corner]]:
    """House number -> (polygon, inner corner) for a North Indian chart in the square
    with top-left corner (x, y)."""
    q = side / 4.0
    top_left, top_right = (x, y), (x + side, y)
    bottom_left, bottom_right = (x, y + side), (x + side, y + side)
    top, right = (x + 2 * q, y), (x + side, y + 2 * q)
    bottom, left = (x + 2 * q, y + side), (x, y + 2 * q)
    centre = (x + 2 * q, y + 2 * q)
    # Where the diagonals cross the inner diamond.
    upper_left, upper_right = (x + q, y + q), (x + 3 * q, y + q)
    lower_right, lower_left = (x + 3 * q, y + 3 * q), (x + q, y + 3 * q)
    return {
        1: ((top, upper_right, centre, upper_left), Corner(centre, UP)),
        2: ((top_left, top, upper_left), Corner(upper_left, UP)),
        3: ((top_left, upper_left, left), Corner(upper_left, LEFT)),
        4: ((left, upper_left, centre, lower_left), Corner(centre, LEFT)),
        5: ((left, lower_left, bottom_left), Corner(lower_left, LEFT)),
        6: ((bottom_left, lower_left, bottom), Corner(lower_left, DOWN)),
        7: ((bottom, lower_left, centre, lower_right), Corner(centre, DOWN)),
        8: ((bottom, lower_right, bottom_right), Corner(lower_right, DOWN)),
        9: ((bottom_right, lower_right, right), Corner(lower_right, RIGHT)),
        10: ((right, lower_right, centre, upper_right), Corner(centre, RIGHT)),
        11: ((right, upper_right, top_right), Corner(upper_right, RIGHT)),
        12: ((top_right, upper_right, top), Corner(upper_right, UP)),
    }


def south_cells(x: float, y: float, side: float) -> dict[int, Polygon]:
    """Sign (0 = Aries) -> its cell of a South Indian chart in the square at (x, y)."""
    cell = side / 4.0
    return {sign: rectangle(x + column * cell, y + row * cell, cell, cell)
            for sign, (row, column) in enumerate(SOUTH_CELLS)}


def south_centre(x: float, y: float, side: float) -> Polygon:
    cell = side / 4.0
    return rectangle(x + cell, y + cell, 2 * cell, 2 * cell)


def rectangle(x: float, y: float, width: float, height: float) -> Polygon:
    return ((x, y), (x + width, y), (x + width, y + height), (x, y + height))


def cut_corner(cell: Polygon, cut: float) -> Polygon:
    """A rectangle with its top-left corner cut off along a 45° line `cut` px from the
    corner: what is left for text when the corner carries the lagna's diagonal."""
    (x0, y0), (x1, _), (_, y1) = cell[0], cell[1], cell[2]
    return ((x0 + cut, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0 + cut))


def span_at(polygon: Polygon, y: float) -> tuple[float, float] | None:
    """The horizontal extent of a convex polygon at height y, or None outside it."""
    xs = []
    count = len(polygon)
    for index in range(count):
        (xa, ya), (xb, yb) = polygon[index], polygon[(index + 1) % count]
        if ya == yb:
            if ya == y:
                xs.extend((xa, xb))
        elif min(ya, yb) <= y <= max(ya, yb):
            xs.append(xa + (y - ya) * (xb - xa) / (yb - ya))
    return (min(xs), max(xs)) if xs else None


def centroid(polygon: Polygon) -> Point:
    """Area centroid (the average of the vertices is wrong for a pentagon)."""
    area = cx = cy = 0.0
    count = len(polygon)
    for index in range(count):
        (xa, ya), (xb, yb) = polygon[index], polygon[(index + 1) % count]
        cross = xa * yb - xb * ya
        area += cross
        cx += (xa + xb) * cross
        cy += (ya + yb) * cross
    return cx / (3.0 * area), cy / (3.0 * area)


def contains(polygon: Polygon, point: Point, tolerance: float = 1e-6) -> bool:
    """Whether a convex polygon (either winding) contains the point, edges included."""
    x, y = point
    sides = set()
    count = len(polygon)
    for index in range(count):
        (xa, ya), (xb, yb) = polygon[index], polygon[(index + 1) % count]
        cross = (xb - xa) * (y - ya) - (yb - ya) * (x - xa)
        if abs(cross) > tolerance:
            sides.add(cross > 0)
    return len(sides) <= 1
