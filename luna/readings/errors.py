"""What the readings raise: bad requests (shown to the user) and broken content (stops start-up)."""

from __future__ import annotations

from luna.astrology import InputError


class ReadingInputError(InputError):
    """A reading was asked for something that does not exist; the message can be shown as is."""


class UnknownSign(ReadingInputError):
    """Not one of the twelve signs."""


class UnknownPeriod(ReadingInputError):
    """Not one of SPEC's periods: today, tomorrow, week, month, year."""


class UnknownTopic(ReadingInputError):
    """Not one of SPEC's topics: career, love, marriage, health, finance, education, family, travel."""
