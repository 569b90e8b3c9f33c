"""The action server's configuration, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    # One SQLAlchemy URL for Luna's tables and Rasa's tracker store (SPEC: DATABASE_URL);
    # unset means a SQLite file in the project.
    database_url: str
    # Every database call gives up after this long rather than hold a user's turn.
    database_timeout_seconds: float
    # Rendered kundli pictures (luna/charts): where they are kept, the address the
    # action server is reached at from outside (the chart URLs sent to users start
    # with it), and the secret mixed into their names so that nobody who knows a
    # birth can work out the URL of its picture (unset: a random one kept in chart_dir).
    chart_dir: Path
    public_url: str
    chart_salt: str | None
    # Rasa's tracker store (stores/) at start-up waits this long for the database, then
    # stops the server with a clear error rather than retry forever.
    database_startup_seconds: float = 60.0
    # Conversations (tracker events) older than this are deleted; 0 keeps them forever.
    # Luna needs only the current session (60 minutes); a month leaves time to look into
    # a reported problem, and birth details stay in the profile, not in the history.
    conversation_retention_days: float = 30.0
    # Free-form questions answered by the LLM (luna/profiles/usage.py): each person may ask
    # this many a minute, and spend this many tokens (prompt + completion) a UTC day; past
    # either, the knowledge base answers.
    llm_questions_per_minute: int = 6
    llm_daily_tokens: int = 40_000


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{PROJECT_ROOT / 'luna.db'}",
        database_timeout_seconds=float(os.environ.get("LUNA_DB_TIMEOUT_SECONDS", "5")),
        chart_dir=Path(os.environ.get("LUNA_CHART_DIR") or PROJECT_ROOT / "var" / "charts"),
        public_url=(
            os.environ.get("LUNA_PUBLIC_URL") or f"http://localhost:{os.environ.get('ACTIONS_PORT') or 5055}"
        ).rstrip("/"),
        chart_salt=os.environ.get("LUNA_CHART_SALT") or None,
        database_startup_seconds=float(os.environ.get("LUNA_DB_STARTUP_SECONDS") or 60),
        conversation_retention_days=_non_negative(
            "LUNA_CONVERSATION_RETENTION_DAYS", os.environ.get("LUNA_CONVERSATION_RETENTION_DAYS") or "30"),
        llm_questions_per_minute=_positive_int(
            "LUNA_LLM_QUESTIONS_PER_MINUTE", os.environ.get("LUNA_LLM_QUESTIONS_PER_MINUTE") or "6"),
        llm_daily_tokens=_positive_int("LUNA_LLM_DAILY_TOKENS", os.environ.get("LUNA_LLM_DAILY_TOKENS") or "40000"),
    )


def _non_negative(name: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number >= 0:  # also refuses NaN
        raise ValueError(f"{name} must be a number of days, 0 or more (0 keeps conversations forever), not {value!r}")
    return number


def _positive_int(name: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise ValueError(f"{name} must be a whole number, 1 or more, not {value!r}")
    return number
