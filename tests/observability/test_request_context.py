"""The request id: from X-Request-ID or made, carried in a UserMessage's metadata, and the
current one for everything a turn runs, tasks it starts included."""

from __future__ import annotations

import asyncio
import re

from luna.observability.request_context import (
    METADATA_KEY,
    current_request_id,
    current_sender,
    request_id_from_headers,
    request_id_in,
    turn,
    with_request_id,
)


def test_the_id_nginx_sets_is_kept_and_anything_unsafe_is_replaced():
    nginx_id = "0b9f1c2d3e4f5a6b7c8d9e0f1a2b3c4d"
    assert request_id_from_headers({"X-Request-ID": nginx_id}) == nginx_id
    assert request_id_from_headers({"x-request-id": "trace-42"}) == "trace-42"
    for unsafe in ("two words", 'quote"d', "line\nbreak", "x" * 129, ""):
        made = request_id_from_headers({"X-Request-ID": unsafe})
        assert made != unsafe and re.fullmatch(r"[0-9a-f]{32}", made)
    assert request_id_from_headers({}) != request_id_from_headers({})  # a new one each time


def test_the_id_travels_in_the_metadata_beside_the_callers_own():
    caller = {"locale": "hi"}
    carried = with_request_id(caller, "r-1")
    assert carried == {"locale": "hi", METADATA_KEY: "r-1"} and caller == {"locale": "hi"}
    # An id from an earlier hop stays; an unusable one is replaced.
    assert with_request_id({METADATA_KEY: "edge"}, "r-2")[METADATA_KEY] == "edge"
    assert with_request_id({METADATA_KEY: "bad id"}, "r-3")[METADATA_KEY] == "r-3"
    assert with_request_id(None, "r-4") == {METADATA_KEY: "r-4"}
    # The action server reads it back from the tracker's latest_message metadata.
    assert request_id_in(carried) == "r-1"
    assert request_id_in(None) is None and request_id_in({METADATA_KEY: 7}) is None


def test_a_turn_is_current_inside_and_gone_after():
    assert current_request_id() is None
    with turn("outer", "s1"):
        with turn("inner", "s2"):
            assert (current_request_id(), current_sender()) == ("inner", "s2")
        assert (current_request_id(), current_sender()) == ("outer", "s1")
    assert current_request_id() is None and current_sender() is None


def test_concurrent_turns_keep_their_own_id_and_tasks_they_start_inherit_it():
    async def handle(request_id: str) -> list[str | None]:
        seen = []
        with turn(request_id, f"sender-{request_id}"):
            await asyncio.sleep(0)
            seen.append(current_request_id())
            # A channel answering its webhook at once handles the message in a task.
            background = asyncio.create_task(asyncio.sleep(0, result=None))
            await background
            seen.append(await asyncio.create_task(read_later()))
        seen.append(current_request_id())
        return seen

    async def read_later() -> str | None:
        await asyncio.sleep(0)
        return current_request_id()

    async def main():
        return await asyncio.gather(*(handle(f"r{n}") for n in range(5)))

    for n, seen in enumerate(asyncio.run(main())):
        assert seen == [f"r{n}", f"r{n}", None]
