"""Answers without an LLM (issue 11: "with no key: at least 30 common questions answered
from the knowledge base, each on topic"), on the questions of offline_questions.yml, with
a real chart cast by the engine and the real knowledge base and content files.

On topic means: the expected entry's words are used and its source named, the chart's
facts for that topic are stated, nothing about houses or the lagna is claimed without a
birth time, the fixed lines follow the question's language, no word of doom, and the
whole answer fits a phone screen."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from luna.answers.chart_facts import ChartFacts, chart_facts
from luna.answers.language import detect_language
from luna.answers.offline import MAX_ANSWER_CHARS, offline_answer, relevant_entries, trimmed_to
from luna.answers.offline_content import answer_words, load_answer_content
from luna.astrology import cast_chart, local_moment
from luna.content import FORBIDDEN_WORDS, ContentError
from luna.knowledge import KnowledgeBase

TABLE = Path(__file__).with_name("offline_questions.yml")
ROWS = YAML(typ="safe").load(TABLE.read_text(encoding="utf-8"))
NOW = datetime(2026, 12, 6, tzinfo=timezone.utc)
DOOM = re.compile(r"\b(" + "|".join(FORBIDDEN_WORDS) + r")\b", re.IGNORECASE)
# A house counted from the lagna: any "Nth house" that is not "... from your Moon".
LAGNA_HOUSE = re.compile(r"\b\d{1,2}(st|nd|rd|th) (house|ghar)\b(?! from your Moon)")
# The known chart's lagna, in every language.
LAGNA_NAMES = ("Libra", "Tula", "तुला")


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def charts() -> dict[str, ChartFacts | None]:
    chart = cast_chart(local_moment(date(1990, 3, 5), time(22, 30), "Asia/Kolkata"), 18.52, 73.86)
    return {
        "known": chart_facts(chart, time_known=True, now=NOW),
        "unknown": chart_facts(chart, time_known=False, now=NOW),
        "none": None,
    }


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", " ".join(text.split()))[0]


def test_the_table_has_enough_common_questions() -> None:
    answered = [row for row in ROWS if row["entry"] != "unknown"]
    assert len(answered) >= 30
    assert {row["lang"] for row in answered} == {"en", "hinglish", "hi"}
    assert {row["chart"] for row in answered} == {"known", "unknown", "none"}


@pytest.mark.parametrize("row", ROWS, ids=[f"{row['chart']}:{row['q']}" for row in ROWS])
def test_the_answer_is_on_topic(row: dict, knowledge: KnowledgeBase, charts: dict) -> None:
    language = detect_language(row["q"])
    assert language == row["lang"]
    answer = offline_answer(row["q"], charts[row["chart"]], knowledge, language=language)
    words = answer_words(language)

    assert len(answer.text) <= MAX_ANSWER_CHARS
    assert not DOOM.search(answer.text)
    assert answer.buttons
    for expected in row["says"]:
        assert expected in answer.text, answer.text
    if "button" in row:
        assert row["button"] in [button.payload for button in answer.buttons]

    if row["entry"] == "unknown":
        assert answer.via == "unknown" and answer.sources == ()
        assert answer.text == words.line("unknown")
        return
    entry = next(entry for entry in knowledge.entries if entry.id == row["entry"])
    assert answer.via == "knowledge"
    assert first_sentence(entry.text) in " ".join(answer.text.split()), "the entry's words are used"
    assert answer.sources == (entry.source,)
    assert answer.text.endswith(words.line("source", source=entry.source)) or \
        answer.text.endswith(words.line("offer_kundli"))
    assert words.line("source", source=entry.source) in answer.text, "the source is named in the question's language"
    if row["chart"] == "none":
        assert words.line("offer_kundli") in answer.text
        assert answer.buttons[0].payload == "/request_kundli"
    if row["chart"] == "unknown":
        chart_part = answer.text.split(first_sentence(entry.text))[0]
        assert not LAGNA_HOUSE.search(chart_part), chart_part
        assert not any(name in chart_part for name in LAGNA_NAMES), chart_part


def test_questions_about_nothing_in_the_base_retrieve_no_entry(knowledge: KnowledgeBase) -> None:
    for row in ROWS:
        if row["entry"] == "unknown":
            assert relevant_entries(row["q"], knowledge) == [], row["q"]


def test_a_long_entry_is_cut_at_a_sentence_end_to_fit_the_phone(knowledge: KnowledgeBase) -> None:
    text = next(entry.text for entry in knowledge.entries if entry.id == "sade_sati")
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    assert trimmed_to(text, 1000) == " ".join(sentences)
    assert trimmed_to(text, len(sentences[0]) + len(sentences[1]) + 1) == f"{sentences[0]} {sentences[1]}"
    assert trimmed_to(text, len(sentences[0]) + 5) == sentences[0]
    assert trimmed_to(text, 10) == ""


def test_every_answer_template_is_checked_at_load(tmp_path) -> None:
    broken = (Path(load_answer_content.__defaults__[0]).read_text(encoding="utf-8")
              .replace("Your lagna is {sign}", "Your lagna is {sing}", 1)
              .replace("I don't have an answer for that.", "That question is cursed.", 1))
    path = tmp_path / "answers.yml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_answer_content(path)
    message = str(error.value)
    assert "facts.lagna.en: unknown placeholders ['sing']" in message
    assert "lines.unknown.en: uses ['cursed']" in message


def test_an_unknown_button_in_the_next_steps_is_refused(tmp_path) -> None:
    text = Path(load_answer_content.__defaults__[0]).read_text(encoding="utf-8")
    path = tmp_path / "answers.yml"
    path.write_text(text.replace('sade_sati: "horoscope_today, dasha"', 'sade_sati: "horoscope_tomorow, dasha"', 1),
                    encoding="utf-8")
    with pytest.raises(ContentError, match="next_steps.sade_sati: unknown button 'horoscope_tomorow'"):
        load_answer_content(path)


def many_charts() -> list[ChartFacts]:
    """Forty births five weeks apart (1980-1983, noon and unknown times in turn): Moon signs,
    sade sati phases, dhaiya, retrograde and debilitated planets all come round."""
    facts = []
    for index in range(40):
        birth = date.fromordinal(date(1980, 1, 1).toordinal() + 37 * index)
        chart = cast_chart(local_moment(birth, time(12, 0), "Asia/Kolkata"), 28.61, 77.21)
        facts.append(chart_facts(chart, time_known=index % 2 == 0, now=NOW))
    return facts


def test_every_chart_and_question_gets_a_safe_answer_that_follows_the_facts(knowledge: KnowledgeBase) -> None:
    questions = [row["q"] for row in ROWS] + [
        "is my sade sati over", "do I have dhaiya", "which planets are retrograde in my chart",
        "neech bhang raj yog", "pancha mahapurusha yoga", "tell me about my rahu", "ketu in 12th house",
    ]
    phases_seen, retrograde_seen = set(), False
    for facts in many_charts():
        words = answer_words("en")
        for question in questions:
            answer = offline_answer(question, facts, knowledge, language=detect_language(question))
            assert answer.text and answer.buttons and len(answer.text) <= MAX_ANSWER_CHARS, question
            assert not DOOM.search(answer.text), question
        sade_sati = offline_answer("is my sade sati over", facts, knowledge).text
        status = facts.sade_sati
        if status["running"]:
            phases_seen.add(status["phase"])
            assert f"This is its {words.phase(status['phase'])} phase" in sade_sati
        elif status["dhaiya"]:
            assert "dhaiya" in sade_sati
        else:
            assert "not running" in sade_sati
        backwards = [planet for planet in ("Mars", "Mercury", "Jupiter", "Venus", "Saturn")
                     if facts.planet(planet)["retrograde"]]
        retrograde = offline_answer("which planets are retrograde in my chart", facts, knowledge).text
        retrograde_seen |= bool(backwards)
        assert all(planet in retrograde.split("\n\n")[0] for planet in backwards)
        if not facts.time_known:
            for question in ("what is my lagna", "am i manglik", "tell me about my saturn", "pancha mahapurusha yoga"):
                chart_part = offline_answer(question, facts, knowledge).text.split("\n\n")[0]
                assert not LAGNA_HOUSE.search(chart_part), (question, chart_part)
    assert phases_seen == {"rising", "peak", "setting"} and retrograde_seen
