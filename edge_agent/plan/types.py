"""The reply plan: what one creditor message must contain, in order, before any word is written.

A realiser used to receive a decision and compose a whole reply; a small model then chose
what to talk about, and said things nobody decided ("This is a legal notice", "I believe in
you") while leaving the debtor's questions unanswered. The plan moves that choice into code:
each :class:`PlanItem` is one sentence slot with its reviewed wording, and ``voiced`` says
whether a model may say it in the persona's voice (the acknowledgement and the persona's
framing) or must send it as written (answers, duty texts, terms: facts from the scenario and
the decision). :attr:`ReplyPlan.allowance` is the whitelist a voiced sentence is checked
against (:mod:`edge_agent.verify.faithful`): it may say what the plan holds, nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from edge_agent.read.questions import Ask


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


__all__ = ["Allowance", "Part", "PlanItem", "ReplyPlan"]
