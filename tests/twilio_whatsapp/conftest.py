"""A local Twilio Messages API, one per test."""

from __future__ import annotations

import pytest

from tests.twilio_whatsapp.fake_twilio import FakeTwilio


@pytest.fixture
def twilio():
    with FakeTwilio() as server:
        yield server
