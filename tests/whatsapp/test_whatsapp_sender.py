"""What Luna sends to WhatsApp (channels/whatsapp/sender.py and graph_api.py), over real
HTTP to the local Graph API server (fake_graph_api.py): texts, choices, the chart picture
uploaded through /media, read receipts, the 24-hour window and its template, Meta's errors
retried or logged by code."""

from __future__ import annotations

import asyncio
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from channels.messaging.shared_state import MemoryState
from channels.whatsapp.config import settings_from_environment
from channels.whatsapp.graph_api import GraphApi, GraphApiError
from channels.whatsapp.sender import WINDOW_SECONDS, WhatsAppSender, WindowClosed, chat_key
from tests.whatsapp.fake_graph_api import words

USER = "919812345678"
# A real PNG's first bytes and enough after them to stand for a chart.
PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64


class Clock:
    def __init__(self, now: float = 1_733_450_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_sender(fake, clock=None, **environment) -> tuple[WhatsAppSender, MemoryState]:
    settings = settings_from_environment({"WHATSAPP_ACCESS_TOKEN": fake.token,
                                          "WHATSAPP_PHONE_NUMBER_ID": fake.phone_number_id,
                                          "WHATSAPP_API_BASE_URL": fake.url, **environment})
    state = MemoryState()
    api = GraphApi(settings, first_pause=0.01)
    return WhatsAppSender(api, state, settings, clock=clock or Clock()), state


def run(scenario):
    return asyncio.run(scenario())


@pytest.fixture
def picture_url():
    class Picture(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PICTURE)))
            self.end_headers()
            self.wfile.write(PICTURE)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Picture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/charts/priya.png"
    server.shutdown()
    server.server_close()


def test_a_reply_with_two_buttons_is_one_interactive_message(graph_api):
    sender, _ = make_sender(graph_api)
    buttons = [{"title": "Make my kundli", "payload": "/request_kundli"}, {"title": "Help", "payload": "/help"}]
    run(lambda: sender.send_reply(USER, "Namaste! I'm Luna.", buttons))
    [message] = graph_api.messages_to(USER)
    assert message["interactive"]["type"] == "button" and words(message) == "Namaste! I'm Luna."
    assert graph_api.calls[-1]["body"]["messaging_product"] == "whatsapp"


def test_a_payload_too_long_for_an_id_is_stored_and_comes_back(graph_api):
    sender, _ = make_sender(graph_api)
    payload = '/inform{"place": "' + "x" * 300 + '"}'

    async def scenario():
        await sender.send_reply(USER, "Which one?", [{"title": "That place", "payload": payload}])
        choice_id = graph_api.messages_to(USER)[0]["interactive"]["action"]["buttons"][0]["reply"]["id"]
        assert len(choice_id) <= 200
        return await sender.payload_of(choice_id), await sender.payload_of("p:unknown")

    assert run(scenario) == (payload, None)


def test_the_chart_picture_is_uploaded_then_sent_by_id_with_its_caption(graph_api, picture_url):
    sender, _ = make_sender(graph_api)
    run(lambda: sender.send_picture(USER, picture_url, "🌙 Priya's kundli\nLagna (ascendant): Libra",
                                    [{"title": "My dasha", "payload": "/ask_dasha"}]))
    [upload] = graph_api.uploads.values()
    assert upload == {"content_type": "image/png", "size": len(PICTURE), "png": True}
    image, buttons = graph_api.messages_to(USER)
    assert image["image"]["id"] in graph_api.uploads
    assert image["image"]["caption"].startswith("*🌙 Priya's kundli*")
    assert buttons["interactive"]["action"]["buttons"][0]["reply"]["id"] == "/ask_dasha"
    media_call = graph_api.calls_to("media")[0]
    assert media_call["body"] == {"messaging_product": "whatsapp", "type": "image/png"}


def test_a_public_luna_sends_the_picture_by_link(graph_api):
    sender, _ = make_sender(graph_api, LUNA_PUBLIC_URL="https://luna.example.org")
    run(lambda: sender.send_picture(USER, "https://luna.example.org/charts/p.png", "Your chart"))
    assert graph_api.messages_to(USER)[0]["image"] == {"link": "https://luna.example.org/charts/p.png",
                                                       "caption": "Your chart"}
    assert graph_api.uploads == {}


def test_a_picture_that_cannot_be_fetched_leaves_its_words(graph_api):
    sender, _ = make_sender(graph_api)
    run(lambda: sender.send_picture(USER, "http://127.0.0.1:9/none.png", "Your chart"))
    assert [m["type"] for m in graph_api.messages_to(USER)] == ["text"]


def test_the_read_receipt_and_its_failure_costs_nothing(graph_api):
    sender, _ = make_sender(graph_api)

    async def scenario():
        await sender.mark_read("wamid.HBgMOTE5ODEyMzQ1Njc4")
        await sender.mark_read("not-a-wamid")  # refused with code 100, only logged

    run(scenario)
    assert graph_api.read_receipts == ["wamid.HBgMOTE5ODEyMzQ1Njc4"]
    assert graph_api.calls[-1]["body"] == {"messaging_product": "whatsapp", "status": "read",
                                           "message_id": "not-a-wamid"}


@pytest.mark.parametrize("code", [130429, 131056])
def test_rate_limits_are_retried(graph_api, code):
    sender, _ = make_sender(graph_api)
    graph_api.fail_next(code, times=2)
    run(lambda: sender.send_text(USER, "hello"))
    assert [call["status"] for call in graph_api.calls_to("messages")] == [400, 400, 200]
    assert words(graph_api.messages_to(USER)[0]) == "hello"


