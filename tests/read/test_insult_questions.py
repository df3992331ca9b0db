"""An insult shaped as a question is hostility to acknowledge, not a question of no known kind
(the newcomer's hostile debtor: "You vultures again? Get a real job." got "That is outside
what I can help with")."""

import pytest

from edge_agent.read.questions import classify
from edge_core.reply_plan import Ask


@pytest.mark.parametrize(("sentence", "asks"), [
    ("You vultures again?", (Ask.RHETORICAL,)),
    ("Are you stupid?", (Ask.RHETORICAL,)),
    ("Are you people deaf?", (Ask.RHETORICAL,)),
    ("What do you leeches want now?", (Ask.RHETORICAL,)),
    ("Loan sharks, huh?", (Ask.RHETORICAL,)),
    # close negatives: a real question stays a question, insult or not
    ("You idiots, can you waive the interest?", (Ask.INTEREST_FEES,)),
    ("Are you a robot?", None),
    ("Is this a scam?", None),
    ("Who is this?", None),
])  # fmt: skip
def test_insult_questions(sentence, asks):
    got = classify(sentence)
    if asks is None:
        assert got != (Ask.RHETORICAL,), got
    else:
        assert got == asks
