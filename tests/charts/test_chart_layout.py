"""Where the chart pictures put things, checked on the laid-out geometry (no pixels)."""

from __future__ import annotations

import itertools
from datetime import date, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luna.charts import layout_chart
from luna.charts.geometry import centroid, contains
from luna.charts.layout import HEIGHT, WIDTH, ChartLayout, TextLabel
from luna.charts.placement import place_bodies
from tests.charts.conftest import birth

ARIES, TAURUS, GEMINI, CANCER, LEO, VIRGO, LIBRA, SCORPIO, SAGITTARIUS, CAPRICORN, AQUARIUS, PISCES = range(12)

# The Pune birth's signs from Luna's engine (whose accuracy tests/astrology checks against
# published values), written out so that a slip in the picture code cannot hide behind it.
PUNE_D1 = {
    "Lagna": LIBRA, "Sun": AQUARIUS, "Moon": GEMINI, "Mars": CAPRICORN, "Mercury": AQUARIUS,
    "Jupiter": GEMINI, "Venus": CAPRICORN, "Saturn": SAGITTARIUS, "Rahu": CAPRICORN, "Ketu": CANCER,
}
PUNE_D9 = {
    "Lagna": AQUARIUS, "Sun": ARIES, "Moon": CAPRICORN, "Mars": CAPRICORN, "Mercury": SAGITTARIUS,
    "Jupiter": SAGITTARIUS, "Venus": PISCES, "Saturn": SAGITTARIUS, "Rahu": CANCER, "Ketu": CAPRICORN,
}
ABBREVIATIONS = {
    "Lagna": "Asc", "Sun": "Su", "Moon": "Mo", "Mars": "Ma", "Mercury": "Me",
    "Jupiter": "Ju", "Venus": "Ve", "Saturn": "Sa", "Rahu": "Ra", "Ketu": "Ke",
}
# South Indian cells, written as an astrologer describes the chart: Pisces top-left,
# Aries beside it, then clockwise round the border. (row, column), Aries first.
SOUTH_CELL = {
    PISCES: (0, 0), ARIES: (0, 1), TAURUS: (0, 2), GEMINI: (0, 3), CANCER: (1, 3), LEO: (2, 3),
    VIRGO: (3, 3), LIBRA: (3, 2), SCORPIO: (3, 1), SAGITTARIUS: (3, 0), CAPRICORN: (2, 0), AQUARIUS: (1, 0),
}


def corners(bounds):
    x0, y0, x1, y1 = bounds
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def box_holding(layout: ChartLayout, label: TextLabel):
    """The one box whose polygon holds all of the label's pixels, found geometrically."""
    holders = [box for box in layout.boxes if all(contains(box.polygon, point) for point in corners(label.bounds))]
    assert len(holders) == 1, f"{label.text} lies in {len(holders)} boxes"
    return holders[0]


