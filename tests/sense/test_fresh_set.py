"""The fresh evaluation set (bench/data/credit_fresh.tsv) stays what its card says: balanced,
well-formed, never trained on, and apart from the project's other test sets."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training" / "emotion"))
sys.path.insert(0, str(ROOT / "bench"))
import bench_sensor  # noqa: E402
import credit_data  # noqa: E402
import goemo  # noqa: E402


@pytest.fixture(scope="module")
def fresh() -> list[dict[str, str]]:
    return bench_sensor.load_fresh()


def test_balanced_and_well_formed(fresh: list[dict[str, str]]) -> None:
    assert Counter(r["label"] for r in fresh) == {e: 20 for e in goemo.EMOTIONS}
    assert all(r["text"].strip() and r["register"] for r in fresh)
    assert len({credit_data.normalise(r["text"]) for r in fresh}) == len(fresh)


def test_never_trained_on(fresh: list[dict[str, str]]) -> None:
    texts = [r["text"] for r in fresh]
    train = [r.text for r in credit_data.load_rows()]
    assert not credit_data.exact_overlap(texts, train)
    near = [t for t, (score, _) in zip(texts, credit_data.nearest(texts, train), strict=True)
            if score >= credit_data.NEAR_DUPLICATE]
    assert len(near) <= 10, near  # the card names ten; more means the data drifted onto it


def test_apart_from_the_other_test_sets(fresh: list[dict[str, str]]) -> None:
    texts = [r["text"] for r in fresh]
    held, _ = goemo.load_credit()
    for others in (held, credit_data.TEST_SENTENCES):
        assert not credit_data.exact_overlap(texts, others)
        score, text, other = credit_data.closest_pairs(texts, others, k=1)[0]
        assert score < credit_data.NEAR_DUPLICATE, (text, other)


def test_training_does_not_read_it() -> None:
    for script in (ROOT / "training" / "emotion").glob("*.py"):
        assert "credit_fresh" not in script.read_text(encoding="utf-8"), script.name
