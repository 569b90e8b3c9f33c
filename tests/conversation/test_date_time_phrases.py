"""Every phrase in date_time_phrases.yml read as Luna must read it, and property tests
that no reading invents a day, month, year or hour that was not written."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from actions.conversation.birth_input import AmbiguousTime, read_birth_date, read_birth_time
from luna.astrology.errors import InputError

CORPUS = YAML(typ="safe").load(Path(__file__).with_name("date_time_phrases.yml"))
TODAY: date = CORPUS["today"]
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

# What each kind of question back says, so a phrase is asked for the right thing: a
# missing day must not be answered with "which year?".
DATE_QUESTIONS = {
    "day": r"Which day of",
    "day and month": r"which day and month",
    "year": r"Which year",
    "a real date": r"doesn't exist|There is no month",
    "a past date": r"in the future",
    "a date from 1800": r"from 2 January 1800",
    "a readable date": r"couldn't read|didn't catch",
}
TIME_QUESTIONS = {
    "local time": r"local time",
    "a real time": r"isn't a real time|mixes 24-hour time",
    "a readable time": r"couldn't read that time",
}


def _clock(text: str) -> time:
    return time.fromisoformat(text)


def _entries(kind: str, *keys: str) -> list:
    return [pytest.param(entry, id=entry["text"] or "(empty)") for entry in CORPUS[kind]
            if any(key in entry for key in keys)]


def test_the_corpus_is_large_and_well_formed():
    entries = CORPUS["dates"] + CORPUS["times"]
    assert len(entries) >= 300
    assert all(set(entry) - {"text"} <= {"date", "asks", "time", "ambiguous"} and len(entry) == 2
               for entry in entries)
    texts = [entry["text"] for entry in CORPUS["dates"]], [entry["text"] for entry in CORPUS["times"]]
    assert all(len(set(kind)) == len(kind) for kind in texts), "a phrase is listed twice"
    assert {entry["asks"] for entry in CORPUS["dates"] if "asks" in entry} <= set(DATE_QUESTIONS)
    assert {entry["asks"] for entry in CORPUS["times"] if "asks" in entry} <= set(TIME_QUESTIONS)


@pytest.mark.parametrize("entry", _entries("dates", "date"))
def test_a_date_phrase_reads_as_written(entry):
    assert read_birth_date(entry["text"], TODAY) == entry["date"]


@pytest.mark.parametrize("entry", _entries("dates", "asks"))
def test_an_incomplete_or_impossible_date_is_asked_back(entry):
    with pytest.raises(InputError, match=DATE_QUESTIONS[entry["asks"]]):
        read_birth_date(entry["text"], TODAY)


@pytest.mark.parametrize("entry", _entries("times", "time"))
def test_a_time_phrase_reads_as_written(entry):
    expected = None if entry["time"] == "unknown" else _clock(entry["time"])
    assert read_birth_time(entry["text"]) == expected


@pytest.mark.parametrize("entry", _entries("times", "ambiguous"))
def test_a_time_without_am_or_pm_is_asked_back_with_both_readings(entry):
    with pytest.raises(AmbiguousTime) as asked:
        read_birth_time(entry["text"])
    assert asked.value.options == tuple(_clock(option) for option in entry["ambiguous"])


@pytest.mark.parametrize("entry", _entries("times", "asks"))
def test_an_unreadable_or_other_zone_time_is_asked_back(entry):
    with pytest.raises(InputError, match=TIME_QUESTIONS[entry["asks"]]) as asked:
        read_birth_time(entry["text"])
    assert not isinstance(asked.value, AmbiguousTime)


# Property tests. Birth dates are drawn from the years Luna charts, up to TODAY.
# The first birth date Luna accepts is 2 January 1800 (1 January 1800 local can still be 1799 in UT).
birth_dates = st.dates(min_value=date(1800, 1, 2), max_value=TODAY)
DATE_FORMS = (
    "{d}/{m}/{Y}", "{dd}-{mm}-{Y}", "{dd}.{mm}.{Y}", "{Y}-{mm}-{dd}", "{d} {Month} {Y}", "{d} {Mon} {Y}",
    "{Month} {d}, {Y}", "{d}{th} {Mon} {Y}", "{d}{th} of {Month} {Y}", "dob: {dd}/{mm}/{Y}",
    "born on {d} {month} {Y}", "meri dob {d} {month} {Y} hai", "{Mon} {d} {Y} 🙏", "{d} {Mon} {Y} 10:30 pm",
)
TWO_DIGIT_YEAR_FORMS = ("{d}/{m}/{yy}", "{dd}-{mm}-{yy}", "{dd}.{mm}.{yy}", "{d} {Mon} {yy}", "{d} {Month} '{yy}")
# The placeholders that write each field; a form without them no longer says that field.
FIELDS = {"day": ("{d}", "{dd}", "{th}"), "month": ("{m}", "{mm}", "{Month}", "{Mon}", "{month}"), "year": ("{Y}",)}


def _rendered(day: date, form: str) -> str:
    suffix = "th" if 10 <= day.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    month = MONTHS[day.month - 1]
    return form.format(d=day.day, dd=f"{day.day:02d}", m=day.month, mm=f"{day.month:02d}", Y=day.year,
                       yy=f"{day.year % 100:02d}", Month=month, Mon=month[:3], month=month.lower(), th=suffix)


@given(day=birth_dates, form=st.sampled_from(DATE_FORMS))
def test_a_rendered_date_reads_back_exactly(day, form):
    assert read_birth_date(_rendered(day, form), TODAY) == day


@given(day=st.dates(min_value=date(TODAY.year - 99, 1, 1), max_value=TODAY),
       form=st.sampled_from(TWO_DIGIT_YEAR_FORMS))
def test_a_two_digit_year_is_the_latest_year_with_those_digits(day, form):
    assert read_birth_date(_rendered(day, form), TODAY) == day


@given(day=birth_dates, form=st.sampled_from(DATE_FORMS), removed=st.sampled_from(sorted(FIELDS)))
def test_a_date_with_a_field_removed_never_reads_as_a_date(day, form, removed):
    for placeholder in FIELDS[removed]:
        form = form.replace(placeholder, "")
    with pytest.raises(InputError):
        read_birth_date(_rendered(day, form), TODAY)


@given(day=birth_dates, form=st.sampled_from([
    ("{Month} {Y}", "day"), ("{Mon} {Y}", "day"), ("{month} of {Y}", "day"), ("{mm}/{Y}", "day"),
    ("{Y}", "day and month"), ("around {Y}", "day and month"), ("born in {Y}", "day and month"),
    ("{d} {Month}", "year"), ("{d}{th} {Mon}", "year"), ("{Month} {d}", "year"), ("{d}/{m}", "year"),
]))
def test_a_date_missing_a_field_asks_for_that_field(day, form):
    template, asked_for = form
    with pytest.raises(InputError, match=DATE_QUESTIONS[asked_for]):
        read_birth_date(_rendered(day, template), TODAY)


@given(text=st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=30))
def test_text_without_a_digit_never_reads_as_a_date(text):
    # Month words alone ("March", "tomorrow", "kal") carry no day and no year.
    with pytest.raises(InputError):
        read_birth_date(text, TODAY)


clocks = st.times().map(lambda moment: moment.replace(second=0, microsecond=0))
HALF_DAY_FORMS = ("{h}:{mm} {ampm}", "{h}.{mm}{ampm}", "{h}:{mm} {AMPM}", "{h} {mm} {ampm}",
                  "time of birth {h}:{mm} {ampm} 🙏", "born at {h}:{mm} {ampm}")
# Words for the part of the day, and the hours each one settles.
PARTS_OF_THE_DAY = (("in the morning", range(5, 12)), ("subah", range(4, 12)), ("in the afternoon", range(12, 17)),
                    ("dopahar", range(12, 17)), ("in the evening", range(17, 21)), ("shaam", range(16, 21)),
                    ("at night", range(20, 24)), ("raat", (*range(0, 4), *range(20, 24))))


@given(clock=clocks, form=st.sampled_from(HALF_DAY_FORMS))
def test_a_clock_with_am_or_pm_reads_back_exactly(clock, form):
    text = form.format(h=clock.hour % 12 or 12, mm=f"{clock.minute:02d}", ampm="am" if clock.hour < 12 else "pm",
                       AMPM="AM" if clock.hour < 12 else "PM")
    assert read_birth_time(text) == clock


@given(clock=clocks)
def test_a_24_hour_clock_past_noon_or_before_one_reads_back_exactly(clock):
    if 1 <= clock.hour <= 12:
        return  # "7:30" could be either half of the day: see the next test
    assert read_birth_time(f"{clock.hour}:{clock.minute:02d}") == clock


@given(clock=clocks, part=st.sampled_from(PARTS_OF_THE_DAY), before=st.booleans())
def test_a_clock_with_a_part_of_the_day_reads_back_exactly(clock, part, before):
    words, hours = part
    if clock.hour not in hours:
        return
    written = f"{clock.hour % 12 or 12}:{clock.minute:02d}"
    assert read_birth_time(f"{words} {written}" if before else f"{written} {words}") == clock


@given(hour=st.integers(1, 12), minute=st.integers(0, 59),
       form=st.sampled_from(["{h}:{mm}", "{h}.{mm}", "{h} {mm}", "{h}", "{h} baje", "around {h}", "{h} o'clock"]))
def test_an_hour_without_am_pm_or_a_part_of_the_day_is_never_guessed(hour, minute, form):
    written_minute = minute if "{mm}" in form else 0
    with pytest.raises(AmbiguousTime) as asked:
        read_birth_time(form.format(h=hour, mm=f"{minute:02d}"))
    assert asked.value.options == (time(hour % 12, written_minute), time(hour % 12 + 12, written_minute))


@given(hour=st.integers(0, 23), minute=st.integers(0, 59),
       zone=st.sampled_from(["GMT", "UTC", "EST", "PST", "gmt", "utc+1", "GMT-5", "CET", "BST"]))
def test_a_clock_in_another_zone_is_never_read_as_local_time(hour, minute, zone):
    with pytest.raises(InputError, match="local time"):
        read_birth_time(f"{hour}:{minute:02d} {zone}")


# What people type is never a stack trace: a reading or a question back, whatever the text.
date_like_text = st.one_of(
    st.text(alphabet="0123456789/.-:, '", max_size=14),
    st.lists(st.sampled_from(["5", "29", "31", "02", "13", "1990", "88", "'90", "march", "feb", "febuary", "nov",
                              "th", "of", "/", ".", "-", "dob", "raat", "pm", "10:30", "५", "मार्च", "🎂", "29.01"]),
             max_size=6).map(" ".join),
)


@given(text=date_like_text)
def test_any_text_reads_as_a_date_or_asks_back(text):
    try:
        reading = read_birth_date(text, TODAY)
    except InputError:
        return
    assert isinstance(reading, date)


@given(text=date_like_text)
def test_any_text_reads_as_a_time_or_asks_back(text):
    try:
        reading = read_birth_time(text)
    except InputError:
        return
    assert reading is None or isinstance(reading, time)
