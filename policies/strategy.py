"""The creditor's turn decision: persona, tactic, offer and accept/reject, in one place.

:class:`CreditorStrategy` composes a persona policy, a concession curve and an acceptance
strategy into a :class:`Decision`. It is pure: given the same view, move and generator it
returns the same decision, and it needs no model of any kind.

Duties come before tactics, in this order: a request to stop contact (or to deal through an
attorney) closes the dialogue; a crisis disclosure gets a caring reply and no negotiation; any
other vulnerability switches to a supportive mode in which firm, disgusted and fearful
personas are never displayed and the reply offers forbearance, free debt advice and a human;
a dispute of the debt pauses collection (validation first).

Consent is explicit. An agreement (ACCEPT) is decided only when the message answered is an
explicit yes to terms our previous message restated (a CONFIRM). Anything that would make the
terms acceptable (a yes of any strength to the standing offer, a proposal at or below the offer
we would make next, the curve reaching the debtor's own standing ask) gets a CONFIRM: the exact
terms restated with a request to confirm. Anything else while awaiting confirmation is read as
a new message. A reading the reader is unsure of gets a question (ASK), never a step toward
agreement. We never offer more days than the debtor's lowest standing proposal.

A baseline-anchored persona policy (``eq``: ``anchored = True``) decides the deal in two steps
(:meth:`CreditorStrategy._anchored_respond`): first exactly what the emotion-blind baseline
(``vanilla``: the same strategy on a view with no readings, on the base curve) decides; then
departures that its evidence supports, each never below the baseline's offer and never past the
debtor's ask or the mandate: forbearance toward a credible hardship's stable ask
(:func:`policies.affordability.forbearance_offer`), a closing move before a debtor walks away
with an ask inside the mandate (split the difference, or meet it when the risk is high), the
closing move once to a debtor who says it is leaving (:meth:`CreditorStrategy._closing`), and a
question about what the debtor can afford when it claims hardship but has named no figure. A
suspected manipulator (strategic distress, or doubt about its claims) gets none of them: no
more than the hardship-blind baseline gives. The estimate and its reasons go into
``Decision.reason["deal"]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from edge_core import (
    NEGATIVE,
    Action,
    Consent,
    DebtorMove,
    Decision,
    MoveKind,
    NegotiationView,
    Tactic,
)
from policies.acceptance import AcceptanceStrategy
from policies.affordability import estimate, forbearance_offer
from policies.concession import ConcessionCurve
from policies.payoff import PayoffMatrix
from policies.persona import (
    PersonaChoice,
    PersonaPolicy,
    VanillaPolicy,
    blind_view,
)
from policies.registry import make_persona_policy
from policies.signals import strategic_distress, walk_risk

SUPPORTIVE_PERSONAS = ("sadness", "neutral", "joy")
"""The only personas shown to a debtor who disclosed a vulnerability."""


_NEGOTIATING = (Action.COUNTER, Action.CONFIRM)
_PLAIN = (Tactic.HOLD, Tactic.ACKNOWLEDGE, Tactic.CONCEDE)


@dataclass(frozen=True)
class DealRules:
    """Thresholds of the anchored strategy's departures from the baseline's offer.

    ``credible_at``: credibility needed for forbearance; ``meet_after``: repeats of a stable
    ask after which a fully credible debtor is met; ``walk_at`` / ``meet_at``: walk-away risk
    (:func:`policies.signals.walk_risk`) at which a closing move splits the difference / meets
    the ask; ``suspect_at``: strategic distress at which no departure is made, and
    ``doubt_at`` the doubt about the debtor's claims with the same effect."""

    credible_at: float = 0.5
    meet_after: int = 3
    walk_at: float = 0.45
    meet_at: float = 0.7
    suspect_at: float = 0.5
    doubt_at: float = 0.5


