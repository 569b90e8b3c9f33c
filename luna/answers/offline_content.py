"""The words of the offline answers (content/answers.yml): loaded once, checked against
the schema below, and handed out per language.

The schema is the contract with the content designers: each text in "en", "hinglish" and
"hi", using only the placeholders the code fills, every button a next step names defined.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from luna.answers.answer import Button
from luna.astrology import PLANETS, SIGNS
from luna.content import CONTENT_DIR, ContentError, Each, Fields, load_checked, shown, text

ANSWERS_FILE = CONTENT_DIR / "answers.yml"
LANGUAGES = ("en", "hinglish", "hi")
HOUSES = tuple(range(1, 13))
PHASES = ("rising", "peak", "setting")
MAHAPURUSHA_PLANETS = ("Mars", "Mercury", "Jupiter", "Venus", "Saturn")

LINES = {
    "source": ("source",),
    "offer_kundli": (),
    "unknown": (),
    "needs_birth_time": (),
}
FACTS = {
    "sade_sati_running": ("sign", "house", "moon_sign", "phase"),
    "sade_sati_dhaiya": ("sign", "house", "moon_sign"),
    "sade_sati_not_running": ("sign", "house", "moon_sign"),
    "manglik_yes": ("lagna_house", "moon_house"),
    "manglik_no": ("lagna_house", "moon_house"),
    "manglik_needs_time": ("moon_house",),
    "planet_there": ("planet", "house", "sign"),
    "planet_elsewhere": ("planet", "asked_house", "house", "sign"),
    "planet_in_your_chart": ("planet", "house", "sign"),
    "planet_sign_only": ("planet", "sign"),
    "nakshatra": ("nakshatra", "pada"),
    "dasha": ("maha", "start", "end", "antar", "antar_end"),
    "lagna": ("sign", "degree", "lord"),
    "moon_sign": ("sign", "nakshatra", "pada"),
    "remedies_lagna_lord": ("lord", "sign"),
    "remedies_moon_lord": ("lord", "sign"),
    "gemstones_lagna_lord": ("lord", "sign"),
    "gemstones_moon_lord": ("lord", "sign"),
    "retrograde_some": ("planets",),
    "retrograde_none": (),
    "combustion_nearest": ("items",),
    "gajakesari_yes": ("jupiter_sign", "house", "moon_sign"),
    "gajakesari_no": ("jupiter_sign", "house", "moon_sign"),
    "budhaditya_yes": ("sun_sign",),
    "budhaditya_no": ("sun_sign", "mercury_sign"),
    "mahapurusha_yes": ("yogas",),
    "mahapurusha_item": ("yoga", "planet", "sign", "house"),
    "mahapurusha_no": (),
    "yoga_not_checked": (),
    "neecha_some": ("planets",),
    "neecha_none": (),
    "kaal_sarp_yes": (),
    "kaal_sarp_no": (),
    "navamsa": (),
    "guna_milan": ("nakshatra",),
}
# The kinds of answer offline.py gives, each with its next steps.
ANSWER_KINDS = (
    "sade_sati", "manglik", "planet_in_house", "nakshatra", "dasha", "lagna", "moon_sign", "remedies",
    "gemstones", "retrograde", "combustion", "yoga", "navamsa", "guna_milan", "other", "no_chart", "unknown",
)
BUTTON_KEYS = (
    "kundli", "horoscope_today", "dasha", "compatibility", "panchang", "navamsa",
    "career", "love", "marriage", "finance", "education", "health",
)


def _in_languages(*placeholders: str) -> Fields:
    return Fields({language: text(*placeholders) for language in LANGUAGES})


NAMED = Fields({language: text() for language in LANGUAGES})
SCHEMA = Fields({
    "lines": Fields({key: _in_languages(*names) for key, names in LINES.items()}),
    "facts": Fields({key: _in_languages(*names) for key, names in FACTS.items()}),
    "buttons": Each(BUTTON_KEYS, Fields({"payload": text(), **{language: text() for language in LANGUAGES}})),
    "next_steps": Each(ANSWER_KINDS, text()),
    "house_topics": Each(HOUSES, text()),
    "names": Fields({
        "houses": Each(HOUSES, NAMED),
        "planets": Each(PLANETS, NAMED),
        "signs": Each(SIGNS, NAMED),
        "phases": Each(PHASES, NAMED),
        "mahapurusha": Each(MAHAPURUSHA_PLANETS, NAMED),
        "and": NAMED,
    }),
})


class AnswerWords:
    """content/answers.yml in one language."""

    def __init__(self, data: dict, language: str) -> None:
        self._data = data
        self.language = language if language in LANGUAGES else "en"

    def line(self, key: str, **values: object) -> str:
        return self._data["lines"][key][self.language].format(**values).strip()

    def fact(self, key: str, **values: object) -> str:
        return self._data["facts"][key][self.language].format(**values).strip()

    def house(self, number: int) -> str:
        return self._data["names"]["houses"][number][self.language]

    def planet(self, name: str) -> str:
        return self._data["names"]["planets"][name][self.language]

    def sign(self, name: str) -> str:
        return self._data["names"]["signs"][name][self.language]

    def phase(self, name: str) -> str:
        return self._data["names"]["phases"][name][self.language]

    def mahapurusha(self, planet: str) -> str:
        return self._data["names"]["mahapurusha"][planet][self.language]

    def joined(self, items: list[str]) -> str:
        """"a", "a and b", "a, b and c" in this language."""
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self._data['names']['and'][self.language]} {items[-1]}"

    def buttons(self, kind: str, first: str | None = None) -> tuple[Button, ...]:
        """The next steps after an answer of `kind`, with the button `first` (a key) before them."""
        keys = [key.strip() for key in self._data["next_steps"][kind].split(",")]
        if first:
            keys = [first, *(key for key in keys if key != first)]
        buttons = self._data["buttons"]
        return tuple(Button(buttons[key][self.language], buttons[key]["payload"].format()) for key in keys)

    def house_topic(self, house: int) -> str:
        return self._data["house_topics"][house]


def load_answer_content(path: Path = ANSWERS_FILE) -> dict:
    """The checked content; ContentError names every problem (a next step or house topic
    naming a button that does not exist included)."""
    data = load_checked(path, SCHEMA)
    problems = [
        f"next_steps.{kind}: unknown button {key!r}; buttons are {list(BUTTON_KEYS)}"
        for kind, keys in data["next_steps"].items()
        for key in (part.strip() for part in keys.split(","))
        if key not in BUTTON_KEYS
    ]
    problems += [
        f"house_topics.{house}: unknown button {key!r}"
        for house, key in data["house_topics"].items() if key.strip() not in BUTTON_KEYS
    ]
    if problems:
        raise ContentError("Content is broken:\n" + "\n".join(f"{shown(path)}: {problem}" for problem in problems))
    return data


@lru_cache(maxsize=1)
def default_answer_content() -> dict:
    return load_answer_content()


def answer_words(language: str) -> AnswerWords:
    return AnswerWords(default_answer_content(), language)
