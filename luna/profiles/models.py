"""The schema of the profile store as SQLAlchemy 2.0 declarative models.

The tables are created by the Alembic migrations in ``migrations/versions``, never by
``metadata.create_all``; ``tests/profiles`` checks that the two agree.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Double,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Constraint names are fixed by convention so that migrations can name them and later
# migrations (SQLite batch mode especially) can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite has no timezone type and returns naive values; PostgreSQL returns the session's
    offset. Both come back here as UTC so callers can compare them.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProfileRow(Base):
    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Rasa's channel name ("telegram", "whatsapp", "rest"...) and that channel's sender id:
    # the same sender id on two channels is two different people.
    channel: Mapped[str] = mapped_column(String(64))
    sender_id: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(Text)
    birth_date: Mapped[date] = mapped_column(Date)
    birth_time: Mapped[time | None] = mapped_column(Time(timezone=False))
    time_known: Mapped[bool] = mapped_column(Boolean)
    place_label: Mapped[str] = mapped_column(Text)
    latitude: Mapped[float] = mapped_column(Double)
    longitude: Mapped[float] = mapped_column(Double)
    timezone: Mapped[str] = mapped_column(String(64))
    # "boy" or "girl" in kundli matching, once the person has said; None until then.
    match_side: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("channel", "sender_id"),
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
        # A known time must be stored; an unknown one may keep an approximate time (or none).
        CheckConstraint("NOT time_known OR birth_time IS NOT NULL", name="known_time_present"),
        CheckConstraint("match_side IS NULL OR match_side IN ('boy', 'girl')", name="match_side_known"),
    )


profiles = ProfileRow.__table__


class LlmCallRow(Base):
    """One HTTP call to an LLM provider: the ledger behind the per-user rate limit and daily
    token budget (usage.py). Metadata only: no message text, no birth data, no sender id."""

    __tablename__ = "llm_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # SHA-256 hex of channel + NUL + sender id (usage.owner_key): whose budget the call spent,
    # without the table holding an id that names a chat account.
    owner: Mapped[str] = mapped_column(String(64))
    # One id per question: its retries, fallbacks and tool rounds share it, so the rate limit
    # counts questions, not HTTP calls.
    turn_id: Mapped[str] = mapped_column(String(64))
    called_at: Mapped[datetime] = mapped_column(UTCDateTime)
    provider: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(255))
    # "ok", "http_429", "timeout", "skipped_open_circuit"... (luna.llm.client.CallRecord)
    outcome: Mapped[str] = mapped_column(String(32))
    latency_ms: Mapped[int] = mapped_column(Integer)
    # None when the provider did not report usage (an error, or a server that omits it).
    prompt_tokens: Mapped[int | None] = mapped_column(Integer)
    completion_tokens: Mapped[int | None] = mapped_column(Integer)

    # Both limits read one owner's calls since a moment.
    __table_args__ = (Index("ix_llm_calls_owner_called_at", "owner", "called_at"),)


llm_calls = LlmCallRow.__table__
