"""The promise-keeping model: break rates per documented parameter, capacity, the common draw,
and kept value in the metrics."""

from __future__ import annotations

import numpy as np
import pytest

from edge_core import Scenario
from sims.debtor import RuleDebtor
from sims.metrics import dialogue_metrics, summarise
from sims.promises import break_probability, capacity_days, judge
from sims.response import ResponseParams

SC = Scenario(balance=1000.0, creditor_target_days=20, max_days=60, debtor_target_days=100)
P = ResponseParams()


@pytest.mark.parametrize(("agreed", "expected"), [
    (80, 0.144),  # at capacity: the affordable rate (IVA two-year terminations)
    (120, 0.144),  # beyond capacity in the debtor's favour: still the affordable rate
    (20, 0.4),  # at the creditor's target, wholly beyond capacity: the unaffordable rate
    (50, 0.144 + (0.4 - 0.144) * 0.5),  # half the shortfall: halfway (linear)
    (79, 0.144 + (0.4 - 0.144) / 60),  # one day short
])  # fmt: skip
def test_break_rate_by_hand(agreed, expected):
    assert break_probability(agreed, 80, 20, P) == pytest.approx(expected)


@pytest.mark.parametrize(("name", "value", "agreed", "expected"), [
    ("promise_break", 0.056, 80, 0.056),  # one-year IVA terminations
    ("promise_break", 0.33, 80, 0.33),  # lifetime IVA terminations
    ("unaffordable_break", 0.2, 20, 0.2),  # bottom of the promise-to-pay break range
    ("unaffordable_break", 0.6, 20, 0.6),  # the sweep's high end
])  # fmt: skip
def test_each_documented_rate_is_the_break_rate_at_its_end(name, value, agreed, expected):
    assert break_probability(agreed, 80, 20, P.scaled(**{name: value})) == pytest.approx(expected)


@pytest.mark.parametrize(("persona", "share", "expected"), [
    ("sad", 0.5, 40 + round(0.5 * 60)),  # halfway from the reservation to the stated need
    ("sad", 0.0, 40),  # capacity at the reservation: every accepted deal is affordable
    ("sad", 1.0, 100),  # capacity at the CRAD need
    ("cheating", 1.0, 40),  # overstated hardship: capacity is the reservation
])  # fmt: skip
def test_capacity_between_reservation_and_stated_need(persona, share, expected):
    assert capacity_days(SC, persona, 40, P.scaled(capacity_share=share)) == expected


def test_empirical_rates_match_the_model():
    """Over many independent draws the kept share is 1 - p, for each end of the range."""
    for agreed, p in ((80, 0.144), (20, 0.4)):
        rng = np.random.default_rng(7)
        kept = np.mean([judge(agreed, 80, 20, P, rng).kept for _ in range(20000)])
        assert kept == pytest.approx(1 - p, abs=0.01)


def test_the_draw_is_the_debtors_not_the_policys():
    """Same debtor, same draw: a longer (more affordable) agreement holds whenever a shorter
    one does (common random numbers)."""
    held = []
    for key in range(200):
        debtor = RuleDebtor(SC, "sad", seed=3, key=f"k{key}")
        a, b = debtor.promise(25), debtor.promise(55)
        assert a.capacity == b.capacity and a.keep_probability < b.keep_probability
        assert not a.kept or b.kept
        held.append((a.kept, b.kept))
        assert debtor.promise(25) == a  # deterministic
    assert any(b and not a for a, b in held)  # the shorter one breaks where the longer holds


def _record(agreed: int | None, kept: bool | None, p: float = 0.8) -> dict:
    outcome = {"agreed": agreed is not None, "agreed_days": agreed, "outcome": "limit",
               "messages": 10}  # fmt: skip
    if agreed is not None:
        outcome.update({"outcome": "within_tolerance", "kept": kept, "keep_probability": p,
                        "capacity": 50})  # fmt: skip
    else:
        outcome["kept"] = None
    return {"policy": "eq", "debtor": "sad", "scenario": SC.to_dict(),
            "hidden": {"reservation": 30}, "outcome": outcome, "messages": []}  # fmt: skip


def test_kept_value_in_the_metrics_by_hand():
    rows = [dialogue_metrics(r) for r in (_record(40, True), _record(40, False),
                                          _record(None, None))]  # fmt: skip
    assert [r["kept_value"] for r in rows] == [0.5, 0.0, 0.0]  # collection 20/40 when kept
    assert rows[1]["kept_value_expected"] == pytest.approx(0.5 * 0.8)
    s = summarise(rows, "eq", "sad")
    assert s["kept_value"] == pytest.approx(0.5 / 3) and s["broken"] == 1
    old = _record(40, True)
    for k in ("kept", "keep_probability", "capacity"):
        del old["outcome"][k]
    assert dialogue_metrics(old)["kept_value"] is None  # a record from before the model


def test_rejudging_a_stored_run_equals_its_verdicts_and_moves_with_the_rates(tmp_path):
    from sims.metrics import dialogue_metrics
    from sims.promises import rejudge, sweep_table
    from sims.runner import RunConfig, run
    from tests.sims.test_sims_debtors import SCENARIOS

    cfg = RunConfig(scenarios=[s.to_dict() for s in SCENARIOS], debtors=["sad", "vanilla"],
                    policies=["vanilla"], seed=5)  # fmt: skip
    records = run(cfg, tmp_path)
    assert any(r["outcome"]["agreed"] for r in records)
    for r in records:
        assert rejudge(r, P) == (dialogue_metrics(r)["kept_value"] or 0.0)
    never = P.scaled(promise_break=0.0, unaffordable_break=0.0)
    always = P.scaled(promise_break=1.0, unaffordable_break=1.0)
    assert sum(rejudge(r, always) for r in records) == 0.0
    assert sum(rejudge(r, never) for r in records) > 0.0
    table = sweep_table(records)
    assert table.count("\n") == 2 + 6 and "promise_break=0.056" in table
