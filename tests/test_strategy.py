"""The composed turn decision."""

import numpy as np

from edge_core import Action, DebtorMove, MoveKind, Tactic
from policies import AcceptanceStrategy, CreditorStrategy
from tests.helpers import exchange, view

RNG = np.random.default_rng(0)
S = CreditorStrategy()


def _respond(move, **kw):
    v = view(exchange("neutral", "neutral", move.days, move.kind), **kw)
    return S.respond(v, move, RNG)


def test_opening_states_the_target():
    d = S.opening(view(messages_used=0), RNG)
    assert (d.action, d.offer_days) == (Action.OPEN, 12)


def test_accepting_our_standing_offer_agrees_on_it():
    d = _respond(DebtorMove(MoveKind.ACCEPT), standing=20)
    assert (d.action, d.agreed_days, d.offer_days) == (Action.ACCEPT, 20, 20)


def test_proposal_inside_a_protocol_tolerance_is_accepted_at_the_debtors_figure():
    crad = CreditorStrategy(acceptance=AcceptanceStrategy(tolerance=5))
    move = DebtorMove(MoveKind.PROPOSE, days=24)
    d = crad.respond(view(exchange("neutral", "neutral", 24), standing=20), move, RNG)
    assert (d.action, d.agreed_days) == (Action.ACCEPT, 24)


def test_proposal_above_our_next_offer_is_countered_without_a_protocol_tolerance():
    d = _respond(DebtorMove(MoveKind.PROPOSE, days=24), standing=20)
    assert (d.action, d.offer_days) == (Action.COUNTER, 20)


def test_far_proposal_gets_a_counter_inside_the_mandate():
    d = _respond(DebtorMove(MoveKind.PROPOSE, days=150), standing=12)
    assert d.action == Action.COUNTER and d.tactic == Tactic.REJECT_BEYOND_MANDATE
    assert 12 <= d.offer_days <= 60 and d.agreed_days is None


def test_question_is_clarified():
    d = _respond(DebtorMove(MoveKind.QUESTION))
    assert d.tactic == Tactic.CLARIFY and d.offer_days is not None


def test_second_to_last_message_still_counters():
    d = _respond(DebtorMove(MoveKind.PROPOSE, days=150), messages_used=28)
    assert d.action == Action.COUNTER


def test_last_message_closes_without_agreement():
    d = _respond(DebtorMove(MoveKind.PROPOSE, days=150), messages_used=30)
    assert d.action == Action.CLOSE_FAILED and d.offer_days is None


def test_agreement_still_possible_on_the_last_message():
    d = _respond(DebtorMove(MoveKind.ACCEPT), messages_used=30, standing=30)
    assert d.action == Action.ACCEPT and d.agreed_days == 30
