"""Persona policies: which emotion the creditor displays next.

Each policy is a pure function of a :class:`NegotiationView` and a seeded generator, selected
by name with :func:`policies.registry.make_persona_policy` (the one list of names):

- ``payoff``: best response, on the payoff matrix, to the debtor's current emotion.
- ``wsls``: win-stay / lose-shift on measured outcomes of the last exchange. A *win* is the
  debtor accepting, moving its proposal toward our offer, or de-escalating from a negative
  emotion; anything else is a *loss*, and a loss shifts to the best response for the
  predicted debtor emotion among the *other* emotions (so a shift always changes persona).
- ``hmm``: look-ahead through the input-output HMM: for every creditor emotion ``c`` the
  tracker predicts the debtor's next emotion distribution; pick the ``c`` with the highest
  expected payoff over it.
- ``eq``: the learner (:mod:`policies.learner`): anchored on the emotion-blind baseline
  (it shows what ``vanilla`` shows until evidence proves a departure better), conservative
  exploration within a loss budget, the professional personas only; with the strategy it
  also decides the deal from the baseline's offer (:mod:`policies.affordability`).
  ``eq-research``: the same with all seven personas (research runs only; it shares the
  ``eq`` learned state).
- ``eq-paper``: the published EQ-Negotiator method as a baseline (:mod:`policies.paper`).
- ``eq-switch``: this project's first EQ policy: ``hmm`` while at least ``k`` of the debtor's
  last ``n`` emotions are negative (defaults 4 of 5), otherwise ``wsls``.
- baselines: ``vanilla`` (emotion-blind: no persona instruction, and the strategy decides on a
  view stripped of every sensor reading and tracker output), ``vanilla-adaptive`` (the old
  vanilla: no persona, but the tracked state still bends the concession curve),
  ``fixed:<emotion>``, ``random``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np

from edge_core import NEGATIVE, MoveKind, NegotiationView
from edge_core.emotions import EMOTIONS, check_emotion, negative_mass
from policies.payoff import PayoffMatrix

PERSONA_SETS: dict[str, dict[str, str]] = {
    "professional": {"neutral": "neutral", "warm": "joy", "empathetic": "sadness",
                     "firm": "anger"},
    "research": {"neutral": "neutral", "warm": "joy", "empathetic": "sadness", "firm": "anger",
                 "displeased": "disgust", "concerned": "fear", "surprised": "surprise"},
}  # fmt: skip
"""The personas a creditor shows, by name, mapped onto the Ekman labels the code uses.
``professional`` is the default set; ``research`` adds the three that a creditor does not show
(displeasure, alarm, surprise) for research runs only (``eq-research``, ``sim --personas
research``)."""


@dataclass(frozen=True)
class PersonaChoice:
    """The displayed emotion, the mode that chose it and why (scores, outcome), for the trace."""

    emotion: str
    mode: str
    reason: dict[str, Any] = field(default_factory=dict)
    instructed: bool = True


class PersonaPolicy(Protocol):
    name: str

    def choose(self, view: NegotiationView, rng: np.random.Generator) -> PersonaChoice: ...


def blind_view(view: NegotiationView) -> NegotiationView:
    """The view with every emotional reading replaced by a constant neutral one, no tracker
    output and no cues: what an emotion-blind policy may decide from (the deal signals of
    :mod:`policies.signals` then read nothing but offers and time)."""
    neutral = tuple(float(e == "neutral") for e in EMOTIONS)
    exchanges = tuple(replace(x, debtor_probs=neutral) for x in view.exchanges)
    return replace(view, exchanges=exchanges, belief=None, predicted={}, debtor_cues=())


def _current_emotion(view: NegotiationView) -> str:
    return view.last.debtor_emotion if view.last else "neutral"


def _rounded(scores: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in scores.items()}


@dataclass(frozen=True)
class VanillaPolicy:
    """No emotional persona: the realiser gets no persona instruction.

    ``emotion_blind`` (the default): :class:`policies.strategy.CreditorStrategy` then decides on
    :func:`blind_view`, so no reading of the sensor or the tracker can change a decision.
    """

    name: str = "vanilla"
    emotion_blind: bool = True

    def choose(self, view: NegotiationView, rng: np.random.Generator) -> PersonaChoice:
        return PersonaChoice("neutral", "vanilla", {}, instructed=False)


@dataclass(frozen=True)
class FixedPolicy:
    emotion: str = "neutral"

    def __post_init__(self) -> None:
        check_emotion(self.emotion)

    @property
    def name(self) -> str:
        return f"fixed:{self.emotion}"

    def choose(self, view: NegotiationView, rng: np.random.Generator) -> PersonaChoice:
        return PersonaChoice(self.emotion, "fixed")


@dataclass(frozen=True)
class RandomPolicy:
    name: str = "random"

    def choose(self, view: NegotiationView, rng: np.random.Generator) -> PersonaChoice:
        return PersonaChoice(EMOTIONS[int(rng.integers(len(EMOTIONS)))], "random")


@dataclass(frozen=True)
class PayoffPolicy:
    payoff: PayoffMatrix = field(default_factory=PayoffMatrix)
    name: str = "payoff"

    def choose(self, view: NegotiationView, rng: np.random.Generator) -> PersonaChoice:
        debtor = _current_emotion(view)
        scores = {c: self.payoff.payoff(c, debtor) for c in EMOTIONS}
        return PersonaChoice(
            self.payoff.best_response(debtor), "payoff", {"debtor": debtor, "scores": scores}
        )


def measure_outcome(view: NegotiationView, deescalation: float = 0.2) -> dict[str, Any] | None:
    """Did the last creditor message work? None when there is nothing to compare yet.

    Measured on the debtor's actual behaviour: acceptance, a proposal shorter than its
    previous one (moving toward us), or de-escalation (a negative emotion before and a
    non-negative one now, or negative probability mass down by at least ``deescalation``).
    """
    if len(view.exchanges) < 2:
        if view.exchanges and view.exchanges[-1].debtor_move.kind == MoveKind.ACCEPT:
            return {"win": True, "why": "accepted"}
        return None
    prev, cur = view.exchanges[-2], view.exchanges[-1]
    if cur.debtor_move.kind == MoveKind.ACCEPT:
        return {"win": True, "why": "accepted"}
    offers = view.debtor_offers()
    moved = (
        cur.debtor_move.kind == MoveKind.PROPOSE
        and len(offers) >= 2
        and offers[-1] < offers[-2]
    )
    if moved:
        return {"win": True, "why": f"debtor moved {offers[-2]} -> {offers[-1]} days"}
    before, now = negative_mass(prev.debtor_probs), negative_mass(cur.debtor_probs)
    calmer = (prev.debtor_emotion in NEGATIVE and cur.debtor_emotion not in NEGATIVE) or (
        before - now >= deescalation
    )
    if calmer:
        return {"win": True, "why": f"de-escalated {prev.debtor_emotion} -> {cur.debtor_emotion}"}
    return {"win": False, "why": "no move toward our offer and no de-escalation"}


def predicted_next(view: NegotiationView, persona: str | None) -> tuple[float, ...]:
    """The tracker's predicted next debtor emotion if ``persona`` is displayed; falls back to
    the belief, then to the current reading, when a tracker gave no prediction."""
    if persona is not None and persona in view.predicted:
        return view.predicted[persona]
    if view.belief is not None:
        return view.belief
    return view.last.debtor_probs if view.last else tuple(float(e == "neutral") for e in EMOTIONS)


@dataclass(frozen=True)
class WSLSPolicy:
    payoff: PayoffMatrix = field(default_factory=PayoffMatrix)
    name: str = "wsls"

    def choose(self, view: NegotiationView, rng: np.random.Generator) -> PersonaChoice:
        last_persona = view.last.creditor_persona if view.last else None
        outcome = measure_outcome(view)
        if outcome is None or last_persona is None:
            debtor = _current_emotion(view)
            return PersonaChoice(
                self.payoff.best_response(debtor), "wsls", {"outcome": None, "debtor": debtor}
            )
        if outcome["win"]:
            return PersonaChoice(last_persona, "wsls", {"outcome": outcome, "action": "stay"})
        dist = predicted_next(view, last_persona)
        scores = self.payoff.expected(dist)
        shifted = self.payoff.best_expected(dist, exclude=last_persona)
        return PersonaChoice(
            shifted,
            "wsls",
            {"outcome": outcome, "action": "shift", "from": last_persona,
             "scores": _rounded(scores)},
        )


@dataclass(frozen=True)
class HMMPolicy:
    payoff: PayoffMatrix = field(default_factory=PayoffMatrix)
    name: str = "hmm"

    def choose(self, view: NegotiationView, rng: np.random.Generator) -> PersonaChoice:
        scores = {
            c: self.payoff.expected(predicted_next(view, c))[c] for c in EMOTIONS
        }
        best = max(EMOTIONS, key=lambda c: (scores[c], -EMOTIONS.index(c)))
        return PersonaChoice(best, "hmm", {"scores": _rounded(scores)})


@dataclass(frozen=True)
class EQPolicy:
    """The EQ-Negotiator switch between HMM look-ahead and win-stay/lose-shift."""

    payoff: PayoffMatrix = field(default_factory=PayoffMatrix)
    k: int = 4
    n: int = 5
    name: str = "eq"

    def __post_init__(self) -> None:
        if not 1 <= self.k <= self.n:
            raise ValueError(f"eq policy needs 1 <= k <= n, got k={self.k}, n={self.n}")

    def choose(self, view: NegotiationView, rng: np.random.Generator) -> PersonaChoice:
        negatives = view.negatives_in_last(self.n)
        inner = HMMPolicy(self.payoff) if negatives >= self.k else WSLSPolicy(self.payoff)
        choice = inner.choose(view, rng)
        reason = {**choice.reason, "negatives_in_window": negatives, "k": self.k, "n": self.n}
        return PersonaChoice(choice.emotion, f"eq:{choice.mode}", reason, choice.instructed)

