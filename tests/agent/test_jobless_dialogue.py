"""The brief's jobless debtor, played whole on the template backend: a credible debtor holding
45 days inside a 60-day mandate is met at 45 and agrees, and the agreement thanks once."""

import re

from edge_agent import Negotiator
from edge_core import Scenario

SCENARIO = Scenario(balance=15700, creditor_target_days=12, max_days=60,
                    creditor_name="Example Credit", debtor_name="Sam Carter")
MESSAGES = [
    "Hi. I lost my job last month and I have two kids. I don't know how I'm going to pay this.",
    "I really can't do 12 days. Please. Could I have 45 days?",
    "45 days is really all I can afford. I'm begging you.",
    "What happens if I don't pay?",
    "Ok, 45 days. I agree.",
    "Yes.",
]


def _play(messages):
    n = Negotiator(SCENARIO, seed=1)
    n.open()
    return n, [n.respond(m) for m in messages]


def test_the_jobless_debtor_is_met_at_45_and_agrees():
    n, replies = _play(MESSAGES)
    assert replies[-2].offer_days == 45 and n.status == "agreed"
    assert all((r.offer_days or 0) <= 60 for r in replies)


def test_the_agreement_thanks_once():
    _, replies = _play(MESSAGES)
    assert len(re.findall(r"\bthank", replies[-1].text, re.I)) <= 1, replies[-1].text


def test_close_negative_without_hardship_no_forbearance():
    """The same figures with no disclosure: no departure, the baseline's concessions."""
    plain = ["Could I have 45 days?", "45 days.", "45 days please.", "45 days. I agree."]
    n, replies = _play(plain)
    assert n.status != "agreed" and replies[-1].offer_days < 45
