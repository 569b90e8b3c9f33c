"""A WhatsApp Cloud API (Graph API) server on 127.0.0.1 for the channel's tests.

`POST /v21.0/<phone number id>/messages` (messages and read receipts) and `.../media`
(multipart uploads), with the real error shapes: 401 code 190 (OAuthException) for a wrong
token, 400 code 100 for a missing or over-long parameter, 131009 "Parameter value is not
valid" for interactive messages Meta refuses (more than 3 buttons, a title too long,
repeated titles, more than 10 rows), 132001 for an unknown template. Scriptable refusals
(130429 rate limit, 131047 re-engagement, 131026 undeliverable, an HTTP 429) and closed
24-hour windows. Every call is recorded.

    with FakeGraphApi() as fake:      # WHATSAPP_API_BASE_URL=fake.url, token fake.token
        ...
        fake.wait_for_messages("919812345678", 1)
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler

from tests.local_http import local_server, serve_in_background, stop_serving

DEFAULT_TOKEN = "EAAGfakeTokenForLunaTests0123456789"
PHONE_NUMBER_ID = "106540352242922"
VERSION = "v21.0"
PATH = re.compile(r"^/(v\d+\.\d+)/(\d+)/(messages|media)$")
RECIPIENT = re.compile(r"\+?\d{6,20}")
MAX_MEDIA_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"image/jpeg", "image/png"}


class GraphError(Exception):
    def __init__(self, code: int, message: str, details: str = "", status: int = 400,
                 kind: str = "OAuthException") -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details, self.kind = status, code, message, details, kind

    def body(self) -> dict:
        error = {"message": self.message, "type": self.kind, "code": self.code,
                 "fbtrace_id": "A" + secrets.token_hex(10)}
        if self.details:
            error["error_data"] = {"messaging_product": "whatsapp", "details": self.details}
        return {"error": error}


def invalid_parameter(details: str) -> GraphError:
    return GraphError(100, "(#100) Invalid parameter", details)


def not_valid(details: str) -> GraphError:
    return GraphError(131009, "(#131009) Parameter value is not valid", details)


# The refusals a test can script, with Meta's wording.
SCRIPTED = {
    130429: ("(#130429) Rate limit hit", "Cloud API message throughput has been reached."),
    131056: ("(#131056) (Business Account, Consumer Account) pair rate limit hit",
             "Too many messages sent from the sender phone number to the same recipient phone number in a short "
             "period of time."),
    131047: ("(#131047) Re-engagement message", "Message failed to send because more than 24 hours have passed "
                                                "since the customer last replied to this number."),
    131026: ("(#131026) Message Undeliverable", "Message Undeliverable."),
    131030: ("(#131030) Recipient phone number not in allowed list",
             "Recipient phone number not in allowed list: Add recipient phone number to recipient list and try "
             "again."),
    190: ("Error validating access token: Session has expired.", ""),
}


class FakeGraphApi:
    def __init__(self, token: str = DEFAULT_TOKEN, phone_number_id: str = PHONE_NUMBER_ID) -> None:
        self.token = token
        self.phone_number_id = phone_number_id
        # Approved templates: name -> (language, number of body variables).
        self.templates: dict[str, tuple[str, int]] = {}
        self.calls: list[dict] = []
        self.sent: list[dict] = []  # accepted messages: {"to", "wamid", "message"}
        self.read_receipts: list[str] = []
        self.uploads: dict[str, dict] = {}
        self._closed_windows: set[str] = set()
        self._failures: list[tuple[str | None, GraphError]] = []
        self._wamids = itertools.count(1)
        self._media_ids = itertools.count(4_000_000_000_001)
        self._changed = threading.Condition()
        self.server = local_server(self._handler_class())

    @property
    def url(self) -> str:
        """The Graph API root with its version: WHATSAPP_API_BASE_URL."""
        return f"http://127.0.0.1:{self.server.server_port}/{VERSION}"

    def __enter__(self) -> FakeGraphApi:
        serve_in_background(self.server)
        return self

    def __exit__(self, *exc) -> None:
        stop_serving(self.server)

    # Scripting.

    def register_template(self, name: str, language: str = "en", variables: int = 0) -> None:
        self.templates[name] = (language, variables)

    def fail_next(self, code: int, to: str | None = None, times: int = 1, status: int = 400) -> None:
        """The next `times` messages (to `to`, or to anyone) are refused with Meta's `code`
        (an HTTP 429 with status=429)."""
        message, details = SCRIPTED.get(code, (f"(#{code}) Error", ""))
        error = GraphError(code, message, details, status=401 if code == 190 else status)
        with self._changed:
            self._failures.extend([(to, error)] * times)

    def close_window(self, wa_id: str) -> None:
        """The user last wrote over 24 hours ago: only templates reach them (else 131047)."""
        self._closed_windows.add(wa_id)

    # Reading what Luna sent.

    def messages_to(self, wa_id: str) -> list[dict]:
        with self._changed:
            return [sent["message"] for sent in self.sent if sent["to"] == wa_id]

    def calls_to(self, endpoint: str) -> list[dict]:
        with self._changed:
            return [call for call in self.calls if call["endpoint"] == endpoint]

    def wait_for_messages(self, wa_id: str, count: int = 1, timeout: float = 60) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len([s for s in self.sent if s["to"] == wa_id]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
        return self.messages_to(wa_id)

    # Serving.

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, answer = fake._answer(self.path, dict(self.headers), raw)
                data = json.dumps(answer).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                error = GraphError(100, "Unsupported get request.", status=400, kind="GraphMethodException")
                data = json.dumps(error.body()).encode("utf-8")
                self.send_response(400)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def _answer(self, path: str, headers: dict, raw: bytes) -> tuple[int, dict]:
        call = {"path": path, "endpoint": "", "status": 0, "body": None, "files": {}}
        try:
            endpoint, body, files = self._read(path, headers, raw)
            call.update(endpoint=endpoint, body=body, files={k: {**v, "bytes": b""} for k, v in files.items()})
            answer = self._media(body, files) if endpoint == "media" else self._messages(body)
            status = 200
        except GraphError as error:
            status, answer = error.status, error.body()
        call["status"] = status
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        return status, answer

    def _read(self, path: str, headers: dict, raw: bytes) -> tuple[str, dict, dict]:
        headers = {name.lower(): value for name, value in headers.items()}
        authorization = headers.get("authorization", "")
        if not authorization:
            raise GraphError(2500, "An active access token must be used to query information about the current user.")
        if authorization != f"Bearer {self.token}":
            raise GraphError(190, "Invalid OAuth access token - Cannot parse access token", status=401)
        match = PATH.match(path.split("?")[0])
        if not match:
            raise GraphError(100, "Unknown path components", status=400)
        if match.group(2) != self.phone_number_id:
            raise GraphError(100, f"Unsupported post request. Object with ID '{match.group(2)}' does not exist, "
                                  "cannot be loaded due to missing permissions, or does not support this operation.",
                             kind="GraphMethodException")
        content_type = headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            fields, files = _multipart(content_type, raw)
            return match.group(3), fields, files
        try:
            body = json.loads(raw or b"{}")
        except ValueError as error:
            raise invalid_parameter("The request body is not valid JSON.") from error
        if not isinstance(body, dict):
            raise invalid_parameter("The request body must be an object.")
        return match.group(3), body, {}

    def _media(self, fields: dict, files: dict) -> dict:
        if fields.get("messaging_product") != "whatsapp":
            raise GraphError(100, "(#100) The parameter messaging_product is required.")
        upload = files.get("file")
        if upload is None:
            raise GraphError(100, "(#100) The parameter file is required.")
        if upload["content_type"] not in IMAGE_TYPES or fields.get("type") not in IMAGE_TYPES:
            raise GraphError(131053, "(#131053) Media upload error", "Unsupported file type.")
        if not 0 < upload["size"] <= MAX_MEDIA_BYTES:
            raise GraphError(131053, "(#131053) Media upload error", "The file is empty or larger than 5 MB.")
        media_id = str(next(self._media_ids))
        with self._changed:
            self.uploads[media_id] = {"content_type": upload["content_type"], "size": upload["size"],
                                      "png": upload["bytes"][:8] == b"\x89PNG\r\n\x1a\n"}
        return {"id": media_id}

    def _messages(self, body: dict) -> dict:
        if body.get("messaging_product") != "whatsapp":
            raise GraphError(100, "(#100) The parameter messaging_product is required.")
        if body.get("status") == "read":
            message_id = body.get("message_id")
            if not isinstance(message_id, str) or not message_id.startswith("wamid."):
                raise invalid_parameter("message_id is not a valid WhatsApp message id.")
            with self._changed:
                self.read_receipts.append(message_id)
            return {"success": True}
        to = str(body.get("to") or "")
        if not RECIPIENT.fullmatch(to):
            raise GraphError(100, "(#100) Invalid parameter", "The parameter to is not a valid phone number.")
        kind = body.get("type", "text")
        _validate(kind, body, self)
        with self._changed:
            for index, (target, error) in enumerate(self._failures):
                if target in (None, to):
                    del self._failures[index]
                    raise error
        if to in self._closed_windows and kind != "template":
            message, details = SCRIPTED[131047]
            raise GraphError(131047, message, details)
        wamid = f"wamid.HBgM{to}FQIAERgS{next(self._wamids):020d}"
        message = {key: value for key, value in body.items() if key not in ("messaging_product", "recipient_type")}
        with self._changed:
            self.sent.append({"to": to, "wamid": wamid, "message": message})
        return {"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to.lstrip("+")}],
                "messages": [{"id": wamid}]}


def _validate(kind: str, body: dict, fake: FakeGraphApi) -> None:
    content = body.get(kind)
    if not isinstance(content, dict):
        raise GraphError(100, f"(#100) The parameter {kind} is required.")
    if kind == "text":
        text = content.get("body")
        if not isinstance(text, str) or not text.strip():
            raise GraphError(100, "(#100) The parameter text['body'] is required.")
        if len(text) > 4096:
            raise GraphError(100, "(#100) Param text['body'] must be at most 4096 characters long.")
    elif kind == "interactive":
        _validate_interactive(content)
    elif kind == "image":
        if ("id" in content) == ("link" in content):
            raise invalid_parameter("An image needs exactly one of id and link.")
        if "id" in content and str(content["id"]) not in fake.uploads:
            raise GraphError(131053, "(#131053) Media upload error", "Unknown media id.")
        if len(str(content.get("caption") or "")) > 1024:
            raise GraphError(100, "(#100) Param image['caption'] must be at most 1024 characters long.")
    elif kind == "template":
        name = content.get("name")
        language = (content.get("language") or {}).get("code")
        if name not in fake.templates or fake.templates[name][0] != language:
            raise GraphError(132001, "(#132001) Template name does not exist in the translation",
                             f"template name ({name}) does not exist in {language}")
        parameters = [p for component in content.get("components") or [] if component.get("type") == "body"
                      for p in component.get("parameters") or []]
        if len(parameters) != fake.templates[name][1]:
            raise GraphError(132000, "(#132000) Number of parameters does not match the expected number of params")
        for parameter in parameters:
            text = str(parameter.get("text") or "")
            if not text or "\n" in text or "\t" in text or "     " in text:
                raise GraphError(132018, "(#132018) There was an issue with the parameters in your template.",
                                 "Param text cannot have new-line/tab characters or more than 4 consecutive spaces")
    else:
        raise GraphError(100, "(#100) Invalid parameter", f"Unsupported message type {kind}.")


def _validate_interactive(interactive: dict) -> None:
    body = (interactive.get("body") or {}).get("text")
    if not isinstance(body, str) or not body.strip():
        raise GraphError(100, "(#100) The parameter interactive['body']['text'] is required.")
    if len(body) > 1024:
        raise not_valid("Body text length invalid. Min length: 1, Max length: 1024")
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        buttons = action.get("buttons") or []
        if not 1 <= len(buttons) <= 3:
            raise not_valid("Buttons Count is invalid. Min: 1, Max: 3")
        titles = [str((button.get("reply") or {}).get("title") or "") for button in buttons]
        ids = [str((button.get("reply") or {}).get("id") or "") for button in buttons]
        if any(not 1 <= len(title) <= 20 for title in titles):
            raise not_valid("Button title length invalid. Min length: 1, Max length: 20")
        if any(not 1 <= len(id_) <= 256 for id_ in ids):
            raise not_valid("Button id length invalid. Min length: 1, Max length: 256")
        if len(set(titles)) != len(titles) or len(set(ids)) != len(ids):
            raise not_valid("Button title/id must be unique.")
    elif interactive.get("type") == "list":
        label = str(action.get("button") or "")
        if not 1 <= len(label) <= 20:
            raise not_valid("Button text length invalid. Min length: 1, Max length: 20")
        sections = action.get("sections") or []
        rows = [row for section in sections for row in section.get("rows") or []]
        if not 1 <= len(sections) <= 10 or not 1 <= len(rows) <= 10:
            raise not_valid("Total row count exceed max allowed count: 10")
        if len(sections) > 1 and any(not 1 <= len(str(s.get("title") or "")) <= 24 for s in sections):
            raise not_valid("Section title is required with more than one section (max 24 characters).")
        for row in rows:
            if not 1 <= len(str(row.get("title") or "")) <= 24:
                raise not_valid("Row title length invalid. Min length: 1, Max length: 24")
            if not 1 <= len(str(row.get("id") or "")) <= 200:
                raise not_valid("Row id length invalid. Min length: 1, Max length: 200")
            if len(str(row.get("description") or "")) > 72:
                raise not_valid("Row description length invalid. Max length: 72")
        if len({row.get("id") for row in rows}) != len(rows):
            raise not_valid("Row ids must be unique.")
    else:
        raise invalid_parameter(f"Unsupported interactive type {interactive.get('type')}.")


def _multipart(content_type: str, raw: bytes) -> tuple[dict, dict]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    if not message.is_multipart():
        raise invalid_parameter("The multipart body could not be read.")
    fields, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename() is None:
            fields[name] = payload.decode("utf-8")
        else:
            files[name] = {"filename": part.get_filename(), "content_type": part.get_content_type(),
                           "size": len(payload), "bytes": payload}
    return fields, files


def words(message: dict) -> str:
    """What the user reads in one sent message."""
    kind = message.get("type")
    if kind == "text":
        return message["text"]["body"]
    if kind == "interactive":
        return message["interactive"]["body"]["text"]
    if kind == "image":
        return message["image"].get("caption", "")
    if kind == "template":
        return f"[template {message['template']['name']}]"
    return ""


def choices(message: dict) -> list[tuple[str, str]]:
    """(title, id) of an interactive message's buttons or rows."""
    if message.get("type") != "interactive":
        return []
    interactive = message["interactive"]
    if interactive["type"] == "button":
        return [(b["reply"]["title"], b["reply"]["id"]) for b in interactive["action"]["buttons"]]
    return [(row["title"], row["id"]) for section in interactive["action"]["sections"] for row in section["rows"]]
