"""content/conversation.yml goes through Luna's one content checker (luna.content), like
the readings' files: missing messages, unknown placeholders and words of doom stop the
action server at start-up with the file and the key."""

import shutil

import pytest
from ruamel.yaml import YAML

from actions.conversation.content import CONTENT_FILE, MESSAGES, load_messages
from luna.content import ContentError
from luna.readings import ContentError as ReadingsContentError


def edited_copy(tmp_path, change):
    path = tmp_path / "conversation.yml"
    shutil.copy(CONTENT_FILE, path)
    yaml = YAML()
    data = yaml.load(path)
    change(data["messages"])
    with path.open("w", encoding="utf-8") as file:
        yaml.dump(data, file)
    return path


def test_the_shipped_messages_are_valid_and_complete():
    messages = load_messages()
    assert set(messages) == set(MESSAGES)
    assert "{name}" in messages["profile_saved"]


def test_one_content_error_for_every_content_file():
    assert ContentError is ReadingsContentError


def test_a_missing_message_names_the_key(tmp_path):
    path = edited_copy(tmp_path, lambda messages: messages.pop("ask_birth_time"))
    with pytest.raises(ContentError, match=r"messages\.ask_birth_time: missing"):
        load_messages(path)


def test_an_unknown_placeholder_is_refused(tmp_path):
    def change(messages):
        messages["profile_saved"] = "Thanks, {name}! Saved at {when}."

    with pytest.raises(ContentError, match=r"messages\.profile_saved: unknown placeholders \['when'\]"):
        load_messages(edited_copy(tmp_path, change))


def test_words_of_doom_are_refused_here_too(tmp_path):
    def change(messages):
        messages["match_next"] = "Beware: this match could end in divorce."

    with pytest.raises(ContentError, match=r"messages\.match_next: uses \['divorce'\]"):
        load_messages(edited_copy(tmp_path, change))


def test_a_misspelt_message_is_refused(tmp_path):
    def change(messages):
        messages["profle_saved"] = messages.pop("profile_saved")

    with pytest.raises(ContentError) as raised:
        load_messages(edited_copy(tmp_path, change))
    assert "messages.profile_saved: missing" in str(raised.value) and "'profle_saved'" in str(raised.value)
