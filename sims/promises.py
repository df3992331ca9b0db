"""Whether an agreement holds: the promise-keeping model of the simulated debtors.

An agreement is a promise to repay within the agreed days. Promises beyond what the debtor can
afford are the ones that break (the FCA's CONC 7.3.4 asks for forbearance precisely because an
unaffordable arrangement fails); a success rate that counts every agreement rewards pressing a
debtor into a timeline it cannot keep. So each simulated debtor has a hidden **capacity**, the
shortest timeline it can actually keep up, and an agreement at ``agreed`` days breaks with

    p = promise_break + (unaffordable_break - promise_break) * shortfall
    shortfall = clip((capacity - agreed) / (capacity - target), 0, 1)

``promise_break`` is the break rate of an affordable arrangement, ``unaffordable_break`` that of
one wholly beyond capacity (an agreement at the creditor's target when the debtor needs much
more). Sources and the sweep are in ``sims/RESPONSE_MODEL.md`` ("Promise keeping").

Capacity lies between the debtor's reservation ``r`` (the shortest timeline it can be pressed
into accepting) and its own stated need, the CRAD *Debtor Target Days* ``n``:
``capacity = r + capacity_share * (n - r)``. A ``cheating`` debtor overstates its need: its
capacity is its reservation (the hardship is not real, the shortfall is nil).

Whether a given agreement holds is one uniform draw per debtor, keyed by (seed, debtor key,
persona) and never by the creditor policy: every policy's agreement with the same debtor is
judged against the same draw (common random numbers), so a shorter, less affordable agreement
breaks whenever a longer one with that debtor would and sometimes when it would not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from edge_core import Scenario
from sims.response import ResponseParams, clip01

SWEEP: dict[str, tuple[float, ...]] = {
    "promise_break": (0.056, 0.33),  # IVA terminations: one year .. lifetime
    "unaffordable_break": (0.2, 0.6),  # promise-to-pay break rates 20-40%, and beyond
    "capacity_share": (0.0, 1.0),  # capacity at the reservation .. at the stated need
}
"""The promise parameters' published ranges (also in ``sims.grid.GRID``)."""

HONEST_NEED_PERSONAS_EXCLUDED = ("cheating",)
"""Personas whose stated need is not their capacity (they overstate hardship)."""


@dataclass(frozen=True)
class PromiseOutcome:
    """One agreement's fate: the probability it holds, and whether it did."""

    capacity: int
    keep_probability: float
    kept: bool

    def to_dict(self) -> dict[str, object]:
        return {"capacity": self.capacity, "keep_probability": round(self.keep_probability, 6),
                "kept": self.kept}  # fmt: skip


def capacity_days(scenario: Scenario, persona: str, reservation: int,
                  p: ResponseParams) -> int:  # fmt: skip
    """The shortest timeline this debtor can keep up (hidden, like the reservation)."""
    target = scenario.creditor_target_days
    if persona in HONEST_NEED_PERSONAS_EXCLUDED:
        return max(target, reservation)
    need = scenario.debtor_target_days or 3 * scenario.max_days // 2  # as sims.personas
    need = max(need, reservation)
    share = clip01(p.capacity_share)
    return max(target, round(reservation + share * (need - reservation)))


def break_probability(agreed: int, capacity: int, target: int, p: ResponseParams) -> float:
    """Probability that an agreement at ``agreed`` days breaks (see the module docstring)."""
    shortfall = clip01((capacity - agreed) / max(1, capacity - target))
    low, high = clip01(p.promise_break), clip01(p.unaffordable_break)
    return clip01(low + (high - low) * shortfall)


def judge(agreed: int, capacity: int, target: int, p: ResponseParams,
          rng: np.random.Generator) -> PromiseOutcome:  # fmt: skip
    """Draw whether the agreement holds (one uniform draw from ``rng``)."""
    q = 1.0 - break_probability(agreed, capacity, target, p)
    return PromiseOutcome(capacity, q, bool(rng.random() < q))


def rejudge(record: dict[str, Any], p: ResponseParams) -> float:
    """The kept value of a stored dialogue under other promise parameters.

    The promise model acts after the dialogue, so the dialogue itself is the same under any
    of its parameters: re-judging a stored record with the debtor's own draw (same key as
    :meth:`sims.debtor.RuleDebtor.promise`) gives exactly what a rerun would, at no cost."""
    from sims.debtor import key_rng

    out = record["outcome"]
    if not out["agreed"]:
        return 0.0
    sc = Scenario.from_dict(record["scenario"])
    agreed = int(out["agreed_days"])
    capacity = capacity_days(sc, record["debtor"], int(record["hidden"]["reservation"]), p)
    key = sc.scenario_id or "scenario"
    rng = key_rng(int(record["seed"]), key, record["debtor"], "promise")
    kept = judge(agreed, capacity, sc.creditor_target_days, p, rng).kept
    return min(1.0, sc.creditor_target_days / agreed) if kept else 0.0


def sweep_table(records: Sequence[dict[str, Any]], base: ResponseParams | None = None) -> str:
    """Kept value per policy at the default promise parameters and at each end of each swept
    range (one at a time), re-judged from the stored dialogues."""
    base = base or ResponseParams()
    policies = list(dict.fromkeys(r["policy"] for r in records))
    points = [("default", base)] + [(f"{k}={v:g}", base.scaled(**{k: v}))
                                     for k, vs in SWEEP.items() for v in vs]  # fmt: skip
    lines = ["| promise parameters | " + " | ".join(policies) + " |",
             "|---|" + "---|" * len(policies)]  # fmt: skip
    for label, params in points:
        cells = []
        for pol in policies:
            mine = [r for r in records if r["policy"] == pol and "seed" in r]
            cells.append(f"{np.mean([rejudge(r, params) for r in mine]):.3f}" if mine else "-")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
