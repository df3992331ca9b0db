"""Builders for tests: policy views from short scripted histories (no model involved), and
the labelled debtor-message table the reader is scored on."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from edge_core import DebtorMove, Exchange, MoveKind, NegotiationView, Scenario
from edge_core.emotions import EMOTIONS, one_hot

SCENARIO = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)


def exchange(persona: str, emotion: str, days: int | None = None, kind: MoveKind | None = None,
             offer: int = 12) -> Exchange:
    kind = kind or (MoveKind.PROPOSE if days is not None else MoveKind.NONE)
    return Exchange(persona, offer, DebtorMove(kind, days=days), tuple(one_hot(emotion)))


def view(*exchanges: Exchange, messages_used: int | None = None, standing: int = 12,
         belief=None, predicted=None, scenario: Scenario = SCENARIO) -> NegotiationView:
    return NegotiationView(
        scenario=scenario, exchanges=tuple(exchanges),
        messages_used=messages_used if messages_used is not None else 1 + 2 * len(exchanges),
        max_messages=30, standing_offer=standing, belief=belief, predicted=predicted or {},
    )


def predicted_all(emotion: str) -> dict[str, tuple[float, ...]]:
    return {c: tuple(one_hot(emotion)) for c in EMOTIONS}


@dataclass(frozen=True)
class Row:
    """One labelled debtor message of ``tests/data/debtor_messages.tsv``: the reading a
    careful human gives it (kind, days, consent, unsure, restriction)."""

    category: str
    standing: int
    kind: str
    days: int | None
    consent: str
    unsure: bool | None
    restriction: str
    text: str


def load(path: str | Path) -> list[Row]:
    """The labelled table (tab-separated, ``#`` lines are comments). Shared by the reader and
    consent tests and by ``bench/reader_eval.py``, which prints the accuracy figures."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    out = []
    for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        out.append(Row(r["category"], int(r["standing"] or 12), r["kind"],
                       int(r["days"]) if r["days"] else None, r["consent"],
                       None if not r["unsure"] else r["unsure"] == "1", r["restriction"],
                       r["text"]))
    return out
