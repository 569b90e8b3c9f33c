"""The recorded Telegram updates in updates/*.json, copied fresh for each use and made to
order: another update_id, text, chat or user, so one payload can stand for many users."""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path

UPDATES = Path(__file__).parent / "updates"
BOT_ID = 123456789
# Where a message sits in each kind of update.
MESSAGE_FIELDS = ("message", "edited_message")


@cache
def _recorded(name: str) -> dict:
    return json.loads((UPDATES / f"{name}.json").read_text(encoding="utf-8"))


def update_names() -> list[str]:
    return sorted(path.stem for path in UPDATES.glob("*.json"))


def load_update(
    name: str,
    *,
    update_id: int | None = None,
    text: str | None = None,
    chat_id: int | None = None,
    user_id: int | None = None,
) -> dict:
    """A deep copy of updates/<name>.json with the given fields replaced. A private chat's id is
    its user's id, so changing the user of a private-chat update changes the chat too."""
    update = copy.deepcopy(_recorded(name))
    if update_id is not None:
        update["update_id"] = update_id
    for item in _items(update):
        chat = item.get("chat")
        if chat is not None and (chat_id is not None or (user_id is not None and chat["type"] == "private")):
            chat["id"] = chat_id if chat_id is not None else user_id
        if user_id is not None:
            for user in (item.get("from"), item.get("user")):
                if user and user["id"] != BOT_ID:
                    user["id"] = user_id
    if text is not None:
        message = next(update[field] for field in MESSAGE_FIELDS if field in update)
        message["text"] = text
        _fit_command_entity(message)
    return update


def _items(update: dict) -> list[dict]:
    """Every message-like object in the update: the message, its reply, the callback's message, the member change."""
    items = []
    for field in (*MESSAGE_FIELDS, "callback_query", "my_chat_member"):
        item = update.get(field)
        if item:
            items.append(item)
            for inner in ("message", "reply_to_message"):
                if item.get(inner):
                    items.append(item[inner])
    return items


def _fit_command_entity(message: dict) -> None:
    entities = [e for e in message.get("entities", []) if e["type"] != "bot_command"]
    text = message["text"]
    if text.startswith("/"):
        # Telegram marks "/name" or "/name@bot" (letters, digits, underscores), not what follows.
        command = re.match(r"/[A-Za-z0-9_]*(@[A-Za-z0-9_]+)?", text).group()
        entities.insert(0, {"offset": 0, "length": len(command), "type": "bot_command"})
    if entities:
        message["entities"] = entities
    else:
        message.pop("entities", None)
