"""Ekman's six basic emotions plus neutral, in one fixed order.

The order matches the GoEmotions Ekman label file (``labels.txt``) so that a classifier's
output index, a payoff-matrix row and an HMM state all mean the same emotion.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

EMOTIONS: tuple[str, ...] = ("anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise")
NEGATIVE: frozenset[str] = frozenset({"anger", "disgust", "fear", "sadness"})
INDEX: dict[str, int] = {e: i for i, e in enumerate(EMOTIONS)}
N_EMOTIONS = len(EMOTIONS)

EmotionProbs = dict[str, float]
"""A probability for every name in :data:`EMOTIONS`, summing to 1."""


def check_emotion(name: str) -> str:
    """``name`` if it is one of :data:`EMOTIONS`; else a ``ValueError`` listing them."""
    if name not in INDEX:
        raise ValueError(f"unknown emotion {name!r}; expected one of {', '.join(EMOTIONS)}")
    return name


def to_vector(probs: Mapping[str, float] | Sequence[float]) -> np.ndarray:
    """A validated, normalised probability vector in :data:`EMOTIONS` order.

    Accepts a mapping (missing emotions count as 0) or a sequence of 7 numbers. Negative,
    non-finite or all-zero input raises ``ValueError``: evidence the tracker cannot use must
    fail loudly, not turn into NaN beliefs three stages later.
    """
    if isinstance(probs, Mapping):
        unknown = set(probs) - set(INDEX)
        if unknown:
            raise ValueError(f"unknown emotion(s) {sorted(unknown)}; expected {EMOTIONS}")
        vec = np.array([float(probs.get(e, 0.0)) for e in EMOTIONS], dtype=float)
    else:
        vec = np.asarray(probs, dtype=float)
        if vec.shape != (N_EMOTIONS,):
            raise ValueError(f"expected {N_EMOTIONS} probabilities, got shape {vec.shape}")
    if not np.all(np.isfinite(vec)) or np.any(vec < 0):
        raise ValueError(f"probabilities must be finite and non-negative, got {vec.tolist()}")
    total = vec.sum()
    if total <= 0:
        raise ValueError("probabilities sum to zero")
    return vec / total


def to_dict(vec: Iterable[float]) -> EmotionProbs:
    """The mapping form of a probability vector, rounded for stable JSON."""
    return {e: round(float(p), 6) for e, p in zip(EMOTIONS, vec, strict=True)}


def top(probs: Mapping[str, float] | Sequence[float]) -> str:
    """The most probable emotion (ties go to the earlier name in :data:`EMOTIONS`)."""
    vec = to_vector(probs)
    return EMOTIONS[int(np.argmax(vec))]


def one_hot(emotion: str) -> np.ndarray:
    """A vector with all mass on ``emotion``."""
    vec = np.zeros(N_EMOTIONS)
    vec[INDEX[check_emotion(emotion)]] = 1.0
    return vec


def negative_mass(probs: Mapping[str, float] | Sequence[float]) -> float:
    """Probability of a negative emotion (anger, disgust, fear, sadness)."""
    vec = to_vector(probs)
    # In EMOTIONS order, not the frozenset's: a float sum must not depend on PYTHONHASHSEED.
    return float(sum(vec[INDEX[e]] for e in EMOTIONS if e in NEGATIVE))


def entropy(vec: Sequence[float]) -> float:
    """Shannon entropy in nats, for reporting how sure a reading or belief is."""
    return -sum(p * math.log(p) for p in vec if p > 0)
