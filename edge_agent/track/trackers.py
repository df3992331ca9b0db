"""Trackers: the debtor's latent emotional state, filtered turn by turn.

:class:`OnlineHMMTracker` is the paper's "learn and track debtor emotional states online,
without pre-training". Choices, and why:

- Hidden states are the seven ``EMOTIONS`` themselves, not a smaller set of stances: each state
  is then directly a payoff-matrix column and an interpretable bar in the TUI, and the
  sensor's classes map one to one onto observations.
- Observations are the sensor's probability vectors, used as soft (virtual) evidence: the
  likelihood of state ``s`` is ``sum_k o[k] * B[s, k]``. With a one-hot reading this is exactly
  the categorical HMM likelihood, which the tests check against hmmlearn.
- Transitions are conditioned on the emotion the creditor displayed (an input-output HMM):
  ``A[c]`` is the debtor's emotion dynamics under creditor persona ``c``. All ``A[c]`` share one
  sticky Dirichlet prior (emotions persist), so nothing favours a persona before data does.
- Learning is online EM with expected counts: after each filtering step the one-slice
  transition posterior (xi) and the state posterior (gamma) are added to Dirichlet counts;
  parameters are the posterior means. Counts persist across dialogues when the same tracker
  (or its saved state) is reused, which is how it learns a debtor population.
- :meth:`OnlineHMMTracker.refit` uses hmmlearn's EM over finished dialogues to re-centre the
  priors, when a batch of transcripts is at hand.

:class:`ReadingTracker` is the model-free alternative: the belief is the latest reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from edge_core.emotions import EMOTIONS, INDEX, N_EMOTIONS, to_vector

_EPS = 1e-12


@dataclass(frozen=True)
class TrackerStep:
    """The tracker's output after one debtor message."""

    belief: tuple[float, ...]
    predicted: dict[str, tuple[float, ...]]

    def predicted_emotion(self, persona: str) -> str:
        dist = self.predicted[persona]
        return EMOTIONS[int(np.argmax(dist))]


class Tracker(Protocol):
    name: str

    def start_dialogue(self) -> None: ...

    def update(self, reading: Sequence[float], persona: str | None) -> TrackerStep: ...

    def predictions(self) -> dict[str, tuple[float, ...]]: ...

    def to_dict(self) -> dict[str, Any]: ...

    def load_state(self, d: dict[str, Any]) -> None:
        """Restore, in place, a state saved by :meth:`to_dict`."""


@dataclass(frozen=True)
class HMMPriors:
    """Dirichlet pseudo-counts. ``stay``/``move``: transition diagonal and off-diagonal;
    ``hit``/``miss``: emission diagonal (sensor right) and off-diagonal; ``start``: initial
    state, with ``start_neutral`` extra on neutral (most first messages are)."""

    stay: float = 4.0
    move: float = 0.5
    hit: float = 6.0
    miss: float = 0.5
    start: float = 1.0
    start_neutral: float = 2.0

    def transition(self) -> np.ndarray:
        return np.full((N_EMOTIONS, N_EMOTIONS), self.move) + np.eye(N_EMOTIONS) * (
            self.stay - self.move
        )

    def emission(self) -> np.ndarray:
        return np.full((N_EMOTIONS, N_EMOTIONS), self.miss) + np.eye(N_EMOTIONS) * (
            self.hit - self.miss
        )

    def initial(self) -> np.ndarray:
        prior = np.full(N_EMOTIONS, self.start)
        prior[INDEX["neutral"]] += self.start_neutral
        return prior


def _normalise_rows(m: np.ndarray) -> np.ndarray:
    return m / m.sum(axis=-1, keepdims=True)


