"""The year a prediction asks about: read from the request, never the birth year."""

from __future__ import annotations

from datetime import date

import pytest

from actions.conversation.readings_replies import year_asked

BIRTH = date(1990, 1, 1)


@pytest.mark.parametrize(("text", "year"), [
    ("what will happen in my career in 2027? I'm Arjun, 1 Jan 1990, 5 am, Surat", 2027),
    ("shaadi 2028 mein hogi kya", 2028),
    ("will I get a job by 2029", 2029),
    ("career prediction for year 2030", 2030),
    ("my career? born in 1990", None),
    ("career outlook, dob 1/1/1990", None),
    ("career in 12/3/2027", None),
])
def test_the_year_asked(text, year):
    assert year_asked({"text": text}, BIRTH) == year
