"""Show your working: the conventions behind the user's chart and how sure its answers are."""

from __future__ import annotations

from actions.conversation.birth_profile import BirthDetails
from actions.conversation.content import say
from luna.astrology import (
    AYANAMSA_NAME,
    BIRTH_TIME_TOLERANCE_MINUTES,
    DASHA_YEAR_DAYS,
    EPHEMERIS_FIRST_YEAR,
    EPHEMERIS_LAST_YEAR,
    LIBRARY_VERSION,
    NODE_TYPE,
    SUNRISE_CONVENTION,
    Chart,
)


def degrees_minutes_seconds(value: float) -> str:
    seconds = round(value * 3600)
    return f"{seconds // 3600}°{seconds % 3600 // 60:02d}′{seconds % 60:02d}″"


def working_messages(details: BirthDetails, chart: Chart) -> list[str]:
    moment = chart.moment
    messages = [say(
        "working",
        name=details.name,
        ayanamsa=AYANAMSA_NAME.capitalize(),
        ayanamsa_value=degrees_minutes_seconds(chart.ayanamsa),
        node=NODE_TYPE,
        local=moment.local.strftime("%d %b %Y %H:%M"),
        place=details.place_label,
        latitude=f"{abs(details.latitude):.4f}°{'N' if details.latitude >= 0 else 'S'}",
        longitude=f"{abs(details.longitude):.4f}°{'E' if details.longitude >= 0 else 'W'}",
        timezone=moment.timezone,
        utc_offset=moment.utc_offset,
        dst="daylight saving time" if moment.dst else "standard time",
        ephemeris=f"Swiss Ephemeris {LIBRARY_VERSION} data files ({EPHEMERIS_FIRST_YEAR}-{EPHEMERIS_LAST_YEAR})",
        dasha_year=f"{DASHA_YEAR_DAYS:g}",
        sunrise=SUNRISE_CONVENTION,
    )]
    messages.extend(say("kundli_clock_change", note=note) for note in moment.notes)
    if details.clock is None:
        messages.append(say("working_time_unknown"))
    elif chart.warnings:
        messages.append(say("working_boundaries", tolerance=f"{BIRTH_TIME_TOLERANCE_MINUTES:g}",
                            warnings="\n".join(f"• {warning.message}" for warning in chart.warnings)))
    else:
        messages.append(say("working_no_boundaries", tolerance=f"{BIRTH_TIME_TOLERANCE_MINUTES:g}"))
    return messages