class OnlineHMMTracker:
    """Input-output HMM over the debtor's emotion, filtered and learned online."""

    name = "hmm"

    def __init__(self, priors: HMMPriors | None = None, *, learn: bool = True) -> None:
        self.priors = priors or HMMPriors()
        self.learn = learn
        self.start_prior = self.priors.initial()
        self.trans_prior = self.priors.transition()
        self.emit_prior = self.priors.emission()
        self.start_counts = np.zeros(N_EMOTIONS)
        self.trans_counts = np.zeros((N_EMOTIONS, N_EMOTIONS, N_EMOTIONS))  # [creditor, s, s']
        self.emit_counts = np.zeros((N_EMOTIONS, N_EMOTIONS))
        self.belief: np.ndarray | None = None
        self.steps = 0

    # -- parameters (posterior means of the Dirichlet counts) --------------------------------
    @property
    def startprob(self) -> np.ndarray:
        v = self.start_prior + self.start_counts
        return v / v.sum()

    def transmat(self, persona: str | None = None) -> np.ndarray:
        """``A[persona]``; with ``persona=None`` the pooled matrix over all personas."""
        if persona is None:
            counts = self.trans_counts.sum(axis=0)
        else:
            counts = self.trans_counts[INDEX[persona]]
        return _normalise_rows(self.trans_prior + counts)

    @property
    def emissionprob(self) -> np.ndarray:
        return _normalise_rows(self.emit_prior + self.emit_counts)

    # -- filtering ---------------------------------------------------------------------------
    def start_dialogue(self) -> None:
        """Forget the current belief; keep what was learned."""
        self.belief = None
        self.steps = 0

    def likelihood(self, reading: Sequence[float]) -> np.ndarray:
        """``L[s] = sum_k o[k] B[s, k]``: soft evidence of a probability reading."""
        return self.emissionprob @ to_vector(reading)

    def update(self, reading: Sequence[float], persona: str | None) -> TrackerStep:
        """Filter one reading of the debtor's message; ``persona`` is the creditor emotion
        displayed in the message the debtor answers (None for the first message)."""
        obs = to_vector(reading)
        emit = self.emissionprob
        lik = emit @ obs
        if self.belief is None:
            prior = self.startprob
            trans = None
        else:
            trans = self.transmat(persona)
            prior = self.belief @ trans
        post = prior * lik
        total = post.sum()
        if not np.isfinite(total) or total <= _EPS:
            post = prior.copy()  # evidence carries no information: keep the prediction
            total = post.sum()
        post = post / total
        if self.learn:
            self._accumulate(obs, emit, lik, post, trans, persona)
        self.belief = post
        self.steps += 1
        return TrackerStep(tuple(float(x) for x in post), self.predictions())

    def _accumulate(
        self,
        obs: np.ndarray,
        emit: np.ndarray,
        lik: np.ndarray,
        post: np.ndarray,
        trans: np.ndarray | None,
        persona: str | None,
    ) -> None:
        # emissions: gamma(s) times the responsibility of label k given s and the soft reading
        resp = emit * obs[None, :] / np.maximum(lik[:, None], _EPS)
        self.emit_counts += post[:, None] * resp
        if trans is None or self.belief is None:
            self.start_counts += post
            return
        xi = self.belief[:, None] * trans * lik[None, :]
        z = xi.sum()
        if z > _EPS and persona is not None:
            self.trans_counts[INDEX[persona]] += xi / z

    def predictions(self) -> dict[str, tuple[float, ...]]:
        """The debtor's next-emotion distribution for each creditor persona."""
        base = self.startprob if self.belief is None else self.belief
        out = {}
        for c in EMOTIONS:
            nxt = base @ self.transmat(c) if self.belief is not None else base
            out[c] = tuple(float(x) for x in nxt)
        return out

    # -- batch re-fit with hmmlearn ----------------------------------------------------------
    def refit(self, dialogues: Sequence[Sequence[str]], strength: float = 20.0, n_iter: int = 20):
        """Re-centre the Dirichlet priors on an EM fit over finished dialogues.

        ``dialogues`` are sequences of the sensor's top emotions. hmmlearn's
        ``CategoricalHMM`` (with our current priors as its Dirichlet priors) fits start,
        pooled transition and emission probabilities; the new priors are those means with
        total pseudo-count ``strength`` per row. Online counts are kept. Returns the model.
        """
        from hmmlearn.hmm import CategoricalHMM

        seqs = [[INDEX[e] for e in d] for d in dialogues if len(d) > 0]
        if not seqs:
            raise ValueError("refit needs at least one non-empty dialogue")
        model = CategoricalHMM(
            n_components=N_EMOTIONS, n_features=N_EMOTIONS, n_iter=n_iter, init_params="",
            params="ste", random_state=0,
            startprob_prior=self.start_prior, transmat_prior=self.trans_prior,
            emissionprob_prior=self.emit_prior,
        )  # fmt: skip
        model.startprob_ = self.startprob
        model.transmat_ = self.transmat(None)
        model.emissionprob_ = self.emissionprob
        x = np.concatenate(seqs).reshape(-1, 1)
        model.fit(x, lengths=[len(s) for s in seqs])
        self.start_prior = model.startprob_ * strength + 1e-3
        self.trans_prior = model.transmat_ * strength + 1e-3
        self.emit_prior = model.emissionprob_ * strength + 1e-3
        return model

    # -- persistence -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "learn": self.learn,
            "priors": {
                "start": self.start_prior.tolist(),
                "transition": self.trans_prior.tolist(),
                "emission": self.emit_prior.tolist(),
            },
            "start_counts": self.start_counts.tolist(),
            "trans_counts": self.trans_counts.tolist(),
            "emit_counts": self.emit_counts.tolist(),
            "belief": None if self.belief is None else self.belief.tolist(),
            "steps": self.steps,
        }

    def load_state(self, d: dict[str, Any]) -> None:
        self.learn = d.get("learn", True)
        self.start_prior = np.asarray(d["priors"]["start"], dtype=float)
        self.trans_prior = np.asarray(d["priors"]["transition"], dtype=float)
        self.emit_prior = np.asarray(d["priors"]["emission"], dtype=float)
        self.start_counts = np.asarray(d["start_counts"], dtype=float)
        self.trans_counts = np.asarray(d["trans_counts"], dtype=float)
        self.emit_counts = np.asarray(d["emit_counts"], dtype=float)
        self.belief = None if d.get("belief") is None else np.asarray(d["belief"], dtype=float)
        self.steps = int(d.get("steps", 0))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> OnlineHMMTracker:
        t = cls()
        t.load_state(d)
        return t


