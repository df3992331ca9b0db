"""Metrics of finished dialogues and their per-(policy, persona) summaries.

Per dialogue (:func:`dialogue_metrics`) from the stored record only, so ``sim report`` can
rebuild everything from ``dialogues.jsonl``. Definitions (issue 5):
- debt multiple = agreed days / creditor target; collection rate = min(1, target / agreed);
  both over agreed dialogues (failures are counted by the success rate);
- surplus kept = (max_days - agreed) / (max_days - true reservation), clipped to [0, 1];
  undefined when the reservation is at or beyond the mandate (no deal was possible inside it);
- de-escalation = share of negative debtor messages (true emotions) in the first half minus the
  share in the second half (positive: the dialogue calmed down);
- violations per 100 creditor messages: ``violations`` counts messages whose draft the guard
  caught (it then sent a safe fallback); ``violations_emitted`` counts emitted texts that fail
  the independent re-check (the guard again plus ``sims.audit``), which must stay 0;
- mandate breaches: agreements beyond the creditor's mandate (``max_days``);
- sensor accuracy: the sensor's top emotion equals the debtor message's true emotion;
  tracking accuracy: the HMM belief's top emotion equals it;
- kept value = the collection value of the agreements that hold: ``collection`` when the
  agreement was kept (:mod:`sims.promises`), 0 when it broke or there was none, averaged over
  every dialogue; ``kept_value_expected`` uses the keep probability instead of the draw (the
  same quantity without the draw's noise); ``broken`` counts agreements that did not hold.
  Records from before the promise model carry none of these (None).
- persona fidelity: share of the creditor messages the debtor answered (the counted ones) that
  the independent reader (:mod:`sims.perception`) reads as the persona the policy decided (an
  uninstructed reply, the vanilla baseline's, as neutral); recorded whatever the debtor
  perceived, so a ``--perception label`` run reports it too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from edge_core import NEGATIVE
from sims.perception import decided_persona

TERMS = {
    "debt multiple": "agreed days / creditor target, over agreed dialogues: how many times "
                     "the creditor's target the debtor got (1.0 is the target; lower is better "
                     "for the creditor).",
    "collection": "min(1, target / agreed) per agreed dialogue (0 without agreement in the "
                  "rewards): the share of the target's value the agreement kept.",
    "surplus kept": "(max_days - agreed) / (max_days - reservation), clipped to [0, 1]: the "
                    "share of the room between the mandate and the debtor's true reservation "
                    "that the creditor kept; undefined when no deal was possible inside the "
                    "mandate.",
    "regret": "1 - cumulative collection of the policy / that of the best fixed persona in "
              "hindsight, over a population's sequence of dialogues (`sim grid "
              "--populations`): what choosing the persona cost against the best single "
              "choice.",
    "kept value": "collection when the agreement was kept (sims/promises.py), 0 when it broke "
                  "or there was none, averaged over every dialogue: the value of the "
                  "agreements that hold.",
}
"""What the reports' words mean, written once: ``summary.md`` and the README define them from
here, because a newcomer met them undefined."""

SUMMARY_COLUMNS = (
    "policy", "debtor", "n", "success_rate", "success_lo", "success_hi", "mean_days",
    "debt_multiple", "collection_rate", "collection_lo", "collection_hi", "mean_messages",
    "violations", "violations_emitted", "surplus_kept", "deescalation", "sensor_acc",
    "tracking_acc", "mismatches", "confirm_cost", "unconfirmed", "kept_value",
    "kept_value_expected", "broken",
    "persona_fidelity", "backend",
    "mandate_breaches",
)  # fmt: skip


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float, float]:
    """Proportion ``k/n`` and its Wilson score interval (95% by default)."""
    if n == 0:
        return (math.nan, math.nan, math.nan)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (p, max(0.0, centre - half), min(1.0, centre + half))


def bootstrap_ci(
    values: Sequence[float],
    stat: Callable[[np.ndarray], float] = np.mean,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``stat`` (seeded: the same data give the same CI)."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, data.size, size=(n_boot, data.size))
    stats = np.array([stat(data[row]) for row in idx])
    alpha = (1 - level) / 2
    return (float(np.quantile(stats, alpha)), float(np.quantile(stats, 1 - alpha)))


def surplus_kept(agreed: int, max_days: int, reservation: int) -> float | None:
    if reservation >= max_days:
        return None
    return min(1.0, max(0.0, (max_days - agreed) / (max_days - reservation)))


def deescalation(emotions: Sequence[str]) -> float | None:
    """Negative share in the first half minus in the second (odd middle goes to neither)."""
    n = len(emotions)
    if n < 2:
        return None
    half = n // 2
    first, second = emotions[:half], emotions[n - half :]
    return sum(e in NEGATIVE for e in first) / half - sum(e in NEGATIVE for e in second) / half


def dialogue_metrics(record: dict[str, Any]) -> dict[str, Any]:
    """Flat metrics of one stored dialogue record."""
    out, sc, hidden = record["outcome"], record["scenario"], record["hidden"]
    msgs = record["messages"]
    debtor = [m for m in msgs if m["role"] == "debtor" and m.get("index")]
    creditor = [m for m in msgs if m["role"] == "creditor"]
    sensed = tracked = judged = 0
    for m in creditor:
        true = _debtor_emotion_before(msgs, m)
        trace = m.get("trace", {})
        if true is None or "sensor" not in trace:
            continue
        judged += 1
        sensed += trace["sensor"]["top"] == true
        belief = trace.get("belief")
        if belief:
            tracked += max(belief, key=lambda e: belief[e]) == true
    shown: dict[str, list[int]] = {}  # decided persona -> [read as it, judged]
    for m in creditor:
        if not m.get("index") or m.get("read_as") is None:
            continue
        instructed = m.get("trace", {}).get("decision", {}).get("instructed", True)
        cell = shown.setdefault(decided_persona(m["emotion"], instructed), [0, 0])
        cell[0] += m["read_as"] == decided_persona(m["emotion"], instructed)
        cell[1] += 1
    target = sc["creditor_target_days"]
    agreed = out["agreed_days"] if out["agreed"] else None
    reopen = [m for m in msgs if m.get("post_agreement")]
    judged_promise = "kept" in out  # records from before the promise model have no verdict
    collection = min(1.0, target / agreed) if agreed else None
    return {
        "policy": record["policy"],
        "debtor": record["debtor"],
        "backend": record.get("backend", "template"),
        "debtor_backend": record.get("debtor_backend", "rules"),
        "debtor_voice": record.get("debtor_voice", "rewrite"),
        "scenario": sc.get("scenario_id"),
        "agreed": bool(out["agreed"]),
        "agreed_days": agreed,
        "outcome": out["outcome"],
        "target": target,
        "max_days": sc["max_days"],
        "reservation": hidden["reservation"],
        "debt_multiple": agreed / target if agreed else None,
        "collection": collection,
        "kept": bool(out["kept"]) if judged_promise and agreed else None,
        "kept_value": (None if not judged_promise else
                       collection if agreed and out["kept"] else 0.0),
        "kept_value_expected": (None if not judged_promise else
                                collection * out["keep_probability"] if agreed else 0.0),
        "messages": out["messages"],
        "creditor_messages": len(creditor),
        "guard_caught": sum(m["guard_caught"] > 0 for m in creditor),
        "emitted_bad": sum(bool(m["emitted_violations"]) for m in creditor),
        "surplus_kept": (
            surplus_kept(agreed, sc["max_days"], hidden["reservation"]) if agreed else None
        ),
        "deescalation": deescalation([m["emotion"] for m in debtor]),
        "sensor_hits": sensed,
        "tracker_hits": tracked,
        "judged": judged,
        "mismatch": out["outcome"] == "mismatch",
        # an agreement beyond the creditor's mandate: the agent never makes one; an llm-alone
        # creditor may (counted, not prevented)
        "mandate_breach": bool(agreed and agreed > sc["max_days"]),
        "creditor_confirmed": out.get("creditor_status") == "agreed" if out["agreed"] else None,
        # Messages (both sides) the creditor's explicit-consent restatement cost after the
        # protocol had decided the agreement (not counted in ``messages``).
        "confirmation_messages": out.get("confirmation_messages") if out["agreed"] else None,
        "reopen_attempted": bool(reopen),
        "reopen_refused": all(m.get("reopen_refused") for m in reopen) if reopen else None,
        # LLM debtors only: which path gave each debtor message its words (llm or rules_fallback).
        "voiced": [(m.get("state") or {}).get("text_path") for m in debtor],
        "drafts": [(m.get("state") or {}).get("drafts") for m in debtor],
        "fidelity_hits": sum(c[0] for c in shown.values()),
        "fidelity_judged": sum(c[1] for c in shown.values()),
        "fidelity_by_persona": shown,
    }


def _debtor_emotion_before(msgs: list[dict[str, Any]], creditor_msg: dict[str, Any]) -> str | None:
    i = msgs.index(creditor_msg)
    if i == 0 or msgs[i - 1]["role"] != "debtor" or not msgs[i - 1].get("index"):
        return None
    return msgs[i - 1]["emotion"]


def _mean(values: Iterable[float | None]) -> float:
    vals = [v for v in values if v is not None]
    return float(np.mean(vals)) if vals else math.nan


def summarise(
    rows: Sequence[dict[str, Any]], policy: str, debtor: str, seed: int = 0
) -> dict[str, Any]:
    """One summary row over dialogues' metrics."""
    n = len(rows)
    ok = [r for r in rows if r["agreed"]]
    p, lo, hi = wilson(len(ok), n)
    coll = [r["collection"] for r in ok]
    clo, chi = bootstrap_ci(coll, seed=seed)
    cmsgs = sum(r["creditor_messages"] for r in rows)
    judged = sum(r["judged"] for r in rows)
    fjudged = sum(r.get("fidelity_judged", 0) for r in rows)
    return {
        "policy": policy,
        "debtor": debtor,
        "n": n,
        "success_rate": p,
        "success_lo": lo,
        "success_hi": hi,
        "mean_days": _mean(r["agreed_days"] for r in ok),
        "debt_multiple": _mean(r["debt_multiple"] for r in ok),
        "collection_rate": _mean(coll),
        "collection_lo": clo,
        "collection_hi": chi,
        "mean_messages": _mean(r["messages"] for r in ok),
        "violations": 100.0 * sum(r["guard_caught"] for r in rows) / cmsgs if cmsgs else 0.0,
        "violations_emitted": (
            100.0 * sum(r["emitted_bad"] for r in rows) / cmsgs if cmsgs else 0.0
        ),
        "surplus_kept": _mean(r["surplus_kept"] for r in ok),
        "deescalation": _mean(r["deescalation"] for r in rows),
        "sensor_acc": sum(r["sensor_hits"] for r in rows) / judged if judged else math.nan,
        "tracking_acc": sum(r["tracker_hits"] for r in rows) / judged if judged else math.nan,
        "mismatches": sum(r["mismatch"] for r in rows),
        "confirm_cost": _mean(r.get("confirmation_messages") for r in ok),
        "unconfirmed": sum(r["creditor_confirmed"] is False for r in rows),
        "kept_value": _mean(r.get("kept_value") for r in rows),
        "kept_value_expected": _mean(r.get("kept_value_expected") for r in rows),
        "broken": sum(r.get("kept") is False for r in rows),
        "persona_fidelity": (
            sum(r.get("fidelity_hits", 0) for r in rows) / fjudged if fjudged else math.nan
        ),
        "backend": "+".join(dict.fromkeys(r.get("backend", "template") for r in rows)),
        "mandate_breaches": sum(r.get("mandate_breach", False) for r in rows),
    }


def summary_table(metrics: Sequence[dict[str, Any]], seed: int = 0) -> list[dict[str, Any]]:
    """Rows per (policy, debtor) plus an ``all`` row per policy, in first-seen order."""
    policies = list(dict.fromkeys(m["policy"] for m in metrics))
    debtors = list(dict.fromkeys(m["debtor"] for m in metrics))
    table = []
    for pol in policies:
        mine = [m for m in metrics if m["policy"] == pol]
        for deb in debtors:
            rows = [m for m in mine if m["debtor"] == deb]
            if rows:
                table.append(summarise(rows, pol, deb, seed))
        table.append(summarise(mine, pol, "all", seed))
    return table
