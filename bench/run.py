"""Run every benchmark in ``bench/`` (each in its own process, so RSS figures stay separate).

Each ``bench_*.py`` prints its numbers and writes ``bench/results/<name>.json``; this runner
also writes ``bench/results/summary.json`` listing which ran, whether each succeeded and how
long it took, ends with a line naming the ones that failed, and exits 1 if any did.

``--quick`` (``python bench/run.py --quick``) runs every benchmark end to end on a small sample
(``EDGE_AGENT_BENCH_QUICK=1`` in each script: fewer runs, scenarios, panel messages and
decisions, the default model only, no GoEmotions scoring) and writes under
``bench/results/quick/``: a check that every benchmark still runs, in minutes rather than the
hour the full run takes on two shared cores. Its figures are not for quoting.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run every bench/bench_*.py.")
    ap.add_argument("--quick", action="store_true",
                    help="every benchmark on a small sample, into bench/results/quick/")
    ap.add_argument("--only", default="", help="comma-separated benchmark names (all)")
    args = ap.parse_args(argv)
    results = RESULTS / "quick" if args.quick else RESULTS
    results.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "EDGE_AGENT_BENCH_QUICK": "1" if args.quick else "0"}
    only = {n for n in args.only.split(",") if n}
    known = {script.stem.removeprefix("bench_") for script in HERE.glob("bench_*.py")}
    if only - known:
        ap.error(f"no benchmark named {', '.join(sorted(only - known))} "
                 f"(there are: {', '.join(sorted(known))})")
    summary = {}
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        name = script.stem.removeprefix("bench_")
        if only and name not in only:
            continue
        out = results / f"{name}.json"
        print(f"=== {name} ===", flush=True)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script), str(out)], cwd=HERE.parent,
                              env=env)
        summary[name] = {
            "ok": proc.returncode == 0,
            "seconds": round(time.perf_counter() - start, 1),
            "json": str(out.relative_to(HERE.parent)),
        }
        failed += proc.returncode != 0
    (results / "summary.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))
    print(verdict(summary))
    return 1 if failed else 0


def verdict(summary: dict[str, dict]) -> str:
    """One closing line naming the benchmarks that failed: the JSON above it is long, and a
    failure scrolled out of sight was read as a run that finished."""
    failed = [name for name, row in summary.items() if not row["ok"]]
    if not failed:
        return f"all {len(summary)} benchmarks ran to the end"
    return f"FAILED {len(failed)} of {len(summary)}: {', '.join(failed)} (see the output above)"


if __name__ == "__main__":
    sys.exit(main())
