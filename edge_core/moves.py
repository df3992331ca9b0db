"""The debtor's turn as structured data: what the move parser extracts from text."""

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


@dataclass(frozen=True, slots=True)
class DebtorMove:
    """A parsed debtor message.

    ``days`` is the timeline the debtor proposes or accepts; for a range ("60 to 90 days") it is
    the low end, the most the debtor has said it can do, and ``days_high`` keeps the top.
    ``rejected_days`` holds a figure the debtor refused ("I can't do 30 days").
    """

    kind: MoveKind
    days: int | None = None
    days_high: int | None = None
    rejected_days: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["kind"] = self.kind.value
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DebtorMove:
        return cls(
            kind=MoveKind(d["kind"]),
            days=d.get("days"),
            days_high=d.get("days_high"),
            rejected_days=d.get("rejected_days"),
        )
