"""The debtor's emotional and concession response to the creditor's displayed emotion.

An explicit, parameterised model (sources and the reasoning behind every term are in
``sims/RESPONSE_MODEL.md``). All effect sizes live in :class:`ResponseParams` so that the
evaluation can sweep them (``sims.grid``) and report how the policy ranking moves; nothing in
here knows which creditor policy is playing.

Affect is a vector of activations in ``[0, 1]`` over the seven emotions (neutral is implied:
the expressed emotion is neutral when no activation passes ``express_threshold``). Each debtor
turn: activations relax toward the persona's baseline, the creditor's displayed emotion acts
on them (contagion and reciprocity), and the concession multiplier is computed from the same
display (strategic inference) and the debtor's own state.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from edge_core.emotions import EMOTIONS

AFFECTS = ("anger", "disgust", "fear", "joy", "sadness", "surprise")


@dataclass(frozen=True)
class ResponseParams:
    """Effect sizes of the response model. Defaults are the documented central values.

    Affect (per debtor turn, added to activations before clipping):
    - ``decay``: share of the distance to the persona baseline kept each turn.
    - ``reciprocity``: creditor anger/disgust raises the debtor's anger, scaled by the
      persona's hostility trait (Van Kleef et al. 2004 contagion; Friedman et al. 2004).
    - ``anger_fear``: creditor anger induces fear in a low-power debtor (Van Kleef et al.
      2004, exp. 3).
    - ``contagion``: creditor joy raises debtor joy and lowers anger (emotional contagion).
    - ``comfort``: displayed sadness (empathy) lowers fear/sadness/anger of a distressed debtor.
    - ``firmness_distress``: firmness (anger/disgust) raises sadness/fear of distress personas
      (victim tactics escalate under firmness).

    Concession (multiplies the persona's base concession rate):
    - ``anger_concession``: extra concession to displayed anger, times (1 - power)
      (Van Kleef et al. 2004 exp. 1; Sinaceur & Tiedens 2006: only with poor alternatives).
    - ``joy_discount``: smaller concessions to a happy opponent (Van Kleef et al. 2004).
    - ``supplication_gain``: displayed sadness invites concessions from cooperative debtors;
      ``supplication_exploit``: ...and smaller ones from competitive ones (Van Kleef, De Dreu
      & Manstead 2010, EASI model; Van Kleef et al. 2006).
    - ``hostility_brake``: the debtor's own anger slows its concessions (Allred et al. 1997).
    - ``anxiety_speedup``: the debtor's own fear speeds concession (Brooks & Schweitzer 2011).
    - ``deadline_gain``: concession rate grows with negotiation time (Faratin et al. 1998).
    - ``reciprocal_concession``: share of the creditor's last concession the debtor matches.

    Break-off (per debtor turn probability of leaving the talks):
    - ``breakoff_anger``: times max(0, anger - 0.5) (Friedman et al. 2004: expressed anger
      lowers settlement); ``breakoff_fear``: times max(0, fear - 0.6) (anxious exit, Brooks &
      Schweitzer 2011).

    Promise keeping (after an agreement: does it hold? :mod:`sims.promises`):
    - ``promise_break``: probability that an affordable agreement breaks (Insolvency Service
      IVA outcome statistics: 5.6% within one year, 14.4% within two, 25-33% over a plan's
      life; the default is the two-year rate).
    - ``unaffordable_break``: probability that an agreement wholly beyond the debtor's
      capacity breaks (collections promise-to-pay keep rates of 60-80%: a break rate of
      20-40%, the top of that range for the promises that cannot be kept).
    - ``capacity_share``: where the debtor's true capacity lies between its reservation (0:
      every deal it accepts is affordable) and its own stated need (1).
    """

    decay: float = 0.6
    reciprocity: float = 0.25
    anger_fear: float = 0.15
    contagion: float = 0.15
    comfort: float = 0.15
    firmness_distress: float = 0.15
    anger_concession: float = 0.4
    joy_discount: float = 0.15
    supplication_gain: float = 0.2
    supplication_exploit: float = 0.2
    hostility_brake: float = 0.6
    anxiety_speedup: float = 0.3
    deadline_gain: float = 1.0
    reciprocal_concession: float = 0.3
    breakoff_anger: float = 0.08
    breakoff_fear: float = 0.04
    express_threshold: float = 0.35
    promise_break: float = 0.144
    unaffordable_break: float = 0.4
    capacity_share: float = 0.5

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ResponseParams:
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown response parameter(s): {sorted(unknown)}")
        return cls(**{k: float(v) for k, v in d.items()})

    def scaled(self, **overrides: float) -> ResponseParams:
        return replace(self, **overrides)


@dataclass(frozen=True)
class Traits:
    """The persona's stable dispositions the response model reads."""

    baseline: dict[str, float]
    hostility: float  # how strongly anger is reciprocated
    distress: float  # how strongly firmness raises sadness/fear
    competitive: bool  # exploits supplication rather than reciprocating it
    power: float  # perceived alternatives in [0, 1]: high power blunts anger's effect


