"""The recorded updates are what Telegram sends: python-telegram-bot reads each one into the
objects the Bot API docs define, with the fields the channel's tests rely on."""

from __future__ import annotations

import pytest
import telegram

from tests.telegram.update_payloads import load_update, update_names

BOT = telegram.Bot("123456789:AAFakeTokenForLunaTests_abcdefghijk")
PRIYA = 700000001
FAMILY_GROUP = -1001234567890
BOT_ID = 123456789


def parsed(name: str, **overrides) -> telegram.Update:
    return telegram.Update.de_json(load_update(name, **overrides), BOT)


def test_every_payload_is_an_update_ptb_reads_without_loss():
    names = update_names()
    assert len(names) == 17
    for name in names:
        data = load_update(name)
        update = telegram.Update.de_json(data, BOT)
        assert missing(data, update.to_dict()) == [], name  # nothing PTB dropped
        assert unknown_fields(update) == [], name  # nothing PTB does not know (a typo, an invented field)


def unknown_fields(value) -> list[str]:
    """The fields PTB kept aside in api_kwargs anywhere in the object tree: not in the Bot API."""
    if isinstance(value, tuple | list):
        return [field for item in value for field in unknown_fields(item)]
    if not isinstance(value, telegram.TelegramObject):
        return []
    slots = {name for cls in type(value).__mro__ for name in getattr(cls, "__slots__", ())}
    found = list(value.api_kwargs)
    for name in slots - {"api_kwargs", "_bot", "_frozen", "_id_attrs"}:
        found += unknown_fields(getattr(value, name, None))
    return found


def missing(recorded, read, path="") -> list[str]:
    """The recorded fields that are not in what PTB read back (PTB adds its own False defaults)."""
    if isinstance(recorded, dict):
        if not isinstance(read, dict):
            return [path]
        return [gap for key, value in recorded.items() for gap in missing(value, read.get(key), f"{path}.{key}")]
    if isinstance(recorded, list):
        if not isinstance(read, list) or len(read) != len(recorded):
            return [path]
        return [gap for i, item in enumerate(recorded) for gap in missing(item, read[i], f"{path}[{i}]")]
    return [] if recorded == read else [path]


@pytest.mark.parametrize(
    ("name", "text", "entity"),
    [
        ("text_message", "Hi Luna", None),
        ("command_start", "/start", ("bot_command", 0, 6)),
        ("command_with_args", "/panchang tomorrow in Pune", ("bot_command", 0, 9)),
        ("group_mention", "@luna_test_bot my horoscope for leo", ("mention", 0, 14)),
        ("group_command", "/horoscope@luna_test_bot leo", ("bot_command", 0, 24)),
        ("group_plain", "anyone up for lunch?", None),
    ],
)
def test_text_messages(name, text, entity):
    message = parsed(name).message
    assert message.text == text
    assert [(e.type, e.offset, e.length) for e in message.entities] == ([entity] if entity else [])
    assert message.from_user.id == PRIYA and message.from_user.language_code == "en"
    if name.startswith("group"):
        assert (message.chat.id, message.chat.title, message.chat.type) == (FAMILY_GROUP, "Family astrology",
                                                                            "supergroup")
    else:
        assert message.chat.id == PRIYA and message.chat.type == "private"


def test_commands_read_as_ptb_reads_them():
    assert parsed("command_with_args").message.parse_entities(["bot_command"]).popitem()[1] == "/panchang"
    assert parsed("group_command").message.text[:24] == "/horoscope@luna_test_bot"


def test_an_edited_message_carries_its_edit_date():
    update = parsed("edited_message")
    assert update.message is None and update.edited_message.text == "Hi Luna!"
    assert update.edited_message.edit_date > update.edited_message.date
    assert update.effective_user.id == PRIYA


def test_a_button_press_carries_the_bots_message_and_its_keyboard():
    query = parsed("callback_query").callback_query
    assert (query.id, query.data, query.from_user.id) == ("3017485923847561234", "/ask_dasha", PRIYA)
    assert query.chat_instance and query.message.from_user.username == "luna_test_bot"
    assert query.message.reply_markup.inline_keyboard[0][0].callback_data == "/ask_dasha"


def test_photos_come_in_three_sizes_with_an_optional_caption():
    plain, captioned = parsed("photo").message, parsed("photo_with_caption").message
    assert [(p.width, p.height) for p in plain.photo] == [(90, 68), (320, 240), (800, 600)]
    assert all(p.file_id and p.file_unique_id and p.file_size for p in plain.photo)
    assert plain.caption is None and plain.text is None
    assert captioned.caption == "is this my chart?"


def test_sticker_voice_document_and_location():
    sticker = parsed("sticker").message.sticker
    assert (sticker.type, sticker.is_animated, sticker.is_video, sticker.emoji) == ("regular", False, False, "😂")
    assert sticker.set_name and sticker.thumbnail.width == 128
    voice = parsed("voice").message.voice
    assert (voice.mime_type, voice.file_size, voice.to_dict()["duration"]) == ("audio/ogg", 15872, 4)
    document = parsed("document").message.document
    assert (document.file_name, document.mime_type) == ("kundli.pdf", "application/pdf")
    location = parsed("location").message.location
    assert (location.latitude, location.longitude) == (28.6139, 77.209)


def test_a_reply_to_the_bot_in_a_group():
    message = parsed("group_reply_to_bot").message
    assert message.chat.id == FAMILY_GROUP
    assert message.reply_to_message.from_user.id == BOT_ID and message.reply_to_message.from_user.is_bot


@pytest.mark.parametrize(("name", "old", "new"), [
    ("my_chat_member_blocked", "member", "kicked"),
    ("my_chat_member_unblocked", "kicked", "member"),
])
def test_blocking_and_unblocking_the_bot_in_a_private_chat(name, old, new):
    change = parsed(name).my_chat_member
    assert (change.chat.id, change.chat.type, change.from_user.id) == (PRIYA, "private", PRIYA)
    assert (change.old_chat_member.status, change.new_chat_member.status) == (old, new)
    assert change.new_chat_member.user.id == BOT_ID


def test_overrides_make_another_user_without_touching_the_recording():
    update = load_update("command_start", update_id=42, user_id=700000777, text="/kundli")
    message = telegram.Update.de_json(update, BOT).message
    assert (update["update_id"], message.from_user.id, message.chat.id) == (42, 700000777, 700000777)
    assert message.text == "/kundli" and (message.entities[0].offset, message.entities[0].length) == (0, 7)
    assert load_update("command_start")["message"]["from"]["id"] == PRIYA

    in_group = load_update("group_reply_to_bot", user_id=700000778, chat_id=-1009999999999)
    reply = in_group["message"]
    assert (reply["from"]["id"], reply["chat"]["id"]) == (700000778, -1009999999999)
    assert reply["reply_to_message"]["from"]["id"] == BOT_ID  # the bot stays the bot
    assert reply["reply_to_message"]["chat"]["id"] == -1009999999999

    pressed = load_update("callback_query", user_id=700000779)
    assert pressed["callback_query"]["from"]["id"] == 700000779
    assert pressed["callback_query"]["message"]["chat"]["id"] == 700000779
