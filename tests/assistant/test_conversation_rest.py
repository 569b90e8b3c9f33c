"""Luna end to end through the REST channel, as a client talks to it: the trained
model, the real action server, a real database (PostgreSQL in CI, else SQLite)."""

from __future__ import annotations

import sqlalchemy as sa

from tests.assistant.servers import buttons, texts


def profile_row(luna, sender):
    engine = sa.create_engine(luna.database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT * FROM profiles WHERE sender_id = :sender"), {"sender": sender}
            ).mappings().first()
    finally:
        engine.dispose()


def test_everything_in_one_message(luna):
    sender = luna.new_sender()
    reply = texts(luna.say(sender, "I'm Ravi, born 5/3/1990 10:30 pm in Pune"))
    assert "Ravi" in reply
    assert "Lagna (ascendant): Libra" in reply
    assert "Moon: Gemini, Ardra nakshatra" in reply
    assert "Sun: Aquarius" in reply
    assert "mahadasha" in reply
    row = profile_row(luna, sender)
    assert row["name"] == "Ravi" and str(row["birth_time"]).startswith("22:30")
    assert row["place_label"].startswith("Pune") and row["timezone"] == "Asia/Kolkata"


def test_a_name_the_model_reads_as_a_town_and_a_town_it_never_saw(luna):
    # "Gopal" is tagged as a place by DIET; the name cue and the spaCy place ruler
    # (which knows Lakhimpur though no training example does) put both right.
    sender = luna.new_sender()
    reply = texts(luna.say(sender, "I'm Gopal, born 9 sep 1979 7:05 am in Lakhimpur"))
    assert "Gopal's kundli" in reply and "Uttar Pradesh" in reply
    row = profile_row(luna, sender)
    assert row["name"] == "Gopal" and row["place_label"].startswith("Lakh")


def test_step_by_step_with_bad_date_unknown_time_and_ambiguous_place(luna):
    sender = luna.new_sender()
    assert "name" in texts(luna.say(sender, "meri kundli banao")).lower()
    assert "date of birth" in texts(luna.say(sender, "Priya"))
    bad = texts(luna.say(sender, "31/02/1990"))
    assert "31 February 1990 doesn't exist" in bad and "date of birth" in bad
    assert "What time" in texts(luna.say(sender, "14 feb 1992"))
    unknown = texts(luna.say(sender, "don't know"))
    assert "12:00 noon" in unknown and "Where were you born" in unknown
    which = luna.say(sender, "Hyderabad")
    assert "more than one Hyderabad" in texts(which)
    choices = [button["title"] for button in buttons(which)]
    assert choices[0] == "Hyderabad, Telangana, India" and any("Pakistan" in c for c in choices)
    summary = texts(luna.say(sender, buttons(which)[0]["payload"]))
    assert "Priya's kundli" in summary and "Hyderabad, Telangana, India" in summary
    assert "cast for noon" in summary
    row = profile_row(luna, sender)
    assert row["time_known"] in (False, 0) and row["birth_time"] is None


def test_unknown_place_is_asked_again_with_a_hint(luna):
    sender = luna.new_sender()
    luna.say(sender, "kundli")
    luna.say(sender, "Asha")
    luna.say(sender, "1/1/2000")
    luna.say(sender, "6 am")
    reply = texts(luna.say(sender, "Xyzzyville"))
    assert "couldn't find a place called 'Xyzzyville'" in reply
    assert "Where were you born" in reply
    assert "Asha's kundli" in texts(luna.say(sender, "Nagpur"))


def test_interrupt_the_form_and_come_back(luna):
    sender = luna.new_sender()
    luna.say(sender, "kundli")
    assert "date of birth" in texts(luna.say(sender, "Meena"))
    helped = texts(luna.say(sender, "what can you do?"))
    assert "Here's what I can do" in helped and "date of birth" in helped
    stopped = texts(luna.say(sender, "stop"))
    assert "stopped" in stopped
    resumed = texts(luna.say(sender, "kundli"))
    assert "date of birth" in resumed and "name" not in resumed.lower()


def test_correcting_the_birth_time_updates_the_profile(luna):
    sender = luna.new_sender()
    luna.say(sender, "I'm Kiran, born 12 aug 1985 6:15 am in Chennai")
    reply = texts(luna.say(sender, "my birth time was wrong, it is 11:30 pm"))
    assert "Kiran's kundli" in reply
    assert str(profile_row(luna, sender)["birth_time"]).startswith("23:30")


def test_a_failed_correction_keeps_the_stored_profile(luna):
    sender = luna.new_sender()
    luna.say(sender, "I'm Kiran, born 12 aug 1985 6:15 am in Chennai")
    luna.say(sender, "update my details")
    luna.say(sender, "Kiran")
    assert "doesn't exist" in texts(luna.say(sender, "30/02/1985"))
    assert "kept your saved birth details" in texts(luna.say(sender, "cancel"))
    row = profile_row(luna, sender)
    assert str(row["birth_date"]) == "1985-08-12" and str(row["birth_time"]).startswith("06:15")


def test_messy_messages_get_friendly_answers(luna):
    sender = luna.new_sender()
    for message in ["", "   ", "🌙🌙🌙", "x" * 10_000, "<script>alert(1)</script>", "{}"]:
        replies = luna.say(sender, message)
        assert replies, message[:20]
        assert "Traceback" not in texts(replies) and "Exception" not in texts(replies)


def test_returning_user_after_a_server_restart(luna):
    sender = luna.new_sender()
    assert "Farah's kundli" in texts(luna.say(sender, "I'm Farah, born 3 jan 1995 4:45 pm in Lucknow"))
    luna.stop_rasa()
    luna.start_rasa()
    assert "Welcome back, Farah" in texts(luna.say(sender, "hi"))
    summary = texts(luna.say(sender, "show my kundli"))
    assert "Farah's kundli" in summary and "what's your name" not in summary


def test_returning_user_in_a_new_session(luna):
    sender = luna.new_sender()
    assert "Meera's kundli" in texts(luna.say(sender, "I'm Meera, born 9 sep 1979 7:05 am in Patna"))
    # A new session starts with empty slots (carry-over is off): the profile comes
    # back from the database in action_session_start.
    luna.say(sender, "/session_start")
    assert "Welcome back, Meera" in texts(luna.say(sender, "hello"))
    assert "Meera's kundli" in texts(luna.say(sender, "what is my lagna"))
