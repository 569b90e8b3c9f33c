"""How fast the Telegram webhook acknowledges updates while Luna is busy answering, and
how long the answers take, with many chats writing at once. Real servers (trained model,
action server, SQLite in a temp directory) and a local Bot API server on 127.0.0.1.

    .venvs/actions/bin/python bench/bench_telegram_webhook.py [--chats 20] [--rounds 5]

Each round, every chat POSTs one update at the same moment (a greeting, then birth
details, which cast a chart and upload its picture, then horoscopes...). Printed: the
webhook's acknowledgement latency (what Telegram waits for) and the time until the
chat's first reply arrived at the Bot API.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from tests.assistant.servers import running_luna  # noqa: E402
from tests.telegram.fake_bot_api import FakeBotApi  # noqa: E402
from tests.telegram.update_payloads import load_update  # noqa: E402

SECRET = "bench_secret_token_0123456789"
ROUNDS = ["namaste", "I am Asha born 14 feb 1988 at 7:45 am in Chennai", "my horoscope", "what is my dasha",
          "panchang for tomorrow in Chennai"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=len(ROUNDS))
    options = parser.parse_args()
    database = f"sqlite:///{tempfile.mkdtemp()}/luna.db"
    with FakeBotApi() as fake, running_luna(database, TELEGRAM_TOKEN=fake.token, TELEGRAM_SECRET_TOKEN=SECRET,
                                            TELEGRAM_API_BASE_URL=fake.url) as luna:
        webhook = f"http://127.0.0.1:{luna.rasa_port}/webhooks/telegram/webhook"
        users = [720000001 + index for index in range(options.chats)]
        update_ids = iter(range(900000001, 999999999))
        acks: list[float] = []
        first_replies: list[float] = []

        def post(update: dict) -> float:
            request = urllib.request.Request(webhook, data=json.dumps(update).encode(), headers={
                "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as answer:
                assert answer.status == 200
            return time.perf_counter() - started

        with ThreadPoolExecutor(options.chats) as pool:
            for text in (ROUNDS * options.rounds)[: options.rounds]:
                before = {user: len(fake.sent_messages(user)) for user in users}
                updates = [load_update("text_message", update_id=next(update_ids), user_id=user, text=text)
                           for user in users]
                sent_at = time.perf_counter()
                acks += pool.map(post, updates)
                waiting = set(users)
                while waiting and time.perf_counter() - sent_at < 120:
                    for user in list(waiting):
                        if len(fake.sent_messages(user)) > before[user]:
                            first_replies.append(time.perf_counter() - sent_at)
                            waiting.discard(user)
                    time.sleep(0.01)
                time.sleep(2)  # the rest of the round's replies
        ms = [value * 1000 for value in acks]
        print(f"{options.chats} chats x {options.rounds} rounds = {len(ms)} updates")
        print(f"webhook acknowledgement: median {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
              f"max {max(ms):.1f} ms")
        print(f"first reply at the Bot API: median {statistics.median(first_replies):.2f} s, "
              f"p95 {percentile(first_replies, 0.95):.2f} s, max {max(first_replies):.2f} s "
              f"({len(first_replies)} of {len(ms)} chats answered)")


if __name__ == "__main__":
    main()
