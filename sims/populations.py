"""Named debtor populations and the across-dialogue evaluation over them.

A *population* is a persona mix plus response-model parameters that differ from the defaults
in the **sign** of a response (firmness works or backfires; warmth is rewarded or exploited;
fear drives exits; hostility that calm persuades). Every value comes from the literature cited
in ``sims/RESPONSE_MODEL.md`` ("Populations"); none was chosen by looking at a policy's score.

The evaluation plays, per population, one fixed sequence of ``dialogues`` debtors (scenario
and persona drawn from ``(seed, population, index)``; every policy meets the same sequence:
common random numbers). A learning policy (``eq``, ``eq-paper``) carries its learned state
from each dialogue to the next, as it would on one device serving that population. Reported
per (population, policy): success with a Wilson 95% interval, debt multiple, concession loss
(agreed days minus the target, over agreements), break-offs, and the collection reward
``min(1, target / agreed)`` (0 without agreement) that defines the best fixed persona in
hindsight and the regret curve ``1 - cumulative reward of eq / of the best fixed persona``.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edge_core import Scenario
from edge_core.emotions import EMOTIONS
from sims.debtor import RuleDebtor, key_rng
from sims.metrics import wilson
from sims.perception import DEFAULT_PERCEPTION, make_perception
from sims.personas import PERSONAS
from sims.protocol import PolicySpec, play_dialogue
from sims.response import ResponseParams

FIXED = tuple(f"fixed:{e}" for e in EMOTIONS)
POLICIES = ("eq", "eq-paper", "vanilla", *FIXED, "boulware")
LEARNERS = ("eq", "eq-research", "eq-paper")


@dataclass(frozen=True)
class Population:
    name: str
    personas: tuple[str, ...]
    params: dict[str, float] = field(default_factory=dict)
    summary: str = ""

    def response(self) -> ResponseParams:
        return ResponseParams().scaled(**self.params)


POPULATIONS: dict[str, Population] = {p.name: p for p in (
    Population("crad-default", PERSONAS, {}, "the ten personas at the default parameters"),
    Population(
        "firmness-works", ("vanilla", "sad", "fear", "cheating", "stonewalling"),
        {"anger_concession": 0.8, "reciprocity": 0.1, "firmness_distress": 0.05},
        "low-power debtors concede to anger (Van Kleef et al. 2004; Sinaceur & Tiedens 2006)"),
    Population(
        "firmness-backfires", ("vanilla", "angry", "disgust", "threatening", "pressure"),
        {"anger_concession": -0.4, "reciprocity": 0.5, "breakoff_anger": 0.16},
        "anger met with less concession and counter-anger (Van Kleef & Côté 2007; "
        "Adam, Shirako & Maddux 2010; Friedman et al. 2004)"),
    Population(
        "warmth-rewarded", ("vanilla", "sad", "fear", "victim"),
        {"joy_discount": -0.3, "contagion": 0.3, "supplication_gain": 0.4,
         "supplication_exploit": 0.0},
        "positive emotion and empathy raise concessions (Kopelman, Rosette & Thompson 2006; "
        "Carnevale & Isen 1986)"),
    Population(
        "warmth-exploited", ("angry", "disgust", "threatening", "cheating", "pressure"),
        {"joy_discount": 0.3, "supplication_exploit": 0.4, "supplication_gain": 0.0},
        "competitive debtors concede less to a happy or supplicating creditor "
        "(Van Kleef et al. 2004; Van Kleef, De Dreu & Manstead 2006)"),
    Population(
        "fear-exits", ("fear", "sad", "victim", "vanilla"),
        {"breakoff_fear": 0.2, "anger_fear": 0.3, "anxiety_speedup": 0.0},
        "anxious debtors leave rather than concede (Brooks & Schweitzer 2011)"),
    Population(
        "hostile-persuadable", ("angry", "disgust", "threatening", "pressure"),
        {"comfort": 0.3, "contagion": 0.3, "hostility_brake": 0.9, "reciprocity": 0.5},
        "hostility that calm lowers and firmness spirals (Friedman et al. 2004; "
        "Brett, Shapiro & Lytle 1998)"),
)}  # fmt: skip


def parse_populations(text: str) -> list[str]:
    if text.strip().lower() == "all":
        return list(POPULATIONS)
    names = [n.strip() for n in text.split(",") if n.strip()]
    for n in names:
        if n not in POPULATIONS:
            raise ValueError(f"unknown population {n!r}; expected one of {', '.join(POPULATIONS)}")
    return names


def sequence(pop: Population, scenarios: Sequence[Scenario], n: int,
             seed: int) -> list[tuple[Scenario, str, str]]:  # fmt: skip
    """(scenario, persona, debtor key) for dialogue 1..n of a population."""
    out = []
    for i in range(n):
        rng = key_rng(seed, "population", pop.name, i)
        sc = scenarios[int(rng.integers(len(scenarios)))]
        persona = pop.personas[int(rng.integers(len(pop.personas)))]
        out.append((sc, persona, f"{pop.name}#{i}"))
    return out


def run_sequence(pop_name: str, policy: str, scenarios: Sequence[Scenario], n: int, seed: int,
                 sensor_name: str = "lexicon",
                 perception: str = DEFAULT_PERCEPTION) -> list[dict[str, Any]]:  # fmt: skip
    """One policy through one population's sequence; a compact record per dialogue. The
    debtors perceive the creditor's persona as ``perception`` says (``text``: from the words)."""
    pop = POPULATIONS[pop_name]
    items = sequence(pop, scenarios, n, seed)
    records, _ = carry(items, policy, seed, pop.response(), sensor_name, perception)
    return [_row(i, pop_name, policy, persona, sc, record)
            for i, ((sc, persona, _), record) in enumerate(zip(items, records, strict=True))]


