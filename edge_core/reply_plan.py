"""The reply plan's types: what one creditor message must contain, and what it heard.

Domain types the turn's stages share (the reader fills :class:`Heard`, the plan stage builds a
:class:`ReplyPlan` from it, the realisers word it, the verify stage checks a voiced sentence
against its :class:`Allowance`), so they live below every stage, like ``Decision``.

A realiser used to receive a decision and compose a whole reply; a small model then chose
what to talk about, and said things nobody decided ("This is a legal notice", "I believe in
you") while leaving the debtor's questions unanswered. The plan moves that choice into code:
each :class:`PlanItem` is one sentence slot with its reviewed wording, and ``voiced`` says
whether a model may say it in the persona's voice (the acknowledgement and the persona's
framing) or must send it as written (answers, duty texts, terms: facts from the scenario and
the decision). :attr:`ReplyPlan.allowance` is the whitelist a voiced sentence is checked
against: it may say what the plan holds, nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from edge_core.moves import DebtorMove


class Ask(StrEnum):
    """What a question asks for, in the order a reply answers them."""

    IDENTITY = "identity"  # who are you, are you a bot, what is this about
    CREDITOR = "creditor"  # which company, who do I owe
    CONTACT = "contact"  # how did you get my number, why are you contacting me
    CALLBACK = "callback"  # call me back, call me after 5pm, I'd rather talk on the phone
    BALANCE = "balance"  # how much do I owe
    BALANCE_PARTS = "balance_parts"  # what does it include, why is it so high
    INTEREST_FEES = "interest_fees"  # can you waive the interest, are there fees
    CONSEQUENCES = "consequences"  # what happens if I don't pay
    LONGEST = "longest"  # the longest timeline, is this the final offer
    MONTHLY = "monthly"  # how much a month, instalments, paying as money comes in
    WHY_FAST = "why_fast"  # why so fast, why this timeline
    NEEDED = "needed"  # what do you need from me, what should I do
    EXPLAIN = "explain"  # say it in simple words, I don't understand
    FLEXIBILITY = "flexibility"  # is there any flexibility, can you do better
    PROPOSAL = "proposal"  # a timeline asked as a question ("120 days?"): the terms answer
    RHETORICAL = "rhetorical"  # "are you kidding me?": nothing to answer
    OTHER = "other"  # a question of no known kind


@dataclass(frozen=True)
class Question:
    """One question sentence of a debtor message and what it asks for."""

    text: str
    asks: tuple[Ask, ...]

    @property
    def needs_answer(self) -> bool:
        """Whether a reply owes this question a planned answer (not the terms alone)."""
        return not set(self.asks) <= {Ask.PROPOSAL, Ask.RHETORICAL}


@dataclass(frozen=True)
class Heard:
    """What the plan stage knows of the message being answered: the reader's outputs only.

    ``cue`` is the move the words make (``injection``, ``threat``, ``hostile`` or ""),
    ``reasons`` the reasons given (``job``, ``client``...) with ``reason_words`` the debtor's
    own words for them, ``stances`` what the words say about the debtor (``limit``,
    ``stress``...), ``questions`` every question with what it asks; ``hardship_before`` and
    ``hostile_before`` what the earlier messages disclosed; ``standing`` our offer before this
    reply."""

    text: str = ""
    move: DebtorMove | None = None
    emotion: str | None = None
    cue: str = ""
    reasons: tuple[str, ...] = ()
    reason_words: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    hardship_before: bool = False
    hostile_before: bool = False
    standing: int | None = None


class Part(StrEnum):
    """What a slot does in the reply, in the order a reply is built."""

    DUTY_FIRST = "duty_first"  # a duty stated before anything else (restriction notice)
    OPENING = "opening"  # identification, disclosure, balance
    ACK = "ack"  # the acknowledgement of what the debtor said
    ANSWER = "answer"  # one answer per question asked
    BODY = "body"  # a fixed body: confirmation, agreement, support, dispute, close...
    TERMS = "terms"  # the decided days and the balance
    FRAME = "frame"  # the persona's own sentence (opener or closer)


@dataclass(frozen=True)
class PlanItem:
    """One sentence slot.

    ``key`` names the reviewed wording (``reason:job``, ``answer:balance``, ``duty:stop``);
    ``text`` is that wording with the facts filled in (what the template voice sends);
    ``options`` every reviewed variant a voice may choose from for this slot (``text`` is one
    of them); ``voiced`` whether a model may phrase it in the persona's voice.
    """

    part: Part
    key: str
    text: str
    voiced: bool = False
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Allowance:
    """What a model-written sentence may talk about in this reply.

    ``words``: lemmas allowed beyond the core vocabulary of acknowledgement (the voiced slots'
    reviewed wording, the debtor's reason, the persona's tone); ``cheer``: whether cheerful
    words fit (never after a disclosed hardship, a hostile message or a refusal);
    ``more_time``: whether the reply gives more time (only then may a voice say so).
    """

    words: frozenset[str] = frozenset()
    cheer: bool = True
    more_time: bool = False


@dataclass(frozen=True)
class ReplyPlan:
    """Every slot of one reply, in order, and what a voice may add to them.

    ``act`` names the kind of act (``open``, ``hardship``, ``hostile``, ``question``,
    ``offer``, ``refusal``, ``manipulation``, ``confirm``, ``agree``, ``duty``, ``support``,
    ``close``, ``plain``): exemplars and the per-act choice of voice are keyed by it.
    ``asks`` are the questions the plan answers, ``unanswered`` the ones it has no answer for.
    """

    act: str
    persona: str
    instructed: bool
    items: tuple[PlanItem, ...]
    allowance: Allowance = field(default_factory=Allowance)
    asks: tuple[Ask, ...] = ()
    unanswered: tuple[str, ...] = ()
    debtor_text: str = ""

    def text(self) -> str:
        """The reply in the plan's own (template) wording."""
        return " ".join(item.text for item in self.items if item.text)

    @property
    def voiced(self) -> tuple[PlanItem, ...]:
        return tuple(item for item in self.items if item.voiced)

    def slot_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)

    def with_texts(self, texts: dict[int, str]) -> ReplyPlan:
        """The plan with some slots (by index) worded otherwise (a voice's sentences)."""
        items = tuple(
            PlanItem(it.part, it.key, texts.get(i, it.text), it.voiced, it.options)
            for i, it in enumerate(self.items)
        )
        return ReplyPlan(self.act, self.persona, self.instructed, items, self.allowance,
                         self.asks, self.unanswered, self.debtor_text)  # fmt: skip


__all__ = ["Allowance", "Ask", "Heard", "Part", "PlanItem", "Question", "ReplyPlan"]
