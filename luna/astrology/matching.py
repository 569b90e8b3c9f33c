"""Ashtakoota (36-point guna milan) and kuja dosha, North Indian convention.

Everything is read from the two sidereal Moon longitudes: the Moon's sign gives
varna, vashya (with the half-sign split of Sagittarius and Capricorn), graha maitri
and bhakoot; its nakshatra gives tara, yoni, gana and nadi.

The points are the raw classical scores. Cancellations (parihara) of a zero in
gana, bhakoot or nadi are only *listed* in the koota's note, never added to the
points: which exceptions apply is disputed between the texts and is a judgement
for the astrologer, not for the table.

Sources, cited table by table below. Short forms used:
  MC    Muhurta Chintamani of Daivajna Rama, Vivaha prakarana (verse numbers as
        quoted by Muhurtaraj).
  MR    Muhurtaraj (Hindi muhurta compendium, digitised at
        jainqq.org/explore/001933), which quotes MC, Shighra Bodha and Daivajna
        Manohar on the kootas; page numbers are the book's printed ones.
  BJ    Nemichandra Shastri, "Bharatiya Jyotish" (Bharatiya Jnanpith), chapter on
        melapaka, with the worked example Indumati (girl) / Chandravansh (boy)
        (jainqq.org/explore/002676/476-482).
  BPHS  Brihat Parashara Hora Shastra, ch. 3 (natural friendships).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from luna.observability.metrics import timed_engine

from .zodiac import (
    NAKSHATRAS,
    SIGN_LORDS,
    SIGN_SPAN,
    SIGNS,
    nakshatra_index,
    pada,
    sign_index,
    whole_sign_house,
)

KOOTA_NAMES = ("varna", "vashya", "tara", "yoni", "graha_maitri", "gana", "bhakoot", "nadi")
MAX_POINTS = {
    "varna": 1.0, "vashya": 2.0, "tara": 3.0, "yoni": 4.0,
    "graha_maitri": 5.0, "gana": 6.0, "bhakoot": 7.0, "nadi": 8.0,
}
TOTAL_MAX = 36.0


@dataclass(frozen=True, slots=True)
class Koota:
    """One of the eight tests. `boy` and `girl` name the category each side falls in."""

    name: str
    points: float
    max_points: float
    boy: str
    girl: str
    note: str


@dataclass(frozen=True, slots=True)
class Ashtakoota:
    kootas: tuple[Koota, ...]
    total: float
    max: float = TOTAL_MAX

    @property
    def points(self) -> dict[str, float]:
        """{"varna": 1.0, "vashya": 2.0, ...} in the classical order."""
        return {koota.name: koota.points for koota in self.kootas}

    def koota(self, name: str) -> Koota:
        for koota in self.kootas:
            if koota.name == name:
                return koota
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Manglik:
    is_manglik: bool
    from_lagna: int
    from_moon: int
    reasons: tuple[str, ...]


# ---------------------------------------------------------------------------
# 1. Varna (1 point)
#
# Shighra Bodha, quoted in MR p. 24: "mīnālikarkaṭā viprāḥ kṣatriyo 'jo harir
# dhanuḥ / śūdro yugmaṃ tulākumbhau vaiśyaḥ kanyā mṛgo vṛṣaḥ // varasya varṇato
# 'dhikā vadhūr na śasyate budhaiḥ" - the bride's varna must not exceed the
# groom's. Same table in BJ ("varna gun bodhak chakra").

VARNAS = ("Brahmin", "Kshatriya", "Vaishya", "Shudra")  # highest first
# Varna index per sign, Aries first: the water signs are Brahmin, fire Kshatriya,
# earth Vaishya, air Shudra.
SIGN_VARNA = (1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0)


def _varna(boy_sign: int, girl_sign: int) -> Koota:
    boy, girl = SIGN_VARNA[boy_sign], SIGN_VARNA[girl_sign]
    # A lower index is a higher varna: the boy must be equal or higher.
    points = 1.0 if boy <= girl else 0.0
    note = (f"{SIGNS[boy_sign]} is {VARNAS[boy]}, {SIGNS[girl_sign]} is {VARNAS[girl]}; "
            + ("the boy's varna is equal or higher" if points else "the girl's varna is higher"))
    return Koota("varna", points, MAX_POINTS["varna"], VARNAS[boy], VARNAS[girl], note)


# ---------------------------------------------------------------------------
# 2. Vashya (2 points)
#
# Categories: MC 23 ("hitvā mṛgendraṃ nararāśivaśyāḥ ...") with the sign
# classification tabulated in MR p. 25: Sagittarius first half biped (human),
# second half quadruped; Capricorn first half quadruped, second half water.
# Aries, Taurus quadruped; Gemini, Virgo, Libra, Aquarius human; Cancer, Pisces
# water; Leo wild; Scorpio insect (the five-way grouping of the matching software).

CHATUSHPADA, MANAVA, JALACHARA, VANACHARA, KEETA = range(5)
VASHYA_NAMES = (
    "Chatushpada (quadruped)", "Manava (human)", "Jalachara (water)",
    "Vanachara (wild)", "Keeta (insect)",
)
# Aries..Pisces; None marks the two signs split at 15 degrees (see _vashya_group).
SIGN_VASHYA = (
    CHATUSHPADA, CHATUSHPADA, MANAVA, JALACHARA, VANACHARA, MANAVA,
    MANAVA, KEETA, None, None, MANAVA, JALACHARA,
)
SPLIT_VASHYA = {8: (MANAVA, CHATUSHPADA), 9: (CHATUSHPADA, JALACHARA)}  # (first, second half)

# Boy's category = row, girl's = column, order as VASHYA_NAMES. This is the
# symmetric 5x5 table reproduced by most North Indian matching programs; no
# printed primary table was available to check it against, so it is justified
# from MC 23 instead, which defines relations between the categories, not between
# bride and groom: same category 2; the human signs "eat" the water signs and the
# lion the quadrupeds (bhakshya) 1/2; man and lion, lion and scorpion are hostile
# 0; every other pair 1. Published variants differ mainly in the Vanachara row
# (e.g. PyJHora's "saravali" and "astroyogi" tables), hence one table, one place.
VASHYA_TABLE = (
    (2.0, 1.0, 1.0, 0.5, 1.0),
    (1.0, 2.0, 0.5, 0.0, 1.0),
    (1.0, 0.5, 2.0, 1.0, 1.0),
    (0.5, 0.0, 1.0, 2.0, 0.0),
    (1.0, 1.0, 1.0, 0.0, 2.0),
)


def vashya_group(longitude: float) -> int:
    """Vashya category of a Moon longitude; the half-sign matters for Sag and Cap."""
    sign = sign_index(longitude)
    fixed = SIGN_VASHYA[sign]
    if fixed is not None:
        return fixed
    first_half, second_half = SPLIT_VASHYA[sign]
    return first_half if longitude % SIGN_SPAN < SIGN_SPAN / 2 else second_half


def _vashya(boy_moon: float, girl_moon: float) -> Koota:
    boy, girl = vashya_group(boy_moon), vashya_group(girl_moon)
    points = VASHYA_TABLE[boy][girl]
    note = (f"{_where(boy_moon)} is {VASHYA_NAMES[boy]}, "
            f"{_where(girl_moon)} is {VASHYA_NAMES[girl]}")
    return Koota("vashya", points, MAX_POINTS["vashya"], VASHYA_NAMES[boy], VASHYA_NAMES[girl], note)


# ---------------------------------------------------------------------------
# 3. Tara (3 points)
#
# BJ p. "tara vichar": count from the girl's nakshatra to the boy's AND from the
# boy's to the girl's, divide each count by 9; the remainder is the tara (a
# remainder of 0 is the 9th). MC 12 of the Gochara prakarana (MR p. 55) names the
# nine: Janma, Sampat, Vipat, Kshema, Pratyari, Sadhaka, Vadha, Mitra,
# Ati-mitra; the 3rd, 5th and 7th are the inauspicious ones. Each auspicious
# direction is worth 1.5, as in BJ's worked example (7th one way, 4th the other
# = 1.5 gunas).

TARA_NAMES = ("Janma", "Sampat", "Vipat", "Kshema", "Pratyari", "Sadhaka", "Vadha",
              "Mitra", "Ati-mitra")
INAUSPICIOUS_TARAS = frozenset({3, 5, 7})
TARA_POINTS_PER_DIRECTION = 1.5


def tara_number(from_nakshatra: int, to_nakshatra: int) -> int:
    """Tara 1..9 of `to_nakshatra` counted from `from_nakshatra`, counting inclusively
    (the starting nakshatra itself is the 1st)."""
    count = (to_nakshatra - from_nakshatra) % 27 + 1   # 1..27
    return (count - 1) % 9 + 1                          # remainder 0 becomes 9


def _tara(boy_nak: int, girl_nak: int) -> Koota:
    # Direction made explicit: first from the girl's star to the boy's, then back.
    girl_to_boy = tara_number(girl_nak, boy_nak)
    boy_to_girl = tara_number(boy_nak, girl_nak)
    points = sum(TARA_POINTS_PER_DIRECTION for tara in (girl_to_boy, boy_to_girl)
                 if tara not in INAUSPICIOUS_TARAS)
    note = (f"from the girl's {NAKSHATRAS[girl_nak]} the boy's star is tara {_tara_label(girl_to_boy)}; "
            f"from the boy's {NAKSHATRAS[boy_nak]} the girl's star is tara {_tara_label(boy_to_girl)}")
    return Koota("tara", points, MAX_POINTS["tara"], NAKSHATRAS[boy_nak], NAKSHATRAS[girl_nak], note)


def _tara_label(tara: int) -> str:
    verdict = "inauspicious" if tara in INAUSPICIOUS_TARAS else "auspicious"
    return f"{tara} {TARA_NAMES[tara - 1]} ({verdict})"


# ---------------------------------------------------------------------------
# 4. Yoni (4 points)
#
# Animals per nakshatra: MC (MR p. 26, "aśvinyambupayor hayo nigaditaḥ
# svātyarkayoḥ kāsaraḥ ...") and BJ "yoni-jnanavidhi"; Abhijit (mongoose) is not
# one of the 27. Grades: Daivajna Manohar quoted in MR p. 27, "mahāvaire ca vaire
# ca svabhāve ca yathākramam / maitre caivātimaitre ca khendudvitricaturguṇāḥ"
# = 0 sworn enemies, 1 enemies, 2 neutral, 3 friends, 4 same yoni. The seven
# sworn-enemy pairs (Narada Samhita 29.139; BJ "yonivaira"): horse-buffalo,
# elephant-lion, sheep-monkey, serpent-mongoose, dog-deer, cat-rat, cow-tiger.
# The 1/2/3 grades are the symmetric 14x14 table reproduced by most North Indian
# matching programs (not checked against a printed primary table); one variant
# (PyJHora) scores horse-deer 1, not 3.

YONI_NAMES = (
    "Ashva (horse)", "Gaja (elephant)", "Mesha (sheep)", "Sarpa (serpent)",
    "Shvana (dog)", "Marjara (cat)", "Mushaka (rat)", "Go (cow)", "Mahisha (buffalo)",
    "Vyaghra (tiger)", "Mriga (deer)", "Vanara (monkey)", "Nakula (mongoose)",
    "Simha (lion)",
)
HORSE, ELEPHANT, SHEEP, SERPENT, DOG, CAT, RAT, COW, BUFFALO, TIGER, DEER, MONKEY, MONGOOSE, LION = range(14)
NAKSHATRA_YONI = (
    HORSE, ELEPHANT, SHEEP, SERPENT, SERPENT, DOG, CAT,             # Ashwini..Punarvasu
    SHEEP, CAT, RAT, RAT, COW, BUFFALO, TIGER,                       # Pushya..Chitra
    BUFFALO, TIGER, DEER, DEER, DOG, MONKEY, MONGOOSE,               # Swati..Uttara Ashadha
    MONKEY, LION, HORSE, LION, COW, ELEPHANT,                        # Shravana..Revati
)
SWORN_ENEMY_YONIS = frozenset({
    frozenset({HORSE, BUFFALO}), frozenset({ELEPHANT, LION}), frozenset({SHEEP, MONKEY}),
    frozenset({SERPENT, MONGOOSE}), frozenset({DOG, DEER}), frozenset({CAT, RAT}),
    frozenset({COW, TIGER}),
})
YONI_TABLE = (
    # Hor Ele She Ser Dog Cat Rat Cow Buf Tig Dee Mon Mgs Lio
    (4, 2, 2, 3, 2, 2, 2, 1, 0, 1, 3, 3, 2, 1),   # horse
    (2, 4, 3, 3, 2, 2, 2, 2, 3, 1, 2, 3, 2, 0),   # elephant
    (2, 3, 4, 2, 1, 2, 1, 3, 3, 1, 2, 0, 3, 1),   # sheep
    (3, 3, 2, 4, 2, 1, 1, 1, 1, 2, 2, 2, 0, 2),   # serpent
    (2, 2, 1, 2, 4, 2, 1, 2, 2, 1, 0, 2, 1, 1),   # dog
    (2, 2, 2, 1, 2, 4, 0, 2, 2, 1, 3, 3, 2, 1),   # cat
    (2, 2, 1, 1, 1, 0, 4, 2, 2, 2, 2, 2, 1, 2),   # rat
    (1, 2, 3, 1, 2, 2, 2, 4, 3, 0, 3, 2, 2, 1),   # cow
    (0, 3, 3, 1, 2, 2, 2, 3, 4, 1, 2, 2, 2, 1),   # buffalo
    (1, 1, 1, 2, 1, 1, 2, 0, 1, 4, 1, 1, 2, 1),   # tiger
    (3, 2, 2, 2, 0, 3, 2, 3, 2, 1, 4, 2, 2, 1),   # deer
    (3, 3, 0, 2, 2, 3, 2, 2, 2, 1, 2, 4, 3, 2),   # monkey
    (2, 2, 3, 0, 1, 2, 1, 2, 2, 2, 2, 3, 4, 2),   # mongoose
    (1, 0, 1, 2, 1, 1, 2, 1, 1, 1, 1, 2, 2, 4),   # lion
)
YONI_GRADES = ("sworn enemies", "enemies", "neutral", "friends", "same yoni")


def _yoni(boy_nak: int, girl_nak: int) -> Koota:
    boy, girl = NAKSHATRA_YONI[boy_nak], NAKSHATRA_YONI[girl_nak]
    points = YONI_TABLE[boy][girl]
    note = (f"{NAKSHATRAS[boy_nak]} is {YONI_NAMES[boy]}, {NAKSHATRAS[girl_nak]} is "
            f"{YONI_NAMES[girl]}: {YONI_GRADES[points]}")
    return Koota("yoni", float(points), MAX_POINTS["yoni"], YONI_NAMES[boy], YONI_NAMES[girl], note)


# ---------------------------------------------------------------------------
# 5. Graha maitri (5 points)
#
# Natural (naisargika) friendship of the Moon-sign lords, BPHS ch. 3. Grades:
# Daivajna Manohar quoted in MR p. 28, "tatraikādhipatitve ca mitratve
# guṇapañcakam / catvāraḥ samamitratve dvayoḥ sāmye trayo guṇāḥ / mitravaire
# guṇaś caikaḥ samavaire guṇārdhakam / parasparaṃ kheṭavaire guṇaśūnyam" -
# same lord or mutual friends 5, friend-neutral 4, neutral-neutral 3,
# friend-enemy 1, neutral-enemy 1/2, mutual enemies 0. Derived from the
# friendship lists rather than copied as a 7x7 grid, so there is one table to get
# right; the test compares the result with MR's printed grid (p. 29).

FRIEND, NEUTRAL, ENEMY = "friend", "neutral", "enemy"
NATURAL_FRIENDS = {
    "Sun": ("Moon", "Mars", "Jupiter"),
    "Moon": ("Sun", "Mercury"),
    "Mars": ("Sun", "Moon", "Jupiter"),
    "Mercury": ("Sun", "Venus"),
    "Jupiter": ("Sun", "Moon", "Mars"),
    "Venus": ("Mercury", "Saturn"),
    "Saturn": ("Mercury", "Venus"),
}
NATURAL_ENEMIES = {
    "Sun": ("Venus", "Saturn"),
    "Moon": (),
    "Mars": ("Mercury",),
    "Mercury": ("Moon",),
    "Jupiter": ("Mercury", "Venus"),
    "Venus": ("Sun", "Moon"),
    "Saturn": ("Sun", "Moon", "Mars"),
}
MAITRI_POINTS = {
    frozenset({FRIEND}): 5.0,
    frozenset({FRIEND, NEUTRAL}): 4.0,
    frozenset({NEUTRAL}): 3.0,
    frozenset({FRIEND, ENEMY}): 1.0,
    frozenset({NEUTRAL, ENEMY}): 0.5,
    frozenset({ENEMY}): 0.0,
}


def natural_relation(planet: str, other: str) -> str:
    """How `planet` regards `other` (BPHS ch. 3); the relation need not be mutual."""
    if other in NATURAL_FRIENDS[planet]:
        return FRIEND
    if other in NATURAL_ENEMIES[planet]:
        return ENEMY
    return NEUTRAL


def maitri_points(boy_lord: str, girl_lord: str) -> float:
    if boy_lord == girl_lord:
        return 5.0  # ekadhipatya: one lord rules both Moon signs
    views = frozenset({natural_relation(boy_lord, girl_lord), natural_relation(girl_lord, boy_lord)})
    return MAITRI_POINTS[views]


def _graha_maitri(boy_sign: int, girl_sign: int) -> Koota:
    boy, girl = SIGN_LORDS[boy_sign], SIGN_LORDS[girl_sign]
    if boy == girl:
        relation = f"both Moon signs are ruled by {boy}"
    else:
        relation = (f"{boy} holds {girl} a {natural_relation(boy, girl)}, "
                    f"{girl} holds {boy} a {natural_relation(girl, boy)}")
    return Koota("graha_maitri", maitri_points(boy, girl), MAX_POINTS["graha_maitri"], boy, girl, relation)


# ---------------------------------------------------------------------------
# 6. Gana (6 points)
#
# Membership: BJ's "gana bodhak chakra", the same nine-nine-nine lists as the
# verse "divyo gaṇaḥ kila punarvasu-puṣya-hasta-svāty-aśvinī-śravaṇa-pauṣṇa-
# mṛgānurādhāḥ / syān mānuṣas tu bharaṇī-kamalāsana-ṛkṣaṃ pūrvottarā-tritayaṃ
# śaṅkaradaivataṃ ca / rakṣogaṇaḥ ..." (quoted in a Gujarati muhurta manual,
# jainqq.org/explore/011638/459): same gana best, deva-manushya middling,
# deva-rakshasa strife, manushya-rakshasa death.
# Points, boy's gana = row, girl's = column (Deva, Manushya, Rakshasa): BJ's
# "gana-gun bodhak chakra" and worked example (boy Deva, girl Rakshasa = 0), and
# the example in jainqq.org/explore/009373/152 (boy Manushya, girl Deva = 5).
# Some tables (e.g. Future Point's "Horoscope Matching") give the Deva boy with a
# Rakshasa girl 1; this module follows BJ's 0.

GANAS = ("Deva", "Manushya", "Rakshasa")
DEVA, MANUSHYA, RAKSHASA = range(3)
NAKSHATRA_GANA = (
    DEVA, MANUSHYA, RAKSHASA, MANUSHYA, DEVA, MANUSHYA, DEVA,       # Ashwini..Punarvasu
    DEVA, RAKSHASA, RAKSHASA, MANUSHYA, MANUSHYA, DEVA, RAKSHASA,   # Pushya..Chitra
    DEVA, RAKSHASA, DEVA, RAKSHASA, RAKSHASA, MANUSHYA, MANUSHYA,   # Swati..Uttara Ashadha
    DEVA, RAKSHASA, RAKSHASA, MANUSHYA, MANUSHYA, DEVA,             # Shravana..Revati
)
GANA_TABLE = (
    (6.0, 6.0, 0.0),   # boy Deva
    (5.0, 6.0, 0.0),   # boy Manushya
    (1.0, 0.0, 6.0),   # boy Rakshasa
)


def _gana(boy_nak: int, girl_nak: int, maitri: float, bhakoot: float) -> Koota:
    boy, girl = NAKSHATRA_GANA[boy_nak], NAKSHATRA_GANA[girl_nak]
    points = GANA_TABLE[boy][girl]
    note = f"{NAKSHATRAS[boy_nak]} is {GANAS[boy]}, {NAKSHATRAS[girl_nak]} is {GANAS[girl]}"
    if points < MAX_POINTS["gana"] / 2:
        # Garga (Piyushadhara on MC, quoted in MR p. 31): when the Moon-sign lords are
        # one or mutual friends and the bhakoot is good, the gana dosha does not bite.
        applies = maitri == MAX_POINTS["graha_maitri"] and bhakoot == MAX_POINTS["bhakoot"]
        note += ("; gana dosha (Garga's exception - same or mutually friendly sign lords and "
                 "a good bhakoot - " + ("is met" if applies else "is not met")
                 + "; not applied to the points)")
    return Koota("gana", points, MAX_POINTS["gana"], GANAS[boy], GANAS[girl], note)


# ---------------------------------------------------------------------------
# 7. Bhakoot (7 points)
#
# MC 31 (MR p. 31): "mṛtyuḥ ṣaṣṭhāṣṭake jñeyo 'patyahānir navātmaje /
# dvirdvādaśe nirdhanatvaṃ dvayor anyatra saukhyakṛt" - 6/8 death, 5/9 loss of
# children, 2/12 poverty, every other distance good. 7 points when good (MR p. 34;
# BJ "bhakoot-gun bodhak chakra").

INAUSPICIOUS_BHAKOOT = {
    frozenset({6, 8}): "6/8 (shadashtaka)",
    frozenset({5, 9}): "5/9 (nava-panchama)",
    frozenset({2, 12}): "2/12 (dvirdvadasha)",
}


def _bhakoot(boy_sign: int, girl_sign: int) -> Koota:
    boy_to_girl = whole_sign_house(girl_sign, boy_sign)   # girl's sign counted from the boy's
    girl_to_boy = whole_sign_house(boy_sign, girl_sign)
    dosha = INAUSPICIOUS_BHAKOOT.get(frozenset({boy_to_girl, girl_to_boy}))
    points = 0.0 if dosha else MAX_POINTS["bhakoot"]
    note = f"the Moon signs are {boy_to_girl}/{girl_to_boy} from each other"
    if dosha:
        note += (f": {dosha} bhakoot dosha (cancelled by some authorities when the sign lords "
                 "are the same or mutual friends; not applied to the points)")
    return Koota("bhakoot", points, MAX_POINTS["bhakoot"], SIGNS[boy_sign], SIGNS[girl_sign], note)


# ---------------------------------------------------------------------------
# 8. Nadi (8 points)
#
# MC 34 (MR p. 34): "jyeṣṭhāryamṇeśanīrādhipabhayugayugaṃ dāsrabhaṃ caikanāḍī /
# puṣyendutvāṣṭramitrāntakavasujalabhaṃ yonibudhnye ca madhyā / vāyvagnivyāla-
# viśvoḍuyugayugam atho pauṣṇabhaṃ cāparā syāt" - the zig-zag Adi, Madhya,
# Antya, Antya, Madhya, Adi, ... from Ashwini. Same nadi 0, different 8.

NADIS = ("Adi", "Madhya", "Antya")
_NADI_ZIGZAG = (0, 1, 2, 2, 1, 0)


def nadi_of(nakshatra: int) -> int:
    return _NADI_ZIGZAG[nakshatra % 6]


def _nadi(boy_moon: float, girl_moon: float) -> Koota:
    boy_nak, girl_nak = nakshatra_index(boy_moon), nakshatra_index(girl_moon)
    boy, girl = nadi_of(boy_nak), nadi_of(girl_nak)
    points = 0.0 if boy == girl else MAX_POINTS["nadi"]
    note = f"{NAKSHATRAS[boy_nak]} is {NADIS[boy]} nadi, {NAKSHATRAS[girl_nak]} is {NADIS[girl]} nadi"
    if boy == girl:
        note += "; nadi dosha"
        exception = _nadi_exception(boy_moon, girl_moon)
        if exception:
            note += f" (exception cited by some texts: {exception}; not applied to the points)"
    return Koota("nadi", points, MAX_POINTS["nadi"], NADIS[boy], NADIS[girl], note)


def _nadi_exception(boy_moon: float, girl_moon: float) -> str:
    same_sign = sign_index(boy_moon) == sign_index(girl_moon)
    same_star = nakshatra_index(boy_moon) == nakshatra_index(girl_moon)
    if same_star and pada(boy_moon) != pada(girl_moon):
        return "same nakshatra, different pada"
    if same_star and not same_sign:
        return "same nakshatra, different Moon sign"
    if same_sign and not same_star:
        return "same Moon sign, different nakshatra"
    return ""


# ---------------------------------------------------------------------------


@timed_engine("matching")  # luna_engine_seconds (luna/observability/metrics.py)
def ashtakoota(boy_moon: float, girl_moon: float) -> Ashtakoota:
    """The eight kootas for two sidereal Moon longitudes (degrees)."""
    boy_moon, girl_moon = _normalised(boy_moon), _normalised(girl_moon)
    boy_sign, girl_sign = sign_index(boy_moon), sign_index(girl_moon)
    boy_nak, girl_nak = nakshatra_index(boy_moon), nakshatra_index(girl_moon)
    maitri = _graha_maitri(boy_sign, girl_sign)
    bhakoot = _bhakoot(boy_sign, girl_sign)
    kootas = (
        _varna(boy_sign, girl_sign),
        _vashya(boy_moon, girl_moon),
        _tara(boy_nak, girl_nak),
        _yoni(boy_nak, girl_nak),
        maitri,
        _gana(boy_nak, girl_nak, maitri.points, bhakoot.points),
        bhakoot,
        _nadi(boy_moon, girl_moon),
    )
    return Ashtakoota(kootas=kootas, total=sum(koota.points for koota in kootas))


# ---------------------------------------------------------------------------
# Manglik (kuja dosha)
#
# "lagne vyaye ca pātāle jāmitre cāṣṭame kuje / kanyā bhartur vināśāya bhartuḥ
# kanyā vinaśyati" gives houses 1, 12, 4, 7, 8; the Deva Keralam (South Indian)
# form "dhane vyaye ca pātāle ..." adds the 2nd, and the usual North Indian
# practice takes the union 1, 2, 4, 7, 8, 12 (verses as quoted in e.g.
# jainqq.org/explore/011638/369 and chilakamarthi.com/kuja-dosha-manglik).
# B.V. Raman counts the houses from the lagna, from the Moon and from Venus; this
# API is given the lagna and the Moon, and reports the two counts separately.
# Cancellations (Mars in its own sign, both partners manglik, ...) are left to
# the caller.

MANGLIK_HOUSES = frozenset({1, 2, 4, 7, 8, 12})


def manglik(mars_sign: int, lagna_sign: int, moon_sign: int) -> Manglik:
    for label, sign in (("mars_sign", mars_sign), ("lagna_sign", lagna_sign), ("moon_sign", moon_sign)):
        if not isinstance(sign, int) or not 0 <= sign < 12:
            raise ValueError(f"{label} must be a sign index 0..11, got {sign!r}")
    from_lagna = whole_sign_house(mars_sign, lagna_sign)
    from_moon = whole_sign_house(mars_sign, moon_sign)
    reasons = tuple(
        f"Mars in {SIGNS[mars_sign]} is in house {house} from the {reference} ({SIGNS[base]})"
        for reference, base, house in (("lagna", lagna_sign, from_lagna), ("Moon", moon_sign, from_moon))
        if house in MANGLIK_HOUSES
    )
    return Manglik(bool(reasons), from_lagna, from_moon, reasons)


# ---------------------------------------------------------------------------
# Meaning of a total
#
# The traditional minimum is 18 of 36 ("more than half"): the worked example at
# jainqq.org/explore/009373/154 calls 19.5 gunas acceptable on points (but vetoes
# it for nadi dosha). The finer bands are the convention of popular North Indian
# matching software, not of a classical text, and vary between programs.

INTERPRETATION_BANDS = (
    (18.0, "not recommended (below 18 of 36)"),
    (25.0, "average, acceptable (18-24 of 36)"),
    (33.0, "good (25-32 of 36)"),
    (TOTAL_MAX + 0.5, "excellent (33-36 of 36)"),
)


def interpret_total(total: float) -> str:
    if not isinstance(total, int | float) or not 0.0 <= total <= TOTAL_MAX:
        raise ValueError(f"an ashtakoota total lies in 0..36, got {total!r}")
    for upper, meaning in INTERPRETATION_BANDS:
        if total < upper:
            return meaning
    raise AssertionError("unreachable")


# ---------------------------------------------------------------------------


def _normalised(longitude: float) -> float:
    if not isinstance(longitude, int | float) or not math.isfinite(longitude):
        raise ValueError(f"a Moon longitude must be a finite number of degrees, got {longitude!r}")
    return longitude % 360.0


def _where(longitude: float) -> str:
    return f"{SIGNS[sign_index(longitude)]} {longitude % SIGN_SPAN:.2f}°"
