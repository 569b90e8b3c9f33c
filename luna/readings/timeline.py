"""The sky over a period, counted from a Moon sign: stretches of unchanging signs and their gochara.

Between two ingresses every planet keeps its sign, so the gochara (including vedha,
which depends on all planets at once) is constant: a Segment. A planet's Stay is
its time in one sign inside the period, with the result that held for most of it.
"""

from __future__ import annotations

from typing import NamedTuple

from luna.astrology import Ingress, sign_changes, signs_at, whole_sign_house

from .gochara import GocharaResult, assess


class Segment(NamedTuple):
    start_jd: float
    end_jd: float
    signs: dict[str, int]
    houses: dict[str, int]  # from the Moon sign
    results: dict[str, GocharaResult]

    @property
    def days(self) -> float:
        return self.end_jd - self.start_jd


class Stay(NamedTuple):
    planet: str
    sign: int
    house: int  # from the Moon sign
    start_jd: float  # clipped to the period
    end_jd: float
    result: GocharaResult  # vedha counted only when it held for most of the stay
    blocker_house: int | None  # where the obstructing planet was, when vedha holds

    @property
    def days(self) -> float:
        return self.end_jd - self.start_jd


class Timeline(NamedTuple):
    start_jd: float
    end_jd: float
    moon_sign: int
    segments: tuple[Segment, ...]
    ingresses: tuple[Ingress, ...]

    def stays(self, planet: str) -> list[Stay]:
        """The planet's stays in each sign, in time order."""
        groups: list[list[Segment]] = []
        for segment in self.segments:
            if groups and groups[-1][-1].signs[planet] == segment.signs[planet]:
                groups[-1].append(segment)
            else:
                groups.append([segment])
        return [_stay(planet, group) for group in groups]

    def at(self, jd_ut: float) -> Segment:
        for segment in self.segments:
            if segment.start_jd <= jd_ut < segment.end_jd:
                return segment
        return self.segments[-1]

    def mean_value(self, planet: str) -> float:
        """The planet's gochara value (+1 good, -1 bad, 0 held back) averaged over the period."""
        total = self.end_jd - self.start_jd
        return sum(segment.results[planet].value * segment.days for segment in self.segments) / total


def gochara_timeline(start_jd: float, end_jd: float, moon_sign: int, planets: tuple[str, ...]) -> Timeline:
    """The segments of [start_jd, end_jd) for `planets` counted from `moon_sign` (0 = Aries)."""
    everything = signs_at(start_jd)
    signs = {planet: everything[planet] for planet in planets}
    ingresses = sign_changes(start_jd, end_jd, planets)
    segments: list[Segment] = []
    begin = start_jd
    for ingress in ingresses:
        if ingress.jd_ut > begin:
            segments.append(_segment(begin, ingress.jd_ut, signs, moon_sign))
            begin = ingress.jd_ut
        signs = {**signs, ingress.planet: ingress.to_sign}
    segments.append(_segment(begin, end_jd, signs, moon_sign))
    return Timeline(start_jd, end_jd, moon_sign, tuple(segments), tuple(ingresses))


def _segment(start_jd: float, end_jd: float, signs: dict[str, int], moon_sign: int) -> Segment:
    houses = {planet: whole_sign_house(sign, moon_sign) for planet, sign in signs.items()}
    results = {planet: assess(planet, houses) for planet in signs}
    return Segment(start_jd, end_jd, dict(signs), houses, results)


def _stay(planet: str, group: list[Segment]) -> Stay:
    first = group[0]
    days = sum(segment.days for segment in group)
    blocked: dict[str, float] = {}
    for segment in group:
        blocker = segment.results[planet].blocked_by
        if blocker:
            blocked[blocker] = blocked.get(blocker, 0.0) + segment.days
    result = first.results[planet]._replace(blocked_by=None)
    blocker_house = None
    if blocked and sum(blocked.values()) > days / 2:
        blocker = max(blocked, key=blocked.__getitem__)
        result = result._replace(blocked_by=blocker)
        blocker_house = next(s.houses[blocker] for s in group if s.results[planet].blocked_by == blocker)
    return Stay(planet, first.signs[planet], first.houses[planet], first.start_jd, group[-1].end_jd,
                result, blocker_house)
