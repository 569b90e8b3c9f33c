"""The words Luna's actions say, from content/conversation.yml (owned by content designers).

The file is read once and checked at start-up by Luna's one content checker
(luna.content): every message the code uses must be there as text, with only the
placeholders the code fills and no word of doom, so a typo in the YAML stops the action
server with a clear message instead of breaking a user's turn.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from luna.content import CONTENT_DIR, Fields, Text, load_checked

CONTENT_FILE = CONTENT_DIR / "conversation.yml"

# Each message the code uses, with the placeholders it fills.
MESSAGES: dict[str, frozenset[str]] = {
    "ask_name": frozenset(),
    "ask_birth_date": frozenset(),
    "ask_birth_time": frozenset(),
    "ask_birth_place": frozenset(),
    "which_place": frozenset({"query"}),
    "time_unknown_caveat": frozenset(),
    "time_in_another_zone": frozenset(),
    "kundli_summary": frozenset({
        "name", "lagna", "lagna_degree", "moon_sign", "nakshatra", "pada", "sun_sign", "mahadasha",
        "mahadasha_end", "antardasha", "antardasha_end", "birth", "utc_offset",
    }),
    "kundli_time_unknown": frozenset({"moon_note"}),
    "moon_changed_sign": frozenset({"first", "last"}),
    "moon_changed_nakshatra": frozenset({"first", "last"}),
    "moon_steady": frozenset({"sign", "nakshatra"}),
    "kundli_boundary": frozenset({"warning"}),
    "kundli_clock_change": frozenset({"note"}),
    "dasha_summary": frozenset({
        "name", "mahadasha", "mahadasha_start", "mahadasha_end", "antardasha", "antardasha_start",
        "antardasha_end", "next_antardasha", "next_mahadasha", "next_mahadasha_start",
    }),
    "dasha_out_of_range": frozenset(),
    "need_birth_details": frozenset(),
    "profile_saved": frozenset({"name"}),
    "profile_not_saved": frozenset(),
    "records_unreachable": frozenset(),
    "update_start": frozenset(),
    "update_kept": frozenset(),
    "match_stopped": frozenset(),
    "partner_time_unknown_caveat": frozenset(),
    "partner_name_unclear": frozenset(),
    "form_paused": frozenset(),
    "navamsa_caption": frozenset({"name"}),
    "ask_panchang_place": frozenset(),
    "panchang": frozenset({"day", "place", "tithi", "nakshatra", "yoga", "karana", "vara", "sunrise", "sunset",
                           "rahu_start", "rahu_end"}),
    "panchang_own_place": frozenset(),
    "panchang_out_of_range": frozenset({"first", "last"}),
    "date_read_as": frozenset({"date"}),
    "ask_name_for_match": frozenset({"partner"}),
    "ask_match_role": frozenset(),
    "match_role_unclear": frozenset(),
    "ask_partner_name": frozenset({"partner"}),
    "ask_partner_birth_date": frozenset({"partner"}),
    "ask_partner_birth_time": frozenset({"partner"}),
    "ask_partner_birth_place": frozenset({"partner"}),
    "match_table": frozenset({"boy", "girl", "boy_moon", "girl_moon", "rows", "total", "max", "meaning"}),
    "match_row": frozenset({"koota", "meaning", "points", "max"}),
    **{f"koota_{koota}": frozenset() for koota in (
        "varna", "vashya", "tara", "yoni", "graha_maitri", "gana", "bhakoot", "nadi")},
    "match_notes": frozenset({"notes"}),
    "manglik_yes": frozenset({"name", "from_lagna", "from_moon"}),
    "manglik_no": frozenset({"name", "from_lagna", "from_moon"}),
    "manglik_note": frozenset(),
    "match_time_unknown": frozenset(),
    "match_next": frozenset(),
    "data_deleted": frozenset(),
    "delete_failed": frozenset(),
    "working": frozenset({"name", "ayanamsa", "ayanamsa_value", "node", "local", "place", "latitude", "longitude",
                          "timezone", "utc_offset", "dst", "ephemeris", "dasha_year", "sunrise"}),
    "working_time_unknown": frozenset(),
    "working_boundaries": frozenset({"tolerance", "warnings"}),
    "working_no_boundaries": frozenset({"tolerance"}),
    "working_needs_chart": frozenset(),
    "horoscope_own_sign": frozenset({"sign"}),
    "which_sign": frozenset(),
    "unknown_sign": frozenset({"sign"}),
    "which_topic": frozenset(),
    "action_failed": frozenset(),
    "message_too_long": frozenset({"limit"}),
    "shared_location_for_birth_place": frozenset({"place"}),
    "shared_location_for_partner_place": frozenset({"place"}),
    "shared_location_for_panchang": frozenset({"place"}),
    "shared_location_no_town": frozenset(),
    "shared_location_impossible": frozenset({"latitude", "longitude"}),
    "shared_location_not_asked": frozenset(),
    "shared_location_here": frozenset({"place"}),
    "shared_location_button_panchang_today": frozenset(),
    "shared_location_button_panchang_tomorrow": frozenset(),
    "shared_location_button_birth_place": frozenset(),
}


SCHEMA = Fields({"messages": Fields({key: Text(placeholders) for key, placeholders in MESSAGES.items()})})


def load_messages(path: Path = CONTENT_FILE) -> dict[str, str]:
    """Read and check the content file; ContentError says exactly what is wrong."""
    return load_checked(path, SCHEMA)["messages"]


@lru_cache(maxsize=1)
def messages() -> dict[str, str]:
    return load_messages()


def say(key: str, **values: Any) -> str:
    """The message `key` with its placeholders filled."""
    return messages()[key].format(**values)
