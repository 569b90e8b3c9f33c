"""Reading birth dates and times the way people type them on a phone.

"5/3/1990" is 5 March (day first, as in India and most of the world) unless the
middle number cannot be a month; "1990-03-05" is ISO; Devanagari digits and Hindi month
names ("१२ मार्च १९९०", "5 फरवरी 1990"), misspelt months ("5 Marh 1990"), days in words
("twenty third november 1988") and two-digit years ("5 Mar '90") are read too.
A date missing its day, month or year ("March 1990", "around 1990", "5 1990") is a
question back, never a default. Times accept "10:30 pm", "10.30pm", "10 30", "22:30",
"6 am", "subah 7", "raat 11 baje", "रात 10 बजे", "noon", "12:30 midnight", "quarter past 7",
"seven thirty pm", "five to eleven at night", "sawa 7 baje shaam", "dhai baje dopahar";
an hour from 1 to 12 with no am/pm is a question back, not a guess, and a time given in
another zone ("22:30 GMT") is asked again as local time.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time

from dateutil import parser as date_parser

from luna.astrology import EPHEMERIS_FIRST_YEAR, InputError

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
ORDINAL_SUFFIX = re.compile(r"(\d)(st|nd|rd|th)\b", re.IGNORECASE)
DATE_FILLER = re.compile(r"\b(dob|date of birth|born|birth|on|my|is|it's|its|it is|the|date|ko|hai|tha)\b[:,]?", re.I)
# dateutil fills missing fields from this default; a leap year, so "29 feb" is asked its year.
_MISSING_YEAR = 4
_SENTINEL = datetime(_MISSING_YEAR, 1, 1)
# A second default: a field that differs between the two parses was not written.
_OTHER_SENTINEL = datetime(_MISSING_YEAR, 2, 2)

_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_HINDI_MONTHS = {
    "जनवरी": "January", "फरवरी": "February", "फ़रवरी": "February", "मार्च": "March", "अप्रैल": "April",
    "अप्रेल": "April", "मई": "May", "जून": "June", "जुलाई": "July", "अगस्त": "August", "सितंबर": "September",
    "सितम्बर": "September", "अक्टूबर": "October", "अक्तूबर": "October", "नवंबर": "November",
    "नवम्बर": "November", "दिसंबर": "December", "दिसम्बर": "December",
}
_HINDI_MONTH = re.compile("|".join(sorted(_HINDI_MONTHS, key=len, reverse=True)))
_MONTH_WORDS = tuple(month.lower() for month in _MONTHS)
_WORD = re.compile(r"[A-Za-z]{4,}")
# A month named in full or short. Only a named month, or numbers joined like 5/3, say
# which month: dateutil would take the 5 of "5 kartik 1990" for May.
_MONTH_NAMES = "|".join(_MONTH_WORDS) + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_MONTH_NAME = re.compile(rf"\b({_MONTH_NAMES})\b", re.I)
_JOINED_NUMBERS = re.compile(r"\d\s*[-/.]\s*\d")
_DAY_MONTH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")
# A date written in numbers inside other words ("meri dob 5/3/90 hai", "5/3/1990 10:30 pm").
_NUMERIC_INSIDE = re.compile(r"(?<![\d/.-])(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))"
                             r"(?![\d/-]|\.\d)")
# Three numbers spaced or comma-separated, the whole message: "23 11 1988", "23 / 11 / 1988".
_LOOSE_NUMERIC = re.compile(r"^(\d{1,4})\s*[\s,/.-]\s*(\d{1,2})\s*[\s,/.-]\s*(\d{2}|\d{4})$")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_APOSTROPHE_YEAR = re.compile(r"[‘’']\s?(\d{2})(?!\d)")
# Emoji and other symbols between the words; Devanagari vowel signs are not word
# characters to `re`, so this runs after Hindi month names are read.
_SYMBOLS = re.compile(r"[^\w\s/.,:'’-]")

_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINAL_DAYS = {
    **{word: number for number, word in enumerate(_UNITS, start=1)},
    **{word: number for number, word in enumerate(
        ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
         "eighteenth", "nineteenth", "twentieth"), start=10)},
    **{f"twenty {word}": 20 + number for number, word in enumerate(_UNITS, start=1)},
    "thirtieth": 30, "thirty first": 31,
}
_ORDINAL_WORDS = "|".join(word.replace(" ", r"[\s-]+") for word in sorted(_ORDINAL_DAYS, key=len, reverse=True))
# Only next to its month is a word a day: "the first week of march 1990" names no day.
_ORDINAL_BEFORE_MONTH = re.compile(rf"\b({_ORDINAL_WORDS})(?=\s+(?:of\s+)?(?:{_MONTH_NAMES})\b)", re.I)
_ORDINAL_AFTER_MONTH = re.compile(rf"\b({_MONTH_NAMES})\s+({_ORDINAL_WORDS})\b", re.I)

_UNKNOWN_TIME = re.compile(
    r"\b(don'?t|dont|do not|dnt|not|no|never)\s*(know|known|sure|remember|idea|aware)\b"
    r"|\bunknown\b|\bidk\b|\bpata\s*nahi\b|\bnahi\s*pata\b|\bmaloom\s*nahi\b|\bnot\s*available\b"
    r"|^\s*(na|n/a|no|none|nope|skip|-)\s*$",
    re.IGNORECASE,
)
# "10:30", "10.30", "10h30", and "10 30" (a space before exactly two digits).
_TIME = re.compile(
    r"(?<!\d)(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{1,2})|\s+(?P<spaced>\d{2})(?![\d/.:-]))?"
    r"(?:\s*[:.]\s*\d{1,2})?\s*"
    r"(?P<suffix>a\.?\s?m\.?|p\.?\s?m\.?|hrs|hours|baje|bje|o'?clock)?(?![\d/-])",
    re.IGNORECASE,
)
# Hours and minutes in words: "quarter past 7", "five to eleven", "sawa 7" (a quarter
# past), "saadhe 9" (half past), "paune 8" (a quarter to), "seven thirty".
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "twenty five": 25, "twenty-five": 25,
    "ek": 1, "do": 2, "teen": 3, "char": 4, "chaar": 4, "paanch": 5, "panch": 5, "chhe": 6, "che": 6,
    "saat": 7, "aath": 8, "nau": 9, "das": 10, "gyarah": 11, "gyara": 11, "barah": 12, "bara": 12,
}
_ENGLISH_HOURS = frozenset(list(_NUMBER_WORDS)[:12])
_NUMBER = r"(\d{1,2}|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r")"
_PAST_TO = re.compile(
    rf"\b(quarter|half|{_NUMBER[1:-1]})(?:\s*(?:minutes?|mins?))?\s+(past|after|to|before)\s+{_NUMBER}\b", re.I)
_HINDI_FRACTION = re.compile(rf"\b(sawa|sava|saade|saadhe|sade|sadhe|paune|pone)\s+{_NUMBER}\b", re.I)
_HINDI_FRACTION_MINUTES = {"sawa": 15, "sava": 15, "saade": 30, "saadhe": 30, "sade": 30, "sadhe": 30,
                           "paune": -15, "pone": -15}
# "dedh" is one and a half, "dhai" two and a half: whole clock times on their own.
_HINDI_HALF_HOURS = {"dedh": 1, "derh": 1, "dhai": 2, "dhaai": 2, "dhaayi": 2, "adhai": 2}
_HINDI_HALF_HOUR = re.compile(r"\b(" + "|".join(_HINDI_HALF_HOURS) + r")\b", re.I)
_MINUTE_WORDS = {
    "five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty five": 25, "thirty": 30, "thirty five": 35,
    "forty": 40, "forty five": 45, "fifty": 50, "fifty five": 55,
}
_HOUR_AND_MINUTE_WORDS = re.compile(
    r"\b(" + "|".join(sorted(_ENGLISH_HOURS, key=len, reverse=True)) + r")\s+("
    + "|".join(word.replace(" ", r"[\s-]+") for word in sorted(_MINUTE_WORDS, key=len, reverse=True)) + r")\b",
    re.I)
_WORD_HOUR = re.compile(rf"\b{_NUMBER}\s*(o'?clock|baje|bje|a\.?m\.?|p\.?m\.?)?(?=\s|$|[,.!?])", re.I)
# A clock in another zone is not the local time at the birth place that the chart needs.
OTHER_ZONE = re.compile(
    r"\b(gmt|utc|est|edt|cst|cdt|mst|mdt|pst|pdt|bst|cet|cest|eet|aest|jst)\b|\b(gmt|utc)\s*[+-]\s*\d", re.I)
# Words of a spoken time; a place ruler may know some of them as towns ("Sawa").
TIME_WORDS = frozenset({
    *_HINDI_FRACTION_MINUTES, "baje", "bje", "shaam", "sham", "subah", "raat", "dopahar", "quarter", "half",
    "noon", "midnight", "gmt", "utc", "ist", "est", "pst",
})
# Devanagari words of a time, in the Latin spelling the patterns below know.
_HINDI_TIME_WORDS = {
    "सुबह": "subah", "सवेरे": "savere", "दोपहर": "dopahar", "शाम": "shaam", "रात": "raat", "बजे": "baje",
    "सवा": "sawa", "साढ़े": "saade", "साढे": "saade", "पौने": "paune", "डेढ़": "dedh", "डेढ": "dedh", "ढाई": "dhai",
}
_HINDI_TIME_WORD = re.compile("|".join(sorted(_HINDI_TIME_WORDS, key=len, reverse=True)))
# A date in a message that also gives the time: its numbers are not the clock.
_DATE_IN_TIME_TEXT = re.compile(
    r"(?<![\d:])\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}(?![\d:])"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTH_NAMES})\b\s*,?\s*(?:\d{{4}}|'\d{{2}})?"
    rf"|\b(?:{_MONTH_NAMES})\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*\d{{4}}"
    r"|(?<![\d:.])(?:1[89]|20)\d\d(?![\d:.]|\s*(?:hrs|hours|h)\b)",
    re.I)
_MORNING = re.compile(r"\b(morning|subah|subha|savere|sawere|early|dawn|sunrise|bhor|tadke)\b", re.I)
_AFTERNOON = re.compile(r"\b(afternoon|dopahar|dophar|dupahar|noon|midday)\b", re.I)
_EVENING = re.compile(r"\b(evening|shaam|sham)\b", re.I)
# Night runs past midnight: "raat 2 baje" is 2 am, "raat 11 baje" 11 pm, "raat 12 baje" midnight.
_NIGHT = re.compile(r"\b(night|raat|rat|tonight|midnight)\b", re.I)
_NIGHT_ENDS = 5
_NOON = re.compile(r"\b(noon|midday)\b", re.I)
_MIDNIGHT = re.compile(r"\bmidnight\b", re.I)


class AmbiguousTime(InputError):
    """An hour that could be morning or evening; `options` are the two readings."""

    def __init__(self, options: tuple[time, time]) -> None:
        self.options = options
        self.labels = tuple(f"{t.strftime('%I:%M').lstrip('0')} {'am' if t.hour < 12 else 'pm'}" for t in options)
        super().__init__(f"Was that {self.labels[0]} or {self.labels[1]}?")


def read_birth_date(text: str, today: date) -> date:
    """The date in `text`, or InputError with a message to show the user."""
    if not (text or "").strip():
        raise InputError("I didn't catch a date. Please send it like 5/3/1990 or 5 March 1990.")
    cleaned = _date_words(text, today)
    if not cleaned:
        raise _unreadable_date(text.strip())
    numeric = _NUMERIC_INSIDE.search(cleaned)
    day = numeric_date(numeric.group(1), today) if numeric else _worded_birth_date(cleaned)
    if day > today:
        raise InputError(f"{_spoken(day)} is in the future. What is your date of birth?")
    if day < _FIRST_BIRTH_DATE:
        raise InputError(f"I can only calculate charts for births from 2 January {EPHEMERIS_FIRST_YEAR} onwards.")
    return day


# The ephemeris files begin at 1 January 1800, 0h UT: a birth on that day east of
# Greenwich fell on 31 December 1799 in UT, so the first whole day is the second.
_FIRST_BIRTH_DATE = date(EPHEMERIS_FIRST_YEAR, 1, 2)


def _date_words(text: str, today: date) -> str:
    """The text with only what can be part of a date left, in the forms the readers know."""
    cleaned = _days_in_figures(_SYMBOLS.sub(" ", normalised_date_text(text)))
    cleaned = DATE_FILLER.sub(" ", ORDINAL_SUFFIX.sub(r"\1", cleaned))
    # "23Nov1988": a month glued to its numbers is still a word.
    cleaned = re.sub(r"(?<=\d)(?=[A-Za-z])|(?<=[A-Za-z])(?=\d)", " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .,!?:-")
    loose = _LOOSE_NUMERIC.match(cleaned)
    if loose:
        cleaned = "/".join(loose.groups())
    cleaned = _APOSTROPHE_YEAR.sub(lambda match: f" {_full_year(int(match[1]), today)}", cleaned)
    return _with_full_year(cleaned, today).strip()


def _days_in_figures(text: str) -> str:
    """"twenty third november", "march fifth": the day as a number."""
    text = _ORDINAL_BEFORE_MONTH.sub(lambda match: str(_ordinal_day(match[1])), text)
    return _ORDINAL_AFTER_MONTH.sub(lambda match: f"{match[1]} {_ordinal_day(match[2])}", text)


def _ordinal_day(words: str) -> int:
    return _ORDINAL_DAYS[re.sub(r"[\s-]+", " ", words.lower())]


def _with_full_year(text: str, today: date) -> str:
    """A two-digit year after a named month ("23 nov 88", "1 Jan 75") made four digits by the
    rule numeric dates follow, where dateutil would put 75 in 2075."""
    if not _MONTH_NAME.search(text) or _NUMERIC_INSIDE.search(text) or re.search(r"\d{3}", text):
        return text
    numbers = list(re.finditer(r"(?<![\d:.])\d{1,2}(?![\d:.])", text))
    if len(numbers) != 2 and not (len(numbers) == 1 and int(numbers[0][0]) > 31):
        return text  # "nov 23" has a day and no year
    last = numbers[-1]
    return f"{text[:last.start()]}{_full_year(int(last[0]), today)}{text[last.end():]}"


def _full_year(two_digits: int, today: date) -> int:
    """"90" is 1990 and "05" 2005: the most recent year with those digits."""
    return two_digits + (2000 if two_digits <= today.year % 100 else 1900)


def _worded_birth_date(text: str) -> date:
    day_month = _DAY_MONTH.match(text)
    if day_month:
        day, month = int(day_month[1]), int(day_month[2])
        if month > 12 >= day:
            day, month = month, day
        checked_date(2000, month, day)  # a leap year, so only the day and month are checked
        raise _year_question(day, month)
    if re.search(r"\d", text) and not (_MONTH_NAME.search(text) or _JOINED_NUMBERS.search(text)):
        year = _YEAR.search(text)
        if year:
            raise _day_and_month_question(int(year[1]))
        raise _unreadable_date(text)
    return worded_date(text)


def read_birth_time(text: str) -> time | None:
    """The clock time in `text`; None when the user says they don't know it."""
    if not (text or "").strip() or _UNKNOWN_TIME.search(text):
        return None
    cleaned = _time_words(text)
    if OTHER_ZONE.search(cleaned):
        raise InputError(
            "Please send the time as the clock showed it where you were born (local time, "
            "not GMT or another zone), like 10:30 pm: Luna applies that place's offset itself."
        )
    try:
        hour, minute, suffix, shown = _clock_reading(cleaned)
    except InputError:
        if _MIDNIGHT.search(cleaned):
            return time(0, 0)
        if _NOON.search(cleaned):
            return time(12, 0)
        raise
    if hour > 23 or minute > 59:
        raise InputError(f"{shown} isn't a real time: hours go up to 23 and minutes up to 59.")
    if suffix in ("am", "pm"):
        if hour == 0 or hour > 12:
            raise InputError(f"{shown} mixes 24-hour time with am/pm. Please send it like 10:30 pm.")
        return time(hour % 12 + (12 if suffix == "pm" else 0), minute)
    if hour == 0 or hour > 12:
        return time(hour, minute)
    return _in_the_part_of_the_day(hour, minute, cleaned)


