"""The anchored strategy (eq): the baseline anchor, forbearance, stonewallers and manipulators,
the closing move and the ask-afford question, each with close negatives."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edge_core import Action, DebtorMove, Exchange, MoveKind, Scenario, Tactic
from edge_core.emotions import one_hot
from policies import CreditorStrategy, make_persona_policy
from policies.affordability import MEET_AT, estimate, forbearance_offer
from tests.helpers import SCENARIO, exchange, view

EQ = CreditorStrategy(make_persona_policy("eq"))
VANILLA = CreditorStrategy(make_persona_policy("vanilla"),
                           replace(EQ.concession, adaptive=False))  # as the agent builds it
RNG = np.random.default_rng(0)


def _decide(strategy: CreditorStrategy, v):
    return strategy.respond(v, v.last.debtor_move, np.random.default_rng(0))


def _same(a, b) -> bool:
    keys = ("action", "tactic", "persona", "offer_days", "agreed_days", "instructed", "final",
            "supportive", "restrictions")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


MOVES = st.one_of(
    st.builds(lambda d: DebtorMove(MoveKind.PROPOSE, days=d), st.integers(1, 200)),
    st.just(DebtorMove(MoveKind.NONE)),
    st.builds(lambda d: DebtorMove(MoveKind.REJECT, rejected_days=d), st.integers(1, 200)),
    st.just(DebtorMove(MoveKind.QUESTION)),
    st.just(DebtorMove(MoveKind.ACCEPT)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(MOVES, st.integers(12, 60)), min_size=1, max_size=12),
       st.integers(1, 30), st.integers(12, 60))  # fmt: skip
def test_without_evidence_eq_decides_exactly_as_vanilla(history, used, standing):
    """The anchor as a property: no learned state, and a debtor whose messages carry no
    emotional evidence (neutral readings, no cues, no disclosures; only offers and time), so
    eq decides the same action, tactic, offer and persona (neutral, uninstructed) as vanilla."""
    neutral = tuple(one_hot("neutral"))
    xs = tuple(Exchange("neutral", offer, move, neutral) for move, offer in history)
    v = view(*xs, messages_used=min(30, max(used, 2 * len(xs) + 1)), standing=standing)
    assert _same(_decide(EQ, v), _decide(VANILLA, v))
    assert _same(EQ.opening(view(), RNG), VANILLA.opening(view(), RNG))


def _hardship(v, n_cues=None):
    n = len(v.exchanges) if n_cues is None else n_cues
    cues = tuple(frozenset({"hardship"}) if i < n else frozenset() for i in range(len(v.exchanges)))
    return replace(v, debtor_cues=cues)


def jobless(repeats: int, emotion: str = "sadness", offer0: int = 12):
    """120, then 90, then 45 held ``repeats`` more times (the issue's debtor, mandate 60)."""
    xs = [exchange("neutral", emotion, 120, offer=offer0), exchange("neutral", emotion, 90,
                                                                    offer=offer0)]
    xs += [exchange("neutral", emotion, 45, offer=offer0) for _ in range(repeats + 1)]
    return view(*xs, standing=offer0)


@pytest.mark.parametrize(("case", "met_within"), [
    ("credible", 3),  # hardship, movement, distress: met within three messages of stability
    ("credible, calm words", 3),  # hardship in words only, no distress readings: still met
])  # fmt: skip
def test_credible_hardship_is_met_within_three_messages(case, met_within):
    emotion = "sadness" if case == "credible" else "neutral"
    met = None
    for repeats in range(1, 6):
        v = _hardship(jobless(repeats, emotion))
        d = _decide(EQ, v)
        assert d.offer_days >= _decide(VANILLA, v).offer_days and d.offer_days <= 45
        if d.offer_days >= 12 + 0.75 * (45 - 12) or (d.action == Action.CONFIRM
                                                      and d.offer_days == 45):
            met = repeats
            break
    assert met is not None and met <= met_within
    assert "forbearance" in d.reason["deal"]["departure"]
    assert d.reason["deal"]["affordability"]["stable_ask"] == 45


@pytest.mark.parametrize("negative", [
    "no reason",  # a figure repeated with no reason: a stonewaller
    "claims that do not add up",  # hardship plus payments we cannot see
    "beyond the mandate",  # credible, but the ask is outside what we may accept
    "not yet stable",  # credible, but the ask was just named
])  # fmt: skip
def test_no_forbearance_without_credible_hardship_on_a_stable_ask_in_the_mandate(negative):
    v = _hardship(jobless(3))
    if negative == "no reason":
        v = replace(jobless(3, "neutral"), debtor_cues=())
    elif negative == "claims that do not add up":
        v = replace(v, debtor_cues=tuple(frozenset({"hardship", "payment_claim"})
                                         for _ in v.exchanges))  # fmt: skip
    elif negative == "beyond the mandate":
        v = replace(v, scenario=Scenario(balance=15700.0, creditor_target_days=12, max_days=40))
    else:
        v = _hardship(jobless(0))
    assert _same(_decide(EQ, v), _decide(VANILLA, v))


def test_a_stonewaller_gets_what_vanilla_gives_at_every_turn():
    """Repeating one figure with no reason, flat readings: no departure, turn after turn."""
    for n in range(1, 14):
        xs = [exchange("neutral", "neutral", 90, offer=12) for _ in range(n)]
        v = view(*xs, messages_used=2 * n + 1)
        assert _decide(EQ, v).offer_days <= _decide(VANILLA, v).offer_days + 2


def test_forbearance_offer_by_hand():
    v = _hardship(jobless(1))
    est = estimate(v)
    assert est.stable_ask == 45 and est.held == 1 and est.doubt == 0.0
    share = min(1.0, est.credibility * 2 / 3)
    assert share < MEET_AT
    assert forbearance_offer(v, est) == round(12 + share * 33)
    assert forbearance_offer(v, replace(est, credibility=0.49)) is None


@pytest.mark.parametrize(("credibility", "held", "offer"), [
    (0.90, 2, 45),  # 0.9 of the way: the last three days are not haggled over
    (0.85, 2, 45),  # exactly at MEET_AT
    (0.84, 2, 40),  # close negative: 0.84 of the way, still one step short
    (0.90, 1, 32),  # the second statement of the ask: 0.6 of the way
    (1.00, 1, 34),  # fully credible, second statement: 0.67, below MEET_AT
])  # fmt: skip
def test_forbearance_meets_the_ask_once_it_is_nearly_there(credibility, held, offer):
    """A credible debtor holding 45 days inside a 60-day mandate is met, not offered 42 and
    left to plead once more (the brief's jobless debtor)."""
    v = _hardship(jobless(held))
    est = replace(estimate(v), credibility=credibility, held=held)
    assert forbearance_offer(v, est) == offer


def _hostile(ask_reading: str, last: str | tuple[float, ...], move=None, cues=()):
    """The issue's hostile debtor: 80, then 40 inside the mandate, then "40 or nothing. Decide
    now" (read as no proposal) while we offer 26."""
    xs = [exchange("neutral", ask_reading, 80, offer=20), exchange("neutral", ask_reading, 40,
                                                                   offer=23)]
    probs = tuple(one_hot(last)) if isinstance(last, str) else last
    xs.append(Exchange("neutral", 26, move or DebtorMove(MoveKind.NONE), probs))
    return replace(view(*xs, standing=26, messages_used=7), debtor_cues=cues)


HALF_ANGRY = tuple(0.5 if e in ("anger", "neutral") else 0.0 for e in
                   ("anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"))


@pytest.mark.parametrize(("readings", "move", "expected"), [
    (("neutral", "anger"), None, "meet"),  # anger rising and a refusal right after naming 40
    (("anger", "anger"), None, "meet"),  # angry throughout and refusing
    (("neutral", HALF_ANGRY), DebtorMove(MoveKind.PROPOSE, days=40), "split"),  # souring
    (("neutral", "neutral"), None, None),  # calm refusal: no closing move (close negative)
    (("anger", HALF_ANGRY), DebtorMove(MoveKind.PROPOSE, days=40), None),  # calming down
])  # fmt: skip
def test_closing_move_before_a_debtor_walks(readings, move, expected):
    v = _hostile(*readings, move=move)
    d, base = _decide(EQ, v), _decide(VANILLA, v)
    if expected is None:
        assert _same(d, base)
    elif expected == "meet":
        assert d.action == Action.CONFIRM and d.offer_days == 40
    else:
        assert base.offer_days < d.offer_days < 40 and d.offer_days == (26 + 40 + 1) // 2
        assert "split" in d.reason["deal"]["departure"]


def test_no_closing_move_for_a_suspected_manipulator():
    cues = (frozenset({"payment_claim"}), frozenset({"payment_claim", "reopen"}), frozenset())
    v = _hostile("neutral", "anger", cues=cues)
    d = _decide(EQ, v)
    assert _same(d, _decide(VANILLA, v)) and "manipulation" in d.reason["deal"]["departure"]


def test_hardship_without_a_figure_gets_the_afford_question():
    v = replace(view(exchange("neutral", "sadness")), debtor_cues=(frozenset({"hardship"}),))
    d = _decide(EQ, v)
    assert d.tactic == Tactic.ASK_AFFORD and d.offer_days == _decide(VANILLA, v).offer_days
    figure = replace(view(exchange("neutral", "sadness", 90)),
                     debtor_cues=(frozenset({"hardship"}),))  # fmt: skip
    assert _decide(EQ, figure).tactic != Tactic.ASK_AFFORD  # a figure was given
    plain = view(exchange("neutral", "sadness"))
    assert _decide(EQ, plain).tactic != Tactic.ASK_AFFORD  # no hardship stated


def test_the_template_phrases_the_afford_question():
    from edge_agent.realise.template import TemplateRealiser
    from edge_agent.turn import context_planner
    from edge_agent.verify.guard import ComplianceGuard
    from edge_core import Decision

    d = Decision(Action.COUNTER, Tactic.ASK_AFFORD, "sadness", 20)
    for seed in range(4):
        text = TemplateRealiser(context_planner()).phrase(d, SCENARIO, seed=seed, turn=3)
        assert "afford" in text or "realistically need" in text
        assert "20 days" in text and ComplianceGuard().check(text, d, SCENARIO).ok


@pytest.mark.parametrize(("days", "closing"), [
    (40, True),  # a souring debtor holding 40: it may walk, the closing move is made
    (35, False),  # the same temper, but it came down from 40 to 35: negotiating, not leaving
    (39, False),
])  # fmt: skip
def test_a_debtor_still_moving_gets_no_closing_move(days, closing):
    v = _hostile("neutral", HALF_ANGRY, move=DebtorMove(MoveKind.PROPOSE, days=days))
    d, base = _decide(EQ, v), _decide(VANILLA, v)
    assert ("closing" in (d.reason["deal"]["departure"] or "")) is closing, d.reason["deal"]
    assert (d.reason["deal"]["walk_risk"]["moving"] == 1.0) is (not closing)
    if not closing:
        assert _same(d, base)
