"""Everything Luna sends goes through TelegramSender (channels/telegram/sender.py): here it
talks to the local Bot API server over real HTTP, with python-telegram-bot's own requests,
and chart pictures come from a real HTTP server on 127.0.0.1 as from the action server."""

from __future__ import annotations

import asyncio
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from channels.messaging.shared_state import MemoryState, payload_key
from channels.messaging.text import MAX_TEXT, split_text
from channels.telegram.config import settings_from_environment
from channels.telegram.formatting import MAX_CAPTION
from channels.telegram.sender import STORED_PAYLOAD, TelegramSender, chat_key, make_bot

PRIYA = 700000001
RAVI = 700000002
CHART_PATH = "/charts/priya.png"
READING = "🌙 Priya's kundli\nLagna: Leo. Moon in Rohini <the star of growth> & Venus in Pisces."
# A long answer with a button press's payload too long for callback_data (64 bytes).
BIRTH_PAYLOAD = '/provide_birth_details{"name": "Priya", "birth_date": "1990-05-14", "birth_place": "Pune"}'


def png(width: int, height: int) -> bytes:
    """A real PNG (white pixels), so the local Bot API reads its size as Telegram would."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


CHART = png(40, 30)


@pytest.fixture
def pictures() -> Iterator[str]:
    """The action server's picture address: serves CHART_PATH, 404 for anything else."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            found = self.path == CHART_PATH
            body = CHART if found else b"Not Found"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "image/png" if found else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def run(bot_api, scenario, public_url: str = "", state: MemoryState | None = None):
    """Run `scenario(sender)` with a sender made as the channel makes it, against the fake."""
    settings = settings_from_environment({
        "TELEGRAM_TOKEN": bot_api.token,
        "TELEGRAM_API_BASE_URL": bot_api.url,
        "LUNA_PUBLIC_URL": public_url,
    })

    async def main():
        bot = make_bot(settings)
        async with bot:
            return await scenario(TelegramSender(bot, state or MemoryState(), settings))

    return asyncio.run(main())


def long_reading() -> str:
    paragraph = "Your Moon sits in Rohini & Venus looks at it kindly; Saturn > Mars this year. " * 8
    text = "\n\n".join(f"Part {number}: {paragraph.strip()}" for number in range(1, 17))
    assert 10_000 <= len(text) <= 11_000
    return text


def test_a_long_text_goes_in_several_messages_with_the_keyboard_on_the_last(bot_api):
    text = long_reading()
    buttons = [{"title": "My dasha", "payload": "/ask_dasha"}, {"title": "Panchang", "payload": "/ask_panchang"}]
    run(bot_api, lambda sender: sender.send_text(PRIYA, text, buttons))

    calls = bot_api.calls_to("sendMessage")
    pieces = split_text(text)
    assert len(calls) == len(pieces) >= 3
    assert all(call["status"] == 200 and call["params"]["parse_mode"] == "HTML" for call in calls)
    assert bot_api.sent_texts(PRIYA) == pieces  # as the user reads them: escaping undone
    assert all(len(shown) <= MAX_TEXT for shown in bot_api.sent_texts(PRIYA))
    assert [("reply_markup" in call["params"]) for call in calls] == [False] * (len(calls) - 1) + [True]
    keyboard = calls[-1]["params"]["reply_markup"]["inline_keyboard"]
    assert keyboard == [[{"text": "My dasha", "callback_data": "/ask_dasha"},
                         {"text": "Panchang", "callback_data": "/ask_panchang"}]]


def test_a_heading_arrives_bold_and_markup_characters_arrive_as_written(bot_api):
    run(bot_api, lambda sender: sender.send_text(PRIYA, READING))
    (message,) = bot_api.sent_messages(PRIYA)
    assert message["text"] == READING
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": len("🌙 Priya's kundli") + 1}]


