"""The composed turn decision."""

from dataclasses import replace

import numpy as np

from edge_core import Action, Consent, DebtorMove, MoveKind, Tactic
from policies import AcceptanceStrategy, CreditorStrategy
from tests.helpers import exchange, view

RNG = np.random.default_rng(0)
S = CreditorStrategy()


def _respond(move, awaiting=None, **kw):
    v = replace(view(exchange("neutral", "neutral", move.days, move.kind), **kw),
                awaiting_days=awaiting)
    return S.respond(v, move, RNG)


YES = DebtorMove(MoveKind.ACCEPT, consent=Consent.EXPLICIT)


def test_opening_states_the_target():
    d = S.opening(view(messages_used=0), RNG)
    assert (d.action, d.offer_days) == (Action.OPEN, 12)


def test_a_yes_to_our_standing_offer_is_restated_for_confirmation():
    d = _respond(DebtorMove(MoveKind.ACCEPT, consent=Consent.EXPLICIT), standing=20)
    assert (d.action, d.tactic, d.agreed_days, d.offer_days) == (Action.CONFIRM,
                                                                 Tactic.CONFIRM, None, 20)


def test_an_explicit_yes_to_restated_terms_agrees_on_them():
    d = _respond(YES, standing=20, awaiting=20)
    assert (d.action, d.agreed_days, d.offer_days) == (Action.ACCEPT, 20, 20)


def test_proposal_inside_a_protocol_tolerance_is_confirmed_at_the_debtors_figure():
    crad = CreditorStrategy(acceptance=AcceptanceStrategy(tolerance=5))
    move = DebtorMove(MoveKind.PROPOSE, days=24)
    d = crad.respond(view(exchange("neutral", "neutral", 24), standing=20), move, RNG)
    assert (d.action, d.offer_days, d.agreed_days) == (Action.CONFIRM, 24, None)


def test_a_weak_yes_to_restated_terms_is_restated_again():
    d = _respond(DebtorMove(MoveKind.ACCEPT, consent=Consent.WEAK), standing=20, awaiting=20)
    assert (d.action, d.offer_days) == (Action.CONFIRM, 20)


def test_unsure_reading_asks_and_never_confirms():
    d = _respond(DebtorMove(MoveKind.PROPOSE, days=14, unsure=True, reason="vague"), standing=12)
    assert (d.action, d.tactic) == (Action.COUNTER, Tactic.ASK)


def test_dispute_pauses_without_figures():
    d = _respond(DebtorMove(MoveKind.DISPUTE))
    assert (d.action, d.tactic, d.offer_days) == (Action.PAUSE_DISPUTE, Tactic.DISPUTE, None)


def test_restriction_is_acknowledged_and_negotiation_goes_on():
    d = _respond(DebtorMove(MoveKind.PROPOSE, days=40, restrictions=("not_at_work",)))
    assert d.action in (Action.COUNTER, Action.CONFIRM) and d.restrictions == ("not_at_work",)


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
    d = _respond(YES, messages_used=30, standing=30, awaiting=30)
    assert d.action == Action.ACCEPT and d.agreed_days == 30
