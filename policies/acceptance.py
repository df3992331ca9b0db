"""Acceptance: when a debtor's proposed timeline is good enough to agree to.

Accept a proposal that is inside the mandate and either within ``tolerance`` days of our
standing offer (the CRAD protocol's 5-day rule) or at or below the offer we would make next
anyway (countering with more days than the debtor asked for would be absurd).
"""

from __future__ import annotations

from dataclasses import dataclass

from edge_core import NegotiationView


@dataclass(frozen=True)
class AcceptanceStrategy:
    tolerance: int = 5

    def accepts(self, view: NegotiationView, debtor_days: int, next_offer: int) -> bool:
        if debtor_days > view.scenario.max_days:
            return False
        standing = view.standing_offer or view.scenario.creditor_target_days
        return debtor_days <= standing + self.tolerance or debtor_days <= next_offer
