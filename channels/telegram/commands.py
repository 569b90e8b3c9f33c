"""The bot's commands: what each one means to Luna and how Telegram's menu lists them.

A bare command is the Rasa intent it names (no NLU guess); a command with words after it
("/panchang tomorrow in Pune") reads as the request in words, so the details are used.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    description: str  # shown in Telegram's command menu (3-256 characters)
    intent: str  # what the bare command means
    words: str  # what the command means in front of the user's own words


COMMANDS = (
    Command("start", "Say hello to Luna", "greet", "hello"),
    Command("help", "What Luna can do", "help", "help"),
    Command("kundli", "Your birth chart (kundli)", "request_kundli", "make my kundli"),
    Command("horoscope", "Today's horoscope for your sign", "ask_horoscope", "horoscope"),
    Command("panchang", "The panchang for a day and place", "ask_panchang", "panchang"),
    Command("match", "Kundli matching with a partner", "ask_compatibility", "match my kundli"),
    Command("delete", "Delete everything Luna keeps about you", "delete_my_data", "delete my data"),
)
BY_NAME = {command.name: command for command in COMMANDS}


def command_message(name: str, arguments: str) -> str | None:
    """The Rasa message for `/name arguments`, or None for a command Luna does not have.
    /start's argument is a deep-link parameter, not words, so it is dropped."""
    command = BY_NAME.get(name.lower())
    if command is None:
        return None
    arguments = arguments.strip()
    if not arguments or command.name == "start":
        return f"/{command.intent}"
    return f"{command.words} {arguments}"
