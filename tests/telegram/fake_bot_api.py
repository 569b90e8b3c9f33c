"""A Telegram Bot API server on 127.0.0.1 for the channel's tests.

`/bot<token>/<method>` by GET or POST, with the three encodings the real API takes (JSON,
url-encoded, multipart). The replies have the real shapes and the real errors: 401 for a
wrong token, 400 for text Telegram would refuse, 403 for a user who blocked the bot, 429 with
retry_after, 409 for getUpdates while a webhook is set. Every call is recorded.

    with FakeBotApi() as fake:           # TELEGRAM_API_BASE_URL=fake.url
        ...
        fake.wait_for("sendMessage")
        assert fake.sent_texts(700000001) == ["Namaste!"]
"""

from __future__ import annotations

import copy
import email.parser
import email.policy
import ipaddress
import itertools
import json
import re
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

from tests.local_http import local_server, serve_in_background, stop_serving
from tests.telegram.bot_api_html import HtmlEntityError, ParsedText, parse_html, plain_text, utf16_length

DEFAULT_TOKEN = "123456789:AAFakeTokenForLunaTests_abcdefghijk"
TEXT_LIMIT = 4096  # characters after entity parsing (counted in UTF-16 units, as entity offsets are)
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes
# The calls a user's chat receives: where a block (403) or flood limit (429) shows.
SEND_METHODS = {"sendMessage", "sendPhoto", "sendChatAction", "editMessageReplyMarkup"}
CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}
# Form fields arrive as strings (PTB sends every non-string value JSON-encoded); the real API
# types them per method, so the record does too.
JSON_FIELDS = {
    "reply_markup", "commands", "allowed_updates", "entities", "caption_entities", "link_preview_options",
    "reply_parameters", "scope", "media",
}
INT_FIELDS = {
    "message_id", "reply_to_message_id", "offset", "limit", "timeout", "max_connections", "cache_time",
    "message_thread_id", "duration", "width", "height",
}
BOOL_FIELDS = {
    "drop_pending_updates", "disable_notification", "protect_content", "show_alert", "disable_web_page_preview",
    "allow_sending_without_reply", "has_spoiler", "show_caption_above_media",
}
# getUpdates' default when allowed_updates was never given: everything but these.
OPT_IN_UPDATES = {"chat_member", "message_reaction", "message_reaction_count"}
WEBHOOK_PORTS = {80, 88, 443, 8443}
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
PATH = re.compile(r"^/bot([^/]*)/([A-Za-z]+)$")
TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def bad_request(what: str) -> ApiError:
    return ApiError(400, f"Bad Request: {what}")


