"""ProfileStore on real databases: round trips, upserts, deletes, identity and concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import date, time, timedelta, timezone

from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from luna.profiles import Profile, ProfileStore
from luna.profiles.models import profiles

MakeProfile = Callable[..., Profile]


def _row_count(url: str) -> int:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(profiles)).scalar_one()
    finally:
        engine.dispose()


def _same_fields(left: Profile, right: Profile) -> bool:
    """Equal apart from the timestamps the store sets."""
    return replace(left, created_at=None, updated_at=None) == replace(right, created_at=None, updated_at=None)


def test_get_of_an_unknown_sender_is_none(store: ProfileStore) -> None:
    assert asyncio.run(store.get("telegram", "nobody")) is None


def test_save_then_get_round_trips_every_field(store: ProfileStore, make_profile: MakeProfile) -> None:
    profile = make_profile(latitude=-33.868820123456789, longitude=151.209295987654321, timezone="Australia/Sydney")

    async def scenario() -> tuple[Profile, Profile | None]:
        return await store.save(profile), await store.get(profile.channel, profile.sender_id)

    saved, fetched = asyncio.run(scenario())
    assert fetched == saved
    assert _same_fields(saved, profile)
    assert saved.birth_time == time(22, 30, 15)
    assert saved.latitude == -33.868820123456789  # a double precision column: no rounding
    assert saved.created_at is not None and saved.created_at.tzinfo == timezone.utc
    assert saved.created_at == saved.updated_at
    assert abs(saved.created_at - _utc_now()) < timedelta(minutes=1)


def test_the_match_side_is_kept_when_details_are_saved_without_it(store: ProfileStore,
                                                                  make_profile: MakeProfile) -> None:
    async def scenario() -> tuple[Profile | None, Profile | None]:
        await store.save(make_profile(match_side="girl"))
        await store.save(make_profile(name="Asha Rao"))  # a correction that says nothing of the side
        kept = await store.get("telegram", "491234567")
        await store.save(make_profile(match_side="boy"))
        return kept, await store.get("telegram", "491234567")

    kept, changed = asyncio.run(scenario())
    assert kept is not None and kept.name == "Asha Rao" and kept.match_side == "girl"
    assert changed is not None and changed.match_side == "boy"


def test_unknown_birth_time_round_trips(store: ProfileStore, make_profile: MakeProfile) -> None:
    profile = make_profile(sender_id="no-time", birth_time=None, time_known=False)

    async def scenario() -> Profile | None:
        await store.save(profile)
        return await store.get("telegram", "no-time")

    fetched = asyncio.run(scenario())
    assert fetched is not None
    assert fetched.birth_time is None
    assert fetched.time_known is False
    assert _same_fields(fetched, profile)


def test_unicode_and_emoji_survive(store: ProfileStore, make_profile: MakeProfile) -> None:
    profile = make_profile(
        sender_id="😀-sender",
        name="अनन्या 🌙✨ Ñúñez 👩🏽‍🚀",
        place_label="São Paulo, São Paulo, Brasil · पुणे",
    )

    async def scenario() -> Profile | None:
        await store.save(profile)
        return await store.get("telegram", "😀-sender")

    fetched = asyncio.run(scenario())
    assert fetched is not None
    assert fetched.name == "अनन्या 🌙✨ Ñúñez 👩🏽‍🚀"
    assert fetched.place_label == "São Paulo, São Paulo, Brasil · पुणे"


def test_save_again_updates_in_place(store: ProfileStore, make_profile: MakeProfile, migrated_url: str) -> None:
    first = make_profile()
    second = make_profile(
        name="Asha Kulkarni",
        birth_date=date(1991, 4, 6),
        birth_time=None,
        time_known=False,
        place_label="Nagpur, Maharashtra, India",
        latitude=21.1458,
        longitude=79.0882,
        timezone="Asia/Kolkata",
    )

    async def scenario() -> tuple[Profile, Profile, Profile | None]:
        saved_first = await store.save(first)
        saved_second = await store.save(second)
        return saved_first, saved_second, await store.get(first.channel, first.sender_id)

    saved_first, saved_second, fetched = asyncio.run(scenario())
    assert fetched == saved_second
    assert _same_fields(fetched, second)
    assert saved_second.created_at == saved_first.created_at
    assert saved_second.updated_at is not None and saved_first.updated_at is not None
    assert saved_second.updated_at > saved_first.updated_at
    assert _row_count(migrated_url) == 1


def test_timestamps_passed_in_are_ignored(store: ProfileStore, make_profile: MakeProfile) -> None:
    long_ago = _utc_now() - timedelta(days=3650)
    saved = asyncio.run(store.save(make_profile(created_at=long_ago, updated_at=long_ago)))
    assert saved.created_at is not None and saved.created_at > long_ago + timedelta(days=3000)


def test_delete(store: ProfileStore, make_profile: MakeProfile) -> None:
    profile = make_profile()

    async def scenario() -> tuple[bool, Profile | None, bool]:
        await store.save(profile)
        deleted = await store.delete(profile.channel, profile.sender_id)
        return deleted, await store.get(profile.channel, profile.sender_id), await store.delete("telegram", "491234567")

    deleted, after, deleted_again = asyncio.run(scenario())
    assert deleted is True
    assert after is None
    assert deleted_again is False


def test_same_sender_id_on_two_channels_is_two_people(store: ProfileStore, make_profile: MakeProfile) -> None:
    on_telegram = make_profile(channel="telegram", sender_id="42", name="Ravi")
    on_whatsapp = make_profile(channel="whatsapp", sender_id="42", name="Meera")

    async def scenario() -> tuple[Profile | None, Profile | None, Profile | None]:
        await store.save(on_telegram)
        await store.save(on_whatsapp)
        await store.delete("telegram", "42")
        return await store.get("telegram", "42"), await store.get("whatsapp", "42"), await store.get("rest", "42")

    telegram, whatsapp, rest = asyncio.run(scenario())
    assert telegram is None
    assert whatsapp is not None and whatsapp.name == "Meera"
    assert rest is None


def test_fifty_concurrent_saves_leave_one_row(
    store: ProfileStore, make_profile: MakeProfile, migrated_url: str
) -> None:
    variants = [make_profile(name=f"Asha {index}", latitude=float(index)) for index in range(50)]

    async def scenario() -> tuple[list[Profile], Profile | None]:
        saved = await asyncio.gather(*(store.save(variant) for variant in variants))
        return list(saved), await store.get("telegram", "491234567")

    saved, fetched = asyncio.run(scenario())
    assert _row_count(migrated_url) == 1
    assert fetched is not None
    # The survivor is one whole save, not a mixture of two.
    assert any(_same_fields(fetched, variant) for variant in variants)
    assert fetched.latitude == float(fetched.name.split()[-1])
    assert len({profile.created_at for profile in saved}) == 1
    assert fetched.updated_at == max(profile.updated_at for profile in saved if profile.updated_at)


def test_many_people_concurrently(store: ProfileStore, make_profile: MakeProfile, migrated_url: str) -> None:
    people = [make_profile(sender_id=str(index), name=f"Person {index}") for index in range(50)]

    async def scenario() -> list[Profile | None]:
        await asyncio.gather(*(store.save(person) for person in people))
        return list(await asyncio.gather(*(store.get("telegram", str(index)) for index in range(50))))

    fetched = asyncio.run(scenario())
    assert [profile.name if profile else None for profile in fetched] == [f"Person {index}" for index in range(50)]
    assert _row_count(migrated_url) == 50


def test_open_connects_now(store: ProfileStore) -> None:
    asyncio.run(store.open())


def _utc_now():  # noqa: ANN202 - tiny local helper
    from datetime import datetime

    return datetime.now(timezone.utc)
