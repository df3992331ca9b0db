"""Persona policies, concession and acceptance: pure functions, tested without any model."""

import numpy as np
import pytest

from edge_core import MoveKind
from edge_core.emotions import EMOTIONS, one_hot
from policies import AcceptanceStrategy, ConcessionCurve, PayoffMatrix, make_persona_policy
from policies.persona import measure_outcome
from tests.helpers import SCENARIO, exchange, predicted_all, view

RNG = np.random.default_rng(0)


def test_default_payoff_best_responses_follow_the_documented_rationale():
    m = PayoffMatrix()
    expected = {"anger": "neutral", "disgust": "neutral", "fear": "sadness", "joy": "joy",
                "neutral": "anger", "sadness": "sadness", "surprise": "neutral"}
    assert {d: m.best_response(d) for d in EMOTIONS} == expected
    assert m.best_response("neutral", exclude="anger") != "anger"


def test_payoff_matrix_validation_and_json(tmp_path):
    with pytest.raises(ValueError):
        PayoffMatrix(((1.0,),))
    path = tmp_path / "p.json"
    path.write_text('{"rows": ' + str([[float(i == j) for j in range(7)] for i in range(7)]) + "}")
    assert PayoffMatrix.from_json(path).best_response("fear") == "fear"


def test_payoff_policy_answers_current_emotion():
    choice = make_persona_policy("payoff").choose(view(exchange("neutral", "anger")), RNG)
    assert choice.emotion == "neutral" and choice.mode == "payoff"


def test_wsls_stays_after_a_win():
    v = view(exchange("joy", "anger", 150), exchange("joy", "neutral", 120))
    choice = make_persona_policy("wsls").choose(v, RNG)
    assert choice.emotion == "joy" and choice.reason["action"] == "stay"


def test_wsls_shifts_after_a_loss():
    """The published code's lose branch can never fire; here a loss must change persona."""
    v = view(exchange("anger", "anger", 150), exchange("anger", "anger", 160),
             predicted=predicted_all("anger"))
    outcome = measure_outcome(v)
    assert outcome is not None and outcome["win"] is False
    choice = make_persona_policy("wsls").choose(v, RNG)
    assert choice.reason["action"] == "shift"
    assert choice.emotion != "anger"
    assert choice.emotion == "neutral"  # best response to predicted anger


def test_wsls_shift_excludes_the_losing_persona_even_if_it_is_the_best_response():
    v = view(exchange("neutral", "anger", 150), exchange("neutral", "anger", 150),
             predicted=predicted_all("anger"))
    assert make_persona_policy("wsls").choose(v, RNG).emotion not in ("neutral",)


def test_outcome_measurement():
    assert measure_outcome(view(exchange("joy", "anger", 90))) is None
    accepted = view(exchange("joy", "anger", 90), exchange("joy", "anger", kind=MoveKind.ACCEPT))
    assert measure_outcome(accepted)["win"]
    calmer = view(exchange("joy", "anger", 90), exchange("joy", "neutral", 90))
    assert measure_outcome(calmer)["win"]
    worse = view(exchange("joy", "neutral", 90), exchange("joy", "anger", 90))
    assert not measure_outcome(worse)["win"]


def test_hmm_policy_maximises_expected_payoff_over_predictions():
    predicted = predicted_all("anger")
    predicted["joy"] = tuple(one_hot("joy"))  # displaying joy is predicted to cheer the debtor
    choice = make_persona_policy("hmm").choose(view(exchange("anger", "anger"),
                                                    predicted=predicted), RNG)
    assert choice.emotion == "joy" and choice.mode == "hmm"
    assert choice.reason["scores"]["joy"] == 2.0


def test_eq_switches_to_hmm_when_k_of_last_n_are_negative():
    policy = make_persona_policy("eq-switch")  # the first eq policy, kept under this name
    calm = view(*[exchange("joy", e, 100) for e in ["anger", "neutral", "joy", "anger"]])
    assert policy.choose(calm, RNG).mode == "eq:wsls"
    hostile = view(*[exchange("joy", e, 100) for e in ["neutral", "anger", "fear", "anger",
                                                        "sadness"]],
                   predicted=predicted_all("anger"))
    choice = policy.choose(hostile, RNG)
    assert choice.mode == "eq:hmm" and choice.reason["negatives_in_window"] == 4


def test_baselines():
    v = view(exchange("joy", "anger"))
    vanilla = make_persona_policy("vanilla").choose(v, RNG)
    assert vanilla.instructed is False and vanilla.emotion in EMOTIONS
    assert make_persona_policy("fixed:sadness").choose(v, RNG).emotion == "sadness"
    picks = {make_persona_policy("random").choose(v, np.random.default_rng(s)).emotion
             for s in range(40)}
    assert len(picks) >= 5
    for bad in ["fixed:rage", "telepathy"]:
        with pytest.raises(ValueError):
            make_persona_policy(bad)


def test_concession_is_monotone_and_inside_the_mandate():
    curve = ConcessionCurve()
    offers = []
    standing = 12
    for used in range(1, 31):
        v = view(exchange("joy", "fear"), messages_used=used, standing=standing)
        standing = curve.next_offer(v)
        offers.append(standing)
    assert offers == sorted(offers)
    assert offers[0] == 12 and offers[-1] == 60 and max(offers) <= SCENARIO.max_days


def test_concession_presets_order_boulware_linear_conceder():
    mid = view(exchange("neutral", "neutral"), messages_used=15)
    planned = {n: ConcessionCurve.preset(n).planned(mid) for n in ("boulware", "linear",
                                                                   "conceder")}
    assert planned["boulware"] < planned["linear"] < planned["conceder"]
    with pytest.raises(ValueError):
        ConcessionCurve.preset("stubborn")
    with pytest.raises(ValueError):
        ConcessionCurve(exponent=0)


def test_concession_adjusts_to_tracked_state():
    curve = ConcessionCurve()
    distressed = view(exchange("joy", "fear"), messages_used=15, belief=tuple(one_hot("fear")))
    hostile = view(exchange("joy", "anger"), messages_used=15, belief=tuple(one_hot("anger")))
    neutral = view(exchange("joy", "neutral"), messages_used=15,
                   belief=tuple(one_hot("neutral")))
    assert curve.planned(hostile) < curve.planned(neutral) < curve.planned(distressed)


def test_acceptance_rules():
    acc = AcceptanceStrategy(tolerance=5)  # the CRAD protocol's zone
    v = view(exchange("joy", "neutral", 30), standing=20)
    assert acc.accepts(v, 25, next_offer=21)  # within 5 days of the standing offer
    assert not acc.accepts(v, 26, next_offer=21)
    assert acc.accepts(v, 26, next_offer=26)  # at or below our next planned offer
    assert not acc.accepts(v, 61, next_offer=61)  # beyond the mandate, never
