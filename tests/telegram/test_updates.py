"""What each Telegram update asks of Luna (channels/telegram/updates.py), read from the
recorded payloads as python-telegram-bot parses them."""

from __future__ import annotations

import pytest
import telegram

from channels.telegram.updates import BotIdentity, Incoming, Kind, location_text, read_update
from tests.telegram.update_payloads import load_update, update_names

BOT = telegram.Bot("123456789:AAFakeTokenForLunaTests_abcdefghijk")
LUNA = BotIdentity(123456789, "luna_test_bot")
PRIYA = 700000001
FAMILY_GROUP = -1001234567890


def read(payload: dict) -> Incoming:
    return read_update(telegram.Update.de_json(payload, BOT), LUNA)


def read_recorded(name: str, **overrides) -> Incoming:
    return read(load_update(name, **overrides))


def group_message(text: str, entities: list[dict]) -> dict:
    update = load_update("group_plain", text=text)
    update["message"]["entities"] = entities
    return update


# What every recorded payload means: kind, text, media, and whether it came from a group.
EXPECTED = {
    "callback_query": (Kind.BUTTON, "", None, False),
    "command_start": (Kind.MESSAGE, "/greet", None, False),
    "command_with_args": (Kind.MESSAGE, "panchang tomorrow in Pune", None, False),
    "document": (Kind.MEDIA, "", "document", False),
    "edited_message": (Kind.EDITED, "Hi Luna!", None, False),
    "group_command": (Kind.MESSAGE, "horoscope leo", None, True),
    "group_mention": (Kind.MESSAGE, "my horoscope for leo", None, True),
    "group_plain": (Kind.IGNORED, "", None, False),
    "group_reply_to_bot": (Kind.MESSAGE, "and for virgo?", None, True),
    "location": (Kind.MESSAGE, "📍 28.61390, 77.20900", None, False),
    "my_chat_member_blocked": (Kind.BLOCKED, "", None, False),
    "my_chat_member_unblocked": (Kind.UNBLOCKED, "", None, False),
    "photo": (Kind.MEDIA, "", "photo", False),
    "photo_with_caption": (Kind.MEDIA, "is this my chart?", "photo", False),
    "sticker": (Kind.MEDIA, "", "sticker", False),
    "text_message": (Kind.MESSAGE, "Hi Luna", None, False),
    "voice": (Kind.MEDIA, "", "voice", False),
}


def test_every_recorded_payload_is_covered():
    assert sorted(EXPECTED) == update_names()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_recorded_update_reads_as_what_it_asks(name):
    payload = load_update(name)
    incoming = read(payload)
    kind, text, media, in_group = EXPECTED[name]
    assert (incoming.kind, incoming.text, incoming.media, incoming.in_group) == (kind, text, media, in_group)
    assert incoming.update_id == payload["update_id"]
    if kind is Kind.IGNORED:
        return
    chat_id = FAMILY_GROUP if in_group else PRIYA
    assert (incoming.chat_id, incoming.user_id) == (chat_id, PRIYA)
    assert incoming.sender_id == f"telegram-{PRIYA}"
    message = payload.get("message") or payload.get("edited_message")
    if message is not None:
        assert incoming.message_id == message["message_id"]


def test_a_button_press_carries_its_data_and_query_id():
    incoming = read_recorded("callback_query")
    assert (incoming.callback_data, incoming.callback_id) == ("/ask_dasha", "3017485923847561234")
    assert incoming.message_id is None


def test_the_conversation_is_the_users_in_any_chat():
    own = read_recorded("text_message", user_id=700000042)
    in_group = read_recorded("group_mention", user_id=700000042)
    assert own.chat_id == 700000042 and in_group.chat_id == FAMILY_GROUP
    assert own.sender_id == in_group.sender_id == "telegram-700000042"


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [
        ("/start", "/greet"),
        ("/start from_instagram_ad", "/greet"),  # a deep-link parameter, not words
        ("/help", "/help"),
        ("/kundli", "/request_kundli"),
        ("/kundli for my son born 12 March 2015", "make my kundli for my son born 12 March 2015"),
        ("/horoscope", "/ask_horoscope"),
        ("/HOROSCOPE leo", "horoscope leo"),
        ("/panchang tomorrow in Pune", "panchang tomorrow in Pune"),
        ("/match", "/ask_compatibility"),
        ("/delete", "/delete_my_data"),
        ("/kundli@luna_test_bot", "/request_kundli"),
        ("/kundli@Luna_Test_Bot", "/request_kundli"),
    ],
)
def test_a_command_means_its_intent_or_its_words(typed, meaning):
    incoming = read_recorded("command_start", text=typed)
    assert (incoming.kind, incoming.text) == (Kind.MESSAGE, meaning)