def _time_words(text: str) -> str:
    """Devanagari in Latin form and any date in the same message taken out."""
    latin = _HINDI_TIME_WORD.sub(lambda match: f" {_HINDI_TIME_WORDS[match[0]]} ",
                                 (text or "").translate(_DEVANAGARI_DIGITS))
    return re.sub(r"\s+", " ", _DATE_IN_TIME_TEXT.sub(" ", latin)).strip()


def _in_the_part_of_the_day(hour: int, minute: int, text: str) -> time:
    """An hour from 1 to 12 placed by the words for the part of the day, or asked back."""
    if _MORNING.search(text):
        return time(hour % 12, minute)
    if _AFTERNOON.search(text):
        return time(hour % 12 + 12 if hour < 12 else 12, minute)
    if _EVENING.search(text):
        return time(hour % 12 + 12, minute)
    if _NIGHT.search(text):
        return time(hour % 12 + (12 if _NIGHT_ENDS <= hour < 12 else 0), minute)
    raise AmbiguousTime((time(hour % 12, minute), time(hour % 12 + 12, minute)))


def _clock_reading(text: str) -> tuple[int, int, str, str]:
    """(hour, minute, "am"/"pm"/"", the words read) from digits or words; InputError if none."""
    for reading in (_past_or_to, _hindi_fraction, _hindi_half_hour, _hour_and_minute_words, _digits,
                    _hour_word):
        clock = reading(text)
        if clock:
            return clock
    raise InputError("I couldn't read that time. Please send it like 10:30 pm or 22:30.")


