"""The deterministic template realiser: replies a skilled, humane collector would send.

A first-class backend, not a stub: it runs on the tiniest device, it is the fallback whenever
a generated reply fails validation, and its output always passes the compliance guard (the
tests check every combination). A reply has up to three parts, in this order:

1. an **acknowledgement** of the debtor's latest message: the cue the read stage found in it
   and the emotion sensor completed (``RealiserContext.ack``, by the rule of
   :mod:`edge_agent.read.acknowledge`: their reason, their question, their feeling, an
   attempt to re-instruct us); the realiser phrases it and never reads the message itself;
2. a **persona opener**, the tone of the chosen persona, when there is no specific cue to
   answer (anger reads as firm and assertive, never hostile; disgust as plainly displeased;
   fear as concern about where the account is heading);
3. the **terms**: a lead and a core stating the decided days (and the balance), from banks
   large enough that a dialogue rarely needs the same sentence twice.

No sentence the creditor already sent in the dialogue is used again while an unused variant
exists (the opening's disclosure aside), and the creditor never re-introduces itself after
the opening. "The most we can offer" wording appears only when ``Decision.final`` says the
offer cannot move. Banks are dicts keyed by tactic or cue, so a new decision kind adds its
own entry (:data:`BODIES`, :data:`TERMS`, :data:`ACKS`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from edge_agent._support.rng import stage_rng
from edge_agent.realise.base import (
    NO_CUE,
    Realisation,
    RealiserContext,
    TokenCallback,
)
from edge_agent.text.sentences import sentence_key, split_sentences
from edge_core import Action, Decision, Scenario, Tactic
from edge_core.dialogue import Cue
from edge_core.jurisdictions import jurisdiction

OPENERS: dict[str, tuple[str, ...]] = {
    "anger": (
        "Let me be direct with you.",
        "I need to be clear and firm about this.",
        "This account has been overdue for too long, so I will be straightforward.",
        "I will be plain with you about where we stand.",
        "We do need this resolved.",
    ),
    "disgust": (
        "Frankly, I am disappointed with how this account has been handled.",
        "I have to say the way this account has gone is not acceptable to us.",
        "This account should not have reached this point.",
        "I am not happy with how long this has gone on.",
    ),
    "fear": (
        "I am genuinely concerned about where this account is heading.",
        "I am worried that time is running short for both of us.",
        "I am uneasy about how long this has been left.",
        "It worries me that this is still open.",
    ),
    "joy": (
        "Thank you for working with me on this, I appreciate it.",
        "I am glad we are talking, and I am confident we can sort this out.",
        "Thanks for getting back to me, that really helps.",
        "It is good to hear from you.",
        "I am pleased we are making progress.",
    ),
    "neutral": (
        "Thank you for your message.",
        "Thanks for your reply.",
        "I have noted what you said.",
        "Understood.",
        "Thanks for letting me know where you stand.",
    ),
    "sadness": (
        "I am sorry to hear things have been difficult.",
        "I understand this is a hard situation, and I am sorry it has come to this.",
        "I am sorry this has been such a strain.",
        "That sounds like a hard time, and I am sorry.",
    ),
    "surprise": (
        "That is not what I expected to hear.",
        "I did not expect that, so let me respond carefully.",
        "That surprises me, I must admit.",
        "Well, that is news to me.",
    ),
}

CLOSERS: dict[str, tuple[str, ...]] = {
    "anger": ("I expect a clear answer.", "Please treat this as a priority.",
              "I need your answer on this."),
    "disgust": ("I hope we can do better from here.", "Let us get this right from now on."),
    "fear": ("I would rather we settle this before it gets harder.",
             "I would like this settled while it is still simple."),
    "joy": ("I look forward to settling this together.", "We are close to a good outcome.",
            "I think we can get there."),
    "neutral": ("Please let me know.", "Let me know what you decide.",
                "I will wait for your answer."),
    "sadness": ("I want to find something that works for you.",
                "Take a moment with it if you need to."),
    "surprise": ("Let me know how you see it.", "Tell me what you think."),
}  # fmt: skip

ACKS: dict[str, tuple[str, ...]] = {
    # reasons
    "reason:client": (
        "Losing a big client is a real blow, and I appreciate you telling me.",
        "I am sorry about the client; that hurts any business.",
        "I understand a lost client leaves a gap in your cash flow.",
    ),
    "reason:job": (
        "I am sorry about your job; that is a hard thing to go through.",
        "Losing work is hard, and I appreciate you being open about it.",
        "I understand your income has changed, and that matters.",
    ),
    "reason:business": (
        "I understand the business is going through a slow patch.",
        "Running a business through a hard stretch is stressful, I know.",
        "Thank you for explaining what is happening with the business.",
    ),
    "reason:health": (
        "I am sorry about your health; please look after yourself.",
        "I hope you are on the mend, and I am sorry it has been hard.",
    ),
    "reason:family": (
        "I understand family matters come first, and I am sorry it has been hard.",
        "Thank you for telling me about your family situation.",
    ),
    "reason:bills": (
        "I understand the other bills are adding up.",
        "Juggling several bills at once is hard, I know.",
    ),
    "reason:waiting": (
        "I understand you are waiting on money coming in.",
        "Thank you for explaining that your money arrives later.",
    ),
    # feelings the sensor read
    "feeling:anger": ("I can hear that you are frustrated, and I understand.",
                      "I understand you are angry about this.",
                      "I hear your frustration."),
    "feeling:fear": ("I understand this is worrying for you.",
                     "I can tell this is weighing on you.",
                     "It is understandable to feel anxious about this."),
    "feeling:sadness": ("I am sorry this is so hard right now.",
                        "I can hear this has been a difficult time."),
    "feeling:disgust": ("I understand you are unhappy with how this has gone.",
                        "I hear that this has left a bad taste."),
    "feeling:surprise": ("I can tell this came as a surprise.",
                         "I understand this is unexpected."),
    "feeling:joy": ("I am glad you are feeling positive about this.",
                    "It is good to hear you sounding hopeful."),
    # questions
    "question:amount": ("To answer your question, the balance is {balance}.",
                        "The amount outstanding is {balance}."),
    "question:change_terms": ("The balance itself stays as it is; what we can talk about is "
                              "the timeline.", "I can only discuss the timeline, not the "
                              "balance."),
    "question:why": ("It is a fair question; the account is overdue, so we need a clear "
                     "timeline.", "Fair question: we need a clear timeline for an overdue "
                     "account."),
    "question:what_if": ("If we cannot agree today, the account stays open and we keep "
                         "talking.", "Nothing changes today; I would simply like us to agree "
                         "a timeline."),
    "question:who": ("I am the collections assistant for {creditor}, here to agree a "
                     "repayment timeline with you.",),
    "question:general": ("Good question.", "Let me answer that plainly.",
                         "Happy to explain."),
    # moves
    "injection": ("I can only talk about repaying this account.",
                  "I will stay with the repayment of this account.",
                  "That is not something I can do; let us stay with the account."),
    "hostile": ("I understand you are upset, and I want to keep this respectful.",
                "I hear that you are angry; I am here to find a way forward.",
                "I know this is frustrating."),
    "threat": ("You are entitled to raise a complaint, and I will note that.",
               "You are free to take that step; I would still like to find a solution.",),
    "offer:proposal": ("Thank you for putting a timeline forward.",
                       "I appreciate you suggesting a timeline.",
                       "Thanks for the proposal."),
    "offer:refusal": ("I hear that this does not work for you.",
                      "I understand that is not workable for you.",
                      "Thanks for being clear that it does not suit you."),
}  # fmt: skip
"""Acknowledgements keyed ``kind:key`` by :class:`~edge_core.dialogue.Cue`."""

LEADS: dict[Tactic, tuple[str, ...]] = {
    Tactic.HOLD: ("Our offer remains", "The offer stands:", "As before, we are asking for",
                  "Our position is unchanged:", "What we need is", "To be clear, we need",
                  "We are still asking for", "The terms are the same:"),
    Tactic.CONCEDE: ("I can extend the timeline:", "To meet you partway, we can offer",
                     "We can move to", "I can give you more time:", "We can stretch this to",
                     "Here is a longer timeline:", "We can go further:"),
    Tactic.CLARIFY: ("The proposal itself is", "To answer you, we are asking for",
                     "Put simply, the offer is", "In short, we propose", "The offer is"),
    Tactic.ACKNOWLEDGE: ("What we can offer is", "Our offer is", "With that in mind, we offer",
                         "Taking that into account, the offer is", "We can offer"),
    Tactic.REJECT_BEYOND_MANDATE: (
        "That timeline is longer than we are able to agree to; we can offer",
        "I cannot agree to that timeline, but we can offer",
        "That is beyond what we can accept; our offer is",
        "We cannot stretch to that, and what we can offer is",
        "That is too long for us; instead, we offer",
    ),
}  # fmt: skip
FINAL_LEADS = ("The most we can offer is", "This is our final offer:",
               "We cannot go any further than")  # fmt: skip
"""Used only when ``Decision.final``: the offer is at the mandate's limit."""

