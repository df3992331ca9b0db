"""The lexicon sensor and the sensor registry."""

import math

import pytest

from edge_agent import EMOTIONS, EmotionSensor
from edge_agent.sense import LexiconSensor, make_sensor


@pytest.fixture
def sensor():
    return LexiconSensor()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("This is outrageous, I am furious with you!", "anger"),
        ("You greedy loan sharks are disgusting", "disgust"),
        ("I'm scared I will lose my house", "fear"),
        ("Thank you so much, that is great news", "joy"),
        ("I sent the form yesterday.", "neutral"),
        ("I lost my job and I am struggling", "sadness"),
        ("Wow, I did not expect that at all", "surprise"),
    ],
)
def test_clear_sentences(sensor, text, label):
    probs = sensor.probs(text)
    assert max(probs, key=probs.get) == label


def test_probabilities_are_a_distribution(sensor):
    for text in ["", "ok", "I AM ANGRY!!!", "x" * 3000, "😀 🙏"]:
        probs = sensor.probs(text)
        assert list(probs) == list(EMOTIONS)
        assert math.isclose(sum(probs.values()), 1.0) and min(probs.values()) > 0


def test_negation_flips_cues(sensor):
    angry, calm = sensor.probs("I am angry"), sensor.probs("I am not angry")
    assert angry["anger"] > calm["anger"]
    assert max(calm, key=calm.get) == "neutral"
    unhappy = sensor.probs("I am not happy about this")
    assert unhappy["sadness"] > unhappy["joy"]


def test_batch_equals_single(sensor):
    texts = ["I am furious", "thanks", "I am furious", "I lost my job"]
    assert sensor.probs_batch(texts) == [sensor.probs(t) for t in texts]


def test_registry():
    assert isinstance(make_sensor("lexicon"), LexiconSensor)
    assert isinstance(EmotionSensor.create("lexicon"), LexiconSensor)
    assert isinstance(EmotionSensor.default(), EmotionSensor)
    with pytest.raises(ValueError, match="unknown sensor"):
        make_sensor("telepathy")
