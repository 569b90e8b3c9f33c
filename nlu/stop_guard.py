"""A stop needs a word that says stop.

"Latika", answering "what's your name?", was once read as a goodbye (its letters look
like "later") and the form stopped, losing the answers given. A goodbye or a no stops
what the user is doing, so the model's guess is kept only when the message has a word
that really says it; otherwise the message counts as unclear (`nlu_fallback`), which a
form takes as the answer to its question. Pure Python, tested on its own; the pipeline
component is `nlu.intent_guard.StopNeedsWords`.
"""

from __future__ import annotations

import re

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


def guarded_intent(text: str, intent: str | None) -> str | None:
    """The intent to keep: a goodbye or a no without a word saying so becomes unclear."""
    needed = _WORDS_THAT_SAY.get(intent or "")
    if needed is None:
        return intent
    words = set(_WORD.findall((text or "").lower()))
    return intent if words & needed else UNCLEAR
