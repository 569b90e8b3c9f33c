"""The bot's commands (channels/telegram/commands.py): each means an intent the assistant
has, and each fits Telegram's rules for the command menu."""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML

from channels.telegram.commands import BY_NAME, COMMANDS, command_message

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"


def domain_intents() -> set[str]:
    intents = YAML(typ="safe").load(DOMAIN.read_text(encoding="utf-8"))["intents"]
    return {intent if isinstance(intent, str) else next(iter(intent)) for intent in intents}


def test_every_command_means_an_intent_in_the_domain():
    intents = domain_intents()
    assert {command.intent for command in COMMANDS} <= intents
    assert {"greet", "help", "request_kundli", "ask_horoscope", "ask_panchang"} <= intents  # read, not empty


def test_every_command_fits_telegram_s_menu_rules():
    # setMyCommands: command 1-32 characters of a-z, 0-9 and _; description 3-256 characters.
    for command in COMMANDS:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command.name), command.name
        assert 3 <= len(command.description) <= 256, command.name
        assert command.words.strip() == command.words and command.words, command.name
    assert len(BY_NAME) == len(COMMANDS)  # no name twice


def test_the_commands_replies_yml_promises_exist():
    from channels.telegram.replies import reply

    promised = set(re.findall(r"/([a-z_]+)", reply("unknown_command", command="/foo")))
    assert promised - {"foo"} <= set(BY_NAME)


def test_a_bare_command_is_its_intent_and_words_follow_the_command_s_own():
    assert command_message("kundli", "") == "/request_kundli"
    assert command_message("kundli", "   ") == "/request_kundli"
    assert command_message("Kundli", " for Ravi ") == "make my kundli for Ravi"
    assert command_message("start", "ref_instagram") == "/greet"
    assert command_message("foo", "") is None