def south_cell_of(layout: ChartLayout, point) -> tuple[int, int]:
    (x0, y0), (x1, _) = layout.frame[0], layout.frame[1]
    cell = (x1 - x0) / 4
    return int((point[1] - y0) // cell), int((point[0] - x0) // cell)


@pytest.mark.parametrize("style", ["north", "south"])
@pytest.mark.parametrize("varga, expected", [("D1", PUNE_D1), ("D9", PUNE_D9)])
def test_every_body_is_written_in_the_box_of_its_sign_and_house(pune, style, varga, expected):
    layout = layout_chart(pune, style, varga, "Ravi")
    lagna = expected["Lagna"]
    for body, sign in expected.items():
        label = layout.label_of(body)
        box = box_holding(layout, label)
        assert label.text == ABBREVIATIONS[body]
        assert box.sign == sign, body
        assert box.house == (sign - lagna) % 12 + 1, body
        if style == "north":
            # The houses are fixed: the box is house N's, and it carries the sign's number.
            assert layout.house(box.house) is box
            assert box.sign_label.text == str(sign + 1)
        else:
            # The signs are fixed: the label sits in the sign's own cell of the grid.
            assert south_cell_of(layout, label.centre) == SOUTH_CELL[sign], body


def test_north_house_one_is_the_top_centre_diamond_and_houses_run_counter_clockwise(pune):
    layout = layout_chart(pune, "north", "D1")
    (x0, y0), (x1, _), (_, y1) = layout.frame[0], layout.frame[1], layout.frame[2]
    side = x1 - x0
    assert y1 - y0 == side
    middle = x0 + side / 2
    house1 = layout.house(1)
    assert set(house1.polygon) == {
        (middle, y0), (x0 + 3 * side / 4, y0 + side / 4), (middle, y0 + side / 2), (x0 + side / 4, y0 + side / 4)
    }
    assert house1.is_lagna and house1.sign == LIBRA and house1.sign_label.text == "7"
    # Kendras: 1 top, 4 left, 7 bottom, 10 right; 2 and 3 upper left, 11 and 12 upper right.
    x = {n: centroid(layout.house(n).polygon)[0] for n in range(1, 13)}
    y = {n: centroid(layout.house(n).polygon)[1] for n in range(1, 13)}
    assert x[4] < x[1] == x[7] < x[10] and y[1] < y[4] == y[10] < y[7]
    assert x[2] < middle and y[2] < y[3] and x[3] < x[2]
    assert x[12] > middle and y[12] < y[11] and x[11] > x[12]
    # Signs follow the houses: Libra in 1, Scorpio in 2, ... Virgo in 12.
    assert [layout.house(n).sign_label.text for n in range(1, 13)] == ["7", "8", "9", "10", "11", "12",
                                                                      "1", "2", "3", "4", "5", "6"]


def test_south_chart_marks_the_lagna_cell_with_a_diagonal_and_asc(pune):
    for varga, lagna in (("D1", LIBRA), ("D9", AQUARIUS)):
        layout = layout_chart(pune, "south", varga)
        cell = layout.sign_box(lagna)
        assert cell.is_lagna and cell.house == 1
        assert [box.sign for box in layout.boxes if box.is_lagna] == [lagna]
        (start, end), = layout.marks
        assert contains(cell.polygon, start) and contains(cell.polygon, end)
        assert start[0] != end[0] and start[1] != end[1]  # a diagonal
        assert [label.text for label in cell.bodies][0] == "Asc"


def test_navamsa_houses_count_from_the_navamsa_lagna(pune):
    placed = {p.body: p for p in place_bodies(pune, "D9")}
    assert placed["Lagna"].sign == AQUARIUS and placed["Lagna"].house == 1
    assert placed["Sun"].house == 3  # Aries, third from Aquarius
    assert placed["Moon"].house == 12  # Capricorn
    layout = layout_chart(pune, "north", "D9")
    assert layout.box_of("Sun") is layout.house(3)
    assert layout.house(1).sign_label.text == "11"


def test_retrograde_planets_carry_the_mark_and_no_one_else_does(retrograde_chart):
    marked = set()
    for style, varga in itertools.product(("north", "south"), ("D1", "D9")):
        layout = layout_chart(retrograde_chart, style, varga)
        for position in retrograde_chart.planets:
            label = layout.label_of(position.name)
            # The nodes move backwards as a rule; charts do not mark them.
            expected = position.retrograde and position.name not in ("Rahu", "Ketu")
            assert label.text.endswith("(R)") == expected == label.retrograde, (style, varga, position.name)
            if expected:
                marked.add(position.name)
    assert marked == {"Mars", "Jupiter"}


def test_degrees_are_shown_on_request_in_d1_only(pune):
    sun = pune.planet("Sun")
    with_degrees = layout_chart(pune, "south", "D1", show_degrees=True)
    assert with_degrees.label_of("Sun").text == f"Su {int(sun.degree_in_sign)}°"
    assert layout_chart(pune, "south", "D9", show_degrees=True).label_of("Sun").text == "Su"


def test_a_crowded_sign_still_fits_inside_its_box(crowded_chart):
    for style in ("north", "south"):
        layout = layout_chart(crowded_chart, style, "D1", show_degrees=True)
        box = layout.sign_box(CAPRICORN)
        assert {label.body for label in box.bodies} >= {"Sun", "Moon", "Mars", "Mercury", "Jupiter", "Venus",
                                                         "Saturn", "Ketu"}
        assert_labels_fit(layout)


def test_the_title_always_fits_the_picture(pune):
    layout = layout_chart(pune, "north", "D1", "Shrimati " + "Venkatalakshmi " * 8)
    title = layout.texts[0]
    assert title.role == "title" and title.text.endswith("…")
    assert 0 <= title.bounds[0] and title.bounds[2] <= WIDTH


def test_unknown_style_or_varga_is_refused(pune):
    with pytest.raises(ValueError, match="style"):
        layout_chart(pune, "east", "D1")
    with pytest.raises(ValueError, match="varga"):
        layout_chart(pune, "north", "D10")


def assert_labels_fit(layout: ChartLayout) -> None:
    """Every label inside its own box, clear of the others, and on the picture."""
    labels = []
    for box in layout.boxes:
        for label in (box.sign_label, *box.bodies):
            assert all(contains(box.polygon, point) for point in corners(label.bounds)), label.text
            labels.append(label)
    labels.extend(layout.texts)
    for label in labels:
        x0, y0, x1, y1 = label.bounds
        assert 0 <= x0 and x1 <= WIDTH and 0 <= y0 and y1 <= HEIGHT, label.text
    for first, second in itertools.combinations(labels, 2):
        a, b = first.bounds, second.bounds
        apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, f"{first.text!r} overlaps {second.text!r}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    day=st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    minutes=st.integers(0, 24 * 60 - 1),
    latitude=st.floats(-60, 60),
    longitude=st.floats(-180, 180),
    show_degrees=st.booleans(),
)
def test_any_birth_lays_out_without_spills_or_overlaps(day, minutes, latitude, longitude, show_degrees):
    chart = birth(day, time(minutes // 60, minutes % 60), "UTC", latitude, longitude)
    for style, varga in itertools.product(("north", "south"), ("D1", "D9")):
        layout = layout_chart(chart, style, varga, "A. N. Other", show_degrees=show_degrees)
        assert_labels_fit(layout)
        assert sorted(label.body for box in layout.boxes for label in box.bodies) == sorted(ABBREVIATIONS)
