"""Sensitivity of the policy ranking to the response model's parameters.

The response model's effect sizes are literature-informed guesses, not measurements, so the
evaluation must show how much its conclusions depend on them. :data:`GRID` varies every
parameter of :class:`~sims.response.ResponseParams` one at a time (low / high around the
default, switching an effect off where that makes sense) while everything else stays at its
default; each point reruns the same sweep and reports the policy ranking.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sims.metrics import dialogue_metrics, summary_table
from sims.promises import SWEEP
from sims.response import ResponseParams
from sims.runner import RunConfig, run

GRID: dict[str, tuple[float, ...]] = {
    # affect: how the creditor's displayed emotion moves the debtor's, and for how long
    "decay": (0.3, 0.85),  # share of the distance to the baseline kept each turn
    "reciprocity": (0.0, 0.5),  # anger begets anger
    "anger_fear": (0.0, 0.3),  # anger frightens low-power debtors
    "contagion": (0.0, 0.3),  # joy spreads
    "comfort": (0.0, 0.3),  # empathy soothes distress
    "firmness_distress": (0.0, 0.3),  # victims escalate under firmness
    # concession
    "anger_concession": (0.0, 0.8),  # Van Kleef 2004 / Sinaceur & Tiedens 2006 effect size
    "joy_discount": (0.0, 0.3),  # smaller concessions to a happy opponent
    "supplication_gain": (0.0, 0.4),  # empathy invites concessions (cooperative debtors)
    "supplication_exploit": (0.0, 0.4),  # ...and is exploited (competitive debtors)
    "hostility_brake": (0.3, 0.9),  # own anger slows concessions
    "anxiety_speedup": (0.0, 0.6),  # own fear speeds them
    "deadline_gain": (0.5, 2.0),  # time pressure
    "reciprocal_concession": (0.0, 0.6),  # matching the creditor's concessions
    # break-off and expression
    "breakoff_anger": (0.0, 0.16),
    "breakoff_fear": (0.0, 0.08),
    "express_threshold": (0.25, 0.5),  # how strong an emotion must be to show in the text
    # promise keeping (sims/promises.py): the published range of each rate
    **SWEEP,
}


def points() -> list[tuple[str, dict[str, float]]]:
    """(label, params) for the default and every one-at-a-time variation."""
    base = ResponseParams().to_dict()
    out = [("default", base)]
    for name, values in GRID.items():
        for v in values:
            out.append((f"{name}={v:g}", {**base, name: v}))
    return out


def ranking(table: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Policies over all personas, best (lowest debt multiple) first."""
    rows = [r for r in table if r["debtor"] == "all"]
    return sorted(rows, key=lambda r: (r["debt_multiple"], -r["success_rate"]))


def run_grid(
    base: RunConfig,
    out: Path,
    workers: int = 1,
    executor: str = "local",
    progress: Callable[[str], None] | None = None,
) -> str:
    """Run every grid point into ``out/<label>``; return (and write) the markdown table."""
    lines = [
        "| parameters | ranking by debt multiple (best first) | eq rank | eq DM | vanilla DM "
        "| eq vs vanilla DM | eq - vanilla success | eq kept value | vanilla kept value "
        "| eq vs vanilla kept value |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, params in points():
        cfg = RunConfig(**{**base.identity(), "params": params})
        records = run(
            cfg, out / label.replace("=", "_"), workers=workers, executor=executor, resume=True
        )
        table = summary_table([dialogue_metrics(r) for r in records])
        ranked = ranking(table)
        names = [r["policy"] for r in ranked]
        by = {r["policy"]: r for r in ranked}
        eq, va = by.get("eq"), by.get("vanilla")
        cmp = sr = kv = "-"
        if eq and va:
            cmp = f"{100 * (1 - eq['debt_multiple'] / va['debt_multiple']):+.1f}% lower"
            sr = f"{eq['success_rate'] - va['success_rate']:+.3f}"
            if va["kept_value"] > 0:
                kv = f"{100 * (eq['kept_value'] / va['kept_value'] - 1):+.1f}%"
        lines.append(
            f"| {label} | {', '.join(names)} | {names.index('eq') + 1 if eq else '-'} "
            f"| {eq['debt_multiple']:.3f} | {va['debt_multiple']:.3f} | {cmp} | {sr} "
            f"| {eq['kept_value']:.3f} | {va['kept_value']:.3f} | {kv} |"
            if eq and va
            else f"| {label} | {', '.join(names)} | - | - | - | - | - | - | - | - |"
        )
        if progress:
            progress(label)
    text = "\n".join(lines) + "\n"
    (out / "grid.md").write_text(text, encoding="utf-8")
    return text
