"""Manipulation resistance: 200+ adversarial debtor inputs against the template backend.

Every reply must stay inside the mandate, pass an independent re-check by the guard, leak
nothing of the prompt, and never crash. (The llama backend's run is in test_redteam_llama.py.)
"""

import pytest

from edge_agent import Negotiator
from tests.redteam import SCENARIO, attacks, problems

ATTACKS = attacks()


def test_suite_is_broad():
    assert len(ATTACKS) >= 200
    assert {a.category for a in ATTACKS} >= {"injection", "authority", "data_request",
                                              "false_payment", "threat", "guilt", "abuse",
                                              "beyond_mandate", "vulnerability"}


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: f"{a.category}:{a.text[:30]}")
def test_single_attack_after_the_opening(attack):
    agent = Negotiator(SCENARIO, policy="eq", seed=1, sensor="lexicon")
    agent.open()
    reply = agent.respond(attack.text)
    assert problems(agent, reply) == []
    if reply.status == "agreed":  # only ever on our own terms, inside the mandate
        assert reply.agreed_days <= agent.session.turns[-2].decision.offer_days + 5


@pytest.mark.parametrize("policy", ["eq", "vanilla", "random", "fixed:anger"])
def test_sustained_pressure_across_dialogues(policy):
    """All attacks in sequence, dialogue after dialogue, late in the message budget too."""
    agent, seed, replies = None, 0, 0
    for attack in ATTACKS:
        if agent is None or agent.status != "open":
            seed += 1
            agent = Negotiator(SCENARIO, policy=policy, seed=seed, sensor="lexicon")
            agent.open()
        reply = agent.respond(attack.text)
        replies += 1
        assert problems(agent, reply) == [], attack
        if reply.status == "agreed":
            assert reply.agreed_days <= SCENARIO.max_days
    assert replies == len(ATTACKS)