def _past_or_to(text: str) -> tuple[int, int, str, str] | None:
    worded = _PAST_TO.search(text)
    if not worded:
        return None
    amount, direction, hour = worded.group(1).lower(), worded.group(2).lower(), _number(worded.group(3))
    minutes = {"quarter": 15, "half": 30}.get(amount) or _number(amount)
    if direction in ("to", "before"):
        hour, minutes = (hour - 1) % 24 or (12 if hour <= 12 else 0), 60 - minutes
    return hour, minutes % 60, _suffix_after(text, worded.end()), worded.group(0)


def _hindi_fraction(text: str) -> tuple[int, int, str, str] | None:
    fraction = _HINDI_FRACTION.search(text)
    if not fraction:
        return None
    hour, offset = _number(fraction.group(2)), _HINDI_FRACTION_MINUTES[fraction.group(1).lower()]
    if offset < 0:
        hour, offset = (hour - 1) or 12, 60 + offset
    return hour, offset, _suffix_after(text, fraction.end()), fraction.group(0)


def _hindi_half_hour(text: str) -> tuple[int, int, str, str] | None:
    half = _HINDI_HALF_HOUR.search(text)
    if not half:
        return None
    return _HINDI_HALF_HOURS[half.group(1).lower()], 30, _suffix_after(text, half.end()), half.group(0)


