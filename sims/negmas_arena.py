"""The NegMAS arena: edge-agent creditors and NegMAS's standard creditors on equal terms.

Every creditor meets the same debtors in NegMAS's SAO mechanism (20 rounds, the creditor
first; so 40 messages and the debtor's is the last):

- one issue, days from T to 5T (T: the CRAD row's creditor target; 5T: the mandate);
- creditor utility ``(5T - d) / 4T`` (1 at the target, 0 at the mandate, 0 without a deal);
- debtor utility ``(d - T) / 4T`` with a hidden reservation ``r`` (it takes nothing below
  ``r`` days), drawn uniformly between T and ``min(D, 5T)`` (D: the row's debtor target),
  from a generator seeded by (seed, row);
- debtors: NegMAS's BoulwareTB, LinearTB, ConcederTB, NaiveTitForTat and MiCRO;
- a cell is (row, seed, debtor); every creditor plays every cell, so differences between
  creditors are paired, and their confidence intervals are paired bootstraps over cells.

Edge creditors play through :class:`edge_agent.integrations.negmas.EdgeCreditorNegotiator`
(template backend); NegMAS creditors are AspirationNegotiator, BoulwareTB, LinearTB,
ConcederTB, NaiveTitForTat and MiCRO. Needs the optional ``negmas`` extra (AGPL-3.0).
"""

from __future__ import annotations

import csv
import math
import random
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edge_core import Scenario
from sims.metrics import bootstrap_ci
from sims.protocol import PolicySpec

N_STEPS = 20
NEGMAS_DEBTORS = ("BoulwareTB", "LinearTB", "ConcederTB", "NaiveTitForTat", "MiCRO")
NEGMAS_CREDITORS = ("Aspiration", "BoulwareTB", "LinearTB", "ConcederTB", "NaiveTitForTat",
                    "MiCRO")  # fmt: skip
EDGE_POLICIES = ("eq", "payoff", "wsls", "hmm", "vanilla", "fixed:neutral", "fixed:sadness",
                 "random", "boulware", "linear", "conceder", "eq/legacy",
                 "boulware/legacy")  # fmt: skip
REFERENCE = "eq"
LEGACY = "/legacy"
"""Suffix of an edge policy played as before this arena: CRAD's 5-day tolerance as its own
rule, its own 30-message clock, and the assumption that it answers the final message."""


def negmas_class(name: str) -> type:
    """A NegMAS SAO negotiator class by its short name (``Aspiration``, ``MiCRO``...)."""
    from negmas import sao

    full = "AspirationNegotiator" if name == "Aspiration" else f"{name}Negotiator"
    cls = getattr(sao, full, None)
    if cls is None:
        raise ValueError(f"unknown NegMAS negotiator {name!r} (no negmas.sao.{full})")
    return cls


@dataclass(frozen=True)
class Cell:
    """One debt against one debtor strategy: what every creditor plays."""

    row: int
    seed: int
    debtor: str
    target: int
    mandate: int
    reservation: int


def cells(scenarios: Sequence[Scenario], seeds: Sequence[int],
          debtors: Sequence[str]) -> list[Cell]:  # fmt: skip
    out = []
    for i, s in enumerate(scenarios):
        t, top = s.creditor_target_days, s.max_days
        high = max(t, min(s.debtor_target_days or top, top))
        for seed in seeds:
            r = int(np.random.default_rng([seed, i]).integers(t, high + 1))
            out.extend(Cell(i, seed, d, t, top, r) for d in debtors)
    return out


