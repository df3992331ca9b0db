"""``eq-paper``: the published EQ-Negotiator method, as a faithful baseline.

Sources: the tables and rules of the authors' public code (arXiv 2511.03370 and 2503.21080),
transcribed in ``../shared/method/eq-negotiator.md``. What is reproduced:

- the published 7x7 payoff table (creditor payoff of each creditor display against each
  debtor emotion, :data:`PAPER_PAYOFF`);
- win-stay / lose-shift: the best response to the debtor's *current* emotion; after a loss,
  the second-best response for that emotion;
- the switch to the HMM while at least ``k`` = 4 of the debtor's last ``n`` = 5 emotions are
  negative (before five turns: over all turns so far);
- the first HMM (the creditor's emotion as the hidden state): transition ``T``, emission
  ``B``, the HMM-mode bias, the choice ``argmax_j T[current, j] B[j, observed] bias[j]``
  and the online count updates (priors as pseudo-counts);
- the across-dialogue update: after each dialogue every (debtor, creditor) emotion pair used
  gets ``+0.05 x (+1 agreed, -0.5 not)`` on its creditor payoff; the engine (payoffs and HMM
  counts) is kept across the dialogues of a debtor population, per-dialogue state is not.

Mended defects (faithful in intent, not in the bugs):

1. *A loss that can happen.* The published code compares the best-response payoff of the
   current emotion with 2.0; every column's maximum is at least 2, so the lose branch never
   fires. Here the realised payoff of the previous turn is the table's entry for the pair
   actually played: the persona we displayed and the emotion the debtor answered it with.
   That is below 2.0 whenever, say, warmth meets anger (1.0), so the rule can shift.
2. *Rows that do not sum to one.* Two published transition rows sum to 1.05; every row is
   renormalised before use.
3. *Deterministic ties.* Ties are broken by the first column in the published order (joy,
   sadness, anger, fear, surprise, disgust, neutral), as in the later code; the older code's
   random tie-break is not used, so the baseline needs no randomness at all.
4. The later stance-HMM's choice ignores the debtor's emotion and picks joy every turn from the
   initial belief; that version is not used (its published choice rule is the defect itself).
   The first HMM, which does read the debtor's emotion, is the HMM mode here.

State across dialogues lives in :class:`PaperState` (a serialisable dataclass): the policy
itself is pure; :meth:`PaperPolicy.learn` returns the next state from a finished dialogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from edge_core import NEGATIVE, NegotiationView
from edge_core.emotions import EMOTIONS, INDEX, N_EMOTIONS
from policies.learner import LearnedStateError, check_count, check_matrix
from policies.persona import PersonaChoice

PAPER_ORDER: tuple[str, ...] = (
    "joy", "sadness", "anger", "fear", "surprise", "disgust", "neutral",
)  # fmt: skip
"""The published tables' row and column order."""

# Rows: the debtor's emotion d; columns: the creditor's displayed emotion e; entries are the
# published (debtor payoff, creditor payoff) pairs, in PAPER_ORDER.
PAPER_PAIRS: tuple[tuple[tuple[int, int], ...], ...] = (
    ((4, 4), (2, 3), (1, 2), (2, 1), (3, 3), (2, 2), (3, 3)),  # joy
    ((3, 2), (3, 3), (1, 2), (2, 1), (2, 2), (1, 1), (2, 3)),  # sadness
    ((2, 1), (2, 1), (1, 1), (1, 0), (1, 2), (0, 1), (1, 2)),  # anger
    ((1, 2), (1, 2), (0, 1), (2, 2), (1, 2), (0, 1), (2, 3)),  # fear
    ((3, 3), (2, 2), (2, 1), (2, 1), (4, 4), (1, 2), (3, 3)),  # surprise
    ((2, 2), (1, 1), (1, 0), (1, 0), (2, 1), (2, 2), (2, 2)),  # disgust
    ((3, 3), (2, 3), (2, 1), (3, 2), (3, 3), (2, 2), (3, 3)),  # neutral
)

