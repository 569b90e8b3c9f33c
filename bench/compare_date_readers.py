"""Luna's birth date and time readers against dateparser, on the phrase corpus.

    .venvs/actions/bin/python bench/compare_date_readers.py [--wrong]

Every phrase of tests/conversation/date_time_phrases.yml goes through each reader, and
each reading is counted as

    correct   the reading the corpus expects: the date or clock written, or a question
              back where the corpus expects one (a missing field, another zone)
    wrong     a confident reading that is not what was written: a date or clock the user
              did not give, or one half of the day picked for "7:30". The worst case: a
              chart cast for the wrong moment, with nobody told
    refused   no reading where the corpus has one: the user is asked again (an am-or-pm
              question offering the clock written counts here too)

dateparser is configured as fairly as we can for birth details: day first
(DATE_ORDER='DMY'), English and Hindi, dates from the past, a date only with its day,
month and year (REQUIRE_PARTS), no relative dates ("tomorrow" is no birth date), and the
same guards Luna puts round its own reader (no future dates, none before 1800; a clock
that comes back with a time zone is asked again, as Luna does). `parse` reads the whole
message; the second row also tries `search_dates` when `parse` finds nothing, for
messages with words round the date ("meri dob 5 march 1990 hai"), and parses the words
it finds again with the same settings.
`--wrong` lists every wrong reading.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import dateparser  # noqa: E402
from dateparser.date import DateDataParser  # noqa: E402
from dateparser.search import search_dates  # noqa: E402
from ruamel.yaml import YAML  # noqa: E402

from actions.conversation.birth_input import AmbiguousTime, read_birth_date, read_birth_time  # noqa: E402
from luna.astrology import EPHEMERIS_FIRST_YEAR, InputError  # noqa: E402

CORPUS_PATH = Path(__file__).resolve().parent.parent / "tests" / "conversation" / "date_time_phrases.yml"
LANGUAGES = ["en", "hi"]
# What a reader can answer: a date or clock, "unknown" (the user doesn't know their time),
# ("ambiguous", options) (am or pm asked back), or REFUSED (asked again).
REFUSED = "refused"
UNKNOWN = "unknown"
Reading = object


def luna_date(text: str, today: date) -> Reading:
    try:
        return read_birth_date(text, today)
    except InputError:
        return REFUSED


def luna_time(text: str, today: date) -> Reading:
    try:
        clock = read_birth_time(text)
    except AmbiguousTime as question:
        return ("ambiguous", question.options)
    except InputError:
        return REFUSED
    return UNKNOWN if clock is None else clock


def _date_settings(today: date) -> dict:
    return {
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RELATIVE_BASE": datetime.combine(today, time()),
        # No "relative-time" ("tomorrow", "2 days ago") or "timestamp" ("1990" as seconds).
        "PARSERS": ["custom-formats", "absolute-time"],
    }


def _guarded(found: datetime | None, today: date) -> Reading:
    if found is None:
        return REFUSED
    day = found.date()
    return REFUSED if day > today or day.year < EPHEMERIS_FIRST_YEAR else day


def dateparser_date(text: str, today: date) -> Reading:
    return _guarded(dateparser.parse(text, languages=LANGUAGES, settings=_date_settings(today)), today)


def dateparser_date_or_search(text: str, today: date) -> Reading:
    reading = dateparser_date(text, today)
    if reading != REFUSED:
        return reading
    found = search_dates(text, languages=LANGUAGES, settings=_date_settings(today)) or []
    # search_dates fills in what REQUIRE_PARTS should refuse ("March 1990" -> 1 September
    # 1990): the words it found are parsed again with the settings.
    return dateparser_date(found[0][0], today) if found else REFUSED


def _time_parser(today: date) -> DateDataParser:
    return DateDataParser(languages=LANGUAGES, settings={
        "RETURN_TIME_AS_PERIOD": True,  # says whether a clock was found at all
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": datetime.combine(today, time()),
    })


def _clock_of(found: datetime | None, period: str | None) -> Reading:
    if found is None or period != "time":
        return REFUSED  # no clock in the text ("7" comes back as July)
    if found.tzinfo is not None:
        return REFUSED  # "22:30 GMT": asked again as local time, as Luna does
    return found.time().replace(second=0, microsecond=0)


def dateparser_time(text: str, today: date) -> Reading:
    data = _time_parser(today).get_date_data(text)
    return _clock_of(data.date_obj, data.period)


def dateparser_time_or_search(text: str, today: date) -> Reading:
    reading = dateparser_time(text, today)
    if reading != REFUSED:
        return reading
    found = search_dates(text, languages=LANGUAGES, settings={"RELATIVE_BASE": datetime.combine(today, time())})
    if not found:
        return REFUSED
    data = _time_parser(today).get_date_data(found[0][0])
    return _clock_of(data.date_obj, data.period)


def expected_reading(entry: dict) -> Reading:
    if "date" in entry:
        return entry["date"]
    if "asks" in entry:
        return REFUSED
    if "ambiguous" in entry:
        return ("ambiguous", tuple(time.fromisoformat(option) for option in entry["ambiguous"]))
    return UNKNOWN if entry["time"] == UNKNOWN else time.fromisoformat(entry["time"])


def judged(expected: Reading, reading: Reading) -> str:
    if reading == expected:
        return "correct"
    if reading == REFUSED:
        return "refused"
    if isinstance(reading, tuple) and isinstance(expected, time) and expected in reading[1]:
        return "refused"  # am or pm asked back, the clock written among the choices
    return "wrong"


READERS: dict[str, tuple[Callable[[str, date], Reading], Callable[[str, date], Reading]]] = {
    "Luna (actions/conversation/birth_input.py)": (luna_date, luna_time),
    f"dateparser {dateparser.__version__}, parse": (dateparser_date, dateparser_time),
    f"dateparser {dateparser.__version__}, parse else search_dates": (dateparser_date_or_search,
                                                                      dateparser_time_or_search),
}


def compare(corpus: dict, show_wrong: bool) -> None:
    today, totals = corpus["today"], {name: Counter() for name in READERS}
    for kind, column in (("dates", 0), ("times", 1)):
        _print_header(f"{kind}: {len(corpus[kind])} phrases")
        for name, readers in READERS.items():
            counts, wrong = _scored(corpus[kind], readers[column], today)
            totals[name] += counts
            _print_row(name, counts)
            if show_wrong and wrong:
                print("\n".join(wrong))
    _print_header(f"all: {len(corpus['dates']) + len(corpus['times'])} phrases")
    for name, counts in totals.items():
        _print_row(name, counts)


def _scored(entries: list[dict], reader: Callable[[str, date], Reading], today: date) -> tuple[Counter, list[str]]:
    counts, wrong = Counter(), []
    for entry in entries:
        expected, reading = expected_reading(entry), reader(entry["text"], today)
        verdict = judged(expected, reading)
        counts[verdict] += 1
        if verdict == "wrong":
            wrong.append(f"      {entry['text']!r}: {_shown(reading)} (expected {_shown(expected)})")
    return counts, wrong


def _print_header(title: str) -> None:
    print(f"\n{title:64} {'correct':>7} {'wrong':>6} {'refused':>8}")


def _print_row(name: str, counts: Counter) -> None:
    print(f"  {name:62} {counts['correct']:7} {counts['wrong']:6} {counts['refused']:8}")


def _shown(reading: Reading) -> str:
    if isinstance(reading, tuple):
        return "am or pm? " + " / ".join(option.strftime("%H:%M") for option in reading[1])
    if isinstance(reading, time):
        return reading.strftime("%H:%M")
    return str(reading)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--wrong", action="store_true", help="list every wrong reading")
    compare(YAML(typ="safe").load(CORPUS_PATH), arguments.parse_args().wrong)


if __name__ == "__main__":
    main()
