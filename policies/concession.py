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
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from edge_core import NegotiationView
from edge_core.emotions import INDEX

PRESETS = {"boulware": 0.2, "linear": 1.0, "conceder": 5.0}


@dataclass(frozen=True)
class ConcessionCurve:
    exponent: float = 0.5
    adaptive: bool = True
    distress_gain: float = 0.5
    hostility_brake: float = 0.3
    name: str = "eq-boulware"

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
        factor = 1.0 + self.distress_gain * distress - self.hostility_brake * hostility
        return min(1.0, max(0.0, t * factor))

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
