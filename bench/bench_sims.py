"""Simulation throughput: dialogues per second per core, and the 2-worker speed-up.

Runs the same CRAD sweep (first scenarios x all ten personas x eq/vanilla/boulware, template
backend, lexicon sensor) with 1 and with 2 local worker processes, checks that both wrote the
same JSONL, and reports dialogues/second, dialogues/second/core and the speed-up. Uses the
bundled CRAD fixture when ../shared/datasets is absent. Writes ``bench/results/sims.json``
(or the path given as argv[1]). The 2-worker figure includes the worker processes' start-up.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from edge_core.scenario import default_crad_path
from sims.personas import PERSONAS
from sims.runner import JSONL, RunConfig, load_scenarios, run

HERE = Path(__file__).resolve().parent
LIMIT = 20
QUICK = os.environ.get("EDGE_AGENT_BENCH_QUICK") == "1"
"""``bench/run.py --quick``: the same measurements on a small sample (figures not for quoting)."""


def main() -> int:
    out_json = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "results" / "sims.json"
    crad = default_crad_path()
    path = crad if crad.is_file() else HERE.parent / "tests" / "data" / "crad_fixture.csv"
    scenarios = load_scenarios(path, 2 if QUICK else LIMIT)
    cfg = RunConfig(
        scenarios=[s.to_dict() for s in scenarios],
        debtors=list(PERSONAS),
        policies=["eq", "vanilla", "boulware"],
        seed=0,
    )
    n = len(cfg.jobs())
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            start = time.perf_counter()
            run(cfg, Path(tmp) / f"w{workers}", workers=workers)
            times[workers] = time.perf_counter() - start
        same = (Path(tmp) / "w1" / JSONL).read_bytes() == (Path(tmp) / "w2" / JSONL).read_bytes()
    result = {
        "dialogues": n,
        "scenarios": len(scenarios),
        "source": str(path),
        "seconds_1_worker": round(times[1], 2),
        "seconds_2_workers": round(times[2], 2),
        "dialogues_per_s_1_worker": round(n / times[1], 1),
        "dialogues_per_s_per_core": round(n / times[1], 1),
        "dialogues_per_s_2_workers": round(n / times[2], 1),
        "speedup_2_over_1": round(times[1] / times[2], 2),
        "identical_output": same,
    }
    print(json.dumps(result, indent=2))
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(result, indent=2))
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
