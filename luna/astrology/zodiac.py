"""The fixed divisions of the sidereal zodiac: signs, nakshatras, padas, navamsas."""

SIGNS = (
    "Aries", "Taurus", "Gemini", "Cancer", "Leo", "Virgo",
    "Libra", "Scorpio", "Sagittarius", "Capricorn", "Aquarius", "Pisces",
)

SIGN_LORDS = (
    "Mars", "Venus", "Mercury", "Moon", "Sun", "Mercury",
    "Venus", "Mars", "Jupiter", "Saturn", "Saturn", "Jupiter",
)

NAKSHATRAS = (
    "Ashwini", "Bharani", "Krittika", "Rohini", "Mrigashira", "Ardra", "Punarvasu",
    "Pushya", "Ashlesha", "Magha", "Purva Phalguni", "Uttara Phalguni", "Hasta",
    "Chitra", "Swati", "Vishakha", "Anuradha", "Jyeshtha", "Mula", "Purva Ashadha",
    "Uttara Ashadha", "Shravana", "Dhanishta", "Shatabhisha", "Purva Bhadrapada",
    "Uttara Bhadrapada", "Revati",
)

# Vimshottari order and years (Brihat Parashara Hora Shastra, ch. 46): Ashwini is
# ruled by Ketu and the lords repeat every nine nakshatras.
DASHA_LORDS = ("Ketu", "Venus", "Sun", "Moon", "Mars", "Rahu", "Jupiter", "Saturn", "Mercury")
DASHA_YEARS = (7, 20, 6, 10, 7, 18, 16, 19, 17)

SIGN_SPAN = 30.0
NAKSHATRA_SPAN = 360.0 / 27.0
PADA_SPAN = NAKSHATRA_SPAN / 4.0
NAVAMSA_SPAN = SIGN_SPAN / 9.0


def sign_index(longitude: float) -> int:
    """0 = Aries ... 11 = Pisces."""
    return int(longitude // SIGN_SPAN) % 12


def nakshatra_index(longitude: float) -> int:
    """0 = Ashwini ... 26 = Revati."""
    return int(longitude // NAKSHATRA_SPAN) % 27


def pada(longitude: float) -> int:
    """Quarter of the nakshatra, 1..4."""
    return int(longitude // PADA_SPAN) % 4 + 1


def navamsa_sign_index(longitude: float) -> int:
    """D9 sign: the 108 navamsas run on continuously from 0° Aries, so the ninth part
    of each sign counts on from where the previous sign's last navamsa stopped."""
    return int(longitude // NAVAMSA_SPAN) % 12


def nakshatra_lord(index: int) -> str:
    return DASHA_LORDS[index % 9]


def whole_sign_house(sign: int, reference_sign: int) -> int:
    """Whole-sign house 1..12 of `sign` counted from `reference_sign` (the lagna, or the
    Moon sign for gochara): the reference sign itself is the 1st house."""
    return (sign - reference_sign) % 12 + 1


def sign_of_house(house: int, reference_sign: int) -> int:
    """The sign (0 = Aries) of whole-sign house `house` (1..12) counted from `reference_sign`."""
    return (reference_sign + house - 1) % 12


def sign_named(name: str) -> int:
    """Index of an English sign name, case-insensitive; ValueError if it is not one."""
    lowered = name.strip().lower()
    for index, sign in enumerate(SIGNS):
        if sign.lower() == lowered:
            return index
    raise ValueError(f"not a zodiac sign: {name!r}")