@dataclass(frozen=True)
class CreditorStrategy:
    persona: PersonaPolicy = field(default_factory=lambda: make_persona_policy("eq"))
    concession: ConcessionCurve = field(default_factory=ConcessionCurve)
    acceptance: AcceptanceStrategy = field(default_factory=AcceptanceStrategy)
    payoff: PayoffMatrix = field(default_factory=PayoffMatrix)
    deal: DealRules = field(default_factory=DealRules)

    @property
    def anchored(self) -> bool:
        return bool(getattr(self.persona, "anchored", False))

    def baseline(self) -> CreditorStrategy:
        """The emotion-blind baseline this strategy is anchored on: ``vanilla`` on the base
        curve, with the same acceptance strategy (the protocol's tolerance)."""
        return CreditorStrategy(VanillaPolicy(), replace(self.concession, adaptive=False),
                                self.acceptance, self.payoff, self.deal)  # fmt: skip

    def opening(self, view: NegotiationView, rng: np.random.Generator) -> Decision:
        """The first message: disclosure and the creditor's target."""
        if self.anchored:
            base = self.baseline().opening(view, rng)
            choice = self.persona.choose(view, rng)
            return replace(base, persona=choice.emotion, instructed=choice.instructed,
                           mode=choice.mode, reason=choice.reason)  # fmt: skip
        view = self._observed(view)
        choice = self.persona.choose(view, rng)
        target = view.scenario.creditor_target_days
        return Decision(
            Action.OPEN, Tactic.OPEN, choice.emotion, target,
            instructed=choice.instructed, mode=choice.mode, reason=choice.reason,
        )  # fmt: skip

    def respond(
        self, view: NegotiationView, move: DebtorMove, rng: np.random.Generator
    ) -> Decision:
        """Answer the debtor message recorded as the view's last exchange.

        ``view.messages_used`` counts that debtor message. Once it reaches the budget
        (``max_messages``, 30 in CRAD) without an acceptable offer, this reply is the polite
        close: the dialogue fails after that many messages.
        """
        if self.anchored:
            return self._anchored_respond(view, move, rng)
        view = self._observed(view)
        standing = view.standing_offer or view.scenario.creditor_target_days
        if move.kind == MoveKind.STOP:
            return Decision(Action.CLOSE_STOP, Tactic.CLOSE, "neutral", None, mode="duty",
                            reason={"closed": "the debtor asked us to stop contact or to deal "
                                              "through an attorney"})
        supportive = bool(view.vulnerabilities)
        if "crisis" in view.disclosed_now:
            return Decision(Action.SUPPORT, Tactic.CRISIS, "sadness", standing, mode="duty",
                            supportive=True, reason={"vulnerability": sorted(view.disclosed_now)})
        choice = self.persona.choose(view, rng)
        if supportive and choice.emotion not in SUPPORTIVE_PERSONAS:
            choice = self._supportive(view, choice)
        next_offer = self.concession.next_offer(view)

        def decision(action: Action, tactic: Tactic, offer: int | None, **kw: object) -> Decision:
            reason = {**choice.reason, "planned_offer": next_offer, **kw.pop("why", {})}  # type: ignore[dict-item]
            final = offer is not None and offer >= view.scenario.max_days
            return Decision(
                action, tactic, choice.emotion, offer, instructed=choice.instructed,
                mode=choice.mode, reason=reason, supportive=supportive, final=final,
                **kw,  # type: ignore[arg-type]
            )  # fmt: skip

        awaiting = view.awaiting_days
        if (
            awaiting is not None
            and move.kind == MoveKind.ACCEPT
            and move.consent == Consent.EXPLICIT
            and move.days in (None, awaiting)
        ):
            return decision(Action.ACCEPT, Tactic.ACCEPT, awaiting, agreed_days=awaiting,
                            why={"consent": "explicit yes to the restated terms"})
        if move.kind == MoveKind.DISPUTE:
            return decision(Action.PAUSE_DISPUTE, Tactic.DISPUTE, None,
                            why={"paused": "the debt is disputed: validation notice first, no "
                                           "collection until it is validated"})
        limits = tuple(r for r in move.restrictions if r not in _earlier_restrictions(view))
        ask = view.debtor_ask
        offer = next_offer if ask is None else min(next_offer, max(ask, standing))

        def confirm(days: int, why: str) -> Decision:
            return decision(Action.CONFIRM, Tactic.CONFIRM, days, restrictions=limits,
                            why={"confirm": why, "debtor_ask": ask})

        def counter(tactic: Tactic, **why: object) -> Decision:
            return decision(Action.COUNTER, tactic, offer, restrictions=limits,
                            why={"debtor_ask": ask, **why})

        days = move.days
        settle: Decision | None = None
        bound = self.concession.acceptance_bound(view, next_offer)  # deal signals (signals.py)
        if move.kind == MoveKind.ACCEPT and move.days in (None, standing):
            settle = confirm(standing, f"{move.consent.value or 'a'} yes to the standing offer")
        elif move.unsure:
            settle = None
        elif ask is not None and ask <= view.scenario.max_days and ask <= bound:
            settle = confirm(ask, "the debtor's own standing ask is within our next offer")
        elif days is not None and self.acceptance.accepts(view, days, bound):
            settle = confirm(days, "the debtor's proposal is acceptable")
        # At the budget's last message a restatement is still allowed (once): confirming
        # terms is not a further negotiation step. Past it, or with nothing to confirm, close.
        if view.messages_used > view.max_messages or (
            view.messages_used == view.max_messages and settle is None
        ):
            return decision(Action.CLOSE_FAILED, Tactic.CLOSE, None,
                            why={"closed": "message limit reached"})
        if settle is not None:
            return settle
        if move.unsure:
            return counter(Tactic.ASK, unsure=move.reason)
        if view.disclosed_now:
            tactic = Tactic.SUPPORT
        elif move.kind == MoveKind.AMOUNT:
            tactic = Tactic.TIMELINE_ONLY
        elif days is not None and days > view.scenario.max_days:
            tactic = Tactic.REJECT_BEYOND_MANDATE
        elif move.kind == MoveKind.QUESTION:
            tactic = Tactic.CLARIFY
        elif offer > standing:
            tactic = Tactic.CONCEDE
        elif view.last is not None and view.last.debtor_emotion in NEGATIVE:
            tactic = Tactic.ACKNOWLEDGE
        else:
            tactic = Tactic.HOLD
        return counter(tactic)

    def _anchored_respond(
        self, view: NegotiationView, move: DebtorMove, rng: np.random.Generator
    ) -> Decision:
        """The baseline's decision, then the departures the evidence supports (see the
        module docstring). Duties (stop, crisis) are the baseline's, persona included."""
        base = self.baseline().respond(view, move, rng)
        if base.mode == "duty":
            return base
        choice = self.persona.choose(view, rng)
        if base.supportive and choice.emotion not in SUPPORTIVE_PERSONAS:
            choice = self._supportive(view, choice)
        decided = replace(base, persona=choice.emotion, instructed=choice.instructed,
                          mode=choice.mode)  # fmt: skip
        deal, departed = self._departure(view, move, base)
        if departed is not None:
            decided = replace(departed, persona=choice.emotion, instructed=choice.instructed,
                              mode=choice.mode)  # fmt: skip
        return replace(decided, reason={**choice.reason, **base.reason, "deal": deal})

    def _departure(
        self, view: NegotiationView, move: DebtorMove, base: Decision
    ) -> tuple[dict[str, Any], Decision | None]:
        """The deal evidence for the trace, and the decision it leads to (None: keep the
        baseline's)."""
        rules, s = self.deal, view.scenario
        est = estimate(view)
        walk = walk_risk(view)
        manipulation = strategic_distress(view).score
        deal: dict[str, Any] = {"affordability": est.to_dict(), "walk_risk": walk.to_dict(),
                                "manipulation": round(manipulation, 4),
                                "baseline_offer": base.offer_days, "departure": None}  # fmt: skip
        if base.action not in _NEGOTIATING or base.offer_days is None or move.unsure:
            return deal, None
        suspect = manipulation >= rules.suspect_at or est.doubt >= rules.doubt_at
        ask = view.debtor_ask
        if suspect:
            deal["departure"] = "none: manipulation suspected, no more than the baseline"
            return deal, None
        # A closing move is for a debtor who engaged (moved, or credible hardship): a goodbye
        # or a threat from one that did not ("40 days or I go to the press", then "I will
        # report you") must not buy the ask, nor half of it.
        engaged = est.movement > 0 or est.credibility >= rules.credible_at
        if "walkaway" in move.flags:
            return self._closing(view, base, deal, engaged)
        if ask is None:
            cues = view.debtor_cues[-1] if view.debtor_cues else frozenset()
            if (base.action == Action.COUNTER and base.tactic in _PLAIN and move.days is None
                    and ("hardship" in cues or view.disclosed_now)):  # fmt: skip
                deal["departure"] = "ask what the debtor can afford"
                return deal, replace(base, tactic=Tactic.ASK_AFFORD)
            return deal, None
        standing = view.standing_offer or s.creditor_target_days
        offer = base.offer_days
        if ask > s.max_days or ask <= offer or base.action == Action.CONFIRM:
            return deal, None
        why = []
        fb = forbearance_offer(view, est, rules.credible_at, rules.meet_after)
        if fb is not None and fb > offer:
            offer, why = fb, [f"forbearance: credible hardship ({est.credibility:.2f}) holding "
                              f"{ask} days"]  # fmt: skip
        if walk.risk >= rules.walk_at:
            closing = ((ask if walk.risk >= rules.meet_at else -(-(standing + ask) // 2))
                       if engaged else offer)  # fmt: skip
            if closing > offer:
                offer = closing
                why.append(f"closing move ({'meet' if closing >= ask else 'split'}): the "
                           f"debtor may walk (risk {walk.risk:.2f})")  # fmt: skip
        if not why:
            return deal, None
        offer = min(offer, ask, s.max_days)
        deal["departure"] = "; ".join(why)
        if offer >= ask:
            return deal, replace(base, action=Action.CONFIRM, tactic=Tactic.CONFIRM,
                                 offer_days=ask, final=ask >= s.max_days,
                                 reason={**base.reason, "confirm": "we meet the debtor's ask",
                                         "debtor_ask": ask})  # fmt: skip
        tactic = Tactic.CONCEDE if base.tactic in _PLAIN else base.tactic
        return deal, replace(base, tactic=tactic, offer_days=offer, final=offer >= s.max_days)

    def _closing(self, view: NegotiationView, base: Decision, deal: dict[str, Any],
                 engaged: bool) -> tuple[dict[str, Any], Decision | None]:  # fmt: skip
        """The closing move to a debtor who says it is leaving (the reader's ``walkaway``
        flag), made once, and no chase after it.

        The first time: the best offer the mandate and the strategy allow at that point. For
        a debtor that has engaged (moved from its first figure, or a credible hardship) with
        an ask inside the mandate, that is its ask, restated for confirmation: we meet it.
        An engaged debtor whose ask is past the mandate gets the split: halfway from our
        standing offer to the mandate. A debtor that has not engaged gets the baseline's
        offer. The judgment: "40 days. Bye." on the first message must not buy the ask, nor
        half of it, nor "Bye." the mandate, or goodbye becomes the cheapest tactic there is.
        ``deal["closing"]`` makes the reply say how to come back. A debtor who leaves again
        after it gets no new offer (the standing one stands, with how to come back): pressing
        someone who has said goodbye twice is chasing, and it teaches that goodbye pays.
        Never below the baseline's offer, never past the ask or the mandate.
        """
        s = view.scenario
        standing = view.standing_offer or s.creditor_target_days
        ask = view.debtor_ask
        said = any("walkaway" in x.debtor_move.flags for x in view.exchanges[:-1])
        if said or base.action == Action.CONFIRM or base.offer_days is None:
            deal["closing"] = "stands"
            deal["departure"] = ("no chase: the closing move was made, the offer stands" if said
                                 else "closing: the baseline's terms already settle")  # fmt: skip
            if base.action == Action.CONFIRM or base.offer_days is None or (
                    base.offer_days > standing):  # fmt: skip
                return deal, None
            return deal, replace(base, tactic=Tactic.HOLD, offer_days=standing,
                                 final=standing >= s.max_days)  # fmt: skip
        if not engaged:
            # "Bye." on the first message, or "1000 days. Bye.": nothing shown but a figure
            # and a goodbye. A split toward the ask would pay the bigger ask more (the hostile
            # review: "Bye." alone bought 36 of a 60-day mandate, three times the target), so
            # the baseline's offer stands, with how to come back.
            deal["closing"] = "baseline"
            deal["departure"] = "closing: an unengaged goodbye buys nothing beyond the baseline"
            return deal, None
        if ask is not None and ask <= s.max_days:
            deal["closing"] = "meet"
            deal["departure"] = f"closing move (meet): the debtor is leaving, we meet its {ask}"
            return deal, replace(base, action=Action.CONFIRM, tactic=Tactic.CONFIRM,
                                 offer_days=ask, final=ask >= s.max_days,
                                 reason={**base.reason, "confirm": "we meet the debtor's ask "
                                         "before it leaves", "debtor_ask": ask})  # fmt: skip
        toward = min(ask, s.max_days) if ask is not None else s.max_days
        offer = max(base.offer_days, -(-(standing + toward) // 2))
        deal["closing"] = "split"
        deal["departure"] = f"closing move (split, {offer}): the debtor is leaving"
        tactic = base.tactic if base.tactic == Tactic.REJECT_BEYOND_MANDATE else Tactic.CONCEDE
        if offer <= base.offer_days:
            tactic = base.tactic
        return deal, replace(base, tactic=tactic, offer_days=offer, final=offer >= s.max_days)

    def _observed(self, view: NegotiationView) -> NegotiationView:
        """An emotion-blind persona policy (vanilla) decides on a view without readings."""
        return blind_view(view) if getattr(self.persona, "emotion_blind", False) else view

    def _supportive(self, view: NegotiationView, choice: PersonaChoice) -> PersonaChoice:
        """Replace a firm, disgusted or fearful persona by the best caring one."""
        debtor = view.last.debtor_emotion if view.last else "neutral"
        best = max(SUPPORTIVE_PERSONAS, key=lambda c: self.payoff.payoff(c, debtor))
        reason = {**choice.reason, "supportive_override": choice.emotion}
        return PersonaChoice(best, choice.mode, reason, choice.instructed)


def _earlier_restrictions(view: NegotiationView) -> set[str]:
    """Restrictions read before the message being answered (already acknowledged)."""
    return {r for x in view.exchanges[:-1] for r in x.debtor_move.restrictions}
