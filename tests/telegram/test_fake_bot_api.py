"""The local Bot API server answers python-telegram-bot as Telegram does: the shapes PTB
parses, and the errors PTB turns into its exceptions."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import threading
import time
import urllib.error
import urllib.request

import pytest
import telegram
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter

PRIYA = 700000001
# A 3x2 PNG's signature and IHDR: the fake reads the size from it, as Telegram does.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x03\x00\x00\x00\x02\x08\x02\x00\x00\x00" + b"\x00" * 40


def run(bot_api, call, token=None):
    """Run `call(bot)` with a PTB Bot pointed at the fake (no getMe first, so any token can be tried)."""

    async def main():
        bot = telegram.Bot(token or bot_api.token, base_url=f"{bot_api.url}/bot")
        return await call(bot)

    return asyncio.run(main())


def post(url, body: bytes, content_type: str):
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_ptb_starts_against_it_and_sends_html_with_an_inline_keyboard(bot_api):
    keyboard = telegram.InlineKeyboardMarkup([[telegram.InlineKeyboardButton("My dasha", callback_data="/ask_dasha")]])

    async def call(bot):
        async with bot:
            first = await bot.send_message(
                PRIYA, "<b>Namaste</b> &amp; welcome", parse_mode="HTML", reply_markup=keyboard
            )
            second = await bot.send_message(PRIYA, "Plain again")
            return bot, first, second

    bot, first, second = run(bot_api, call)
    assert (bot.id, bot.username, bot.first_name) == (123456789, "luna_test_bot", "Luna")
    assert first.text == "Namaste & welcome"
    assert first.entities == (telegram.MessageEntity("bold", 0, 7),)
    assert first.reply_markup == keyboard
    assert first.from_user.is_bot and first.chat.id == PRIYA and first.chat.type == "private"
    assert second.message_id == first.message_id + 1
    sent = bot_api.calls_to("sendMessage")[0]["params"]
    assert sent == {
        "chat_id": PRIYA,
        "text": "<b>Namaste</b> &amp; welcome",
        "parse_mode": "HTML",
        "reply_markup": {"inline_keyboard": [[{"text": "My dasha", "callback_data": "/ask_dasha"}]]},
    }
    assert bot_api.sent_texts(PRIYA) == ["Namaste & welcome", "Plain again"]


def test_a_photo_upload_is_recorded_with_its_bytes_and_comes_back_as_photo_sizes(bot_api):
    async def call(bot):
        uploaded = await bot.send_photo(PRIYA, photo=PNG, filename="chart.png", caption="Your <i>kundli</i>",
                                        parse_mode="HTML")
        by_url = await bot.send_photo(PRIYA, photo="https://luna.example.org/charts/abc.png")
        return uploaded, by_url

    uploaded, by_url = run(bot_api, call)
    call = bot_api.calls_to("sendPhoto")[0]
    assert call["files"]["photo"] == {"filename": "chart.png", "content_type": "image/png", "size": len(PNG),
                                      "bytes": PNG}
    assert call["params"] == {"chat_id": PRIYA, "caption": "Your <i>kundli</i>", "parse_mode": "HTML"}
    assert [(size.width, size.height) for size in uploaded.photo] == [(3, 2)]
    assert uploaded.caption == "Your kundli" and uploaded.caption_entities[0].type == "italic"
    assert [size.width for size in by_url.photo] == [90, 320, 800]
    assert bot_api.calls_to("sendPhoto")[1]["params"]["photo"] == "https://luna.example.org/charts/abc.png"


def test_a_picture_address_telegram_cannot_reach_is_refused(bot_api):
    with pytest.raises(BadRequest, match="(?i)failed to get http url content"):
        run(bot_api, lambda bot: bot.send_photo(PRIYA, photo="http://127.0.0.1:5005/charts/abc.png"))


def test_a_wrong_token_is_unauthorized_and_a_malformed_one_not_found(bot_api):
    with pytest.raises(InvalidToken, match="Unauthorized"):
        run(bot_api, lambda bot: bot.get_me(), token="987654321:AAWrongTokenWrongTokenWrongToken12345")
    with pytest.raises(InvalidToken, match="Not Found"):
        run(bot_api, lambda bot: bot.get_me(), token="not-a-token")
    status, body = post(f"{bot_api.url}/bot{bot_api.token}/sendTelepathy", b"{}", "application/json")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})


def test_text_over_4096_characters_after_entity_parsing_is_too_long(bot_api):
    at_limit = "<b>" + "a" * 4096 + "</b>"
    message = run(bot_api, lambda bot: bot.send_message(PRIYA, at_limit, parse_mode="HTML"))
    assert len(message.text) == 4096
    with pytest.raises(BadRequest, match="Message is too long"):
        run(bot_api, lambda bot: bot.send_message(PRIYA, "a" * 4097))
    with pytest.raises(BadRequest, match="Message text is empty"):
        run(bot_api, lambda bot: bot.send_message(PRIYA, "  <b> </b> ", parse_mode="HTML"))
    with pytest.raises(BadRequest, match="Message caption is too long"):
        run(bot_api, lambda bot: bot.send_photo(PRIYA, photo=PNG, caption="c" * 1025))


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
        ("<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("closed</b> never opened", "Unexpected end tag at byte offset 6"),
        ("<b><i>crossed</b></i>", 'Unmatched end tag at byte offset 13, expected "</i>", found "</b>"'),
        ("Saturn < Jupiter", 'Unsupported start tag "" at byte offset 7'),
        ("ग्रह <x>", 'Unsupported start tag "x" at byte offset 13'),  # byte offsets, not characters
    ],
)
def test_invalid_html_is_refused_with_telegrams_words(bot_api, html, reason):
    with pytest.raises(BadRequest):
        run(bot_api, lambda bot: bot.send_message(PRIYA, html, parse_mode="HTML"))
    assert bot_api.calls[-1]["description"] == f"Bad Request: can't parse entities: {reason}"


def test_a_bare_ampersand_is_text_as_telegram_lets_it_through(bot_api):
    message = run(bot_api, lambda bot: bot.send_message(PRIYA, "Sun & Moon &copy; &#x263D;", parse_mode="HTML"))
    assert message.text == "Sun & Moon &copy; \u263d"


def test_callback_data_over_64_bytes_is_refused(bot_api):
    too_long = telegram.InlineKeyboardMarkup([[telegram.InlineKeyboardButton("x", callback_data="/" + "d" * 64)]])
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        run(bot_api, lambda bot: bot.send_message(PRIYA, "hi", reply_markup=too_long))


@pytest.mark.filterwarnings("ignore:Deprecated since version v22.2")  # PTB's own RetryAfter.__init__
def test_scripted_refusals_are_ptbs_exceptions(bot_api):
    bot_api.rate_limit(times=2, retry_after=3)
    for _ in range(2):
        with pytest.raises(RetryAfter) as limited:
            run(bot_api, lambda bot: bot.send_message(PRIYA, "hi"))
    assert limited.value._retry_after == dtm.timedelta(seconds=3)
    run(bot_api, lambda bot: bot.send_message(PRIYA, "now it goes"))

    bot_api.block_chat(PRIYA)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        run(bot_api, lambda bot: bot.send_chat_action(PRIYA, "typing"))
    bot_api.unblock_chat(PRIYA)

    bot_api.fail_next("sendMessage", 502, "Bad Gateway")
    with pytest.raises(telegram.error.NetworkError, match="Bad Gateway"):
        run(bot_api, lambda bot: bot.send_message(PRIYA, "hi"))
    assert bot_api.sent_texts(PRIYA) == ["now it goes"]
    assert [call["status"] for call in bot_api.calls_to("sendMessage")] == [429, 429, 200, 502]


def test_a_held_method_waits_unanswered_until_released(bot_api):
    bot_api.hold("answerCallbackQuery")
    answered = []
    caller = threading.Thread(target=lambda: answered.append(
        run(bot_api, lambda bot: bot.answer_callback_query("3017485923847561234"))))
    caller.start()
    bot_api.wait_until_held("answerCallbackQuery")
    run(bot_api, lambda bot: bot.send_message(PRIYA, "other methods go on"))
    held = (list(answered), bot_api.calls_to("answerCallbackQuery"))
    bot_api.release("answerCallbackQuery")
    caller.join(timeout=10)
    assert held == ([], [])
    assert answered == [True] and len(bot_api.calls_to("answerCallbackQuery")) == 1
    assert bot_api.sent_texts(PRIYA) == ["other methods go on"]


def test_the_three_encodings_give_the_same_record(bot_api):
    root = f"{bot_api.url}/bot{bot_api.token}"
    markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": "/affirm"}]]}
    post(f"{root}/sendMessage", json.dumps({"chat_id": PRIYA, "text": "json", "reply_markup": markup}).encode(),
         "application/json")
    form = urllib.parse.urlencode({"chat_id": str(PRIYA), "text": "form", "reply_markup": json.dumps(markup)})
    post(f"{root}/sendMessage", form.encode(), "application/x-www-form-urlencoded")
    with urllib.request.urlopen(f"{root}/sendMessage?chat_id={PRIYA}&text=get", timeout=5) as response:
        assert json.loads(response.read())["result"]["text"] == "get"
    records = [call["params"] for call in bot_api.calls_to("sendMessage")]
    assert records[0] == {**records[1], "text": "json"} == {"chat_id": PRIYA, "text": "json", "reply_markup": markup}
    assert bot_api.sent_texts(PRIYA) == ["json", "form", "get"]


def test_callbacks_chat_actions_keyboard_edits_and_commands(bot_api):
    keyboard = telegram.InlineKeyboardMarkup([[telegram.InlineKeyboardButton("Dasha", callback_data="/ask_dasha")]])

    async def call(bot):
        sent = await bot.send_message(PRIYA, "Pick one", reply_markup=keyboard)
        answered = await bot.answer_callback_query("3017485923847561234")
        typing = await bot.send_chat_action(PRIYA, "typing")
        edited = await bot.edit_message_reply_markup(PRIYA, sent.message_id)
        with pytest.raises(BadRequest, match="(?i)message is not modified"):
            await bot.edit_message_reply_markup(PRIYA, sent.message_id)
        await bot.set_my_commands([("start", "Say hello to Luna"), ("help", "What Luna can do")])
        menu = await bot.get_my_commands()
        await bot.delete_my_commands()
        return answered, typing, edited, menu, await bot.get_my_commands()

    answered, typing, edited, menu, after_delete = run(bot_api, call)
    assert answered is True and typing is True
    assert edited.reply_markup is None and edited.edit_date is not None
    assert [(c.command, c.description) for c in menu] == [("start", "Say hello to Luna"), ("help", "What Luna can do")]
    assert after_delete == ()


def test_webhook_settings_are_kept_and_block_get_updates(bot_api):
    async def call(bot):
        await bot.set_webhook("https://luna.example.org/webhooks/telegram/webhook", secret_token="s3cret",
                              allowed_updates=["message", "callback_query"], max_connections=40)
        info = await bot.get_webhook_info()
        with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
            await bot.get_updates()
        with pytest.raises(BadRequest, match="(?i)an https url must be provided"):
            await bot.set_webhook("http://luna.example.org/hook")
        await bot.delete_webhook()
        return info, await bot.get_webhook_info()

    info, after = run(bot_api, call)
    assert (info.url, info.allowed_updates, info.max_connections, info.pending_update_count) == (
        "https://luna.example.org/webhooks/telegram/webhook", ("message", "callback_query"), 40, 0)
    assert bot_api.webhook == {"url": ""} and after.url == ""
    assert bot_api.calls_to("setWebhook")[0]["params"]["secret_token"] == "s3cret"


def test_get_updates_long_polls_and_an_offset_confirms(bot_api, load_update):
    bot_api.push_update(load_update("text_message", update_id=5))

    def later():
        time.sleep(0.3)
        bot_api.push_update(load_update("callback_query", update_id=6))

    async def call(bot):
        first = await bot.get_updates(timeout=5)
        threading.Thread(target=later).start()
        started = time.monotonic()
        second = await bot.get_updates(offset=first[-1].update_id + 1, timeout=5)
        waited = time.monotonic() - started
        third = await bot.get_updates(offset=second[-1].update_id + 1, timeout=0)
        return first, second, waited, third

    first, second, waited, third = run(bot_api, call)
    assert [u.update_id for u in first] == [5] and first[0].message.text == "Hi Luna"
    assert [u.update_id for u in second] == [6] and second[0].callback_query.data == "/ask_dasha"
    assert 0.2 < waited < 3  # answered when the update came, not at the timeout
    assert third == ()
    assert bot_api.calls_to("getUpdates")[1]["params"] == {"offset": 6, "timeout": 5}


def test_wait_for_says_what_was_called_instead(bot_api):
    run(bot_api, lambda bot: bot.send_chat_action(PRIYA, "typing"))
    assert len(bot_api.wait_for("sendChatAction", timeout=1)) == 1
    with pytest.raises(AssertionError, match=r"0 of 1 sendMessage calls .*sendChatAction"):
        bot_api.wait_for("sendMessage", timeout=0.2)



def test_a_second_long_poll_ends_the_first_as_telegram_does(bot_api):
    root = f"{bot_api.url}/bot{bot_api.token}"
    answers = []
    first = threading.Thread(
        target=lambda: answers.append(post(f"{root}/getUpdates", b'{"timeout": 5}', "application/json"))
    )
    first.start()
    bot_api.wait_for("getUpdates")
    time.sleep(0.2)  # the first poll is waiting
    assert post(f"{root}/getUpdates", b'{"timeout": 0}', "application/json") == (200, {"ok": True, "result": []})
    first.join(5)
    assert answers == [(409, {
        "ok": False,
        "error_code": 409,
        "description": "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
        "is running",
    })]


def test_allowed_updates_leave_the_other_kinds_undelivered_and_stay_set(bot_api, load_update):
    bot_api.push_update(load_update("my_chat_member_blocked", update_id=1))
    bot_api.push_update(load_update("voice", update_id=2))

    async def call(bot):
        only_messages = await bot.get_updates(allowed_updates=["message"])
        bot_api.push_update(load_update("callback_query", update_id=3))
        bot_api.push_update(load_update("text_message", update_id=4))
        return only_messages, await bot.get_updates(offset=3)

    only_messages, later = run(bot_api, call)
    assert [u.update_id for u in only_messages] == [2] and only_messages[0].message.voice
    assert [u.update_id for u in later] == [4]
