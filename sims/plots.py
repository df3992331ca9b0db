"""PNG plots of a run (matplotlib: the optional extra ``edge-agent[sim]``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from edge_core.emotions import EMOTIONS


def bar_by_persona(table: Sequence[dict[str, Any]], column: str, path: Path) -> None:
    """Grouped bars: one group per persona, one bar per policy."""
    policies = list(dict.fromkeys(r["policy"] for r in table))
    debtors = list(dict.fromkeys(r["debtor"] for r in table))
    cell = {(r["policy"], r["debtor"]): r[column] for r in table}
    fig, ax = plt.subplots(figsize=(max(8, 1.2 * len(debtors)), 4.5))
    width = 0.8 / max(1, len(policies))
    x = np.arange(len(debtors))
    cmap = plt.get_cmap("tab20")
    for i, pol in enumerate(policies):
        vals = [cell.get((pol, d), math.nan) for d in debtors]
        ax.bar(x + i * width - 0.4 + width / 2, vals, width, label=pol, color=cmap(i % 20))
    ax.set_xticks(x, debtors, rotation=30, ha="right")
    ax.set_ylabel(column.replace("_", " "))
    ax.set_title(f"{column.replace('_', ' ')} by debtor persona and creditor policy")
    ax.legend(fontsize=7, ncol=2, loc="best")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def trajectories(records: Sequence[dict[str, Any]], path: Path, count: int = 4) -> None:
    """Debtor true emotion (and creditor persona) per message for a few sample dialogues:
    the first scenario, personas in order, ``eq`` against ``vanilla`` where both exist."""
    wanted = [r for r in records if r["policy"] in ("eq", "vanilla")] or list(records)
    first = wanted[0]["scenario"].get("scenario_id")
    picks = [r for r in wanted if r["scenario"].get("scenario_id") == first][: 2 * count]
    if not picks:
        return
    fig, axes = plt.subplots(len(picks), 1, figsize=(9, 1.6 * len(picks)), sharex=True)
    axes = np.atleast_1d(axes)
    for ax, rec in zip(axes, picks, strict=False):
        msgs = [m for m in rec["messages"] if m.get("index")]
        deb = [(m["index"], EMOTIONS.index(m["emotion"])) for m in msgs if m["role"] == "debtor"]
        cre = [(m["index"], EMOTIONS.index(m["emotion"])) for m in msgs if m["role"] == "creditor"]
        if deb:
            ax.plot(*zip(*deb, strict=True), "o-", label="debtor (true)", color="tab:red")
        if cre:
            ax.plot(
                *zip(*cre, strict=True),
                "s--",
                label="creditor persona",
                color="tab:blue",
                alpha=0.6,
            )
        ax.set_yticks(range(len(EMOTIONS)), EMOTIONS, fontsize=6)
        out = rec["outcome"]
        ax.set_title(
            f"{rec['debtor']} vs {rec['policy']}: {out['outcome']}"
            + (f" at {out['agreed_days']} days" if out["agreed"] else ""),
            fontsize=8,
        )
    axes[0].legend(fontsize=6, loc="upper right")
    axes[-1].set_xlabel("message")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
