"""Acceptance and deadlines as strategies: hand-worked cases.

The scenario (tests.helpers.SCENARIO) has a 12-day target and a 60-day mandate. A neutral
reading leaves the adaptive curve on the plain clock, so the planned offer after ``m``
messages of a deadline ``N`` is ``round(12 + 48 * (m / N) ** 2)``.
"""

from dataclasses import replace

import numpy as np
import pytest

from edge_core import Action, DebtorMove, MoveKind
from policies import AcceptanceStrategy, ConcessionCurve, CreditorStrategy
from policies.acceptance import best_recent_offer
from tests.helpers import exchange, view

RNG = np.random.default_rng(0)
ACC = AcceptanceStrategy()


def _sao(
    *offers: int,
    messages_used: int,
    last_mover: str = "debtor",
    deadline: int = 40,
    standing: int = 20,
):
    """A view whose debtor proposed ``offers`` (the last is the one being answered)."""
    v = view(
        *(exchange("neutral", "neutral", d) for d in offers),
        standing=standing,
        messages_used=messages_used,
    )
    return replace(v, max_messages=deadline, last_mover=last_mover)


def test_ac_next_accepts_at_or_below_our_next_offer_and_nothing_above_it():
    v = _sao(30, messages_used=10)
    assert ACC.rule(v, 21, next_offer=21) == "ac_next"
    assert ACC.rule(v, 22, next_offer=21) is None  # no 5-day zone unless a protocol has one


def test_a_protocol_tolerance_zone_is_the_protocols_not_the_agents():
    v = _sao(30, messages_used=10)
    crad = AcceptanceStrategy(tolerance=5)
    assert crad.rule(v, 25, next_offer=21) == "protocol_tolerance"  # standing 20 + 5
    assert crad.rule(v, 26, next_offer=21) is None


def test_final_decision_depends_on_who_moves_last():
    # SAO, 20 rounds, we open: messages 1..40, the debtor's message 40 ends it. Our answer
    # to message 38 (message 39) is our last chance to agree ourselves.
    assert _sao(50, messages_used=38).final_decision
    assert not _sao(50, messages_used=36).final_decision
    # When we answer the final message (the CRAD setting), that answer is the last decision.
    assert not _sao(50, messages_used=38, last_mover="creditor").final_decision
    assert _sao(50, messages_used=40, last_mover="creditor").final_decision


def test_last_decision_accepts_any_deal_inside_the_mandate_when_the_debtor_moves_last():
    v = _sao(58, 55, messages_used=38)
    assert ACC.rule(v, 55, next_offer=55) == "ac_next"
    assert ACC.rule(v, 57, next_offer=55) == "ac_last"
    assert ACC.rule(v, 60, next_offer=55) == "ac_last"
    assert ACC.rule(v, 61, next_offer=55) is None  # beyond the mandate: never


def test_ac_time_near_the_deadline_takes_the_best_offer_of_the_recent_window():
    # We answer the final message (creditor last); at message 38 of 40, t = 0.95 and two
    # messages are left, so the window holds the debtor's current and previous offers.
    v = _sao(58, 52, 50, messages_used=38, last_mover="creditor")
    assert best_recent_offer(v) == 50
    assert ACC.rule(v, 50, next_offer=45) == "ac_time"
    worse = _sao(58, 50, 53, messages_used=38, last_mover="creditor")
    assert best_recent_offer(worse) == 50
    assert ACC.rule(worse, 53, next_offer=45) is None  # it offered 50 two messages ago
    early = _sao(58, 52, 50, messages_used=36, last_mover="creditor")  # t = 0.9
    assert ACC.rule(early, 50, next_offer=45) is None


def test_a_30_message_budget_inside_a_40_message_game_does_not_accept_at_message_30():
    strategy = CreditorStrategy(concession=ConcessionCurve(adaptive=False))
    move = DebtorMove(MoveKind.PROPOSE, days=55)
    in_30 = replace(_sao(58, 55, messages_used=30, deadline=30), last_mover="creditor")
    # The old clock: t = 1 at message 30, the curve is at the mandate, 55 <= 60: accepted
    # (restated for the debtor's explicit yes, as every acceptance is).
    d = strategy.respond(in_30, move, RNG)
    assert (d.action, d.offer_days) == (Action.CONFIRM, 55)
    in_40 = _sao(58, 55, messages_used=30, deadline=40)
    d = strategy.respond(in_40, move, RNG)  # t = 0.75: 12 + 48 * 0.5625 = 39
    assert (d.action, d.offer_days) == (Action.COUNTER, 39)


def test_bad_acceptance_parameters_are_refused():
    with pytest.raises(ValueError, match="tolerance"):
        AcceptanceStrategy(tolerance=-1)
    with pytest.raises(ValueError, match="near_deadline"):
        AcceptanceStrategy(near_deadline=1.5)


def _play(agent, offer: int, limit: int) -> int | None:
    """The stubborn debtor proposes ``offer`` days every turn; the number of the debtor
    message the creditor accepted, or None."""
    agent.open()
    for m in range(2, limit + 1, 2):
        reply = agent.respond(f"I can do {offer} days.")
        if reply.status != "open":  # a restatement for confirmation is its acceptance
            return m if reply.status in ("agreed", "awaiting_confirmation") else None
    return None


def test_negotiator_with_a_declared_deadline_ignores_its_own_30_message_budget(make_agent):
    curve = ConcessionCurve(adaptive=False)
    legacy = make_agent(concession=curve, max_messages=30)
    assert _play(legacy, 58, 40) == 30  # the old clock: the curve hits 60 at message 30
    # SAO's clock: at 36 the planned offer is 12 + 48 * 0.81 = 51 < 58, a counter; the answer
    # to message 38 is the last decision (the debtor's message 40 ends the game): accept.
    longer = make_agent(
        concession=curve, max_messages=30, deadline_messages=40, last_mover="debtor"
    )
    assert _play(longer, 58, 40) == 38


def test_negotiator_refuses_an_unknown_last_mover(make_agent):
    with pytest.raises(ValueError, match="last_mover"):
        make_agent(last_mover="nobody")
    with pytest.raises(ValueError, match="deadline_messages"):
        make_agent(deadline_messages=2)


def test_protocol_fields_survive_a_save_and_resume(make_agent):
    from edge_agent import Negotiator

    agent = make_agent(deadline_messages=40, last_mover="debtor", tolerance=2)
    agent.open()
    resumed = Negotiator.from_json(agent.to_json(), sensor="lexicon")
    cfg = resumed.session.config
    assert (cfg.deadline_messages, cfg.last_mover, cfg.tolerance) == (40, "debtor", 2)
    assert resumed.strategy.acceptance.tolerance == 2
