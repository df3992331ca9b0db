"""One typed reading per debtor message: everything the later stages use from its words.

The read stage is the only place the debtor's text is read. Each message is read once into a
:class:`TurnReading` (the move, the vulnerabilities it discloses, its negotiation cues, what a
reply should acknowledge), and the stages downstream consume that reading, never the text:
the policy's view takes the disclosures and cues, the realiser the acknowledgement.

Earlier messages are not read again on every turn. :class:`ReadingMemory` keeps the reading of
each committed message in memory; after a resume it rebuilds them once from the saved turns
(their moves as they were read then, never re-parsed: the reader may have changed since), so
a saved session needs nothing new on disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from edge_agent.read import acknowledge, cues, instalment, vulnerability
from edge_core import DebtorMove
from edge_core.dialogue import Cue


@dataclass(frozen=True)
class TurnReading:
    """What one debtor message says, read once.

    ``disclosed`` holds the vulnerability categories this message discloses
    (:mod:`edge_agent.read.vulnerability`), ``cues`` its negotiation cues
    (:mod:`edge_agent.read.cues`), ``ack`` what a reply should acknowledge as far as the words
    tell (:func:`edge_agent.read.acknowledge.read_text`; the sensor's feeling is added later
    with :func:`edge_agent.read.acknowledge.with_feeling`)."""

    text: str
    move: DebtorMove | None
    disclosed: frozenset[str]
    cues: frozenset[str]
    ack: Cue
    monthly: float | None = None
    """A monthly amount the message offers (:mod:`edge_agent.read.instalment`)."""


def reading_of(text: str, move: DebtorMove | None) -> TurnReading:
    """The reading of a message whose move is already known: just read by
    :func:`edge_agent.read.read` (the turn times the two apart), or saved with its turn."""
    return TurnReading(text, move, vulnerability.detect(text), cues.detect(text),
                       acknowledge.read_text(text, move), instalment.monthly_amount(text))


class _Turn(Protocol):
    """What :class:`ReadingMemory` needs of a saved turn (``state.session.TurnRecord``)."""

    index: int
    debtor_text: str | None
    move: DebtorMove | None


@dataclass
class ReadingMemory:
    """The readings of a dialogue's committed debtor messages, each computed once.

    Keyed by turn index and checked against the turn's text, so a session replaced or
    edited in memory is read afresh instead of answered from a stale reading."""

    _by_turn: dict[int, TurnReading] = field(default_factory=dict)

    def remember(self, index: int, reading: TurnReading) -> None:
        """Keep the reading of a committed turn (called once the turn is committed)."""
        self._by_turn[index] = reading

    def readings(self, turns: Sequence[_Turn]) -> list[TurnReading]:
        """The reading of every turn that answers a debtor message, oldest first."""
        out = []
        for t in turns:
            if t.debtor_text is None:
                continue
            known = self._by_turn.get(t.index)
            if known is None or known.text != t.debtor_text:
                known = self._by_turn[t.index] = reading_of(t.debtor_text, t.move)
            out.append(known)
        return out


def disclosed_so_far(earlier: Sequence[TurnReading], now: TurnReading) -> frozenset[str]:
    """Every vulnerability category disclosed in the dialogue: a disclosure holds for the
    rest of it (:mod:`edge_agent.read.vulnerability`)."""
    out: set[str] = set(now.disclosed)
    for r in earlier:
        out |= r.disclosed
    return frozenset(out)


__all__ = ["ReadingMemory", "TurnReading", "disclosed_so_far", "reading_of"]
