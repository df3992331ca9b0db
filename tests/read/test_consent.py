"""The explicit-consent protocol through the negotiator (template backend, lexicon sensor).

Agreement only after the debtor's explicit yes to terms our previous message restated; the
debtor's own standing ask caps our offers; restrictions are recorded and the dialogue goes on;
a dispute pauses collection; agreement words appear only in agreements.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edge_agent import Negotiator, Scenario, SessionClosed
from edge_agent.read import read
from edge_agent.verify.guard import ComplianceGuard
from edge_core import Action, Consent, Decision, MoveKind, Tactic
from tests.helpers import load
from tests.read.test_reader import TABLE

SC = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)
ACTIVE = ("open", "awaiting_confirmation")


def _agent(sc: Scenario = SC, **kw) -> Negotiator:
    agent = Negotiator(sc, sensor="lexicon", **kw)
    agent.open()
    return agent


def test_crad_row_7_job_loss_and_150_days_is_not_an_agreement():
    agent = _agent(Scenario(balance=15700.0, creditor_target_days=17, max_days=85))
    r = agent.respond("I lost my job two weeks ago and I am terrified. I can maybe do 150 days.")
    assert r.status == "open" and r.agreed_days is None and r.offer_days >= 17
    assert "agreement" not in r.text.lower()
    assert r.trace["reading"]["days"] == 150


@pytest.mark.parametrize("text", ["ok", "sure", "fine", "deal", "12 days", "Yes, 12 days."])
def test_anything_at_our_offer_is_restated_first(text):
    r = _agent().respond(text)
    assert (r.status, r.offer_days, r.agreed_days) == ("awaiting_confirmation", 12, None)
    assert r.text.endswith("Do you agree?") or "reply yes" in r.text
    assert r.trace["awaiting_confirmation"] == 12 and r.trace["status"] == r.status


def test_only_an_explicit_yes_to_the_restatement_agrees():
    agent = _agent()
    agent.respond("ok")
    assert agent.respond("sure").status == "awaiting_confirmation"  # weak: restated again
    r = agent.respond("Yes, I agree.")
    assert (r.status, r.agreed_days) == ("agreed", 12)
    assert "agree" in r.text.lower() or "agreement" in r.text.lower()


def test_while_awaiting_a_new_message_is_read_as_new():
    agent = _agent()
    agent.respond("ok")
    r = agent.respond("Actually no, I need 50 days")
    assert r.status in ACTIVE and r.agreed_days is None
    assert r.trace["reading"]["kind"] == "propose" and r.trace["reading"]["days"] == 50


def test_a_proposal_at_our_offer_is_confirmed_at_the_debtors_figure():
    agent = _agent()
    r = agent.respond("I can do 12 days")
    assert (r.status, r.offer_days) == ("awaiting_confirmation", 12)
    assert agent.respond("yes").agreed_days == 12


def test_a_proposal_inside_the_protocol_zone_is_confirmed_at_the_debtors_figure():
    agent = _agent(tolerance=5)  # the CRAD protocol's 5-day zone (sims.protocol passes it)
    r = agent.respond("I can do 14 days")
    assert (r.status, r.offer_days) == ("awaiting_confirmation", 14)
    assert "To confirm: the $15,700.00 balance repaid within 14 days." in r.text
    assert agent.respond("yes").agreed_days == 14


def test_never_offers_beyond_the_debtors_standing_ask_and_confirms_it():
    agent = _agent(Scenario(balance=15700.0, creditor_target_days=17, max_days=95))
    first = agent.respond("I can do 34 days.")
    offers = [first.offer_days]
    reply = first
    for _ in range(12):
        if reply.status != "open":
            break
        reply = agent.respond("I don't know what to say.")
        offers.append(reply.offer_days)
    assert all(o is None or o <= 34 for o in offers)
    assert reply.status == "awaiting_confirmation" and reply.offer_days == 34


def test_a_restriction_is_recorded_and_the_negotiation_goes_on():
    agent = _agent()
    r = agent.respond("I can do 40 days if you stop calling me at work")
    assert r.status in ACTIVE
    assert r.trace["restrictions"] == ["not_at_work"]
    assert r.text.startswith("Noted: we will not contact you at work.")
    assert agent.session.restrictions == ("not_at_work",)
    resumed = Negotiator.from_json(agent.to_json())
    assert resumed.session.restrictions == ("not_at_work",)
    r2 = resumed.respond("Still 40 days.")
    assert "Noted" not in r2.text  # acknowledged once
    assert r2.trace["restrictions"] == ["not_at_work"]


def test_stop_contact_and_attorney_still_close():
    for text in ("Stop contacting me.", "Talk to my lawyer."):
        r = _agent().respond(text)
        assert r.status == "failed" and r.offer_days is None


def test_a_dispute_pauses_collection_and_says_what_happens_next():
    agent = _agent()
    r = agent.respond("Ok. I dispute this debt and want validation")
    assert r.status == "disputed" and r.offer_days is None and r.agreed_days is None
    assert "validation notice" in r.text and "pause collection" in r.text
    with pytest.raises(SessionClosed):
        agent.respond("yes")


def test_instalment_proposals_are_answered_honestly():
    r = _agent().respond("Can I pay $100 a week instead")
    assert r.status == "open" and r.trace["decision"]["tactic"] == Tactic.TIMELINE_ONLY.value
    assert "timeline" in r.text or "time to repay" in r.text


def test_an_unsure_reading_asks_and_says_so_in_the_trace():
    r = _agent().respond("between 1 and 400 days")
    assert r.status == "open" and r.trace["reading"]["unsure"]
    assert r.trace["decision"]["tactic"] == Tactic.ASK.value and "?" in r.text


def test_agreement_on_the_last_message_is_still_confirmed():
    agent = _agent(max_messages=6)
    agent.respond("I need 90 days.")
    agent.respond("I still need 90 days.")
    r = agent.respond("ok")  # messages_used == 6: the budget's last debtor message
    assert r.status == "awaiting_confirmation"
    assert agent.respond("Yes, I agree.").status == "agreed"


@pytest.mark.parametrize("text", [
    "We have an agreement: 12 days.", "Agreed, 12 days.", "It's a deal at 12 days.",
    "I will send written confirmation of 12 days.",
])
def test_the_guard_refuses_agreement_words_outside_an_agreement(text):
    guard = ComplianceGuard()
    for action, tactic in ((Action.COUNTER, Tactic.HOLD), (Action.CONFIRM, Tactic.CONFIRM)):
        d = Decision(action, tactic, "neutral", 12)
        assert "agreement_language" in {v.rule for v in guard.check(text, d, SC).violations}
    ok = Decision(Action.ACCEPT, Tactic.ACCEPT, "neutral", 12, agreed_days=12)
    assert "agreement_language" not in {v.rule for v in guard.check(text, ok, SC).violations}


TEXTS = [r.text for r in load(TABLE)]
YES = [r.text for r in load(TABLE) if r.kind == "accept" and r.consent == "explicit"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(TEXTS), st.text(min_size=1, max_size=60)),
                min_size=1, max_size=14), st.integers(0, 1000))
def test_no_sequence_ends_in_agreement_without_an_explicit_yes_to_restated_terms(texts, seed):
    agent = Negotiator(SC, seed=seed, sensor="lexicon")
    agent.open()
    for text in texts:
        if agent.status not in ACTIVE:
            break
        before = agent.session.awaiting_days
        try:
            reply = agent.respond(text)
        except ValueError:  # InvalidMessage: empty after cleaning
            continue
        if reply.status == "agreed":
            said = agent.session.turns[-1].debtor_text  # as stored: control characters removed
            move = read(said, before, balance=SC.balance)
            assert before is not None, f"agreed without restated terms on {text!r}"
            assert move.kind == MoveKind.ACCEPT and move.consent == Consent.EXPLICIT, said
            assert reply.agreed_days == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.integers(1, 200).map(lambda d: f"I can do {d} days."),
                          st.sampled_from(["I'm struggling.", "No.", "Why?", "ok", "hmm"]),
                          st.sampled_from(YES)), min_size=1, max_size=20), st.integers(0, 50))
def test_never_offers_more_than_the_debtors_latest_clear_proposal(texts, seed):
    agent = Negotiator(SC, seed=seed, sensor="lexicon")
    agent.open()
    latest = None
    for text in texts:
        if agent.status not in ACTIVE:
            break
        m = read(text, agent.session.standing_offer, balance=SC.balance)
        if m.kind == MoveKind.PROPOSE and not m.unsure:
            latest = m.days
        elif m.kind == MoveKind.REJECT and agent.status == "awaiting_confirmation":
            latest = None  # "No." to their own figure restated: the ask is withdrawn
        reply = agent.respond(text)
        if reply.offer_days is not None and latest is not None and latest <= SC.max_days:
            assert reply.offer_days <= max(latest, SC.creditor_target_days), (text, latest)
