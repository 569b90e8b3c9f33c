"""Luna's replies rendered as Cloud API messages (channels/whatsapp/formatting.py): the
limits are the Graph API's (Meta's interactive-message reference); tests/whatsapp/
fake_graph_api.py enforces the same ones over HTTP in test_sender.py."""

from __future__ import annotations

import random
import string

import pytest

from channels.whatsapp.formatting import (
    ZERO_WIDTH_SPACE,
    Choice,
    image_messages,
    reply_messages,
    shorten,
    template_message,
    text_messages,
    to_whatsapp,
)
from tests.whatsapp.fake_graph_api import FakeGraphApi, GraphError, _validate

WORDS = dict(list_label="Choose", short_body="Choose one 👇", more_body="More choices 👇")


def test_a_heading_is_bold_and_the_content_s_emphasis_is_kept():
    text = "🌙 Priya's kundli\nLagna (ascendant): Libra. Type *help* for more."
    assert to_whatsapp(text) == "*🌙 Priya's kundli*\nLagna (ascendant): Libra. Type *help* for more."


def test_a_sentence_is_not_a_heading():
    assert to_whatsapp("Hello there.\nSecond line") == "Hello there.\nSecond line"


@pytest.mark.parametrize("text", ["2 * 3 * 4 = 24", "my_name_is_ravi", "~approx~ 5", "use `code` or ```block```"])
def test_whatsapp_s_own_markup_in_luna_s_text_is_made_inert(text):
    rendered = to_whatsapp(text)
    assert rendered.replace(ZERO_WIDTH_SPACE, "") == text
    for mark in "*_~`":
        assert mark + ZERO_WIDTH_SPACE in rendered or mark not in text


def test_links_are_left_whole():
    text = "Your chart: https://luna.example/charts/a_b*c.png"
    assert to_whatsapp(text) == text


def test_a_heading_s_own_asterisks_do_not_break_its_bold():
    assert to_whatsapp("*Priya*'s kundli\nbody").startswith("*Priya's kundli*\n")


def test_long_text_is_split_under_4096_and_an_empty_one_sends_nothing():
    text = ("The Moon in Rohini gives a calm mind. " * 300).strip()
    messages = text_messages(text)
    assert len(messages) >= 3
    assert all(0 < len(m["text"]["body"]) <= 4096 for m in messages)
    assert text_messages("   ") == []


def test_up_to_three_choices_are_reply_buttons():
    [message] = reply_messages("Hello!", [Choice("Make my kundli", "/request_kundli"), Choice("Help", "/help")],
                               **WORDS)
    interactive = message["interactive"]
    assert interactive["type"] == "button"
    assert interactive["body"]["text"] == "Hello!"
    assert [b["reply"] for b in interactive["action"]["buttons"]] == [
        {"id": "/request_kundli", "title": "Make my kundli"}, {"id": "/help", "title": "Help"}]


def test_long_titles_are_shortened_and_stay_distinct():
    [message] = reply_messages("Pick", [Choice("Kundli matching with my partner", "/a"),
                                        Choice("Kundli matching with my partner too", "/b")], **WORDS)
    titles = [b["reply"]["title"] for b in message["interactive"]["action"]["buttons"]]
    assert all(len(title) <= 20 for title in titles)
    assert len(set(titles)) == 2
    assert titles[0].endswith("…")


def test_four_to_ten_choices_make_a_list_with_the_full_title_as_description():
    choices = [Choice(f"Pune, Maharashtra, India {n}", f"/inform_place{{\"id\": {n}}}") for n in range(5)]
    [message] = reply_messages("Which Pune?", choices, **WORDS)
    interactive = message["interactive"]
    assert interactive["type"] == "list"
    assert interactive["action"]["button"] == "Choose"
    rows = interactive["action"]["sections"][0]["rows"]
    assert len(rows) == 5 and all(len(row["title"]) <= 24 for row in rows)
    assert rows[0]["description"] == "Pune, Maharashtra, India 0"


def test_more_than_ten_choices_make_several_lists():
    messages = reply_messages("Pick", [Choice(f"Town {n}", f"/t{n}") for n in range(23)], **WORDS)
    assert [len(m["interactive"]["action"]["sections"][0]["rows"]) for m in messages] == [10, 10, 3]
    assert messages[1]["interactive"]["body"]["text"] == "More choices 👇"


def test_a_text_too_long_for_a_body_goes_first_then_the_choices_under_a_short_body():
    text = "A long reading. " * 100
    messages = reply_messages(text, [Choice("My dasha", "/ask_dasha")], **WORDS)
    assert messages[0]["type"] == "text"
    assert messages[-1]["interactive"]["body"]["text"] == "Choose one 👇"


def test_choices_without_text_get_the_short_body_and_repeated_ids_go_once():
    [message] = reply_messages("", [Choice("Yes", "/affirm"), Choice("Yes again", "/affirm")], **WORDS)
    assert message["interactive"]["body"]["text"] == "Choose one 👇"
    assert len(message["interactive"]["action"]["buttons"]) == 1


def test_a_picture_s_caption_goes_under_it_unless_too_long():
    [image] = image_messages({"id": "42"}, "🌙 Priya's kundli\nLagna: Libra")
    assert image["image"] == {"id": "42", "caption": "*🌙 Priya's kundli*\nLagna: Libra"}
    long = image_messages({"link": "https://luna.example/c.png"}, "word " * 400)
    assert long[0]["image"] == {"link": "https://luna.example/c.png"} and long[1]["type"] == "text"


def test_a_template_s_variable_is_one_line():
    message = template_message("luna_reminder", "en", "Namaste!\n\nYour     horoscope\tis ready")
    parameter = message["template"]["components"][0]["parameters"][0]["text"]
    assert "\n" not in parameter and "     " not in parameter
    assert template_message("luna_reminder", "hi")["template"] == {"name": "luna_reminder",
                                                                   "language": {"code": "hi"}}


def test_shorten_cuts_at_a_word():
    assert shorten("Today's horoscope for Gemini", 20) == "Today's horoscope…"
    assert shorten("  short  ", 20) == "short"


def test_whatever_luna_says_the_graph_api_would_accept_it():
    """Random texts and buttons (odd titles, lengths, markup, emoji), checked by the fake's
    copy of Meta's validation."""
    rng = random.Random(13)
    alphabet = string.ascii_letters + string.digits + " *_~`\n🌙।" + "ऀ"
    fake = FakeGraphApi()
    fake.server.server_close()
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 5, 300, 1100, 5000])))
        choices = [Choice("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))), f"/p{n}")
                   for n in range(rng.randint(0, 14))]
        for message in reply_messages(text, choices, **WORDS):
            try:
                _validate(message["type"], message, fake)
            except GraphError as error:  # pragma: no cover - the assertion's message
                pytest.fail(f"{error.message} {error.details}: {message}")
