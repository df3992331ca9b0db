"""Hostile probes of branch ``confirm`` (issue 23 items 5 and 6, issue 21's floor reading).

Each defect found is a test that failed on the branch; probes that held are kept as cheap
regression rows next to their close negatives. Everything goes through the public surfaces:
``Negotiator.respond`` on the template backend, the reader ``edge_agent.read.read`` and the
``ComplianceGuard``.
"""

from __future__ import annotations

import json

import pytest

from edge_agent import Negotiator, Scenario, SessionFormatError
from edge_agent.read import read
from edge_agent.read.instalment import monthly_amount
from edge_agent.verify.guard import ComplianceGuard
from edge_core import Action, Decision, Tactic

SCENARIO = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)
TO_CONFIRM_40 = ["I can do 60 days", "I can do 40 days", "no"]  # engaged: moved 60 -> 40
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


# --- (a)/(d) the reader: refusals, "but", floors -----------------------------------------

@pytest.mark.parametrize("message, kind, days, rejected", [
    # held on the branch
    ("12 days for 15,700 dollars isn't realistic", "reject", None, 12),
    ("I can do 40 days but 12 is too short", "propose", 40, None),
    ("12 is too short but I can do 40 days", "propose", 40, None),
    ("I can't do 50 days", "reject", None, 50),
    ("I CAN'T DO LESS THAN 50 DAYS", "propose", 50, None),
    ("I won't accept fewer than 50 days", "propose", 50, None),
    ("je ne peux pas faire moins de 50 jours", "propose", 50, None),
    ("no puedo menos de 50 días", "propose", 50, None),
    ("ich kann nicht weniger als 50 Tage", "propose", 50, None),
    ("anything less than 50 days won't work", "propose", 50, None),
    ("12 Tage sind unrealistisch", "reject", None, 12),
    ("12 jours c'est pas réaliste", "reject", None, 12),
    ("40 days sounds realistic", "propose", 40, None),
    # broke on the branch: the common typo "less then" made a floor a refusal of 50
    ("i cant do less then 50 days", "propose", 50, None),
    ("no less then 50 days", "propose", 50, None),
    # broke on the branch: a negated refusal word (double negation) refused the figure
    ("40 days is not unrealistic", "propose", 40, None),
    ("40 days isn't unrealistic for me", "propose", 40, None),
    ("40 days is not impossible", "propose", 40, None),
    ("40 days isn't too short", "propose", 40, None),
])
def test_refusal_and_floor_reading(message: str, kind: str, days: int | None,
                                   rejected: int | None) -> None:
    move = read(message, 12, balance=15700.0)
    assert (move.kind.value, move.days, move.rejected_days) == (kind, days, rejected)


def test_a_floor_is_flagged_and_a_plain_figure_is_not() -> None:
    assert "floor" in read("i cant do less then 50 days", 12).flags
    assert "floor" not in read("I can do 50 days", 12).flags


# --- (c) the monthly amount: what is read ------------------------------------------------

@pytest.mark.parametrize("message, amount", [
    ("Can I pay $400 a month?", 400.0), ("400 dollars monthly", 400.0),
    ("CAN I PAY $400 A MONTH?", 400.0), ("can i pay $ 400 a month", 400.0),
    ("Can I pay $４００ a month?", 400.0),
    ("I can't pay more than $400 a month", 400.0),  # a ceiling still offers up to $400
    ("Can I pay €400 a month?", None), ("Can I pay $400 a week?", None),
    ("I can pay $300 a month or $400 a month", None), ("Can I pay $0 a month?", None),
    ("Can I pay $1e9 a month?", None), ("I pay $900 a month in rent", None),
    # broke on the branch: a negative amount was read as positive
    ("Can I pay -$400 a month?", None),
    # broke on the branch: a refused amount was read as offered
    ("I can't pay $400 a month", None), ("$400 a month is too much", None),
    ("I can't pay $400 a month, I can pay $200 a month", 200.0),
    # did not read on the branch (fell back to "you choose the amounts")
    ("Can I pay $400/mo?", 400.0), ("Can I pay 400$ a month?", 400.0),
])
def test_monthly_amount_reading(message: str, amount: float | None) -> None:
    assert monthly_amount(message) == amount


@pytest.mark.parametrize("message", ["I can't pay $400 a month", "$400 a month is too much"])
def test_a_refused_monthly_amount_gets_no_arithmetic(message: str) -> None:
    """The branch answered "I can't pay $400 a month" with "$400.00 a month would repay the
    balance in 40 months" as if the debtor had offered it."""
    reply = _talk([message])[-1]
    assert "40 months" not in reply.text and "instalment" not in reply.trace["decision"]["reason"]


@pytest.mark.parametrize("message, months", [
    ("Can I pay $400 a month?", 40), ("Can I pay $400/mo?", 40), ("I can pay $523.34 a month", 30),
    ("Can I pay $4\u200b00 a month?", 40),  # invisible characters are removed before reading
    ("Can I pay $15699.99 a month?", 2),
    # "$0.01 a month" (1,570,000 months) is no longer read as an amount on the merged text
    # layer: the generic payments answer, no arithmetic (checked in the integration merge).
])
def test_the_monthly_answer_states_the_arithmetic_and_passes_the_guard(message: str,
                                                                       months: int) -> None:
    reply = _talk([message])[-1]
    assert f" {months} months" in reply.text
    assert reply.trace["guard"]["ok"] and not reply.trace["guard"]["replaced"]
    assert reply.offer_days == 12 and reply.agreed_days is None
    assert "longest timeline" not in reply.text  # the offer is not final: no limit revealed


