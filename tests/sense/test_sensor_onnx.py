"""The ONNX emotion sensor, run against the committed model in models/emotion/."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from edge_agent.sense.onnx import (
    DEFAULT_MODEL_DIR,
    ENV_VAR,
    MANIFEST,
    ModelLoadError,
    OnnxEmotionSensor,
)
from edge_core.emotions import EMOTIONS

DEV = (
    Path(
        os.environ.get("EDGE_AGENT_GOEMOTIONS")  # as training/emotion/goemo.py
        or Path(__file__).resolve().parents[3] / "shared" / "datasets" / "goemotions-ekman"
    )
    / "dev.tsv"
)

# Written before looking at the model's outputs: one clear emotion each, no domain jargon.
CLEAR = {
    "anger": [
        "I am so angry right now, this is completely unacceptable!",
        "Stop harassing me, I'm furious with you.",
        "This makes me really mad.",
    ],
    "disgust": [
        "That is absolutely disgusting.",
        "Ew, gross, that's revolting.",
        "You make me sick, you disgusting people.",
    ],
    "fear": [
        "I'm terrified of what will happen to us.",
        "I'm so scared, please don't hurt me.",
        "I'm really afraid I'll lose my home.",
    ],
    "joy": [
        "Thank you so much, I'm really happy!",
        "This is wonderful news, I love it!",
        "I'm so glad it worked out, thanks!",
    ],
    "neutral": [
        "The meeting is at 3 pm on Tuesday.",
        "My account number is 12345.",
        "I sent the documents by post.",
    ],
    "sadness": [
        "I'm so sad, I miss her every day.",
        "I feel so lonely and depressed.",
        "My dog died yesterday and I can't stop crying.",
    ],
    "surprise": [
        "Wow, I did not expect that at all!",
        "What? Really? I had no idea!",
        "I'm shocked, that's so surprising.",
    ],
}
CASES = [(text, label) for label, texts in CLEAR.items() for text in texts]


@pytest.fixture(scope="module")
def sensor() -> OnnxEmotionSensor:
    return OnnxEmotionSensor()


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "emotion"
    shutil.copytree(DEFAULT_MODEL_DIR, dst)
    return dst


def test_loads_committed_model(sensor: OnnxEmotionSensor) -> None:
    assert sensor.name == "onnx"
    assert sensor.temperature > 0
    assert set(sensor.thresholds) == set(EMOTIONS)


def test_probs_cover_emotions_and_sum_to_one(sensor: OnnxEmotionSensor) -> None:
    for text in ("I can pay on Friday.", "", "!!!", "x " * 500):
        probs = sensor.probs(text)
        assert tuple(probs) == EMOTIONS
        assert all(0.0 <= p <= 1.0 for p in probs.values())
        assert sum(probs.values()) == pytest.approx(1.0, abs=1e-9)


def test_deterministic_within_and_across_instances(sensor: OnnxEmotionSensor) -> None:
    text = "You changed the deadline again without telling me."
    first = sensor.probs(text)
    assert sensor.probs(text) == first
    assert OnnxEmotionSensor().probs(text) == first


@pytest.mark.parametrize(("text", "label"), CASES)
def test_clear_sentences(sensor: OnnxEmotionSensor, text: str, label: str) -> None:
    probs = sensor.probs(text)
    assert max(probs, key=probs.__getitem__) == label, probs


def test_dev_sample_beats_majority_class(sensor: OnnxEmotionSensor) -> None:
    """A loose sanity bound fixed in advance: joy, the majority label, covers ~41% of dev."""
    if not DEV.is_file():
        pytest.skip(f"GoEmotions dev set not found at {DEV}")
    rows = [line.rstrip("\n").split("\t") for line in DEV.open(encoding="utf-8")][:300]
    probs = sensor.probs_batch([text for text, _, _ in rows])
    hits = sum(
        EMOTIONS.index(max(p, key=p.__getitem__)) in {int(i) for i in labels.split(",")}
        for p, (_, labels, _) in zip(probs, rows, strict=True)
    )
    assert hits / len(rows) >= 0.5


def test_batch_equals_single(sensor: OnnxEmotionSensor) -> None:
    texts = [text for texts in CLEAR.values() for text in texts]
    for got, text in zip(sensor.probs_batch(texts), texts, strict=True):
        want = sensor.probs(text)
        assert got == pytest.approx(want, abs=1e-6)


def test_duplicates_classified_once(
    sensor: OnnxEmotionSensor, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real = sensor.logits

    def counting(text: str):
        seen.append(text)
        return real(text)

    monkeypatch.setattr(sensor, "logits", counting)
    out = sensor.probs_batch(["a", "b", "a", "a", "b"])
    assert sorted(seen) == ["a", "b"]
    assert out[0] == out[2] == out[3] and out[1] == out[4]
    assert sensor.probs_batch([]) == []


def test_thread_count_does_not_change_results(sensor: OnnxEmotionSensor) -> None:
    text = "I'm scared the bank will take the house."
    two = OnnxEmotionSensor(intra_op_threads=2).probs(text)
    assert two == pytest.approx(sensor.probs(text), abs=1e-6)


def test_missing_model_dir_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="make train-emotion"):
        OnnxEmotionSensor(tmp_path / "nowhere")


def test_env_var_overrides_default_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere"))
    with pytest.raises(ModelLoadError, match="elsewhere"):
        OnnxEmotionSensor()


def test_corrupt_model_is_refused(model_copy: Path) -> None:
    model = model_copy / "model.onnx"
    data = bytearray(model.read_bytes())
    for i in range(len(data) // 2, len(data) // 2 + 64):
        data[i] ^= 0xFF
    model.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match=r"corrupt.*make train-emotion"):
        OnnxEmotionSensor(model_copy)


def test_missing_model_file_is_refused(model_copy: Path) -> None:
    (model_copy / "model.onnx").unlink()
    with pytest.raises(ModelLoadError, match="make train-emotion"):
        OnnxEmotionSensor(model_copy)


def test_broken_manifest_is_refused(model_copy: Path) -> None:
    manifest = model_copy / MANIFEST
    raw = json.loads(manifest.read_text())
    raw["labels"] = list(reversed(raw["labels"]))
    manifest.write_text(json.dumps(raw))
    with pytest.raises(ModelLoadError, match="labels"):
        OnnxEmotionSensor(model_copy)
    manifest.write_text("{not json")
    with pytest.raises(ModelLoadError, match="make train-emotion"):
        OnnxEmotionSensor(model_copy)
