"""Time per turn of each EQ stage over a few hundred scripted turns.

Runs scripted debtors (conceding, stubborn, hostile, distressed) against the template
backend with every available sensor, and reports mean, p50 and p95 per stage (parse, sensor,
tracker, policy, realiser, guard). The lexicon sensor's run is the in-run baseline for the
default sensor's. Writes ``bench/results/turns.json`` (or the path given as argv[1]).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

from edge_agent import Negotiator, Scenario
from edge_agent.sense import default_sensor_name

SCRIPTS = {
    "conceding": ["I need 150 days, I lost my job.", "That's impossible. 120 days?",
                  "I'm really struggling. 90 days.", "Please, 60 days.", "OK, 45 days.",
                  "35 days then.", "Fine, 28 days.", "25 days.", "20 days.", "18 days."],
    "stubborn": ["I need 150 days."] * 16,
    "hostile": ["This is outrageous, you people are thieves!", "I will call my lawyer.",
                "No. 180 days or nothing!", "Stop harassing me!", "Ridiculous. 150 days."] * 3,
    "distressed": ["I'm scared, I can't sleep.", "I lost my job and my wife is sick.",
                   "Please, I need 100 days.", "I'm terrified of losing the house. 80 days?",
                   "I'm so sorry. 70 days.", "60 days, please.", "50 days."] * 2,
}
STAGES = ("parse_ms", "sensor_ms", "tracker_ms", "policy_ms", "realiser_ms", "guard_ms")


def run(sensor: str, seeds: int) -> dict[str, object]:
    scenario = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)
    samples: dict[str, list[float]] = {s: [] for s in STAGES}
    totals: list[float] = []
    shared = Negotiator(scenario, sensor=sensor).sensor  # load the model once
    for seed in range(seeds):
        for script in SCRIPTS.values():
            agent = Negotiator(scenario, policy="eq", seed=seed, sensor=shared)
            agent.open()
            for text in script:
                if agent.status != "open":
                    break
                t = time.perf_counter()
                reply = agent.respond(text)
                totals.append((time.perf_counter() - t) * 1000)
                for stage in STAGES:
                    samples[stage].append(reply.trace["timings"][stage])
    return {
        "sensor": sensor,
        "turns": len(totals),
        "stages": {s: _summary(v) for s, v in samples.items()},
        "turn_total_ms": _summary(totals),
    }


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "mean": round(statistics.fmean(values), 4),
        "p50": round(ordered[len(ordered) // 2], 4),
        "p95": round(ordered[int(len(ordered) * 0.95)], 4),
    }


def main(out: Path) -> dict[str, object]:
    sensors = ["lexicon"] + ([default_sensor_name()] if default_sensor_name() != "lexicon" else [])
    seeds = 1 if os.environ.get("EDGE_AGENT_BENCH_QUICK") == "1" else 8  # bench/run.py --quick
    results = {"benchmark": "turn stages", "runs": [run(s, seeds=seeds) for s in sensors]}
    for r in results["runs"]:
        print(f"\nsensor={r['sensor']}  turns={r['turns']}  (ms per turn: mean / p50 / p95)")
        for stage, s in {**r["stages"], "total": r["turn_total_ms"]}.items():
            label = stage.removesuffix("_ms")
            print(f"  {label:<9} {s['mean']:8.3f} {s['p50']:8.3f} {s['p95']:8.3f}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"wrote {out}")
    return results


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench/results/turns.json"))
