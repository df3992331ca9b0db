"""The dialogue's messages and what a reply answers in them: types shared by reading, speaking
and the saved state.

They live in the core because three layers pass them to each other: the session holds the
messages (:class:`DialogueTurn`), the read stage finds what a reply should acknowledge in the
debtor's message (:class:`Cue`) and the realise stage phrases it. Keeping them here lets each
of those depend on the core instead of on one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["creditor", "debtor"]


@dataclass(frozen=True, slots=True)
class DialogueTurn:
    """One message of the dialogue, as it was sent."""

    role: Role
    text: str


@dataclass(frozen=True)
class Cue:
    """What a reply should acknowledge first: ``kind`` picks the bank, ``key`` the entry."""

    kind: str  # injection | hostile | threat | question | reason | feeling | offer | none
    key: str = ""


__all__ = ["Cue", "DialogueTurn", "Role"]
