"""The proof of issue 14: Luna's production-like topology (scripts/prod-local: PostgreSQL,
Redis, N action servers, N Rasa servers, nginx) driven by many simulated users through
nginx, over REST and the Telegram and WhatsApp webhooks (local Bot API and Graph API), with
a local OpenAI-compatible server for the free-form questions.

    .venvs/actions/bin/python bench/bench_prod.py latency          # quick: one user at a time,
                                                                    # Luna vs Rasa's default bot
    .venvs/actions/bin/python bench/bench_prod.py load --replicas 1 2
    .venvs/actions/bin/python bench/bench_prod.py fault             # kill + restart mid-run
    .venvs/actions/bin/python bench/bench_prod.py all               # all of it, for docs/performance.md

The topology runs in --dir (default /tmp/luna-bench-prod) on the bench's own ports (nginx
8280); it is stopped at the end unless --keep. Results: JSON and Markdown in --out.
See docs/performance.md for what the figures mean.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.prod import checks, report  # noqa: E402
from bench.prod.baseline import CACHE, DefaultBot, compare_latency, memory, shared_stores_endpoints  # noqa: E402
from bench.prod.driver import Run, play  # noqa: E402
from bench.prod.platforms import BenchBotApi, BenchGraphApi, BenchLlm, bind  # noqa: E402
from bench.prod.topology import ROOT, Topology  # noqa: E402
from bench.prod.transports import (  # noqa: E402
    TELEGRAM_SECRET,
    WHATSAPP_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN,
    Rest,
    Telegram,
    WhatsApp,
)

TELEGRAM_PORT, WHATSAPP_PORT, LLM_PORT, DEFAULT_BOT_PORT = 5500, 5501, 5502, 5490


class Bench:
    """The local platforms (for the whole command) and the topology they are wired into."""

    def __init__(self, options: argparse.Namespace, stack: ExitStack) -> None:
        self.options = options
        self.telegram_api = BenchBotApi()
        self.whatsapp_api = BenchGraphApi()
        self.llm = BenchLlm(options.llm_delay)
        for fake, port in ((self.telegram_api, TELEGRAM_PORT), (self.whatsapp_api, WHATSAPP_PORT),
                           (self.llm, LLM_PORT)):
            bind(fake, port)
            stack.enter_context(fake)
        self.inboxes = {"telegram": self.telegram_api.inboxes, "whatsapp": self.whatsapp_api.inboxes}
        self.topology: Topology | None = None
        self.results: dict = {}

    def environment(self) -> dict[str, str]:
        return {
            "TELEGRAM_TOKEN": self.telegram_api.token, "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
            "TELEGRAM_API_BASE_URL": self.telegram_api.url,
            "WHATSAPP_ACCESS_TOKEN": self.whatsapp_api.token,
            "WHATSAPP_PHONE_NUMBER_ID": self.whatsapp_api.phone_number_id,
            "WHATSAPP_APP_SECRET": WHATSAPP_APP_SECRET, "WHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY_TOKEN,
            "WHATSAPP_API_BASE_URL": self.whatsapp_api.url,
            "OPENAI_API_KEY": "sk-bench-local", "OPENAI_BASE_URL": self.llm.base_url, "LUNA_LLM_MODEL": "bench-model",
        }

    def topology_with(self, replicas: int) -> Topology:
        """The topology with `replicas` replicas up and ready (another size is stopped first)."""
        topology = Topology(Path(self.options.dir), replicas, port=self.options.port)
        recorded = topology.directory / "topology.json"
        if recorded.exists() and json.loads(recorded.read_text()).get("replicas") != replicas:
            say(f"stopping the {json.loads(recorded.read_text()).get('replicas')}-replica topology")
            topology.down()
        say(f"starting the topology with {replicas} replica(s) (prod-local up)")
        seconds = topology.up(self.environment())
        say(f"  ready in {seconds:.0f} s")
        self.results.setdefault("startup_s", {})[str(replicas)] = round(seconds)
        self.topology = topology
        return topology

    def transports(self) -> list:
        port, o = self.options.port, self.options
        return [Rest(port, retry=o.rest_retry), Telegram(port, self.telegram_api, o.quiet, o.timeout),
                WhatsApp(port, self.whatsapp_api, o.quiet, o.timeout)]

    def forget(self) -> None:
        for fake in (self.telegram_api, self.whatsapp_api, self.llm):
            fake.forget_calls()


def say(text: str) -> None:
    print(f"[{datetime.now(timezone.utc):%H:%M:%S}] {text}", flush=True)


def load(bench: Bench, replicas_list: list[int]) -> list[dict]:
    o = bench.options
    results = []
    for replicas in replicas_list:
        topology = bench.topology_with(replicas)
        bench.forget()
        say(f"load: {o.users} users, {replicas} replica(s), warm-up {o.warmup:.0f} s, measured {o.duration:.0f} s")
        cpu_before = topology.cpu()
        run = play(Run(f"load{replicas}", replicas, o.users, o.warmup), bench.transports(),
                   first_persona=replicas * 100_000, duration=o.duration)
        cpu_after = topology.cpu()
        result = report.run_figures(run)
        every_turn = len(run.turns(measured=False))
        result["cpu_ms_per_turn"] = {name: round((cpu_after[name] - cpu_before[name]) * 1000 / every_turn, 1)
                                     for name in cpu_after if every_turn}
        result["cpu_ms_per_turn"]["bench (users, platforms, LLM)"] = round(
            run.bench_cpu_seconds * 1000 / max(every_turn, 1), 1)
        result["cpu_share_of_2_cores"] = round(
            (sum(cpu_after.values()) - sum(cpu_before.values()) + run.bench_cpu_seconds)
            / (os.cpu_count() * (run.window[1])), 2)
        result["llm_calls"] = len(bench.llm.requests)
        results.append(result)
        f = result["overall"]
        say(f"  {f['turns_per_s']} turns/s, p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms, errors {f['errors']} "
            f"{f['error_kinds'] or ''}")
    bench.results["load"] = results
    if len(results) >= 2 and results[0]["overall"]["turns_per_s"]:
        bench.results["scaling"] = round(results[-1]["overall"]["turns_per_s"] / results[0]["overall"]["turns_per_s"],
                                         2)
        say(f"scaling {results[0]['replicas']} -> {results[-1]['replicas']} replicas: {bench.results['scaling']}x")
    return results


def fault(bench: Bench) -> dict:
    o = bench.options
    topology = bench.topology_with(2)
    bench.forget()

    def chaos(run: Run) -> None:
        time.sleep(o.warmup + o.kill_after)
        for name in ("rasa-1", "actions-1"):
            topology.kill(name)
            run.mark(f"kill {name}")
            say(f"  killed {name}")
        time.sleep(o.down_for)

        def restart(name: str) -> None:
            run.mark(f"start {name}")
            topology.start(name)
            run.mark(f"ready {name}")
            say(f"  {name} ready again")

        with ThreadPoolExecutor(2) as pool:
            list(pool.map(restart, ("rasa-1", "actions-1")))

    say(f"fault: {o.users} users on 2 replicas; rasa-1 and actions-1 killed {o.kill_after:.0f} s after the warm-up, "
        f"started again {o.down_for:.0f} s later; {o.duration:.0f} s more after they are ready")
    run = play(Run("fault", 2, o.users, o.warmup), bench.transports(), first_persona=900_000,
               duration=o.duration, chaos=chaos)
    time.sleep(max(3 * o.quiet, 3.0))  # late or duplicate replies still on their way
    near = checks.near_the_faults(run, margin=10.0)
    say(f"  {len(run.conversations)} conversations; the {len(near)} near the faults played again without faults")
    references = checks.replay(near, {t.name: t for t in bench.transports()}, bench.inboxes,
                               concurrency=o.users, label="reference", quiet=max(3 * o.quiet, 3.0))
    verdict = checks.verify(run, references, bench.inboxes, topology.rasa_url(2), topology.secret("RASA_API_TOKEN"))
    result = {"figures": report.run_figures(run), "checks": verdict, "rest_retry": o.rest_retry}
    bench.results["fault"] = result
    say(f"  seen vs fault-free: {verdict['seen_vs_fault_free']}; trackers: {verdict['trackers']}; errors inside "
        f"the kill window {len(verdict['errors_inside_window'])}, outside {len(verdict['errors_outside_window'])}")
    return result


def latency(bench: Bench) -> dict:
    o = bench.options
    topology = bench.topology if bench.topology else bench.topology_with(o.latency_replicas)
    default_bot = DefaultBot(DEFAULT_BOT_PORT)
    endpoints = shared_stores_endpoints(topology.directory / "defaultbot-endpoints.yml", topology.pg_port,
                                        topology.secret("PROD_PG_PASSWORD"), topology.redis_port,
                                        topology.secret("PROD_REDIS_PASSWORD"))
    default_on_stores = DefaultBot(DEFAULT_BOT_PORT + 1, endpoints)
    say("starting Rasa's default bot (rasa init) beside Luna: in memory, and on Luna's PostgreSQL and Redis")
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda bot: bot.start(), (default_bot, default_on_stores)))
        targets = {
            "luna direct (rasa-1 REST)": (topology.rasa_url(1), "horoscope today"),
            "luna via nginx": (f"http://127.0.0.1:{topology.port}", "horoscope today"),
            "default bot direct (REST)": (default_bot.url, "hello"),
            "default bot on PostgreSQL + Redis": (default_on_stores.url, "hello"),
        }
        say(f"latency: {o.turns} turns each, one at a time, round-robin")
        figures = compare_latency(targets, o.turns)
        rss = memory({"luna rasa-1": topology.pid("rasa-1"), "luna actions-1": topology.pid("actions-1"),
                      "default bot rasa": default_bot.process.pid if default_bot.process else None})
    finally:
        default_bot.stop()
        default_on_stores.stop()
    luna, baseline = figures["luna direct (rasa-1 REST)"]["p50_ms"], figures["default bot direct (REST)"]["p50_ms"]
    same_stores = figures["default bot on PostgreSQL + Redis"]["p50_ms"]
    result = {"turns": figures, "ratio_direct": round(luna / baseline, 2),
              "ratio_same_stores": round(luna / same_stores, 2),
              "ratio_nginx": round(figures["luna via nginx"]["p50_ms"] / baseline, 2), "memory": rss}
    for label, f in figures.items():
        say(f"  {label}: p50 {f['p50_ms']} ms, p90 {f['p90_ms']} ms ({f['message']!r})")
    say(f"  Luna / default bot p50: {result['ratio_direct']}x direct, {result['ratio_nginx']}x through nginx, "
        f"{result['ratio_same_stores']}x against the default bot on the same PostgreSQL and Redis")
    for name, m in rss.items():
        say(f"  {name}: RSS {m['rss_mib']} MiB ({m['with_children_mib']} MiB with children)")
    bench.results["latency"] = result
    return result


def machine() -> dict:
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal:"))
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "nproc": os.cpu_count(),
            "ram_gib": round(memory_kb / 1024 / 1024, 1), "cpu": model, "commit": commit.strip(),
            "load_before": os.getloadavg()}


def markdown(results: dict) -> str:
    parts = [f"Machine: {results['machine']}", f"Options: {results['options']}"]
    if "load" in results:
        parts += ["## Load", report.load_table(results["load"])]
        parts += ["CPU milliseconds per turn (whole run, warm-up included):", report.cpu_table(results["load"])]
        for result in results["load"]:
            parts += [f"Turn kinds, {result['replicas']} replica(s):", report.kind_table(result)]
    if "scaling" in results:
        parts.append(f"Scaling: {results['scaling']}x")
    if "fault" in results:
        figures = results["fault"]["figures"]
        parts += ["## Fault run", report.load_table([figures]), "Events: " + json.dumps(figures["events"]),
                  "```json\n" + json.dumps(results["fault"]["checks"], indent=1)[:6000] + "\n```"]
    if "latency" in results:
        parts += ["## Latency", "```json\n" + json.dumps(results["latency"], indent=1) + "\n```"]
    return "\n\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("latency", "load", "fault", "all"))
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2], help="load: the topologies to measure")
    parser.add_argument("--users", type=int, default=24, help="concurrent users (spread over the transports)")
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--duration", type=float, default=45.0, help="measured seconds (fault: after the restart)")
    parser.add_argument("--kill-after", type=float, default=15.0, help="fault: seconds after the warm-up")
    parser.add_argument("--down-for", type=float, default=5.0, help="fault: seconds between the kill and the start")
    parser.add_argument("--quiet", type=float, default=1.0,
                        help="messaging: a turn is over once its answer is there and the chat was quiet this long")
    parser.add_argument("--timeout", type=float, default=75.0,
                        help="a messaging turn's longest wait for its replies (above Rasa's 60 s lock lifetime)")
    parser.add_argument("--no-rest-retry", dest="rest_retry", action="store_false",
                        help="REST clients do not send a request again after a 502 or a dropped connection")
    parser.add_argument("--llm-delay", type=float, default=0.3, help="the local LLM's answer time (s)")
    parser.add_argument("--turns", type=int, default=30, help="latency: measured turns per target")
    parser.add_argument("--latency-replicas", type=int, default=1)
    parser.add_argument("--dir", default="/tmp/luna-bench-prod", help="PROD_DIR of the topology")
    parser.add_argument("--port", type=int, default=8280, help="PROD_PORT (nginx)")
    parser.add_argument("--out", default=str(CACHE / "results"), help="where results go (JSON and Markdown)")
    parser.add_argument("--keep", action="store_true", help="leave the topology running")
    options = parser.parse_args()
    results: dict = {"machine": machine(), "options": {k: v for k, v in vars(options).items() if k != "out"}}
    with ExitStack() as stack:
        bench = Bench(options, stack)
        bench.results = results
        try:
            if options.what in ("load", "all"):
                load(bench, options.replicas if options.what == "load" else [1, 2])
            if options.what in ("fault", "all"):
                fault(bench)
            if options.what in ("latency", "all"):
                latency(bench)
        finally:
            if bench.topology and not options.keep:
                say("stopping the topology (prod-local down)")
                bench.topology.down()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    (out / f"prod-{options.what}-{stamp}.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    (out / f"prod-{options.what}-{stamp}.md").write_text(markdown(results))
    say(f"results: {out}/prod-{options.what}-{stamp}.json and .md")


if __name__ == "__main__":
    main()
