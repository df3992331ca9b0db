"""The legacy parser's table (``parsing.parse_move``, deleted in issue 19), read by the agent's
reader: every phrasing, negation and range it was tested on, with the reading ``read`` gives.

66 of its 69 cases read exactly as they did. Three read differently by design, and each is
here with the reader's answer: a figure tied to a partial amount is an amount proposal, and an
acceptance names a figure only when that figure is our standing offer (below, with the offer,
and without it as the close negative).
"""

import pytest

from edge_agent.read import read
from edge_core import MoveKind

P, A, R, Q, N, S, M = (MoveKind.PROPOSE, MoveKind.ACCEPT, MoveKind.REJECT, MoveKind.QUESTION,
                       MoveKind.NONE, MoveKind.STOP, MoveKind.AMOUNT)

CASES = [
    # text, kind, days, days_high, rejected_days (read with no standing offer)
    ("I need 150 days, I lost my job.", P, 150, None, None),
    ("I can do 45 days", P, 45, None, None),
    ("45 days", P, 45, None, None),
    ("forty-five days please", P, 45, None, None),
    ("Could we say sixty days?", P, 60, None, None),
    ("two months", P, 60, None, None),
    ("I need 3 months", P, 90, None, None),
    ("3 weeks", P, 21, None, None),
    ("1.5 months", P, 45, None, None),
    ("I can do 2 years", P, 730, None, None),
    ("I can do 122 months", N, None, None, None),  # beyond ten years: not a timeline
    ("a couple of weeks", P, 14, None, None),
    ("give me a month", P, 30, None, None),
    ("a fortnight would help", P, 14, None, None),
    ("a hundred and twenty days", P, 120, None, None),
    ("one hundred days", P, 100, None, None),
    ("ninety-nine days", P, 99, None, None),
    ("between 60 and 90 days", P, 60, 90, None),
    ("60-90 days", P, 60, 90, None),
    ("60 to 90 days", P, 60, 90, None),
    ("two to three months", P, 60, 90, None),
    ("30 or 40 days", P, 30, 40, None),
    ("a 90-day plan would work", P, 90, None, None),
    ("how about 45?", P, 45, None, None),
    ("What about 50", P, 50, None, None),
    ("make it 35", P, 35, None, None),
    # The reader ties a figure to a partial amount in its clause: an instalment proposal, not
    # a timeline (issue 11). The legacy parser read PROPOSE 90 here.
    ("I can pay $500 in 3 months", M, None, None, None),
    ("ok but I need 60 days", P, 60, None, None),
    ("30 days is impossible, but 60 days works", P, 60, None, 30),
    ("I can't do 30 days, I could do 75 days", P, 75, None, 30),
    ("I can't do 30 days", R, None, None, 30),
    ("I cannot do 20 days.", R, None, None, 20),
    ("not 30 days", R, None, None, 30),
    ("I need more than 30 days", R, None, None, 30),
    ("20 days is too short", R, None, None, 20),
    ("15 days won't work for me", R, None, None, 15),
    ("no way I can manage 12 days", R, None, None, 12),
    ("There is no way I can do 25 days", R, None, None, 25),
    ("deal", A, None, None, None),
    ("Deal.", A, None, None, None),
    ("ok that works", A, None, None, None),
    ("I accept", A, None, None, None),
    ("agreed", A, None, None, None),
    ("Sounds good to me", A, None, None, None),
    ("fine, let's do it", A, None, None, None),
    ("yes", A, None, None, None),
    ("I'll take it", A, None, None, None),
    ("No deal.", R, None, None, None),
    ("I don't accept that", R, None, None, None),
    ("That doesn't work for me", R, None, None, None),
    ("No.", R, None, None, None),
    ("That is not acceptable", R, None, None, None),
    ("Forget it", R, None, None, None),
    ("What happens if I miss a payment?", Q, None, None, None),
    ("Why is the balance so high", Q, None, None, None),
    ("Can you explain the fees?", Q, None, None, None),
    ("I have 2 kids and no job", N, None, None, None),
    ("My business partner left last year.", N, None, None, None),
    ("I owe 15700 dollars", N, None, None, None),
    ("", N, None, None, None),
    ("Stop contacting me.", S, None, None, None),
    ("Please don't call me again", S, None, None, None),
    ("I want you to cease all communication", S, None, None, None),
    ("Talk to my lawyer, 60 days is all I can do", S, None, None, None),
    ("I'm represented by an attorney on this debt", S, None, None, None),
    ("My solicitor is handling this", S, None, None, None),
    ("I will call my lawyer if you keep this up! 150 days.", P, 150, None, None),
]


@pytest.mark.parametrize(("text", "kind", "days", "high", "rejected"), CASES)
def test_the_legacy_table_reads_alike(text, kind, days, high, rejected):
    move = read(text)
    assert (move.kind, move.days, move.days_high, move.rejected_days) == (
        kind, days, high, rejected
    ), text


def test_table_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("text", "standing", "kind", "days"),
    [
        # The legacy parser read these as ACCEPT 45 / ACCEPT 40 with no offer standing.
        ("I accept 45 days", 45, A, 45),
        ("Deal, 40 days works for me", 40, A, 40),
        # Close negatives: the same words about another figure propose it.
        ("I accept 45 days", None, P, 45),
        ("I accept 45 days", 30, P, 45),
        ("Deal, 40 days works for me", None, P, 40),
    ],
)
def test_an_acceptance_names_a_figure_only_when_it_is_our_offer(text, standing, kind, days):
    move = read(text, standing)
    assert (move.kind, move.days) == (kind, days)
