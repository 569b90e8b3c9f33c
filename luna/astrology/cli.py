"""The `luna` command: the astrology engine on the command line, one JSON object per call.

Exit status 0 with JSON on stdout; 2 with a one-line message on stderr for bad input;
1 when the machine cannot compute (ephemeris files missing). Engine modules are
imported inside the commands so `luna --help` and argument errors stay instant.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import time
from typing import Any

from .errors import EphemerisUnavailable, InputError


class _Parser(argparse.ArgumentParser):
    """argparse, but errors become InputError so they print as one line with exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(message)


def _add_location(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    parser.add_argument(f"--{prefix}place", help='"City[, State][, Country]", resolved offline')
    parser.add_argument(f"--{prefix}lat", type=float, help="latitude in degrees, north positive")
    parser.add_argument(f"--{prefix}lon", type=float, help="longitude in degrees, east positive")
    parser.add_argument(f"--{prefix}tz", help="IANA time zone, e.g. Asia/Kolkata")


def _add_birth(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    parser.add_argument(f"--{prefix}date", required=True, help="YYYY-MM-DD")
    parser.add_argument(f"--{prefix}time", required=True, help="HH:MM, 24 h, local civil time")
    _add_location(parser, prefix)


def _option(args: argparse.Namespace, prefix: str, name: str) -> Any:
    return getattr(args, (prefix + name).replace("-", "_"))


def _location(args: argparse.Namespace, prefix: str = "") -> tuple[float, float, str, dict]:
    """(latitude, longitude, time zone, JSON place block) from --place or --lat/--lon/--tz."""
    from .contract import where
    from .moment import time_zone

    place_text = _option(args, prefix, "place")
    coordinates = [_option(args, prefix, name) for name in ("lat", "lon", "tz")]
    if place_text is not None:
        if any(value is not None for value in coordinates):
            raise InputError(f"give either --{prefix}place or --{prefix}lat/--{prefix}lon/--{prefix}tz, not both")
        from .places import resolve_place

        place = resolve_place(place_text)
        return place.latitude, place.longitude, place.timezone, where(
            place.latitude, place.longitude, place.timezone, place
        )
    if any(value is None for value in coordinates):
        raise InputError(f"give --{prefix}place, or all of --{prefix}lat, --{prefix}lon and --{prefix}tz")
    latitude, longitude, zone_name = coordinates
    zone_name = time_zone(zone_name).key
    return latitude, longitude, zone_name, where(latitude, longitude, zone_name)


def _birth_chart(args: argparse.Namespace, prefix: str = "", date_text: str | None = None,
                 time_text: str | None = None):
    """The chart for the birth flags with `prefix` (date/time may be given explicitly)."""
    from .chart import cast_chart
    from .moment import local_moment, parse_date, parse_time

    day = parse_date(date_text or _option(args, prefix, "date"))
    clock = parse_time(time_text or _option(args, prefix, "time"))
    latitude, longitude, zone_name, place_block = _location(args, prefix)
    return cast_chart(local_moment(day, clock, zone_name), latitude, longitude), place_block


def _kundli(args: argparse.Namespace) -> dict:
    from .contract import kundli_json

    chart, place_block = _birth_chart(args)
    return kundli_json(chart, place_block)


def _dasha(args: argparse.Namespace) -> dict:
    from luna import clock

    from .contract import dasha_json
    from .moment import local_moment, parse_date, time_zone

    chart, _ = _birth_chart(args)
    on = parse_date(args.on) if args.on else clock.today_in(time_zone(chart.moment.timezone))
    on_jd = local_moment(on, time(12, 0), chart.moment.timezone).jd_ut
    return dasha_json(chart, on_jd, on.isoformat())


def _match(args: argparse.Namespace) -> dict:
    from .contract import match_json
    from .matching import ashtakoota, interpret_total, manglik

    boy, _ = _birth_chart(args, "boy-")
    girl, _ = _birth_chart(args, "girl-")
    result = ashtakoota(boy.moon.longitude, girl.moon.longitude)

    def status(chart):
        return manglik(chart.planet("Mars").sign, chart.lagna.sign, chart.moon.sign)

    return match_json(result, boy, girl, status(boy), status(girl), interpret_total(result.total))


def _panchang(args: argparse.Namespace) -> dict:
    from .contract import panchang_json
    from .moment import parse_date
    from .panchang import panchang

    day = parse_date(args.date)
    latitude, longitude, zone_name, place_block = _location(args)
    return panchang_json(panchang(day, latitude, longitude, zone_name), place_block)


def _transits(args: argparse.Namespace) -> dict:
    from .contract import transits_json
    from .moment import local_moment, parse_date
    from .transits import transits
    from .zodiac import sign_named

    day = parse_date(args.date)
    if args.moon_sign:
        try:
            moon_sign = sign_named(args.moon_sign)
        except ValueError:
            raise InputError(f"'{args.moon_sign}' is not a zodiac sign (Aries ... Pisces).") from None
        _, _, zone_name, _ = _location(args)
    elif args.birth_date and args.birth_time:
        chart, _ = _birth_chart(args, date_text=args.birth_date, time_text=args.birth_time)
        moon_sign, zone_name = chart.moon.sign, chart.moment.timezone
    else:
        raise InputError("give --moon-sign, or --birth-date and --birth-time with the birth place")
    jd = local_moment(day, time(12, 0), zone_name).jd_ut
    return transits_json(transits(jd, moon_sign), zone_name)


def _place(args: argparse.Namespace) -> dict:
    from .contract import place_json
    from .errors import AmbiguousPlace
    from .places import resolve_place

    try:
        return place_json(args.query, [resolve_place(args.query)], resolved=True)
    except AmbiguousPlace as ambiguous:
        return place_json(args.query, ambiguous.candidates, resolved=False)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="luna", description="Vedic astrology from the Swiss Ephemeris, as JSON.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, handler: Callable[[argparse.Namespace], dict], help_text: str):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    _add_birth(command("kundli", _kundli, "birth chart: planets, lagna, D9, dasha, warnings"))
    dasha = command("dasha", _dasha, "Vimshottari mahadashas with antardashas, and what runs on a date")
    _add_birth(dasha)
    dasha.add_argument("--on", help="YYYY-MM-DD (default today)")
    match = command("match", _match, "Ashtakoota guna milan and manglik check")
    _add_birth(match, "boy-")
    _add_birth(match, "girl-")
    panchang = command("panchang", _panchang, "tithi, nakshatra, yoga, karana, vara at local sunrise")
    panchang.add_argument("--date", required=True, help="YYYY-MM-DD")
    _add_location(panchang)
    transit = command("transits", _transits, "planets on a date counted from the natal Moon sign")
    transit.add_argument("--date", required=True, help="YYYY-MM-DD, the day of the transits")
    transit.add_argument("--moon-sign", help="natal Moon sign, e.g. Leo")
    transit.add_argument("--birth-date", help="YYYY-MM-DD (instead of --moon-sign)")
    transit.add_argument("--birth-time", help="HH:MM")
    _add_location(transit)
    place = command("place", _place, "resolve a place name to coordinates and time zone")
    place.add_argument("query", help='"City[, State][, Country]"')
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        result = args.handler(args)
    except InputError as error:
        print(f"luna: {_one_line(str(error))}", file=sys.stderr)
        return 2
    except EphemerisUnavailable as error:
        print(f"luna: {_one_line(str(error))}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _one_line(message: str) -> str:
    return " ".join(message.split())


if __name__ == "__main__":
    sys.exit(main())
