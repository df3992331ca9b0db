"""Issue 20, item 1: no persona or acknowledgement sentence a supervisor would strike.

The fit rules are data (``wording.TONES``, ``wording.FIT``); these tests judge them with an
independent reading: per situation, a pattern of what contradicts it, checked over every bank
(enumerated) and over real plans for messages in that situation (every persona, many seeds,
the voiced slots' options included, since a model voice chooses among those). Close negatives:
the same sentence is allowed where nothing rules it out.
"""

from __future__ import annotations

import re

import pytest

from edge_agent.plan import Part, plan_reply
from edge_agent.plan import wording as W
from edge_agent.plan.planner import ack_key, situations
from edge_agent.read import read
from edge_agent.read.heard import hear
from edge_core import Action, Decision, Tactic
from tests.conftest import NORTHWIND

DISPLEASED = r"frustrating that|delay is frustrating|frustrates me|acceptable"
CHEERY = r"\bglad\b|(?<!not )\bhappy"
SURPRISED = r"surpris|unexpected"
CONTRADICTS: dict[str, str] = {
    "opening": rf"{SURPRISED}|sorry|noted what you said|{DISPLEASED}|\bsad|shame",
    "hardship": rf"{CHEERY}|{SURPRISED}|{DISPLEASED}",
    "no_hardship": r"\bsorry\b",
    "refusal": rf"{CHEERY}|together|{SURPRISED}",
    "hostility": rf"{CHEERY}|together|working with me|staying in touch|talking this through "
                 rf"with me|{SURPRISED}",
    "question": SURPRISED,
    "proposal": SURPRISED,
    "restriction": rf"{SURPRISED}|noted what you said",
    "concession": DISPLEASED,
    "agreement": rf"{DISPLEASED}|\bI am (?:worried|afraid|concerned)|\bI fear|{SURPRISED}",
}  # fmt: skip
"""What contradicts each situation, written apart from the tags the planner uses."""

STRUCK = ("Your proposal surprises me.", "This has gone on far too long, and that frustrates me.",
          "I am sorry you feel that way.", "I am sorry, I know you hoped for longer.",
          "Leaving this unpaid is not acceptable.", "I am so sorry about all of this.",
          "I am sad that it has come to this.")  # fmt: skip

BANKS = {**{f"frame:{k}": v for k, v in W.FRAMES.items()},
         **{f"ack:{k}": v for k, v in W.ACKS.items()}}  # fmt: skip


def _all_sentences() -> set[str]:
    return {s for bank in BANKS.values() for s in bank}


@pytest.mark.parametrize("sentence", STRUCK)
def test_struck_sentences_are_in_no_bank(sentence):
    assert sentence not in _all_sentences()


@pytest.mark.parametrize("situation", sorted(CONTRADICTS))
@pytest.mark.parametrize("bank", sorted(BANKS))
def test_no_bank_sentence_that_contradicts_a_situation_fits_it(situation, bank):
    allowed = W.fitting(BANKS[bank], {situation})
    bad = [s for s in allowed if re.search(CONTRADICTS[situation], s, re.I)]
    assert not bad, (situation, bad)


@pytest.mark.parametrize("sentence,situations_,fits", [
    ("I am glad we are sorting this out together.", {"refusal"}, False),
    ("I am glad we are sorting this out together.", {"no_hardship"}, True),  # close negative
    ("I am sorry it has been so hard.", {"no_hardship"}, False),
    ("I am sorry it has been so hard.", {"hardship"}, True),
    ("It is frustrating that this is still unpaid.", {"hardship"}, False),
    ("It is frustrating that this is still unpaid.", {"no_hardship", "question"}, True),
    ("Thanks for staying in touch with me about this.", {"hostility"}, False),
    ("Thanks for staying in touch with me about this.", {"refusal"}, True),
    ("That takes me by surprise.", {"proposal"}, False),
    ("That takes me by surprise.", {"no_hardship"}, True),
    ("I am worried about where this account is heading.", {"agreement"}, False),
    ("I am worried about where this account is heading.", {"hardship"}, True),
])
def test_fit_table(sentence, situations_, fits):
    assert W.fits(sentence, situations_) is fits


def test_every_voiced_sentence_has_its_tags_from_the_banks():
    """A tag names sentences that exist: a rewording must move its tag with it."""
    known = _all_sentences()
    for tag, sentences in W.TONES.items():
        assert sentences <= known, (tag, sorted(sentences - known))
    assert set().union(*W.FIT.values()) <= set(W.TONES)


