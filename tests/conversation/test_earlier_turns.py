"""The earlier messages an LLM sees (actions/conversation/earlier_turns.py): the last few,
with every birth detail the NLU tagged or the slots hold taken out."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.conversation.earlier_turns import earlier_messages


def user(text: str, *entities: tuple[str, str]) -> dict:
    tagged = [{"entity": kind, "value": value, "start": text.index(value), "end": text.index(value) + len(value)}
              for kind, value in entities]
    return {"event": "user", "text": text, "parse_data": {"entities": tagged}}


def bot(text: str) -> dict:
    return {"event": "bot", "text": text}


def tracker(events: list[dict], **slots: str) -> Tracker:
    return Tracker("someone", slots, events[-1], events, False, None, {}, "action_listen")


def test_birth_details_never_leave_in_the_quoted_turns():
    events = [
        user("I'm Ravi, born 5/3/1990 10:30 pm in Pune",
             ("name", "Ravi"), ("date", "5/3/1990"), ("time", "10:30 pm"), ("place", "Pune")),
        bot("🌙 Ravi's kundli\n• Lagna (ascendant): Libra\nBorn 5 Mar 1990, 10:30 pm, Pune, Maharashtra, India."),
        user("match me with Priya from Delhi", ("name", "Priya"), ("place", "Delhi")),
        bot("What is Priya's date of birth?"),
        user("what does saturn in my 7th house mean?"),
    ]
    said = earlier_messages(tracker(events, name="Ravi", birth_place="Pune, Maharashtra, India",
                                    partner_name="Priya", partner_birth_place="Delhi, India"))
    assert said == [
        ("user", "I'm [name], born [date] [time] in [place]"),
        ("luna", "🌙 [name]'s kundli\n• Lagna (ascendant): Libra\nBorn [date or time], [date or time], [place]."),
        ("user", "match me with [name] from [place]"),
        ("luna", "What is [name]'s date of birth?"),
    ]


def test_dates_and_times_the_model_missed_are_taken_out_too():
    events = [user("dob 05-03-1990, time 6 am, also march 5, 1990 and 22:30"), user("is my sade sati over?")]
    assert earlier_messages(tracker(events)) == [
        ("user", "dob [date or time], time [date or time], also [date or time] and [date or time]")]


def test_the_question_itself_is_not_an_earlier_turn_and_only_four_are_kept():
    events = [bot(f"reply {n}") if n % 2 else user(f"message {n}") for n in range(10)] + [user("what is lagna?")]
    assert earlier_messages(tracker(events)) == [
        ("user", "message 6"), ("luna", "reply 7"), ("user", "message 8"), ("luna", "reply 9")]
