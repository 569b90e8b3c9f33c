"""Many simulated users at once: each user thread plays one persona's conversation after
another (a new person each time), waiting for every reply before its next message, over
the transport it was given (users are spread evenly over REST, Telegram and WhatsApp).

A user whose turn got no answer at all gives up that conversation (as people do) and
starts a new one. A run has a warm-up (not counted) and a measured window; a turn counts in the window it
ended in. An optional `chaos` callable runs beside the users (the fault run's kills and
restarts) and says when the run may end.
"""

from __future__ import annotations

import itertools
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.prod.personas import persona
from bench.prod.transports import Turn


@dataclass
class Conversation:
    transport: str
    conversation: str
    persona: int
    turns: list[Turn] = field(default_factory=list)


@dataclass
class Run:
    label: str
    replicas: int
    users: int
    warmup: float
    started: float = 0.0  # time.monotonic()
    window: tuple[float, float] = (0.0, 0.0)  # the measured window, seconds from `started`
    conversations: list[Conversation] = field(default_factory=list)
    events: list[tuple[str, float]] = field(default_factory=list)  # (what, seconds from `started`)
    bench_cpu_seconds: float = 0.0
    # Turns still waiting for their answer when the run ended (counted as errors).
    unfinished: list[Turn] = field(default_factory=list)

    def turns(self, measured: bool = True) -> list[Turn]:
        low, high = self.window
        every = [turn for c in self.conversations for turn in c.turns]
        if not measured:
            return every
        return [t for t in every if low <= t.ended - self.started <= high]

    def late(self) -> list[Turn]:
        """Turns started in the measured window that ended after it (a turn that timed out
        there still counts as an error)."""
        low, high = self.window
        every = [*(t for c in self.conversations for t in c.turns), *self.unfinished]
        return [t for t in every if low <= t.started - self.started <= high < t.ended - self.started]

    def mark(self, what: str) -> None:
        self.events.append((what, time.monotonic() - self.started))


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def play(run: Run, transports: list, first_persona: int, duration: float,
         chaos: Callable[[Run], None] | None = None, grace: float = 15.0) -> Run:
    """Runs `run.users` users for warm-up + `duration` seconds (with `chaos`: until chaos is
    over and `duration` more seconds have passed). A turn still unanswered `grace` seconds
    after the end is recorded as unfinished (an error) and its user left behind."""
    numbers = itertools.count(first_persona)
    lock = threading.Lock()
    run.started = time.monotonic()
    cpu_before = _cpu_seconds()
    end = [run.started + run.warmup + duration]
    chaos_done = threading.Event()
    closed = threading.Event()
    pending: dict[int, Turn] = {}

    def user(slot: int) -> None:
        transport = transports[slot % len(transports)]
        while time.monotonic() < end[0] or not chaos_done.is_set():
            with lock:
                number = next(numbers)
            someone = persona(number)
            conversation = Conversation(transport.name, transport.open(someone, run.label), number)
            with lock:
                run.conversations.append(conversation)
            for index, step in enumerate(someone.steps):
                if time.monotonic() >= end[0] and chaos_done.is_set():
                    break
                pending[slot] = Turn(transport.name, conversation.conversation, number, index, step.kind,
                                     time.monotonic(), 0.0, error="unfinished: no answer by the end of the run")
                turn = transport.turn(conversation.conversation, someone, index, step)
                if closed.is_set():
                    return  # the run is over and counted without this user
                pending.pop(slot, None)
                conversation.turns.append(turn)
                if turn.error and turn.error.startswith(("timeout", "connection")):
                    break  # the user gives up on a chat that stopped answering and starts afresh

    def disorder() -> None:
        try:
            chaos(run)
        finally:
            end[0] = max(end[0], time.monotonic() + duration)
            chaos_done.set()

    if chaos is None:
        chaos_done.set()
    else:
        threading.Thread(target=disorder, daemon=True).start()
    threads = [threading.Thread(target=user, args=(slot,), daemon=True) for slot in range(run.users)]
    for thread in threads:
        thread.start()
        time.sleep(0.05)  # users arrive one after another, not in one burst
    while not chaos_done.is_set():
        time.sleep(0.2)
    for thread in threads:
        thread.join(max(0.0, end[0] + grace - time.monotonic()))
    with lock:
        closed.set()
        now = time.monotonic()
        for turn in pending.values():
            turn.ended = now
            run.unfinished.append(turn)
    finished = time.monotonic() - run.started
    run.window = (run.warmup, min(finished, end[0] - run.started))
    run.bench_cpu_seconds = _cpu_seconds() - cpu_before
    return run
