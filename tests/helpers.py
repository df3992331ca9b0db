"""Builders for policy tests: views from short scripted histories, no model involved."""

from __future__ import annotations

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
