"""Classical gochara: how a planet's transit through each house from the natal Moon sign reads.

Source: Mantreswara, Phaladeepika ch. 26 (Gochara phala), the table most almanacs
and astrology programs follow; B. V. Raman, "Hindu Predictive Astrology" ch. on
transits, gives the same houses. Each planet is favourable in the houses below,
counted from the natal Moon sign (rashi), and unfavourable in the others.

Two choices made here, named so nobody has to guess:
- The Sun is favourable in 3, 6, 10 and 11 (Phaladeepika 26 includes the 10th;
  some modern summaries give it only 3, 6 and 11 like the other malefics).
- Rahu and Ketu are read like Saturn (3, 6 and 11), as Phaladeepika and most
  almanacs do; they neither cause nor suffer vedha, which the text defines for the
  seven planets only.

Vedha (obstruction), Phaladeepika 26: each favourable house has a partner house;
while another planet transits that partner house, the favourable result is held
back. There is no vedha between the Sun and Saturn, nor between the Moon and
Mercury (father and son). The reverse rule (vipareeta vedha, where a bad transit
is relieved by a planet in the favourable partner) is not applied: Luna only ever
softens good news with it, never promises relief it cannot explain simply.
"""

from __future__ import annotations

from typing import NamedTuple

# planet -> {favourable house: its vedha house}, Phaladeepika ch. 26.
# Venus' pairs for the 11th and 12th differ between editions (11-6/12-3 or 11-3/12-6);
# this follows B. V. Raman's and Shanker Adawal's tables (11-6, 12-3).
VEDHA: dict[str, dict[int, int]] = {
    "Sun": {3: 9, 6: 12, 10: 4, 11: 5},
    "Moon": {1: 5, 3: 9, 6: 12, 7: 2, 10: 4, 11: 8},
    "Mars": {3: 12, 6: 9, 11: 5},
    "Mercury": {2: 5, 4: 3, 6: 9, 8: 1, 10: 8, 11: 12},
    "Jupiter": {2: 12, 5: 4, 7: 3, 9: 10, 11: 8},
    "Venus": {1: 8, 2: 7, 3: 1, 4: 10, 5: 9, 8: 5, 9: 11, 11: 6, 12: 3},
    "Saturn": {3: 12, 6: 9, 11: 5},
    "Rahu": {3: 12, 6: 9, 11: 5},
    "Ketu": {3: 12, 6: 9, 11: 5},
}
FAVOURABLE_HOUSES: dict[str, frozenset[int]] = {planet: frozenset(pairs) for planet, pairs in VEDHA.items()}

# Only the seven planets take part in vedha; these pairs never obstruct each other.
_VEDHA_PLANETS = frozenset({"Sun", "Moon", "Mars", "Mercury", "Jupiter", "Venus", "Saturn"})
_NO_VEDHA_PAIRS = (frozenset({"Sun", "Saturn"}), frozenset({"Moon", "Mercury"}))


class GocharaResult(NamedTuple):
    planet: str
    house: int  # 1..12 from the natal Moon sign
    favourable: bool
    blocked_by: str | None  # the planet in the vedha house, when a favourable result is held back

    @property
    def effect(self) -> str:
        """"positive", "negative", or "neutral" for a good result held back by vedha."""
        if not self.favourable:
            return "negative"
        return "neutral" if self.blocked_by else "positive"

    @property
    def value(self) -> float:
        """+1 favourable, -1 unfavourable, 0 when vedha holds the good result back."""
        return {"positive": 1.0, "negative": -1.0, "neutral": 0.0}[self.effect]


def assess(planet: str, houses: dict[str, int]) -> GocharaResult:
    """The gochara result of `planet` given every planet's house from the Moon sign."""
    house = houses[planet]
    pairs = VEDHA[planet]
    if house not in pairs:
        return GocharaResult(planet, house, False, None)
    return GocharaResult(planet, house, True, _obstructer(planet, pairs[house], houses))


def _obstructer(planet: str, vedha_house: int, houses: dict[str, int]) -> str | None:
    if planet not in _VEDHA_PLANETS:
        return None
    for other, house in houses.items():
        if (
            other != planet
            and house == vedha_house
            and other in _VEDHA_PLANETS
            and frozenset({planet, other}) not in _NO_VEDHA_PAIRS
        ):
            return other
    return None
