"""Hostile-review cases for the deal (issue 21): hardship that the debtor's own words contradict
earns nothing over the emotion-blind baseline, while the same hardship held consistently is met."""

import pytest

from edge_agent import Negotiator, Scenario

SCENARIO = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)


def offers(policy: str, script: list[str]) -> list[int | None]:
    agent = Negotiator(SCENARIO, policy=policy, backend="template", sensor="lexicon", seed=0)
    agent.open()
    return [agent.respond(line).offer_days for line in script]


@pytest.mark.parametrize("script", [
    ["I lost my job and I'm on benefits. I can pay in 60 days.",
     "I just bought a new BMW and a Rolex. 60 days.", "60 days.", "60 days."],
    ["I lost my job, I can pay in 60 days.",
     "Actually I'm fully employed and earn well, 60 days.", "I lost my job again, 60 days.",
     "60 days."],
])
def test_contradicted_hardship_gets_no_more_than_vanilla(script):
    blind, eq = offers("vanilla", script), offers("eq", script)
    assert all(e <= v + 2 for e, v in zip(eq, blind, strict=True)), (eq, blind)


def test_the_same_hardship_held_consistently_is_met():  # the close negative
    script = ["I lost my job and I'm on benefits. I can pay in 45 days.", "45 days.",
              "45 days.", "45 days."]
    blind, eq = offers("vanilla", script), offers("eq", script)
    assert eq[-1] >= 40 > blind[-1]