def _hour_and_minute_words(text: str) -> tuple[int, int, str, str] | None:
    """"seven thirty pm", "six forty five in the evening"."""
    worded = _HOUR_AND_MINUTE_WORDS.search(text)
    if not worded:
        return None
    minutes = _MINUTE_WORDS[re.sub(r"[\s-]+", " ", worded.group(2).lower())]
    return _number(worded.group(1)), minutes, _suffix_after(text, worded.end()), worded.group(0)


def _digits(text: str) -> tuple[int, int, str, str] | None:
    match = _TIME.search(text)
    if not match:
        return None
    suffix = (match["suffix"] or "").lower().replace(".", "").replace(" ", "")
    minute = match["minute"] or match["spaced"] or 0
    return int(match["hour"]), int(minute), suffix, match.group(0).strip()


def _hour_word(text: str) -> tuple[int, int, str, str] | None:
    word_hour = _WORD_HOUR.search(text)
    if not word_hour or word_hour.group(1).isdigit():
        return None
    suffix = (word_hour.group(2) or "").lower().replace(".", "").replace(" ", "")
    # Hindi number words are also English words ("do", "das"): only with "baje" or a
    # part of the day do they count as an hour.
    cue = suffix or any(part.search(text) for part in (_MORNING, _AFTERNOON, _EVENING, _NIGHT))
    if word_hour.group(1).lower() in _ENGLISH_HOURS or cue:
        return _number(word_hour.group(1)), 0, suffix, word_hour.group(0).strip()
    return None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _suffix_after(text: str, position: int) -> str:
    """"am" or "pm" written right after a worded time ("quarter past 7 pm")."""
    following = re.match(r"\s*(a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])", text[position:], re.I)
    return following.group(1).lower().replace(".", "").replace(" ", "") if following else ""


