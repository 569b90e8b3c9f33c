"""The one clock (luna/clock.py): frozen by tests and by LUNA_NOW, aware and in UTC."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from luna import clock

# 20:00 UTC on 25 Nov 2026 is already 26 Nov in India (01:30 IST).
LATE_EVENING_UTC = datetime(2026, 11, 25, 20, 0, tzinfo=timezone.utc)


def test_now_is_aware_and_in_utc(monkeypatch):
    monkeypatch.delenv(clock.FROZEN_NOW_VARIABLE, raising=False)
    instant = clock.now()
    assert instant.utcoffset() == timedelta(0)
    assert abs(instant - datetime.now(timezone.utc)) < timedelta(seconds=5)


def test_frozen_at_sets_now_within_the_block_only(monkeypatch):
    monkeypatch.delenv(clock.FROZEN_NOW_VARIABLE, raising=False)
    with clock.frozen_at(LATE_EVENING_UTC):
        assert clock.now() == LATE_EVENING_UTC
    assert clock.now() != LATE_EVENING_UTC


def test_luna_now_freezes_the_clock_and_is_read_in_utc(monkeypatch):
    monkeypatch.setenv(clock.FROZEN_NOW_VARIABLE, "2026-11-26T01:30:00+05:30")
    assert clock.now() == LATE_EVENING_UTC and clock.now().tzinfo == timezone.utc
    monkeypatch.setenv(clock.FROZEN_NOW_VARIABLE, "2026-11-25T20:00:00Z")
    assert clock.now() == LATE_EVENING_UTC


def test_a_test_freezing_the_clock_wins_over_luna_now(monkeypatch):
    monkeypatch.setenv(clock.FROZEN_NOW_VARIABLE, "2030-01-01T00:00:00Z")
    with clock.frozen_at("2026-11-25T20:00:00Z"):
        assert clock.now() == LATE_EVENING_UTC


@pytest.mark.parametrize("text", ["yesterday", "2026-11-25", "2026-11-25T20:00:00"])
def test_luna_now_without_an_offset_is_refused_with_the_reason(monkeypatch, text):
    monkeypatch.setenv(clock.FROZEN_NOW_VARIABLE, text)
    with pytest.raises(ValueError, match="LUNA_NOW=.*ISO 8601 instant with an offset"):
        clock.now()


def test_today_is_the_date_in_the_zone_asked_about():
    with clock.frozen_at(LATE_EVENING_UTC):
        assert clock.today_in(timezone.utc) == date(2026, 11, 25)
        assert clock.today_in(ZoneInfo("Asia/Kolkata")) == date(2026, 11, 26)
