"""A planet's dignity by sign: exalted, in its own sign, debilitated, or neither."""

from __future__ import annotations

from luna.astrology import SIGN_LORDS

# Exaltation signs (0 = Aries), Brihat Parashara Hora Shastra ch. 3 v. 49-50: Sun in
# Aries, Moon Taurus, Mars Capricorn, Mercury Virgo, Jupiter Cancer, Venus Pisces,
# Saturn Libra; each planet is debilitated in the sign opposite. Rahu and Ketu get no
# dignity here: the texts disagree on their signs (Taurus or Gemini for Rahu), so
# Luna makes no claim about them.
EXALTATION = {"Sun": 0, "Moon": 1, "Mars": 9, "Mercury": 5, "Jupiter": 3, "Venus": 11, "Saturn": 6}

DIGNITIES = ("exalted", "own", "debilitated", "neutral")


def dignity(planet: str, sign: int) -> str:
    """One of DIGNITIES. Exaltation wins over own sign (Mercury in Virgo is exalted)."""
    exaltation = EXALTATION.get(planet)
    if exaltation is None:
        return "neutral"
    if sign == exaltation:
        return "exalted"
    if sign == (exaltation + 6) % 12:
        return "debilitated"
    if SIGN_LORDS[sign] == planet:
        return "own"
    return "neutral"
