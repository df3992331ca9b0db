"""Seeded randomness keyed by (seed, turn, stage).

Every random choice in a dialogue draws from a generator derived from the session seed, the
turn number and the stage that draws. No generator state needs saving: a dialogue resumed
from JSON at turn ``t`` draws exactly what the original would have drawn at turn ``t``.
"""

from __future__ import annotations

import zlib

import numpy as np


def stage_rng(seed: int, turn: int, stage: str) -> np.random.Generator:
    """A fresh generator for one stage of one turn."""
    return np.random.default_rng([seed & 0xFFFFFFFF, turn, zlib.crc32(stage.encode())])
