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

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from edge_agent._support.rng import stage_rng
from edge_core import (
    Action,
    Consent,
    DebtorMove,
    Decision,
    Exchange,
    MoveKind,
    NegotiationView,
    Scenario,
    Tactic,
)
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
           turn: int, *, monthly: float | None = None) -> Decision:
    """The decision answering the debtor message read as ``move``, at ``turn``, with the
    confirmation protocol's two limits applied (:func:`end_confirmation`) and, when the
    message offers a ``monthly`` amount, what it means for the timeline
    (:func:`with_instalment`)."""
    decided = strategy.respond(view, move, stage_rng(seed, turn, "policy"))
    return with_instalment(end_confirmation(view, move, decided), view.scenario, monthly)


def with_instalment(decided: Decision, scenario: Scenario, monthly: float | None) -> Decision:
    """The decision with ``reason["instalment"]``: the monthly amount offered and the months
    the balance takes at that rate (rounded up), for the plan to state and the guard to allow.

    A monthly amount is not a proposal of a timeline for the concession strategy: $400 a
    month on $15,700 is 40 months, about 1,200 days, twenty times a 60-day mandate. Counted
    as a proposal it would become the debtor's standing ask (``NegotiationView.debtor_ask``)
    and feed the walk-away, affordability and consistency signals with a figure the debtor
    never named, and a later "I can do 60 days" would read as a huge concession. The amount
    says what the debtor can pay each month, not how long it wants; so the decision stays
    the strategy's (the reader's AMOUNT move already gets the timeline-only reply), and the
    arithmetic is only stated, by code, so the debtor sees how far apart the two are.
    Only negotiating replies (counter, confirm) carry it: a duty or a close says nothing
    else, and an agreement restates only the agreed terms."""
    if monthly is None or decided.action not in (Action.COUNTER, Action.CONFIRM):
        return decided
    if not 0 < monthly < scenario.balance:
        return decided  # the whole balance at once is no instalment
    months = math.ceil(round(scenario.balance / monthly, 6))
    return replace(decided, reason={**decided.reason,
                                    "instalment": {"monthly": round(monthly, 2),
                                                   "months": months}})


def _declined(exchanges: Sequence[Exchange], days: int | None) -> bool:
    """The debtor said no to a restatement of ``days`` and has not since named them or said
    yes (the last exchange is the message being answered). A refusal of another figure ("12
    days is not realistic" while 40 await a yes) is no "no" to these terms."""
    for x in reversed(exchanges):
        m = x.debtor_move
        if x.creditor_action == Action.CONFIRM.value and x.creditor_offer == days \
                and m.kind == MoveKind.REJECT and m.rejected_days in (None, days):
            return True
        if m.kind == MoveKind.ACCEPT or (m.kind == MoveKind.PROPOSE and m.days == days):
            return False
    return False


def _restatements(exchanges: Sequence[Exchange], days: int | None) -> int:
    """How many times ``days`` were restated for confirmation since the debtor last named them
    or said yes: a counter in between does not reset the count, or "To confirm: 40 days",
    a counter, and "To confirm: 40 days" again would let the same terms out without end."""
    count = 0
    for x in reversed(exchanges):
        m = x.debtor_move
        if (m.kind == MoveKind.ACCEPT and m.consent == Consent.EXPLICIT) or (
                m.kind in (MoveKind.PROPOSE, MoveKind.ACCEPT) and m.days == days):
            break  # a bare weak "ok" is no yes: it does not buy another restatement
        count += x.creditor_action == Action.CONFIRM.value and x.creditor_offer == days
    return count


MAX_RESTATEMENTS = 2
"""The same terms are restated for confirmation at most twice until the debtor names them or
says yes (issue 23)."""


def end_confirmation(view: NegotiationView, move: DebtorMove, decided: Decision) -> Decision:
    """A restatement the debtor has declined, or already ignored twice, is not sent again.

    Why here: the policy keeps a debtor's own restated ask standing after a bare "no" (we never
    offer more days than the debtor asked), and so restated it on every message: "No. Can you
    waive the interest?" and "You didn't answer. And what happens if I don't pay?" got the same
    "To confirm: ..." three times (issue 23). A "no" (a refusal read while terms await
    confirmation) ends the confirmation, and so does a third restatement of the same terms
    before the debtor names them or says yes: the reply becomes a counter at the same days
    that asks for the debtor's own timeline (``ASK``), holds the offer against a figure the
    debtor just named (``HOLD``) or, when the message is a question, answers it (``CLARIFY``;
    the plan answers every question either way). Nothing here can agree: an agreement still needs an
    explicit yes to terms the previous message restated, and this only ever turns a CONFIRM
    into a COUNTER."""
    if decided.action != Action.CONFIRM or not view.exchanges:
        return decided
    days = decided.offer_days
    declined = _declined(view.exchanges, days)
    repeated = _restatements(view.exchanges, days) >= MAX_RESTATEMENTS
    if not (declined or repeated):
        return decided
    # A question is answered; a figure of the debtor's own is not asked for again (HOLD
    # restates the offer against it); anything else is asked for one clear timeline.
    tactic = (Tactic.CLARIFY if move.kind == MoveKind.QUESTION
              else Tactic.HOLD if move.kind == MoveKind.PROPOSE else Tactic.ASK)
    why = ("the debtor said no to the restated terms" if declined
           else f"the same terms were restated {MAX_RESTATEMENTS} times without a yes")
    return replace(decided, action=Action.COUNTER, tactic=tactic,
                   reason={**decided.reason, "confirmation_ended": why})


__all__ = ["MAX_RESTATEMENTS", "Dialogue", "answer", "answer_view", "end_confirmation", "opening",
           "view_of", "with_instalment"]
