"""The ``llm`` emotion sensor on the real embedded GGUF (skips when it is not installed)."""

from __future__ import annotations

import importlib.util

import pytest

from edge_agent.llm.errors import ModelNotFound
from edge_agent.sense import make_sensor
from edge_core.emotions import EMOTIONS


@pytest.fixture(scope="module")
def sensor():
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (make setup installs it)")
    try:
        return make_sensor("llm", n_ctx=2048)
    except ModelNotFound as exc:
        pytest.skip(f"embedded model not installed: {exc}")


def test_probs_cover_the_seven_emotions(sensor):
    assert sensor.name == "llm"
    p = sensor.probs("This is outrageous, stop calling me!")
    assert list(p) == list(EMOTIONS)
    assert sum(p.values()) == pytest.approx(1.0, abs=1e-4)
    assert min(p.values()) > 0


def test_batch_matches_single(sensor):
    texts = ["I'm scared I will lose my house.", "OK, thanks!", "I'm scared I will lose my house."]
    batch = sensor.probs_batch(texts)
    assert batch[0] == batch[2] == sensor.probs(texts[0])


def test_grammar_label_is_the_uncalibrated_argmax(sensor):
    text = "You people make me sick."
    label = sensor.label(text)
    assert label in EMOTIONS
    if sensor.first_token_mode:
        calibrate, sensor.calibrate = sensor.calibrate, False
        try:
            p = sensor.probs(text)
        finally:
            sensor.calibrate = calibrate
        assert max(p, key=p.get) == label
