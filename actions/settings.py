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


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{PROJECT_ROOT / 'luna.db'}",
        database_timeout_seconds=float(os.environ.get("LUNA_DB_TIMEOUT_SECONDS", "5")),
    )
