"""Tables and plots of a run, rebuilt from ``dialogues.jsonl`` alone (``sim report DIR``)."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sims.metrics import SUMMARY_COLUMNS, TERMS, dialogue_metrics, summary_table
from sims.runner import JSONL, read_records


def build(
    out: Path, records: Sequence[dict[str, Any]] | None = None, plots: bool = True
) -> list[dict[str, Any]]:
    """Write ``summary.csv``, ``summary.md`` and (if matplotlib is there) the PNG plots."""
    records = read_records(out / JSONL) if records is None else records
    if not records:
        raise ValueError(f"no dialogues in {out / JSONL}")
    metrics = [dialogue_metrics(r) for r in records]
    table = summary_table(metrics)
    write_csv(out / "summary.csv", table)
    (out / "summary.md").write_text(markdown(table, metrics, records), encoding="utf-8")
    if plots:
        try:
            from sims import plots as pl
        except ImportError:  # matplotlib is the optional extra ``sim``
            pass
        else:
            pl.bar_by_persona(table, "debt_multiple", out / "debt_multiple.png")
            pl.bar_by_persona(table, "success_rate", out / "success_rate.png")
            pl.trajectories(records, out / "emotion_trajectories.png")
    return table


def write_csv(path: Path, table: Sequence[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(SUMMARY_COLUMNS))
        w.writeheader()
        for row in table:
            w.writerow({k: _fmt(row[k]) for k in SUMMARY_COLUMNS})


def _fmt(v: Any) -> Any:
    if isinstance(v, float):
        return "" if math.isnan(v) else f"{v:.4f}"
    return v


def _f(v: float, digits: int = 2) -> str:
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{digits}f}"


def headline(table: Sequence[dict[str, Any]]) -> str:
    """Per policy over all personas: the README's headline table."""
    lines = [
        "| policy | n | success (95% CI) | debt multiple | mean days | collection (95% CI) "
        "| messages | violations /100 (guard / emitted) | surplus kept | de-escalation "
        "| sensor acc | HMM acc | kept value | broken |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in (r for r in table if r["debtor"] == "all"):
        lines.append(
            f"| {r['policy']} | {r['n']} | {_f(r['success_rate'])} "
            f"({_f(r['success_lo'])}-{_f(r['success_hi'])}) | {_f(r['debt_multiple'])} "
            f"| {_f(r['mean_days'], 1)} | {_f(r['collection_rate'])} "
            f"({_f(r['collection_lo'])}-{_f(r['collection_hi'])}) | {_f(r['mean_messages'], 1)} "
            f"| {_f(r['violations'])} / {_f(r['violations_emitted'])} | {_f(r['surplus_kept'])} "
            f"| {_f(r['deescalation'])} | {_f(r['sensor_acc'])} | {_f(r['tracking_acc'])} "
            f"| {_f(r.get('kept_value', math.nan), 3)} | {r.get('broken', 0)} |"
        )
    return "\n".join(lines)


def terms() -> str:
    """The definitions of the words the tables use (``sims.metrics.TERMS``)."""
    return "\n".join(f"- **{term}**: {text}" for term, text in TERMS.items())


def pivot(table: Sequence[dict[str, Any]], column: str, digits: int = 2) -> str:
    policies = list(dict.fromkeys(r["policy"] for r in table))
    debtors = [d for d in dict.fromkeys(r["debtor"] for r in table)]
    cell = {(r["policy"], r["debtor"]): r[column] for r in table}
    lines = ["| debtor | " + " | ".join(policies) + " |", "|---|" + "---|" * len(policies)]
    for d in debtors:
        lines.append(
            f"| {d} | " + " | ".join(_f(cell.get((p, d), math.nan), digits) for p in policies)
            + " |"
        )
    return "\n".join(lines)


def target_check(table: Sequence[dict[str, Any]]) -> str:
    """The issue's target for ``eq`` against ``vanilla``, stated as measured."""
    rows = {r["policy"]: r for r in table if r["debtor"] == "all"}
    if "eq" not in rows or "vanilla" not in rows:
        return "Target check needs both `eq` and `vanilla` in the run."
    eq, va = rows["eq"], rows["vanilla"]
    reduction = 1 - eq["debt_multiple"] / va["debt_multiple"]
    ok_dm = reduction >= 0.25
    ok_sr = eq["success_rate"] >= va["success_rate"] - 0.02
    ok_v = eq["violations_emitted"] == 0
    kept = ""
    if not (math.isnan(eq["kept_value"]) or math.isnan(va["kept_value"])) and va["kept_value"]:
        gain = eq["kept_value"] / va["kept_value"] - 1
        kept = (f"\n- kept value: eq {_f(eq['kept_value'], 3)} vs vanilla "
                f"{_f(va['kept_value'], 3)} ({100 * gain:+.1f}%; target >= +10%): "
                f"{'met' if gain >= 0.10 else 'NOT met'}")
    return (
        f"- debt multiple: eq {_f(eq['debt_multiple'])} vs vanilla {_f(va['debt_multiple'])} "
        f"({100 * reduction:.1f}% lower; target >= 25%): {'met' if ok_dm else 'NOT met'}\n"
        f"- success: eq {_f(eq['success_rate'])} vs vanilla {_f(va['success_rate'])} "
        f"(target >= vanilla - 0.02): {'met' if ok_sr else 'NOT met'}\n"
        f"- emitted violations: eq {_f(eq['violations_emitted'])} per 100 messages "
        f"(guard caught {_f(eq['violations'])}): {'met' if ok_v else 'NOT met'}"
        + kept
    )


def voicing(metrics: Sequence[dict[str, Any]]) -> str | None:
    """For an LLM-debtor run: the share of debtor messages the model voiced, per persona."""
    counts: dict[str, list[int]] = {}
    for m in metrics:
        paths = [p for p in m.get("voiced", []) if p]
        c = counts.setdefault(m["debtor"], [0, 0])
        c[0] += paths.count("llm")
        c[1] += len(paths)
    total = [sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())]
    if not total[1]:
        return None
    rows = [f"| {d} | {c[0]} / {c[1]} | {_f(c[0] / c[1] if c[1] else math.nan)} |"
            for d, c in counts.items()]  # fmt: skip
    return (
        "## LLM debtor\n\nDebtor messages voiced by the model (the rest fell back to the rules "
        "sentence after a rejected draft and one retry):\n\n| debtor | voiced | share |\n"
        "|---|---|---|\n" + "\n".join(rows) + f"\n| all | {total[0]} / {total[1]} | "
        f"{_f(total[0] / total[1])} |"
    )


