"""The creditor x debtor emotion payoff matrix behind the game-theoretic persona policies.

Rows are the emotion the creditor displays, columns the debtor's emotion, both in
``EMOTIONS`` order; an entry is the creditor's expected payoff (recovery progress minus
escalation risk) for that pairing, on an arbitrary interval scale.

The EQ-Negotiator paper publishes such a table; its values were not available to this offline
build, so the default below is ours, set from the negotiation literature and documented row by
row. It is a configuration, not code: pass another matrix to :class:`PayoffMatrix` or load one
from JSON (``PayoffMatrix.from_json``) to reproduce the published setting.

Rationale (debtor emotion -> best creditor display):
- anger -> neutral: reciprocated anger escalates conflict (Van Kleef, De Dreu & Manstead 2004);
  calm professionalism de-escalates; displayed sadness/empathy is second best.
- disgust -> neutral: contempt answered with contempt ends talks; stay factual.
- fear -> sadness (empathy) then joy (reassurance): a frightened debtor needs safety to commit;
  firmness extracts little from fear and risks a vulnerable-customer breach.
- joy -> joy: positive affect is reciprocated and speeds agreement (Van Kleef et al. 2004).
- neutral -> anger (firm, assertive): a calm counterpart with poor alternatives concedes more
  to firmness (Sinaceur & Tiedens 2006; Van Kleef et al. 2004).
- sadness -> sadness (empathy): firmness toward distress escalates victim tactics.
- surprise -> neutral: clarify plainly.
Displayed disgust and fear are dominated: the creditor never benefits from contempt or panic.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from edge_core.emotions import EMOTIONS, INDEX, N_EMOTIONS, check_emotion, to_vector

# rows: creditor anger, disgust, fear, joy, neutral, sadness, surprise
# cols: debtor   anger, disgust, fear, joy, neutral, sadness, surprise
DEFAULT_PAYOFF: tuple[tuple[float, ...], ...] = (
    (-2.0, -1.0, 0.5, 1.0, 1.6, -1.5, 0.8),  # anger (firm)
    (-3.0, -2.0, -2.0, -1.0, -0.5, -3.0, -0.5),  # disgust (displeased)
    (-1.0, -1.0, -1.0, -0.5, 0.0, -1.0, 0.0),  # fear (concerned)
    (0.0, 0.3, 1.5, 2.0, 1.0, 0.8, 1.0),  # joy (warm)
    (1.5, 1.2, 1.0, 1.2, 1.2, 1.2, 1.3),  # neutral (professional)
    (1.0, 0.5, 1.8, 0.5, 0.5, 1.5, 0.2),  # sadness (empathic)
    (0.0, 0.0, 0.0, 0.5, 0.2, 0.0, 0.6),  # surprise
)


@dataclass(frozen=True)
class PayoffMatrix:
    """A 7x7 creditor payoff table with best-response and expected-payoff helpers."""

    values: tuple[tuple[float, ...], ...] = DEFAULT_PAYOFF

    def __post_init__(self) -> None:
        arr = np.asarray(self.values, dtype=float)
        if arr.shape != (N_EMOTIONS, N_EMOTIONS) or not np.all(np.isfinite(arr)):
            raise ValueError(f"payoff matrix must be {N_EMOTIONS}x{N_EMOTIONS} finite numbers")

    @property
    def array(self) -> np.ndarray:
        return np.asarray(self.values, dtype=float)

    def payoff(self, creditor: str, debtor: str) -> float:
        return self.values[INDEX[check_emotion(creditor)]][INDEX[check_emotion(debtor)]]

    def expected(self, debtor_dist: Sequence[float]) -> dict[str, float]:
        """Expected creditor payoff of each display against a debtor emotion distribution."""
        scores = self.array @ to_vector(debtor_dist)
        return {e: float(s) for e, s in zip(EMOTIONS, scores, strict=True)}

    def best_response(self, debtor: str, exclude: str | None = None) -> str:
        """The creditor emotion with the highest payoff against ``debtor`` (ties: earlier name)."""
        column = self.array[:, INDEX[check_emotion(debtor)]]
        return _argmax(column, exclude)

    def best_expected(self, debtor_dist: Sequence[float], exclude: str | None = None) -> str:
        return _argmax(self.array @ to_vector(debtor_dist), exclude)

    @classmethod
    def from_json(cls, path: str | Path) -> PayoffMatrix:
        """Load ``{"rows": [[...7 numbers...] x 7]}`` or a bare 7x7 list, rows in EMOTIONS order."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        rows = data["rows"] if isinstance(data, dict) else data
        return cls(tuple(tuple(float(x) for x in row) for row in rows))


def _argmax(scores: np.ndarray, exclude: str | None) -> str:
    order = [i for i in range(N_EMOTIONS) if exclude is None or EMOTIONS[i] != exclude]
    return EMOTIONS[max(order, key=lambda i: (scores[i], -i))]
