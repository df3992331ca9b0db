"""Deal signals: break-off risk and strategic distress, and how they move offers/acceptance."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edge_agent.read.cues import detect
from edge_core import DebtorMove, Exchange, MoveKind
from edge_core.emotions import EMOTIONS, one_hot
from policies import ConcessionCurve
from policies.signals import breakoff_risk, strategic_distress, walk_risk
from tests.helpers import exchange, view


def test_cues_in_plain_words():
    assert detect("I already sent you a payment last week, check your records") == {
        "payment_claim"}
    assert "hardship" in detect("We can't afford this, the flood wiped out our cash flow")
    assert "reopen" in detect("Wait, I've changed my mind, let's make it 90 days")
    assert "stonewall" in detect("Not interested. I'll get back to you.")
    assert "promise" in detect("I promise the money is coming, you have my word")
    assert detect("I can do 40 days") == frozenset()


def test_breakoff_risk_rises_with_hostility_trend_stonewalling_and_deadline():
    calm = view(exchange("joy", "neutral", 90), exchange("joy", "joy", 70),
                exchange("joy", "neutral", 50))
    assert breakoff_risk(calm).risk < 0.2
    souring = view(exchange("joy", "neutral", 90), exchange("anger", "disgust"),
                   exchange("anger", "anger"), exchange("anger", "anger"))
    r = breakoff_risk(souring)
    assert r.trend == 1.0 and r.stonewall == 0.75 and r.risk > 0.8
    late = view(exchange("joy", "neutral", 90), exchange("joy", "neutral", 89),
                messages_used=28, standing=20)
    assert breakoff_risk(late).deadline > 0.5
    early = view(exchange("joy", "neutral", 90), exchange("joy", "neutral", 89),
                 messages_used=5, standing=20)
    assert breakoff_risk(early).deadline == 0.0


def _with_cues(v, *cues):
    return replace(v, debtor_cues=tuple(frozenset(c) for c in cues))


def test_strategic_distress_flags_claims_without_movement_not_genuine_movers():
    moving = view(exchange("neutral", "sadness", 90), exchange("sadness", "fear", 70),
                  exchange("sadness", "sadness", 50), exchange("sadness", "sadness", 40))
    assert strategic_distress(moving).score < 0.2
    stalled = view(exchange("neutral", "sadness", 90), exchange("sadness", "sadness", 95),
                   exchange("sadness", "fear", 95), exchange("sadness", "sadness", 95))
    stalled = _with_cues(stalled, {"hardship"}, {"hardship", "payment_claim"},
                         {"payment_claim"}, {"reopen"})
    s = strategic_distress(stalled)
    assert s.contradictions == 1.0 and s.payment_claims == 1.0 and s.reopened == 1.0
    assert s.hardship_without_movement == 0.0 and s.score > 0.8  # each claim came with a figure
    silent = view(exchange("neutral", "sadness"), exchange("sadness", "sadness"),
                  exchange("sadness", "fear"), exchange("sadness", "sadness", 95))
    silent = _with_cues(silent, {"hardship"}, {"hardship"}, {"hardship"}, {"hardship"})
    assert strategic_distress(silent).hardship_without_movement == 0.75  # 3 of 4 stall


def _jobless(*extra):
    """The issue's debtor: lost their job, 120, 90, then 45 with reasons, again and again."""
    xs = [exchange("neutral", "sadness", 120), exchange("neutral", "sadness", 90, offer=13),
          *[exchange("neutral", "sadness", 45, offer=14 + i) for i in range(10)], *extra]
    return _with_cues(view(*xs), *[{"hardship"}] * len(xs))


def test_manipulation_signal_stays_at_zero_for_an_honest_consistent_debtor():
    """The issue measured 0.55 here: holding 45 with reasons is consistency, not a tactic."""
    assert strategic_distress(_jobless()).score == 0.0


@pytest.mark.parametrize(("misread", "score"), [
    (12, 0.0),  # "12 days isn't realistic" read as a proposal of our own 12: an echo
    (14, 0.0),  # the same with an offer we made later
    (20, 0.3),  # a figure of its own, then asking for more: a real contradiction (close negative)
])  # fmt: skip
def test_manipulation_signal_does_not_rise_from_a_misreading(misread, score):
    """The issue measured 0.84 after the agent read "12 days isn't realistic" as 12."""
    xs = [exchange("neutral", "sadness", 120), exchange("neutral", "sadness", misread, offer=14),
          exchange("neutral", "sadness", 45, offer=14)]
    v = replace(view(*xs), debtor_cues=(frozenset(),) * 3)
    assert strategic_distress(v).score == pytest.approx(score)


