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


STORY = "Our cash flow is terrible this quarter and there is nothing left. 45 days is my limit."
OTHER = "Two big clients paid late and I can't pay the suppliers either. 45 days is my limit."


@pytest.mark.parametrize(("script", "earns"), [
    ([STORY] * 5, False),  # one disclosure pasted five times: counted once
    ([STORY, STORY.replace("terrible", "terible"), "As I said: " + STORY, STORY, STORY], False),
    ([STORY, OTHER, STORY, STORY, STORY], True),  # a second, different disclosure counts
])  # fmt: skip
def test_a_pasted_sob_story_is_counted_once(script, earns):
    blind, eq = offers("vanilla", script), offers("eq", script)
    if earns:
        assert eq[-1] == 45 > blind[-1]
    else:
        assert eq == blind


def test_pasting_a_disclosure_earns_what_holding_the_figure_earns():
    story = "I lost my job last month and I really can't pay more. 45 days is the most I can do."
    assert offers("eq", [story] * 5) == offers("eq", [story] + ["45 days."] * 4)
