"""Acceptance: when a debtor's proposed timeline is good enough to agree to.

The agent's own rule is NegMAS's AC_combi family (Baarslag et al., 2014), in days (fewer days
are better for the creditor). Never beyond the mandate; otherwise accept when

- **AC_next**: the proposal is at or below the offer we would make next anyway (countering
  with more days than the debtor asked for would be absurd);
- **AC_last**: this is our final decision (:attr:`NegotiationView.final_decision`: the
  protocol's deadline and who moves last decide it): any deal inside the mandate beats none;
- **AC_time**: near the deadline (``view.time >= near_deadline``) the proposal is at least as
  good as the best the debtor offered in the latest window as long as the time left (MAX^W:
  what we can expect before the deadline).

``tolerance`` is not the agent's: it is a protocol's agreement zone, 0 unless the protocol
declares one (the CRAD simulations declare 5 days, in :mod:`sims.protocol`, where offers that
close are an agreement whatever we decide). Within it we accept rather than pretend to
negotiate on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from edge_core import NegotiationView


@dataclass(frozen=True)
class AcceptanceStrategy:
    tolerance: int = 0
    near_deadline: float = 0.95

    def __post_init__(self) -> None:
        if self.tolerance < 0:
            raise ValueError(f"tolerance must be non-negative, got {self.tolerance}")
        if not 0.0 <= self.near_deadline <= 1.0:
            raise ValueError(f"near_deadline must lie in [0, 1], got {self.near_deadline}")

    def accepts(self, view: NegotiationView, debtor_days: int, next_offer: int) -> bool:
        return self.rule(view, debtor_days, next_offer) is not None

    def rule(self, view: NegotiationView, debtor_days: int, next_offer: int) -> str | None:
        """The name of the rule that accepts ``debtor_days`` (for traces), or None."""
        if debtor_days > view.scenario.max_days:
            return None
        standing = view.standing_offer or view.scenario.creditor_target_days
        if debtor_days <= next_offer:
            return "ac_next"
        if debtor_days <= standing + self.tolerance:
            return "protocol_tolerance"
        if view.final_decision:
            return "ac_last"
        if view.time >= self.near_deadline and debtor_days <= best_recent_offer(view):
            return "ac_time"
        return None


def best_recent_offer(view: NegotiationView) -> float:
    """The fewest days the debtor proposed within the last ``messages_left`` messages (at
    least the message being answered); inf when it proposed nothing there."""
    window = max(1, view.messages_left)
    n = len(view.exchanges)
    recent = [
        x.debtor_move.days
        for i, x in enumerate(view.exchanges)
        if x.debtor_move.days is not None and 2 * (n - 1 - i) <= window  # two messages apart
    ]
    return min(recent, default=math.inf)
