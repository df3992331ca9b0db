"""Han halves and decimals before a Han unit (found by the hostile review: "一个半月", a month and
a half, read as 1 day-month and agreed at 1 day; "1.5个月" read as 5 months)."""

import pytest

from edge_agent import Negotiator, Scenario
from edge_agent.read import read
from edge_agent.text.durations import find_durations


@pytest.mark.parametrize(("text", "days"), [
    ("一个半月", 45), ("两个半月", 75), ("1.5个月", 45), ("1.5 个月", 45), ("半个月", 15),
    ("一周半", 11), ("一个半星期", 11), ("1.5周", 11),
    # close negatives: whole units read as before
    ("一个月", 30), ("俩个月", 60), ("两周", 14), ("三十天", 30),
])
def test_the_duration_and_its_half_are_one_figure(text, days):
    assert [(d.low, d.high) for d in find_durations(text)] == [(days, days)]


def test_the_reader_proposes_a_month_and_a_half_not_one_day():
    move = read("I can do 一个半月", 12, balance=15700.0)
    assert move.days == 45


def test_the_agent_never_restates_one_day_for_a_month_and_a_half():
    agent = Negotiator(Scenario(balance=15700.0, creditor_target_days=12, max_days=60),
                       policy="vanilla", backend="template", sensor="lexicon", seed=0)
    agent.open()
    reply = agent.respond("I can do 一个半月")
    assert reply.offer_days != 1 and "within 1 days" not in reply.text
