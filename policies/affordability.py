"""How far to believe a debtor's ask: the affordability and credibility estimate.

Emotion should decide the deal where it is evidence about the deal. A debtor who lost their job,
moved from 120 to 90 to 45 days and holds 45 "because that is really the most I can manage" is
telling us their capacity; pressing them further buys a promise that breaks. A debtor who
repeats a figure with no reason, or whose claims do not add up, is telling us nothing about
capacity, and conceding to them teaches that pressure pays. This module reads the difference
from the dialogue only (:class:`edge_core.NegotiationView`), as a score with its reasons:

- **disclosed circumstances**: hardship in the debtor's words (``hardship`` cues), a disclosed
  vulnerability, distress (fear or sadness) sustained across messages;
- **movement**: how far the debtor came from its first ask toward our target (good faith);
- **consistency**: the ask held over the latest messages (a stable ask, counted in repeats);
- **the emotional trajectory**: distress that persists, not one that appears with each demand;
- **evidence counted once**: a hardship message pasted again (the ``repeated`` cue,
  ``edge_agent.read.repeats``) adds neither hardship nor distress; a different disclosure does;
- **contradictions**: asking for more than it already offered, refusing its own figure (a
  figure that only repeats one of ours is an echo or a misreading, not the debtor's ask);
- **claims that do not add up**: payments we cannot see, money promised to come while claiming
  there is none, reopening settled points.

``credibility = support x (1 - doubt)``: support needs some disclosed circumstance (so a
figure repeated with no reason earns nothing, however often), doubt vetoes it. Credible
hardship with a stable ask inside the mandate gets forbearance (FCA CONC 7.3.4: forbearance and
due consideration for a customer in default or arrears difficulties): :func:`forbearance_offer`
moves toward the ask as fast as the credibility allows, meeting it within a few messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from edge_core import MoveKind, NegotiationView
from edge_core.emotions import INDEX


def _noisy_or(*terms: float) -> float:
    out = 1.0
    for t in terms:
        out *= 1.0 - min(1.0, max(0.0, t))
    return 1.0 - out


def _cues(view: NegotiationView, i: int) -> frozenset[str]:
    return view.debtor_cues[i] if i < len(view.debtor_cues) else frozenset()


def _distress(probs: tuple[float, ...]) -> float:
    return float(probs[INDEX["fear"]] + probs[INDEX["sadness"]])


def own_proposals(view: NegotiationView) -> list[tuple[int, int]]:
    """(exchange index, days) of the debtor's own proposals: sure readings of a proposal that
    is not an echo of a figure we stated (our standing offer or any earlier offer). Reading
    "12 days isn't realistic" as a proposal of our 12 is a misreading, never a concession."""
    ours: set[int] = {view.scenario.creditor_target_days}
    out = []
    for i, x in enumerate(view.exchanges):
        if x.creditor_offer is not None:
            ours.add(x.creditor_offer)
        m = x.debtor_move
        if m.kind != MoveKind.PROPOSE or m.days is None or m.unsure or "echo" in m.flags:
            continue
        if m.days in ours:
            continue
        out.append((i, m.days))
    return out


@dataclass(frozen=True)
class Affordability:
    """The estimate and its parts, for the decision and the trace."""

    credibility: float = 0.0
    support: float = 0.0
    doubt: float = 0.0
    hardship: float = 0.0
    vulnerable: bool = False
    distress: float = 0.0
    movement: float = 0.0
    stable_ask: int | None = None
    held: int = 0
    """Repeats of the stable ask: 1 once the debtor has said the same figure twice running."""
    contradictions: int = 0
    unsupported_claims: int = 0
    reasons: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "credibility": round(self.credibility, 4), "support": round(self.support, 4),
            "doubt": round(self.doubt, 4), "hardship": round(self.hardship, 4),
            "vulnerable": self.vulnerable, "distress": round(self.distress, 4),
            "movement": round(self.movement, 4), "stable_ask": self.stable_ask,
            "held": self.held, "contradictions": self.contradictions,
            "unsupported_claims": self.unsupported_claims, "reasons": list(self.reasons),
        }  # fmt: skip


def estimate(view: NegotiationView) -> Affordability:
    """The affordability and credibility estimate of the debtor in ``view``."""
    xs = view.exchanges
    if not xs:
        return Affordability()
    reasons: list[str] = []
    s = view.scenario
    # evidence counted once: hardship pasted again (the read stage's ``repeated`` cue,
    # ``edge_agent.read.repeats``) adds neither hardship nor distress
    fresh = [i for i in range(len(xs)) if "repeated" not in _cues(view, i)]
    hardship_msgs = sum("hardship" in _cues(view, i) for i in fresh)
    hardship = min(1.0, hardship_msgs / 2)
    if hardship_msgs:
        reasons.append(f"hardship stated in {hardship_msgs} message(s)")
    vulnerable = bool(view.vulnerabilities)
    if vulnerable:
        reasons.append("vulnerability disclosed: " + ", ".join(sorted(view.vulnerabilities)))
    distressed = [_distress(xs[i].debtor_probs) >= 0.5 for i in fresh]
    # sustained: a share of all messages, and at least two of them
    distress = sum(distressed) / len(xs) if sum(distressed) >= 2 else 0.0
    if distress:
        reasons.append(f"distress in {sum(distressed)} of {len(xs)} messages")
    if len(fresh) < len(xs):
        reasons.append(f"{len(xs) - len(fresh)} message(s) repeat hardship already counted")

    proposals = own_proposals(view)
    ask = view.debtor_ask
    movement = 0.0
    if proposals and ask is not None:
        first = proposals[0][1]
        if first > s.creditor_target_days and ask < first:
            movement = min(1.0, (first - ask) / (first - s.creditor_target_days))
            reasons.append(f"moved from {first} to {ask} days")
    held = 0
    stable = None
    if proposals and ask is not None and proposals[-1][1] == ask:
        for _, days in reversed(proposals[:-1]):
            if days != ask:
                break
            held += 1
        if held:
            stable = ask
            reasons.append(f"holds {ask} days ({held + 1} times running)")

    contradictions = 0
    best: int | None = None
    for _, days in proposals:
        if best is not None and days > best:
            contradictions += 1  # asks for more than it already offered
        best = days if best is None else min(best, days)
    own = {d for _, d in proposals}
    for x in xs:
        r = x.debtor_move.rejected_days
        if r is not None and r in own and best is not None and r <= best:
            contradictions += 1  # refuses a timeline it had offered itself
    if contradictions:
        reasons.append(f"{contradictions} contradiction(s) with its own earlier figures")
    claims = sum(len(_cues(view, i) & {"payment_claim", "promise", "reopen", "means"})
                 for i in range(len(xs)))  # fmt: skip
    if claims:
        reasons.append(f"{claims} claim(s) that do not add up (payments we cannot see, money "
                       f"to come, reopened points, spending that does not sit with hardship)")
    support = _noisy_or(0.6 * hardship, 0.8 * vulnerable, 0.5 * distress)
    if support > 0:  # movement corroborates a stated circumstance, it is not one itself
        support = _noisy_or(support, 0.4 * movement)
    doubt = _noisy_or(0.5 * contradictions, 0.5 * claims)
    credibility = support * (1.0 - doubt)
    return Affordability(credibility, support, doubt, hardship, vulnerable, distress, movement,
                         stable, held, contradictions, claims, tuple(reasons))


MEET_AT = 0.85
"""Share of the way to a credible ask at which forbearance meets the ask itself. Without it a
debtor whose credibility is 0.9 (job loss, sustained distress, the same 45 days held three
times) is offered 42 of its 45 days and must plead once more for the last three: a collector's
supervisor would call that haggling with hardship. Credibility below 1 still slows the first
steps (``held`` 0 or 1 never reach it unless the debtor is fully credible)."""


def forbearance_offer(view: NegotiationView, est: Affordability, credible_at: float = 0.5,
                      meet_after: int = 3) -> int | None:  # fmt: skip
    """The offer credible hardship earns, or None when it earns nothing.

    Only for a stable ask inside the mandate from a debtor whose credibility reaches
    ``credible_at``: the offer covers ``min(1, credibility x (held + 1) / meet_after)`` of the
    way from our target to the ask (the whole way once that reaches :data:`MEET_AT`), so a
    fully credible debtor is met ``meet_after - 1``
    repeats after its ask became stable, and a barely credible one a few repeats later. At the
    ask itself the strategy restates it for confirmation.
    """
    ask = est.stable_ask
    s = view.scenario
    if ask is None or est.credibility < credible_at or ask > s.max_days:
        return None
    share = min(1.0, est.credibility * (est.held + 1) / meet_after)
    if share >= MEET_AT:
        share = 1.0  # the last few days are not worth another plea from credible hardship
    return min(ask, round(s.creditor_target_days + share * (ask - s.creditor_target_days)))
