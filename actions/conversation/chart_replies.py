"""Chart answers: engine results put into the words of content/conversation.yml."""

from __future__ import annotations

from datetime import date, time

from actions.conversation.birth_profile import BirthDetails
from actions.conversation.content import say
from luna import clock
from luna.astrology import LAGNA, Chart, antardashas, dasha_at, date_from_jd, local_moment

# The summary mentions these bodies, so only their boundary warnings are relevant.
_SUMMARY_BODIES = (LAGNA, "Moon", "Sun")


def long_date(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def now_jd() -> float:
    now = clock.now()
    return local_moment(now.date(), now.time().replace(microsecond=0), "UTC").jd_ut


def degrees_in_sign(degree: float) -> str:
    """As astrologers write it, 29°42′: truncated, never rounded, because a lagna at 29.7° of
    Cancer is still in Cancer, and "Cancer (30°)" reads as the cusp of Leo."""
    minutes = int(degree * 60)
    return f"{minutes // 60}°{minutes % 60:02d}′"


def kundli_messages(details: BirthDetails, chart: Chart, jd: float) -> list[str]:
    shift = chart.moment.utc_offset_hours / 24.0
    mahadasha, antardasha = dasha_at(chart.mahadashas, jd)
    messages = [
        say(
            "kundli_summary",
            name=details.name,
            lagna=chart.lagna.sign_name,
            lagna_degree=degrees_in_sign(chart.lagna.degree_in_sign),
            moon_sign=chart.moon.sign_name,
            nakshatra=chart.moon.nakshatra_name,
            pada=chart.moon.pada,
            sun_sign=chart.planet("Sun").sign_name,
            mahadasha=mahadasha.lord if mahadasha else "-",
            mahadasha_end=long_date(date_from_jd(mahadasha.end_jd + shift)) if mahadasha else "-",
            antardasha=antardasha.lord if antardasha else "-",
            antardasha_end=long_date(date_from_jd(antardasha.end_jd + shift)) if antardasha else "-",
            birth=_birth_line(details),
            utc_offset=chart.moment.utc_offset,
        )
    ]
    if details.clock is None:
        messages.append(say("kundli_time_unknown", moon_note=_moon_note(details)))
    else:
        messages.extend(
            say("kundli_boundary", warning=warning.message)
            for warning in chart.warnings
            if warning.body in _SUMMARY_BODIES
        )
    messages.extend(say("kundli_clock_change", note=note) for note in chart.moment.notes)
    return messages


def dasha_messages(details: BirthDetails, chart: Chart, jd: float) -> list[str]:
    shift = chart.moment.utc_offset_hours / 24.0
    mahadasha, antardasha = dasha_at(chart.mahadashas, jd)
    if mahadasha is None or antardasha is None:
        return [say("dasha_out_of_range")]
    subs = antardashas(mahadasha)
    following = [s for s in subs if s.start_jd >= antardasha.end_jd]
    later = [p for p in chart.mahadashas if p.start_jd >= mahadasha.end_jd]
    next_sub = following[0] if following else (antardashas(later[0])[0] if later else None)
    next_major = later[0] if later else None
    return [
        say(
            "dasha_summary",
            name=details.name,
            mahadasha=mahadasha.lord,
            mahadasha_start=long_date(date_from_jd(mahadasha.start_jd + shift)),
            mahadasha_end=long_date(date_from_jd(mahadasha.end_jd + shift)),
            antardasha=antardasha.lord,
            antardasha_start=long_date(date_from_jd(antardasha.start_jd + shift)),
            antardasha_end=long_date(date_from_jd(antardasha.end_jd + shift)),
            next_antardasha=next_sub.lord if next_sub else "-",
            next_mahadasha=next_major.lord if next_major else "-",
            next_mahadasha_start=long_date(date_from_jd(next_major.start_jd + shift)) if next_major else "-",
        )
    ]


def _birth_line(details: BirthDetails) -> str:
    clock = details.clock.strftime("%I:%M %p").lstrip("0").lower() if details.clock else "time unknown"
    return f"{long_date(details.day)}, {clock}, {details.place_label}"


def _moon_note(details: BirthDetails) -> str:
    """Whether the Moon's sign or nakshatra changed during the birth day."""
    first = BirthDetails(**{**details.__dict__, "clock": time(0, 0)}).chart().moon
    last = BirthDetails(**{**details.__dict__, "clock": time(23, 59)}).chart().moon
    if first.sign != last.sign:
        return say("moon_changed_sign", first=first.sign_name, last=last.sign_name)
    if first.nakshatra != last.nakshatra:
        return say("moon_changed_nakshatra", first=first.nakshatra_name, last=last.nakshatra_name)
    return say("moon_steady", sign=first.sign_name, nakshatra=first.nakshatra_name)
