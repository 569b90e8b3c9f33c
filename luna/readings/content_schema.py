"""What every file in content/readings/ must contain: keys, types and allowed placeholders.

The schema is the contract between the content designers' YAML and the code that
fills it in: a text may use only the placeholders listed for it, because those are
the only values the code passes.
"""

from __future__ import annotations

from luna.astrology import DHAIYA_HOUSES, PLANETS, SADE_SATI_HOUSES, SIGNS
from luna.content import Each, Fields, text

HOUSES = tuple(range(1, 13))
SEVEN_PLANETS = PLANETS[:7]  # Sun .. Saturn: the planets that rule weekdays
EFFECTS = ("positive", "negative", "neutral")
SPECIAL_DIGNITIES = ("exalted", "own", "debilitated")
HOROSCOPE_TONES = ("excellent", "good", "mixed", "careful", "patient")
PREDICTION_TONES = ("strong", "supportive", "mixed", "care")
NAKSHATRA_NATURES = ("fixed", "movable", "fierce", "mixed", "swift", "soft", "sharp")
PERIOD_KEYS = ("today", "tomorrow", "week", "month", "year")
TOPIC_KEYS = ("career", "love", "marriage", "health", "finance", "education", "family", "travel")
DISCLAIMED_TOPICS = ("health", "finance")

VOCABULARY = Fields({
    "signs": Each(SIGNS, Fields({"glyph": text(), "hindi": text()})),
    "planets": Each(PLANETS, Fields({"name": text(), "label": text(), "hindi": text()})),
    "varas": Each(SEVEN_PLANETS, Fields({"name": text(), "themes": text()})),
    "houses": Each(HOUSES, Fields({"ordinal": text(), "theme": text()})),
    "dignities": Each(SPECIAL_DIGNITIES, Fields({"clause": text(), "meaning": text()})),
    "markers": Each(EFFECTS, text()),
})

GOCHARA = Fields({
    "transits": Each(PLANETS, Each(HOUSES, text())),
    "sade_sati": Each(SADE_SATI_HOUSES, text()),
    "sade_sati_phases": Each(SADE_SATI_HOUSES, text()),
    "dhaiya": Each(DHAIYA_HOUSES, text()),
    "dhaiya_names": Each(DHAIYA_HOUSES, text()),
})

HOROSCOPE = Fields({
    "periods": Each(PERIOD_KEYS, Fields({"heading": text("first", "last"), "noun": text(), "whole": text()})),
    "tones": Each(HOROSCOPE_TONES, Fields({"label": text(), "text": text("noun")})),
    "templates": Fields({
        "header": text("glyph", "sign", "hindi", "heading", "stars", "tone_label", "tone_text"),
        "bullet": text("marker", "reason", "meaning"),
        "star_full": text(),
        "star_empty": text(),
        "span_until": text("moment"),
        "span_from": text("moment"),
        "span_between": text("start", "end"),
        "span_ongoing": text(),
        "vedha": text("meaning", "blocker", "blocker_house"),
    }),
    "reasons": Fields({
        "transit": text("planet", "house", "sign", "span"),
        "vara": text("weekday", "planet", "vara", "house", "sign"),
        "panchang": text("tithi", "nakshatra"),
        "sade_sati": text("phase", "house", "sign", "span"),
        "dhaiya": text("name", "house", "sign", "span"),
    }),
    "meanings": Fields({
        "vara": Each(EFFECTS, text("planet", "themes")),
        "panchang": text("paksha", "nature"),
    }),
    "paksha": Each(("shukla", "krishna", "purnima", "amavasya"), text()),
    "nakshatra_natures": Each(NAKSHATRA_NATURES, text("nakshatra")),
    "changes": Fields({
        "line": text("items"),
        "item": text("moment", "planet", "house", "sign"),
        "more": text("count"),
    }),
})

PREDICTIONS = Fields({
    "topics": Each(TOPIC_KEYS, Fields({
        "label": text(), "icon": text(), "active": text(), "quiet": text(), "jupiter": text(), "saturn": text(),
    })),
    "tones": Each(PREDICTION_TONES, Fields({"label": text(), "text": text("label")})),
    "templates": Fields({
        "header": text("icon", "label", "date", "tone_label", "tone_text"),
        "bullet": text("marker", "reason", "meaning"),
        "place_with_dignity": text("sign", "dignity"),
        "chandra_lagna": text("sign"),
    }),
    "reasons": Fields({
        "lord": text("house", "label", "sign", "lord", "lord_house", "lord_place"),
        "occupant": text("planet", "house", "place"),
        "karaka": text("planet", "label", "house", "place"),
        "dasha": text("mahadasha", "antardasha", "until"),
        "transit_over": text("planet", "sign", "house", "moon_house"),
        "transit_over_moon": text("planet", "sign", "moon_house"),
        "transit_aspect": text("planet", "sign", "house", "theme"),
        "transit_away": text("label"),
        "sade_sati": text("phase", "house", "moon_sign"),
        "dhaiya": text("name", "house", "moon_sign"),
    }),
    "meanings": Fields({
        "lord_in_house": Each(HOUSES, text("label")),
        "occupant": Each(PLANETS, text()),
        "karaka": Each(("strong", "steady", "hidden"), text("label")),
        "dasha_active": text("links", "focus"),
        "dasha_quiet": text("mahadasha", "antardasha", "label", "focus"),
        "transit_away": text(),
    }),
    "links": Fields({
        "rules": text("planet", "house"),
        "occupies": text("planet", "house"),
        "aspects": text("planet", "house"),
        "karaka": text("planet", "label"),
        "and": text(),
    }),
    "when": Fields({
        "line": text("items"),
        "item": text("lord", "level", "start", "why"),
        "none": text("years", "label"),
        "levels": Each(("mahadasha", "antardasha"), text()),
    }),
    "disclaimers": Each(DISCLAIMED_TOPICS, text()),
})

# File name -> schema. Each file is loaded under its stem ("vocabulary", ...).
FILES = {
    "vocabulary.yml": VOCABULARY,
    "gochara.yml": GOCHARA,
    "horoscope.yml": HOROSCOPE,
    "predictions.yml": PREDICTIONS,
}
