"""The guard allows the figures a decision computed (a monthly amount and the months it
takes, issue 23) exactly as the plan writes them, and nothing else: another amount, another
number of months, the same figures under a decision that did not compute them, or in a
reply that is not a negotiating one, are refused."""

import pytest

from edge_agent.verify.guard import ComplianceGuard
from edge_core import Action, Decision, Scenario, Tactic

SCENARIO = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)
INSTALMENT = {"instalment": {"monthly": 400.0, "months": 40}}
PLANNED = Decision(Action.COUNTER, Tactic.TIMELINE_ONLY, "neutral", 12, reason=INSTALMENT)
PLAIN = Decision(Action.COUNTER, Tactic.TIMELINE_ONLY, "neutral", 12)
TERMS = " Our offer is 12 days for the $15,700.00 balance."

CASES = [
    # decision, text, passes
    (PLANNED, "At $400.00 a month, the $15,700.00 balance would take 40 months to repay. "
              "That is longer than the timeline on offer now." + TERMS, True),
    (PLANNED, "Paying $400.00 a month, it would take 40 months to repay the $15,700.00 "
              "balance." + TERMS, True),
    # a model writing other figures
    (PLANNED, "At $450.00 a month, the balance would take 40 months to repay." + TERMS, False),
    (PLANNED, "At $400.00 a month, the balance would take 41 months to repay." + TERMS, False),
    (PLANNED, "At $400.00 a month, the balance would take 39 months to repay." + TERMS, False),
    (PLANNED, "At $400.00 a month, the balance would take forty months to repay." + TERMS,
     False),
    (PLANNED, "At $400.00 a week, the balance would take 40 months to repay." + TERMS, False),
    (PLANNED, "At $400.00 a month, the balance would take 40 months, or 1,200 days." + TERMS,
     False),
    (PLANNED, "At $400.00 a month, it takes 40 months." + " Our offer is 13 days.", False),
    (PLANNED, "$1,400.00 a month would take 12 months." + TERMS, False),
    # the same figures where the decision computed none
    (PLAIN, "At $400.00 a month, the balance would take 40 months to repay." + TERMS, False),
    (Decision(Action.ACCEPT, Tactic.ACCEPT, "neutral", 12, agreed_days=12, reason=INSTALMENT),
     "Agreed: $15,700.00 within 12 days, at $400.00 a month for 40 months.", False),
    # close negative: the plain terms pass under both decisions
    (PLAIN, TERMS.strip(), True),
    (PLANNED, TERMS.strip(), True),
]


@pytest.mark.parametrize(("decision", "text", "passes"), CASES)
def test_only_the_planned_figures_pass(decision, text, passes):
    verdict = ComplianceGuard().check(text, decision, SCENARIO)
    assert verdict.ok is passes, verdict.problems()


@pytest.mark.parametrize("reason", [
    {"instalment": {"monthly": "400", "months": 40}},
    {"instalment": {"monthly": 400.0, "months": 0}},
    {"instalment": {"monthly": -400.0, "months": 40}},
    {"instalment": {"monthly": 400.0, "months": True}},
    {"instalment": [400.0, 40]},
])
def test_a_malformed_instalment_permits_nothing(reason):
    decision = Decision(Action.COUNTER, Tactic.TIMELINE_ONLY, "neutral", 12, reason=reason)
    text = "At $400.00 a month, the balance would take 40 months to repay." + TERMS
    assert not ComplianceGuard().check(text, decision, SCENARIO).ok
