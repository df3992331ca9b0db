"""A figure the debtor calls unrealistic is refused, and a stated floor is a proposal (issues 23
and 21).

"12 days for 15,700 dollars isn't realistic for me" was read as a proposal of 12 days (the
refusal came too far after the figure); "I can't do less than 50 days" was read as a refusal
of 50, so a debtor holding 50 was scored as contradicting itself. Each row is read with our
standing offer of 12 days and the CRAD balance; close negatives sit next to the rows they
guard.
"""

import pytest

from edge_agent.read import read
from edge_core import MoveKind

P, R, N, M = MoveKind.PROPOSE, MoveKind.REJECT, MoveKind.NONE, MoveKind.AMOUNT
STANDING, BALANCE = 12, 15700.0

REFUSALS = [
    # text, kind, days, rejected_days
    ("12 days for 15,700 dollars isn't realistic for me. Can I pay 400 dollars a month "
     "instead?", R, None, 12),
    ("12 days for $15,700 isn't realistic for me.", R, None, 12),
    ("12 days for the whole balance is not realistic", R, None, 12),
    ("12 days is not doable", R, None, 12),
    ("12 days? Not doable.", R, None, 12),  # our figure asked back, then refused
    ("No way I can do 12 days", R, None, 12),
    ("12 days is impossible", R, None, 12),
    ("I can't manage 12 days", R, None, 12),
    ("12 days is too short", R, None, 12),
    ("12 days is unrealistic", R, None, 12),
    ("12 jours, ce n'est pas possible", R, None, 12),
    ("12 jours pour 15700 euros, ce n'est pas réaliste", R, None, 12),
    ("12 días no es posible", R, None, 12),
    ("12 días es imposible para mí", R, None, 12),
    ("12 Tage sind unmöglich", R, None, 12),
    ("12 Tage sind nicht machbar", R, None, 12),
    # close negatives: the same figures, said to be realistic, stay proposals
    ("12 days is realistic for me", P, 12, None),
    ("I can do 40 days, that's realistic", P, 40, None),
    ("40 days for 15,700 dollars is realistic for me", P, 40, None),
    ("I can do 40 days for the whole balance", P, 40, None),
    ("12 days is impossible, but I can do 40 days", P, 40, 12),
    ("I can do 40 days but 12 days is too short", P, 40, 12),
]


@pytest.mark.parametrize(("text", "kind", "days", "rejected"), REFUSALS)
def test_a_figure_called_unrealistic_is_refused(text, kind, days, rejected):
    move = read(text, STANDING, balance=BALANCE)
    assert (move.kind, move.days, move.rejected_days) == (kind, days, rejected), move


FLOORS = [
    # text, kind, days, rejected_days, floor flag
    ("I can't do less than 50 days", P, 50, None, True),
    ("I cannot do anything less than 50 days", P, 50, None, True),
    ("50 days minimum", P, 50, None, True),
    ("at least 50 days", P, 50, None, True),
    ("I need at least 50 days", P, 50, None, True),
    ("no fewer than 50 days", P, 50, None, True),
    ("not less than 50 days", P, 50, None, True),
    ("anything under 50 days is impossible for me", P, 50, None, True),
    ("moins de 50 jours je ne peux pas", P, 50, None, True),
    ("au moins 50 jours", P, 50, None, True),
    ("no puedo menos de 50 días", P, 50, None, True),
    ("al menos 50 días", P, 50, None, True),
    ("weniger als 50 Tage kann ich nicht", P, 50, None, True),
    ("mindestens 50 Tage", P, 50, None, True),
    # close negatives: a plain refusal of 50, a plain proposal, a wish for fewer
    ("I can't do 50 days", R, None, 50, False),
    ("50 days is impossible", R, None, 50, False),
    ("I can do 50 days", P, 50, None, False),
    ("less than 50 days would be great", N, None, None, False),
    ("fewer than 50 days is fine with me", N, None, None, False),
    ("I can pay in under 30 days", P, 30, None, False),  # its own ceiling, as before
    ("I can't do more than 50 days", R, None, 50, False),
    ("I have been out of work for at least 3 weeks, I can do 40 days", P, 40, None, False),
]


@pytest.mark.parametrize(("text", "kind", "days", "rejected", "floor"), FLOORS)
def test_a_stated_floor_is_a_proposal(text, kind, days, rejected, floor):
    move = read(text, STANDING, balance=BALANCE)
    assert (move.kind, move.days, move.rejected_days) == (kind, days, rejected), move
    assert ("floor" in move.flags) is floor, move.flags


def test_a_wish_for_fewer_is_asked_about_not_taken_as_a_figure():
    move = read("less than 50 days would be great", STANDING, balance=BALANCE)
    assert move.unsure and "bound" in move.flags and move.days is None


HOLDING = [
    # the debtor's messages; the floor phrasings hold 50, the close negative refuses its own 50
    (["I lost my job. I can do 50 days.", "I can't do less than 50 days."], 0),
    (["I lost my job. I can do 50 days.", "No fewer than 50 days, I'm sorry."], 0),
    (["I lost my job. I can do 50 days.", "No puedo menos de 50 días."], 0),
    (["I lost my job. I can do 50 days.", "I can't do 50 days."], 1),
]


@pytest.mark.parametrize(("script", "contradictions"), HOLDING)
def test_a_debtor_holding_its_floor_does_not_contradict_itself(make_agent, script,
                                                              contradictions):
    agent = make_agent("eq")
    agent.open()
    for line in script:
        reply = agent.respond(line)
    deal = reply.trace["decision"]["reason"]["deal"]
    assert deal["affordability"]["contradictions"] == contradictions, deal
    if not contradictions:
        assert deal["affordability"]["held"] >= 1 and deal["manipulation"] < 0.5, deal
