"""The JSON shapes of the `luna` command (../shared/SPEC.md), built from engine objects.

Other tools read these keys; extra keys may be added, the specified ones never renamed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import dasha as vimshottari
from .conventions import AYANAMSA_NAME, NODE_TYPE, SUNRISE_CONVENTION
from .moment import Moment, date_from_jd, format_offset, local_datetime
from .zodiac import SIGNS

if TYPE_CHECKING:  # only for annotations: keeps `luna kundli` from importing every module
    from .chart import Chart, Position
    from .matching import Ashtakoota, Manglik
    from .panchang import Limb, Panchang
    from .transits import Transits

_DECIMALS = 6  # 0.0036 arcseconds: far below the ephemeris' own precision


def where(latitude: float, longitude: float, timezone: str, place: Any = None) -> dict:
    """The place block: coordinates always, the gazetteer entry when one was used."""
    block = {"latitude": latitude, "longitude": longitude, "timezone": timezone}
    if place is not None:
        block.update(name=place.name, label=place.label, country=place.country)
    return block


def moment_json(moment: Moment, place_block: dict) -> dict:
    return {
        "date": moment.local.date().isoformat(),
        "time": moment.local.strftime("%H:%M"),
        "place": place_block,
        "utc_offset": moment.utc_offset,
        "dst": moment.dst,
        "jd_ut": round(moment.jd_ut, _DECIMALS),
        "notes": list(moment.notes),
    }


def position_json(position: Position, with_house: bool = True) -> dict:
    block = {
        "longitude": round(position.longitude, _DECIMALS),
        "sign": position.sign_name,
        "degree_in_sign": round(position.degree_in_sign, _DECIMALS),
        "nakshatra": position.nakshatra + 1,
        "nakshatra_name": position.nakshatra_name,
        "nakshatra_lord": position.nakshatra_lord,
        "pada": position.pada,
        "navamsa_sign": position.navamsa_name,
    }
    if with_house:
        block["house"] = position.house
        block["retrograde"] = position.retrograde
        block["speed"] = round(position.speed, _DECIMALS)
    return block


def period_json(period: vimshottari.DashaPeriod, utc_offset_hours: float) -> dict:
    """Dates are local calendar dates at the birth place's offset."""
    shift = utc_offset_hours / 24.0
    return {
        "lord": period.lord,
        "start": date_from_jd(period.start_jd + shift).isoformat(),
        "end": date_from_jd(period.end_jd + shift).isoformat(),
    }


def kundli_json(chart: Chart, place_block: dict) -> dict:
    offset = chart.moment.utc_offset_hours
    warnings = [
        {
            "kind": "boundary",
            "body": warning.body,
            "boundary": warning.boundary,
            "current": warning.current,
            "neighbour": warning.neighbour,
            "arcminutes": round(warning.distance * 60.0, 2),
            "minutes": None if warning.minutes is None else round(warning.minutes, 1),
            "message": warning.message,
        }
        for warning in chart.warnings
    ]
    warnings.extend({"kind": "clock_change", "message": note} for note in chart.moment.notes)
    return {
        "input": moment_json(chart.moment, place_block),
        "ayanamsa": {"name": AYANAMSA_NAME, "degrees": round(chart.ayanamsa, _DECIMALS)},
        "conventions": {
            "zodiac": "sidereal",
            "ayanamsa": AYANAMSA_NAME,
            "node": NODE_TYPE,
            "houses": "whole sign",
            "ephemeris": "Swiss Ephemeris data files (apparent positions)",
        },
        "lagna": position_json(chart.lagna, with_house=False),
        "planets": {position.name: position_json(position) for position in chart.planets},
        "dasha": {
            "system": "vimshottari",
            "mahadashas": [period_json(period, offset) for period in chart.mahadashas],
        },
        "warnings": warnings,
    }