def play(cell: Cell, scenario: Scenario, creditor: str, sensor: Any) -> dict[str, Any]:
    """One SAO negotiation; the creditor is ``edge:<policy>`` or a NegMAS short name."""
    from negmas import SAOMechanism, make_issue
    from negmas.outcomes import make_os
    from negmas.preferences import AffineUtilityFunction

    t, span = cell.target, 4 * cell.target
    space = make_os([make_issue(values=(cell.target, cell.mandate), name="days")])
    # (5T - d) / 4T and (d - T) / 4T; with a mandate of 5T both run over [0, 1]
    cu = AffineUtilityFunction(
        [-1 / span], bias=cell.mandate / span, outcome_space=space, reserved_value=0.0
    )
    du = AffineUtilityFunction(
        [1 / span],
        bias=-t / span,
        outcome_space=space,
        reserved_value=(cell.reservation - t) / span,
    )
    mech = SAOMechanism(outcome_space=space, n_steps=N_STEPS)
    kind, _, name = creditor.partition(":")
    if kind == "edge":
        from edge_agent.integrations.negmas import EdgeCreditorNegotiator

        legacy = name.endswith(LEGACY)
        spec = PolicySpec.parse(name.removesuffix(LEGACY))
        neg = EdgeCreditorNegotiator(
            policy=spec.persona_policy, concession=spec.concession, seed=cell.seed,
            sensor=sensor, scenario=scenario, name="creditor", tell_deadline=not legacy,
            negotiator_options={"tolerance": 5, "max_messages": 30} if legacy else None,
        )  # fmt: skip
    else:
        neg = negmas_class(creditor)(name="creditor")
    mech.add(neg, ufun=cu)
    mech.add(negmas_class(cell.debtor)(name="debtor"), ufun=du)
    # Some NegMAS strategies (MiCRO) draw from the global generators: seed them by the cell,
    # so a rerun gives the same table and every creditor meets the same debtor draws.
    key = zlib.crc32(f"{cell.seed}:{cell.row}:{cell.debtor}".encode())
    random.seed(key)
    np.random.seed(key)
    state = mech.run()
    days = None if state.agreement is None else int(state.agreement[0])
    return {
        **asdict(cell), "creditor": creditor, "agreed": days is not None, "days": days,
        "utility": 0.0 if days is None else float(cu((days,))),
        "debtor_utility": float(du.reserved_value) if days is None else float(du((days,))),
        "multiple": None if days is None else days / t, "steps": state.step,
    }  # fmt: skip


