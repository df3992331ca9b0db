"""The deterministic template realiser: phrase banks per persona emotion and tactic.

A first-class backend, not a stub: it runs on the tiniest device, it is the fallback whenever
a generated reply fails validation, and its output always passes the compliance guard (the
tests check every combination). A reply is a persona opener (the tone), a tactic body (the
substance, stating the exact days of the decision) and, sometimes, a persona closer. Persona
emotions are tones: anger reads as firm and assertive, never hostile; disgust as plainly
displeased; fear as concern about where the account is heading.
"""

from __future__ import annotations

from edge_agent.jurisdictions import jurisdiction
from edge_agent.realisers.base import Realisation, RealiserContext, TokenCallback
from edge_agent.rng import stage_rng
from edge_core import Action, Decision, Scenario, Tactic

OPENERS: dict[str, tuple[str, ...]] = {
    "anger": (
        "Let me be direct with you.",
        "I need to be clear and firm about this.",
        "This account has been overdue for too long, so I will be straightforward.",
    ),
    "disgust": (
        "Frankly, I am disappointed with how this account has been handled.",
        "I have to say the way this account has gone is not acceptable to us.",
    ),
    "fear": (
        "I am genuinely concerned about where this account is heading.",
        "I am worried that time is running short for both of us.",
    ),
    "joy": (
        "Thank you for working with me on this, I appreciate it.",
        "I am glad we are talking, and I am confident we can sort this out.",
        "Thanks for getting back to me, that really helps.",
    ),
    "neutral": (
        "Thank you for your message.",
        "Thanks for your reply.",
        "I have noted what you said.",
    ),
    "sadness": (
        "I am sorry to hear things have been difficult.",
        "I understand this is a hard situation, and I am sorry it has come to this.",
    ),
    "surprise": (
        "That is not what I expected to hear.",
        "I did not expect that, so let me respond carefully.",
    ),
}

CLOSERS: dict[str, tuple[str, ...]] = {
    "anger": ("I expect a clear answer.", "Please treat this as a priority."),
    "disgust": ("I hope we can do better from here.",),
    "fear": ("I would rather we settle this before it gets harder.",),
    "joy": ("I look forward to settling this together.", "We are close to a good outcome."),
    "neutral": ("Please let me know.",),
    "sadness": ("I want to find something that works for you.",),
    "surprise": ("Let me know how you see it.",),
}

BODIES: dict[Tactic, tuple[str, ...]] = {
    Tactic.HOLD: (
        "Our offer remains repayment of the full balance of {balance} within {days} days.",
        "We still need the balance of {balance} repaid within {days} days.",
        "The offer stands: {balance} repaid within {days} days.",
    ),
    Tactic.CONCEDE: (
        "I can extend the timeline to {days} days for the full balance of {balance}.",
        "We can move to {days} days to repay the {balance} balance.",
        "To meet you partway, we can offer {days} days for the balance of {balance}.",
    ),
    Tactic.CLARIFY: (
        "To answer you: we are asking for the balance of {balance} to be repaid within "
        "{days} days.",
        "The proposal is simple: repay the {balance} balance within {days} days.",
    ),
    Tactic.ACKNOWLEDGE: (
        "I hear you. What we can offer is repayment of {balance} within {days} days.",
        "I understand your position. Our offer is {days} days to repay the {balance} balance.",
    ),
    Tactic.REJECT_BEYOND_MANDATE: (
        "That timeline is longer than we are able to agree to. The most we can offer right "
        "now is {days} days to repay the {balance} balance.",
        "I cannot agree to that timeline. We can offer {days} days for the balance of "
        "{balance}.",
    ),
    Tactic.SUPPORT: (
        "I am sorry you are going through this. We can pause collection while you get advice, "
        "or agree a reduced plan that fits your situation, and someone from our team can call "
        "you back to talk it through. {advice} The offer on the table is {days} days to repay "
        "the {balance} balance, and there is no pressure to decide today.",
        "Thank you for telling me; that sounds really hard. We can put things on hold while "
        "you get support, or work out a smaller plan, and I can arrange for a person from our "
        "team to contact you. {advice} When you are ready, our offer is {days} days for the "
        "{balance} balance.",
    ),
    Tactic.CONFIRM: (
        "To confirm: the {balance} balance repaid within {days} days. Do you agree?",
        "To confirm: the {balance} balance repaid within {days} days. Please reply yes if you "
        "agree.",
    ),
    Tactic.ASK: (
        "I want to be sure I understood you. What single timeline, in days, can you commit to "
        "for the {balance} balance? Our offer is {days} days.",
        "I am not sure I read your message correctly. Could you tell me the one number of days "
        "you can repay the {balance} balance in? Our offer stands at {days} days.",
    ),
    Tactic.TIMELINE_ONLY: (
        "I can only discuss the timeline for repaying the full {balance} balance, not payment "
        "amounts; how you spread the payments inside that time is up to you. Our offer is "
        "{days} days.",
        "What I can set with you is the time to repay the full {balance} balance; you can pay "
        "it in whatever pieces suit you within that time. Our offer is {days} days.",
    ),
    Tactic.ACCEPT: (
        "We have an agreement: the balance of {balance} will be repaid within {days} days. "
        "Thank you.",
        "Agreed. You will repay the {balance} balance within {days} days. I will send written "
        "confirmation of these terms.",
    ),
}

