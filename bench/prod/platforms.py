"""The local platforms the bench talks to: the tests' Telegram Bot API and WhatsApp Graph
API servers (real HTTP, real validation), each with an inbox per chat that records when
every message Luna sent arrived, and an OpenAI-compatible server for the LLM path.

A user thread waits on its own chat's inbox instead of scanning the servers' call logs,
so watching replies costs the bench almost nothing while Luna is measured.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer

from bench.prod.personas import LLM_ANSWER
from tests.llm.fake_openai_server import FakeOpenAI, completion, ok
from tests.telegram.fake_bot_api import FakeBotApi
from tests.whatsapp.fake_graph_api import FakeGraphApi, choices, words


@dataclass
class Arrival:
    at: float  # time.monotonic() when the platform received it
    shape: str  # what the user sees, normalised for comparison: kind, text and button titles


@dataclass
class Inboxes:
    """Messages received per chat, in arrival order."""

    chats: dict[str, list[Arrival]] = field(default_factory=dict)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def add(self, chat: str, shape: str) -> None:
        with self.changed:
            self.chats.setdefault(chat, []).append(Arrival(time.monotonic(), shape))
            self.changed.notify_all()

    def count(self, chat: str) -> int:
        with self.changed:
            return len(self.chats.get(chat, ()))

    def since(self, chat: str, start: int) -> list[Arrival]:
        with self.changed:
            return list(self.chats.get(chat, ())[start:])

    def wait_turn(self, chat: str, before: int, quiet: float, timeout: float,
                  complete=lambda arrivals: True, give_up_quiet: float = 3.0) -> list[Arrival]:
        """The chat's new messages once there is at least one, `complete` says the turn's
        answer is there and nothing more came for `quiet` seconds (a turn's replies arrive
        one by one, after the webhook answered); or, when the answer is not what `complete`
        wants, once nothing more came for `give_up_quiet`. Whatever came by `timeout`."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                arrivals = self.chats.get(chat, [])[before:]
                now = time.monotonic()
                if arrivals:
                    silent = now - arrivals[-1].at
                    if silent >= give_up_quiet or (silent >= quiet and complete(arrivals)):
                        return list(arrivals)
                if now >= deadline:
                    return list(arrivals)
                if arrivals:
                    wake = arrivals[-1].at + (quiet if silent < quiet else give_up_quiet) - now
                else:
                    wake = deadline - now
                self.changed.wait(max(0.005, min(wake, deadline - now)))


class BenchBotApi(FakeBotApi):
    """The Bot API with an inbox per chat."""

    def __init__(self) -> None:
        super().__init__()
        self.inboxes = Inboxes()

    def _finish(self, call: dict, status: int, result) -> None:
        super()._finish(call, status, result)
        if status == 200 and call["method"] in ("sendMessage", "sendPhoto") and isinstance(result, dict):
            self.inboxes.add(str(result["chat"]["id"]), telegram_shape(result))

    def forget_calls(self) -> None:
        """Drop the call log between runs (the inboxes keep what the checks need)."""
        with self._changed:
            self.calls.clear()
            self.messages.clear()


def telegram_shape(message: dict) -> str:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    titles = [button["text"] for row in rows for button in row]
    kind = "photo" if "photo" in message else "text"
    return f"{kind}|{message.get('text') or message.get('caption') or ''}|{'/'.join(titles)}"


class BenchGraphApi(FakeGraphApi):
    """The Graph API with an inbox per WhatsApp user."""

    def __init__(self) -> None:
        super().__init__()
        self.inboxes = Inboxes()

    def _messages(self, body: dict) -> dict:
        answer = super()._messages(body)
        if "messages" in answer:
            message = {k: v for k, v in body.items() if k not in ("messaging_product", "recipient_type")}
            self.inboxes.add(str(body["to"]), whatsapp_shape(message))
        return answer

    def forget_calls(self) -> None:
        with self._changed:
            self.calls.clear()
            self.sent.clear()
            self.read_receipts.clear()
            self.uploads.clear()


def whatsapp_shape(message: dict) -> str:
    titles = [title for title, _ in choices(message)]
    return f"{message.get('type')}|{words(message)}|{'/'.join(titles)}"


class BenchLlm(FakeOpenAI):
    """An OpenAI-compatible server answering every question after `delay` seconds (a real
    provider's wait, which costs Luna no CPU)."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.scripts["bench"] = [dict(ok(completion(LLM_ANSWER, model="bench-model")), sleep=delay)]

    @property
    def base_url(self) -> str:
        return self.url("bench")

    def forget_calls(self) -> None:
        self.requests.clear()


def bind(fake, port: int) -> None:
    """Moves a local platform server (created on a free port) to a fixed port, so a
    topology started with its address can outlive one bench command."""
    handler = fake.server.RequestHandlerClass
    fake.server.server_close()
    fake.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    fake.server.daemon_threads = True
    # A Rasa replica killed on purpose drops its connections: not worth a traceback.
    fake.server.handle_error = lambda request, address: None
    if hasattr(fake, "thread"):  # FakeOpenAI made its serving thread up front
        fake.thread = threading.Thread(target=fake.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
