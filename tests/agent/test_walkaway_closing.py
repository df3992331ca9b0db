"""The polite walker (issue 21): a debtor leaving gets eq's closing move once, with how to
come back (its ask met when it engaged inside the mandate, a split toward the mandate when its
ask is past it, the baseline's offer when it never engaged), is not read as distress, and is
not chased; a goodbye with a return is not a walk-away."""

import pytest

from edge_agent import Negotiator, Scenario

SCENARIO = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)
ASK = ["I can pay in 60 days.", "OK, I could stretch to 40 days."]  # engaged: moved 60 -> 40
BARE = ["I can pay in 40 days.", "40 days."]  # the same figure from the start, no reason
WALKS = ["Thanks, but I'll just go to a debt charity. Goodbye.",
         "I'm done here, I'll deal with it through StepChange", "Adiós, no voy a pagar"]
COME_BACK = ("reply here or contact", "come back to us", "door stays open")


def play(policy: str, script: list[str]):
    agent = Negotiator(SCENARIO, policy=policy, backend="template", sensor="lexicon", seed=0)
    agent.open()
    return [agent.respond(line) for line in script]


def _comes_back(text: str) -> bool:
    return any(p in text for p in COME_BACK)


@pytest.mark.parametrize("walk", WALKS)
def test_an_engaged_walker_with_an_ask_in_the_mandate_is_met_with_how_to_come_back(walk):
    eq, blind = play("eq", [*ASK, walk])[-1], play("vanilla", [*ASK, walk])[-1]
    assert eq.offer_days == 40 and eq.status == "awaiting_confirmation", eq.text
    assert _comes_back(eq.text)
    assert blind.offer_days < 20 and not _comes_back(blind.text)  # vanilla: its next step
    deal = eq.trace["decision"]["reason"]["deal"]
    assert deal["closing"] == "meet" and deal["manipulation"] == 0.0
    assert eq.trace["signals"]["strategic_distress"]["score"] == 0.0


@pytest.mark.parametrize("script", [
    [*BARE, WALKS[0]],  # never moved, no reason
    ["40 days. Bye."],  # goodbye on the first message buys nothing
    ["1000 days. Bye."],  # nor does a bigger ask (a split would pay it more)
    [WALKS[0]],  # no ask at all: not the mandate, nor half of it
    ["I can pay in 90 days.", WALKS[1]],  # an ask past the mandate
])  # fmt: skip
def test_a_walker_that_never_engaged_gets_the_baseline_offer(script):
    eq, blind = play("eq", script)[-1], play("vanilla", script)[-1]
    assert eq.offer_days == blind.offer_days < 20 and eq.status == "open", eq.text
    assert eq.trace["decision"]["reason"]["deal"]["closing"] == "baseline" and _comes_back(eq.text)
    assert not eq.trace["decision"]["final"]


def test_an_engaged_walker_whose_ask_is_past_the_mandate_gets_a_split():
    script = ["I can pay in 90 days.", "I can pay in 70 days.", WALKS[0]]
    eq, blind = play("eq", script), play("vanilla", script)
    standing = eq[-2].offer_days
    assert eq[-1].offer_days == -(-(standing + 60) // 2) > blind[-1].offer_days
    assert eq[-1].trace["decision"]["reason"]["deal"]["closing"] == "split"


@pytest.mark.parametrize("later", [
    "goodbye for now, I'll think about it and come back tomorrow",
    "Bye for now, talk tomorrow.",
    "This is my final position, take it or leave it.",
])  # fmt: skip
def test_a_goodbye_with_a_return_or_an_ultimatum_is_no_walk_away(later):
    eq, blind = play("eq", [*ASK, later])[-1], play("vanilla", [*ASK, later])[-1]
    assert eq.offer_days == blind.offer_days < 20 and not _comes_back(eq.text)
    assert "closing" not in eq.trace["decision"]["reason"]["deal"]


def test_no_chase_after_the_closing_move():
    script = ["I can pay in 90 days.", "I can pay in 70 days.", WALKS[0], "I said goodbye. Bye.",
              "Bye."]
    replies = play("eq", script)
    split = -(-(replies[1].offer_days + 60) // 2)  # engaged, ask past the mandate: halfway
    assert [r.offer_days for r in replies[2:]] == [split, split, split]  # said once
    assert [r.trace["decision"]["reason"]["deal"]["closing"] for r in replies[2:]] == [
        "split", "stands", "stands"]
    texts = [r.text for r in replies[2:]]
    assert len(set(texts)) == len(texts)  # never the same words twice


def test_a_suspected_manipulator_walking_away_gets_no_more_than_vanilla():
    script = ["I lost my job and I'm on benefits. I can pay in 40 days.",
              "I just bought a new BMW and a Rolex. 40 days.", "40 days.",
              "Thanks, but I'll just go to a debt charity. Goodbye."]
    eq, blind = play("eq", script), play("vanilla", script)
    assert all(e.offer_days <= b.offer_days + 2 for e, b in zip(eq, blind, strict=True)), (
        [e.offer_days for e in eq], [b.offer_days for b in blind])
    assert "manipulation" in eq[-1].trace["decision"]["reason"]["deal"]["departure"]
