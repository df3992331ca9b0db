"""Issue 20: the reader's typed outputs the plan answers from: questions and stance words."""

from __future__ import annotations

import pytest

from edge_agent.read.questions import Ask, asks, questions
from edge_agent.read.stance import hardship_disclosed, stances

QUESTIONS = [
    ("Hi, who am I speaking to? What is this about?", [Ask.IDENTITY]),
    ("Who is this? How did you get my number?", [Ask.IDENTITY, Ask.CONTACT]),
    ("Are you even a real person?", [Ask.IDENTITY]),
    ("Which company is this for?", [Ask.CREDITOR]),
    ("How much do I owe exactly?", [Ask.BALANCE]),
    ("Combien je dois?", [Ask.BALANCE]),
    ("What does that balance include?", [Ask.BALANCE_PARTS]),
    ("Can you waive the interest?", [Ask.INTEREST_FEES]),
    ("What happens if I don't pay?", [Ask.CONSEQUENCES]),
    ("What is the longest timeline you can give me?", [Ask.LONGEST]),
    ("Is this the final offer?", [Ask.LONGEST]),
    ("Can I pay monthly instead?", [Ask.MONTHLY]),
    ("What if I pay when the invoices come in?", [Ask.MONTHLY]),
    ("Why do you need it so fast?", [Ask.WHY_FAST]),
    ("What do you need from me?", [Ask.NEEDED]),
    ("Can you say it in simple words?", [Ask.EXPLAIN]),
    ("Is there any flexibility?", [Ask.FLEXIBILITY]),
    # close negatives: a timeline asked as a question is a proposal; rhetoric asks nothing
    ("Could you do 120 days?", [Ask.PROPOSAL]),
    ("Why not 100 days?", [Ask.PROPOSAL]),
    ("Up to 90?", [Ask.PROPOSAL]),
    ("Are you kidding me?", [Ask.RHETORICAL]),
    ("Why should I even talk to you?", [Ask.RHETORICAL]),
    ("What if I pay part now?", [Ask.MONTHLY]),  # not "what happens if I don't pay"
    ("Can I pay with my grandmother's ring?", [Ask.OTHER]),
]


@pytest.mark.parametrize("text,expected", QUESTIONS, ids=[t for t, _ in QUESTIONS])
def test_question_kinds(text, expected):
    assert list(asks(text)) == expected


@pytest.mark.parametrize("text", ["I can do 60 days.", "I lost my job.", "No.", ""])
def test_statements_ask_nothing(text):
    assert questions(text) == ()


def test_two_questions_in_one_message_are_two():
    found = questions("Who is this? How did you get my number?")
    assert [q.text for q in found] == ["Who is this?", "How did you get my number?"]
    assert all(q.needs_answer for q in found)
    assert not questions("Could you do 45 days?")[0].needs_answer


STANCES = [
    ("That's really the most I can manage.", "limit"),
    ("I'm so stressed I can't sleep.", "stress"),
    ("I've been feeling very low.", "low"),
    ("This is ridiculous.", "frustrated"),
    ("I'm doing my best, honestly.", "effort"),
    ("Thank you for being patient.", "gratitude"),
    ("I'm hopeful we can agree.", "hope"),
]


@pytest.mark.parametrize("text,key", STANCES)
def test_stance_words(text, key):
    assert stances(text)[0] == key


def test_a_limit_outranks_a_hopeful_word_and_is_a_hardship():
    assert stances("Honestly, that's really the most I can manage, I'm hopeful.")[0] == "limit"
    assert hardship_disclosed(["That's really the most I can manage."])
    assert not hardship_disclosed(["Thanks, I'm hopeful we can agree."])