SITUATIONS = [
    # (situation, message, earlier messages, decision)
    ("refusal", "No, that does not work for me.", (), Tactic.HOLD),
    ("refusal", "I can't do that.", (), Tactic.CONCEDE),
    ("hostility", "You people are scammers.", (), Tactic.HOLD),
    ("hostility", "Fine, 30 days.", ("You're useless.",), Tactic.ACKNOWLEDGE),
    ("hardship", "I lost my job last month.", (), Tactic.ACKNOWLEDGE),
    ("hardship", "Could you do 40 days?", ("My mother is in hospital.",), Tactic.CONCEDE),
    ("hardship", "That's really the most I can manage.", (), Tactic.HOLD),
    ("question", "How much do I owe exactly?", (), Tactic.CLARIFY),
    ("proposal", "Could you do 45 days?", (), Tactic.HOLD),
    ("no_hardship", "OK, tell me the terms.", (), Tactic.HOLD),
    ("concession", "Could you do 45 days?", (), Tactic.CONCEDE),
]
PERSONAS = tuple(W.FRAMES)


@pytest.mark.parametrize("situation,text,earlier,tactic", SITUATIONS)
def test_no_plan_says_what_contradicts_its_situation(situation, text, earlier, tactic):
    """Every persona, thirty seeds: neither the planned wording nor any option a voice may
    choose for a voiced slot contradicts what the debtor said or what the decision does."""
    move = read(text, 14, balance=NORTHWIND.balance)
    heard = hear(text, move, None, earlier, 14)
    for persona in PERSONAS:
        days = 20 if tactic == Tactic.CONCEDE else 14
        d = Decision(Action.COUNTER, tactic, persona, days)
        for seed in range(30):
            plan = plan_reply(d, NORTHWIND, heard, seed=seed, turn=2)
            assert situation in situations(d, heard, ack_key(heard), plan.asks)
            for item in plan.items:
                if item.part not in (Part.ACK, Part.FRAME):
                    continue
                for said in (item.text, *item.options):
                    assert not re.search(CONTRADICTS[situation], said, re.I), (
                        persona, seed, text, said)


def test_an_opening_reacts_to_nothing_and_apologises_for_nothing():
    for persona in PERSONAS:
        for seed in range(20):
            d = Decision(Action.OPEN, Tactic.OPEN, persona, 12)
            plan = plan_reply(d, NORTHWIND, None, seed=seed)
            frame = [i for i in plan.items if i.part == Part.FRAME]
            for item in frame:
                for said in (item.text, *item.options):
                    assert not re.search(CONTRADICTS["opening"], said, re.I), (persona, said)


def test_sympathy_frames_answer_a_disclosed_hardship():
    """Close negative of the unprompted apology: the same persona may apologise after a job
    loss; with nothing disclosed it speaks of the account instead."""
    d = Decision(Action.COUNTER, Tactic.ACKNOWLEDGE, "sadness", 20)
    hard = hear("I lost my job.", read("I lost my job.", 14), None, (), 14)
    plain = hear("OK.", read("OK.", 14), None, (), 14)
    hard_frames = {i.text for s in range(30)
                   for i in plan_reply(d, NORTHWIND, hard, seed=s).items if i.part == Part.FRAME}
    plain_frames = {i.text for s in range(30)
                    for i in plan_reply(d, NORTHWIND, plain, seed=s).items
                    if i.part == Part.FRAME}  # fmt: skip
    assert any("sorry" in f for f in hard_frames)
    assert plain_frames and not any("sorry" in f for f in plain_frames)


@pytest.mark.parametrize("tactic", [Tactic.HOLD, Tactic.CONCEDE])
def test_every_bank_sentence_passes_the_guard_beside_the_terms(tactic):
    """A frame or acknowledgement may follow any terms; the guard passes each one there
    ("stay open much longer" was read as open-ended terms)."""
    from edge_agent.verify.guard import ComplianceGuard

    guard = ComplianceGuard()
    d = Decision(Action.COUNTER, tactic, "neutral", 14)
    for sentence in sorted(_all_sentences()):
        text = f"Our offer is 14 days for the $15,700.00 balance. {sentence}"
        assert guard.check(text, d, NORTHWIND).ok, (sentence, guard.check(text, d, NORTHWIND))



@pytest.mark.parametrize(("sentence", "expected"), [
    ("To confirm: the $4,200.00 balance repaid within 50 days.",
     "Once more, to confirm: the $4,200.00 balance repaid within 50 days."),
    ("The offer is the full $4,200.00 repaid within 50 days.",  # close negative: no lead
     "Once more: the offer is the full $4,200.00 repaid within 50 days."),
])  # fmt: skip
def test_a_repeated_sentence_reads_once_more_with_one_colon(sentence, expected):
    """"Once more: to confirm: the ..." had two colons in a row (seen on the default model)."""
    import numpy as np

    from edge_agent.plan.planner import Chooser

    assert Chooser(np.random.default_rng(0), [sentence], {})._once_more(sentence) == expected
