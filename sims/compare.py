"""Where eq and vanilla part, dialogue by dialogue: the report behind "where eq does not win".

A table of means says *that* ``eq`` keeps less value than ``vanilla`` on some debtors; this
report says *why*. A ``sim run`` plays every (scenario, debtor persona) with each policy on the
same debtor draw, so the two dialogues are identical until ``eq`` departs from the baseline's
decision (``decision.reason.deal.departure`` in its trace). Each pair's kept-value difference
is attributed to ``eq``'s first departure ("closing move", "forbearance", "ask what the debtor
can afford", or none), per debtor persona, with the scenarios that moved it most.

Usage: ``python -m sims.compare results/crad-deal/dialogues.jsonl`` (any run holding ``eq``
and ``vanilla``; other policies are ignored).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sims.populations import departures
from sims.promises import rejudge
from sims.response import ResponseParams


def first_departure(record: dict[str, Any]) -> str:
    """The kind of the first departure ``eq`` made from the baseline in a dialogue."""
    return next(iter(departures(record)), "none")


@dataclass
class Cell:
    """Pairs of one debtor persona whose eq dialogue first departed in one way."""

    n: int = 0
    delta: float = 0.0
    eq_agreed: int = 0
    vanilla_agreed: int = 0
    worst: list[tuple[float, str]] = field(default_factory=list)


def compare(records: Sequence[dict[str, Any]],
            params: ResponseParams | None = None) -> dict[tuple[str, str], Cell]:  # fmt: skip
    """(debtor persona, eq's first departure) -> the pairs there and their kept-value change."""
    params = params or ResponseParams()
    pairs: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in records:
        if r.get("policy") in ("eq", "vanilla"):
            pairs[(r["scenario"].get("scenario_id") or "", r["debtor"])][r["policy"]] = r
    cells: dict[tuple[str, str], Cell] = defaultdict(Cell)
    for (sid, debtor), pr in sorted(pairs.items()):
        if len(pr) != 2:
            continue
        eq, van = pr["eq"], pr["vanilla"]
        cell = cells[(debtor, first_departure(eq))]
        d = rejudge(eq, params) - rejudge(van, params)
        cell.n += 1
        cell.delta += d
        cell.eq_agreed += bool(eq["outcome"]["agreed"])
        cell.vanilla_agreed += bool(van["outcome"]["agreed"])
        if d:
            cell.worst = sorted([*cell.worst, (round(d, 4), sid)])[:3]
    return dict(cells)


def markdown(cells: dict[tuple[str, str], Cell]) -> str:
    lines = ["| debtor | eq's first departure | pairs | kept value eq - vanilla (sum) | "
             "agreed eq / vanilla | largest losses |", "|---|---|---|---|---|---|"]  # fmt: skip
    for (debtor, why), c in sorted(cells.items()):
        worst = ", ".join(f"{sid} {d:+.3f}" for d, sid in c.worst if d < 0) or "-"
        lines.append(f"| {debtor} | {why} | {c.n} | {c.delta:+.3f} | {c.eq_agreed} / "
                     f"{c.vanilla_agreed} | {worst} |")  # fmt: skip
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m sims.compare <dialogues.jsonl>", file=sys.stderr)
        return 2
    path = Path(args[0])
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip()]  # fmt: skip
    print(markdown(compare(records)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