# Transition T (creditor emotion now -> next) and emission B (creditor emotion -> debtor
# emotion observed), PAPER_ORDER both ways; rows as published (two sum to 1.05).
PAPER_TRANSITION: tuple[tuple[float, ...], ...] = (
    (0.50, 0.10, 0.05, 0.05, 0.20, 0.05, 0.05),
    (0.20, 0.40, 0.10, 0.10, 0.05, 0.10, 0.05),
    (0.10, 0.20, 0.40, 0.10, 0.05, 0.10, 0.05),
    (0.10, 0.20, 0.10, 0.40, 0.05, 0.10, 0.05),
    (0.30, 0.05, 0.05, 0.05, 0.50, 0.05, 0.05),
    (0.10, 0.20, 0.10, 0.10, 0.05, 0.40, 0.05),
    (0.20, 0.10, 0.05, 0.05, 0.20, 0.05, 0.35),
)
PAPER_EMISSION: tuple[tuple[float, ...], ...] = (
    (0.60, 0.05, 0.05, 0.05, 0.10, 0.05, 0.10),
    (0.05, 0.50, 0.20, 0.10, 0.05, 0.05, 0.05),
    (0.05, 0.20, 0.50, 0.10, 0.05, 0.05, 0.05),
    (0.05, 0.20, 0.10, 0.50, 0.05, 0.05, 0.05),
    (0.10, 0.05, 0.05, 0.05, 0.60, 0.05, 0.10),
    (0.05, 0.10, 0.20, 0.10, 0.05, 0.50, 0.05),
    (0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.40),
)
PAPER_BIAS: dict[str, float] = {
    "joy": 0.2, "sadness": 0.5, "anger": 1.0, "fear": 0.6, "surprise": 0.2, "disgust": 0.7,
    "neutral": 0.3,
}  # fmt: skip
LOSS_BELOW = 2.0
LEARNING_RATE = 0.05
FAIL_SIGN = -0.5

_P = [INDEX[e] for e in PAPER_ORDER]  # PAPER_ORDER position -> EMOTIONS index


def _to_ours(m: np.ndarray) -> np.ndarray:
    """Re-index a matrix given in PAPER_ORDER (both axes) into EMOTIONS order."""
    out = np.zeros((N_EMOTIONS, N_EMOTIONS))
    for i, a in enumerate(_P):
        for j, b in enumerate(_P):
            out[a, b] = m[i, j]
    return out


def paper_payoff() -> np.ndarray:
    """Creditor payoff ``[creditor display, debtor emotion]`` in EMOTIONS order."""
    creditor = np.array([[pair[1] for pair in row] for row in PAPER_PAIRS], dtype=float)
    return _to_ours(creditor.T)  # published rows are the debtor's emotion: transpose


def _rows(m: np.ndarray) -> np.ndarray:
    return m / m.sum(axis=1, keepdims=True)


def paper_transition() -> np.ndarray:
    return _to_ours(_rows(np.array(PAPER_TRANSITION)))


def paper_emission() -> np.ndarray:
    return _to_ours(_rows(np.array(PAPER_EMISSION)))


def _rank(scores: np.ndarray) -> list[str]:
    """Emotions best first; ties by the published column order."""
    return sorted(EMOTIONS, key=lambda e: (-scores[INDEX[e]], PAPER_ORDER.index(e)))