TERMS: tuple[str, ...] = (
    "repayment of the {balance} balance within {days} days.",
    "the full {balance} repaid within {days} days.",
    "{days} days to repay the {balance} balance.",
    "the balance of {balance} repaid within {days} days.",
    "{days} days for the {balance} balance.",
    "repayment within {days} days of the {balance} owed.",
)

BODIES: dict[Tactic, tuple[str, ...]] = {
    Tactic.SUPPORT: (
        "I am sorry you are going through this. There is no rush: take the time to get advice, "
        "and someone from our team can call you back to talk it through. {advice} The offer "
        "on the table is {days} days to repay the {balance} balance, and there is no pressure "
        "to decide today.",
        "Thank you for telling me; that sounds really hard. Please take the time you need to "
        "get support, and a person from our team can contact you to talk it through. {advice} "
        "When you are ready, our offer is {days} days for the {balance} balance.",
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
    Tactic.ASK_AFFORD: (
        "I am sorry things are difficult. So that we can find a plan you can keep, what "
        "timeline, in days, would you realistically need to repay the {balance} balance? For "
        "now our offer is {days} days.",
        "Thank you for telling me. What timeline, in days, could you actually afford for the "
        "{balance} balance? We want a plan that works for you; our offer is {days} days.",
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
        "Thank you, we are agreed: {balance} repaid within {days} days. I will send "
        "written confirmation of these terms.",
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
DISPUTE_PARTIAL = (
    "Thank you for telling me that part of this balance has already been paid; I have noted "
    "it. A payment we have not recorded disputes the amount, so we will check our records, "
    "pause collection of this account and send you a written statement of what we show as "
    "paid and owed. We will not ask you for payment until the amount has been verified; once "
    "it has, any repayment timeline would be for the verified amount.",
)
"""The reply to a claimed partial payment (issue 23 item 2): acknowledged, recorded, the
amount goes to verification, and what that means for the negotiation. No figures: the
debtor's own figure is theirs to prove, and the guard checks every amount we write."""
RESTRICTION_ACK: dict[str, str] = {
    "not_at_work": "we will not contact you at work",
    "time_of_day": "we will only contact you at the times you asked for",
    "email_only": "we will only use email to reach you",
    "writing_only": "we will only use letters to reach you",
    "text_only": "we will only use text messages to reach you",
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


class _Picker:
    """Seeded choices that skip sentences the dialogue already used."""

    def __init__(self, rng: np.random.Generator, used: frozenset[str], fields: dict) -> None:
        self.rng, self.used, self.fields = rng, set(used), fields

    def pick(self, options: Sequence[str]) -> str:
        """A variant not used yet, or (all used) any variant: for texts that must appear."""
        return self.fresh(options) or self._take(list(options))

    def fresh(self, options: Sequence[str]) -> str | None:
        """A variant not used yet, or None: for optional sentences."""
        pool = [o for o in options if sentence_key(o.format(**self.fields)) not in self.used]
        return self._take(pool) if pool else None

    def _take(self, pool: list[str]) -> str:
        choice = pool[int(self.rng.integers(len(pool)))]
        self.used.add(sentence_key(choice.format(**self.fields)))
        return choice

    def terms(self, leads: Sequence[str]) -> str:
        combos = [f"{lead} {core}" for lead in leads for core in TERMS]
        return self.pick(combos)


def opening_lines(decision: Decision, scenario: Scenario) -> str:
    """The opening's identification, disclosure and balance, as every backend writes them
    (an LLM opening states the balance exactly as the template's does)."""
    return OPENING.format(**_fields(decision, scenario))


def terms_sentence(decision: Decision, scenario: Scenario, *, seed: int, turn: int,
                   used: frozenset[str] = frozenset()) -> str:  # fmt: skip
    """The sentence stating the decided terms, as the code (never a model) writes it."""
    fields = _fields(decision, scenario)
    rng = stage_rng(seed, turn, "terms")
    picker = _Picker(rng, used, fields)
    if decision.action == Action.OPEN:
        return picker.pick(OPENING_OFFERS).format(**fields)
    if decision.action == Action.ACCEPT:
        return picker.pick(("We agree to repayment of the {balance} balance within {days} "
                            "days.", "Agreed: {balance} repaid within {days} days.",
                            "We accept {days} days for the {balance} balance."),
                           ).format(**fields)  # fmt: skip
    return picker.terms(_leads(decision)).format(**fields)


def _leads(decision: Decision) -> tuple[str, ...]:
    leads = LEADS.get(decision.tactic, LEADS[Tactic.HOLD])
    if decision.final:
        leads = (*leads, *FINAL_LEADS)
    return leads


def _fields(decision: Decision, scenario: Scenario) -> dict[str, object]:
    rules = jurisdiction(scenario.jurisdiction)
    return {
        "days": decision.stated_days,
        "balance": money(scenario.balance),
        "creditor": scenario.creditor_name,
        "debtor": scenario.debtor_name,
        "disclosure": rules.opening_disclosure,
        "advice": rules.debt_advice,
        "crisis": rules.crisis_line,
    }


def acknowledgement(cue: Cue) -> tuple[str, ...]:
    """The bank answering a cue (empty when there is nothing specific to answer)."""
    key = f"{cue.kind}:{cue.key}" if cue.key else cue.kind
    return ACKS.get(key, ())


class TemplateRealiser:
    """Phrases a decision from the banks above, choosing variants with a seeded generator."""

    name = "template"

    def realise(
        self,
        decision: Decision,
        ctx: RealiserContext,
        on_token: TokenCallback | None = None,
    ) -> Realisation:
        text = self.phrase(decision, ctx.scenario, seed=ctx.seed, turn=ctx.turn, ctx=ctx)
        if on_token is not None:
            on_token(text)
        return Realisation(text=text, backend=self.name, path="template")

    def phrase(self, decision: Decision, scenario: Scenario, *, seed: int, turn: int,
               ctx: RealiserContext | None = None) -> str:  # fmt: skip
        """The reply. With ``ctx`` it answers the debtor's latest message and avoids the
        sentences already sent; without it, it is the reply to an unknown message."""
        rng = stage_rng(seed, turn, "template")
        fields = _fields(decision, scenario)
        used = ctx.used_sentences() if ctx is not None else frozenset()
        picker = _Picker(rng, used, fields)
        cue = ctx.ack if ctx is not None else NO_CUE
        if decision.action == Action.OPEN:
            parts = [OPENING, picker.pick(OPENING_OFFERS)]
            if decision.instructed:
                parts.append(picker.pick(CLOSERS[decision.persona]))
        elif decision.action == Action.CLOSE_FAILED:
            parts = [picker.pick(CLOSE_FAILED)]
        elif decision.action == Action.CLOSE_STOP:
            parts = [picker.pick(CLOSE_STOP)]
        elif decision.action == Action.PAUSE_DISPUTE:
            partial = ctx is not None and ctx.move is not None and (
                "partial_payment" in ctx.move.flags)
            parts = [picker.pick(DISPUTE_PARTIAL if partial else DISPUTE)]
        elif decision.tactic == Tactic.CRISIS:
            parts = [picker.pick(CRISIS)]
        elif decision.tactic in BODIES:
            parts = [picker.pick(BODIES[decision.tactic])]
        else:
            # The acknowledgement first; once its bank is used up, the persona's tone instead.
            first = picker.fresh(acknowledgement(cue))
            if first is None and decision.instructed:
                first = picker.fresh(OPENERS[decision.persona])
            parts = [first] if first else []
            parts.append(picker.terms(_leads(decision)))
            if decision.instructed and len(parts) < 3 and rng.random() < 0.4:
                closer = picker.fresh(CLOSERS[decision.persona])
                if closer:
                    parts.append(closer)
        if decision.restrictions:  # acknowledged once, in the reply that first reads them
            acks = [RESTRICTION_ACK.get(r, "we will respect how you asked to be contacted")
                    for r in decision.restrictions]
            parts.insert(0, "Noted: " + " and ".join(dict.fromkeys(acks)) + ".")
        text = " ".join(parts).format(**fields)
        return " ".join(split_sentences(text))


__all__ = ["TemplateRealiser", "acknowledgement", "money", "terms_sentence"]
