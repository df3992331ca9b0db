"""Issue 20, item 2: a request to be phoned gets an answer, and no call is ever promised.

This channel is written messages and the system places no calls, so the reply says so and
where the debtor can go on; "stop calling me" is a stop or a restriction (read/duties.py), and
"you called me yesterday" asks for nothing.
"""

from __future__ import annotations

import re

import pytest

from edge_agent import Negotiator
from edge_agent.plan import plan_reply
from edge_agent.plan import wording as W
from edge_agent.read import read
from edge_agent.read.heard import hear
from edge_agent.read.questions import Ask, callback_requested, questions
from edge_core import Action, Decision, Tactic
from tests.conftest import NORTHWIND

READING = [
    ("Can you call me back tomorrow?", True),
    ("call me after 5pm", True),
    ("Call me after 5pm.", True),
    ("I'd rather talk on the phone", True),
    ("Could someone phone me instead?", True),
    ("I want a phone call.", True),
    ("Llámeme mañana", True),
    ("Rappelez-moi demain.", True),
    ("Stop calling me at work though, call my mobile after 5.", True),
    # close negatives
    ("stop calling me", False),
    ("Stop calling me.", False),
    ("Don't call me at work.", False),
    ("Please do not phone me on weekends.", False),
    ("Can you not call me at work?", False),
    ("you called me yesterday", False),
    ("Why did you call me?", False),
    ("Call me crazy, but 12 days is too short.", False),
    ("I'll call you tomorrow.", False),
    ("No me llame más.", False),
]


@pytest.mark.parametrize("text,wanted", READING)
def test_a_request_to_be_phoned_is_read_as_one(text, wanted):
    found = any(Ask.CALLBACK in q.asks for q in questions(text))
    assert found is wanted
    assert any(callback_requested(s) for s in re.split(r"(?<=[.?!])\s+", text)) is wanted


PROMISE = re.compile(r"\b(?:will|shall|can|going\s+to)\s+(?:call|phone|ring)\s+you\b|"
                     r"\bcall\s+you\s+(?:back|tomorrow|later)\b", re.I)


def test_no_callback_answer_promises_a_call():
    for text in W.ANSWERS[Ask.CALLBACK]:
        assert not PROMISE.search(text), text
        assert "written" in text  # says what the channel is


def test_no_reviewed_text_promises_a_phone_call():
    """The support text used to say "someone from our team can call you back"."""
    texts = [*(t for bank in W.BODIES.values() for t in bank),
             *(t for bank in W.DUTIES.values() for t in bank),
             *(t for bank in W.ANSWERS.values() for t in bank)]  # fmt: skip
    assert not [t for t in texts if PROMISE.search(t)]


@pytest.mark.parametrize("text,wanted", READING)
def test_the_plan_answers_a_callback_request(text, wanted):
    d = Decision(Action.COUNTER, Tactic.HOLD, "neutral", 12)
    heard = hear(text, read(text, 12, balance=NORTHWIND.balance), None, (), 12)
    plan = plan_reply(d, NORTHWIND, heard, seed=1, turn=2)
    assert ("answer:callback" in plan.slot_keys()) is wanted, plan.slot_keys()
    assert not plan.unanswered or not wanted


def test_each_callback_answer_once_in_a_dialogue_then_once_more():
    """Asked on every turn, the answer is never the same sentence twice."""
    agent = Negotiator(NORTHWIND, backend="template", sensor="lexicon", seed=4)
    agent.open()
    sent: list[str] = []
    for _ in range(5):
        reply = agent.respond("Can you call me back tomorrow?")
        if reply.status != "open":
            break
        sent.append(reply.text)
    answers = [s for s in sent if "phone" in s or "call" in s]
    assert len(answers) == len(sent) >= 3
    firsts = [a.split(". ")[0] for a in answers]
    assert len(set(firsts)) == len(firsts), firsts
