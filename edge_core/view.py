"""The observable state a policy decides from.

Policies are pure functions of a :class:`NegotiationView` (plus a seeded generator). The view
holds only what the creditor can observe or infer: its own offers and personas, the debtor's
parsed moves and the sensor's readings, and the tracker's belief and predictions. It never
holds the debtor's hidden reservation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from edge_core.emotions import EMOTIONS, NEGATIVE
from edge_core.moves import DebtorMove, MoveKind
from edge_core.scenario import Scenario

LAST_MOVERS = ("creditor", "debtor")
"""Who may send the protocol's final message (see :attr:`NegotiationView.last_mover`)."""


@dataclass(frozen=True, slots=True)
class Exchange:
    """One creditor message and the debtor's answer to it."""

    creditor_persona: str
    creditor_offer: int | None
    debtor_move: DebtorMove
    debtor_probs: tuple[float, ...]
    """The sensor's reading of the debtor's message, in ``EMOTIONS`` order."""
    creditor_action: str = ""
    """What the creditor message did (``Action`` value): "confirm" when it restated terms."""

    @property
    def debtor_emotion(self) -> str:
        """The sensor's top emotion for the debtor's message."""
        best = max(range(len(EMOTIONS)), key=lambda i: self.debtor_probs[i])
        return EMOTIONS[best]


@dataclass(frozen=True)
class NegotiationView:
    """Everything a policy may look at when it decides the next creditor message.

    ``exchanges`` are complete (creditor message, debtor reply) pairs, oldest first; the last
    one holds the debtor message being answered. ``belief`` is the tracker's filtered
    distribution over the debtor's current emotion; ``predicted[c]`` its predicted distribution
    of the debtor's next emotion if the creditor displays emotion ``c``.
    """

    scenario: Scenario
    exchanges: tuple[Exchange, ...]
    messages_used: int
    max_messages: int
    standing_offer: int | None
    belief: tuple[float, ...] | None = None
    predicted: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    vulnerabilities: frozenset[str] = frozenset()
    """Vulnerability categories the debtor has disclosed so far (crisis, bereavement...)."""
    disclosed_now: frozenset[str] = frozenset()
    """Categories disclosed in the message being answered."""
    last_mover: str = "creditor"
    """Who has the protocol's last word. ``creditor``: we answer the debtor's message number
    ``max_messages`` (accept or close), the CRAD simulations' setting. ``debtor``: the debtor's
    message ``max_messages`` ends the game, as in NegMAS's SAO when we open, so the creditor's
    last chance to agree itself is its answer to message ``max_messages - 2``."""
    debtor_cues: tuple[frozenset[str], ...] = ()
    """Per exchange (same order), the cues found in the debtor's words (hardship,
    payment_claim, promise, reopen, stonewall: ``edge_agent.read.cues``); empty when unknown."""
    awaiting_days: int | None = None
    """Terms our last message restated for confirmation (a CONFIRM), else None."""

    @property
    def last(self) -> Exchange | None:
        return self.exchanges[-1] if self.exchanges else None

    @property
    def time(self) -> float:
        """Negotiation time in [0, 1]: the share of the message budget used."""
        return min(1.0, self.messages_used / self.max_messages)

    @property
    def final_decision(self) -> bool:
        """True when no later creditor decision can still reach a deal: after this one the
        protocol either ends or lets the debtor only take or leave what we say now."""
        last = self.max_messages - (2 if self.last_mover == "debtor" else 0)
        return self.messages_used >= last

    @property
    def messages_left(self) -> int:
        return max(0, self.max_messages - self.messages_used)

    def debtor_emotions(self) -> list[str]:
        return [x.debtor_emotion for x in self.exchanges]

    def debtor_offers(self) -> list[int]:
        """Days the debtor proposed, in order (acceptances and refusals carry none)."""
        return [
            x.debtor_move.days
            for x in self.exchanges
            if x.debtor_move.kind == MoveKind.PROPOSE and x.debtor_move.days is not None
        ]

    @property
    def debtor_ask(self) -> int | None:
        """The debtor's lowest standing proposal: the fewest days it has offered and not since
        refused. Unsure readings are not proposals; we never offer more days than this."""
        asks: list[int] = []
        for x in self.exchanges:
            m = x.debtor_move
            confirmed = x.creditor_offer if x.creditor_action == "confirm" else None
            if m.rejected_days is not None:  # "I'm not asking for 50 days" keeps an ask of 20
                asks = [a for a in asks if a != m.rejected_days]
            if confirmed is not None and (
                (m.kind == MoveKind.REJECT and (m.rejected_days == confirmed
                                                or confirmed not in asks))
                or (m.kind == MoveKind.PROPOSE and not m.unsure and (m.days or 0) > confirmed)
            ):  # declined the restated terms: asks at or below them are withdrawn. A bare "no"
                # to the debtor's own restated ask keeps it (we ask, we do not climb past it)
                asks = [a for a in asks if a > confirmed]
            if m.kind == MoveKind.PROPOSE and m.days is not None and not m.unsure:
                asks.append(m.days)
        return min(asks) if asks else None

    def creditor_offers(self) -> list[int]:
        return [x.creditor_offer for x in self.exchanges if x.creditor_offer is not None]

    def negatives_in_last(self, n: int) -> int:
        """How many of the debtor's last ``n`` messages read as a negative emotion."""
        return sum(e in NEGATIVE for e in self.debtor_emotions()[-n:])