def normalised_date_text(text: str) -> str:
    """Devanagari digits and Hindi month names in Latin form; misspelt English months mended."""
    text = _HINDI_MONTH.sub(lambda match: f" {_HINDI_MONTHS[match.group(0)]} ",
                            (text or "").translate(_DEVANAGARI_DIGITS))
    return _WORD.sub(_month_spelling, text).strip()


# Month names as Hindi speakers spell them in Latin letters ("15 navambar 1990").
_SPOKEN_MONTHS = {
    "janvari": "january", "janwari": "january", "janavari": "january", "farvari": "february",
    "farwari": "february", "faravari": "february", "aprail": "april", "apral": "april", "joon": "june",
    "julai": "july", "agast": "august", "agust": "august", "sitambar": "september", "sitamber": "september",
    "sitmbar": "september", "aktubar": "october", "aktoobar": "october", "aktubr": "october",
    "navambar": "november", "navamber": "november", "nawambar": "november", "disambar": "december",
    "disamber": "december", "dasambar": "december",
}


def _month_spelling(match: re.Match) -> str:
    word = match.group(0)
    lowered = word.lower()
    if lowered in _MONTH_WORDS:
        return word
    if lowered in _SPOKEN_MONTHS:
        return _SPOKEN_MONTHS[lowered]
    # Same first letter and close spelling: "Marh", "Febuary", "Agust" (not "just" -> August).
    close = difflib.get_close_matches(lowered, [m for m in _MONTH_WORDS if m[0] == lowered[0]], n=1, cutoff=0.75)
    return close[0] if close else word


