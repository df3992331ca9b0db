"""A threat is no engagement: "40 days or I go to the press" then "I will report you" reads as
rising anger and a refusal (walk risk 0.73), and used to buy the 40 on the second message
through the emotion-read closing move. A closing move is for a debtor who engaged (moved, or
credible hardship); an engaged angry debtor still gets it (close negative)."""

import pytest

from edge_agent import Negotiator
from edge_core import Scenario

SCENARIO = Scenario(balance=15700, creditor_target_days=12, max_days=60)


def _offers(policy, script):
    n = Negotiator(SCENARIO, policy=policy, seed=1)
    n.open()
    return [n.respond(m).offer_days for m in script]


@pytest.mark.parametrize("script", [
    ["40 days or I go to the press.", "Pay attention: I will report you."],
    ["Give me 50 days or I'm calling my lawyer and the newspapers.", "You heard me. Do it."],
])  # fmt: skip
def test_a_threat_buys_nothing_beyond_the_baseline(script):
    assert _offers("eq", script) == _offers("vanilla", script)


def test_an_engaged_angry_debtor_still_gets_the_closing_move():
    script = ["I can pay in 60 days.", "OK, 40 days then.",
              "This is ridiculous, you people are useless. I'm furious. No."]
    eq, blind = _offers("eq", script), _offers("vanilla", script)
    assert eq[-1] > blind[-1]
