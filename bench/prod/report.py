"""Figures from runs: turns/s, latency percentiles and errors per transport and overall,
as plain data (saved as JSON) and as Markdown tables (docs/performance.md)."""

from __future__ import annotations

from collections import Counter

from bench.prod.driver import Run
from bench.prod.transports import Turn

TRANSPORTS = ("rest", "telegram", "whatsapp")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def figures(turns: list[Turn], seconds: float, late: list[Turn] = ()) -> dict:
    """`turns` ended in the measured window; `late` started in it and ended after it (only
    their errors count)."""
    latencies = [turn.latency for turn in turns if turn.error is None]
    errors = Counter(_error_kind(turn.error) for turn in [*turns, *late] if turn.error)
    return {
        "turns": len(turns),
        "turns_per_s": round(len(turns) / seconds, 2) if seconds > 0 else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000),
        "p90_ms": round(percentile(latencies, 0.90) * 1000),
        "p99_ms": round(percentile(latencies, 0.99) * 1000),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "retried": sum(1 for turn in turns if turn.attempts > 1),
    }


def _error_kind(error: str) -> str:
    return error.split(":")[0] if error.startswith("wrong reply") else error


def run_figures(run: Run) -> dict:
    low, high = run.window
    seconds = high - low
    turns, late = run.turns(), run.late()
    by_transport = {name: figures([t for t in turns if t.transport == name], seconds,
                                  [t for t in late if t.transport == name])
                    for name in TRANSPORTS if any(t.transport == name for t in [*turns, *late])}
    return {
        "label": run.label,
        "replicas": run.replicas,
        "users": run.users,
        "measured_seconds": round(seconds, 1),
        "overall": figures(turns, seconds, late),
        "by_transport": by_transport,
        "by_kind": {kind: figures([t for t in turns if t.kind == kind], seconds)
                    for kind in sorted({t.kind for t in turns})},
        "bench_cpu_share": round(run.bench_cpu_seconds / max(run.window[1], 1e-9), 3),
        "events": [(what, round(at, 1)) for what, at in run.events],
    }


def load_table(results: list[dict]) -> str:
    """One row per run and transport."""
    lines = ["| replicas | users | transport | turns | turns/s | p50 ms | p90 ms | p99 ms | errors |",
             "|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    for result in results:
        rows = [*result["by_transport"].items(), ("**all**", result["overall"])]
        for name, f in rows:
            lines.append(f"| {result['replicas']} | {result['users']} | {name} | {f['turns']} | {f['turns_per_s']} | "
                         f"{f['p50_ms']} | {f['p90_ms']} | {f['p99_ms']} | {f['errors']} |")
    return "\n".join(lines)


def kind_table(result: dict) -> str:
    lines = ["| turn | turns | p50 ms | p90 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
    for kind, f in result["by_kind"].items():
        lines.append(f"| {kind} | {f['turns']} | {f['p50_ms']} | {f['p90_ms']} | {f['p99_ms']} |")
    return "\n".join(lines)


def cpu_table(results: list[dict]) -> str:
    """CPU milliseconds per turn, by process, for each run."""
    names = list(dict.fromkeys(name for result in results for name in result.get("cpu_ms_per_turn", {})))
    lines = ["| process | " + " | ".join(f"{r['replicas']} replica(s)" for r in results) + " |",
             "|---|" + "---:|" * len(results)]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(str(r.get("cpu_ms_per_turn", {}).get(name, "")) for r in results)
                     + " |")
    lines.append("| share of the 2 cores busy | " + " | ".join(str(r.get("cpu_share_of_2_cores", ""))
                                                              for r in results) + " |")
    return "\n".join(lines)
