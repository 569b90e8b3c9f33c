"""What the fault run must show, checked conversation by conversation:

- every conversation carries on where it was: what its user saw equals what the same
  conversation (same persona, same messages, same transport) shows when played again
  without faults, message for message, in order; so nothing is missing, nothing is
  answered twice, nothing arrives out of order, and a kundli after the kill is the saved
  person's kundli, not a question for the birth details;
- every user message was handled exactly once: the conversation's tracker (Rasa's API on a
  replica, the store both share) holds each message once, in the order it was sent;
- errors (a failed request, no reply, a wrong reply) are counted inside and outside the kill
  window: from the first kill until both restarted processes were ready again.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from bench.prod.driver import Conversation, Run
from bench.prod.personas import persona


def seen(conversation: Conversation, inboxes: dict) -> list[str]:
    """Everything the user saw in the conversation, in arrival order."""
    if conversation.transport == "rest":
        return [shape for turn in conversation.turns for shape in turn.replies]
    return [arrival.shape for arrival in inboxes[conversation.transport].since(conversation.conversation, 0)]


def near_the_faults(run: Run, margin: float) -> list[Conversation]:
    """The conversations with a turn within `margin` seconds of the kill window: the ones
    the faults could touch (the others are checked turn by turn and in their trackers)."""
    kill = min((at for what, at in run.events if what.startswith("kill")), default=None)
    ready = max((at for what, at in run.events if what.startswith("ready")), default=None)
    if kill is None or ready is None:
        return []
    return [c for c in run.conversations if c.turns
            and c.turns[0].started - run.started <= ready + margin
            and c.turns[-1].ended - run.started >= kill - margin]


def replay(conversations: list[Conversation], transports: dict, inboxes: dict, concurrency: int,
           label: str, quiet: float) -> dict[int, list[str] | None]:
    """Each conversation played again (new chat, same messages) without faults: what its user
    saw (None when the replay itself got no answer to a turn)."""

    def again(original: Conversation) -> tuple[int, list[str]]:
        transport = transports[original.transport]
        someone = persona(original.persona)
        copy = Conversation(transport.name, transport.open(someone, label), original.persona)
        for index, step in enumerate(someone.steps[: len(original.turns)]):
            turn = transport.turn(copy.conversation, someone, index, step)
            copy.turns.append(turn)
            if turn.error and turn.error.startswith(("timeout", "connection")):
                return id(original), None  # no fault-free reference: this chat stopped answering too
        if copy.transport != "rest":
            time.sleep(quiet)  # anything late
        return id(original), seen(copy, inboxes)

    with ThreadPoolExecutor(concurrency) as pool:
        return dict(pool.map(again, conversations))


def compare(actual: list[str], expected: list[str]) -> str:
    """'same', or what differs: duplicate, missing, out of order, different."""
    if actual == expected:
        return "same"
    extra = Counter(actual) - Counter(expected)
    lacking = Counter(expected) - Counter(actual)
    if not extra and not lacking:
        return "out of order"
    if extra and not lacking:
        return "duplicate" if all(shape in expected for shape in extra) else "different"
    if lacking and not extra:
        return "missing"
    return "different"


def tracker_sender(conversation: Conversation) -> str:
    if conversation.transport == "telegram":
        return f"telegram-{conversation.conversation}"
    if conversation.transport == "whatsapp":
        return f"whatsapp-{conversation.conversation}"
    return conversation.conversation


def tracker_user_texts(rasa_url: str, token: str, conversation: Conversation) -> list[str] | None:
    url = f"{rasa_url}/conversations/{tracker_sender(conversation)}/tracker?token={token}&include_events=ALL"
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            events = json.loads(answer.read())["events"]
    except (OSError, ValueError, KeyError):
        return None
    return [event.get("text") or "" for event in events if event.get("event") == "user"]


def verify(run: Run, references: dict[int, list[str]], inboxes: dict, rasa_url: str, token: str) -> dict:
    kill = min((at for what, at in run.events if what.startswith("kill")), default=None)
    ready = max((at for what, at in run.events if what.startswith("ready")), default=None)
    window = (kill, ready)
    outcome: Counter = Counter()
    tracker_outcome: Counter = Counter()
    problems: list[dict] = []
    spanning = 0
    unfinished = {turn.conversation for turn in run.unfinished}
    for conversation in run.conversations:
        if not conversation.turns:
            continue
        if id(conversation) not in references:
            verdict = "not replayed"
        elif references[id(conversation)] is None:
            verdict = "replay got no answer"
        else:
            verdict = compare(seen(conversation, inboxes), references[id(conversation)])
        outcome[verdict] += 1
        # A turn the bench stopped waiting for (unfinished) was sent all the same.
        played = len(conversation.turns) + (conversation.conversation in unfinished)
        sent = [step.text for step in persona(conversation.persona).steps[:played]]
        handled = tracker_user_texts(rasa_url, token, conversation)
        if handled is None:
            tracker = "unreadable"
        elif handled == sent:
            tracker = "each message once, in order"
        elif Counter(handled) - Counter(sent):
            tracker = "a message handled twice"
        elif Counter(sent) - Counter(handled):
            tracker = "a message never handled"
        else:
            tracker = "handled out of order"
        tracker_outcome[tracker] += 1
        first = conversation.turns[0].started - run.started
        last = conversation.turns[-1].ended - run.started
        across = kill is not None and first < kill < last
        spanning += across
        if verdict not in ("same", "not replayed", "replay got no answer") or tracker != "each message once, in order":
            problems.append({"transport": conversation.transport, "persona": conversation.persona,
                             "seen": verdict, "tracker": tracker, "spanned_kill": across,
                             "turn_errors": [t.error for t in conversation.turns if t.error]})
    inside, outside = [], []
    for turn in [*run.turns(measured=False), *run.unfinished]:
        if turn.error is None:
            continue
        start, end = turn.started - run.started, turn.ended - run.started
        hit = kill is not None and ready is not None and end >= kill and start <= ready
        # The bench's own made-up people: their replies may be shown, cut short.
        (inside if hit else outside).append({"transport": turn.transport, "kind": turn.kind, "error": turn.error,
                                             "at": round(start, 1), "persona": turn.persona,
                                             "replies": [shape[:100] for shape in turn.replies[:3]]})
    retried = [turn for turn in run.turns(measured=False) if turn.attempts > 1]
    return {
        "kill_window_s": [round(x, 1) if x is not None else None for x in window],
        "conversations": sum(outcome.values()),
        "conversations_in_progress_at_kill": spanning,
        "seen_vs_fault_free": dict(outcome),
        "trackers": dict(tracker_outcome),
        "errors_inside_window": inside,
        "errors_outside_window": outside,
        "retried_turns": [{"transport": t.transport, "kind": t.kind, "failed_attempts": t.failed_attempts,
                           "error": t.error, "latency_s": round(t.latency, 2)} for t in retried],
        "problems": problems[:50],
    }
