"""The town nearest a point (a location shared from a phone), against the real GeoNames
gazetteer: the town named, its time zone, nothing at sea, impossible coordinates refused.

Points are the places' usual published coordinates (Wikipedia's infobox of each city or
landmark, rounded to 4-5 decimals)."""

from __future__ import annotations

import random
import time

import pytest

from luna.astrology import InputError, nearest_place, preload, resolve_place
from luna.astrology import places as gazetteer


@pytest.fixture(scope="module", autouse=True)
def index_loaded():
    preload()


@pytest.mark.parametrize(("latitude", "longitude", "label", "zone"), [
    (28.61390, 77.20900, "New Delhi, Delhi, India", "Asia/Kolkata"),  # Connaught Place
    (19.07600, 72.87770, "Mumbai, Maharashtra, India", "Asia/Kolkata"),
    (12.97160, 77.59460, "Bengaluru, Karnataka, India", "Asia/Kolkata"),
    (18.52040, 73.85670, "Pune, Maharashtra, India", "Asia/Kolkata"),
    (25.31760, 82.97390, "Varanasi, Uttar Pradesh, India", "Asia/Kolkata"),
    (27.71720, 85.32400, "Kathmandu, Bagmati Province, Nepal", "Asia/Kathmandu"),  # UTC+5:45, not India's
    (-33.86880, 151.20930, "Sydney, New South Wales, Australia", "Australia/Sydney"),
    (40.71280, -74.00600, "New York City, New York, United States", "America/New_York"),
    (64.14660, -21.94260, "Reykjavík, Capital Region, Iceland", "Atlantic/Reykjavik"),
])
def test_a_point_in_a_town_names_it_with_its_time_zone(latitude, longitude, label, zone):
    town = nearest_place(latitude, longitude)
    assert (town.label, town.timezone) == (label, zone)


@pytest.mark.parametrize(("latitude", "longitude", "city", "district"), [
    (48.85660, 2.35220, "Paris, Île-de-France, France", "Paris 04"),  # Hôtel de Ville
    (51.50000, -0.12000, "London, England, United Kingdom", "Lambeth"),  # Westminster Bridge
])
def test_a_city_is_named_rather_than_the_district_its_centre_lies_in(latitude, longitude, city, district):
    # GeoNames has the district nearer the point than the city's own centre point.
    assert nearest_place(latitude, longitude).label == city
    nearest_entry = nearest_place(latitude, longitude, within_km=0.3)
    assert nearest_entry is None or nearest_entry.label.startswith(district)


def test_a_district_far_from_the_city_centre_keeps_its_own_name():
    # Dharavi is 3 km from GeoNames' point for Mumbai: the spot is Dharavi.
    assert nearest_place(19.04000, 72.85400).label == "Dhārāvi, Maharashtra, India"


@pytest.mark.parametrize(("latitude", "longitude"), [
    (0.0, -30.0),  # mid-Atlantic
    (-20.0, 80.0),  # Indian Ocean
    (-82.0, 60.0),  # the Antarctic plateau
    (90.0, 0.0), (-90.0, 180.0),  # the poles
    (-17.5, 179.99),  # open Pacific, east of Fiji, across the antimeridian
])
def test_no_town_near_the_point_gives_none(latitude, longitude):
    assert nearest_place(latitude, longitude) is None


def test_the_distance_limit_is_kept():
    # GeoNames' New Delhi is ~1 km from Connaught Place.
    assert nearest_place(28.61390, 77.20900, within_km=0.5) is None
    assert nearest_place(28.61390, 77.20900, within_km=1.5).label == "New Delhi, Delhi, India"


@pytest.mark.parametrize(("latitude", "longitude"), [(90.5, 0.0), (-91.0, 10.0), (10.0, 180.5), (10.0, -200.0)])
def test_impossible_coordinates_are_refused(latitude, longitude):
    with pytest.raises(InputError, match="not a place on Earth"):
        nearest_place(latitude, longitude)


def test_every_entry_is_found_at_its_own_coordinates():
    # A property over 300 random rows, antimeridian and high latitudes included: the
    # nearest town to a gazetteer entry's own point is that entry or one within 2 km.
    index = gazetteer._get_index()
    rows = random.Random(42).sample(range(len(index.latitude)), 300)
    for r in rows:
        latitude, longitude = index.latitude[r], index.longitude[r]
        town = nearest_place(latitude, longitude)
        assert town is not None
        assert gazetteer._great_circle_km(latitude, longitude, town.latitude, town.longitude) <= 2.0 + 1e-9


@pytest.mark.parametrize(("latitude", "longitude"), [
    (28.61390, 77.20900), (19.04000, 72.85400), (48.85660, 2.35220), (27.71720, 85.32400), (26.91240, 75.78730),
])
def test_the_town_named_resolves_back_to_itself(latitude, longitude):
    # A button's payload carries the label; typed back, it must be the same town.
    town = nearest_place(latitude, longitude)
    assert resolve_place(town.label) == town


def test_the_great_circle_distance():
    # Delhi (28.6139, 77.2090) to Mumbai (19.0760, 72.8777): the air distance usually
    # quoted for the two cities is about 1,150 km.
    assert gazetteer._great_circle_km(28.6139, 77.2090, 19.0760, 72.8777) == pytest.approx(1148, abs=3)
    # Across the antimeridian: one degree of longitude on the equator, 111.2 km.
    assert gazetteer._great_circle_km(0.0, 179.5, 0.0, -179.5) == pytest.approx(111.2, abs=0.1)


def test_a_lookup_is_quick():
    points = [(28.6139, 77.209), (48.8566, 2.3522), (40.7128, -74.006), (0.0, -30.0), (51.5, -0.12)]
    started = time.perf_counter()
    for latitude, longitude in points * 10:
        nearest_place(latitude, longitude)
    assert (time.perf_counter() - started) / 50 < 0.05  # ~1-8 ms measured on the project machine
