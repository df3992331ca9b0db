"""Debtor personas: the paper's nine plus ``pressure``, and the hidden state each one draws.

A persona is a set of dispositions (``Traits`` for the response model), a base concession
rate, and tactic rates. Tactics are behaviour: they change the structured offers, not only
the words (see ``sims.debtor``). The hidden state of one debtor in one scenario is drawn from
a generator keyed by (seed, scenario, persona) and never by the creditor policy, so every
policy meets exactly the same debtors (common random numbers).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from edge_core import Scenario
from sims.response import Traits

PERSONAS = (
    "vanilla", "angry", "sad", "fear", "disgust", "threatening", "cheating", "victim",
    "stonewalling", "pressure",
)  # fmt: skip


@dataclass(frozen=True)
class PersonaSpec:
    name: str
    traits: Traits
    base_rate: float  # share of the gap to its floor conceded per turn, before modulation
    tactic_rate: float = 0.0  # chance per turn of the persona's signature tactic
    inflate: float = 1.0  # stated target = CRAD debtor target x inflate (cheating overstates)
    reservation_scale: float = 1.0  # multiplies the drawn reservation fraction


def _t(
    base: dict[str, float], hostility: float, distress: float, competitive: bool, power: float
) -> Traits:
    return Traits(base, hostility, distress, competitive, power)


SPECS: dict[str, PersonaSpec] = {
    "vanilla": PersonaSpec("vanilla", _t({"joy": 0.1}, 0.5, 0.3, False, 0.4), 0.16),
    "angry": PersonaSpec("angry", _t({"anger": 0.7}, 1.0, 0.1, True, 0.5), 0.12, 0.3),
    "sad": PersonaSpec("sad", _t({"sadness": 0.7}, 0.2, 0.8, False, 0.2), 0.14, 0.3),
    "fear": PersonaSpec("fear", _t({"fear": 0.7}, 0.2, 0.7, False, 0.1), 0.18, 0.3),
    "disgust": PersonaSpec("disgust", _t({"disgust": 0.7}, 0.8, 0.1, True, 0.5), 0.11, 0.3),
    "threatening": PersonaSpec("threatening", _t({"anger": 0.55}, 0.9, 0.1, True, 0.7), 0.10, 0.5),
    "cheating": PersonaSpec(
        "cheating",
        _t({"sadness": 0.4}, 0.4, 0.2, True, 0.5),
        0.11,
        0.45,
        inflate=1.3,
        reservation_scale=0.6,
    ),
    "victim": PersonaSpec(
        "victim", _t({"sadness": 0.6, "fear": 0.3}, 0.3, 1.0, False, 0.3), 0.12, 0.5
    ),
    "stonewalling": PersonaSpec(
        "stonewalling", _t({"disgust": 0.2, "anger": 0.2}, 0.5, 0.1, True, 0.6), 0.08, 0.45
    ),
    "pressure": PersonaSpec("pressure", _t({"anger": 0.45}, 0.7, 0.1, True, 0.6), 0.12, 0.5),
}

# Share of the gap between the creditor's target and the stated target that the debtor truly
# needs, by CRAD cash-flow situation (uniform ranges).
RESERVATION_RANGES = {
    "Temporary Disruption": (0.05, 0.35),
    "Chronic Shortage": (0.15, 0.5),
    "Complete Breakdown": (0.3, 0.7),
}
DEFAULT_RANGE = (0.15, 0.5)


@dataclass(frozen=True)
class HiddenState:
    """What the debtor knows and the creditor never sees."""

    persona: str
    stated_days: int  # the timeline it asks for first
    reservation: int  # the shortest timeline it can really accept (<= stated_days)
    cash_flow: str
    power: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def spec(persona: str) -> PersonaSpec:
    if persona not in SPECS:
        raise ValueError(
            f"unknown debtor persona {persona!r}; expected one of {', '.join(PERSONAS)}"
        )
    return SPECS[persona]


def draw_hidden(scenario: Scenario, persona: str, rng: np.random.Generator) -> HiddenState:
    """The debtor's private state for this scenario (deterministic given ``rng``)."""
    s = spec(persona)
    target = scenario.creditor_target_days
    crad_ask = scenario.debtor_target_days or 3 * scenario.max_days // 2
    stated = max(target + 1, round(crad_ask * s.inflate))
    cash = scenario.cash_flow_situation or "unknown"
    lo, hi = RESERVATION_RANGES.get(cash, DEFAULT_RANGE)
    frac = float(rng.uniform(lo, hi)) * s.reservation_scale
    reservation = min(stated, max(target, round(target + frac * (stated - target))))
    return HiddenState(persona, stated, reservation, cash, s.traits.power)


def parse_personas(text: str) -> list[str]:
    """``all`` or a comma list of persona names, validated."""
    if text.strip().lower() == "all":
        return list(PERSONAS)
    names = [n.strip() for n in text.split(",") if n.strip()]
    for n in names:
        spec(n)
    return names
