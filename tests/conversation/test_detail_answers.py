"""Birth details as real messages carry them: a date the model tagged in pieces, a time
typed in words that the model read as out of scope, a time also tagged as a date, a
spoken time whose words name a town, and a clock in another zone."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation.birth_details_form import ValidateBirthDetailsForm
from actions.conversation.birth_details_questions import ActionAskBirthTime, ActionAskName
from actions.conversation.compatibility import ActionAskPartnerBirthTime
from actions.conversation.entities import entity_text


def entity(text: str, kind: str, piece: str, value: str | None = None) -> dict[str, Any]:
    start = text.index(piece)
    return {"entity": kind, "start": start, "end": start + len(piece), "value": value or piece}


@pytest.mark.parametrize(
    ("text", "pieces", "kind", "expected"),
    [
        ("what was the tithi on 3 october 2023 in pune?", ["3 october", "2023"], "date", "3 october 2023"),
        # A synonym may turn a piece's value into another word ("2026" -> "year"): the
        # message's own words are what count.
        ("tithi on 2nd march 2026 at varanasi", ["2nd march", "2026"], "date", "2nd march 2026"),
        ("I'm Kiran, born on 23rd Nov 1988 at 6:45 pm", ["Nov", "1988"], "date", "23rd Nov 1988"),
        ("born Nov 23, 1988 in Pune", ["Nov", "1988"], "date", "Nov 23, 1988"),
        ("born at 6:45 in the evening", ["6:45", "evening"], "time", "6:45 in the evening"),
        ("5 March 1990", ["5 March 1990"], "date", "5 March 1990"),
    ],
)
def test_pieces_of_one_date_or_time_are_read_together(text, pieces, kind, expected):
    message = {"text": text, "entities": [entity(text, kind, piece) for piece in pieces]}
    assert entity_text(message, kind)[0] == expected


def test_two_different_dates_are_not_joined():
    text = "what will happen in my career in 2027? I'm Arjun, 1 Jan 1990, 5 am, Surat"
    message = {"text": text, "entities": [entity(text, "date", "2027"), entity(text, "date", "1 Jan 1990")]}
    assert entity_text(message, "date") == ("2027", 1)
    assert entity_text({"text": "hi", "entities": []}, "date") is None


def tracker(text: str, intent: str, entities: list[dict], slots: dict[str, Any],
            candidates: dict[str, Any]) -> Tracker:
    """The form's tracker after Rasa applied its mappings: `candidates` are the slot values
    its mappings took from this message (the last events, as Rasa appends them)."""
    message = {"intent": {"name": intent, "confidence": 0.9}, "entities": entities, "text": text}
    events = [
        {"event": "active_loop", "name": "birth_details_form", "timestamp": 1.0},
        *({"event": "slot", "name": name, "value": value, "timestamp": 1.5} for name, value in slots.items()),
        {"event": "user", "text": text, "parse_data": message, "timestamp": 2.0},
        *({"event": "slot", "name": name, "value": value, "timestamp": 2.5} for name, value in candidates.items()),
    ]
    return Tracker("someone", {**slots, **candidates}, message, events, False, None,
                   {"name": "birth_details_form"}, "action_listen")


def run_form(text: str, intent: str, entities: list[dict], slots: dict[str, Any],
             candidates: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    domain = {"forms": {"birth_details_form": {"required_slots": ["name", "birth_date", "birth_time", "birth_place"]}},
              "slots": {}}
    events = asyncio.run(ValidateBirthDetailsForm().run(dispatcher, tracker(text, intent, entities, slots, candidates),
                                                        domain))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, [m["text"] for m in dispatcher.messages]


def test_a_date_tagged_in_pieces_is_read_whole():
    text = "I'm Kiran, born on 23rd Nov 1988"
    set_, said = run_form(text, "provide_birth_details", [entity(text, "date", "Nov"), entity(text, "date", "1988")],
                          {"requested_slot": "birth_date", "name": "Kiran"}, {"birth_date": ["Nov", "1988"]})
    assert set_["birth_date"] == "1988-11-23" and said == []


@pytest.mark.parametrize(("text", "expected"), [
    ("quarter past 7 at night", "19:15"),
    ("five to eleven at night", "22:55"),
    ("sawa 7 baje shaam", "19:15"),
    ("raat 10 baje", "22:00"),
])
def test_a_time_answer_read_as_out_of_scope_still_answers_the_question(text, expected):
    set_, said = run_form(text, "out_of_scope", [], {"requested_slot": "birth_time", "name": "Meera",
                                                     "birth_date": "1990-03-12"}, {})
    assert set_["birth_time"] == expected and said == []


def test_a_delete_request_is_never_taken_as_an_answer():
    set_, _ = run_form("delete my data at 10 pm", "delete_my_data", [],
                       {"requested_slot": "birth_time", "name": "Meera", "birth_date": "1990-03-12"}, {})
    assert "birth_time" not in set_


def test_a_time_also_tagged_as_a_date_leaves_the_date_alone():
    # "10 30" typed for the time: the model tags it as a date too.
    text = "10 30"
    set_, said = run_form(text, "provide_birth_details", [entity(text, "date", "10 30")],
                          {"requested_slot": "birth_time", "name": "Ravi", "birth_date": "1990-03-05"},
                          {"birth_date": "10 30"})
    assert set_["birth_date"] == "1990-03-05"
    assert set_["birth_time"] is None and said == ["Was that 10:30 am or 10:30 pm?"]


def test_a_word_of_a_date_tagged_as_a_time_draws_no_complaint():
    text = "around 1990"
    set_, said = run_form(text, "provide_birth_details", [entity(text, "date", "1990"), entity(text, "time", "around")],
                          {"requested_slot": "birth_date", "name": "Sunil"},
                          {"birth_date": "1990", "birth_time": "around"})
    assert set_["birth_date"] is None and set_["birth_time"] is None
    assert said == ["I got the year 1990, but which day and month? Please send the full date, like 5 March 1990."]


def test_a_spoken_time_is_not_a_town():
    # "sawa" is also Sawa, Rajasthan, in the gazetteer.
    text = "sawa 7 baje shaam"
    set_, said = run_form(text, "provide_birth_details", [entity(text, "place", "sawa", "Sawa")],
                          {"requested_slot": "birth_time", "name": "Sunil", "birth_date": "1990-03-12"},
                          {"birth_place": "Sawa"})
    assert set_["birth_place"] is None and set_["birth_time"] == "19:15" and said == []


def test_a_spoken_time_keeps_the_town_given_before():
    # "mera naam Geeta hai, 6 june 1980 ko Agra me paida hui", then "sawa 7 baje shaam".
    text = "sawa 7 baje shaam"
    agra = {"birth_place": "Agra, Uttar Pradesh, India", "place_latitude": 27.18, "place_longitude": 78.02,
            "place_timezone": "Asia/Kolkata"}
    set_, said = run_form(text, "provide_birth_details", [entity(text, "place", "sawa", "Sawa")],
                          {"requested_slot": "birth_time", "name": "Geeta", "birth_date": "1980-06-06", **agra},
                          {"birth_place": "Sawa"})
    assert set_["birth_place"] == "Agra, Uttar Pradesh, India" and set_["birth_time"] == "19:15" and said == []


@pytest.mark.parametrize(("text", "piece"), [("22:30 GMT", "22:30"), ("10:30 pm EST", "10:30 pm"),
                                             ("born 5:30 UTC", "5:30")])
def test_a_clock_in_another_zone_is_asked_again(text, piece):
    set_, said = run_form(text, "provide_birth_details", [entity(text, "time", piece)],
                          {"requested_slot": "birth_time", "name": "Asha", "birth_date": "1990-02-05"},
                          {"birth_time": piece})
    assert set_["birth_time"] is None and "local time" in said[0]


def test_the_birth_date_among_other_dates_is_the_one_that_reads_whole():
    text = "what will happen in my career in 2027? I'm Arjun, 1 Jan 1990, 5 am, Surat"
    set_, said = run_form(text, "ask_prediction", [entity(text, "date", "2027"), entity(text, "date", "1 Jan 1990")],
                          {"requested_slot": None}, {"birth_date": ["2027", "1 Jan 1990"]})
    assert set_["birth_date"] == "1990-01-01" and said == []


def test_a_year_the_model_tagged_as_a_time_completes_the_date():
    text = "what will happen in my career in 2027? I'm Arjun, 1 Jan 1990, 5 am, Surat"
    message = {"text": text, "entities": [entity(text, "date", "2027"), entity(text, "date", "1 Jan"),
                                          entity(text, "time", "1990")]}
    from actions.conversation.entities import entity_runs

    assert entity_runs(message, "date") == [("2027", 1), ("1 Jan 1990", 2)]


def ask(action, slots_before: dict[str, Any], slots_now: dict[str, Any]) -> list[str]:
    """What an ask action says after a turn that moved the slots from before to now."""
    events = [
        *({"event": "slot", "name": name, "value": value} for name, value in slots_before.items()),
        {"event": "user", "text": "…", "parse_data": {"intent": {"name": "provide_birth_details"}, "entities": []}},
        *({"event": "slot", "name": name, "value": value} for name, value in slots_now.items()),
    ]
    tracker = Tracker("someone", {**slots_before, **slots_now}, {}, events, False, None,
                      {"name": "birth_details_form"}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, {}))
    return [m["text"] for m in dispatcher.messages]


def test_a_date_just_read_is_said_back_before_the_next_question():
    said = ask(ActionAskBirthTime(), {"name": "Priya"}, {"birth_date": "1990-03-05"})
    assert said[0] == "Got it: 5 March 1990." and "What time" in said[1]
    partner = ask(ActionAskPartnerBirthTime(), {"partner_name": "Rohan"}, {"partner_birth_date": "1991-03-03"})
    assert partner[0] == "Got it: 3 March 1991."
    # A date given before this turn is not repeated.
    assert len(ask(ActionAskBirthTime(), {"birth_date": "1990-03-05"}, {"name": "Priya"})) == 1


@pytest.mark.parametrize("intent", ["ask_compatibility", "ask_panchang", "nlu_fallback"])
def test_a_bare_name_or_town_answers_the_question_whatever_its_intent(intent):
    set_, said = run_form("Ritu", intent, [entity("Ritu", "name", "Ritu")], {"requested_slot": "name"}, {})
    assert set_["name"] == "Ritu" and said == []
    set_, said = run_form("Ujjain", intent, [entity("Ujjain", "place", "Ujjain")],
                          {"requested_slot": "birth_place", "name": "Ritu", "birth_date": "1990-03-05",
                           "birth_time": "10:00"}, {})
    assert set_["birth_place"].startswith("Ujjain, Madhya Pradesh") and said == []


def test_a_delete_request_naming_a_town_is_no_answer():
    set_, _ = run_form("delete Pune", "delete_my_data", [entity("delete Pune", "place", "Pune")],
                       {"requested_slot": "birth_place", "name": "Ritu"}, {})
    assert "birth_place" not in set_


def test_a_name_tagged_in_two_pieces_is_kept_whole():
    text = "Ananya Iyer"
    set_, _ = run_form(text, "provide_birth_details", [entity(text, "name", "Ananya"), entity(text, "name", "Iyer")],
                       {"requested_slot": "name"}, {"name": "Iyer"})
    assert set_["name"] == "Ananya Iyer"


def test_a_name_the_place_ruler_also_knows_is_not_the_birth_place():
    # Mohan is a town in Uttar Pradesh too.
    set_, said = run_form("Mohan", "provide_birth_details", [entity("Mohan", "name", "Mohan"),
                                                             entity("Mohan", "place", "Mohan")],
                          {"requested_slot": "name"}, {"name": "Mohan", "birth_place": "Mohan"})
    assert set_["name"] == "Mohan" and set_["birth_place"] is None and said == []


@pytest.mark.parametrize(("text", "town", "label"), [
    ("Hyderabad, Telangana", "Hyderabad", "Hyderabad, Telangana, India"),
    ("born in Kochi, Kerala.", "Kochi", "Kochi, Kerala, India"),
    ("Gorakhpur, UP", "Gorakhpur", "Gorakhpur, Uttar Pradesh, India"),
])
def test_the_state_written_after_an_ambiguous_town_settles_it(text, town, label):
    set_, said = run_form(text, "provide_birth_details", [entity(text, "place", town)],
                          {"requested_slot": "birth_place", "name": "Ravi", "birth_date": "1990-03-05",
                           "birth_time": "10:00"}, {"birth_place": town})
    assert set_["birth_place"] == label and said == []


def test_matching_someone_new_says_why_their_own_name_is_asked():
    said = ask(ActionAskName(), {}, {"partner_name": "Rohan"})
    assert said == ["To match your kundli with Rohan's I need your own birth details too. First, what's your name?"]
    assert ask(ActionAskName(), {}, {}) == ["To cast your kundli I need a few details. First, what's your name?"]


def test_the_am_or_pm_buttons_answer_without_asking_again():
    dispatcher = CollectingDispatcher()
    asyncio.run(ValidateBirthDetailsForm().check_time("10:30", dispatcher, True))
    payloads = [button["payload"] for button in dispatcher.messages[0]["buttons"]]
    readings = []
    for payload in payloads:
        value = payload.split('"time": "')[1].split('"')[0]
        set_, said = run_form(payload, "provide_birth_details", [{"entity": "time", "value": value}],
                              {"requested_slot": "birth_time", "name": "Ravi", "birth_date": "1990-03-05"},
                              {"birth_time": value})
        readings.append((set_["birth_time"], said))
    assert readings == [("10:30", []), ("22:30", [])]


@pytest.mark.parametrize(("text", "piece", "expected"), [
    ("dopahar 2 baje", "2 baje", "14:00"),
    ("sawa 7 baje shaam", "7 baje", "19:15"),
])
def test_the_words_around_a_tagged_time_count(text, piece, expected):
    set_, said = run_form(text, "provide_birth_details", [entity(text, "time", piece)],
                          {"requested_slot": "birth_time", "name": "Preeti", "birth_date": "2001-01-01"},
                          {"birth_time": piece})
    assert set_["birth_time"] == expected and said == []


def test_a_date_the_model_tagged_as_a_time_is_the_date():
    text = "Ira, she was born on 15 march 1992 at 10:30 pm in Surat"
    pieces = [entity(text, "time", "15 march"), entity(text, "time", "1992"), entity(text, "time", "10:30 pm")]
    set_, said = run_form(text, "provide_birth_details", pieces, {"requested_slot": None, "name": "Harsh"},
                          {"birth_time": ["15 march", "1992", "10:30 pm"]})
    assert set_["birth_date"] == "1992-03-15" and set_["birth_time"] == "22:30" and said == []
