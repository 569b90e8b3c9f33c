"""How a simulated user reaches Luna through nginx, one message at a time, and what one
turn gave back.

- REST: POST /webhooks/rest/webhook; the replies are the response. A client whose request
  dies with its Rasa replica (502, or the connection dropped) sends it again, once, as
  real HTTP clients do (`retry`).
- Telegram: an update POSTed to /webhooks/telegram/webhook with the secret header; the
  replies arrive at the local Bot API. A delivery that fails is delivered again, as
  Telegram does, with the same update_id.
- WhatsApp: a Cloud API webhook body signed with X-Hub-Signature-256, POSTed to
  /webhooks/whatsapp/webhook; the replies arrive at the local Graph API; a failed
  delivery is retried as Meta does, with the same wamid.

A turn of the messaging channels is all the messages Luna sends until the chat is quiet.
"""

from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
from dataclasses import dataclass, field

from bench.prod.personas import Persona, Step, reply_misses
from bench.prod.platforms import Arrival, BenchBotApi, BenchGraphApi
from channels.whatsapp.signature import sign
from tests.telegram.update_payloads import load_update
from tests.whatsapp.webhook_payloads import load_payload

TELEGRAM_SECRET = "bench-telegram-secret-0123456789abcdef"
WHATSAPP_APP_SECRET = "bench-whatsapp-app-secret-0123456789"
WHATSAPP_VERIFY_TOKEN = "bench-whatsapp-verify"
# Longer than Rasa's conversation lock lifetime (TICKET_LOCK_LIFETIME, 60 s): a turn whose
# replica died holding the lock waits that long, and the bench wants to see it end.
REQUEST_TIMEOUT = 90.0
# Telegram and Meta re-deliver a webhook call that failed; the bench does it sooner than
# they would (seconds, not minutes), or the run would be over before the retry.
DELIVERY_ATTEMPTS = 6
DELIVERY_PAUSE = 1.0
# Conversations of one bench command never meet those of an earlier one in the database.
STAMP = int(time.time()) % 100_000_000


@dataclass
class Turn:
    transport: str
    conversation: str  # the chat as the platform knows it (REST: the sender id)
    persona: int
    step: int
    kind: str
    started: float  # time.monotonic() of the first attempt
    ended: float  # the last reply arrived (or the error)
    replies: list[str] = field(default_factory=list)  # shapes, as platforms.telegram_shape
    error: str | None = None
    attempts: int = 1
    failed_attempts: list[str] = field(default_factory=list)  # why each earlier attempt failed
    message_id: str = ""

    @property
    def latency(self) -> float:
        return self.ended - self.started


def _complete(step: Step):
    """Whether a turn's replies so far hold what the step asks for (its words, the picture)."""

    def check(arrivals: list[Arrival]) -> bool:
        text = "\n".join(arrival.shape for arrival in arrivals)
        if step.chart and not any(arrival.shape.startswith(("photo|", "image|")) for arrival in arrivals):
            return False
        return not reply_misses(step, text)

    return check


class Http:
    """One keep-alive connection to nginx per user thread."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.local = threading.local()

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """(status, body); status 0 when the connection failed."""
        for fresh in (False, True):
            connection = getattr(self.local, "connection", None)
            if connection is None or fresh:
                if connection is not None:
                    connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
                self.local.connection = connection
            try:
                connection.request("POST", path, body=body, headers={"Content-Type": "application/json", **headers})
                answer = connection.getresponse()
                return answer.status, answer.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
                if not fresh and _stale(error):
                    continue  # nginx closed an idle keep-alive connection: not Luna's doing
                connection.close()
                self.local.connection = None
                return 0, type(error).__name__.encode()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                self.local.connection = None
                return 0, type(error).__name__.encode()
        return 0, b"unreachable"


def _stale(error: Exception) -> bool:
    return isinstance(error, http.client.RemoteDisconnected | BrokenPipeError)


class Rest:
    name = "rest"

    def __init__(self, port: int, retry: bool = True) -> None:
        self.http = Http(port)
        self.retry = retry
        self._ids = itertools.count(1)

    def open(self, persona: Persona, run: str) -> str:
        return f"bench-{STAMP}-{run}-{persona.number}-{next(self._ids)}"

    def turn(self, conversation: str, persona: Persona, index: int, step: Step) -> Turn:
        body = json.dumps({"sender": conversation, "message": step.text}).encode()
        turn = Turn(self.name, conversation, persona.number, index, step.kind, time.monotonic(), 0.0)
        while True:
            status, raw = self.http.post("/webhooks/rest/webhook", body, {})
            if status == 200:
                messages = json.loads(raw)
                turn.replies = [rest_shape(message) for message in messages]
                break
            why = f"http {status}" if status else f"connection {raw.decode()}"
            if self.retry and turn.attempts == 1 and (status in (0, 502, 503, 504)):
                turn.failed_attempts.append(why)
                turn.attempts += 1
                continue
            turn.error = why
            break
        turn.ended = time.monotonic()
        if turn.error is None:
            turn.error = _wrong(step, turn.replies)
        return turn


def rest_shape(message: dict) -> str:
    """A REST reply in the shape the messaging platforms' replies are compared in."""
    titles = [button.get("title", "") for button in message.get("buttons") or []]
    kind = "image" if message.get("image") else "text"
    return f"{kind}|{message.get('text') or ''}|{'/'.join(titles)}"


