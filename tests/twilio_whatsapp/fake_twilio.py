"""Twilio's Messages API on 127.0.0.1 for the channel's tests, and what Twilio does on its
side of a webhook: signing the call.

`POST /2010-04-01/Accounts/<AccountSid>/Messages.json`, form-encoded, basic auth with the
account SID and auth token, answered with the real JSON shapes: 201 and the message
resource, or Twilio's error object {"code", "message", "more_info", "status"} with the real
codes: 401 20003 "Authenticate", 400 21602 (no body and no media), 21617 (over 1,600
characters), 21211 (an invalid To), 21620 (a media URL that is not http(s)), and a 429 20429
when told to. Every call is recorded. Like the real API, it does not fetch media URLs here
(Twilio fetches them later, from its own servers).

    with FakeTwilio() as twilio:          # TWILIO_API_BASE_URL=twilio.url
        ...
        assert twilio.bodies("whatsapp:+919812345678") == ["Namaste!"]
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.local_http import local_server, serve_in_background, stop_serving

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "0123456789abcdef0123456789abcdef"
WHATSAPP_NUMBER = "whatsapp:+14155238886"
MAX_BODY = 1600
PATH = re.compile(r"^/2010-04-01/Accounts/([^/]+)/Messages\.json$")
ADDRESS = re.compile(r"whatsapp:\+[1-9]\d{6,14}")
PAYLOADS = Path(__file__).parent / "payloads"


def twilio_error(status: int, code: int, message: str) -> dict:
    return {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status}


def sign(auth_token: str, url: str, form: dict[str, str]) -> str:
    """X-Twilio-Signature as Twilio computes it (its security docs, and the twilio package's
    RequestValidator.compute_signature): base64 of HMAC-SHA1 over the URL followed by each
    parameter's name and value, in sorted order."""
    data = url + "".join(f"{name}{form[name]}" for name in sorted(form))
    digest = hmac.new(auth_token.encode("utf-8"), data.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def load_payload(name: str, **fields: str) -> dict[str, str]:
    """The form fields of payloads/<name>.json, with the given fields replaced (a sender
    given as From also changes WaId; a MessageSid also changes SmsSid and SmsMessageSid)."""
    form = copy.deepcopy(json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))["form"])
    form.update(fields)
    if "From" in fields and "WaId" in form:
        form["WaId"] = fields["From"].removeprefix("whatsapp:+")
    if "MessageSid" in fields:
        for twin in ("SmsSid", "SmsMessageSid"):
            if twin in form:
                form[twin] = fields["MessageSid"]
    return form


class FakeTwilio:
    def __init__(self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN,
                 whatsapp_number: str = WHATSAPP_NUMBER) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.whatsapp_number = whatsapp_number
        self.calls: list[dict] = []
        self.messages: list[dict] = []
        self._scripted: list[tuple[int, dict]] = []
        self._sids = itertools.count(1)
        self._changed = threading.Condition()
        self.server = local_server(self._handler_class())

    @property
    def url(self) -> str:
        """The API root: TWILIO_API_BASE_URL."""
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> FakeTwilio:
        serve_in_background(self.server)
        return self

    def __exit__(self, *exc) -> None:
        stop_serving(self.server)

    # What the tests script and read.

    def fail_next(self, status: int, code: int, message: str, times: int = 1) -> None:
        """The next `times` message creations fail with this Twilio error."""
        with self._changed:
            self._scripted.extend([(status, twilio_error(status, code, message))] * times)

    def rate_limit_next(self, times: int = 1) -> None:
        self.fail_next(429, 20429, "Too Many Requests", times)

    def sent_to(self, to: str) -> list[dict]:
        """The messages created for `to` ("whatsapp:+<digits>"), oldest first."""
        with self._changed:
            return [message for message in self.messages if message["to"] == to]

    def bodies(self, to: str) -> list[str]:
        return [message["body"] for message in self.sent_to(to)]

    def wait_for_messages(self, to: str, count: int, timeout: float = 30) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len([m for m in self.messages if m["to"] == to]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
        return self.sent_to(to)

    # The API.

    def _create(self, account: str, authorization: str, form: dict[str, list[str]]) -> tuple[int, dict]:
        if not self._authenticated(account, authorization):
            return 401, twilio_error(401, 20003, "Authenticate")
        with self._changed:
            if self._scripted:
                return self._scripted.pop(0)
        to, sender = _first(form, "To"), _first(form, "From")
        body, media = _first(form, "Body"), form.get("MediaUrl", [])
        if not to:
            return 400, twilio_error(400, 21604, "A 'To' phone number is required.")
        if not sender:
            return 400, twilio_error(400, 21603, "A 'From' phone number is required.")
        if not ADDRESS.fullmatch(to):
            return 400, twilio_error(400, 21211, f"Invalid 'To' Phone Number: {to}")
        if sender != self.whatsapp_number:
            return 400, twilio_error(400, 63007, "Twilio could not find a Channel with the specified From address")
        if not body and not media:
            return 400, twilio_error(400, 21602, "Message body is required.")
        if len(body) > MAX_BODY:
            return 400, twilio_error(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
        if any(urlsplit(url).scheme not in ("http", "https") for url in media):
            return 400, twilio_error(400, 21620, f"Media urls: {', '.join(media)} are invalid. "
                                                 "Please use only valid http and https urls")
        sid = f"SM{next(self._sids):032x}"
        now = formatdate(usegmt=True).replace("GMT", "+0000")
        resource = {
            "account_sid": self.account_sid, "api_version": "2010-04-01", "body": body,
            "date_created": now, "date_sent": None, "date_updated": now, "direction": "outbound-api",
            "error_code": None, "error_message": None, "from": sender, "messaging_service_sid": None,
            "num_media": str(len(media)), "num_segments": "1", "price": None, "price_unit": None, "sid": sid,
            "status": "queued", "to": to,
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"},
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }
        with self._changed:
            self.messages.append({"sid": sid, "to": to, "body": body, "media_url": media, "time": time.monotonic()})
            self._changed.notify_all()
        return 201, resource

    def _authenticated(self, account: str, authorization: str) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return account == self.account_sid and hmac.compare_digest(authorization, f"Basic {expected}")

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                path = urlsplit(self.path).path
                match = PATH.fullmatch(path)
                if not match:
                    self._answer(404, twilio_error(404, 20404, f"The requested resource {path} was not found"))
                    return
                form = parse_qs(raw, keep_blank_values=True)
                status, answer = fake._create(match.group(1), self.headers.get("Authorization") or "", form)
                with fake._changed:
                    fake.calls.append({"path": path, "form": {k: v if len(v) > 1 else v[0] for k, v in form.items()},
                                       "status": status, "code": answer.get("code"), "time": time.monotonic()})
                    fake._changed.notify_all()
                self._answer(status, answer)

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        return Handler


def _first(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[0]
