"""Run every benchmark in ``bench/`` (each in its own process, so RSS figures stay separate).

Each ``bench_*.py`` prints its numbers and writes ``bench/results/<name>.json``; this runner
also writes ``bench/results/summary.json`` listing which ran and whether they succeeded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def main() -> int:
    RESULTS.mkdir(exist_ok=True)
    summary = {}
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        name = script.stem.removeprefix("bench_")
        out = RESULTS / f"{name}.json"
        print(f"=== {name} ===", flush=True)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script), str(out)], cwd=HERE.parent)
        summary[name] = {
            "ok": proc.returncode == 0,
            "seconds": round(time.perf_counter() - start, 1),
            "json": str(out.relative_to(HERE.parent)),
        }
        failed += proc.returncode != 0
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2))
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