def test_a_payload_too_long_for_callback_data_is_kept_under_a_key(bot_api):
    state = MemoryState()
    buttons = [{"title": "Yes, that's me", "payload": BIRTH_PAYLOAD}, {"title": "No", "payload": "/deny"},
               {"title": "Lookalike", "payload": "p:not-a-key"}]
    assert len(BIRTH_PAYLOAD.encode()) > 64

    async def scenario(sender):
        await sender.send_text(PRIYA, "Are these your details?", buttons)
        (row_one, row_two) = bot_api.calls_to("sendMessage")[0]["params"]["reply_markup"]["inline_keyboard"]
        datas = [button["callback_data"] for button in row_one + row_two]
        return datas, [await sender.payload_of(data) for data in datas], await sender.payload_of("p:forgotten")

    datas, payloads, forgotten = run(bot_api, scenario, state=state)
    assert datas == [STORED_PAYLOAD + payload_key(BIRTH_PAYLOAD), "/deny", STORED_PAYLOAD + payload_key("p:not-a-key")]
    assert all(len(data.encode()) <= 64 for data in datas)
    assert payloads == [BIRTH_PAYLOAD, "/deny", "p:not-a-key"]
    assert forgotten is None  # an expired button


def test_buttons_without_a_payload_are_left_out_and_a_title_defaults_to_the_payload(bot_api):
    buttons = [{"title": "Nothing", "payload": ""}, {"payload": "/help"}]
    run(bot_api, lambda sender: sender.send_text(PRIYA, "Anything else?", buttons))
    markup = bot_api.calls_to("sendMessage")[0]["params"]["reply_markup"]
    assert markup == {"inline_keyboard": [[{"text": "/help", "callback_data": "/help"}]]}


