"""The one exception the profile store raises when the database fails it."""

from __future__ import annotations


class ProfileStoreError(RuntimeError):
    """The database could not be reached or refused the operation.

    The message is safe to log: it names the operation and the kind of failure, never the SQL,
    the user's data or the database password. The original exception is chained as
    ``__cause__`` for the logs. Callers answer the user with something like "I couldn't reach
    my memory" rather than showing this message.
    """

    def __init__(self, message: str, *, operation: str, timed_out: bool = False) -> None:
        super().__init__(message)
        self.operation = operation
        self.timed_out = timed_out
