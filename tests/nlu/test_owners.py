"""Whose details a message gives: the partner's get the role `partner`, the user's none."""

from __future__ import annotations

import pytest

from nlu.owners import PARTNER, assign_owners


def tagged(text: str, *pieces: tuple[str, str]) -> list[dict]:
    """Entities as the model would give them: (entity, words) found in order in the text."""
    entities, cursor = [], 0
    for entity, words in pieces:
        start = text.index(words, cursor)
        entities.append({"entity": entity, "start": start, "end": start + len(words), "value": words})
        cursor = start + len(words)
    return entities


def owners(text: str, intent: str, *pieces: tuple[str, str]) -> dict[str, str]:
    found = assign_owners(text, tagged(text, *pieces), intent)
    return {e["value"]: ("partner" if e.get("role") == PARTNER else "own") for e in found}


ROHAN = (("name", "Rohan"), ("date", "3/3/1991"), ("time", "8:00 am"), ("place", "Indore"))


@pytest.mark.parametrize("text, intent", [
    ("I'm the girl, check my match with Rohan born 3/3/1991 at 8:00 am in Indore", "ask_compatibility"),
    ("I'm the girl, check my match with Rohan born 3/3/1991 at 8:00 am in Indore", "provide_birth_details"),
    ("match me with Rohan 3/3/1991 8:00 am Indore", "ask_compatibility"),
    ("Rohan 3/3/1991 8:00 am Indore, kundli milao", "provide_birth_details"),
    ("mera hone wala pati Rohan hai, 3/3/1991 8:00 am Indore, gun milao", "ask_compatibility"),
    ("his name is Rohan, born 3/3/1991 at 8:00 am in Indore. are we compatible?", "ask_compatibility"),
    ("meri kundli Rohan se milao 3/3/1991 8:00 am Indore", "ask_compatibility"),
    ("my fiance Rohan was born 3/3/1991 8:00 am Indore", "provide_birth_details"),
    ("main ladki hoon, ladka Rohan hai 3/3/1991 8:00 am Indore", "ask_compatibility"),
])
def test_a_partner_alone_is_the_partner(text, intent):
    assert set(owners(text, intent, *ROHAN).values()) == {"partner"}


def test_both_people_in_one_message():
    text = "I'm Priya born 14/2/1992 6 am Delhi, match me with Rohan born 3/3/1991 at 8:00 am in Indore"
    found = owners(text, "ask_compatibility", ("name", "Priya"), ("date", "14/2/1992"), ("time", "6 am"),
                   ("place", "Delhi"), *ROHAN)
    assert [found[v] for v in ("Priya", "14/2/1992", "6 am", "Delhi")] == ["own"] * 4
    assert [found[v] for v in ("Rohan", "3/3/1991", "8:00 am", "Indore")] == ["partner"] * 4


def test_leading_details_are_the_users_when_the_partner_is_named_later():
    text = "Priya 14/2/1992 6 am Delhi, please match with Rohan 3/3/1991 8:00 am Indore"
    found = owners(text, "ask_compatibility", ("name", "Priya"), ("date", "14/2/1992"), ("time", "6 am"),
                   ("place", "Delhi"), *ROHAN)
    assert found["Priya"] == found["Delhi"] == "own" and found["Rohan"] == found["Indore"] == "partner"


def test_the_partner_first_then_the_user():
    text = "Rohan 3/3/1991 8:00 am Indore and I am Priya 14/2/1992 6 am Delhi, kundli milao"
    found = owners(text, "ask_compatibility", *ROHAN, ("name", "Priya"), ("date", "14/2/1992"), ("time", "6 am"),
                   ("place", "Delhi"))
    assert found["Rohan"] == found["3/3/1991"] == "partner" and found["Priya"] == found["Delhi"] == "own"


def test_a_pronoun_points_at_the_partner_when_the_user_gives_their_side():
    text = "Ira, she was born on 15 march 1992 at 7:10 am in Nagpur, I'm the boy"
    found = owners(text, "provide_birth_details", ("name", "Ira"), ("date", "15 march 1992"), ("time", "7:10 am"),
                   ("place", "Nagpur"))
    assert set(found.values()) == {"partner"}


def test_the_users_side_is_not_a_partner_cue():
    text = "I am the groom. Bride is Pooja born 5 jan 1996 7:30 pm Lucknow"
    found = assign_owners(text, tagged(text, ("name", "Bride"), ("name", "Pooja"), ("date", "5 jan 1996"),
                                       ("time", "7:30 pm"), ("place", "Lucknow")), "provide_birth_details")
    assert [e["value"] for e in found] == ["Pooja", "5 jan 1996", "7:30 pm", "Lucknow"]  # "Bride" is no name
    assert all(e.get("role") == PARTNER for e in found)


@pytest.mark.parametrize("text, pieces", [
    ("I'm Ravi, born 5/3/1990 10:30 pm in Pune", (("name", "Ravi"), ("date", "5/3/1990"), ("place", "Pune"))),
    ("kundli banao: 14-02-2001 subah 4:10 gorakhpur, naam Suresh", (("date", "14-02-2001"), ("name", "Suresh"))),
    ("help me with my kundli, I'm Ravi born 5/3/1990", (("name", "Ravi"), ("date", "5/3/1990"))),
    ("she said I was born 5/3/1990 in Pune", (("date", "5/3/1990"), ("place", "Pune"))),
    ("how's my love life going to be? Tara, 14 feb 2000, 2 pm, Pune", (("name", "Tara"), ("date", "14 feb 2000"))),
    ("what would be my career? Ravi 5/3/1990", (("name", "Ravi"), ("date", "5/3/1990"))),
])
def test_own_details_stay_the_users(text, pieces):
    assert set(owners(text, "provide_birth_details", *pieces).values()) == {"own"}


def test_a_place_word_for_the_partner_is_dropped():
    text = "mera hone wala pati Rahul hai, 2 feb 1992 raat 11 baje Delhi, gun milao"
    found = assign_owners(text, tagged(text, ("place", "pati"), ("name", "Rahul"), ("date", "2 feb 1992"),
                                       ("place", "Delhi")), "ask_compatibility")
    assert [e["value"] for e in found] == ["Rahul", "2 feb 1992", "Delhi"]


@pytest.mark.parametrize("intent", ["ask_compatibility", "provide_birth_details"])
def test_a_bare_answer_is_the_users_whatever_its_intent(intent):
    assert owners("Ritu", intent, ("name", "Ritu")) == {"Ritu": "own"}
    assert owners("Ujjain", intent, ("place", "Ujjain")) == {"Ujjain": "own"}


def test_no_entities_no_change():
    assert assign_owners("kundli milao", [], "ask_compatibility") == []
