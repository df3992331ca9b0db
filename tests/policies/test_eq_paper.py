"""eq-paper reproduces the published tables and rules (../shared/method/eq-negotiator.md)."""

import numpy as np
import pytest

from edge_core.emotions import EMOTIONS, INDEX
from policies import make_persona_policy
from policies.paper import (
    PAPER_ORDER,
    PaperPolicy,
    PaperState,
    paper_emission,
    paper_payoff,
    paper_transition,
)
from tests.helpers import exchange, view

RNG = np.random.default_rng(0)


def test_payoff_table_is_the_published_creditor_payoff():
    pay = paper_payoff()  # [creditor display, debtor emotion]
    assert pay[INDEX["joy"], INDEX["joy"]] == 4
    assert pay[INDEX["joy"], INDEX["anger"]] == 1  # published (anger, joy) = (2, 1)
    assert pay[INDEX["fear"], INDEX["anger"]] == 0  # (anger, fear) = (1, 0)
    assert pay[INDEX["neutral"], INDEX["fear"]] == 3  # (fear, neutral) = (2, 3)
    assert pay[INDEX["disgust"], INDEX["surprise"]] == 2  # (surprise, disgust) = (1, 2)
    # the published rows (debtor emotion) of creditor payoffs add up to, by hand:
    by_debtor = {"joy": 18, "sadness": 14, "anger": 8, "fear": 13, "surprise": 16, "disgust": 8,
                 "neutral": 17}  # fmt: skip
    assert {d: pay[:, INDEX[d]].sum() for d in by_debtor} == by_debtor


def test_best_responses_match_the_published_list_with_first_column_ties():
    published = {
        "joy": {"joy"}, "sadness": {"sadness", "neutral"}, "anger": {"surprise", "neutral"},
        "fear": {"neutral"}, "surprise": {"surprise"}, "disgust": {"joy", "disgust", "neutral"},
        "neutral": {"joy", "sadness", "surprise", "neutral"},
    }  # fmt: skip
    pay = paper_payoff()
    policy = PaperPolicy()
    for debtor, best in published.items():
        col = pay[:, INDEX[debtor]]
        assert {e for e in EMOTIONS if col[INDEX[e]] == col.max()} == best
        first = min(best, key=PAPER_ORDER.index)
        assert policy.best_responses(debtor)[0] == first


def test_hmm_rows_are_renormalised_where_the_published_ones_sum_to_105():
    assert np.allclose(paper_transition().sum(axis=1), 1.0)
    assert np.allclose(paper_emission().sum(axis=1), 1.0)
    # the surprise transition row (.30 + 5 x .05 + .50 = 1.05) and the disgust emission row
    assert paper_transition()[INDEX["surprise"], INDEX["surprise"]] == pytest.approx(0.5 / 1.05)
    assert paper_emission()[INDEX["disgust"], INDEX["disgust"]] == pytest.approx(0.5 / 1.05)
    assert paper_transition()[INDEX["joy"], INDEX["joy"]] == pytest.approx(0.5)


def test_wsls_stays_on_a_win_and_takes_the_second_best_after_a_reachable_loss():
    policy = make_persona_policy("eq-paper")
    win = policy.choose(view(exchange("joy", "joy", 90)), RNG)  # realised (joy, joy) = 4
    assert win.emotion == "joy" and win.reason["action"] == "stay"
    # warmth met with anger: realised (anger, joy) = 1 < 2, a loss the published code misses
    loss = policy.choose(view(exchange("joy", "anger", 90)), RNG)
    assert loss.reason["realised"] == 1.0 and loss.reason["action"] == "shift"
    assert loss.emotion == "neutral"  # anger's best is surprise, its second best neutral
    opening = policy.choose(view(), RNG)
    assert opening.emotion == "joy" and opening.mode == "eq-paper:wsls"  # neutral -> joy


def test_switch_to_hmm_at_four_negative_of_the_last_five():
    policy = make_persona_policy("eq-paper")
    four_of_five = [exchange("neutral", e) for e in ["anger", "neutral", "fear", "sadness",
                                                     "disgust"]]  # fmt: skip
    assert policy.choose(view(*four_of_five), RNG).mode == "eq-paper:hmm"
    three_of_five = [exchange("neutral", e) for e in ["anger", "neutral", "joy", "sadness",
                                                      "disgust"]]  # fmt: skip
    assert policy.choose(view(*three_of_five), RNG).mode == "eq-paper:wsls"
    # before five turns, count over all turns so far
    assert policy.choose(view(*[exchange("neutral", "anger")] * 4), RNG).mode == "eq-paper:hmm"
    assert policy.choose(view(*[exchange("neutral", "anger")] * 3), RNG).mode == "eq-paper:wsls"


def test_hmm_choice_by_hand():
    """Four turns of neutral met with anger: T[neutral] gets +3 neutral->neutral counts,
    B[neutral, anger] +4; scores T[neutral, j] B[j, anger] bias[j]."""
    choice = PaperPolicy().choose(view(*[exchange("neutral", "anger")] * 4), RNG)
    s = choice.reason["scores"]
    assert s["neutral"] == pytest.approx((0.35 + 3) / 4 * (0.1 + 4) / 5 * 0.3, abs=1e-5)
    assert s["anger"] == pytest.approx(0.05 / 4 * 0.5 * 1.0, abs=1e-5)
    assert s["sadness"] == pytest.approx(0.10 / 4 * 0.2 * 0.5, abs=1e-5)
    assert choice.emotion == "neutral"
    # one turn: no transition yet, B[neutral, anger] = (.1 + 1) / 2
    _, fresh = PaperPolicy().hmm_choice(view(exchange("neutral", "anger")))
    assert fresh["anger"] == pytest.approx(0.05 * 0.5 * 1.0, abs=1e-5)
    assert fresh["neutral"] == pytest.approx(0.35 * 0.55 * 0.3, abs=1e-5)


def test_across_dialogue_payoff_update_uses_the_published_rate():
    policy = PaperPolicy()
    v = view(exchange("neutral", "anger"), exchange("neutral", "anger"), exchange("joy", "fear"))
    agreed = policy.learn(v, "agreed")
    pay, base = np.asarray(agreed.payoff), paper_payoff()
    assert pay[INDEX["neutral"], INDEX["anger"]] == pytest.approx(2 + 0.05)  # once per pair
    assert pay[INDEX["joy"], INDEX["fear"]] == pytest.approx(2 + 0.05)
    assert np.count_nonzero(pay != base) == 2
    failed = policy.learn(v, "breakoff")
    assert np.asarray(failed.payoff)[INDEX["neutral"], INDEX["anger"]] == pytest.approx(2 - 0.025)
    assert agreed.dialogues == 1
    assert np.asarray(agreed.trans_counts)[INDEX["neutral"], INDEX["neutral"]] == 1
    assert np.asarray(agreed.emit_counts)[INDEX["neutral"], INDEX["anger"]] == 2
    # the carried engine changes later choices
    learned = policy.with_state(agreed)
    assert learned.payoff[INDEX["neutral"], INDEX["anger"]] > policy.payoff[INDEX["neutral"],
                                                                             INDEX["anger"]]


def test_state_round_trip_and_validation():
    state = PaperPolicy().learn(view(exchange("joy", "joy")), "agreed")
    assert PaperState.from_dict(state.to_dict()) == state
    bad = state.to_dict()
    bad["payoff"] = [[1.0]]
    with pytest.raises(ValueError):
        PaperState.from_dict(bad)
    with pytest.raises(ValueError):
        PaperState.from_dict({**state.to_dict(), "kind": "eq"})