def test_an_unknown_command_is_named_as_typed():
    incoming = read_recorded("command_start", text="/foo bar baz")
    assert (incoming.kind, incoming.text) == (Kind.UNKNOWN_COMMAND, "/foo")
    in_group = read(load_update("group_command", text="/foo@luna_test_bot"))
    assert (in_group.kind, in_group.text) == (Kind.UNKNOWN_COMMAND, "/foo@luna_test_bot")


def test_in_a_group_a_command_for_another_bot_is_not_luna_s():
    assert read(load_update("group_command", text="/kundli@other_bot")).kind is Kind.IGNORED
    assert read(load_update("group_command", text="/horoscope@other_bot leo")).kind is Kind.IGNORED


def test_in_a_group_a_bare_unknown_command_may_be_another_bot_s():
    assert read(load_update("group_command", text="/weather Delhi")).kind is Kind.IGNORED


@pytest.mark.parametrize("typed", ["/kundli@other_bot", "/delete_my_data", '/ask_dasha{"x": 1}', "/request_kundli"])
def test_in_a_private_chat_no_other_slash_text_reaches_rasa_as_an_intent(typed):
    """Rasa reads "/name" as the intent `name`, skipping the NLU: only Luna's commands
    (and her own buttons) may speak in intents."""
    incoming = read_recorded("command_start", text=typed)
    assert incoming.kind is Kind.UNKNOWN_COMMAND
    assert incoming.text == typed.split("{")[0]


def test_a_slash_without_a_command_entity_is_not_an_intent_either():
    update = load_update("text_message", text="/ask_dasha please")
    assert read(update).kind is Kind.UNKNOWN_COMMAND


def test_in_a_group_a_bare_command_is_luna_s():
    incoming = read(load_update("group_command", text="/panchang today in Delhi"))
    assert (incoming.kind, incoming.text, incoming.in_group) == (Kind.MESSAGE, "panchang today in Delhi", True)


def test_in_a_group_a_mention_of_someone_else_is_ignored():
    update = group_message("@ravi_k what is your sign?", [{"offset": 0, "length": 7, "type": "mention"}])
    assert read(update).kind is Kind.IGNORED


def test_the_mention_is_taken_out_wherever_it_stands():
    update = group_message("what about @luna_test_bot tomorrow?", [{"offset": 11, "length": 14, "type": "mention"}])
    assert read(update).text == "what about tomorrow?"


def test_a_mention_after_emoji_is_found_by_its_utf16_offset():
    # "🙏🌙 " is 5 UTF-16 code units but 3 Python characters: offsets are Telegram's units.
    text = "🙏🌙 @luna_test_bot kundli please"
    update = group_message(text, [{"offset": 5, "length": 14, "type": "mention"}])
    incoming = read(update)
    assert (incoming.kind, incoming.text) == (Kind.MESSAGE, "🙏🌙 kundli please")


def test_a_text_mention_of_luna_by_id_addresses_her():
    update = group_message("Luna, my horoscope", [
        {"offset": 0, "length": 4, "type": "text_mention",
         "user": {"id": LUNA.id, "is_bot": True, "first_name": "Luna"}},
    ])
    assert read(update).kind is Kind.MESSAGE


def test_a_reply_to_someone_else_in_a_group_is_ignored():
    update = load_update("group_reply_to_bot")
    update["message"]["reply_to_message"]["from"] = {"id": 700000077, "is_bot": False, "first_name": "Ravi"}
    assert read(update).kind is Kind.IGNORED


def test_media_with_a_caption_keeps_the_caption_and_a_captioned_command_reads_as_the_command():
    assert read_recorded("photo_with_caption").text == "is this my chart?"
    update = load_update("photo_with_caption")
    update["message"]["caption"] = "/kundli from this chart"
    update["message"]["caption_entities"] = [{"offset": 0, "length": 7, "type": "bot_command"}]
    incoming = read(update)
    assert (incoming.kind, incoming.media, incoming.text) == (Kind.MEDIA, "photo", "make my kundli from this chart")


