"""Round-trip latency of a kundli turn through the REST channel, on real servers.

    .venvs/actions/bin/python bench/bench_rest.py [--turns 50]

Starts the action server and the Rasa server with the trained model (SQLite in a temp
directory), saves one profile, then times "show my kundli" turns: NLU, policies, the
form's re-validation of the stored details, the chart and the reply.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from tests.assistant.servers import Luna, texts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=50)
    options = parser.parse_args()
    luna = Luna(database_url=f"sqlite:///{tempfile.mkdtemp()}/luna.db")
    started = time.perf_counter()
    luna.start_actions()
    luna.start_rasa()
    print(f"servers up in {time.perf_counter() - started:.1f} s (model load included)")
    try:
        sender = luna.new_sender()
        first = time.perf_counter()
        reply = texts(luna.say(sender, "I'm Ravi, born 5/3/1990 10:30 pm in Pune"))
        print(f"first turn (form + save + chart): {(time.perf_counter() - first) * 1e3:.0f} ms")
        assert "kundli" in reply, reply
        timings = []
        for _ in range(options.turns):
            turn = time.perf_counter()
            reply = texts(luna.say(sender, "show my kundli"))
            timings.append((time.perf_counter() - turn) * 1e3)
            assert "Ravi's kundli" in reply, reply
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"kundli turn over REST, {options.turns} turns: median {statistics.median(timings):.0f} ms, "
              f"p95 {p95:.0f} ms, min {timings[0]:.0f} ms")
    finally:
        luna.stop()


if __name__ == "__main__":
    main()
