"""Two guards on the model's intent, for the two mistakes that cost users most.

A stop needs a word that says stop. "Latika", answering "what's your name?", was once
read as a goodbye (its letters look like "later") and the form stopped, losing the
answers given. A goodbye or a no stops what the user is doing, so the model's guess is
kept only when the message has a word
that really says it; otherwise the message counts as unclear (`nlu_fallback`), which a
form takes as the answer to its question.

Birth details are never unclear. "meri shaadi kab hogi? Priya, 12/06/1996, 10:20 am,
Jaipur" once fell back because the model was torn between giving details and asking for
a prediction, and the details were lost. Every request that carries a birth date leads to
the same form, which checks each detail, so the model's best guess is kept.

Pure Python, tested on its own; the pipeline components are in `nlu.intent_guard`.
"""

from __future__ import annotations

import re
from typing import Any

UNCLEAR = "nlu_fallback"
_WORDS_THAT_SAY = {
    "goodbye": {
        "bye", "byee", "bbye", "goodbye", "night", "gn", "ratri", "see", "cya", "ya", "later", "ttyl", "talk",
        "soon", "alvida", "milenge", "milte", "chalta", "chalti", "chal", "chalo", "leaving", "leave", "go",
        "going", "gtg", "gotta", "care", "day", "done", "tata", "signing", "exit", "baad", "nikalta", "all",
        "tomorrow", "today", "off", "quit", "baat", "karenge",
    },
    "deny": {
        "no", "n", "nope", "nah", "nahi", "nahin", "na", "nai", "not", "stop", "cancel", "leave", "chhodo",
        "chodo", "chhod", "rehne", "mat", "wrong", "galat", "incorrect", "never", "abort", "skip", "forget",
        "mind", "don't", "dont", "zarurat", "kabhi", "bilkul", "quit", "exit", "enough", "ruko", "ruk", "band",
    },
}
_WORD = re.compile(r"[a-z']+")
# Intents whose messages may carry birth details; each leads to a form that checks them.
_CARRY_DETAILS = frozenset({
    "provide_birth_details", "update_birth_details", "request_kundli", "ask_prediction", "ask_dasha",
    "ask_compatibility", "ask_horoscope", "ask_panchang",
})


def guarded_intent(text: str, intent: str | None) -> str | None:
    """The intent to keep: a goodbye or a no without a word saying so becomes unclear."""
    needed = _WORDS_THAT_SAY.get(intent or "")
    if needed is None:
        return intent
    words = set(_WORD.findall((text or "").lower()))
    return intent if words & needed else UNCLEAR


def intent_for_details(entities: list[dict[str, Any]], ranking: list[dict[str, Any]], intent: str | None) -> str | None:
    """The model's best guess instead of `nlu_fallback` when the message carries a date and
    another birth detail and that guess is a request such details belong to."""
    if intent != UNCLEAR:
        return intent
    kinds = {found.get("entity") for found in entities}
    if "date" not in kinds or not kinds & {"time", "place", "name"}:
        return intent
    best = next((entry.get("name") for entry in ranking if entry.get("name") != UNCLEAR), None)
    if best == "ask_question" and "topic" in kinds:
        return best  # a question about a topic, with the details to answer it: a prediction
    return best if best in _CARRY_DETAILS else intent


# "what will happen in my career? I'm Arjun, 1 Jan 1990, 5 am, Surat" reads as birth
# details, but asks for a career reading: the service named beside the details is the
# request, answered once the chart is cast.
_DETAILS_INTENTS = frozenset({"provide_birth_details", "update_birth_details"})
_DASHA_WORDS = re.compile(r"\b(dasha|dasa|mahadasha|antardasha|mahadasa)\b", re.I)


def service_named_in_details(text: str, entities: list[dict[str, Any]], intent: str | None) -> str | None:
    """`ask_prediction` for details (or a question carrying the user's birth details)
    naming a topic, `ask_dasha` for details naming the dasha, otherwise the intent unchanged."""
    topic = any(found.get("entity") == "topic" for found in entities)
    if intent == "ask_question" and topic and _carries_own_details(entities):
        # "will I clear my exams? Rohan here, born 6 june 2006, 8:45 am, Kota"
        return "ask_prediction"
    if intent not in _DETAILS_INTENTS:
        return intent
    if topic:
        return "ask_prediction"
    if _DASHA_WORDS.search(text or ""):
        return "ask_dasha"
    return intent


def _carries_own_details(entities: list[dict[str, Any]]) -> bool:
    """A birth date and another detail of the user's own (a partner's carry a role)."""
    kinds = {found.get("entity") for found in entities if not found.get("role")}
    return "date" in kinds and bool(kinds & {"time", "place", "name"})


# "♍ today": a sign written as its symbol, which the model's tokens never see. A short
# message naming a sign so, read as anything but a request, asks for its horoscope.
_SIGN_SYMBOLS = re.compile("[\u2648-\u2653]")
# "today" beside the symbol may read as the day's panchang, which has no sign.
_SYMBOL_READ_AS = frozenset({"ask_question", UNCLEAR, "out_of_scope", "greet", "thank", "affirm", "bot_challenge",
                             "ask_panchang"})
_SHORT_MESSAGE_WORDS = 6


def horoscope_by_symbol(text: str, intent: str | None) -> str | None:
    """`ask_horoscope` for a short message carrying a zodiac symbol that the model read as
    a question, small talk or nothing; otherwise the intent unchanged."""
    if intent in _SYMBOL_READ_AS and _SIGN_SYMBOLS.search(text or "") and len(text.split()) <= _SHORT_MESSAGE_WORDS:
        return "ask_horoscope"
    return intent