@dataclass(frozen=True)
class PaperState:
    """What the published engine carries from one dialogue to the next."""

    payoff: tuple[tuple[float, ...], ...] = field(
        default_factory=lambda: tuple(map(tuple, paper_payoff().tolist()))
    )
    trans_counts: tuple[tuple[float, ...], ...] = ((0.0,) * N_EMOTIONS,) * N_EMOTIONS
    emit_counts: tuple[tuple[float, ...], ...] = ((0.0,) * N_EMOTIONS,) * N_EMOTIONS
    dialogues: int = 0
    kind: str = "eq-paper"
    base: PaperState | None = field(default=None, compare=False, repr=False)
    """The state this one was learned from (never serialised): a store adds ``self - base``
    to what it holds, so dialogues concluded in parallel all count."""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Refuse (LearnedStateError) what learning cannot produce: wrong shapes,
        non-numbers, non-finite or huge payoffs, negative or fractional HMM counts."""
        if self.kind != "eq-paper":
            raise LearnedStateError(f"not an eq-paper state: kind {self.kind!r:.40}")
        check_count("eq-paper state: dialogues", self.dialogues)
        shape = (N_EMOTIONS, N_EMOTIONS)
        check_matrix("eq-paper state: payoff", self.payoff, shape, -1e6, 1e6)
        for key in ("trans_counts", "emit_counts"):
            counts = check_matrix(f"eq-paper state: {key}", getattr(self, key), shape, 0.0, 1e12)
            if not np.all(counts == np.round(counts)):
                raise LearnedStateError(f"eq-paper state: {key} must be whole counts")
        if self.base is not None and not isinstance(self.base, PaperState):
            raise LearnedStateError("eq-paper state: base must be a PaperState")

    def merged_into(self, stored: PaperState | None) -> PaperState:
        """``stored`` plus what this state learned since its base (payoff changes and counts
        are additive); this state itself when nothing is stored or it has no base."""
        if stored is None or self.base is None:
            return replace(self, base=None)

        def add(key: str) -> tuple[tuple[float, ...], ...]:
            a, b, c = (np.asarray(getattr(s, key), dtype=float) for s in (self, self.base,
                                                                          stored))  # fmt: skip
            out = c + (a - b)
            if key != "payoff":
                out = np.clip(np.round(out), 0.0, None)
            return tuple(map(tuple, out.tolist()))

        return PaperState(add("payoff"), add("trans_counts"), add("emit_counts"),
                          max(0, stored.dialogues + self.dialogues - self.base.dialogues))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "payoff": [list(r) for r in self.payoff],
                "trans_counts": [list(r) for r in self.trans_counts],
                "emit_counts": [list(r) for r in self.emit_counts],
                "dialogues": self.dialogues}  # fmt: skip

    @classmethod
    def from_dict(cls, d: Any) -> PaperState:
        """Validated load: a missing or unknown key, or anything :meth:`validate` refuses,
        raises LearnedStateError (a ValueError)."""
        if not isinstance(d, dict):
            raise LearnedStateError(f"an eq-paper state is an object, got {type(d).__name__}")
        if d.get("kind") != "eq-paper":
            raise LearnedStateError(f"not an eq-paper state: kind {d.get('kind')!r:.40}")
        keys = {"kind", "payoff", "trans_counts", "emit_counts", "dialogues"}
        if set(d) != keys:
            raise LearnedStateError(f"eq-paper state: keys must be {sorted(keys)}, missing "
                                    f"{sorted(keys - set(d))}, unknown "
                                    f"{sorted(map(str, set(d) - keys))[:5]}")  # fmt: skip

        def mat(key: str) -> tuple[tuple[float, ...], ...]:
            arr = check_matrix(f"eq-paper state: {key}", d[key], (N_EMOTIONS, N_EMOTIONS))
            return tuple(map(tuple, arr.tolist()))

        return cls(mat("payoff"), mat("trans_counts"), mat("emit_counts"),
                   check_count("eq-paper state: dialogues", d["dialogues"]))


@dataclass(frozen=True)
class PaperPolicy:
    """The published method: WSLS on the payoff table, the HMM under persistent negativity."""

    state: PaperState = field(default_factory=PaperState)
    k: int = 4
    n: int = 5
    name: str = "eq-paper"

    # -- the pieces, each as published -----------------------------------------------------
    @property
    def payoff(self) -> np.ndarray:
        return np.asarray(self.state.payoff, dtype=float)

    def best_responses(self, debtor: str) -> list[str]:
        """Creditor displays against ``debtor``, best first (published tie order)."""
        return _rank(self.payoff[:, INDEX[debtor]])

    def realised(self, shown: str, answered: str) -> float:
        """The payoff of the pair actually played (mended defect 1)."""
        return float(self.payoff[INDEX[shown], INDEX[answered]])

    def hmm_mode(self, view: NegotiationView) -> tuple[bool, int, int]:
        """(HMM mode?, negatives, window): at least k negative among the last n emotions,
        counted over all turns so far before there are n (so never before k turns)."""
        emotions = view.debtor_emotions()[-self.n :]
        negatives = sum(e in NEGATIVE for e in emotions)
        return negatives >= self.k, negatives, len(emotions)

    def hmm_matrices(self, view: NegotiationView) -> tuple[np.ndarray, np.ndarray]:
        """T and B after the counts learned so far, this dialogue's included."""
        trans, emit = self._counts(view)
        return _rows(paper_transition() + trans), _rows(paper_emission() + emit)

    def _counts(self, view: NegotiationView) -> tuple[np.ndarray, np.ndarray]:
        """Carried counts plus this dialogue's: +1 per transition taken, +1 per emission."""
        trans = np.array(self.state.trans_counts, dtype=float)
        emit = np.array(self.state.emit_counts, dtype=float)
        prev = None
        for x in view.exchanges:
            shown = INDEX[x.creditor_persona]
            if prev is not None:
                trans[prev, shown] += 1.0
            emit[shown, INDEX[x.debtor_emotion]] += 1.0
            prev = shown
        return trans, emit

    def hmm_choice(self, view: NegotiationView) -> tuple[str, dict[str, float]]:
        current = view.last.creditor_persona if view.last else "neutral"
        observed = view.last.debtor_emotion if view.last else "neutral"
        trans, emit = self.hmm_matrices(view)
        bias = np.array([PAPER_BIAS[e] for e in EMOTIONS])
        scores = trans[INDEX[current]] * emit[:, INDEX[observed]] * bias
        return _rank(scores)[0], {e: round(float(scores[INDEX[e]]), 5) for e in EMOTIONS}

    # -- the persona policy ---------------------------------------------------------------
    def choose(self, view: NegotiationView, rng: np.random.Generator) -> PersonaChoice:
        hmm, negatives, window = self.hmm_mode(view)
        info: dict[str, Any] = {"negatives_in_window": negatives, "window": window,
                                "k": self.k, "n": self.n}  # fmt: skip
        if hmm:
            best, scores = self.hmm_choice(view)
            return PersonaChoice(best, "eq-paper:hmm", {**info, "scores": scores})
        debtor = view.last.debtor_emotion if view.last else "neutral"
        ranked = self.best_responses(debtor)
        outcome = None
        if view.last is not None:
            outcome = self.realised(view.last.creditor_persona, debtor)
        loss = outcome is not None and outcome < LOSS_BELOW
        emotion = ranked[1] if loss else ranked[0]
        return PersonaChoice(emotion, "eq-paper:wsls",
                             {**info, "debtor": debtor, "realised": outcome,
                              "action": "shift" if loss else "stay"})  # fmt: skip

    # -- across dialogues -----------------------------------------------------------------
    def learn(
        self, view: NegotiationView, outcome: str, last_persona: str | None = None
    ) -> PaperState:
        """The next state after a finished dialogue (the published +-0.05 payoff update and
        the HMM counts of the transitions and emissions seen). ``outcome`` is ``agreed`` or
        any failure (``breakoff``, ``limit``, ``stop``, ``failed``)."""
        pay = self.payoff.copy()
        delta = LEARNING_RATE * (1.0 if outcome == "agreed" else FAIL_SIGN)
        used = {(INDEX[x.debtor_emotion], INDEX[x.creditor_persona]) for x in view.exchanges}
        for d, c in used:
            pay[c, d] += delta
        trans, emit = self._counts(view)
        base = self.state if self.state.base is None else replace(self.state, base=None)
        return PaperState(tuple(map(tuple, pay.tolist())), tuple(map(tuple, trans.tolist())),
                          tuple(map(tuple, emit.tolist())), self.state.dialogues + 1,
                          base=base)

    def with_state(self, state: PaperState) -> PaperPolicy:
        if not isinstance(state, PaperState):
            raise TypeError(f"the eq-paper policy takes a PaperState, got {type(state).__name__}")
        state.validate()
        return PaperPolicy(state, self.k, self.n, self.name)