# --- (c) the guard: the planned figures pass only as the arithmetic -----------------------

_PLANNED = Decision(Action.COUNTER, Tactic.HOLD, "neutral", 12,
                    reason={"instalment": {"monthly": 400.0, "months": 40}})


@pytest.mark.parametrize("text, ok", [
    ("$400.00 a month would repay the $15,700.00 balance in 40 months. Our offer is 12 days.",
     True),
    ("Paying $400.00 a month, it would take 40 months to repay the $15,700.00 balance. "
     "Our offer is 12 days.", True),
    ("$400.00 a month would repay the $15,700.00 balance in 41 months. Our offer is 12 days.",
     False),
    ("$500.00 a month would repay the $15,700.00 balance in 40 months. Our offer is 12 days.",
     False),
    # broke on the branch: "40 months" was masked anywhere, so terms of 40 months (1,200
    # days, twenty times the mandate) and an accepted instalment passed the guard
    ("We can agree: repay the $15,700.00 balance within 40 months. Our offer is 12 days.",
     False),
    ("You can take 40 months to repay. Our offer is 12 days.", False),
    ("$400.00 a month is fine with us, the creditor accepts $400.00 a month. "
     "Our offer is 12 days.", False),
    ("Our offer is 12 days. Paying $400.00 a month settles it. $400.00 a month would repay "
     "it in 40 months.", False),
])
def test_the_guard_allows_the_planned_figures_only_as_arithmetic(text: str, ok: bool) -> None:
    assert ComplianceGuard().check(text, _PLANNED, SCENARIO).ok is ok


def test_a_monthly_amount_then_yes_needs_the_restated_terms() -> None:
    """The trigger then a yes: a yes after the monthly answer agrees to nothing on the spot."""
    replies = _talk(["Can I pay $400 a month?", "yes"])
    assert all(r.agreed_days is None for r in replies)
    assert replies[-1].status == "awaiting_confirmation" and replies[-1].offer_days == 12


# --- saved sessions: the monthly answer's arithmetic on load -----------------------------

def _saved_with_instalment(monthly: object, months: object, said: str | None = None) -> str:
    agent = Negotiator(SCENARIO, backend="template", seed=0)
    agent.open()
    agent.respond("Can I pay $400 a month?")
    doc = json.loads(agent.to_json())
    turn = doc["turns"][1]
    for reason in (turn["decision"]["reason"], turn["trace"]["policy"]["reason"],
                   turn["trace"]["decision"]["reason"]):
        reason["instalment"] = {"monthly": monthly, "months": months}
    if said is not None:  # the reply edited to match the edited figures
        turn["reply"] = turn["reply"].replace("in 40 months", f"in {said} months")
    return json.dumps(doc)


def test_an_untouched_monthly_answer_resumes() -> None:
    again = Negotiator.from_json(_saved_with_instalment(400.0, 40), backend="template")
    assert again.respond("I can do 40 days").status in ("open", "awaiting_confirmation")


@pytest.mark.parametrize("monthly, months, said", [
    (400.0, 4, "4"),  # broke on the branch: reply and reason edited together loaded
    (400.0, 400, "400"),
    (500.0, 40, None), (-400.0, 40, None), (0, 40, None), ("400", 40, None),
])
def test_a_session_with_wrong_monthly_arithmetic_is_refused(monthly: object, months: object,
                                                            said: str | None) -> None:
    with pytest.raises(SessionFormatError):
        Negotiator.from_json(_saved_with_instalment(monthly, months, said), backend="template")


# --- sequences across turns (held) --------------------------------------------------------

@pytest.mark.parametrize("message", [
    "Yes, and I'll pay $400 a month", "Yes. Can I pay $400 a month?", "yes, $400/mo",
    "Yes, I agree. $400 a month it is.",
])
def test_a_yes_with_a_monthly_amount_does_not_agree(message: str) -> None:
    """A yes that comes with $400 a month (40 months against 40 days) agrees to nothing: the
    debtor is told the arithmetic and the terms are restated for a plain yes."""
    last = _talk([*TO_CONFIRM_40, message])[-1]
    assert last.agreed_days is None and "40 months" in last.text


def test_a_saved_session_resumes_mid_confirmation_with_its_limits() -> None:
    """Save and load after every message of a no/question/yes sequence: the same replies."""
    script = [*TO_CONFIRM_40, "what?", "why?", "what now?", "hmm", "yes", "yes"]
    straight = Negotiator(SCENARIO, backend="template", seed=3)
    straight.open()
    expected = [straight.respond(m).text for m in script]
    agent = Negotiator(SCENARIO, backend="template", seed=3)
    agent.open()
    got = []
    for m in script:
        got.append(agent.respond(m).text)
        agent = Negotiator.from_json(agent.to_json(), backend="template")
    assert got == expected


@pytest.mark.parametrize("message, ends", [
    # broke on the branch: refusing our old 12 days ended the confirmation of the debtor's 40
    ("12 days is too short", False), ("yes, 12 days is not realistic", False),
    ("no", True), ("no, 40 days is not realistic", True), ("40 days is impossible", True),
])
def test_only_a_refusal_of_the_restated_terms_ends_their_confirmation(message: str,
                                                                      ends: bool) -> None:
    last = _talk([*TO_CONFIRM_40, message])[-1]
    assert _restated(last, 40) is not ends
    assert last.agreed_days is None and last.offer_days == 40
