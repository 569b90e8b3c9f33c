"""The facts of one person's chart that a question may need, computed by the engine.

This is the only astrology an answer may state: the LLM gets it as data, the offline
answers fill their templates from it, and the reply check compares claims against it.
It holds no name and no place: they are not needed to explain a chart, and leaving them
out keeps user-typed text (where an injection could hide) out of the prompt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from luna.astrology import (
    Chart,
    DashaPeriod,
    antardashas,
    date_from_jd,
    manglik,
    running,
    time_zone,
    transits,
)
from luna.readings.dignity import dignity

# Julian day of 1970-01-01 00:00 UT.
_UNIX_EPOCH_JD = 2440587.5


def julian_day(instant: datetime) -> float:
    return _UNIX_EPOCH_JD + instant.astimezone(timezone.utc).timestamp() / 86400.0


@dataclass(frozen=True)
class ChartFacts:
    """JSON-ready facts (`data`) plus the few values code needs by name."""

    data: dict

    @property
    def time_known(self) -> bool:
        return self.data["birth_time_known"]

    def planet(self, name: str) -> dict:
        return self.data["planets"][name]

    @property
    def moon_sign(self) -> str:
        return self.data["moon"]["sign"]

    @property
    def lagna_sign(self) -> str | None:
        return self.data["lagna"]["sign"] if self.data["lagna"] else None

    @property
    def sade_sati(self) -> dict:
        return self.data["today"]["sade_sati"]

    @property
    def dasha(self) -> dict:
        return self.data["dasha"]

    @property
    def manglik(self) -> dict | None:
        return self.data["manglik"]


def _period(period: DashaPeriod | None, offset_days: float) -> dict | None:
    if period is None:
        return None
    return {
        "lord": period.lord,
        "start": date_from_jd(period.start_jd + offset_days).isoformat(),
        "end": date_from_jd(period.end_jd + offset_days).isoformat(),
    }


def dasha_on(chart: Chart, on_jd: float) -> dict:
    """The mahadasha and antardasha running at `on_jd`, with the next mahadasha."""
    offset_days = chart.moment.utc_offset_hours / 24.0
    maha = running(chart.mahadashas, on_jd)
    sub = running(antardashas(maha), on_jd) if maha else None
    later = [period for period in chart.mahadashas if maha and period.start_jd >= maha.end_jd]
    return {
        "system": "vimshottari",
        "mahadasha": _period(maha, offset_days),
        "antardasha": _period(sub, offset_days),
        "next_mahadasha": _period(later[0] if later else None, offset_days),
    }


def sky_on(chart: Chart, on_jd: float, on_date: date) -> dict:
    """Gochara on a day: each planet's sign and house from the natal Moon, and sade sati."""
    sky = transits(on_jd, chart.moon.sign)
    return {
        "date": on_date.isoformat(),
        "planets": {
            transit.planet: {
                "sign": transit.sign_name,
                "house_from_moon": transit.house_from_moon,
                "nakshatra": transit.nakshatra_name,
                "retrograde": transit.retrograde,
            }
            for transit in sky.planets
        },
        "sade_sati": {"running": sky.sade_sati, "phase": sky.sade_sati_phase, "dhaiya": sky.dhaiya},
    }


def chart_facts(chart: Chart, *, time_known: bool, now: datetime) -> ChartFacts:
    """The facts of `chart` on the day `now` (timezone-aware)."""
    now_jd = julian_day(now)
    birth_zone_today = now.astimezone(time_zone(chart.moment.timezone)).date()
    lagna = chart.lagna
    planets = {
        position.name: {
            "sign": position.sign_name,
            "degree": round(position.degree_in_sign, 2),
            "nakshatra": position.nakshatra_name,
            "pada": position.pada,
            "dignity": dignity(position.name, position.sign),
            "retrograde": position.retrograde,
            # Houses count from the lagna, which an unknown birth time does not fix.
            "house": position.house if time_known else None,
        }
        for position in chart.planets
    }
    mars = chart.planet("Mars")
    status = manglik(mars.sign, lagna.sign, chart.moon.sign) if time_known else None
    return ChartFacts({
        "birth_time_known": time_known,
        "lagna": {
            "sign": lagna.sign_name,
            "degree": round(lagna.degree_in_sign, 2),
            "nakshatra": lagna.nakshatra_name,
            "lord": lagna.sign_lord,
        } if time_known else None,
        "moon": {"sign": chart.moon.sign_name, "nakshatra": chart.moon.nakshatra_name, "pada": chart.moon.pada},
        "planets": planets,
        "dasha": dasha_on(chart, now_jd),
        "today": sky_on(chart, now_jd, birth_zone_today),
        "manglik": {
            "manglik": status.is_manglik,
            "mars_house_from_lagna": status.from_lagna,
            "mars_house_from_moon": status.from_moon,
            "reasons": list(status.reasons),
        } if status else None,
        "warnings": [warning.message for warning in chart.warnings] if time_known else [],
    })