def _sweep(records: Sequence[dict[str, Any]]) -> str:
    from sims.promises import sweep_table

    judged = [r for r in records if "kept" in r["outcome"] and r.get("debtor_backend", "rules")
              in ("rules",)]  # fmt: skip
    if not judged:
        return "## Kept value across the promise sweep\n\nNo dialogue was judged."
    return ("## Kept value across the promise sweep\n\nThe same dialogues re-judged at each end "
            "of each promise parameter's published range (`sims/RESPONSE_MODEL.md`), one at a "
            "time:\n\n" + sweep_table(judged))


def markdown(table: Sequence[dict[str, Any]], metrics: Sequence[dict[str, Any]],
             records: Sequence[dict[str, Any]] | None = None) -> str:
    n_sc = len({m["scenario"] for m in metrics})
    outcomes: dict[str, int] = {}
    for m in metrics:
        outcomes[m["outcome"]] = outcomes.get(m["outcome"], 0) + 1
    infeasible = sum(m["reservation"] > m["max_days"] for m in metrics)
    reopen = [m for m in metrics if m["reopen_attempted"]]
    llm = voicing(metrics)
    return (
        "\n\n".join(
            [
                f"# Simulation summary\n\n{len(metrics)} dialogues, {n_sc} scenarios.",
                "## By policy (all personas)\n\n" + headline(table),
                "## Terms\n\n" + terms(),
                "## Target (eq vs vanilla)\n\n" + target_check(table),
                "## Debt multiple by persona\n\n" + pivot(table, "debt_multiple"),
                "## Success rate by persona\n\n" + pivot(table, "success_rate"),
                "## Kept value by persona\n\nThe collection value of the agreements that "
                "hold (0 for none or a broken one), per dialogue:\n\n"
                + pivot(table, "kept_value", 3),
                *([_sweep(records)] if records is not None else []),
                "## Outcomes\n\n"
                + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items()))
                + f"\n\nDialogues whose true reservation lies beyond the mandate "
                f"(no deal possible inside it): {infeasible}. Post-agreement reopen "
                f"attempts: {len(reopen)}, refused: "
                f"{sum(bool(m['reopen_refused']) for m in reopen)}. Agreements the "
                f"creditor's own session did not confirm: "
                f"{sum(m['creditor_confirmed'] is False for m in metrics)}. Explicit "
                f"consent (restate, then yes) cost {_confirm_cost(metrics)} messages per "
                f"agreement on average, outside the message limit.",
                *([llm] if llm else []),
            ]
        )
        + "\n"
    )


def _confirm_cost(metrics: list[dict[str, Any]]) -> str:
    costs = [m["confirmation_messages"] for m in metrics
             if m.get("confirmation_messages") is not None]
    return f"{sum(costs) / len(costs):.2f}" if costs else "n/a"
