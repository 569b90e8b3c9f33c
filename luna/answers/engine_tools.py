"""The engine as tools the LLM may call (OpenAI function calling).

A question may need a fact that is not in the prompt: the sky on a date, the dasha running
in 2031, when Saturn changes sign, the partner's chart. The model asks; the engine
computes. Every tool returns plain JSON-ready data, or {"error": ...} for an argument the
engine cannot use, so the model can say so instead of guessing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, time

from luna.answers.chart_facts import ChartFacts, dasha_on, sky_on
from luna.astrology import (
    EPHEMERIS_FIRST_YEAR,
    EPHEMERIS_LAST_YEAR,
    PLANETS,
    SIGNS,
    Chart,
    date_from_jd,
    local_moment,
    next_sign_change,
    whole_sign_house,
)
from luna.clock import now
from luna.llm.tools import Tool

_DATE = {"type": "string", "description": "a calendar date, YYYY-MM-DD"}
# Saturn needs about 30 years to go round; anything slower is never asked about.
_LONGEST_SEARCH_DAYS = 366 * 31
_NOON = time(12, 0)


def _day(text: object) -> date:
    if not isinstance(text, str):
        raise ValueError("date must be a string YYYY-MM-DD")
    day = date.fromisoformat(text.strip())
    if not EPHEMERIS_FIRST_YEAR <= day.year <= EPHEMERIS_LAST_YEAR:
        raise ValueError(f"dates from {EPHEMERIS_FIRST_YEAR} to {EPHEMERIS_LAST_YEAR} only")
    return day


def _local_noon_jd(chart: Chart, day: date) -> float:
    return local_moment(day, _NOON, chart.moment.timezone).jd_ut


def engine_tools(chart: Chart, *, partner: Callable[[], ChartFacts | None] | None = None) -> list[Tool]:
    """The tools for questions about `chart`; `partner` gives the partner's facts when the
    conversation holds their birth details (never the user's profile)."""

    def compute(function, *args):
        # The ephemeris is CPU work: off the event loop, like every chart the actions cast.
        return asyncio.to_thread(function, *args)

    async def transits_on(date: str) -> dict:
        day = _day(date)
        return await compute(sky_on, chart, _local_noon_jd(chart, day), day)

    async def dasha_running_on(date: str) -> dict:
        day = _day(date)
        return await compute(dasha_on, chart, _local_noon_jd(chart, day))

    async def next_sign_change_of(planet: str, after: str | None = None) -> dict:
        name = str(planet).strip().title()
        if name not in PLANETS:
            raise ValueError(f"planet must be one of {', '.join(PLANETS)}")
        start = _day(after) if after else now().date()
        ingress = await compute(next_sign_change, name, _local_noon_jd(chart, start), _LONGEST_SEARCH_DAYS)
        if ingress is None:
            return {"planet": name, "change": None}
        return {
            "planet": name,
            "date": date_from_jd(ingress.jd_ut + chart.moment.utc_offset_hours / 24.0).isoformat(),
            "from_sign": SIGNS[ingress.from_sign],
            "to_sign": SIGNS[ingress.to_sign],
            "retrograde": ingress.retrograde,
            "to_house_from_moon": whole_sign_house(ingress.to_sign, chart.moon.sign),
        }

    async def partner_chart() -> dict:
        facts = await compute(partner) if partner else None
        if facts is None:
            return {"error": "no partner details in this conversation: ask the user for the partner's "
                             "date, time and place of birth (or offer kundli matching)"}
        return facts.data

    return [
        Tool("transits_on", "The sky on a date for this user: each planet's sign and house from the "
             "natal Moon, and whether sade sati or dhaiya runs then.",
             {"type": "object", "properties": {"date": _DATE}, "required": ["date"]}, transits_on),
        Tool("dasha_running_on", "The Vimshottari mahadasha and antardasha running on a date, with "
             "their start and end dates, and the next mahadasha.",
             {"type": "object", "properties": {"date": _DATE}, "required": ["date"]}, dasha_running_on),
        Tool("next_sign_change", "When a planet next changes sidereal sign after a date (default today), "
             "and the house from the natal Moon it enters (for example the end of sade sati).",
             {"type": "object", "properties": {"planet": {"type": "string", "enum": list(PLANETS)},
                                               "after": _DATE}, "required": ["planet"]},
             next_sign_change_of),
        Tool("partner_chart", "The chart facts of the partner whose birth details the user gave in "
             "this conversation (for matching questions).",
             {"type": "object", "properties": {}}, partner_chart),
    ]

