"""What a Telegram update asks of Luna, read from python-telegram-bot's Update: a message
to pass to Rasa, a button press, an edit, something Luna cannot read (a sticker, a voice
note...), a change in whether the user blocked the bot, or nothing for Luna at all (a
group message addressed to someone else).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from telegram import Chat, ChatMember, Message, MessageEntity, Update, User

from channels.messaging.text import location_text
from channels.telegram.commands import command_message

# Attachments Luna cannot read, by the attribute python-telegram-bot gives them; the
# channel's replies (replies.yml) have a text for each.
MEDIA_KINDS = ("sticker", "photo", "voice", "audio", "video", "video_note", "animation", "document",
               "contact", "poll", "dice", "venue")


class Kind(enum.Enum):
    MESSAGE = "message"  # `text` goes to Rasa
    BUTTON = "button"  # a pressed inline button: `callback_data`, `callback_id`
    EDITED = "edited"  # an edited message: `text` is the new wording
    MEDIA = "media"  # `media` names what was sent; `text` is its caption, if any
    UNKNOWN_COMMAND = "unknown_command"  # `text` is the command as typed
    BLOCKED = "blocked"  # the user blocked the bot (or removed it from a group)
    UNBLOCKED = "unblocked"
    IGNORED = "ignored"


@dataclass(frozen=True)
class BotIdentity:
    id: int
    username: str


@dataclass(frozen=True)
class Incoming:
    kind: Kind
    update_id: int
    chat_id: int | None = None
    user_id: int | None = None
    text: str = ""
    message_id: int | None = None
    media: str | None = None
    callback_id: str | None = None
    callback_data: str | None = None
    in_group: bool = False

    @property
    def sender_id(self) -> str:
        """Rasa's conversation id: one per Telegram user, in private chats and groups alike."""
        return f"telegram-{self.user_id}"


def read_update(update: Update, bot: BotIdentity) -> Incoming:
    if update.callback_query is not None:
        query = update.callback_query
        chat = query.message.chat if query.message is not None else None
        return Incoming(Kind.BUTTON, update.update_id, chat_id=chat.id if chat else query.from_user.id,
                        user_id=query.from_user.id, callback_id=query.id, callback_data=query.data or "",
                        in_group=_is_group(chat))
    if update.my_chat_member is not None:
        change = update.my_chat_member
        gone = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
        return Incoming(Kind.BLOCKED if gone else Kind.UNBLOCKED, update.update_id, chat_id=change.chat.id,
                        user_id=change.from_user.id)
    if update.message is not None:
        return _read_message(update.update_id, update.message, bot, edited=False)
    if update.edited_message is not None:
        return _read_message(update.update_id, update.edited_message, bot, edited=True)
    return Incoming(Kind.IGNORED, update.update_id)


def _read_message(update_id: int, message: Message, bot: BotIdentity, *, edited: bool) -> Incoming:
    user: User | None = message.from_user
    if user is None or user.is_bot:
        return Incoming(Kind.IGNORED, update_id)
    in_group = _is_group(message.chat)
    base = dict(update_id=update_id, chat_id=message.chat.id, user_id=user.id, message_id=message.message_id,
                in_group=in_group)
    text = message.text if message.text is not None else (message.caption or "")
    entities = message.entities if message.text is not None else message.caption_entities
    command = _command(text, entities, bot)
    if in_group and (command is None and not _addressed(text, entities, message, bot)
                     or command is not None and command.for_another_bot):
        return Incoming(Kind.IGNORED, update_id)
    if message.location is not None and message.venue is None:
        if edited:
            # A live location reports every move as an edit; the place was read when shared.
            return Incoming(Kind.IGNORED, update_id)
        location = message.location
        return Incoming(Kind.MESSAGE, text=location_text(location.latitude, location.longitude), **base)
    words = (_without_mentions(text, entities, bot) if in_group else text).strip()
    meaning = command_message(command.name, command.arguments) if command and not command.for_another_bot else None

    media = next((kind for kind in MEDIA_KINDS if getattr(message, kind, None)), None)
    if media is not None:
        caption = meaning if command else words
        return Incoming(Kind.MEDIA, media=media, text=(caption or "").strip(), **base)
    if message.text is None:
        return Incoming(Kind.IGNORED, update_id)
    if meaning is None and (command is not None or words.startswith("/")):
        # Not one of Luna's commands. Rasa would read "/anything" as an intent name, so it
        # never reaches Rasa. In a group a bare unknown command may be another bot's.
        if in_group and command is not None and not command.named_us:
            return Incoming(Kind.IGNORED, update_id)
        return Incoming(Kind.UNKNOWN_COMMAND, text=command.typed if command else words.split()[0], **base)
    return Incoming(Kind.EDITED if edited else Kind.MESSAGE, text=meaning or words, **base)


def _is_group(chat: Chat | None) -> bool:
    return chat is not None and chat.type in (Chat.GROUP, Chat.SUPERGROUP)


@dataclass(frozen=True)
class _Command:
    typed: str  # as typed, "/kundli@luna_bot"
    name: str
    arguments: str
    for_another_bot: bool  # "/kundli@other_bot"
    named_us: bool  # "/kundli@luna_bot"


def _command(text: str, entities: tuple[MessageEntity, ...], bot: BotIdentity) -> _Command | None:
    """The bot command the text starts with ("/kundli", "/kundli@luna_bot", "/kundli@other_bot")."""
    for entity in entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            typed = _entity_text(entity, text)
            name, _, addressee = typed[1:].partition("@")
            for_us = addressee.lower() == bot.username.lower() if addressee else None
            return _Command(typed, name, text[len(typed):], for_another_bot=for_us is False, named_us=bool(for_us))
    return None


def _addressed(text: str, entities: tuple[MessageEntity, ...], message: Message, bot: BotIdentity) -> bool:
    """In a group, Luna answers a message that mentions her or replies to her."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    return any(_mentions_bot(entity, text, bot) for entity in entities)


def _mentions_bot(entity: MessageEntity, text: str, bot: BotIdentity) -> bool:
    if entity.type == MessageEntity.MENTION:
        return _entity_text(entity, text).lower() == f"@{bot.username.lower()}"
    return entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot.id


def _without_mentions(text: str, entities: tuple[MessageEntity, ...], bot: BotIdentity) -> str:
    for entity in entities:
        if _mentions_bot(entity, text, bot):
            text = text.replace(_entity_text(entity, text), " ", 1)
    return " ".join(text.split())


def _entity_text(entity: MessageEntity, text: str) -> str:
    """The entity's text (Telegram counts offsets in UTF-16 code units, hence the detour)."""
    encoded = text.encode("utf-16-le")
    return encoded[entity.offset * 2:(entity.offset + entity.length) * 2].decode("utf-16-le")