OPENING = (
    "Hello {debtor}, this is {creditor}. {disclosure} Your account has an outstanding "
    "balance of {balance}."
)
OPENING_OFFERS = (
    "We are asking for repayment within {days} days.",
    "We propose that the balance is repaid within {days} days.",
)
CLOSE_FAILED = (
    "We have not been able to settle on a repayment timeline in this conversation, so I will "
    "close it here. Thank you for your time; you are welcome to contact {creditor} to continue.",
)
CLOSE_STOP = (
    "Understood. We will stop contacting you about this account in this conversation, and "
    "if you have a representative we will deal with them instead. Thank you for letting us "
    "know.",
)
DISPUTE = (
    "Understood: you dispute this debt. We will pause collection of this account and send you "
    "a written validation notice of the debt; we will not ask you for payment until the debt "
    "has been validated. You can reply to that notice with any questions.",
)
RESTRICTION_ACK: dict[str, str] = {
    "not_at_work": "we will not contact you at work",
    "time_of_day": "we will only contact you at the times you asked for",
    "email_only": "we will contact you only by email",
    "writing_only": "we will contact you only in writing",
    "text_only": "we will contact you only by text message",
    "no_calls": "we will not phone you",
    "no_email": "we will not email you",
    "no_texts": "we will not text you",
    "not_at_home": "we will not contact you at home",
}
"""How a reply acknowledges each contact restriction (no times or figures: the label only)."""
CRISIS = (
    "I am really sorry you are feeling this way, and your safety matters far more than this "
    "account. {crisis} We will pause this conversation about the account, and someone from "
    "our team can contact you later, only if and when you want that. {advice}",
)


def money(amount: float) -> str:
    """The one way balances are written in replies, and checked by the guard."""
    return f"${amount:,.2f}"


class TemplateRealiser:
    """Phrases a decision from the banks above, choosing variants with a seeded generator."""

    name = "template"

    def realise(
        self,
        decision: Decision,
        ctx: RealiserContext,
        on_token: TokenCallback | None = None,
    ) -> Realisation:
        text = self.phrase(decision, ctx.scenario, seed=ctx.seed, turn=ctx.turn)
        if on_token is not None:
            on_token(text)
        return Realisation(text=text, backend=self.name, path="template")

    def phrase(self, decision: Decision, scenario: Scenario, *, seed: int, turn: int) -> str:
        rng = stage_rng(seed, turn, "template")

        def pick(options: tuple[str, ...]) -> str:
            return options[int(rng.integers(len(options)))]

        rules = jurisdiction(scenario.jurisdiction)
        fields = {
            "days": decision.stated_days,
            "balance": money(scenario.balance),
            "creditor": scenario.creditor_name,
            "debtor": scenario.debtor_name,
            "disclosure": rules.opening_disclosure,
            "advice": rules.debt_advice,
            "crisis": rules.crisis_line,
        }
        if decision.action == Action.OPEN:
            parts = [OPENING, pick(OPENING_OFFERS)]
            if decision.instructed:
                parts.append(pick(CLOSERS[decision.persona]))
        elif decision.action == Action.CLOSE_FAILED:
            parts = [pick(CLOSE_FAILED)]
        elif decision.action == Action.CLOSE_STOP:
            parts = [pick(CLOSE_STOP)]
        elif decision.action == Action.PAUSE_DISPUTE:
            parts = [pick(DISPUTE)]
        elif decision.tactic == Tactic.CRISIS:
            parts = [pick(CRISIS)]
        else:
            parts = [pick(BODIES[decision.tactic])]
            if decision.instructed and decision.tactic != Tactic.SUPPORT:
                parts.insert(0, pick(OPENERS[decision.persona]))
                if rng.random() < 0.5 and decision.tactic != Tactic.CONFIRM:
                    parts.append(pick(CLOSERS[decision.persona]))
            if decision.restrictions:
                acks = [RESTRICTION_ACK.get(r, "we will respect how you asked to be contacted")
                        for r in decision.restrictions]
                parts.insert(0, "Noted: " + " and ".join(dict.fromkeys(acks)) + ".")
        return " ".join(parts).format(**fields)