def test_media_in_a_group_counts_only_when_addressed():
    update = load_update("sticker")
    update["message"]["chat"] = {"id": FAMILY_GROUP, "title": "Family astrology", "type": "supergroup"}
    assert read(update).kind is Kind.IGNORED
    update["message"]["reply_to_message"] = load_update("group_reply_to_bot")["message"]["reply_to_message"]
    incoming = read(update)
    assert (incoming.kind, incoming.media, incoming.chat_id) == (Kind.MEDIA, "sticker", FAMILY_GROUP)


def test_a_shared_location_reads_as_its_coordinates():
    assert location_text(28.6139, 77.209) == "📍 28.61390, 77.20900"
    assert location_text(-33.8688, 151.2093) == "📍 -33.86880, 151.20930"
    update = load_update("location")
    update["message"]["location"] = {"latitude": 18.520430, "longitude": 73.856743}
    assert read(update).text == "📍 18.52043, 73.85674"


def test_a_venue_is_media_not_a_location():
    update = load_update("location")
    update["message"]["venue"] = {
        "location": update["message"]["location"], "title": "India Gate", "address": "Rajpath, New Delhi",
    }
    incoming = read(update)
    assert (incoming.kind, incoming.media) == (Kind.MEDIA, "venue")


def test_an_edit_reads_as_an_edit_of_the_same_message():
    incoming = read_recorded("edited_message")
    assert (incoming.kind, incoming.text, incoming.message_id) == (Kind.EDITED, "Hi Luna!", 11)
    command = load_update("edited_message")
    command["edited_message"]["text"] = "/panchang in Pune"
    command["edited_message"]["entities"] = [{"offset": 0, "length": 9, "type": "bot_command"}]
    assert (read(command).kind, read(command).text) == (Kind.EDITED, "panchang in Pune")


def test_blocking_and_unblocking_name_the_chat_and_user():
    blocked = read_recorded("my_chat_member_blocked")
    assert (blocked.kind, blocked.chat_id, blocked.user_id) == (Kind.BLOCKED, PRIYA, PRIYA)
    unblocked = read_recorded("my_chat_member_unblocked")
    assert (unblocked.kind, unblocked.chat_id) == (Kind.UNBLOCKED, PRIYA)


def test_luna_removed_from_a_group_is_blocked_there():
    update = load_update("my_chat_member_blocked")
    update["my_chat_member"]["chat"] = {"id": FAMILY_GROUP, "title": "Family astrology", "type": "supergroup"}
    update["my_chat_member"]["new_chat_member"] = {"user": update["my_chat_member"]["old_chat_member"]["user"],
                                                   "status": "left"}
    incoming = read(update)
    assert (incoming.kind, incoming.chat_id) == (Kind.BLOCKED, FAMILY_GROUP)


def test_a_message_from_a_bot_is_ignored():
    update = load_update("text_message")
    update["message"]["from"] = {"id": 5550001, "is_bot": True, "first_name": "Other", "username": "other_bot"}
    assert read(update).kind is Kind.IGNORED


def test_updates_luna_does_not_handle_are_ignored():
    channel_post = {
        "update_id": 100000099,
        "channel_post": {
            "message_id": 7, "date": 1764990000, "text": "New post",
            "chat": {"id": -1009876543210, "title": "Luna news", "type": "channel"},
        },
    }
    incoming = read(channel_post)
    assert (incoming.kind, incoming.update_id, incoming.chat_id) == (Kind.IGNORED, 100000099, None)


def test_a_message_with_neither_text_nor_media_is_ignored():
    update = load_update("text_message")
    del update["message"]["text"]
    update["message"]["new_chat_title"] = "Renamed"
    assert read(update).kind is Kind.IGNORED


def test_in_a_group_a_location_counts_only_when_it_answers_luna():
    update = load_update("location")
    update["message"]["chat"] = {"id": FAMILY_GROUP, "title": "Family astrology", "type": "supergroup"}
    assert read(update).kind is Kind.IGNORED  # someone telling the family where they are
    update["message"]["reply_to_message"] = load_update("group_reply_to_bot")["message"]["reply_to_message"]
    incoming = read(update)
    assert (incoming.kind, incoming.text, incoming.in_group) == (Kind.MESSAGE, "📍 28.61390, 77.20900", True)


def test_a_live_location_moving_is_not_a_new_message():
    # Telegram reports each move of a live location as an edit of the message that shared it.
    update = load_update("location")
    update["edited_message"] = update.pop("message")
    update["edited_message"]["location"] = {"latitude": 28.6141, "longitude": 77.2093, "live_period": 900}
    update["edited_message"]["edit_date"] = 1764990060
    assert read(update).kind is Kind.IGNORED