def carry(items: Sequence[tuple[Scenario, str, str]], policy: str, seed: int,
          params: ResponseParams, sensor_name: str = "lexicon",
          perception: str = DEFAULT_PERCEPTION, backend: str = "template",
          learned: Any = None) -> tuple[list[dict[str, Any]], Any]:  # fmt: skip
    """Play ``policy`` through (scenario, persona, debtor key) against rules debtors in order,
    carrying a learning policy's state from each dialogue to the next, as one device serving
    those debtors would; returns the dialogue records and the state after the last one
    (``learned`` is the state before the first; None: an empty one). The one carrier: the
    population evaluation and the headline's warm-up (:mod:`sims.headline`) both use it."""
    from sims.runner import _sensor

    spec = PolicySpec.parse(policy)
    sensor = _sensor(sensor_name)
    records = []
    for sc, persona, key in items:
        debtor = RuleDebtor(sc, persona, seed, params, key=key,
                            perception=make_perception(perception))
        creditor_seed = int(key_rng(seed, key, "creditor").integers(2**31))
        record, learned = play_dialogue(sc, debtor, spec, seed=creditor_seed, sensor=sensor,
                                        backend=backend, learned=learned)  # fmt: skip
        records.append(record)
    return records, learned


def _row(i: int, pop_name: str, policy: str, persona: str, sc: Scenario,
         record: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    """The compact record of one population dialogue."""
    out = record["outcome"]
    agreed = out["agreed_days"] if out["agreed"] else None
    target = sc.creditor_target_days
    return {
        "index": i + 1, "population": pop_name, "policy": policy, "persona": persona,
        "scenario": sc.scenario_id, "target": target, "agreed": bool(out["agreed"]),
        "agreed_days": agreed, "outcome": out["outcome"],
        "reward": min(1.0, target / agreed) if agreed else 0.0,
        "kept": bool(out.get("kept")) if agreed else None,
        "kept_value": min(1.0, target / agreed) if agreed and out.get("kept") else 0.0,
        "personas_shown": [m["emotion"] for m in record["messages"]
                           if m["role"] == "creditor" and m.get("index")],
        "personas_read": [m["read_as"] for m in record["messages"]
                          if m["role"] == "creditor" and m.get("index")],
        "violations": sum(bool(m["emitted_violations"]) for m in record["messages"]
                          if m["role"] == "creditor"),
        "departures": departures(record),
    }  # fmt: skip


def departures(record: dict[str, Any]) -> list[str]:
    """The deal departures an anchored policy made in a dialogue, in order, by kind
    ("forbearance", "closing move", "ask what the debtor can afford", "no chase"...): what
    tells a cell's difference from ``vanilla`` apart from the persona learner's."""
    out = []
    for m in record["messages"]:
        trace = m.get("trace") or {}
        deal = ((trace.get("decision") or {}).get("reason") or {}).get("deal") or {}
        why = deal.get("departure") or ""
        if m["role"] == "creditor" and why and not why.startswith("none"):
            out.append(why.split(":")[0].split(" (")[0].strip())
    return out


def _mean(xs: Sequence[float]) -> float:
    return float(sum(xs) / len(xs)) if xs else math.nan


def summarise(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in rows if r["agreed"]]
    p, lo, hi = wilson(len(ok), len(rows))
    return {
        "n": len(rows), "success": p, "success_lo": lo, "success_hi": hi,
        "debt_multiple": _mean([r["agreed_days"] / r["target"] for r in ok]),
        "concession_loss": _mean([r["agreed_days"] - r["target"] for r in ok]),
        "breakoffs": sum(r["outcome"] == "debtor_left" for r in rows),
        "reward": _mean([r["reward"] for r in rows]),
        "kept_value": _mean([r.get("kept_value", math.nan) for r in rows]),
        "broken": sum(r.get("kept") is False for r in rows),
        "violations": sum(r["violations"] for r in rows),
    }  # fmt: skip


def regret_curve(mine: Sequence[dict[str, Any]], best: Sequence[dict[str, Any]]) -> list[float]:
    """``1 - cum reward(mine) / cum reward(best)`` at every dialogue index."""
    out, a, b = [], 0.0, 0.0
    for x, y in zip(mine, best, strict=True):
        a, b = a + x["reward"], b + y["reward"]
        out.append(1.0 - a / b if b > 0 else 0.0)
    return out


def _task(args: tuple[str, str, list[dict[str, Any]], int, int, str, str]) -> list[dict[str, Any]]:
    pop, policy, scenarios, n, seed, sensor, perception = args
    return run_sequence(pop, policy, [Scenario.from_dict(s) for s in scenarios], n, seed, sensor,
                        perception)  # fmt: skip


def evaluate(
    scenarios: Sequence[Scenario],
    populations: Sequence[str],
    out: Path,
    *,
    dialogues: int = 200,
    seed: int = 0,
    policies: Sequence[str] = POLICIES,
    workers: int = 1,
    sensor: str = "lexicon",
    progress: Callable[[str], None] | None = None,
    perception: str = DEFAULT_PERCEPTION,
) -> dict[str, Any]:
    """Run every (population, policy) sequence; write ``rows.jsonl`` and return the results."""
    out.mkdir(parents=True, exist_ok=True)
    sc = [s.to_dict() for s in scenarios]
    tasks = [(p, pol, sc, dialogues, seed, sensor, perception) for p in populations
             for pol in policies]  # fmt: skip
    start = time.perf_counter()
    results: list[list[dict[str, Any]]] = []
    if workers <= 1:
        for t in tasks:
            results.append(_task(t))
            if progress:
                progress(f"{t[0]} {t[1]}")
    else:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(workers) as pool:
            for t, res in zip(tasks, pool.imap(_task, tasks), strict=True):
                results.append(res)
                if progress:
                    progress(f"{t[0]} {t[1]}")
    elapsed = time.perf_counter() - start
    with (out / "rows.jsonl").open("w", encoding="utf-8") as fh:
        for res in results:
            for r in res:
                fh.write(json.dumps(r, sort_keys=True) + "\n")
    by = {(t[0], t[1]): res for t, res in zip(tasks, results, strict=True)}
    doc = analyse(by, populations, policies)
    doc["settings"] = {"dialogues": dialogues, "seed": seed, "scenarios": len(scenarios),
                       "sensor": sensor, "seconds": round(elapsed, 1), "workers": workers,
                       "perception": perception}
    (out / "results.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return doc


def analyse(by: dict[tuple[str, str], list[dict[str, Any]]], populations: Sequence[str],
            policies: Sequence[str]) -> dict[str, Any]:  # fmt: skip
    table, curves = [], {}
    for pop in populations:
        fixed = [p for p in policies if p.startswith("fixed:")]
        best = max(fixed, key=lambda p: (sum(r["reward"] for r in by[(pop, p)]),
                                         -fixed.index(p)), default=None)  # fmt: skip
        for pol in policies:
            row = {"population": pop, "policy": pol, **summarise(by[(pop, pol)])}
            if best is not None and (pol in LEARNERS or pol == "vanilla"):
                curve = regret_curve(by[(pop, pol)], by[(pop, best)])
                curves[f"{pop}|{pol}"] = curve
                row["regret_50"] = curve[min(49, len(curve) - 1)]
                row["regret_end"] = curve[-1]
            table.append(row)
        if best is not None:
            table.append({"population": pop, "policy": f"best fixed ({best.split(':')[1]})",
                          **summarise(by[(pop, best)])})  # fmt: skip
    personas = []
    for pop in populations:
        for persona in POPULATIONS[pop].personas:
            for pol in policies:
                rows = [r for r in by[(pop, pol)] if r["persona"] == persona]
                if rows:
                    personas.append({"population": pop, "persona": persona, "policy": pol,
                                     **summarise(rows)})  # fmt: skip
    return {"table": table, "curves": curves, "personas": personas}


def markdown(doc: dict[str, Any], shown: Sequence[str] = ("eq", "eq-paper", "vanilla",
                                                           "boulware")) -> str:  # fmt: skip
    """The README table: one row per population and policy (fixed personas: the best only)."""
    lines = [
        "| population | policy | success (95% CI) | debt multiple | concession loss (days) "
        "| break-offs | kept value | broken | regret @50 | regret @200 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in doc["table"]:
        if r["policy"] not in shown and not r["policy"].startswith("best fixed"):
            continue
        reg50 = f"{100 * r['regret_50']:+.1f}%" if "regret_50" in r else ""
        reg = f"{100 * r['regret_end']:+.1f}%" if "regret_end" in r else ""
        lines.append(
            f"| {r['population']} | {r['policy']} | {r['success']:.2f} ({r['success_lo']:.2f}-"
            f"{r['success_hi']:.2f}) | {r['debt_multiple']:.2f} | {r['concession_loss']:.1f} "
            f"| {r['breakoffs']} | {r.get('kept_value', math.nan):.3f} | {r.get('broken', '')} "
            f"| {reg50} | {reg} |"
        )
    means = {}
    for pol in shown:
        rows = [r for r in doc["table"] if r["policy"] == pol]
        if rows:
            means[pol] = (_mean([r["success"] for r in rows]),
                          _mean([r["debt_multiple"] for r in rows]),
                          _mean([r["concession_loss"] for r in rows]),
                          _mean([r.get("kept_value", math.nan) for r in rows]))  # fmt: skip
    for pol, (s, dm, cl, kv) in means.items():
        lines.append(f"| **mean** | {pol} | {s:.2f} | {dm:.2f} | {cl:.1f} | | {kv:.3f} | | | |")
    return "\n".join(lines) + "\n"


def persona_markdown(doc: dict[str, Any], mine: str = "eq", base: str = "vanilla") -> str:
    """Per population and debtor persona: ``mine`` against ``base`` on success, kept value and
    debt multiple, with the issue's per-type bounds (success >= base - 2 points, kept value
    >= base - 2%) marked."""
    rows = doc.get("personas", [])
    cell = {(r["population"], r["persona"], r["policy"]): r for r in rows}
    lines = [f"| population | persona | n | success {mine} / {base} | kept value {mine} / {base} "
             f"| debt multiple {mine} / {base} | within bounds |",
             "|---|---|---|---|---|---|---|"]  # fmt: skip
    for pop, persona in dict.fromkeys((r["population"], r["persona"]) for r in rows):
        a, b = cell.get((pop, persona, mine)), cell.get((pop, persona, base))
        if not a or not b:
            continue
        ok = (a["success"] >= b["success"] - 0.02
              and a["kept_value"] >= b["kept_value"] * 0.98 - 1e-12)  # fmt: skip
        lines.append(f"| {pop} | {persona} | {a['n']} | {a['success']:.2f} / {b['success']:.2f} "
                     f"| {a['kept_value']:.3f} / {b['kept_value']:.3f} "
                     f"| {a['debt_multiple']:.2f} / {b['debt_multiple']:.2f} "
                     f"| {'yes' if ok else 'no'} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def plot_curves(doc: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    cmap = plt.get_cmap("tab10")
    for ax, pol in zip(axes, ("eq", "eq-paper"), strict=True):
        pops = [k.split("|")[0] for k in doc["curves"] if k.endswith(f"|{pol}")]
        for i, pop in enumerate(pops):
            curve = doc["curves"][f"{pop}|{pol}"]
            ax.plot(range(1, len(curve) + 1), [100 * c for c in curve], label=pop,
                    color=cmap(i % 10))
        ax.axhline(5, color="grey", ls=":", lw=1)
        ax.axhline(0, color="black", lw=0.5)
        ax.set_xlabel("dialogue index (state carried across dialogues)")
        ax.set_title(f"{pol}: regret vs the best fixed persona in hindsight")
    axes[0].set_ylabel("regret, % of the best fixed persona's cumulative reward")
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


START, END = "<!-- populations:start -->", "<!-- populations:end -->"


def update_readme(readme: Path, block: str) -> None:
    """Replace the text between the population markers (appending them if absent)."""
    text = readme.read_text(encoding="utf-8")
    new = f"{START}\n{block}{END}"
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: new, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + new + "\n"
    readme.write_text(text, encoding="utf-8")