def test_rescue_concedes_and_manipulation_holds():
    curve = ConcessionCurve()
    base = view(exchange("joy", "neutral", 90), exchange("joy", "neutral", 85),
                exchange("joy", "neutral", 80), messages_used=15, standing=20,
                belief=tuple(one_hot("neutral")))
    souring = view(exchange("joy", "neutral", 90), exchange("anger", "disgust"),
                   exchange("anger", "anger"), exchange("anger", "anger"), messages_used=15,
                   standing=20, belief=tuple(one_hot("neutral")))
    assert breakoff_risk(souring).risk > 0.6
    assert curve.planned(souring) > curve.planned(base)
    assert curve.acceptance_bound(souring, 25) > 25
    cheat = _with_cues(base, {"payment_claim"}, {"payment_claim", "reopen"}, set())
    assert strategic_distress(cheat).score >= 0.5
    assert curve.planned(cheat) < curve.planned(base)
    assert curve.acceptance_bound(cheat, 25) == 25  # no rescue for suspected manipulation
    blind = ConcessionCurve.preset("linear")
    assert blind.planned(souring) == blind.planned(base)
    assert blind.acceptance_bound(cheat, 25) == 25


MANIPULATION = ["payment_claim", "reopen", "promise"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(EMOTIONS), st.integers(13, 200) | st.none()),
                min_size=1, max_size=8),
       st.lists(st.sets(st.sampled_from(MANIPULATION)), min_size=1, max_size=8),
       st.integers(1, 29), st.integers(12, 50))  # fmt: skip
def test_manipulation_cues_never_buy_a_concession(history, extra, used, standing):
    curve = ConcessionCurve()
    plain = view(*[Exchange("neutral", standing,
                            DebtorMove(MoveKind.PROPOSE if d else MoveKind.NONE, days=d),
                            tuple(one_hot(e))) for e, d in history],
                 messages_used=used, standing=standing, belief=tuple(np.full(7, 1 / 7)))
    cues = tuple(frozenset(extra[i % len(extra)]) for i in range(len(history)))
    suspect = replace(plain, debtor_cues=cues)
    assert curve.planned(suspect) <= curve.planned(plain)
    nxt = curve.next_offer(plain)
    assert curve.acceptance_bound(suspect, nxt) <= curve.acceptance_bound(plain, nxt)
    assert curve.acceptance_bound(plain, nxt) <= plain.scenario.max_days


def test_both_signals_are_in_the_trace():
    from edge_agent import Negotiator
    from tests.helpers import SCENARIO

    for policy, used in (("eq", True), ("vanilla", False)):
        agent = Negotiator(SCENARIO, policy=policy, sensor="lexicon", seed=2)
        agent.open()
        agent.respond("I already sent you a payment, we can't afford more, 90 days")
        sig = agent.respond("Not interested. 95 days.").trace["signals"]
        assert set(sig) == {"breakoff_risk", "strategic_distress", "walk_risk", "affordability",
                            "cues", "used"}  # fmt: skip
        assert {"credibility", "reasons", "stable_ask"} <= set(sig["affordability"])
        assert sig["used"] is used and "stonewall" in sig["cues"]
        assert sig["strategic_distress"]["payment_claims"] == 0.5
        assert sig["strategic_distress"]["contradictions"] == 0.5


def _hardship_then(last_flags: tuple[str, ...]):
    """Two hardship messages with no figure, then a sad third one (a goodbye or not)."""
    sad = tuple(one_hot("sadness"))
    xs = (Exchange("neutral", 12, DebtorMove(MoveKind.NONE), sad),
          Exchange("neutral", 13, DebtorMove(MoveKind.NONE), sad),
          Exchange("neutral", 14, DebtorMove(MoveKind.NONE, flags=last_flags), sad))
    return replace(view(*xs, standing=14), debtor_cues=(frozenset({"hardship"}),) * 3)


@pytest.mark.parametrize(("flags", "stalls"), [
    (("walkaway",), False),  # "Thanks, but I'll just go to a debt charity. Goodbye."
    ((), True),  # close negative: a third hardship message with no figure is a stall
])  # fmt: skip
def test_a_goodbye_is_not_hardship_used_to_stall(flags, stalls):
    v = _hardship_then(flags)
    assert (strategic_distress(v).score > 0) is stalls
    assert walk_risk(v).leaving == float(not stalls)
    assert (walk_risk(v).risk == 1.0) is (not stalls)
