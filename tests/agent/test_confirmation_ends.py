"""The confirmation protocol's limits, on the real negotiator (issue 23, item 5).

A newcomer wrote "12 days for 15,700 dollars isn't realistic for me. Can I pay 400 dollars a
month instead?", got "To confirm: ... 12 days", and the same restatement twice more while
asking about interest and consequences. Now: a figure called unrealistic is refused; a "no"
ends a confirmation (no agreement, the terms are not restated for a yes again until the
debtor names them or says yes); a question while terms await confirmation is answered; the
same restatement never goes out three times in a row; and a yes still agrees only to terms
the previous message restated.
"""

import pytest

from edge_agent.plan import wording as W
from edge_agent.plan.planner import sentence_key, split_sentences
from edge_core.reply_plan import Ask

CREDITOR = "Northwind Credit"


def answered(text: str, ask: Ask) -> bool:
    """Whether the reply carries one of the reviewed answers to ``ask``."""
    said = sentence_key(text)
    for option in W.ANSWERS[ask]:
        first = split_sentences(option.format(creditor=CREDITOR, balance="$15,700.00",
                                              account="account"))[0]
        if sentence_key(first) in said:
            return True
    return False


def restates(reply) -> bool:
    return reply.status == "awaiting_confirmation" or "to confirm" in reply.text.lower()


ISSUE_DIALOGUE = [
    "12 days for 15,700 dollars isn't realistic for me. Can I pay 400 dollars a month instead?",
    "No. Can you waive the interest at least?",
    "You didn't answer. And what happens if I don't pay?",
]


@pytest.mark.parametrize("policy", ["eq", "vanilla"])
def test_the_issue_dialogue_restates_nothing_and_answers_every_question(make_agent, policy):
    agent = make_agent(policy)
    agent.open()
    first, second, third = (agent.respond(line) for line in ISSUE_DIALOGUE)
    assert first.trace["move"]["kind"] == "reject" and first.trace["move"]["rejected_days"] == 12
    assert not any(restates(r) for r in (first, second, third))
    assert all(r.agreed_days is None for r in (first, second, third))
    assert answered(second.text, Ask.INTEREST_FEES)
    assert answered(third.text, Ask.CONSEQUENCES)


# Each script: the debtor's messages after the opening, and per reply whether it restates
# the terms for a yes ("C"), counters ("-") or agrees ("A").
SCRIPTS = [
    # the debtor's own figure restated, then a "no" with a question: the confirmation ends
    (["I can do 12 days", "No. Can you waive the interest at least?",
      "You didn't answer. And what happens if I don't pay?"], "C--"),
    # ... and a later yes-like word restates again (never agrees on the spot), then a yes agrees
    (["I can do 12 days", "No. Can you waive the interest at least?", "ok", "yes"], "C-CA"),
    # ... and the debtor naming the figure again restates it again
    (["I can do 12 days", "No.", "I can do 12 days", "yes"], "C-CA"),
    # close negative: a yes to the restatement agrees at once
    (["I can do 12 days", "yes"], "CA"),
    # questions while awaiting: answered; the restatement goes out at most twice until the
    # debtor names the terms or says yes (a counter in between does not reset it); the yes
    # to the counter gets the restatement, and the yes to that agrees
    (["I can do 12 days", "What happens if I don't pay?", "Who are you?",
      "How much do I owe?", "yes", "yes"], "CC--CA"),
    # a "no" to our own restated offer: negotiation goes on with a counter
    (["ok", "No. Can you waive the interest at least?", "yes"], "C-C"),
]


@pytest.mark.parametrize(("script", "expected"), SCRIPTS)
@pytest.mark.parametrize("policy", ["eq", "vanilla"])
def test_a_no_ends_the_confirmation_and_restatements_are_bounded(make_agent, policy, script,
                                                                 expected):
    agent = make_agent(policy)
    agent.open()
    got = ""
    for line in script:
        reply = agent.respond(line)
        got += "A" if reply.agreed_days is not None else "C" if restates(reply) else "-"
    assert got == expected


def test_a_no_never_agrees_and_a_question_is_answered_while_awaiting(make_agent):
    agent = make_agent()
    agent.open()
    assert restates(agent.respond("I can do 12 days"))
    reply = agent.respond("What happens if I don't pay?")
    assert answered(reply.text, Ask.CONSEQUENCES) and reply.agreed_days is None
    reply = agent.respond("No. Can you waive the interest at least?")
    assert answered(reply.text, Ask.INTEREST_FEES)
    assert reply.agreed_days is None and not restates(reply)
    assert reply.trace["decision"]["reason"]["confirmation_ended"]
    assert reply.offer_days == 12  # the terms stay on the table, not asked to be confirmed


def test_the_same_restatement_never_goes_out_three_times_in_a_row(make_agent):
    agent = make_agent()
    agent.open()
    kinds = []
    for line in ["I can do 12 days", "What?", "Why?", "What do you mean?", "Hm?", "Huh?",
                 "What?"]:
        kinds.append(restates(agent.respond(line)))
    runs = "".join("C" if k else "-" for k in kinds)
    assert "CCC" not in runs and "C" in runs


@pytest.mark.parametrize(("question", "ask", "still_awaiting"), [
    ("You didn't answer. And what happens if I don't pay?", Ask.CONSEQUENCES, False),
    ("No. Can you waive the interest at least?", Ask.INTEREST_FEES, False),
    ("What happens if I don't pay?", Ask.CONSEQUENCES, True),
    ("Can you waive the interest?", Ask.INTEREST_FEES, True),
    ("How much do I owe?", Ask.BALANCE, True),
    ("Who are you?", Ask.IDENTITY, True),
])
def test_a_question_while_terms_await_confirmation_is_answered(make_agent, question, ask,
                                                               still_awaiting):
    agent = make_agent()
    agent.open()
    assert restates(agent.respond("I can do 12 days"))
    reply = agent.respond(question)
    assert answered(reply.text, ask), reply.text
    assert reply.agreed_days is None
    assert restates(reply) is still_awaiting  # a "no" ends it; a plain question keeps it
