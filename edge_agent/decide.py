"""The decide stage: what the policy sees, and the call that decides.

The policies (:mod:`policies`) are pure functions of a :class:`NegotiationView` and a seeded
generator; they know nothing of sessions, readings or trackers. This module is the one place
that turns the dialogue so far, the debtor message being answered (its move, the sensor's
probabilities, the disclosures and cues the read stage found) and the tracker's step into
that view, and asks the strategy. The generator is ``stage_rng(seed, turn, "policy")``, so a
decision depends only on the session's seed and the turn, never on what else ran before it.

A stage imports no other stage and not the state: it reads the dialogue through
:class:`Dialogue`, the few things it needs of a saved session.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from edge_agent._support.rng import stage_rng
from edge_core import DebtorMove, Decision, Exchange, NegotiationView, Scenario
from policies import CreditorStrategy


class _Config(Protocol):
    @property
    def seed(self) -> int: ...
    @property
    def max_messages(self) -> int: ...
    @property
    def deadline_messages(self) -> int | None: ...
    @property
    def last_mover(self) -> str: ...


class _Turn(Protocol):
    @property
    def decision(self) -> Decision: ...


class Dialogue(Protocol):
    """What decide reads of the dialogue so far (``edge_agent.state.session.Session``)."""

    @property
    def scenario(self) -> Scenario: ...
    @property
    def config(self) -> _Config: ...
    @property
    def turns(self) -> Sequence[_Turn]: ...
    @property
    def standing_offer(self) -> int | None: ...
    @property
    def messages_used(self) -> int: ...
    @property
    def awaiting_days(self) -> int | None: ...
    def exchanges(self) -> tuple[Exchange, ...]: ...


def view_of(
    dialogue: Dialogue,
    belief: tuple[float, ...] | None,
    predicted: Mapping[str, tuple[float, ...]],
    pending: Exchange | None = None,
) -> NegotiationView:
    """What the policy sees of the dialogue; ``pending`` is the debtor message being answered
    (its exchange is not in the session yet)."""
    s, cfg = dialogue, dialogue.config
    exchanges = s.exchanges() + ((pending,) if pending else ())
    return NegotiationView(
        scenario=s.scenario, exchanges=exchanges,
        messages_used=s.messages_used + (pending is not None),
        max_messages=cfg.deadline_messages or cfg.max_messages,
        standing_offer=s.standing_offer, belief=belief, predicted=predicted,
        last_mover=cfg.last_mover,
    )  # fmt: skip


def answer_view(
    dialogue: Dialogue,
    move: DebtorMove,
    probs: tuple[float, ...],
    belief: tuple[float, ...],
    predicted: Mapping[str, tuple[float, ...]],
    *,
    disclosed_now: frozenset[str],
    disclosed: frozenset[str],
    cues: tuple[frozenset[str], ...],
) -> NegotiationView:
    """The view for answering the debtor message read as ``move`` (with the sensor's
    ``probs``): the exchange it completes, and what the read stage found: the
    vulnerabilities it discloses (``disclosed_now``), every one disclosed so far, and the
    cues of every debtor message, oldest first, aligned with the exchanges."""
    last = dialogue.turns[-1].decision
    pending = Exchange(last.persona, last.offer_days, move, probs, last.action.value)
    return replace(view_of(dialogue, belief, predicted, pending), vulnerabilities=disclosed,
                   disclosed_now=disclosed_now, debtor_cues=cues,
                   awaiting_days=dialogue.awaiting_days)


def opening(strategy: CreditorStrategy, view: NegotiationView, seed: int) -> Decision:
    """The first message's decision (turn 0)."""
    return strategy.opening(view, stage_rng(seed, 0, "policy"))


def answer(strategy: CreditorStrategy, view: NegotiationView, move: DebtorMove, seed: int,
           turn: int) -> Decision:
    """The decision answering the debtor message read as ``move``, at ``turn``."""
    return strategy.respond(view, move, stage_rng(seed, turn, "policy"))


__all__ = ["Dialogue", "answer", "answer_view", "opening", "view_of"]
