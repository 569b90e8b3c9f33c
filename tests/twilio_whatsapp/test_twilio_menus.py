"""Luna's buttons as one numbered menu, and a user's reply mapped back to its payload
(channels/twilio_whatsapp/menus.py)."""

from __future__ import annotations

import pytest

from channels.twilio_whatsapp.menus import Choice, MenuItem, choose, dump_menu, load_menu, menu_items, render_menu

BUTTONS = [{"title": "Make my kundli", "payload": "/request_kundli"}, {"title": "Help", "payload": "/help"},
           {"title": "Today's  horoscope", "payload": '/ask_horoscope{"period": "today"}'}]
ITEMS = menu_items(BUTTONS)


def test_the_menu_is_numbered_titles_under_a_heading_and_never_shows_payloads():
    menu = render_menu(ITEMS[:2], "Reply with a number:")
    assert menu == "Reply with a number:\n1. Make my kundli\n2. Help"
    assert "/" not in render_menu(ITEMS, "Reply with a number:")


def test_a_second_menu_in_the_same_answer_is_numbered_on():
    assert render_menu(ITEMS[2:], "Reply with a number:", first=3) == "Reply with a number:\n3. Today's horoscope"


def test_buttons_without_a_payload_are_left_out_and_titles_are_tidied():
    items = menu_items([{"title": "No payload"}, {"payload": "/greet"}, *BUTTONS[2:]])
    assert items == (MenuItem("/greet", "/greet"), MenuItem("Today's horoscope", '/ask_horoscope{"period": "today"}'))


@pytest.mark.parametrize("reply, payload", [
    ("1", "/request_kundli"), ("2", "/help"), ("1.", "/request_kundli"), (" 2) ", "/help"), ("#3", ITEMS[2].payload),
    ("make my kundli", "/request_kundli"), ("HELP", "/help"), ("Help!", "/help"),
    ("make my kundly", "/request_kundli"), ("todays horoscope", ITEMS[2].payload),
])
def test_a_number_or_a_title_picks_its_payload(reply, payload):
    assert choose(reply, ITEMS) == Choice(payload)


@pytest.mark.parametrize("reply", ["4", "0", "99", "9."])
def test_a_number_the_menu_has_not_is_out_of_range(reply):
    assert choose(reply, ITEMS) == Choice(out_of_range=True)


@pytest.mark.parametrize("reply", ["I was born on 5 march 1990", "1990", "10:30", "yes", "what is my dasha", ""])
def test_anything_else_is_the_user_s_own_words(reply):
    assert choose(reply, ITEMS) == Choice()


def test_without_a_menu_a_number_is_just_words():
    assert choose("1", ()) == Choice()


def test_a_remembered_menu_reads_back_the_same_and_a_broken_one_reads_as_none():
    assert load_menu(dump_menu(ITEMS)) == ITEMS
    assert load_menu(None) == load_menu("not json") == load_menu('{"a": 1}') == ()