def run_arena(
    scenarios: Sequence[Scenario],
    seeds: Sequence[int] = (0, 1),
    edge_policies: Sequence[str] = EDGE_POLICIES,
    negmas_creditors: Sequence[str] = NEGMAS_CREDITORS,
    debtors: Sequence[str] = NEGMAS_DEBTORS,
    sensor: str = "default",
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    """Every creditor against every cell; one result row per negotiation."""
    from edge_agent.sense import EmotionSensor, make_sensor

    for d in (*negmas_creditors, *debtors):
        negmas_class(d)
    for p in edge_policies:
        PolicySpec.parse(p.removesuffix(LEGACY))
    shared = EmotionSensor.default() if sensor == "default" else make_sensor(sensor)
    grid = cells(scenarios, seeds, debtors)
    creditors = [f"edge:{p}" for p in edge_policies] + list(negmas_creditors)
    rows, total = [], len(grid) * len(creditors)
    for c in creditors:
        for cell in grid:
            rows.append(play(cell, scenarios[cell.row], c, shared))
            if progress:
                progress(len(rows), total)
    return rows


def _mean(xs: Sequence[float]) -> float:
    return float(np.mean(xs)) if len(xs) else math.nan


def summarise(rows: Sequence[dict[str, Any]], seed: int = 0) -> list[dict[str, Any]]:
    """Per creditor: utility (bootstrap CI), agreement, debt multiple, and the paired
    difference from the reference creditor (edge eq) with its paired bootstrap CI."""
    by: dict[str, dict[tuple, dict[str, Any]]] = {}
    for r in rows:
        by.setdefault(r["creditor"], {})[(r["row"], r["seed"], r["debtor"])] = r
    ref = by.get(f"edge:{REFERENCE}", {})
    out = []
    for creditor, cellmap in by.items():
        keys = sorted(cellmap)
        util = [cellmap[k]["utility"] for k in keys]
        lo, hi = bootstrap_ci(util, seed=seed)
        mult = [cellmap[k]["multiple"] for k in keys if cellmap[k]["agreed"]]
        paired = [cellmap[k]["utility"] - ref[k]["utility"] for k in keys if k in ref]
        dlo, dhi = bootstrap_ci(paired, seed=seed) if paired else (math.nan, math.nan)
        per_debtor = {}
        for d in sorted({k[2] for k in keys}):
            per_debtor[d] = _mean([cellmap[k]["utility"] for k in keys if k[2] == d])
        out.append({
            "creditor": creditor, "n": len(keys), "utility": _mean(util), "utility_lo": lo,
            "utility_hi": hi, "agreement": _mean([float(cellmap[k]["agreed"]) for k in keys]),
            "multiple": _mean(mult), "diff_vs_eq": _mean(paired), "diff_lo": dlo,
            "diff_hi": dhi, "per_debtor": per_debtor,
        })  # fmt: skip
    out.sort(key=lambda s: -s["utility"])
    return out


def markdown(summary: Sequence[dict[str, Any]], meta: dict[str, Any]) -> str:
    debtors = list(summary[0]["per_debtor"]) if summary else []
    lines = [
        "# NegMAS arena",
        "",
        f"SAO, {N_STEPS} rounds, creditor first; days T..5T; creditor utility (5T - d) / 4T "
        f"(0 without a deal); debtors with a hidden reservation drawn between T and "
        f"min(D, 5T). {meta['rows']} CRAD rows x {len(meta['seeds'])} seeds x "
        f"{len(debtors)} debtors = {summary[0]['n'] if summary else 0} negotiations per "
        f"creditor; NegMAS {meta['negmas']}, sensor {meta['sensor']}, template backend.",
        "",
        f"Regenerate: `{meta['command']}` ({meta['seconds']:.0f} s on this machine).",
        "",
        "| creditor | utility (95% CI) | agreement | debt multiple | utility - eq "
        "(paired 95% CI) |",
        "|---|---|---|---|---|",
    ]
    for s in summary:
        diff = (
            "—"
            if s["creditor"] == f"edge:{REFERENCE}"
            else f"{s['diff_vs_eq']:+.3f} ({s['diff_lo']:+.3f} to {s['diff_hi']:+.3f})"
        )
        lines.append(
            f"| {s['creditor']} | {s['utility']:.3f} ({s['utility_lo']:.3f}-"
            f"{s['utility_hi']:.3f}) | {s['agreement']:.2f} | {_fmt(s['multiple'])} | {diff} |"
        )
    lines += ["", "## Creditor utility by debtor", "",
              "| creditor | " + " | ".join(debtors) + " |",
              "|---|" + "---|" * len(debtors)]  # fmt: skip
    for s in summary:
        cols = " | ".join(f"{s['per_debtor'][d]:.3f}" for d in debtors)
        lines.append(f"| {s['creditor']} | {cols} |")
    lines += ["", "## Target", "", target_line(summary)]
    return "\n".join(lines) + "\n"


def _fmt(x: float) -> str:
    return "—" if math.isnan(x) else f"{x:.2f}"


def target_line(summary: Sequence[dict[str, Any]]) -> str:
    """eq's utility against the best NegMAS creditor's, at agreement >= 0.9."""
    eq = next((s for s in summary if s["creditor"] == f"edge:{REFERENCE}"), None)
    theirs = [s for s in summary if not s["creditor"].startswith("edge:")]
    if eq is None or not theirs:
        return "- not measured (needs edge:eq and at least one NegMAS creditor)"
    best = max(theirs, key=lambda s: s["utility"])
    met = eq["utility"] >= best["utility"] and eq["agreement"] >= 0.9
    return (
        f"- eq {eq['utility']:.3f} at agreement {eq['agreement']:.2f} vs the best NegMAS "
        f"creditor, {best['creditor']}, {best['utility']:.3f} at {best['agreement']:.2f} "
        f"(eq - {best['creditor']}: {-best['diff_vs_eq']:+.3f}, paired 95% CI "
        f"{-best['diff_hi']:+.3f} to {-best['diff_lo']:+.3f}); target (eq >= best, "
        f"agreement >= 0.9): {'met' if met else 'NOT met'}"
    )


def write(out: Path, rows: Sequence[dict[str, Any]], meta: dict[str, Any]) -> Path:
    """``negotiations.csv`` (one row per negotiation) and ``summary.md``."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "negotiations.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    path = out / "summary.md"
    path.write_text(markdown(summarise(rows), meta), encoding="utf-8")
    return path


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start