def test_buttons_with_no_text_get_a_pointing_hand(bot_api):
    run(bot_api, lambda sender: sender.send_text(PRIYA, "  ", [{"title": "Start", "payload": "/greet"}]))
    (message,) = bot_api.sent_messages(PRIYA)
    assert message["text"] == "👇" and message["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/greet"
    run(bot_api, lambda sender: sender.send_text(RAVI, ""))
    assert bot_api.sent_messages(RAVI) == []


def test_a_user_who_blocked_luna_is_marked_and_sent_nothing_more(bot_api, pictures):
    state = MemoryState()
    bot_api.block_chat(PRIYA)

    async def scenario(sender):
        await sender.send_text(PRIYA, long_reading())
        blocked_after_first = await state.is_blocked(chat_key(PRIYA))
        calls_after_first = len(bot_api.calls)
        await sender.send_text(PRIYA, "Are you there?")
        await sender.send_picture(PRIYA, pictures + CHART_PATH, "Your chart")
        async with sender.typing(PRIYA):
            await asyncio.sleep(1.0)
        await sender.send_text(RAVI, "Namaste Ravi")  # other chats are unaffected
        return blocked_after_first, calls_after_first

    blocked_after_first, calls_after_first = run(bot_api, scenario, state=state)
    assert blocked_after_first
    sends = [call for call in bot_api.calls if call["method"] != "getMe"]
    assert [(call["method"], call["status"]) for call in sends] == [("sendMessage", 403), ("sendMessage", 200)]
    assert len(bot_api.calls) == calls_after_first + 1
    assert bot_api.sent_texts(RAVI) == ["Namaste Ravi"]


def test_a_blocked_user_who_writes_again_is_sent_to_again(bot_api):
    state = MemoryState()
    bot_api.block_chat(PRIYA)

    async def scenario(sender):
        await sender.send_text(PRIYA, "First")
        bot_api.unblock_chat(PRIYA)
        await state.set_blocked(chat_key(PRIYA), False)  # what the channel does when they write
        await sender.send_text(PRIYA, "Welcome back")

    run(bot_api, scenario, state=state)
    assert bot_api.sent_texts(PRIYA) == ["Welcome back"]


def test_too_many_requests_is_retried_after_retry_after_and_delivered_once(bot_api):
    bot_api.rate_limit(times=1, retry_after=1)
    run(bot_api, lambda sender: sender.send_text(PRIYA, "Namaste Priya"))
    calls = bot_api.calls_to("sendMessage")
    assert [call["status"] for call in calls] == [429, 200]
    assert calls[1]["time"] - calls[0]["time"] >= 0.9
    assert bot_api.sent_texts(PRIYA) == ["Namaste Priya"]


def test_a_refused_formatting_is_sent_again_as_plain_text(bot_api):
    bot_api.fail_next("sendMessage", 400, "Bad Request: can't parse entities: unsupported start tag at byte offset 3")
    run(bot_api, lambda sender: sender.send_text(PRIYA, READING, [{"title": "More", "payload": "/help"}]))
    calls = bot_api.calls_to("sendMessage")
    assert [call["status"] for call in calls] == [400, 200]
    assert "parse_mode" not in calls[1]["params"]
    assert calls[1]["params"]["text"] == READING
    assert calls[1]["params"]["reply_markup"] == calls[0]["params"]["reply_markup"]
    assert bot_api.sent_texts(PRIYA) == [READING]


def test_other_refusals_are_not_swallowed(bot_api):
    from telegram.error import BadRequest

    bot_api.fail_next("sendMessage", 400, "Bad Request: chat not found")
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        run(bot_api, lambda sender: sender.send_text(PRIYA, "Hello"))


def test_a_local_picture_is_uploaded_with_its_caption(bot_api, pictures):
    run(bot_api, lambda sender: sender.send_picture(PRIYA, pictures + CHART_PATH, READING,
                                                    [{"title": "My dasha", "payload": "/ask_dasha"}]))
    (call,) = bot_api.calls_to("sendPhoto")
    assert call["status"] == 200
    assert call["files"]["photo"]["bytes"] == CHART
    assert call["params"]["parse_mode"] == "HTML"
    assert call["params"]["reply_markup"]["inline_keyboard"] == [[{"text": "My dasha", "callback_data": "/ask_dasha"}]]
    (message,) = bot_api.sent_messages(PRIYA)
    assert message["caption"] == READING
    assert max(size["width"] for size in message["photo"]) == 40  # the fake read our PNG's size
    assert bot_api.calls_to("sendMessage") == []


def test_with_a_public_https_address_telegram_fetches_the_picture_itself(bot_api):
    url = "https://luna.example.com/charts/priya.png"
    run(bot_api, lambda sender: sender.send_picture(PRIYA, url, "Your chart"), public_url="https://luna.example.com")
    (call,) = bot_api.calls_to("sendPhoto")
    assert (call["status"], call["params"]["photo"], call["files"]) == (200, url, {})
    assert bot_api.sent_messages(PRIYA)[0]["caption"] == "Your chart"


def test_a_caption_too_long_goes_as_text_after_the_picture_with_the_buttons(bot_api, pictures):
    caption = ("Your Moon is in Rohini and Venus looks at it kindly. " * 30).strip()
    assert len(caption) > MAX_CAPTION
    run(bot_api, lambda sender: sender.send_picture(PRIYA, pictures + CHART_PATH, caption,
                                                    [{"title": "My dasha", "payload": "/ask_dasha"}]))
    (photo,) = bot_api.calls_to("sendPhoto")
    assert "caption" not in photo["params"] and "reply_markup" not in photo["params"]
    assert [call["method"] for call in bot_api.calls if call["method"] != "getMe"] == ["sendPhoto", "sendMessage"]
    (text,) = bot_api.calls_to("sendMessage")
    assert text["params"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/ask_dasha"
    assert bot_api.sent_texts(PRIYA) == [caption]


def test_a_picture_that_cannot_be_fetched_leaves_the_text_alone(bot_api, pictures):
    run(bot_api, lambda sender: sender.send_picture(PRIYA, pictures + "/charts/gone.png", "Your chart is ready"))
    assert bot_api.calls_to("sendPhoto") == []
    assert bot_api.sent_texts(PRIYA) == ["Your chart is ready"]


def test_a_picture_with_buttons_and_no_caption_keeps_its_buttons(bot_api, pictures):
    buttons = [{"title": "My dasha", "payload": "/ask_dasha"}]
    run(bot_api, lambda sender: sender.send_picture(PRIYA, pictures + CHART_PATH, "", buttons))
    (photo,) = bot_api.calls_to("sendPhoto")
    assert photo["params"]["reply_markup"]["inline_keyboard"] == [[{"text": "My dasha", "callback_data": "/ask_dasha"}]]
    assert "caption" not in photo["params"]


def test_a_slow_answer_shows_typing_and_a_quick_one_does_not(bot_api):
    async def scenario(sender):
        async with sender.typing(PRIYA):
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)  # a late indicator would show up here
        quick = len(bot_api.calls_to("sendChatAction"))
        started = time.monotonic()
        async with sender.typing(RAVI):
            await asyncio.sleep(1.5)
        return quick, time.monotonic() - started

    quick, slow_seconds = run(bot_api, scenario)
    assert quick == 0
    actions = bot_api.calls_to("sendChatAction")
    assert [(call["params"]["chat_id"], call["params"]["action"], call["status"]) for call in actions] == [
        (RAVI, "typing", 200)
    ]
    assert slow_seconds < 2.5  # leaving the block ends the indicator at once


def test_answering_a_button_press_tolerates_a_stale_query(bot_api):
    bot_api.fail_next("answerCallbackQuery", 400,
                      "Bad Request: query is too old and response timeout expired or query ID is invalid")

    async def scenario(sender):
        await sender.answer_button("3017485923847561234")
        await sender.answer_button("3017485923847561235", "Noted")

    run(bot_api, scenario)
    calls = bot_api.calls_to("answerCallbackQuery")
    assert [call["status"] for call in calls] == [400, 200]
    assert calls[1]["params"] == {"callback_query_id": "3017485923847561235", "text": "Noted"}


def test_buttons_survive_a_picture_that_cannot_be_fetched(bot_api, pictures):
    buttons = [{"title": "My dasha", "payload": "/ask_dasha"}]
    run(bot_api, lambda sender: sender.send_picture(PRIYA, pictures + "/charts/gone.png", "", buttons))
    assert bot_api.calls_to("sendPhoto") == []
    (message,) = bot_api.sent_messages(PRIYA)
    assert message["text"] == "👇"
    assert message["reply_markup"]["inline_keyboard"] == [[{"text": "My dasha", "callback_data": "/ask_dasha"}]]


def test_a_picture_telegram_cannot_fetch_leaves_the_text_and_buttons(bot_api):
    # LUNA_PUBLIC_URL is public, but this picture's address is not one Telegram can reach.
    buttons = [{"title": "My dasha", "payload": "/ask_dasha"}]
    run(bot_api, lambda sender: sender.send_picture(PRIYA, "http://localhost:5055/charts/priya.png", READING, buttons),
        public_url="https://luna.example.com")
    (photo,) = bot_api.calls_to("sendPhoto")
    assert photo["status"] == 400 and "HTTP URL" in photo["description"]
    (message,) = bot_api.sent_messages(PRIYA)
    assert message["text"] == READING
    assert message["reply_markup"]["inline_keyboard"] == [[{"text": "My dasha", "callback_data": "/ask_dasha"}]]


def test_typing_to_a_user_who_blocked_luna_marks_the_chat_and_stops(bot_api):
    state = MemoryState()
    bot_api.block_chat(PRIYA)

    async def scenario(sender):
        async with sender.typing(PRIYA):
            await asyncio.sleep(1.3)
        return await state.is_blocked(chat_key(PRIYA))

    assert run(bot_api, scenario, state=state)
    assert [call["status"] for call in bot_api.calls_to("sendChatAction")] == [403]


def test_a_reply_to_a_group_that_became_a_supergroup_goes_to_its_new_id(bot_api):
    old_group, supergroup = -4001234567, -1004001234567
    bot_api.fail_next("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                      {"migrate_to_chat_id": supergroup})
    run(bot_api, lambda sender: sender.send_text(old_group, "Leo: a good day for plans."))
    assert bot_api.sent_texts(supergroup) == ["Leo: a good day for plans."]
    assert bot_api.sent_texts(old_group) == []


def test_a_turn_ends_and_typing_stops_even_when_a_cancellation_is_lost(bot_api, monkeypatch):
    # The load benchmark found Telegram turns that sent their replies and never ended, with
    # "typing…" going out every 4.5 s for minutes: the indicator's cancellation was lost on
    # its way through a library, and the turn waited for the indicator for ever.
    monkeypatch.setattr("channels.telegram.sender.TYPING_AFTER_SECONDS", 0.0)
    monkeypatch.setattr("channels.telegram.sender.TYPING_EVERY_SECONDS", 0.05)
    sent = []

    async def scenario(sender):
        async def send_chat_action_losing_cancellations(_bot, chat_id, action):
            sent.append(chat_id)
            try:
                await asyncio.sleep(0.2)
            except asyncio.CancelledError:
                pass  # as a library that swallows it would
            return True

        monkeypatch.setattr(type(sender.bot), "send_chat_action", send_chat_action_losing_cancellations)
        async with sender.typing(PRIYA):
            await asyncio.sleep(0.05)  # the indicator is mid-call when the turn ends
        ended_with = len(sent)
        await asyncio.sleep(0.5)
        return ended_with

    # In a thread of its own: a turn that never ends fails the test instead of hanging it.
    result = {}
    worker = threading.Thread(target=lambda: result.update(ended_with=run(bot_api, scenario)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert "ended_with" in result, "the turn never ended"
    assert result["ended_with"] == 1 and len(sent) == 1  # and no indicator went out after it
