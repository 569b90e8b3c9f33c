"""The readings' words live in content/readings/*.yml, checked at load time."""

from datetime import date

import pytest

from luna.readings import ContentError, horoscope, load_content, predict, validate_all
from luna.readings.content import FORBIDDEN_WORDS

DAY = date(2026, 11, 25)


def test_the_shipped_content_is_valid():
    content = validate_all()
    assert content.house(10) == "10th" and content.planet("Moon") == "the Moon"


def test_editing_a_transit_meaning_changes_the_horoscope(content_copy):
    default = horoscope("Leo", "today", start=DAY)
    moon = next(s for s in default.statements if s.planet == "Moon")

    def change(data):
        data["transits"]["Moon"][moon.house] = "a day to call an old friend and laugh a lot."

    content_copy.edit("gochara.yml", change)
    edited = horoscope("Leo", "today", start=DAY, content=load_content(content_copy.directory))
    assert "a day to call an old friend and laugh a lot." in edited.text
    assert "a day to call an old friend" not in default.text
    assert edited.statements[0].reason == default.statements[0].reason


def test_editing_a_template_changes_the_prediction(content_copy, pune_chart):
    def change(data):
        data["reasons"]["lord"] = "The {house} house ({sign}) belongs to {lord}, now in your {lord_house}"

    content_copy.edit("predictions.yml", change)
    edited = predict(pune_chart, "career", on=DAY, content=load_content(content_copy.directory))
    assert "The 10th house (Cancer) belongs to the Moon, now in your 9th" in edited.text


def test_a_missing_entry_names_the_file_and_key(content_copy):
    content_copy.edit("gochara.yml", lambda data: data["transits"]["Moon"].pop(8))
    with pytest.raises(ContentError) as raised:
        load_content(content_copy.directory)
    assert "gochara.yml: transits.Moon.8: missing" in str(raised.value)


def test_an_unknown_placeholder_is_refused(content_copy):
    def change(data):
        data["templates"]["bullet"] = "{marker} {reason}: {meaning} {mood}"

    content_copy.edit("horoscope.yml", change)
    with pytest.raises(ContentError) as raised:
        load_content(content_copy.directory)
    message = str(raised.value)
    assert "horoscope.yml" in message and "templates.bullet" in message and "'mood'" in message


def test_a_wrong_type_is_refused(content_copy):
    def change(data):
        data["houses"][4]["ordinal"] = ["4th", "fourth"]

    content_copy.edit("vocabulary.yml", change)
    with pytest.raises(ContentError, match=r"vocabulary\.yml: houses\.4\.ordinal: expected text, got list"):
        load_content(content_copy.directory)


def test_a_misspelt_key_is_refused(content_copy):
    def change(data):
        data["disclaimers"]["helth"] = data["disclaimers"].pop("health")

    content_copy.edit("predictions.yml", change)
    with pytest.raises(ContentError) as raised:
        load_content(content_copy.directory)
    assert "disclaimers.health: missing" in str(raised.value) and "'helth'" in str(raised.value)


def test_words_of_doom_are_refused(content_copy):
    def change(data):
        data["transits"]["Saturn"][8] = "danger of an accident; avoid travel."

    content_copy.edit("gochara.yml", change)
    with pytest.raises(ContentError, match=r"transits\.Saturn\.8: uses \['accident'\]"):
        load_content(content_copy.directory)


def test_broken_yaml_and_missing_files_are_reported(content_copy):
    (content_copy.directory / "horoscope.yml").write_text("periods: [today\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"horoscope\.yml: not valid YAML"):
        load_content(content_copy.directory)
    (content_copy.directory / "horoscope.yml").unlink()
    with pytest.raises(ContentError, match=r"horoscope\.yml: cannot read it"):
        load_content(content_copy.directory)


def test_literal_braces_must_be_doubled(content_copy):
    def change(data):
        data["templates"]["header"] = "{icon} Your {label} · {date} }"

    content_copy.edit("predictions.yml", change)
    with pytest.raises(ContentError, match=r"templates\.header: broken braces"):
        load_content(content_copy.directory)


def test_every_problem_is_reported_at_once(content_copy):
    content_copy.edit("gochara.yml", lambda data: data.pop("dhaiya"))
    content_copy.edit("vocabulary.yml", lambda data: data["markers"].pop("neutral"))
    with pytest.raises(ContentError) as raised:
        load_content(content_copy.directory)
    assert "dhaiya: missing" in str(raised.value) and "markers.neutral: missing" in str(raised.value)


def test_the_forbidden_list_covers_the_promises():
    # Never death, accidents, divorce, disaster or illness (the readings' promise).
    assert {"death", "accident", "divorce", "disaster", "illness"} <= set(FORBIDDEN_WORDS)
