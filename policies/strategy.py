"""The creditor's turn decision: persona, tactic, offer and accept/reject, in one place.

:class:`CreditorStrategy` composes a persona policy, a concession curve and an acceptance
strategy into a :class:`Decision`. It is pure: given the same view, move and generator it
returns the same decision, and it needs no model of any kind.

Duties come before tactics, in this order: a request to stop contact (or to deal through an
attorney) closes the dialogue; a crisis disclosure gets a caring reply and no negotiation; any
other vulnerability switches to a supportive mode in which firm, disgusted and fearful
personas are never displayed and the reply offers forbearance, free debt advice and a human.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from edge_core import NEGATIVE, Action, DebtorMove, Decision, MoveKind, NegotiationView, Tactic
from policies.acceptance import AcceptanceStrategy
from policies.concession import ConcessionCurve
from policies.payoff import PayoffMatrix
from policies.persona import PersonaChoice, PersonaPolicy, make_persona_policy

SUPPORTIVE_PERSONAS = ("sadness", "neutral", "joy")
"""The only personas shown to a debtor who disclosed a vulnerability."""


@dataclass(frozen=True)
class CreditorStrategy:
    persona: PersonaPolicy = field(default_factory=lambda: make_persona_policy("eq"))
    concession: ConcessionCurve = field(default_factory=ConcessionCurve)
    acceptance: AcceptanceStrategy = field(default_factory=AcceptanceStrategy)
    payoff: PayoffMatrix = field(default_factory=PayoffMatrix)

    def opening(self, view: NegotiationView, rng: np.random.Generator) -> Decision:
        """The first message: disclosure and the creditor's target."""
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

        days = move.days
        if move.kind == MoveKind.ACCEPT and (days is None or days == standing):
            return decision(Action.ACCEPT, Tactic.ACCEPT, standing, agreed_days=standing)
        if days is not None and self.acceptance.accepts(view, days, next_offer):
            return decision(Action.ACCEPT, Tactic.ACCEPT, days, agreed_days=days)
        if view.messages_used >= view.max_messages:
            return decision(Action.CLOSE_FAILED, Tactic.CLOSE, None,
                            why={"closed": "message limit reached"})
        if view.disclosed_now:
            tactic = Tactic.SUPPORT
        elif days is not None and days > view.scenario.max_days:
            tactic = Tactic.REJECT_BEYOND_MANDATE
        elif move.kind == MoveKind.QUESTION:
            tactic = Tactic.CLARIFY
        elif next_offer > standing:
            tactic = Tactic.CONCEDE
        elif view.last is not None and view.last.debtor_emotion in NEGATIVE:
            tactic = Tactic.ACKNOWLEDGE
        else:
            tactic = Tactic.HOLD
        return decision(Action.COUNTER, tactic, next_offer)

    def _supportive(self, view: NegotiationView, choice: PersonaChoice) -> PersonaChoice:
        """Replace a firm, disgusted or fearful persona by the best caring one."""
        debtor = view.last.debtor_emotion if view.last else "neutral"
        best = max(SUPPORTIVE_PERSONAS, key=lambda c: self.payoff.payoff(c, debtor))
        reason = {**choice.reason, "supportive_override": choice.emotion}
        return PersonaChoice(best, choice.mode, reason, choice.instructed)
