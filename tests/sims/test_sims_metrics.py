"""Metrics on hand-computed examples."""

from __future__ import annotations

import math

import pytest

from sims.audit import audit_text
from sims.metrics import (
    bootstrap_ci,
    deescalation,
    dialogue_metrics,
    summarise,
    surplus_kept,
    wilson,
)


def test_wilson_interval_by_hand():
    p, lo, hi = wilson(8, 10)
    assert p == 0.8
    assert lo == pytest.approx(0.4902, abs=1e-4) and hi == pytest.approx(0.9433, abs=1e-4)
    assert wilson(0, 10)[1] == 0.0 and math.isnan(wilson(0, 0)[0])


def test_bootstrap_is_seeded_and_brackets_the_mean():
    data = [0.2, 0.4, 0.6, 0.8]
    lo, hi = bootstrap_ci(data, seed=1)
    assert (lo, hi) == bootstrap_ci(data, seed=1)
    assert lo <= 0.5 <= hi and bootstrap_ci([0.5, 0.5])[0] == 0.5


def test_surplus_and_deescalation_by_hand():
    assert surplus_kept(40, 60, 20) == 0.5  # (60-40)/(60-20)
    assert surplus_kept(15, 60, 20) == 1.0  # clipped
    assert surplus_kept(60, 60, 60) is None  # no room inside the mandate
    assert deescalation(["anger", "anger", "neutral", "joy"]) == 1.0
    assert deescalation(["anger", "neutral", "sadness"]) == 0.0  # middle ignored
    assert deescalation(["neutral", "fear"]) == -1.0 and deescalation(["anger"]) is None


def _record(agreed_days, days_first="anger", sensor_top="anger", belief_top="neutral"):
    belief = {e: 0.0 for e in ("anger", "neutral")}
    belief[belief_top] = 1.0
    trace = {"sensor": {"top": sensor_top}, "belief": belief}
    msgs = [
        {"role": "creditor", "index": 1, "guard_caught": 0, "emitted_violations": [], "trace": {}},
        {"role": "debtor", "index": 2, "emotion": days_first},
        {
            "role": "creditor",
            "index": 3,
            "guard_caught": 1,
            "emitted_violations": [],
            "trace": trace,
        },
        {"role": "debtor", "index": 4, "emotion": "neutral"},
        {
            "role": "creditor",
            "index": None,
            "guard_caught": 0,
            "emitted_violations": [],
            "trace": {"sensor": {"top": "neutral"}, "belief": {"neutral": 1.0}},
        },
    ]
    return {
        "policy": "eq",
        "debtor": "angry",
        "messages": msgs,
        "hidden": {"reservation": 20},
        "scenario": {"scenario_id": "x", "creditor_target_days": 10, "max_days": 50},
        "outcome": {
            "agreed": agreed_days is not None,
            "agreed_days": agreed_days,
            "outcome": "within_tolerance" if agreed_days else "limit",
            "messages": 4,
        },
    }


def test_dialogue_metrics_by_hand():
    m = dialogue_metrics(_record(30))
    assert m["debt_multiple"] == 3.0 and m["collection"] == pytest.approx(1 / 3)
    assert m["surplus_kept"] == pytest.approx(20 / 30)  # (50-30)/(50-20)
    assert m["deescalation"] == 1.0 and m["creditor_messages"] == 3
    assert (m["sensor_hits"], m["tracker_hits"], m["judged"]) == (2, 1, 2)
    assert m["guard_caught"] == 1 and m["emitted_bad"] == 0


def test_summary_by_hand():
    rows = [
        dialogue_metrics(_record(30)),
        dialogue_metrics(_record(20)),
        dialogue_metrics(_record(None)),
    ]
    s = summarise(rows, "eq", "angry")
    assert s["n"] == 3 and s["success_rate"] == pytest.approx(2 / 3)
    assert s["mean_days"] == 25 and s["debt_multiple"] == 2.5
    assert s["collection_rate"] == pytest.approx((1 / 3 + 1 / 2) / 2)
    assert s["violations"] == pytest.approx(100 * 3 / 9)  # 3 caught drafts in 9 messages
    assert s["violations_emitted"] == 0 and s["mean_messages"] == 4


def test_independent_audit_catches_what_it_should():
    assert audit_text("Please pay within 30 days.", 30) == []
    assert audit_text("Pay in 30 days or we will sue you.", 30) == ["audit_threat"]
    assert audit_text("Pay in 45 days.", 30) == ["audit_days_mismatch"]
