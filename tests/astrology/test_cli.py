"""The `luna` command as other tools use it: JSON on stdout, exit 2 and one line on bad input."""

import json
import os
import subprocess
import sys

import pytest

LUNA = os.path.join(os.path.dirname(sys.executable), "luna")
PUNE = ["--lat", "18.52", "--lon", "73.86", "--tz", "Asia/Kolkata"]
BIRTH = ["--date", "1990-03-05", "--time", "22:30"]


def luna(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([LUNA, *args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def ok(*args: str) -> dict:
    result = luna(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_kundli_contract():
    data = ok("kundli", *BIRTH, *PUNE)
    assert data["ayanamsa"]["name"] == "lahiri" and 23.7 < data["ayanamsa"]["degrees"] < 23.8
    assert set(data["lagna"]) >= {"longitude", "sign", "nakshatra", "pada"}
    assert list(data["planets"]) == ["Sun", "Moon", "Mars", "Mercury", "Jupiter", "Venus", "Saturn", "Rahu", "Ketu"]
    for planet in data["planets"].values():
        assert set(planet) >= {"longitude", "sign", "house", "nakshatra", "pada", "retrograde"}
        assert 0 <= planet["longitude"] < 360 and 1 <= planet["house"] <= 12
        assert 1 <= planet["nakshatra"] <= 27 and 1 <= planet["pada"] <= 4
    dasha = data["dasha"]
    assert dasha["system"] == "vimshottari"
    assert dasha["mahadashas"][0]["start"] < "1990-03-05" < dasha["mahadashas"][0]["end"]
    assert dasha["mahadashas"][-1]["end"] >= "2110-03-05"
    assert isinstance(data["warnings"], list)
    assert data["input"]["utc_offset"] == "+05:30"


def test_kundli_by_place_name_matches_coordinates():
    by_name = ok("kundli", *BIRTH, "--place", "Pune, India")
    assert by_name["input"]["place"]["label"].startswith("Pune")
    assert by_name["input"]["place"]["timezone"] == "Asia/Kolkata"
    assert by_name["planets"]["Moon"]["sign"] == "Gemini"


def test_dasha_on_a_date():
    data = ok("dasha", *BIRTH, *PUNE, "--on", "2025-01-01")
    assert data["mahadasha"]["lord"] == "Saturn"
    assert data["mahadasha"]["start"] <= "2025-01-01" <= data["mahadasha"]["end"]
    assert data["antardasha"]["start"] <= "2025-01-01" <= data["antardasha"]["end"]
    assert data["next_antardasha"]["start"] == data["antardasha"]["end"]
    assert len(data["mahadashas"][0]["antardashas"]) == 9


def test_dasha_without_a_date_is_for_today_at_the_birth_place(monkeypatch):
    # LUNA_NOW freezes the clock of a whole process: 20:00 UTC is already the 26th in Pune.
    monkeypatch.setenv("LUNA_NOW", "2026-11-25T20:00:00Z")
    assert ok("dasha", *BIRTH, *PUNE)["on"] == "2026-11-26"


def test_match_contract():
    data = ok(
        "match",
        "--boy-date", "1990-03-05", "--boy-time", "22:30", "--boy-lat", "18.52", "--boy-lon", "73.86",
        "--boy-tz", "Asia/Kolkata",
        "--girl-date", "1992-07-14", "--girl-time", "06:15", "--girl-lat", "28.61", "--girl-lon", "77.21",
        "--girl-tz", "Asia/Kolkata",
    )
    assert data["max"] == 36
    assert list(data["kootas"]) == ["varna", "vashya", "tara", "yoni", "graha_maitri", "gana", "bhakoot", "nadi"]
    assert data["total"] == pytest.approx(sum(data["kootas"].values()))
    assert isinstance(data["boy"]["manglik"], bool) and isinstance(data["girl"]["manglik"], bool)


def test_panchang_contract():
    data = ok("panchang", "--date", "2025-11-22", "--lat", "28.6139", "--lon", "77.2090", "--tz", "Asia/Kolkata")
    assert data["tithi"] == {"number": 2, "name": "Shukla Dwitiya"}
    assert data["nakshatra"] == {"number": 18, "name": "Jyeshtha"}
    assert data["vara"] == "Saturday" and data["sunrise"] == "06:49" and data["sunset"] == "17:25"
    assert 1 <= data["karana"]["number"] <= 60 and 1 <= data["yoga"]["number"] <= 27


def test_transits_from_moon_sign():
    # Saturn was in sidereal Pisces through 2025-2026: sade sati peak for a Pisces Moon.
    data = ok("transits", "--date", "2025-11-25", "--moon-sign", "Pisces", *PUNE)
    assert data["planets"]["Saturn"]["sign"] == "Pisces"
    assert data["planets"]["Saturn"]["house_from_moon"] == 1
    assert data["sade_sati"]["running"] is True
    leo = ok("transits", "--date", "2025-11-25", "--moon-sign", "leo", *PUNE)
    assert leo["sade_sati"]["running"] is False and leo["dhaiya"] is True  # Saturn 8th from Leo


def test_place_lists_candidates_for_an_ambiguous_name():
    data = ok("place", "Hyderabad")
    assert data["status"] == "ambiguous"
    assert data["candidates"][0]["country_code"] == "IN"
    assert ok("place", "Bombay")["candidates"][0]["name"] == "Mumbai"


@pytest.mark.parametrize(
    "args",
    [
        ["kundli", "--date", "1990-02-31", "--time", "10:00", *PUNE],
        ["kundli", "--date", "10000-01-01", "--time", "10:00", *PUNE],
        ["kundli", "--date", "1990-01-01", "--time", "24:61", *PUNE],
        ["kundli", *BIRTH, "--lat", "91", "--lon", "73", "--tz", "Asia/Kolkata"],
        ["kundli", *BIRTH, "--lat", "18", "--lon", "181", "--tz", "Asia/Kolkata"],
        ["kundli", *BIRTH, "--lat", "18", "--lon", "73", "--tz", "Asia/Bombay_Old"],
        ["kundli", *BIRTH, "--lat", "north", "--lon", "73", "--tz", "Asia/Kolkata"],
        ["kundli", *BIRTH, "--place", ""],
        ["kundli", *BIRTH, "--place", "Xyzzyville Qwerty"],
        ["kundli", *BIRTH, "--place", "Hyderabad"],
        ["kundli", *BIRTH, "--place", "Pune", "--lat", "18"],
        ["kundli", *BIRTH],
        ["kundli", "--time", "10:00", *PUNE],
        ["panchang", "--date", "2024-02-30", *PUNE],
        ["panchang", "--date", "2024-12-21", "--lat", "69.65", "--lon", "18.96", "--tz", "Europe/Oslo"],
        ["transits", "--date", "2025-01-01", "--moon-sign", "Ophiuchus", *PUNE],
        ["match", "--boy-date", "1990-01-01"],
        ["horoscope"],
        [],
    ],
)
def test_bad_input_exits_2_with_one_line(args):
    result = luna(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("luna: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_help_exits_0():
    result = luna("--help")
    assert result.returncode == 0 and "kundli" in result.stdout
