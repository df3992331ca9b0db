"""Hostile probes of branch ``confirm`` (issue 23 items 5 and 6, issue 21's floor reading).

Each defect found is a test that failed on the branch; probes that held are kept as cheap
regression rows next to their close negatives. Everything goes through the public surfaces:
``Negotiator.respond`` on the template backend, the reader ``edge_agent.read.read`` and the
``ComplianceGuard``.
"""

from __future__ import annotations

import pytest

from edge_agent import Negotiator, Scenario

SCENARIO = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)
TO_CONFIRM_40 = ["I can do 40 days", "no"]
"""Leads to "To confirm: the $15,700.00 balance repaid within 40 days." (checked below)."""


def _talk(messages: list[str], seed: int = 0) -> list:
    agent = Negotiator(SCENARIO, backend="template", seed=seed)
    agent.open()
    return [agent.respond(m) for m in messages]


def _restated(reply, days: int) -> bool:
    return reply.trace["decision"]["action"] == "confirm" and reply.offer_days == days


def test_the_lead_awaits_confirmation_of_40() -> None:
    last = _talk(TO_CONFIRM_40)[-1]
    assert last.status == "awaiting_confirmation" and last.offer_days == 40


# --- (b) the confirmation flow: nothing but a clear yes agrees ---------------------------

@pytest.mark.parametrize("message, agrees", [
    ("yes", True), ("YES", True), ("yes\u200b", True), ("yes yes yes", True),
    ("no problem", False), ("not no", False), ("no, yes", False), ("yes... no", False),
    ("no... yes", False), ("yes, 45 days", False), ("Yes to 40 days? No.", False),
    ("yes but can you waive the interest?", False), ("yes, if you waive interest", False),
    ("yeah right", False), ("not yes", False), ("Yes. No wait.", False), ("no, I agree", False),
    ("I don't disagree", False), ("yes I'm being sarcastic", False), ("👍", False), ("y", False),
    ("Yes, the $15,700.00 balance repaid within 50 days.", False),
    ("To confirm: the $15,700.00 balance repaid within 40 days. Do you agree?", False),
    ("Do you agree?", False), ("yes?", False), ("oui", False), ("是的", False),
])
def test_only_a_clear_yes_agrees(message: str, agrees: bool) -> None:
    last = _talk([*TO_CONFIRM_40, message])[-1]
    assert (last.status == "agreed") is agrees
    if agrees:
        assert last.agreed_days == 40
    else:
        assert last.agreed_days is None


def _restatements_without_naming(messages: list[str]) -> int:
    replies = _talk(messages)
    return sum(_restated(r, 40) for r in replies)


@pytest.mark.parametrize("follow_up", [
    ["what happens if I don't pay?", "what about interest?", "can you waive fees?", "and then?"],
    ["no problem", "no problem", "no problem", "no problem"],
    ["ok", "hmm", "ok", "hmm"],
])
def test_the_same_restatement_never_goes_out_a_third_time(follow_up: list[str]) -> None:
    """After "no" to our counter, 40 days (the debtor's own ask) is restated; questions and
    non-answers that neither name 40 days nor say yes must not bring a third restatement,
    even when a counter came in between (the branch only counted restatements in a row:
    the questions above got "To confirm: ... 40 days" four times)."""
    assert _restatements_without_naming([*TO_CONFIRM_40, *follow_up]) <= 2


def test_naming_the_terms_again_allows_a_fresh_restatement() -> None:
    """Close negative: the limit resets when the debtor names the terms (or says yes)."""
    replies = _talk([*TO_CONFIRM_40, "what?", "why?", "what now?", "OK, 40 days", "yes"])
    assert replies[-2].status == "awaiting_confirmation" and replies[-2].offer_days == 40
    assert replies[-1].status == "agreed" and replies[-1].agreed_days == 40


def test_a_new_figure_after_an_ended_confirmation_is_not_asked_for_again() -> None:
    """"45 days" after a "no" to the restated 40 got "Could you tell me the one number of
    days you can repay the balance in?": the debtor had just given one."""
    last = _talk([*TO_CONFIRM_40, "no", "45 days"])[-1]
    assert last.trace["move"]["kind"] == "propose"
    assert "one number of days" not in last.text and "single timeline" not in last.text
    assert last.status == "open" and last.agreed_days is None