def dasha_json(chart: Chart, on_jd: float, on_label: str) -> dict:
    offset = chart.moment.utc_offset_hours
    current = vimshottari.running(chart.mahadashas, on_jd)
    block: dict[str, Any] = {
        "system": "vimshottari",
        "on": on_label,
        "mahadashas": [
            {**period_json(period, offset),
             "antardashas": [period_json(sub, offset) for sub in vimshottari.antardashas(period)]}
            for period in chart.mahadashas
        ],
        "mahadasha": None,
        "antardasha": None,
        "next_antardasha": None,
    }
    if current is not None:
        subs = vimshottari.antardashas(current)
        sub = vimshottari.running(subs, on_jd)
        block["mahadasha"] = period_json(current, offset)
        block["antardasha"] = period_json(sub, offset)
        following = [s for s in subs if s.start_jd >= sub.end_jd]
        if not following:
            later = [p for p in chart.mahadashas if p.start_jd >= current.end_jd]
            following = list(vimshottari.antardashas(later[0])) if later else []
        if following:
            block["next_antardasha"] = period_json(following[0], offset)
    return block


def clock_time(moment: datetime) -> str:
    """HH:MM rounded to the nearest minute, as almanacs print times."""
    return (moment + timedelta(seconds=30)).strftime("%H:%M")


def limb_json(limb: Limb) -> dict:
    return {"number": limb.number, "name": limb.name}


def panchang_json(day: Panchang, place_block: dict) -> dict:
    return {
        "date": day.day.isoformat(),
        "place": place_block,
        "tithi": limb_json(day.tithi),
        "nakshatra": limb_json(day.nakshatra),
        "yoga": limb_json(day.yoga),
        "karana": limb_json(day.karana),
        "vara": day.vara,
        "sunrise": clock_time(day.sunrise),
        "sunset": clock_time(day.sunset),
        "rahu_kaal": {"start": clock_time(day.rahu_kaal[0]), "end": clock_time(day.rahu_kaal[1])},
        "utc_offset": format_offset(round(day.sunrise.utcoffset() / timedelta(minutes=1))),
        "sunrise_convention": SUNRISE_CONVENTION,
    }


def manglik_json(status: Manglik) -> dict:
    return {
        "manglik": status.is_manglik,
        "mars_house_from_lagna": status.from_lagna,
        "mars_house_from_moon": status.from_moon,
        "reasons": list(status.reasons),
    }


def match_json(result: Ashtakoota, boy: Chart, girl: Chart, boy_manglik: Manglik,
               girl_manglik: Manglik, interpretation: str) -> dict:
    return {
        "total": result.total,
        "max": result.max,
        "kootas": result.points,
        "details": [
            {"koota": koota.name, "points": koota.points, "max": koota.max_points,
             "boy": koota.boy, "girl": koota.girl, "note": koota.note}
            for koota in result.kootas
        ],
        "interpretation": interpretation,
        "boy": {"moon_sign": boy.moon.sign_name, "nakshatra": boy.moon.nakshatra_name,
                "pada": boy.moon.pada, **manglik_json(boy_manglik)},
        "girl": {"moon_sign": girl.moon.sign_name, "nakshatra": girl.moon.nakshatra_name,
                 "pada": girl.moon.pada, **manglik_json(girl_manglik)},
    }


# How the JSON has always named each phase of sade sati (keyed by transits.SADE_SATI_PHASES).
_SADE_SATI_PHASE_LABELS = {
    "rising": "rising (12th from the Moon)",
    "peak": "peak (over the Moon sign)",
    "setting": "setting (2nd from the Moon)",
}


def transits_json(sky: Transits, zone_name: str) -> dict:
    return {
        "date": local_datetime(sky.jd_ut, zone_name).date().isoformat(),
        "moon_sign": SIGNS[sky.moon_sign],
        "planets": {
            transit.planet: {
                "longitude": round(transit.longitude, _DECIMALS),
                "sign": transit.sign_name,
                "house_from_moon": transit.house_from_moon,
                "nakshatra": transit.nakshatra + 1,
                "nakshatra_name": transit.nakshatra_name,
                "retrograde": transit.retrograde,
            }
            for transit in sky.planets
        },
        "sade_sati": {
            "running": sky.sade_sati,
            "phase": _SADE_SATI_PHASE_LABELS[sky.sade_sati_phase] if sky.sade_sati_phase else None,
        },
        "dhaiya": sky.dhaiya,
    }


def place_json(query: str, candidates: list, resolved: bool) -> dict:
    return {
        "query": query,
        "status": "resolved" if resolved else "ambiguous",
        "candidates": [
            {"name": c.name, "label": c.label, "admin1": c.admin1, "country": c.country,
             "country_code": c.country_code, "latitude": c.latitude, "longitude": c.longitude,
             "timezone": c.timezone, "population": c.population}
            for c in candidates
        ],
    }
