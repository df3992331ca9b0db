"""The walk-away signal (issue 21): a debtor leaving, politely or not, in English and Spanish,
against the close negatives that are not a walk-away (a goodbye with a return, an ultimatum
that is still a condition, a negated leaving, an explicit yes with a goodbye)."""

import pytest

from edge_agent.read import read
from edge_agent.read.walkaway import leaving
from edge_core import Consent, MoveKind


@pytest.mark.parametrize(("text", "expected"), [
    ("Thanks, but I'll just go to a debt charity. Goodbye.", True),
    ("I'm done here, I'll deal with it through StepChange", True),
    ("I’m done here, I’ll deal with it through StepChange", True),  # curly apostrophes
    ("Adiós, no voy a pagar", True),
    ("adios", True),
    ("Ya terminé con ustedes.", True),
    ("Me voy. No pienso pagar eso.", True),
    ("Bye.", True),
    ("I'm going to talk to Citizens Advice instead. Bye.", True),
    ("We're finished here.", True),
    ("I'm hanging up.", True),
    ("This conversation is over.", True),
    # close negatives
    ("goodbye for now, I'll think about it and come back tomorrow", False),
    ("Bye for now, talk tomorrow.", False),
    ("Hasta mañana, lo pienso.", False),
    ("Adiós, te llamo luego.", False),
    ("This is my final position, take it or leave it.", False),
    ("I need an answer right now or I walk.", False),
    ("40 or nothing. Decide now", False),
    ("I'm not leaving until we sort this. 40 days.", False),
    ("I'm not done, 40 days.", False),
    ("I'm done with my budget: 40 days.", False),
    ("I'm off work this week, 40 days.", False),
    ("I spoke to StepChange and they said 40 days is what I can afford.", False),
    ("If you can't do 40, I'm done here.", False),  # an ultimatum: still present
    ("This is ridiculous. 40 days, last offer, then I'm hanging up.", False),
    ("That was my last offer. I'm hanging up.", True),
    ("I can pay in 40 days.", False),
])  # fmt: skip
def test_leaving(text, expected):
    assert leaving(text) is expected


@pytest.mark.parametrize(("text", "kind", "consent", "walkaway"), [
    # "deal" in "deal with it" was read as a weak yes to our 12 days
    ("I'm done here, I'll deal with it through StepChange", MoveKind.NONE, Consent.NONE, True),
    ("Thanks, but I'll just go to a debt charity. Goodbye.", MoveKind.NONE, Consent.NONE, True),
    ("OK, goodbye.", MoveKind.NONE, Consent.NONE, True),  # a weak "ok" with a goodbye: no yes
    # close negatives: a clear yes with a goodbye is still a yes (weak: the whitelist grammar
    # wants the yes alone to make it explicit), and no walk-away
    ("Yes, I agree. Bye!", MoveKind.ACCEPT, Consent.WEAK, False),
    ("Deal. Goodbye.", MoveKind.ACCEPT, Consent.WEAK, False),
    ("OK, that works for me.", MoveKind.ACCEPT, Consent.WEAK, False),
    ("goodbye for now, I'll think about it and come back tomorrow", MoveKind.NONE,
     Consent.NONE, False),
])  # fmt: skip
def test_reading_of_a_goodbye(text, kind, consent, walkaway):
    move = read(text, standing=12, balance=15700.0)
    assert (move.kind, move.consent) == (kind, consent), move
    assert ("walkaway" in move.flags) is walkaway


def test_a_proposal_with_a_goodbye_keeps_its_figure():
    move = read("40 days is my limit. I'm done here, goodbye.", standing=12, balance=15700.0)
    assert move.kind == MoveKind.PROPOSE and move.days == 40 and "walkaway" in move.flags
