"""Two deal signals read from the dialogue: break-off risk and strategic distress.

Emotion should inform the deal, not only the tone. Two questions decide how much to concede
and what to accept:

- **Is the deal about to be lost?** :func:`breakoff_risk` combines the debtor's hostility
  (anger and disgust in the latest reading), its trajectory (its rise from the calmest of the
  three messages before), stonewalling (messages with no proposal, a held number or a refusal to
  engage) and time: near the message limit with a wide gap, the deal is lost unless someone
  moves. Escalating anger lowers settlement rates (Friedman et al. 2004, J. Appl. Psychol.
  89(2)); withdrawal and stonewalling precede exits (Gottman's cascade; in negotiation,
  Brett, Shapiro & Lytle 1998, AMJ 41(4)); deadline effects in Moore 2004 (OBHDP 94(2)).
- **Is distress being used as a tactic?** :func:`strategic_distress` looks for hardship
  claims used to stall (three or more messages claiming hardship with no figure at all),
  contradictions (a proposal worse than the debtor's own earlier one), reopened points, claims
  of payments we cannot see and promises of money to come. It never rises on an honest,
  consistent debtor: holding the same figure with reasons is consistency, not manipulation,
  and a figure that only repeats one of ours (an echo, or our misreading of "12 days isn't
  realistic" as a proposal of 12) is not the debtor's own ask, so it cannot be contradicted.
  Strategic displays of emotion and misrepresentation are common in
  negotiation (O'Connor & Carnevale 1997, PSPB 23(5); Côté, Hideg & Van Kleef 2013, JESP 49)
  and conceding to them teaches the debtor that they pay.

Both are scores in [0, 1] with their components, pure functions of the view (the cues come
from ``view.debtor_cues``: the debtor's words, read by ``edge_agent.read.cues``). The concession
curve and the acceptance bound (:class:`policies.concession.ConcessionCurve`) use them:
concede faster to save a deal that is about to be lost, never because of signals of
manipulation, and accept nothing outside tolerance while manipulation is suspected.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from edge_core import MoveKind, NegotiationView
from edge_core.emotions import INDEX
from policies.affordability import estimate as affordability
from policies.affordability import own_proposals


def _noisy_or(*terms: float) -> float:
    return float(1.0 - np.prod([1.0 - min(1.0, max(0.0, t)) for t in terms]))


def _hostility(probs: tuple[float, ...]) -> float:
    return float(probs[INDEX["anger"]] + probs[INDEX["disgust"]])


def _distressed(probs: tuple[float, ...]) -> bool:
    return probs[INDEX["fear"]] + probs[INDEX["sadness"]] >= 0.5


def _cues(view: NegotiationView, i: int) -> frozenset[str]:
    return view.debtor_cues[i] if i < len(view.debtor_cues) else frozenset()


@dataclass(frozen=True)
class BreakoffRisk:
    risk: float
    hostility: float
    trend: float
    stonewall: float
    deadline: float

    def to_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class StrategicDistress:
    score: float
    hardship_without_movement: float
    contradictions: float
    reopened: float
    payment_claims: float
    promises: float

    def to_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in asdict(self).items()}


def breakoff_risk(view: NegotiationView) -> BreakoffRisk:
    xs = view.exchanges
    if not xs:
        return BreakoffRisk(0.0, 0.0, 0.0, 0.0, 0.0)
    hostility = _hostility(xs[-1].debtor_probs)
    earlier = [_hostility(x.debtor_probs) for x in xs[-4:-1]]
    trend = max(0.0, hostility - min(earlier)) if earlier else 0.0  # rise from the calmest
    window = range(max(0, len(xs) - 4), len(xs))
    offers: list[int | None] = [x.debtor_move.days for x in xs]
    stalled = 0
    for i in window:
        move = xs[i].debtor_move
        held = move.days is not None and i > 0 and offers[i - 1] == move.days
        silent = move.kind in (MoveKind.NONE, MoveKind.REJECT) and move.days is None
        stalled += held or silent or "stonewall" in _cues(view, i)
    stonewall = stalled / 4  # over a fixed window: one silent message is not a pattern
    s = view.scenario
    last_offer = next((d for d in reversed(offers) if d is not None), None)
    standing = view.standing_offer or s.creditor_target_days
    gap = 0.0 if last_offer is None else max(0, last_offer - standing) / max(
        1, s.max_days - s.creditor_target_days)
    deadline = min(1.0, max(0.0, (view.time - 0.6) / 0.4)) * min(1.0, 2.0 * gap)
    # hostility alone weighs little (pressure must not buy concessions); its rise, stonewalling
    # and a deadline with a wide gap are what lose deals
    risk = _noisy_or(0.3 * hostility, 0.8 * trend, 0.6 * stonewall, deadline)
    return BreakoffRisk(risk, hostility, trend, stonewall, deadline)


def strategic_distress(view: NegotiationView) -> StrategicDistress:
    xs = view.exchanges
    own = dict(own_proposals(view))  # exchange index -> days: no echoes, no misreadings
    claims = stalled = contradictions = reopened = payments = promises = 0
    best: int | None = None
    # the first goodbye is not a hardship used to stall: the debtor is leaving. A debtor that is
    # still here after it and pleads again with a goodbye appended is stalling like any other
    # (otherwise " Goodbye." on every plea launders the stall), and a figure in a goodbye is
    # still its own figure for the contradictions
    goodbye = next((i for i, x in enumerate(xs) if "walkaway" in x.debtor_move.flags), None)
    for i, x in enumerate(xs):
        cues = _cues(view, i)
        days = own.get(i)
        if i != goodbye and ("hardship" in cues or _distressed(x.debtor_probs)):
            claims += 1
            # hardship used to stall: no figure of its own and no acceptance in the message
            stalled += days is None and x.debtor_move.kind != MoveKind.ACCEPT
        if days is not None and best is not None and days > best:
            contradictions += 1  # asks for more than it already offered
        if x.debtor_move.rejected_days is not None and best is not None and (
            x.debtor_move.rejected_days in own.values() and x.debtor_move.rejected_days >= best
        ):
            contradictions += 1  # refuses a timeline it had offered itself
        reopened += "reopen" in cues
        payments += "payment_claim" in cues
        promises += "promise" in cues
        if days is not None:
            best = days if best is None else min(best, days)
    hardship = stalled / max(3, claims) if stalled >= 3 else 0.0
    parts = (hardship, min(1.0, contradictions / 2), min(1.0, reopened / 1),
             min(1.0, payments / 2), min(1.0, promises / 3))  # fmt: skip
    score = _noisy_or(0.5 * parts[0], 0.6 * parts[1], 0.6 * parts[2], 0.6 * parts[3],
                      0.3 * parts[4])  # fmt: skip
    return StrategicDistress(score, *parts)


@dataclass(frozen=True)
class WalkRisk:
    """Is the debtor about to walk away? Read from emotion: hostility in the message
    being answered (it must reach ``0.4`` before anything counts, so a calm stonewaller never
    triggers a closing move), its rise, and a refusal to engage right after naming a figure
    ("40 or nothing. Decide now"). A debtor who says it is leaving, however politely
    (``leaving``: the reader's ``walkaway`` flag, :mod:`edge_agent.read.walkaway`), is at
    risk 1: the calm of "Thanks, goodbye" is not a reason to let it go without a closing
    move. A debtor whose message answered names a new figure closer to ours than its previous
    one (``moving``) is negotiating, not leaving, however angry the words: a closing move
    there only rewards the anger (found on CRAD: a split offered the message after an angry
    debtor came down from 54 to 48 days ended the dialogue 4 days longer than ``vanilla``'s,
    for the same agreement)."""

    risk: float
    hostility: float
    trend: float
    refusal: float
    leaving: float = 0.0
    moving: float = 0.0

    def to_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in asdict(self).items()}


def walk_risk(view: NegotiationView, floor: float = 0.4) -> WalkRisk:
    xs = view.exchanges
    if not xs:
        return WalkRisk(0.0, 0.0, 0.0, 0.0)
    hostility = _hostility(xs[-1].debtor_probs)
    earlier = [_hostility(x.debtor_probs) for x in xs[-4:-1]]
    trend = max(0.0, hostility - min(earlier)) if earlier else 0.0
    move = xs[-1].debtor_move
    refusal = float(move.kind in (MoveKind.NONE, MoveKind.REJECT) and move.days is None
                    and view.debtor_ask is not None)  # fmt: skip
    if "walkaway" in move.flags:
        return WalkRisk(1.0, hostility, trend, refusal, 1.0)
    own = own_proposals(view)
    if len(own) >= 2 and own[-1][0] == len(xs) - 1 and own[-1][1] < own[-2][1]:
        return WalkRisk(0.0, hostility, trend, refusal, 0.0, 1.0)
    if hostility < floor:
        return WalkRisk(0.0, hostility, trend, refusal)
    risk = _noisy_or(0.4 * hostility, 0.8 * trend, 0.5 * refusal)
    return WalkRisk(risk, hostility, trend, refusal)


def read(view: NegotiationView) -> dict[str, dict[str, Any]]:
    """The deal signals for the trace: break-off risk, strategic distress, the walk-away risk
    behind a closing move and the affordability / credibility estimate with its reasons
    (:mod:`policies.affordability`)."""
    return {"breakoff_risk": breakoff_risk(view).to_dict(),
            "strategic_distress": strategic_distress(view).to_dict(),
            "walk_risk": walk_risk(view).to_dict(),
            "affordability": affordability(view).to_dict()}  # fmt: skip
