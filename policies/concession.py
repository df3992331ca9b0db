"""Offering: a time-dependent concession curve from the target toward the mandate.

The planned offer at negotiation time ``t`` (share of the message budget used) follows the
Faratin et al. (1998) family used by NegMAS's time-based negotiators::

    offer(t) = target + f(t) * (max_days - target),    f(t) = t ** (1 / e)

``e < 1`` is Boulware (holds out, concedes late), ``e = 1`` linear, ``e > 1`` conceder.

Adjusted by the tracked state (``adaptive=True``): the curve runs on an effective time
``t * (1 + distress_gain * P(fear or sadness) - hostility_brake * P(anger or disgust))``,
where P is the tracker's belief. A distressed debtor gets a slightly faster path to an
affordable plan; hostility and threats slow it, so pressure is not rewarded. The result is
then made monotone (never below the standing offer: we never retract) and clipped to
``[creditor_target_days, max_days]``: no offer ever leaves the mandate.

With the deal signals on, the hostility brake is scaled by ``(1 - break-off risk)``: pressure
buys nothing, but a deal about to be lost is not thrown away to punish it. The deal signals
(:mod:`policies.signals`, ``signals=True`` with ``adaptive``) also add to that factor:
``+ save_gain x (risk - 0.5) / 0.5`` when the break-off risk is above one half (concede to
save a deal that is about to be lost), while a strategic-distress score ``m`` scales the
distress speed-up and the rescue by ``(1 - m)`` and subtracts ``manipulation_hold x m``: signs of
manipulation never buy a concession. :meth:`ConcessionCurve.acceptance_bound` does the same for
acceptance: with a high risk it accepts what it would offer two messages later, unless
manipulation is suspected (then the plain rule: no rescue is bought by manipulation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from edge_core import NegotiationView
from edge_core.emotions import INDEX
from policies.signals import breakoff_risk, strategic_distress

PRESETS = {"boulware": 0.2, "linear": 1.0, "conceder": 5.0}


@dataclass(frozen=True)
class ConcessionCurve:
    exponent: float = 0.5
    adaptive: bool = True
    distress_gain: float = 0.5
    hostility_brake: float = 0.3
    name: str = "eq-boulware"
    signals: bool = True
    save_gain: float = 0.6
    manipulation_hold: float = 0.3
    rescue_at: float = 0.6
    suspect_at: float = 0.5

    def __post_init__(self) -> None:
        if not (math.isfinite(self.exponent) and self.exponent > 0):
            raise ValueError(f"concession exponent must be positive, got {self.exponent}")

    @classmethod
    def preset(cls, name: str) -> ConcessionCurve:
        """The emotion-blind NegMAS-style baselines: ``boulware``, ``linear``, ``conceder``."""
        if name not in PRESETS:
            raise ValueError(f"unknown concession preset {name!r}; expected {sorted(PRESETS)}")
        return cls(exponent=PRESETS[name], adaptive=False, name=name)

    def effective_time(self, view: NegotiationView, time: float | None = None) -> float:
        t = view.time if time is None else time
        if not self.adaptive:
            return t
        state = view.belief or (view.last.debtor_probs if view.last else None)
        if state is None:
            return t
        distress = state[INDEX["fear"]] + state[INDEX["sadness"]]
        hostility = state[INDEX["anger"]] + state[INDEX["disgust"]]
        m = strategic_distress(view).score if self.signals else 0.0
        risk = breakoff_risk(view).risk if self.signals else 0.0
        # hostility slows the curve only while the deal is not at risk: pressure buys
        # nothing, but a deal about to be lost is not thrown away to punish it
        factor = (1.0 + self.distress_gain * distress * (1 - m)
                  - self.hostility_brake * hostility * (1 - risk))  # fmt: skip
        if self.signals:
            factor += self.save_gain * max(0.0, risk - 0.5) / 0.5 * (1 - m)
            factor -= self.manipulation_hold * m
        return min(1.0, max(0.0, t * factor))

    def acceptance_bound(self, view: NegotiationView, next_offer: int) -> int:
        """The offer an acceptance test compares the debtor's proposal with: ``next_offer``,
        raised to the offer two messages ahead when the deal is about to be lost, unless
        manipulation is suspected."""
        if not (self.adaptive and self.signals) or not view.exchanges:
            return next_offer
        if strategic_distress(view).score >= self.suspect_at:
            return next_offer  # no rescue for a debtor whose distress looks strategic
        if breakoff_risk(view).risk >= self.rescue_at:
            ahead = min(1.0, view.time + 2 / view.max_messages)
            return min(view.scenario.max_days, max(next_offer, self.planned(view, ahead)))
        return next_offer

    def planned(self, view: NegotiationView, time: float | None = None) -> int:
        """The curve's offer at ``time`` (default: now), before monotonicity."""
        s = view.scenario
        f = self.effective_time(view, time) ** (1.0 / self.exponent)
        return round(s.creditor_target_days + f * (s.max_days - s.creditor_target_days))

    def next_offer(self, view: NegotiationView, time: float | None = None) -> int:
        """The standing offer after this turn: monotone and inside the mandate."""
        s = view.scenario
        offer = max(self.planned(view, time), view.standing_offer or s.creditor_target_days)
        return min(s.max_days, max(s.creditor_target_days, offer))