class FakeBotApi:
    def __init__(self, token: str = DEFAULT_TOKEN, username: str = "luna_test_bot") -> None:
        self.token = token
        self.bot_user = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": "Luna",
            "username": username,
        }
        self.calls: list[dict] = []
        self.chats: dict[int, dict] = {}
        self.messages: dict[tuple[int, int], dict] = {}
        self.commands: dict[str, list[dict]] = {}
        self.webhook: dict = {"url": ""}
        self.webhook_error: tuple[int, str] | None = None
        self._changed = threading.Condition()
        self._updates: list[dict] = []
        self._next_update_id = 100000001
        self._allowed_updates: list[str] = []
        self._message_ids: dict[int, itertools.count] = {}
        self._file_ids = itertools.count(1)
        self._blocked: set[int] = set()
        self._rate_limits: list[int] = []
        self._failures: dict[str, list[ApiError]] = {}
        self._poll_generation = 0
        self._held: set[str] = set()
        self._waiting: dict[str, int] = {}
        self._closed = False
        self.server = local_server(self._handler_class())

    @property
    def url(self) -> str:
        """The API root: TELEGRAM_API_BASE_URL; PTB's base_url is this + "/bot"."""
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> FakeBotApi:
        serve_in_background(self.server)
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop listening (a test can call it early to make the API unreachable)."""
        with self._changed:
            if self._closed:
                return
            self._closed = True
            self._changed.notify_all()  # end waiting long polls
        stop_serving(self.server)

    # --- what the test scripts ------------------------------------------------------------

    def push_update(self, update: dict) -> dict:
        """Queue an update for getUpdates (update_id assigned when missing); returns it."""
        update = copy.deepcopy(update)
        with self._changed:
            if "update_id" not in update:
                update["update_id"] = self._next_update_id
            self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
            self._remember_chats(update)
            self._updates.append(update)
            self._changed.notify_all()
        return update

    def block_chat(self, chat_id: int) -> None:
        """The user blocked the bot: sends to the chat answer 403."""
        with self._changed:
            self._blocked.add(int(chat_id))

    def unblock_chat(self, chat_id: int) -> None:
        with self._changed:
            self._blocked.discard(int(chat_id))

    def rate_limit(self, times: int = 1, retry_after: int = 1) -> None:
        """The next `times` send calls answer 429 Too Many Requests with this retry_after."""
        with self._changed:
            self._rate_limits.extend([retry_after] * times)

    def fail_next(self, method: str, status: int, description: str, parameters: dict | None = None) -> None:
        """The next call to `method` answers this error instead."""
        with self._changed:
            self._failures.setdefault(method, []).append(ApiError(status, description, parameters))

    def hold(self, method: str) -> None:
        """Calls to `method` wait, unanswered, until `release(method)`: a replica caught in the
        middle of a turn (to be killed there, say)."""
        with self._changed:
            self._held.add(method)

    def release(self, method: str) -> None:
        """The held calls go on (recorded and answered; nobody may be listening any more)."""
        with self._changed:
            self._held.discard(method)
            self._changed.notify_all()

    def wait_until_held(self, method: str, timeout: float = 30) -> None:
        """Returns once a call to the held `method` is waiting; AssertionError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not self._waiting.get(method):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {method} call was held within {timeout}s")
                self._changed.wait(remaining)

    def set_webhook_error(self, message: str, date: int | None = None) -> None:
        """What getWebhookInfo reports as the last delivery error."""
        with self._changed:
            self.webhook_error = (date or int(time.time()), message)

    # --- what the test reads --------------------------------------------------------------

    def calls_to(self, method: str) -> list[dict]:
        with self._changed:
            return [call for call in self.calls if call["method"] == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10) -> list[dict]:
        """The calls to `method` once there are `count` of them; AssertionError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                calls = [call for call in self.calls if call["method"] == method]
                remaining = deadline - time.monotonic()
                if len(calls) >= count:
                    return calls
                if remaining <= 0:
                    seen = [call["method"] for call in self.calls]
                    raise AssertionError(f"{len(calls)} of {count} {method} calls within {timeout}s; calls: {seen}")
                self._changed.wait(remaining)

    def sent_messages(self, chat_id: int) -> list[dict]:
        """The Message objects sent to the chat (sendMessage and sendPhoto that succeeded), in order."""
        with self._changed:
            return [
                call["result"]
                for call in self.calls
                if call["method"] in ("sendMessage", "sendPhoto")
                and call["status"] == 200
                and call["result"]["chat"]["id"] == int(chat_id)
            ]

    def sent_texts(self, chat_id: int) -> list[str]:
        """The texts sent to the chat as the user reads them (HTML tags applied, entities decoded)."""
        return [message["text"] for message in self.sent_messages(chat_id) if "text" in message]

    # --- the HTTP side --------------------------------------------------------------------

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                self._serve()

            def do_POST(self):
                self._serve()

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload = fake._answer(self.path, self.headers.get("Content-Type", ""), body)
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a long poll it abandoned)

        return Handler

    def _answer(self, path: str, content_type: str, body: bytes) -> tuple[int, dict]:
        parts = urlsplit(path)
        match = PATH.match(parts.path)
        if not match:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, method = match.groups()
        method = CANONICAL.get(method.lower(), method)
        self._wait_while_held(method)
        try:
            params, files = decode_request(content_type, body)
        except ValueError as exc:
            params, files = {}, {}
            decode_error: ApiError | None = bad_request(str(exc))
        else:
            decode_error = None
        params = {**typed(dict(parse_qsl(parts.query))), **params}
        call = {"method": method, "params": params, "files": files, "time": time.time(), "status": None, "result": None}
        with self._changed:
            self.calls.append(call)
        try:
            if token != self.token:
                # Telegram: 401 for a well-formed token it does not know, 404 for anything else.
                raise ApiError(401, "Unauthorized") if TOKEN_SHAPE.fullmatch(token) else ApiError(404, "Not Found")
            handler = METHODS.get(method)
            if handler is None:
                raise ApiError(404, "Not Found")
            if decode_error:
                raise decode_error
            self._scripted_failure(method)
            result = handler(self, params, files)
        except ApiError as error:
            payload = {"ok": False, "error_code": error.status, "description": error.description}
            if error.parameters:
                payload["parameters"] = error.parameters
            self._finish(call, error.status, None)
            call["description"] = error.description
            return error.status, payload
        self._finish(call, 200, result)
        payload = {"ok": True, "result": result}
        if isinstance(result, Described):
            payload = {"ok": True, "result": True, "description": str(result)}
        return 200, payload

    def _wait_while_held(self, method: str) -> None:
        with self._changed:
            if method not in self._held:
                return
            self._waiting[method] = self._waiting.get(method, 0) + 1
            self._changed.notify_all()
            while method in self._held and not self._closed:
                self._changed.wait()
            self._waiting[method] -= 1

    def _finish(self, call: dict, status: int, result) -> None:
        with self._changed:
            call["status"] = status
            call["result"] = True if isinstance(result, Described) else result
            self._changed.notify_all()

    def _scripted_failure(self, method: str) -> None:
        with self._changed:
            queued = self._failures.get(method)
            if queued:
                raise queued.pop(0)
            if method in SEND_METHODS and self._rate_limits:
                retry_after = self._rate_limits.pop(0)
                raise ApiError(
                    429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
                )

    # --- chats and messages ---------------------------------------------------------------

    def _remember_chats(self, update: dict) -> None:
        for value in update.values():
            if isinstance(value, dict):
                message = value.get("message", value)
                chat = message.get("chat") if isinstance(message, dict) else None
                if chat:
                    self.chats.setdefault(chat["id"], chat)

    def _chat(self, params: dict) -> dict:
        if "chat_id" not in params or params["chat_id"] in ("", None):
            raise bad_request("chat_id is empty")
        chat_id = params["chat_id"]
        if isinstance(chat_id, str) and re.fullmatch(r"-?\d+", chat_id):
            chat_id = int(chat_id)  # JSON bodies may give the id as a string, as forms always do
        if not isinstance(chat_id, int):
            raise bad_request("chat not found")  # an @username this fake does not know
        with self._changed:
            if chat_id in self._blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            known = self.chats.get(chat_id)
        if known:
            return known
        if chat_id > 0:
            return {"id": chat_id, "first_name": "Test user", "type": "private"}
        return {"id": chat_id, "title": "Test group", "type": "supergroup" if chat_id < -10**12 else "group"}

    def _message(self, chat: dict, params: dict, content: dict) -> dict:
        with self._changed:
            counter = self._message_ids.setdefault(chat["id"], itertools.count(1))
            message = {
                "message_id": next(counter),
                "from": self.bot_user,
                "chat": chat,
                "date": int(time.time()),
                **content,
            }
            markup = params.get("reply_markup")
            if isinstance(markup, dict) and "inline_keyboard" in markup:
                message["reply_markup"] = markup  # only inline keyboards belong to the message
            reply_to = params.get("reply_to_message_id") or (params.get("reply_parameters") or {}).get("message_id")
            if reply_to and (chat["id"], reply_to) in self.messages:
                message["reply_to_message"] = self.messages[(chat["id"], reply_to)]
            self.messages[(chat["id"], message["message_id"])] = message
        return copy.deepcopy(message)

    def _file_id(self, kind: str) -> tuple[str, str]:
        number = next(self._file_ids)
        return f"AgACAgIAAxk{kind}{number:08d}FakeFileId", f"AQAD{number:06d}"


class Described(str):
    """A `true` result that comes with a description (setWebhook, deleteWebhook)."""


# --- request decoding -------------------------------------------------------------------------


def decode_request(content_type: str, body: bytes) -> tuple[dict, dict]:
    media_type = content_type.split(";")[0].strip().lower()
    if not body:
        return {}, {}
    if media_type == "application/json":
        try:
            params = json.loads(body)
        except ValueError as exc:
            raise ValueError("can't parse JSON object") from exc
        return params, {}
    if media_type == "application/x-www-form-urlencoded":
        return typed(dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))), {}
    if media_type == "multipart/form-data":
        return decode_multipart(content_type, body)
    raise ValueError(f"unsupported Content-Type {media_type!r}")


def decode_multipart(content_type: str, body: bytes) -> tuple[dict, dict]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise ValueError("can't parse multipart/form-data")
    fields, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is None:
            fields[name] = payload.decode(part.get_content_charset() or "utf-8")
        else:
            files[name] = {
                "filename": filename,
                "content_type": part.get_content_type(),
                "size": len(payload),
                "bytes": payload,
            }
    return typed(fields), files


def typed(fields: dict[str, str]) -> dict:
    result = {}
    for name, value in fields.items():
        if name in JSON_FIELDS:
            try:
                value = json.loads(value)
            except ValueError:
                pass  # the real API would refuse it; keep what came for the test to see
        elif name in BOOL_FIELDS:
            value = value.lower() in ("true", "1")
        elif name in INT_FIELDS or name == "chat_id":
            value = int(value) if re.fullmatch(r"-?\d+", value) else value
        result[name] = value
    return result


# --- the methods ------------------------------------------------------------------------------


def parsed(text: str, params: dict, entities_field: str) -> ParsedText:
    mode = (params.get("parse_mode") or "").lower()
    if mode == "html":
        try:
            return parse_html(text)
        except HtmlEntityError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    result = plain_text(text)
    if params.get(entities_field):
        result.entities = params[entities_field]
    return result


def check_markup(markup) -> None:
    if not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                raise bad_request("BUTTON_DATA_INVALID")


def get_me(fake: FakeBotApi, params: dict, files: dict) -> dict:
    return {
        **fake.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def send_message(fake: FakeBotApi, params: dict, files: dict) -> dict:
    chat = fake._chat(params)
    text = parsed(str(params.get("text", "")), params, "entities")
    if not text.text:
        raise bad_request("message text is empty")
    if utf16_length(text.text) > TEXT_LIMIT:
        raise bad_request("message is too long")
    check_markup(params.get("reply_markup"))
    content = {"text": text.text}
    if text.entities:
        content["entities"] = text.entities
    return fake._message(chat, params, content)


def send_photo(fake: FakeBotApi, params: dict, files: dict) -> dict:
    chat = fake._chat(params)
    upload = files.get("photo")
    if upload is None:
        photo = params.get("photo")
        if not photo:
            raise bad_request("there is no photo in the request")
        width, height = 800, 800
        if re.match(r"https?://", str(photo)) and not fetchable(str(photo)):
            raise bad_request("failed to get HTTP URL content")
    else:
        if upload["size"] == 0:
            raise bad_request("file must be non-empty")
        width, height = png_size(upload["bytes"]) or (800, 800)
    content: dict = {"photo": photo_sizes(fake, width, height)}
    if params.get("caption"):
        caption = parsed(str(params["caption"]), params, "caption_entities")
        if utf16_length(caption.text) > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
        if caption.text:
            content["caption"] = caption.text
        if caption.entities:
            content["caption_entities"] = caption.entities
    check_markup(params.get("reply_markup"))
    return fake._message(chat, params, content)


def answer_callback_query(fake: FakeBotApi, params: dict, files: dict) -> bool:
    if not params.get("callback_query_id"):
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    return True


def send_chat_action(fake: FakeBotApi, params: dict, files: dict) -> bool:
    fake._chat(params)
    if params.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def edit_message_reply_markup(fake: FakeBotApi, params: dict, files: dict):
    if params.get("inline_message_id"):
        return True
    chat = fake._chat(params)
    check_markup(params.get("reply_markup"))
    with fake._changed:
        message = fake.messages.get((chat["id"], params.get("message_id")))
        if message is None:
            raise bad_request("message to edit not found")
        markup = params.get("reply_markup") or None
        if markup == message.get("reply_markup"):
            raise bad_request(NOT_MODIFIED)
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        return copy.deepcopy(message)


def commands_key(params: dict) -> str:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps([scope, params.get("language_code", "")], sort_keys=True)


def set_my_commands(fake: FakeBotApi, params: dict, files: dict) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list):
        raise bad_request("parameter \"commands\" is required")
    for command in commands:
        if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("command description must be non-empty")
    with fake._changed:
        fake.commands[commands_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
    return True


def get_my_commands(fake: FakeBotApi, params: dict, files: dict) -> list:
    with fake._changed:
        return copy.deepcopy(fake.commands.get(commands_key(params), []))


def delete_my_commands(fake: FakeBotApi, params: dict, files: dict) -> bool:
    with fake._changed:
        fake.commands.pop(commands_key(params), None)
    return True


def set_webhook(fake: FakeBotApi, params: dict, files: dict):
    url = str(params.get("url", ""))
    if not url:
        return delete_webhook(fake, params, files)
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if (parts.port or 443) not in WEBHOOK_PORTS:
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    max_connections = params.get("max_connections", 40)
    if not 1 <= int(max_connections) <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    with fake._changed:
        fake.webhook = {
            "url": url,
            "secret_token": params.get("secret_token"),
            "allowed_updates": params.get("allowed_updates", fake.webhook.get("allowed_updates")),
            "max_connections": int(max_connections),
            "drop_pending_updates": bool(params.get("drop_pending_updates")),
        }
        if params.get("allowed_updates") is not None:
            fake._allowed_updates = list(params["allowed_updates"])
        if params.get("drop_pending_updates"):
            fake._updates.clear()
        fake._changed.notify_all()
    return Described("Webhook was set")


def delete_webhook(fake: FakeBotApi, params: dict, files: dict):
    with fake._changed:
        was_set = bool(fake.webhook.get("url"))
        fake.webhook = {"url": ""}
        if params.get("drop_pending_updates"):
            fake._updates.clear()
        fake._changed.notify_all()
    return Described("Webhook was deleted" if was_set else "Webhook is already deleted")


def get_webhook_info(fake: FakeBotApi, params: dict, files: dict) -> dict:
    with fake._changed:
        info = {"url": fake.webhook["url"], "has_custom_certificate": False, "pending_update_count": len(fake._updates)}
        if fake.webhook["url"]:
            info["max_connections"] = fake.webhook["max_connections"]
            info["ip_address"] = "149.154.167.220"
            if fake.webhook.get("allowed_updates"):
                info["allowed_updates"] = fake.webhook["allowed_updates"]
        if fake.webhook_error:
            info["last_error_date"], info["last_error_message"] = fake.webhook_error
        return info


def get_updates(fake: FakeBotApi, params: dict, files: dict) -> list:
    offset = int(params.get("offset") or 0)
    limit = min(max(int(params.get("limit") or 100), 1), 100)
    deadline = time.monotonic() + max(int(params.get("timeout") or 0), 0)
    with fake._changed:
        if fake.webhook["url"]:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
                "the webhook first",
            )
        fake._poll_generation += 1
        generation = fake._poll_generation
        fake._changed.notify_all()  # an older long poll still waiting ends with 409
        if params.get("allowed_updates") is not None:
            fake._allowed_updates = list(params["allowed_updates"])
        if offset > 0:  # updates below the offset are confirmed: Telegram forgets them
            fake._updates = [u for u in fake._updates if u["update_id"] >= offset]
        elif offset < 0:
            fake._updates = fake._updates[offset:]
        while True:
            fake._updates = [u for u in fake._updates if wanted(u, fake._allowed_updates)]
            if fake._updates or fake._closed:
                return copy.deepcopy(fake._updates[:limit])
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            fake._changed.wait(remaining)
            if fake._poll_generation != generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
                    "is running",
                )


def wanted(update: dict, allowed: list[str]) -> bool:
    kind = next((key for key in update if key != "update_id"), "")
    return kind in allowed if allowed else kind not in OPT_IN_UPDATES


def photo_sizes(fake: FakeBotApi, width: int, height: int) -> list[dict]:
    """Telegram keeps a photo in a few sizes (longest side 90, 320, 800 and up to 1280)."""
    sizes = []
    for side in (90, 320, 800, 1280):
        scale = min(side / max(width, height), 1)
        if sizes and scale == 1 and sizes[-1]["width"] == width:
            break
        w, h = max(round(width * scale), 1), max(round(height * scale), 1)
        file_id, unique_id = fake._file_id("Photo")
        size = {"file_id": file_id, "file_unique_id": unique_id, "width": w, "height": h, "file_size": w * h // 8}
        sizes.append(size)
    return sizes


def png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    return None


def fetchable(url: str) -> bool:
    """Whether Telegram's servers could fetch the address (not localhost or a private network)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return "." in host


METHODS = {
    "getMe": get_me,
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "answerCallbackQuery": answer_callback_query,
    "sendChatAction": send_chat_action,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "getUpdates": get_updates,
}
CANONICAL = {name.lower(): name for name in METHODS}  # method names are case-insensitive
