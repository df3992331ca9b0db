"""The decide stage's adapter: what the policy sees, and the call that decides.

The policies (:mod:`policies`) are pure functions of a :class:`NegotiationView` and a seeded
generator; they know nothing of sessions, readings or trackers. This module is the one place
that turns the dialogue so far (the session), the debtor message being answered (its reading
and the sensor's probabilities) and the tracker's step into that view, and asks the strategy.
The generator is ``stage_rng(seed, turn, "policy")``, so a decision depends only on the
session's seed and the turn, never on what else ran before it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from edge_agent._support.rng import stage_rng
from edge_agent.read.turn_reading import TurnReading, disclosed_so_far
from edge_agent.state.session import Session
from edge_core import Decision, Exchange, NegotiationView
from policies import CreditorStrategy


def view_of(
    session: Session,
    belief: tuple[float, ...] | None,
    predicted: Mapping[str, tuple[float, ...]],
    pending: Exchange | None = None,
) -> NegotiationView:
    """What the policy sees of the dialogue; ``pending`` is the debtor message being answered
    (its exchange is not in the session yet)."""
    s = session
    exchanges = s.exchanges() + ((pending,) if pending else ())
    return NegotiationView(
        scenario=s.scenario, exchanges=exchanges,
        messages_used=s.messages_used + (pending is not None),
        max_messages=s.config.deadline_messages or s.config.max_messages,
        standing_offer=s.standing_offer, belief=belief, predicted=predicted,
        last_mover=s.config.last_mover,
    )  # fmt: skip


def answer_view(
    session: Session,
    reading: TurnReading,
    earlier: Sequence[TurnReading],
    probs: tuple[float, ...],
    belief: tuple[float, ...],
    predicted: Mapping[str, tuple[float, ...]],
) -> NegotiationView:
    """The view for answering ``reading``'s message: the exchange it completes, with the
    disclosures and cues the read stage found in it and in ``earlier`` messages (one
    reading per earlier debtor message, oldest first, aligned with the exchanges)."""
    last = session.turns[-1].decision
    assert reading.move is not None  # a message read this turn always has its move
    pending = Exchange(last.persona, last.offer_days, reading.move, probs, last.action.value)
    return replace(view_of(session, belief, predicted, pending),
                   vulnerabilities=disclosed_so_far(earlier, reading),
                   disclosed_now=reading.disclosed,
                   debtor_cues=tuple(r.cues for r in (*earlier, reading)),
                   awaiting_days=session.awaiting_days)


def opening(strategy: CreditorStrategy, view: NegotiationView, seed: int) -> Decision:
    """The first message's decision (turn 0)."""
    return strategy.opening(view, stage_rng(seed, 0, "policy"))


def answer(strategy: CreditorStrategy, view: NegotiationView, reading: TurnReading, seed: int,
           turn: int) -> Decision:
    """The decision answering ``reading``'s message at ``turn``."""
    assert reading.move is not None
    return strategy.respond(view, reading.move, stage_rng(seed, turn, "policy"))


__all__ = ["answer", "answer_view", "opening", "view_of"]
