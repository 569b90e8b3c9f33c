"""Luna's conversation corpus (tests/conversations/*.yml) through the REST channel.

Every conversation runs with a fresh sender id against the real servers; one test per
conversation id, so a failure names the conversation, the turn, the expectation and what
Luna replied. Conversations marked `known_failure` are xfail (not strict): they are the
dialogue bugs still open. The conversations of the selected tests are played four at a
time (different senders do not share state) the first time any of them is checked; the
score, overall and on the held-out slice, is printed at the end of the session and
written to results/corpus_score.txt.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conversations.corpus import Conversation, Outcome, load, run_conversation

ROOT = Path(__file__).resolve().parents[2]
SCORE_FILE = ROOT / "results" / "corpus_score.txt"
WORKERS = 4

CONVERSATIONS = {conversation.id: conversation for conversation in load()}


class Score:
    """Collects outcomes and reports them after the session's own summary."""

    def __init__(self) -> None:
        self.outcomes: dict[str, Outcome] = {}

    def lines(self) -> list[str]:
        def share(outcomes: list[Outcome]) -> str:
            passed = sum(o.passed for o in outcomes)
            return f"{passed}/{len(outcomes)}"

        everything = list(self.outcomes.values())
        held_out = [o for o in everything if o.conversation.held_out]
        lines = [f"conversation corpus: {share(everything)} passed; held-out slice: {share(held_out)}"]
        behaviours = sorted({o.conversation.file for o in everything})
        for name in behaviours:
            lines.append(f"  {name}: {share([o for o in everything if o.conversation.file == name])}")
        return lines

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.outcomes:
            return
        terminalreporter.section("conversation corpus")
        for line in self.lines():
            terminalreporter.write_line(line)
        SCORE_FILE.parent.mkdir(exist_ok=True)
        SCORE_FILE.write_text("\n".join(self.lines()) + "\n")


@pytest.fixture(scope="module")
def outcomes(request, luna) -> dict[str, Outcome]:
    """Plays the conversations of every selected test of this module, four at a time."""
    selected = [
        item.callspec.params["conversation_id"]
        for item in request.session.items
        if item.module is request.module and hasattr(item, "callspec")
    ]
    engine = sa.create_engine(luna.database_url)

    def play(conversation: Conversation) -> Outcome:
        sender = luna.new_sender()

        def profile():
            with engine.connect() as connection:
                return connection.execute(
                    sa.text("SELECT * FROM profiles WHERE sender_id = :sender"), {"sender": sender}
                ).mappings().first()

        return run_conversation(conversation, lambda text: luna.say(sender, text), profile)

    try:
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            played = dict(zip(selected, pool.map(play, [CONVERSATIONS[i] for i in selected]), strict=False))
    finally:
        engine.dispose()
    score = Score()
    score.outcomes = played
    request.config.pluginmanager.register(score, "conversation-corpus-score")
    return played


def _params():
    for conversation in CONVERSATIONS.values():
        marks = []
        if conversation.known_failure:
            marks.append(pytest.mark.xfail(reason=conversation.known_failure, strict=False))
        yield pytest.param(conversation.id, id=conversation.id, marks=marks)


@pytest.mark.parametrize("conversation_id", list(_params()))
def test_conversation(conversation_id: str, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[conversation_id]
    conversation = outcome.conversation
    assert outcome.passed, f"[{conversation.file}: {conversation.behaviour}]\n{outcome.failure}"


def test_the_corpus_is_big_and_varied_enough() -> None:
    conversations = list(CONVERSATIONS.values())
    assert len(conversations) >= 150
    per_file: dict[str, int] = {}
    for conversation in conversations:
        per_file[conversation.file] = per_file.get(conversation.file, 0) + 1
    assert all(count >= 10 for count in per_file.values()), per_file
    held_out = sum(c.held_out for c in conversations)
    assert 0.2 <= held_out / len(conversations) <= 0.33, held_out


def _training_lines() -> set[str]:
    """Every example line of data/ as plain text (entity annotations removed), case-folded."""
    annotated = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
    lines: set[str] = set()
    for path in (ROOT / "data").rglob("*.yml"):
        for line in path.read_text(encoding="utf-8").casefold().splitlines():
            lines.add(annotated.sub(r"\1", line.strip().removeprefix("- ").strip()))
    return lines


def test_corpus_messages_are_not_training_examples() -> None:
    """The corpus measures messages Luna never trained on (held-out ones above all)."""
    training = _training_lines()
    copied = [
        (conversation.id, turn["user"])
        for conversation in CONVERSATIONS.values()
        for turn in conversation.turns
        if "user" in turn and len(str(turn["user"]).split()) > 1
        and str(turn["user"]).casefold().strip() in training
    ]
    assert not copied, f"corpus messages copied into data/: {copied}"