def clip01(x: float) -> float:
    return min(1.0, max(0.0, x))


def update_affect(
    affect: dict[str, float], traits: Traits, display: str, p: ResponseParams
) -> dict[str, float]:
    """Activations after one creditor message displaying ``display`` (one of EMOTIONS)."""
    a = {k: traits.baseline.get(k, 0.0) + p.decay * (affect[k] - traits.baseline.get(k, 0.0))
         for k in AFFECTS}  # fmt: skip
    firm = display in ("anger", "disgust")
    if firm:
        boost = 1.2 if display == "disgust" else 1.0
        a["anger"] += p.reciprocity * traits.hostility * boost
        a["fear"] += p.anger_fear * (1.0 - traits.power)
        a["sadness"] += p.firmness_distress * traits.distress
        a["fear"] += 0.5 * p.firmness_distress * traits.distress
        if display == "disgust":
            a["disgust"] += p.contagion
    elif display == "joy":
        a["joy"] += p.contagion
        a["anger"] -= p.contagion
    elif display == "sadness":
        distressed = a["fear"] + a["sadness"]
        a["fear"] -= p.comfort * min(1.0, distressed)
        a["sadness"] -= p.comfort * min(1.0, distressed)
        a["anger"] -= 0.5 * p.comfort
    elif display == "fear":
        a["fear"] += 0.5 * p.contagion
    elif display == "neutral":
        a["anger"] -= 0.25 * p.contagion
    return {k: clip01(v) for k, v in a.items()}


def expressed(affect: dict[str, float], p: ResponseParams) -> str:
    """The emotion a message expresses: the strongest activation, or neutral below threshold."""
    best = max(AFFECTS, key=lambda k: (affect[k], -EMOTIONS.index(k)))
    return best if affect[best] >= p.express_threshold else "neutral"


def concession_multiplier(
    affect: dict[str, float], traits: Traits, display: str, time: float, p: ResponseParams
) -> float:
    """How much faster (>1) or slower (<1) than its base rate the debtor concedes this turn."""
    m = 1.0 + p.deadline_gain * time
    if display == "anger":
        m *= 1.0 + p.anger_concession * (1.0 - traits.power)
    elif display == "joy":
        m *= 1.0 - p.joy_discount
    elif display == "sadness":
        m *= 1.0 - p.supplication_exploit if traits.competitive else 1.0 + p.supplication_gain
    m *= 1.0 - p.hostility_brake * affect["anger"]
    m *= 1.0 + p.anxiety_speedup * affect["fear"]
    return max(0.0, m)


def breakoff_probability(affect: dict[str, float], p: ResponseParams) -> float:
    return clip01(
        p.breakoff_anger * max(0.0, affect["anger"] - 0.5) * 2
        + p.breakoff_fear * max(0.0, affect["fear"] - 0.6) * 2.5
    )