def _wrong(step: Step, replies: list[str]) -> str | None:
    if not replies:
        return "no reply"
    if step.chart and not any(shape.startswith(("photo|", "image|")) for shape in replies):
        return "wrong reply: no chart picture"
    misses = reply_misses(step, "\n".join(replies))
    return f"wrong reply: lacks {', '.join(misses)}" if misses else None


class Messaging:
    """What Telegram and WhatsApp share: deliver with retries, then wait for the chat's replies."""

    name = ""
    path = ""

    def __init__(self, port: int, quiet: float, timeout: float) -> None:
        self.http = Http(port)
        self.quiet = quiet
        self.timeout = timeout
        self.inboxes = None

    def deliver(self, turn: Turn, body: bytes, headers: dict[str, str]) -> bool:
        while True:
            status, raw = self.http.post(self.path, body, headers)
            if status == 200:
                return True
            why = f"http {status}" if status else f"connection {raw.decode()}"
            if turn.attempts >= DELIVERY_ATTEMPTS or status in (400, 401, 403, 404, 413):
                turn.error = f"webhook {why}"
                return False
            turn.failed_attempts.append(why)
            turn.attempts += 1
            time.sleep(DELIVERY_PAUSE)

    def wait(self, turn: Turn, step: Step, before: int) -> Turn:
        arrivals = self.inboxes.wait_turn(turn.conversation, before, self.quiet, self.timeout, _complete(step),
                                          give_up_quiet=max(3 * self.quiet, 3.0))
        turn.replies = [arrival.shape for arrival in arrivals]
        if arrivals:
            turn.ended = arrivals[-1].at
        else:
            turn.ended = time.monotonic()
            turn.error = "timeout: no reply"
        if turn.error is None:
            turn.error = _wrong(step, turn.replies)
        return turn


class Telegram(Messaging):
    name = "telegram"
    path = "/webhooks/telegram/webhook"
    _users = itertools.count(8_000_000_000 + STAMP * 1000)
    _update_ids = itertools.count(STAMP * 10_000)

    def __init__(self, port: int, api: BenchBotApi, quiet: float, timeout: float) -> None:
        super().__init__(port, quiet, timeout)
        self.inboxes = api.inboxes
        self._message_ids: dict[str, itertools.count] = {}

    def open(self, persona: Persona, run: str) -> str:
        chat = str(next(self._users))
        self._message_ids[chat] = itertools.count(1)
        return chat

    def turn(self, conversation: str, persona: Persona, index: int, step: Step) -> Turn:
        update = load_update("text_message", update_id=next(self._update_ids), user_id=int(conversation),
                             text=step.text)
        message = update["message"]
        message["message_id"] = next(self._message_ids[conversation])
        message["date"] = int(time.time())
        for person in (message["from"], message["chat"]):
            person.update(first_name=persona.name, username=f"bench_{conversation}")
            person.pop("last_name", None)
        body = json.dumps(update).encode()
        before = self.inboxes.count(conversation)
        turn = Turn(self.name, conversation, persona.number, index, step.kind, time.monotonic(), 0.0,
                    message_id=f"telegram-{conversation}-{message['message_id']}")
        if not self.deliver(turn, body, {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}):
            turn.ended = time.monotonic()
            return turn
        return self.wait(turn, step, before)


class WhatsApp(Messaging):
    name = "whatsapp"
    path = "/webhooks/whatsapp/webhook"
    _users = itertools.count(1)
    _wamids = itertools.count(1)

    def __init__(self, port: int, api: BenchGraphApi, quiet: float, timeout: float) -> None:
        super().__init__(port, quiet, timeout)
        self.inboxes = api.inboxes

    def open(self, persona: Persona, run: str) -> str:
        return f"91{STAMP:08d}{next(self._users):05d}"

    def turn(self, conversation: str, persona: Persona, index: int, step: Step) -> Turn:
        wamid = f"wamid.BENCH{STAMP:08d}{next(self._wamids):010d}"
        body = load_payload("text", wa_id=conversation, wamid=wamid, text=step.text, timestamp=int(time.time()))
        for contact in body["entry"][0]["changes"][0]["value"]["contacts"]:
            contact["profile"]["name"] = persona.name
        raw = json.dumps(body).encode()
        before = self.inboxes.count(conversation)
        turn = Turn(self.name, conversation, persona.number, index, step.kind, time.monotonic(), 0.0,
                    message_id=wamid)
        if not self.deliver(turn, raw, {"X-Hub-Signature-256": sign(raw, WHATSAPP_APP_SECRET)}):
            turn.ended = time.monotonic()
            return turn
        return self.wait(turn, step, before)

