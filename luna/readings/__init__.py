"""Luna's readings: the horoscope of a sign and predictions from a birth chart.

Pure functions on top of the astrology engine (no Rasa here): each returns a frozen
result with the astrological reasons and a short, phone-sized text whose words come
from content/readings/*.yml. Call `validate_all()` at start-up to check the content.
"""

from luna.content import ContentError

from .content import ReadingContent, load_content, validate_all
from .errors import ReadingInputError, UnknownPeriod, UnknownSign, UnknownTopic
from .horoscope import Change, Horoscope, horoscope
from .period import DEFAULT_LOCATION, PERIODS, Location
from .prediction import DashaWindow, Link, Prediction, predict
from .reply import MAX_TEXT_CHARS, Statement
from .topics import TOPICS

__all__ = [
    "DEFAULT_LOCATION", "MAX_TEXT_CHARS", "PERIODS", "TOPICS",
    "Change", "ContentError", "DashaWindow", "Horoscope", "Link", "Location", "Prediction",
    "ReadingContent", "ReadingInputError", "Statement", "UnknownPeriod", "UnknownSign", "UnknownTopic",
    "horoscope", "load_content", "predict", "validate_all",
]
