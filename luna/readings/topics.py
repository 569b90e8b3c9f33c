"""The life topics of SPEC's `topic` entity and the houses and karakas each is read from.

Houses follow BPHS ch. 11 (bhava significations): the 10th is karma (work) with the
6th (service), 2nd (earnings) and 11th (gains); the 5th romance; the 7th the spouse;
the 1st the body with the 6th (ailments, routine) and 8th (chronic matters); the 2nd
wealth with the 11th gains; the 4th schooling and the 5th intelligence, with the 9th
for higher learning; the 4th home and mother with the 2nd (kutumba, the family); the
3rd short journeys, the 9th long ones and the 12th foreign lands. Karakas (natural
significators) follow BPHS ch. 32: Saturn for work, Venus for love and the spouse,
the Sun for vitality, Jupiter for wealth and wisdom, Mercury and Jupiter for
learning, the Moon for home and mother, and the Moon again for journeys (the planet
of movement).
"""

from __future__ import annotations

from typing import NamedTuple

from .errors import UnknownTopic


class Topic(NamedTuple):
    name: str
    primary: int  # the house that speaks first
    supporting: tuple[int, ...]
    karakas: tuple[str, ...]

    @property
    def houses(self) -> tuple[int, ...]:
        return (self.primary, *self.supporting)


TOPICS: dict[str, Topic] = {
    topic.name: topic
    for topic in (
        Topic("career", 10, (6, 2, 11), ("Saturn",)),
        Topic("love", 5, (7, 11), ("Venus",)),
        Topic("marriage", 7, (2, 11), ("Venus",)),
        Topic("health", 1, (6, 8), ("Sun",)),
        Topic("finance", 2, (11,), ("Jupiter",)),
        Topic("education", 4, (5, 9), ("Mercury", "Jupiter")),
        Topic("family", 4, (2,), ("Moon",)),
        Topic("travel", 9, (3, 12), ("Moon",)),
    )
}


def topic_named(name: str) -> Topic:
    cleaned = (name or "").strip().lower()
    if cleaned not in TOPICS:
        raise UnknownTopic(f"'{name}' is not a prediction topic; choose one of: {', '.join(TOPICS)}.")
    return TOPICS[cleaned]
