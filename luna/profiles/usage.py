"""How much of the LLM each person has used: a per-user rate limit and a daily token budget,
kept in the ``llm_calls`` table of the profile database so every action-server replica sees
the same counts.

The question answerer asks ``allowance`` before calling the LLM and ``record``s every HTTP
call afterwards (retries, fallbacks and tool rounds of one question share a ``turn_id``).
Rows name their owner by ``owner_key``, a hash, never by the raw sender id; they hold no
message text. "Delete my data" calls ``forget``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Literal, Protocol

from sqlalchemy import Engine, delete, distinct, func, insert, select

from .models import llm_calls
from .store import ProfileStore

RATE_WINDOW = timedelta(seconds=60)
# The limits need one day of records; a month is kept to answer "what did this cost" and
# no more. A person's older rows go when their next call is recorded.
KEEP_RECORDS = timedelta(days=30)

# Values longer than their column would make PostgreSQL refuse the row, and an unrecorded
# call is an unmetered one: cut them to fit instead (they are labels, not keys).
_LABEL_LENGTHS = {"provider": 64, "model": 255, "outcome": 32}


class LlmCall(Protocol):
    """What is recorded of one call: luna.llm.client.CallRecord has these attributes.

    A protocol rather than an import: persistence does not depend on the LLM client (nor
    pull the openai package into everything that touches profiles).
    """

    @property
    def provider(self) -> str: ...
    @property
    def model(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def latency_seconds(self) -> float: ...
    @property
    def prompt_tokens(self) -> int | None: ...
    @property
    def completion_tokens(self) -> int | None: ...


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    # None when allowed; "rate": too many questions in the last minute; "budget": today's
    # tokens are spent (until 00:00 UTC).
    reason: Literal["rate", "budget"] | None = None


def owner_key(channel: str, sender_id: str) -> str:
    """Whose calls a row records: SHA-256 hex of channel, NUL, sender id.

    The NUL keeps ("a", "b:c") and ("a:b", "c") apart; the same sender id on two channels is
    two people, as in the profiles table.
    """
    return hashlib.sha256(f"{channel}\x00{sender_id}".encode()).hexdigest()


class LlmUsage:
    """The rate limit and the budget of one deployment, over a ProfileStore's database.

    Every method raises ProfileStoreError (luna/profiles/errors.py), with the cause chained,
    when the database fails or the store's timeout passes; callers then answer without the
    LLM rather than spend unmetered. ``now`` must be timezone-aware.

    Both limits are checked before a question and counted after it, so questions sent at the
    same moment can each pass, and the question that crosses the budget is finished: the
    budget can be overrun by one question's tokens.
    """

    def __init__(self, store: ProfileStore, *, questions_per_minute: int, daily_tokens: int) -> None:
        if questions_per_minute <= 0 or daily_tokens <= 0:
            raise ValueError("questions_per_minute and daily_tokens must be positive")
        self.store = store
        self.questions_per_minute = questions_per_minute
        self.daily_tokens = daily_tokens

    async def allowance(self, channel: str, sender_id: str, now: datetime) -> Allowance:
        """May this person's next question go to the LLM?

        The budget is checked first: when both are reached, waiting a minute would not help.
        """
        _require_aware(now)
        owner = owner_key(channel, sender_id)
        questions, tokens = await self.store.run("llm allowance", lambda engine: _recent_use(engine, owner, now))
        if tokens >= self.daily_tokens:
            return Allowance(False, "budget")
        if questions >= self.questions_per_minute:
            return Allowance(False, "rate")
        return Allowance(True)

    async def record(self, channel: str, sender_id: str, turn_id: str, record: LlmCall, now: datetime) -> None:
        _require_aware(now)
        row = {
            "owner": owner_key(channel, sender_id),
            "turn_id": turn_id,
            "called_at": now,
            "latency_ms": round(record.latency_seconds * 1000),
            "prompt_tokens": record.prompt_tokens,
            "completion_tokens": record.completion_tokens,
            **{label: getattr(record, label)[:length] for label, length in _LABEL_LENGTHS.items()},
        }
        await self.store.run("llm record", lambda engine: _insert(engine, row))

    async def forget(self, channel: str, sender_id: str) -> int:
        """Delete every call recorded for this person; the number of rows deleted."""
        owner = owner_key(channel, sender_id)
        return await self.store.run("llm forget", lambda engine: _delete_owner(engine, owner))


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")


def _recent_use(engine: Engine, owner: str, now: datetime) -> tuple[int, int]:
    """Distinct questions in the last RATE_WINDOW, and tokens spent since 00:00 UTC today."""
    day_start = datetime.combine(now.astimezone(timezone.utc).date(), time(0), tzinfo=timezone.utc)
    column = llm_calls.c
    questions = select(func.count(distinct(column.turn_id))).where(
        column.owner == owner, column.called_at > now - RATE_WINDOW, column.called_at <= now
    )
    # A call without reported usage (an error, a server that omits it) spent nothing we know of.
    spent = func.coalesce(column.prompt_tokens, 0) + func.coalesce(column.completion_tokens, 0)
    tokens = select(func.coalesce(func.sum(spent), 0)).where(
        column.owner == owner, column.called_at >= day_start, column.called_at <= now
    )
    with engine.connect() as connection:
        return connection.execute(questions).scalar_one(), int(connection.execute(tokens).scalar_one())


def _insert(engine: Engine, row: dict[str, object]) -> None:
    with engine.begin() as connection:
        connection.execute(insert(llm_calls).values(**row))
        connection.execute(delete(llm_calls).where(
            llm_calls.c.owner == row["owner"], llm_calls.c.called_at < row["called_at"] - KEEP_RECORDS
        ))


def _delete_owner(engine: Engine, owner: str) -> int:
    with engine.begin() as connection:
        return connection.execute(delete(llm_calls).where(llm_calls.c.owner == owner)).rowcount
