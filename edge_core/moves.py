"""The debtor's turn as structured data: what the reader extracts from text."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class MoveKind(StrEnum):
    """What the debtor did with a message."""

    PROPOSE = "propose"  # names a timeline ("I can do 45 days")
    ACCEPT = "accept"  # accepts our standing offer ("deal", "ok that works")
    REJECT = "reject"  # refuses ("no", "I can't do 30 days")
    QUESTION = "question"  # asks something without a proposal
    NONE = "none"  # nothing negotiable (small talk, venting)
    STOP = "stop"  # asks us to stop contact, or to deal through their attorney
    DISPUTE = "dispute"  # disputes the debt or asks for validation: collection pauses
    AMOUNT = "amount"  # proposes an amount or instalments ("$100 a week"), not a timeline


class Consent(StrEnum):
    """How clearly a message says yes. Only ``EXPLICIT`` can confirm restated terms."""

    NONE = ""
    WEAK = "weak"  # "ok", "sure", "fine", "sounds good" alone
    EXPLICIT = "explicit"  # "yes", "I agree", "I accept", "confirmed"


@dataclass(frozen=True, slots=True)
class DebtorMove:
    """A read debtor message.

    ``days`` is the timeline the debtor proposes or accepts; for a range ("60 to 90 days") it is
    the low end, the most the debtor has said it can do, and ``days_high`` keeps the top.
    ``rejected_days`` holds a figure the debtor refused ("I can't do 30 days").

    The reader adds (all optional, so older saved moves load unchanged): ``consent``, how
    clearly the message says yes; ``unsure`` with ``reason`` when the reading is a guess (the
    agent then asks instead of acting on it); ``flags`` naming what was seen ("echo",
    "correction", "condition", "sarcasm", "range", "several_figures", "other_topic",
    "amount"...); ``restrictions``, canonical contact restrictions ("not_at_work").
    """

    kind: MoveKind
    days: int | None = None
    days_high: int | None = None
    rejected_days: int | None = None
    consent: Consent = Consent.NONE
    unsure: bool = False
    reason: str = ""
    flags: tuple[str, ...] = ()
    restrictions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["kind"] = self.kind.value
        d["consent"] = self.consent.value
        d["flags"] = list(self.flags)
        d["restrictions"] = list(self.restrictions)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DebtorMove:
        return cls(
            kind=MoveKind(d["kind"]),
            days=d.get("days"),
            days_high=d.get("days_high"),
            rejected_days=d.get("rejected_days"),
            consent=Consent(d.get("consent") or ""),
            unsure=bool(d.get("unsure", False)),
            reason=str(d.get("reason", "")),
            flags=tuple(d.get("flags", ())),
            restrictions=tuple(d.get("restrictions", ())),
        )
