"""The creditor's decision for one turn: what to do, in which tone, with which offer.

Policies output a :class:`Decision`; realisers only put it into words. Every number a reply
states comes from here and is checked in the text by the guard.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    """The structural effect of a creditor message."""

    OPEN = "open"  # first message: disclosure plus the opening offer
    COUNTER = "counter"  # a standing offer (new or repeated)
    ACCEPT = "accept"  # the debtor confirmed restated terms: agreement
    CONFIRM = "confirm"  # restates exact terms and asks the debtor to confirm them
    CLOSE_FAILED = "close_failed"  # the message limit is reached: polite close, no agreement
    CLOSE_STOP = "close_stop"  # the debtor asked us to stop contact: polite close
    SUPPORT = "support"  # a crisis disclosure: a caring reply, no negotiation this turn
    PAUSE_DISPUTE = "pause_dispute"  # the debt is disputed: collection pauses until validated


class Tactic(StrEnum):
    """How the message argues; realisers phrase each one differently."""

    OPEN = "open"
    HOLD = "hold"  # repeat the standing offer, no concession
    CONCEDE = "concede"  # a better offer than before
    CLARIFY = "clarify"  # answer a question, restate the offer
    ACKNOWLEDGE = "acknowledge"  # recognise the debtor's situation, restate the offer
    REJECT_BEYOND_MANDATE = "reject_beyond_mandate"  # the ask is outside what we may accept
    ACCEPT = "accept"
    CLOSE = "close"
    SUPPORT = "support"  # a vulnerability disclosure: forbearance, free advice, a human
    CRISIS = "crisis"  # suicidal thoughts or self-harm: safety first, nothing else
    CONFIRM = "confirm"  # "To confirm: ... Do you agree?"
    ASK = "ask"  # the reading was unsure: ask for one clear timeline, restate the offer
    TIMELINE_ONLY = "timeline_only"  # an amount/instalment proposal: we negotiate the timeline
    DISPUTE = "dispute"  # what happens after a dispute: validation notice, no collection
    ASK_AFFORD = "ask_afford"  # hardship but no figure: ask what they can afford, restate


@dataclass(frozen=True, slots=True)
class Decision:
    """One creditor turn, decided before any text exists.

    ``persona`` is the displayed emotion (one of ``EMOTIONS``); ``instructed`` is False for the
    vanilla baseline, which gives the realiser no persona instruction. ``offer_days`` is the
    standing offer after this message (None once the dialogue is closed without agreement);
    for a CONFIRM it is the restated terms awaiting the debtor's yes. ``agreed_days`` is set
    only by an ACCEPT, which only follows an explicit yes to a CONFIRM. ``reason`` records
    why, for the trace. ``restrictions`` are contact restrictions first read in the message
    answered: the reply acknowledges them.
    """

    action: Action
    tactic: Tactic
    persona: str
    offer_days: int | None
    agreed_days: int | None = None
    instructed: bool = True
    mode: str = ""
    reason: dict[str, Any] = field(default_factory=dict)
    supportive: bool = False
    """The debtor disclosed a vulnerability: only caring personas, and the guard checks it."""
    restrictions: tuple[str, ...] = ()
    final: bool = False
    """The offer cannot move any further (it is the mandate's limit): only then may a reply
    call it "the most we can offer"."""

    @property
    def stated_days(self) -> int | None:
        """The one day figure a reply to this decision must state, if any."""
        return self.agreed_days if self.agreed_days is not None else self.offer_days

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["action"] = self.action.value
        d["tactic"] = self.tactic.value
        d["restrictions"] = list(self.restrictions)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Decision:
        return cls(
            action=Action(d["action"]),
            tactic=Tactic(d["tactic"]),
            persona=d["persona"],
            offer_days=d.get("offer_days"),
            agreed_days=d.get("agreed_days"),
            instructed=d.get("instructed", True),
            mode=d.get("mode", ""),
            reason=dict(d.get("reason", {})),
            supportive=d.get("supportive", False),
            restrictions=tuple(d.get("restrictions", ())),
            final=d.get("final", False),
        )