def test_an_http_429_is_retried_and_gives_up_after_a_few_tries(graph_api):
    sender, _ = make_sender(graph_api)
    graph_api.fail_next(4, status=429, times=10)
    with pytest.raises(GraphApiError) as refused:
        run(lambda: sender.send_text(USER, "hello"))
    assert refused.value.status == 429
    assert len(graph_api.calls_to("messages")) == 4


def test_an_invalid_token_is_logged_clearly_and_not_retried(graph_api, caplog):
    sender, _ = make_sender(graph_api)
    sender.api.settings = sender.settings = type(sender.settings)(**{**sender.settings.__dict__,
                                                                     "access_token": "EAAGexpired"})
    with caplog.at_level(logging.ERROR), pytest.raises(GraphApiError) as refused:
        run(lambda: sender.send_text(USER, "hello"))
    assert refused.value.code == 190 and refused.value.status == 401
    assert "WHATSAPP_ACCESS_TOKEN" in caplog.text and "190" in caplog.text
    assert len(graph_api.calls) == 1


@pytest.mark.parametrize("code", [131026, 131030])
def test_an_undeliverable_recipient_is_logged_with_its_code(graph_api, caplog, code):
    sender, _ = make_sender(graph_api)
    graph_api.fail_next(code)
    with caplog.at_level(logging.ERROR), pytest.raises(GraphApiError):
        run(lambda: sender.send_text(USER, "hello"))
    assert f"code {code}" in caplog.text
    assert "hello" not in caplog.text  # the user's words are not logged


def test_re_engagement_required_means_the_window_is_closed(graph_api):
    sender, _ = make_sender(graph_api)
    graph_api.close_window(USER)
    with pytest.raises(WindowClosed):
        run(lambda: sender.send_text(USER, "hello"))


def test_the_window_is_open_for_24_hours_after_the_user_s_message():
    clock = Clock()
    sender = WhatsAppSender(None, MemoryState(), settings_from_environment({}), clock=clock)

    async def scenario():
        opened = [await sender.window_open(USER)]
        await sender.note_inbound(USER, clock.now - 60)
        opened.append(await sender.window_open(USER))
        clock.now += WINDOW_SECONDS - 120
        opened.append(await sender.window_open(USER))
        clock.now += 120
        opened.append(await sender.window_open(USER))
        # A timestamp from the future is not believed: the time of arrival counts.
        await sender.note_inbound(USER, clock.now + 10 * 3600)
        last = await sender.state.last_inbound(chat_key(USER))
        return opened, last == clock.now

    assert run(scenario) == ([False, True, True, False], True)


def test_the_latest_message_time_wins_whatever_order_they_are_noted_in():
    async def scenario():
        state = MemoryState()
        await state.note_inbound("whatsapp:1", 200.0)
        await state.note_inbound("whatsapp:1", 100.0)
        return await state.last_inbound("whatsapp:1"), await state.last_inbound("whatsapp:2")

    assert run(scenario) == (200.0, None)


def test_outside_the_window_the_template_goes_once_per_occasion(graph_api):
    graph_api.register_template("luna_reminder", "en", variables=1)
    sender, _ = make_sender(graph_api, WHATSAPP_TEMPLATE_NAME="luna_reminder", WHATSAPP_TEMPLATE_TEXT="1")

    async def scenario():
        assert await sender.send_template(USER, "Your horoscope\nfor today is ready")
        assert await sender.send_template(USER, "again")

    run(scenario)
    [message] = graph_api.messages_to(USER)
    assert message["template"]["name"] == "luna_reminder"
    assert message["template"]["components"][0]["parameters"][0]["text"] == "Your horoscope · for today is ready"


def test_without_a_template_the_message_is_dropped_with_a_warning(graph_api, caplog):
    sender, _ = make_sender(graph_api)
    with caplog.at_level(logging.WARNING):
        assert not run(lambda: sender.send_template(USER, "hello"))
    assert "WHATSAPP_TEMPLATE_NAME" in caplog.text
    assert graph_api.calls == []


def test_an_unregistered_template_is_logged_with_meta_s_code(graph_api, caplog):
    sender, _ = make_sender(graph_api, WHATSAPP_TEMPLATE_NAME="luna_missing")
    with caplog.at_level(logging.ERROR), pytest.raises(GraphApiError):
        run(lambda: sender.send_template(USER, "hello"))
    assert "code 132001" in caplog.text


def test_the_fake_refuses_what_meta_refuses(graph_api):
    """The local server's validation, which the rendering tests rely on."""
    api = GraphApi(make_sender(graph_api)[0].settings, first_pause=0.01)

    def refused(message):
        try:
            asyncio.run(GraphApi(api.settings).send(USER, message))
        except GraphApiError as error:
            return error.code
        return None

    button = {"type": "reply", "reply": {"id": "/a", "title": "A"}}
    interactive = {"type": "button", "body": {"text": "hi"}, "action": {"buttons": [button]}}
    assert refused({"type": "text", "text": {"body": ""}}) == 100
    assert refused({"type": "text", "text": {"body": "x" * 4097}}) == 100
    many = [{"type": "reply", "reply": {"id": f"/{n}", "title": f"{n}"}} for n in range(4)]
    assert refused({"type": "interactive", "interactive": {**interactive, "action": {"buttons": many}}}) == 131009
    long_title = {"type": "reply", "reply": {"id": "/a", "title": "x" * 21}}
    assert refused({"type": "interactive", "interactive": {**interactive, "action": {"buttons": [long_title]}}}) \
        == 131009
    assert refused({"type": "interactive", "interactive": interactive}) is None
    assert refused({"type": "image", "image": {"id": "999"}}) == 131053