class ReadingTracker:
    """No latent model: the belief is the latest reading, and it is predicted to persist."""

    name = "reading"

    def __init__(self) -> None:
        self.belief: np.ndarray | None = None

    def start_dialogue(self) -> None:
        self.belief = None

    def update(self, reading: Sequence[float], persona: str | None) -> TrackerStep:
        self.belief = to_vector(reading)
        return TrackerStep(tuple(float(x) for x in self.belief), self.predictions())

    def predictions(self) -> dict[str, tuple[float, ...]]:
        base = self.belief if self.belief is not None else to_vector({"neutral": 1.0})
        return {c: tuple(float(x) for x in base) for c in EMOTIONS}

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "belief": None if self.belief is None else self.belief.tolist()}

    def load_state(self, d: dict[str, Any]) -> None:
        self.belief = None if d.get("belief") is None else np.asarray(d["belief"], dtype=float)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReadingTracker:
        t = cls()
        t.load_state(d)
        return t


TRACKERS = {"hmm": OnlineHMMTracker, "reading": ReadingTracker}


def make_tracker(name: str) -> OnlineHMMTracker | ReadingTracker:
    if name not in TRACKERS:
        raise ValueError(f"unknown tracker {name!r}; expected one of {', '.join(TRACKERS)}")
    return TRACKERS[name]()


def tracker_from_dict(d: dict[str, Any]) -> OnlineHMMTracker | ReadingTracker:
    return TRACKERS[d["name"]].from_dict(d)