def numeric_date(text: str, today: date) -> date | None:
    iso = _ISO.match(text)
    if iso:
        return checked_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    numeric = NUMERIC_DATE.match(text)
    if not numeric:
        return None
    first, second, year_text = int(numeric.group(1)), int(numeric.group(2)), numeric.group(3)
    year = _full_year(int(year_text), today) if len(year_text) == 2 else int(year_text)
    if second > 12 >= first:
        first, second = second, first  # 3/25/1990 can only be month first
    return checked_date(year, second, first)


def worded_date(text: str) -> date:
    try:
        parsed = date_parser.parse(text, dayfirst=True, fuzzy=True, default=_SENTINEL)
        other = date_parser.parse(text, dayfirst=True, fuzzy=True, default=_OTHER_SENTINEL)
    except (ValueError, OverflowError) as error:
        numbers = re.findall(r"\d+", text)
        if "out of range" in str(error) and len(numbers) >= 2:
            raise InputError(f"That date doesn't exist: please check the day and month of '{text}'.") from None
        raise _unreadable_date(text) from None
    if not re.search(r"\d", text):
        raise _unreadable_date(text)
    no_day, no_month = parsed.day != other.day, parsed.month != other.month
    if parsed.year == _MISSING_YEAR:
        if no_day or no_month:
            raise _unreadable_date(text)
        raise _year_question(parsed.day, parsed.month)
    if no_month:
        raise _day_and_month_question(parsed.year)
    if no_day:
        raise InputError(f"Which day of {_MONTHS[parsed.month - 1]} {parsed.year}? "
                         f"Please send the full date, like 5 {_MONTHS[parsed.month - 1]} {parsed.year}.")
    return parsed.date()


def _unreadable_date(text: str) -> InputError:
    return InputError(f"I couldn't read '{text}' as a date. Please send it like 5/3/1990 or 5 March 1990.")


def _year_question(day: int, month: int) -> InputError:
    return InputError(f"Which year? Please send the full date, like {day} {_MONTHS[month - 1]} 1990.")


def _day_and_month_question(year: int) -> InputError:
    return InputError(f"I got the year {year}, but which day and month? "
                      f"Please send the full date, like 5 March {year}.")


def checked_date(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise InputError(f"There is no month {month}. Please send the date like 5/3/1990 (day/month/year).")
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(f"{day} {_MONTHS[month - 1]} {year} doesn't exist. Please check the date.") from None


def _spoken(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
