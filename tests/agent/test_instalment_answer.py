"""A monthly amount is related to the timeline, by code (issue 23, item 6).

"Can I pay $400 a month?" got "how you pay inside the timeline is up to you" and nothing
about what $400 a month means. Now the reply says how many months the balance takes at that
rate (rounded up, computed in the decide stage) and how that compares with the timeline on
offer, naming the longest timeline only when the offer is final. Close negatives: no monthly
amount, an amount about something else, a weekly rate, the whole balance at once.
"""

import json
import math

import pytest

from edge_agent import Negotiator, Scenario, SessionFormatError

NORTHWIND = Scenario(balance=15700.0, creditor_target_days=12, max_days=60,
                     creditor_name="Northwind Credit", debtor_name="Ms Lopez")


def first_reply(line: str, scenario: Scenario = NORTHWIND, policy: str = "eq"):
    agent = Negotiator(scenario, policy=policy, backend="template", sensor="lexicon", seed=0)
    agent.open()
    return agent.respond(line)


CASES = [
    # message, monthly amount stated back, months (None: no instalment sentence)
    ("Can I pay $400 a month?", "$400.00", 40),
    ("12 days for 15,700 dollars isn't realistic for me. Can I pay 400 dollars a month "
     "instead?", "$400.00", 40),
    ("I could do $500 per month", "$500.00", 32),
    ("I can pay 1000 dollars monthly", "$1,000.00", 16),
    ("What about $1,250.50 a month?", "$1,250.50", 13),
    ("I pay $900 a month in rent. I can pay $400 a month.", "$400.00", 40),
    # close negatives
    ("I can pay $400 now", None, None),
    ("I pay $900 a month in rent.", None, None),
    ("I can pay $100 a week", None, None),
    ("I can pay $20,000 a month", None, None),  # the whole balance at once
    ("I can do 4 months", None, None),
    ("I can pay 2 a month", None, None),  # two payments a month, not two dollars
    ("I can pay 75 a month", "$75.00", 210),
    ("Can I pay €400 a month?", None, None),  # never converted, never restated as dollars
]


@pytest.mark.parametrize(("line", "amount", "months"), CASES)
@pytest.mark.parametrize("policy", ["eq", "vanilla"])
def test_a_monthly_amount_gets_the_months_it_takes(line, amount, months, policy):
    reply = first_reply(line, policy=policy)
    instalment = reply.trace["decision"]["reason"].get("instalment")
    if months is None:
        assert instalment is None and " months" not in reply.text, reply.text
        return
    assert instalment == {"monthly": float(amount.strip("$").replace(",", "")),
                          "months": months}
    assert months == math.ceil(NORTHWIND.balance / instalment["monthly"])
    assert f"{amount} a month" in reply.text and f"{months} months" in reply.text, reply.text
    assert reply.trace["guard"]["ok"] and not reply.trace["guard"]["replaced"]


def test_the_figures_follow_the_scenario_not_a_fixed_text():
    other = Scenario(balance=12000.0, creditor_target_days=12, max_days=60)
    assert "30 months" in first_reply("Can I pay $400 a month?", other).text


@pytest.mark.parametrize(("scenario", "line", "says", "never"), [
    # an offer below the mandate: the timeline on offer, never the mandate's limit
    (NORTHWIND, "Can I pay $400 a month?", "timeline on offer now", ("longest", "60 days")),
    # a final offer (at the mandate's limit): the longest timeline may be said
    (Scenario(balance=15700.0, creditor_target_days=60, max_days=60),
     "Can I pay $400 a month?", "longest timeline we can offer", ()),
    # a rate that repays inside the timeline on offer
    (Scenario(balance=1000.0, creditor_target_days=60, max_days=90),
     "Can I pay $600 a month?", "inside the timeline on offer", ("longest",)),
])
def test_what_the_mandate_allows_is_said_as_far_as_the_decision_reveals(scenario, line, says,
                                                                        never):
    text = first_reply(line, scenario).text
    assert says in text.replace("I can offer now", "on offer now"), text
    for word in never:
        assert word not in text, text


def test_a_monthly_offer_is_not_a_timeline_proposal():
    reply = first_reply("Can I pay $400 a month?")
    assert reply.trace["move"]["kind"] == "amount" and reply.trace["move"]["days"] is None
    assert reply.trace["debtor_ask"] is None and reply.offer_days == 12


def test_a_saved_session_with_the_answer_loads_and_goes_on():
    agent = Negotiator(NORTHWIND, backend="template", sensor="lexicon", seed=0)
    agent.open()
    said = agent.respond("Can I pay $400 a month?").text
    again = Negotiator.from_json(agent.to_json(), backend="template", sensor="lexicon")
    assert again.transcript()[-1]["text"] == said
    assert again.respond("What if I pay $500 a month?").trace["decision"]["reason"][
        "instalment"] == {"monthly": 500.0, "months": 32}


def test_a_saved_reply_whose_figures_were_not_computed_is_refused_on_load():
    agent = Negotiator(NORTHWIND, backend="template", sensor="lexicon", seed=0)
    agent.open()
    agent.respond("Can I pay $400 a month?")
    saved = json.loads(agent.to_json())
    saved["turns"][-1]["reply"] = saved["turns"][-1]["reply"].replace("40 months", "41 months")
    with pytest.raises(SessionFormatError):
        Negotiator.from_json(json.dumps(saved), backend="template", sensor="lexicon")
