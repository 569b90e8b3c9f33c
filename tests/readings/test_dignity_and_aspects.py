"""Dignity by sign (BPHS ch. 3) and graha drishti (BPHS ch. 26)."""

from datetime import date

import pytest

from luna.astrology.zodiac import SIGNS
from luna.readings import predict
from luna.readings.dignity import dignity
from luna.readings.houses import aspected_houses, lord_of_house


@pytest.mark.parametrize(
    ("planet", "sign", "expected"),
    [
        ("Sun", "Aries", "exalted"), ("Sun", "Libra", "debilitated"), ("Sun", "Leo", "own"),
        ("Moon", "Taurus", "exalted"), ("Moon", "Scorpio", "debilitated"), ("Moon", "Cancer", "own"),
        ("Mars", "Capricorn", "exalted"), ("Mars", "Cancer", "debilitated"), ("Mars", "Scorpio", "own"),
        ("Mercury", "Virgo", "exalted"), ("Mercury", "Pisces", "debilitated"), ("Mercury", "Gemini", "own"),
        ("Jupiter", "Cancer", "exalted"), ("Jupiter", "Capricorn", "debilitated"), ("Jupiter", "Pisces", "own"),
        ("Venus", "Pisces", "exalted"), ("Venus", "Virgo", "debilitated"), ("Venus", "Libra", "own"),
        ("Saturn", "Libra", "exalted"), ("Saturn", "Aries", "debilitated"), ("Saturn", "Aquarius", "own"),
        ("Jupiter", "Gemini", "neutral"), ("Rahu", "Taurus", "neutral"), ("Ketu", "Scorpio", "neutral"),
    ],
)
def test_dignities(planet, sign, expected):
    assert dignity(planet, SIGNS.index(sign)) == expected


@pytest.mark.parametrize(
    ("planet", "house", "aspected"),
    [
        ("Sun", 1, {7}),
        ("Mars", 1, {4, 7, 8}),
        ("Jupiter", 10, {2, 4, 6}),
        ("Saturn", 12, {2, 6, 9}),
        ("Rahu", 4, {8, 10, 12}),
    ],
)
def test_graha_drishti(planet, house, aspected):
    assert aspected_houses(planet, house) == aspected


def test_house_lords_count_from_the_reference_sign():
    libra = SIGNS.index("Libra")
    assert [lord_of_house(house, libra) for house in (1, 7, 10)] == ["Venus", "Mars", "Moon"]


def test_the_pune_marriage_reading_names_exalted_mars(pune_chart):
    # Libra lagna: the 7th is Aries, its lord Mars sits in Capricorn, its exaltation sign.
    reading = predict(pune_chart, "marriage", on=date(2026, 11, 25))
    assert "its lord Mars sits in your 4th, in Capricorn, exalted (uchcha)" in reading.text
    assert reading.statements[0].effect == "positive"
