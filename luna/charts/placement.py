"""Which sign and house each body occupies in a divisional chart, and how it is written."""

from __future__ import annotations

from typing import NamedTuple

from luna.astrology import LAGNA, Chart, Position, whole_sign_house

VARGAS = ("D1", "D9")

# The two-letter abbreviations of every Indian chart; "Asc" marks the lagna.
ABBREVIATIONS = {
    LAGNA: "Asc", "Sun": "Su", "Moon": "Mo", "Mars": "Ma", "Mercury": "Me",
    "Jupiter": "Ju", "Venus": "Ve", "Saturn": "Sa", "Rahu": "Ra", "Ketu": "Ke",
}
RETROGRADE_MARK = "(R)"
# The nodes move backwards as a rule, so charts never mark them (the true node's brief
# direct spells are not what a reader of "(R)" is looking for).
_NEVER_MARKED = {LAGNA, "Rahu", "Ketu"}


class Placed(NamedTuple):
    """A body (or the lagna) as it appears in one divisional chart."""

    body: str  # "Lagna", "Sun", ...
    sign: int  # 0 = Aries, in this varga
    house: int  # 1..12, whole-sign from this varga's lagna
    retrograde: bool  # marked in the chart (never for the lagna or the nodes)
    degree: float | None  # degree in the D1 sign; None in D9, whose degrees nobody reads

    def label(self, show_degrees: bool = False) -> str:
        text = ABBREVIATIONS[self.body]
        if show_degrees and self.degree is not None:
            text += f" {int(self.degree)}°"
        return text + RETROGRADE_MARK if self.retrograde else text


def check_varga(varga: str) -> None:
    if varga not in VARGAS:
        raise ValueError(f"unknown varga {varga!r}; Luna draws {', '.join(VARGAS)}")


def varga_sign(position: Position, varga: str) -> int:
    """D1: the sign itself; D9: the navamsa sign."""
    return position.sign if varga == "D1" else position.navamsa


def place_bodies(chart: Chart, varga: str) -> tuple[Placed, ...]:
    """The lagna first, then the nine grahas in the engine's order (Sun ... Ketu)."""
    check_varga(varga)
    lagna_sign = varga_sign(chart.lagna, varga)
    placed = []
    for position in (chart.lagna, *chart.planets):
        sign = varga_sign(position, varga)
        placed.append(Placed(
            body=position.name,
            sign=sign,
            house=whole_sign_house(sign, lagna_sign),
            retrograde=position.retrograde and position.name not in _NEVER_MARKED,
            degree=position.degree_in_sign if varga == "D1" else None,
        ))
    return tuple(placed)
