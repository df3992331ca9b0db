"""Issue 20: a model sentence is kept only if the plan supports everything it says.

The sentences the issue quotes from the default model, each rejected, and close negatives in
the same shapes, each kept: the check is a whitelist, so what decides is what the plan holds.
"""

from __future__ import annotations

import pytest

from edge_agent.plan import plan_reply
from edge_agent.read import read
from edge_agent.read.heard import hear
from edge_agent.verify.faithful import check
from edge_core import Action, Decision, Tactic
from edge_core.reply_plan import Allowance
from tests.conftest import NORTHWIND


def _allowance(text: str, decision: Decision) -> Allowance:
    return plan_reply(decision, NORTHWIND, hear(text, read(text, 14), None, (), 14),
                      seed=1, turn=2).allowance  # fmt: skip


AFTER_JOB_LOSS = _allowance("I lost my job last month and I'm stressed.",
                            Decision(Action.COUNTER, Tactic.ACKNOWLEDGE, "sadness", 20))
AFTER_THANKS = _allowance("Thanks for reaching out, I want to sort this.",
                          Decision(Action.COUNTER, Tactic.HOLD, "joy", 12))
AFTER_REFUSAL = _allowance("No, that doesn't work for me.",
                           Decision(Action.COUNTER, Tactic.HOLD, "surprise", 12))

QUOTED = [
    # (sentence from the issue, the rule family that must catch it)
    ("This is a legal notice.", "self_description"),
    ("I'm not a banker, I just do things to help people in need.", "self_description"),
    ("I don't have the time to provide a full refund.", "agent_limits"),
    ("I'm glad to know that your loved one is not alone in this.", "unsupported"),
    ("I'm sorry, I apologize.", "agent_belief"),
    ("I can't do it anymore.", "agent_limits"),
    ("No, no... No.", "fragment"),
    ("Your boss is not your boss' boss, and you should apologize.", "order"),
    ("You're a nice one... I've worked with you before and loved your skills.", "fragment"),
    ("Dear debtor.", "greeting"),
    ("I believe in you.", "agent_belief"),
    ("It's great to hear from you.", "tone"),
    ("There is no rush, no pressure.", "false_ease"),
    ("See ya soon, buddy!", "greeting"),
    ("You need a job, or you'll be dead.", "order"),
    ("As an AI language model, I understand.", "unsupported"),
    ("It's great to hear that your mother is in hospital.", "tone"),
    ("We can give you extra time on this.", "unsupported"),
    ("Your interest will be waived.", "terms_or_status"),
    # kept by an earlier version of the check on the panel, rewrite mode (docs/voice.md)
    ("I'm sorry, I was trying to help you out.", "agent_history"),
    ("I'm so sorry, I just had to go through this.", "agent_history"),
    ("I'm sure you heard me, and I'll keep this respectful.", "agent_history"),
    ("Here you go, here you go.", "fragment"),
]


@pytest.mark.parametrize("sentence,rule", QUOTED)
def test_the_quoted_sentences_are_rejected(sentence, rule):
    verdict = check(sentence, AFTER_JOB_LOSS)
    assert not verdict.ok
    assert any(p.startswith(rule) for p in verdict.problems), verdict.problems


CLOSE_NEGATIVES = [
    # the same shapes, saying only what the plan holds
    ("I am sorry about your job; that is a hard thing to go through.", AFTER_JOB_LOSS),
    ("I'm really sorry to hear about your job, that must be so hard.", AFTER_JOB_LOSS),
    ("This is a hard time, I know.", AFTER_JOB_LOSS),  # "this is a ..." about the situation
    ("I can tell this is weighing on you, and I am sorry.", AFTER_JOB_LOSS),
    ("I understand you are upset, but let us keep this respectful.", AFTER_JOB_LOSS),
    ("I hear you, and I want to find a way forward.", AFTER_JOB_LOSS),
    ("Thank you, I really appreciate you wanting to sort this out.", AFTER_THANKS),
    ("I am glad we are sorting this out together.", AFTER_THANKS),  # cheer fits here
    ("I am surprised to hear that.", AFTER_REFUSAL),
    ("I hear that this does not work for you.", AFTER_REFUSAL),  # planned negation
]


@pytest.mark.parametrize("sentence,allowance", CLOSE_NEGATIVES,
                         ids=[s for s, _ in CLOSE_NEGATIVES])
def test_close_negatives_are_kept(sentence, allowance):
    verdict = check(sentence, allowance)
    assert verdict.ok, verdict.problems


def test_cheer_is_judged_against_what_was_disclosed():
    glad = "I am happy we are talking."
    assert check(glad, AFTER_THANKS).ok
    assert not check(glad, AFTER_JOB_LOSS).ok  # same sentence after a job loss


def test_more_time_only_when_the_decision_gives_it():
    conceding = _allowance("Could you do 45 days?",
                           Decision(Action.COUNTER, Tactic.CONCEDE, "neutral", 20))
    holding = _allowance("Could you do 45 days?",
                         Decision(Action.COUNTER, Tactic.HOLD, "neutral", 12))
    sentence = "I understand, and I can give you more time."
    assert not check(sentence, holding).ok
    assert not any(p.startswith("tone") for p in check(sentence, conceding).problems)


def test_every_reviewed_voiced_variant_passes_its_own_plan():
    """The plan's variants are what a voice may choose: each must pass the check."""
    from tests.plan.test_plan import DECISIONS, MESSAGES, PERSONAS

    for decision in DECISIONS:
        for persona in PERSONAS:
            for text in MESSAGES:
                d = Decision(decision.action, decision.tactic, persona, decision.offer_days,
                             agreed_days=decision.agreed_days, final=decision.final)
                plan = plan_reply(d, NORTHWIND, hear(text, read(text, 14), None, (), 14),
                                  seed=2, turn=3)  # fmt: skip
                for item in plan.voiced:
                    for option in item.options:
                        verdict = check(option, plan.allowance)
                        assert verdict.ok, (text, persona, option, verdict.problems)
