"""The online HMM tracker: exactness against hmmlearn, validity, learning, persistence."""

import numpy as np
import pytest
from hmmlearn.hmm import CategoricalHMM

from edge_agent.track.trackers import (
    HMMPriors,
    OnlineHMMTracker,
    ReadingTracker,
    make_tracker,
    tracker_from_dict,
)
from edge_core.emotions import EMOTIONS, INDEX, one_hot


def _hmmlearn(tracker, persona):
    model = CategoricalHMM(n_components=7, n_features=7)
    model.startprob_ = tracker.startprob
    model.transmat_ = tracker.transmat(persona)
    model.emissionprob_ = tracker.emissionprob
    return model


@pytest.mark.parametrize("seq", [[4, 0, 0, 5, 2, 4, 3], [0], [5, 5, 5, 5, 1, 6, 3, 3, 4, 0]])
def test_filtered_posterior_equals_hmmlearn_for_hard_observations(seq):
    tracker = OnlineHMMTracker(learn=False)
    for k in seq:
        step = tracker.update(one_hot(EMOTIONS[k]), "neutral")
    expected = _hmmlearn(tracker, "neutral").predict_proba(np.array(seq).reshape(-1, 1))[-1]
    np.testing.assert_allclose(step.belief, expected, atol=1e-10)


def test_non_default_parameters_also_match(seed=3):
    rng = np.random.default_rng(seed)
    tracker = OnlineHMMTracker(learn=False)
    tracker.trans_counts[INDEX["anger"]] = rng.random((7, 7)) * 5
    tracker.emit_counts = rng.random((7, 7)) * 5
    seq = rng.integers(0, 7, size=12)
    for k in seq:
        belief = tracker.update(one_hot(EMOTIONS[k]), "anger").belief
    expected = _hmmlearn(tracker, "anger").predict_proba(seq.reshape(-1, 1))[-1]
    np.testing.assert_allclose(belief, expected, atol=1e-10)


def test_soft_evidence_keeps_valid_probabilities():
    tracker = OnlineHMMTracker()
    rng = np.random.default_rng(0)
    for _ in range(200):
        reading = rng.dirichlet(np.full(7, 0.3)) + 1e-300
        step = tracker.update(reading, EMOTIONS[rng.integers(7)])
        for dist in [step.belief, *step.predicted.values()]:
            assert np.all(np.isfinite(dist)) and min(dist) >= 0
            assert abs(sum(dist) - 1) < 1e-9
    assert np.all(np.isclose(tracker.emissionprob.sum(axis=1), 1))


def test_invalid_reading_raises():
    with pytest.raises(ValueError):
        OnlineHMMTracker().update([0.0] * 7, None)
    with pytest.raises(ValueError):
        OnlineHMMTracker().update([float("nan")] + [0.1] * 6, None)


def test_learns_persona_conditioned_transitions():
    """Anger displayed keeps the debtor angry, joy calms it: the tracker should learn it."""
    tracker = OnlineHMMTracker()
    for _ in range(30):
        tracker.start_dialogue()
        tracker.update(one_hot("anger"), None)
        tracker.update(one_hot("anger"), "anger")
        tracker.update(one_hot("joy"), "joy")
    anger_i, joy_i = INDEX["anger"], INDEX["joy"]
    assert tracker.transmat("anger")[anger_i, anger_i] > 0.8
    assert tracker.transmat("joy")[anger_i, joy_i] > 0.6
    tracker.start_dialogue()
    tracker.update(one_hot("anger"), None)
    pred = tracker.predictions()
    assert pred["joy"][joy_i] > pred["anger"][joy_i]


def test_state_round_trips_exactly():
    tracker = OnlineHMMTracker()
    for k in [0, 0, 5]:
        tracker.update(one_hot(EMOTIONS[k]), "sadness")
    clone = tracker_from_dict(tracker.to_dict())
    a = tracker.update(one_hot("joy"), "joy")
    b = clone.update(one_hot("joy"), "joy")
    assert a == b


def test_refit_with_hmmlearn_recentres_priors():
    tracker = OnlineHMMTracker()
    dialogues = [["anger", "anger", "anger", "neutral", "joy"]] * 10
    model = tracker.refit(dialogues)
    assert model.monitor_.converged or model.monitor_.iter == 20
    assert np.allclose(tracker.transmat(None).sum(axis=1), 1)
    with pytest.raises(ValueError):
        tracker.refit([])


def test_reading_tracker_and_registry():
    tracker = make_tracker("reading")
    assert isinstance(tracker, ReadingTracker)
    step = tracker.update(one_hot("fear"), None)
    assert step.predicted_emotion("anger") == "fear"
    assert isinstance(make_tracker("hmm"), OnlineHMMTracker)
    with pytest.raises(ValueError):
        make_tracker("crystal-ball")
    assert HMMPriors().transition().shape == (7, 7)
