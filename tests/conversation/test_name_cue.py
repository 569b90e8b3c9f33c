"""Names given with a cue ("I'm Gopal, ...") are read even when the NLU model tags them as a town."""

import pytest
from rasa_sdk import Tracker

from actions.conversation.birth_details_form import (
    clean_name,
    cued_name,
    leading_name,
    name_after_cue,
    place_besides_name,
)
from luna.astrology import InputError


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I'm Gopal, born 9 sep 1979 7:05 am in Patna", "Gopal"),
        ("hi, I am Gopal born 9/9/1979", "Gopal"),
        ("my name is ravi kumar", "Ravi Kumar"),
        ("mera naam Gopal hai", "Gopal"),
        ("this is Sonal here", "Sonal"),
        ("I am Gopal Krishna, dob 1/1/1990", "Gopal Krishna"),
        ("I am Meera and I was born in Pune", "Meera"),
        ("hello I am Priya, 4/5/1995 Pune", "Priya"),
        ("im gopal", "Gopal"),
        ("should I change my job next year? I am Kunal, 4/5/1990 Pune", "Kunal"),
        ("i m priyanka born 11 nov 1999", "Priyanka"),
    ],
)
def test_the_word_after_a_name_cue_is_the_name(text, name):
    assert name_after_cue(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "i am from delhi",
        "i am born on 5/3/1990",
        "i am 30 years old",
        "i am looking for kundli",
        "I'm not sure of my birth time",
        "born 5/3/1990 in Pune",
        "",
    ],
)
def test_messages_without_a_cued_name(text):
    assert name_after_cue(text) is None


def _tracker(text: str, entities: list[dict]) -> Tracker:
    latest = {"text": text, "intent": {"name": "provide_birth_details"}, "entities": entities}
    return Tracker("someone", {}, latest, [], False, None, {}, "")


def test_a_cued_name_read_as_a_place_gives_way_to_the_real_place():
    text = "I'm Gopal, born 9 sep 1979 7:05 am in Patna"
    entities = [{"entity": "place", "value": "Gopal"}, {"entity": "place", "value": "Patna"}]
    assert place_besides_name(_tracker(text, entities), "Gopal") == "Patna"


def test_a_cued_name_that_is_the_only_place_leaves_the_place_to_ask():
    text = "I'm Gopal, born 9 sep 1979"
    assert place_besides_name(_tracker(text, [{"entity": "place", "value": "Gopal"}]), "Gopal") is None


def test_places_are_untouched_without_a_cued_name():
    text = "born 9 sep 1979 in Patna"
    assert place_besides_name(_tracker(text, [{"entity": "place", "value": "Patna"}]), "Patna") == "Patna"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Karthik, born on the 8th of September 1986", "Karthik"),
        ("Can you cast my birth chart? Abhishek, 29/08/1991, 6 am, Agra", "Abhishek"),
        ("Imtiaz 12/3/1985 9 am Gorakhpur", "Imtiaz"),
        ("kundli for me pls - Anjali, 17 aug 1997", "Anjali"),
        ("sneha 14 june 2002 7:30 in the morning bhopal", "Sneha"),
        ("dob 12/3/1985 9 am Gorakhpur", None),
        ("meri kundli, 12/3/1985", None),
        ("my dob, 12/3/1985", None),
        ("born 5/3/1990 in Pune", None),
    ],
)
def test_a_name_opening_a_sentence_of_details(text, name):
    assert leading_name(text) == name


def test_a_leading_word_the_model_tagged_as_a_town_is_the_town():
    def said(text, entities):
        message = {"intent": {"name": "provide_birth_details"}, "entities": entities, "text": text}
        return cued_name(Tracker("someone", {}, message, [], False, None, {}, "action_listen"))

    gazetteer = "SpacyEntityExtractor"
    assert said("Delhi 12/3/1985 10 am", [{"entity": "place", "value": "Delhi", "extractor": gazetteer}]) is None
    assert said("Imtiaz 12/3/1985 9 am Gorakhpur", [{"entity": "place", "value": "Gorakhpur"}]) == "Imtiaz"
    # Only the model, not the gazetteer, took this name for a town.
    pallavi = [{"entity": "place", "value": "Pallavi", "extractor": "DIETClassifier"}]
    assert said("Pallavi, 25 jan 1995, 11:50 am, Dhanbad", pallavi) == "Pallavi"
    # Kamal is a town too, but the message names its town later.
    towns = [{"entity": "place", "value": town, "extractor": gazetteer} for town in ("Kamal", "Pune")]
    assert said("Kamal, 3 march 1985, Pune", towns) == "Kamal"


@pytest.mark.parametrize("text", ["I am the boy obviously", "i'm a girl", "I am from Delhi", "the first one"])
def test_words_that_name_nobody_are_no_name(text):
    with pytest.raises(InputError):
        clean_name(text)


def test_names_stay_names():
    assert clean_name("my name is ravi kumar") == "Ravi Kumar"
    assert clean_name("Ananya Iyer") == "Ananya Iyer"
