"""Per-provider circuit breaker: after repeated failures, skip a dead provider for a while
instead of paying its timeout on every user's turn."""

from __future__ import annotations

import time
from collections.abc import Callable


class CircuitBreaker:
    def __init__(
        self,
        failure_threshold: int = 3,
        reset_after: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failure_threshold = failure_threshold
        self.reset_after = reset_after
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    def allows_call(self) -> bool:
        """Closed, or open long enough that one trial call (half-open) may go through."""
        if self._opened_at is None:
            return True
        return self._clock() - self._opened_at >= self.reset_after

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None

    def record_failure(self) -> None:
        self._failures += 1
        if self._failures >= self.failure_threshold:
            # (Re)open: a failed half-open trial restarts the wait.
            self._opened_at = self._clock()
