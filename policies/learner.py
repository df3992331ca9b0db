"""``eq``: persona choice anchored on the emotion-blind baseline, learned conservatively.

Choice of method: a **baseline-anchored conservative contextual bandit** (docs/learning-eq.md
gives the reasoning and the references). The baseline is what ``vanilla`` shows: a neutral
message with no persona instruction. ``eq`` shows it unless its evidence says a departure is
better, and the loss its learning may cost is bounded:

- **Exploit only what is proven** (safe policy improvement with baseline bootstrapping,
  Laroche, Trichelair & Tachet des Combes 2019): a persona replaces the baseline in context
  ``x`` only when it has been seen there at least ``min_evidence`` times (context-weighted)
  and the *lower* confidence bound of its reward, ``w_c . x - z sd_c(x)``, beats the
  baseline's estimated reward. Without evidence nothing can pass, so with no evidence ``eq``
  decides exactly as ``vanilla``.
- **Explore within a loss budget** (conservative bandits: Wu, Shariff, Lattimore &
  Szepesvari 2016; conservative linear bandits, Kazerouni et al. 2017): a persona not yet
  proven may be tried only if the estimated reward lost so far by every non-baseline turn on
  the device, plus the pessimistic loss of this one, stays within ``alpha`` reward units per
  turn played. The budget is earned across earlier dialogues only (a device with no history
  has none), and only :data:`EXPLORABLE` personas are ever tried to learn about them: warmth
  and empathy, which the literature does not link to escalation. A persona with a risk of
  escalation (firm, and the research personas) is never tried on a live debtor to learn about
  it; it is shown only once evidence (a learned state) proves it.
- **Never firm toward distress**: against a distressed debtor (fear or sadness reaching one
  half, or a hardship claim) firm is not a candidate; a vulnerable debtor sees only
  :data:`SUPPORTIVE` personas.

The reward model is the Bayesian linear regression of the earlier Thompson learner (same
sufficient statistics, so saved learned states load unchanged): per persona ``r ~ w_c . x``
over the tracked emotion state, prior ``N(prior_scale x payoff row, 1 / prior_precision)``
(``prior_scale`` 0: every persona starts level with the baseline, the table is no evidence),
noise ``noise``. Rewards, measured from the debtor's answer to each displayed persona
(:func:`turn_reward`): acceptance +1; movement toward our offer, the share of the remaining
gap closed (negative when the debtor backtracks); half any rise in negative emotion mass as a
penalty, and an extra -0.5 for escalation (hostility up by 0.2, or any negative emotion up by
0.25) or a request to stop contact. A *fall* in negative emotion earns nothing: in the
population runs a warm or empathetic display that calmed competitive debtors was learned as
better while those debtors conceded less, and the deal is what the reward must measure; at
the end (:meth:`LearnerPolicy.learn`) a break-off costs the last persona -1 (and counts
``breakoff_weight`` = 3 times in its risk estimate) and a dialogue that ran out of messages
-0.3.

The escalation risk of each persona (a Beta estimate per persona and state whose prior,
:meth:`LearnerPolicy.prior_risk`, is 0.3 for displayed anger, disgust and fear and 0.1
otherwise) must stay under ``max_risk`` for a persona to be explored or exploited.

The choice is deterministic (no sampling): the generator passed to :meth:`choose` is not used,
and the learned state is an explicit, serialisable :class:`LearnerState`, so the policy stays a
pure function.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from edge_core import MoveKind, NegotiationView
from edge_core.emotions import EMOTIONS, INDEX, N_EMOTIONS, negative_mass, one_hot, to_vector
from policies.payoff import PayoffMatrix
from policies.persona import PersonaChoice

SUPPORTIVE = ("sadness", "neutral", "joy")
"""Mirrors ``policies.strategy.SUPPORTIVE_PERSONAS`` (a test keeps them equal)."""
BASELINE = "neutral"
"""What the emotion-blind baseline shows (``vanilla``: neutral, uninstructed)."""
PROFESSIONAL = ("neutral", "joy", "sadness", "anger")
"""The personas a creditor shows, in Ekman labels: neutral, warm (joy), empathetic (sadness)
and firm (anger); see :data:`policies.persona.PERSONA_SETS`."""
EXPLORABLE = ("neutral", "joy", "sadness")
"""Personas that may be tried to learn about them (no known escalation risk)."""
HOSTILE = (INDEX["anger"], INDEX["disgust"])
STATE_VERSION = 1
MAX_COUNT = 10**12
"""Largest dialogue or turn count a learned state may carry (far beyond any device's life,
well inside SQLite's 64-bit integers)."""
MAX_STAT = 1e9
"""Largest magnitude of any learned statistic: a turn adds at most ~3 to any entry, so a
larger value was not learned but written by hand (and 1e308 would overflow to NaN)."""

_ZERO7 = (0.0,) * N_EMOTIONS


class LearnedStateError(ValueError):
    """A learned state that cannot be used (unknown policy, bad row, newer schema, a value
    no dialogue can produce). Defined here so the policies can refuse a bad state
    themselves; :mod:`edge_agent.state.learned_store` re-exports it."""


def check_count(where: str, value: Any) -> int:
    """A whole, non-negative count (not a bool, a float or a string) within MAX_COUNT."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise LearnedStateError(f"{where} must be a whole number, got {value!r:.60}")
    if not 0 <= value <= MAX_COUNT:
        raise LearnedStateError(f"{where} = {value} is outside 0..{MAX_COUNT}")
    return int(value)


def check_version(where: str, value: Any, expected: int) -> None:
    """A format version: exactly the int ``expected`` (``true`` and ``1.0`` are refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or value != expected:
        raise LearnedStateError(f"{where} {value!r:.40}; this build reads version {expected}")


def check_matrix(where: str, value: Any, shape: tuple[int, ...], low: float = -MAX_STAT,
                 high: float = MAX_STAT) -> np.ndarray:  # fmt: skip
    """``value`` as an array of exactly ``shape``, built only from real numbers (no strings,
    bools or nulls) that are finite and within ``low..high``."""
    flat: list[float] = []
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth == len(shape):
            if isinstance(item, bool) or not isinstance(item, int | float | np.number):
                raise LearnedStateError(f"{where}: entries must be numbers, got {item!r:.40}")
            v = float(item) if not isinstance(item, int) or abs(item) < 2**1023 else math.inf
            if not (math.isfinite(v) and low <= v <= high):
                raise LearnedStateError(f"{where}: entry {item!r:.40} is not a finite number in "
                                        f"{low:g}..{high:g}")  # fmt: skip
            flat.append(v)
            continue
        if isinstance(item, str | bytes) or not isinstance(item, Sequence | np.ndarray) or (
            len(item) != shape[depth]
        ):
            raise LearnedStateError(f"{where} must have shape {shape}")
        stack.extend((v, depth + 1) for v in reversed(list(item)))
    return np.array(flat, dtype=float).reshape(shape)


def check_psd(where: str, m: np.ndarray) -> None:
    """A sum of outer products is symmetric positive semi-definite: checked with a Cholesky
    of ``m`` plus a jitter far below any learned entry (a singular or negative matrix would
    make the posterior precision singular or indefinite)."""
    scale = max(1.0, float(np.abs(m).max()))
    if not np.allclose(m, m.T, rtol=1e-9, atol=1e-9 * scale):
        raise LearnedStateError(f"{where} is not symmetric")
    try:
        np.linalg.cholesky(m + 1e-9 * scale * np.eye(len(m)))
    except np.linalg.LinAlgError:
        raise LearnedStateError(f"{where} is not positive semi-definite") from None


def _mat(n: int) -> tuple[tuple[float, ...], ...]:
    return (_ZERO7,) * n


@dataclass(frozen=True)
class LearnerState:
    """Sufficient statistics carried across dialogues (data only, no priors).

    ``xx[c]``: sum of x x^T over turns persona ``c`` was shown (7x7); ``xr[c]``: sum of x r
    (7); ``esc[c]`` and ``seen[c]``: context-weighted counts of escalations and of turns.
    """

    xx: tuple[tuple[tuple[float, ...], ...], ...] = (_mat(N_EMOTIONS),) * N_EMOTIONS
    xr: tuple[tuple[float, ...], ...] = _mat(N_EMOTIONS)
    esc: tuple[tuple[float, ...], ...] = _mat(N_EMOTIONS)
    seen: tuple[tuple[float, ...], ...] = _mat(N_EMOTIONS)
    dialogues: int = 0
    turns: int = 0
    kind: str = "eq"
    version: int = STATE_VERSION
    base: LearnerState | None = field(default=None, compare=False, repr=False)
    """The state this one was learned from (set by :meth:`LearnerPolicy.learn`, never
    serialised): a store adds ``self - base`` to what it holds, so dialogues concluded in
    parallel all count (the statistics are additive)."""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Refuse (LearnedStateError) anything learning cannot produce: wrong shapes,
        non-numbers, non-finite or huge values, an ``xx[c]`` that is not symmetric positive
        semi-definite, negative counts, more escalations than turns."""
        if self.kind != "eq":
            raise LearnedStateError(f"not an eq learner state: kind {self.kind!r:.40}")
        check_version("eq learner state version", self.version, STATE_VERSION)
        check_count("eq learner state: dialogues", self.dialogues)
        check_count("eq learner state: turns", self.turns)
        n = N_EMOTIONS
        xx = check_matrix("eq learner state: xx", self.xx, (n, n, n))
        check_matrix("eq learner state: xr", self.xr, (n, n))
        esc = check_matrix("eq learner state: esc", self.esc, (n, n), 0.0)
        seen = check_matrix("eq learner state: seen", self.seen, (n, n), 0.0)
        if np.any(esc > seen * (1 + 1e-9) + 1e-9):
            raise LearnedStateError("eq learner state: esc exceeds seen (more escalations "
                                    "than turns)")  # fmt: skip
        for c, name in enumerate(EMOTIONS):
            check_psd(f"eq learner state: xx[{name}]", xx[c])
        if self.base is not None and not isinstance(self.base, LearnerState):
            raise LearnedStateError("eq learner state: base must be a LearnerState")

    def merged_into(self, stored: LearnerState | None) -> LearnerState:
        """``stored`` plus what this state learned since its base (this state itself when
        nothing is stored or it has no base): the store's atomic merge."""
        if stored is None or self.base is None:
            return replace(self, base=None)
        a, b, c = self.arrays(), self.base.arrays(), stored.arrays()
        merged = [s + (x - y) for x, y, s in zip(a, b, c, strict=True)]
        merged[2] = np.clip(merged[2], 0.0, None)  # round-off must not make a count < 0
        merged[3] = np.clip(merged[3], 0.0, None)
        return LearnerState.from_arrays(
            *merged, max(0, stored.dialogues + self.dialogues - self.base.dialogues),
            max(0, stored.turns + self.turns - self.base.turns))  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "version": self.version, "dialogues": self.dialogues,
            "turns": self.turns, "xx": [[list(r) for r in m] for m in self.xx],
            "xr": [list(r) for r in self.xr], "esc": [list(r) for r in self.esc],
            "seen": [list(r) for r in self.seen],
        }  # fmt: skip

    @classmethod
    def from_dict(cls, d: Any) -> LearnerState:
        """Validated load: anything :meth:`validate` refuses, a missing or unknown key or a
        non-object raises LearnedStateError (a ValueError)."""
        if not isinstance(d, dict):
            raise LearnedStateError(f"an eq learner state is an object, got {type(d).__name__}")
        if d.get("kind") != "eq":
            raise LearnedStateError(f"not an eq learner state: kind {d.get('kind')!r:.40}")
        check_version("eq learner state version", d.get("version"), STATE_VERSION)
        keys = {"kind", "version", "dialogues", "turns", "xx", "xr", "esc", "seen"}
        if set(d) != keys:
            raise LearnedStateError(f"eq learner state: keys must be {sorted(keys)}, missing "
                                    f"{sorted(keys - set(d))}, unknown "
                                    f"{sorted(map(str, set(d) - keys))[:5]}")  # fmt: skip
        n = N_EMOTIONS
        xx = check_matrix("eq learner state: xx", d["xx"], (n, n, n))
        xr, esc, seen = (check_matrix(f"eq learner state: {k}", d[k], (n, n))
                         for k in ("xr", "esc", "seen"))  # fmt: skip
        return cls.from_arrays(xx, xr, esc, seen,
                               check_count("eq learner state: dialogues", d["dialogues"]),
                               check_count("eq learner state: turns", d["turns"]))  # fmt: skip

    @classmethod
    def from_arrays(
        cls, xx: np.ndarray, xr: np.ndarray, esc: np.ndarray, seen: np.ndarray,
        dialogues: int, turns: int, base: LearnerState | None = None,
    ) -> LearnerState:  # fmt: skip
        def t2(a: np.ndarray) -> tuple[tuple[float, ...], ...]:
            return tuple(tuple(float(v) for v in row) for row in a)

        if base is not None and base.base is not None:
            base = replace(base, base=None)  # one level: no chain of every earlier state
        return cls(tuple(t2(m) for m in xx), t2(xr), t2(esc), t2(seen), dialogues, turns,
                   base=base)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return (np.asarray(self.xx, dtype=float), np.asarray(self.xr, dtype=float),
                np.asarray(self.esc, dtype=float), np.asarray(self.seen, dtype=float))

    def summary(self) -> dict[str, Any]:
        """Per persona: turns seen (context-weighted) and escalation share, for the CLI."""
        _, _, esc, seen = self.arrays()
        return {
            c: {"turns": round(float(seen[i].sum()), 2),
                "escalation_share": (round(float(esc[i].sum() / seen[i].sum()), 3)
                                     if seen[i].sum() > 0 else None)}
            for i, c in enumerate(EMOTIONS)
        }  # fmt: skip


@dataclass(frozen=True)
class TurnEvidence:
    """What one displayed persona earned: context, reward and whether it escalated."""

    persona: str
    context: tuple[float, ...]
    reward: float
    escalated: bool


def context_of(probs: tuple[float, ...] | None) -> np.ndarray:
    return one_hot("neutral") if probs is None else to_vector(probs)


def _hostility(probs: tuple[float, ...]) -> float:
    v = to_vector(probs)
    return float(v[HOSTILE[0]] + v[HOSTILE[1]])


def turn_reward(view: NegotiationView, i: int) -> TurnEvidence:
    """The reward of the persona shown in exchange ``i``, from the debtor's answer to it."""
    x = view.exchanges[i]
    before = view.exchanges[i - 1].debtor_probs if i > 0 else None
    move = x.debtor_move
    reward, escalated = 0.0, False
    if move.kind == MoveKind.ACCEPT:
        reward += 1.0
    elif move.kind == MoveKind.STOP:
        reward -= 1.0
        escalated = True
    elif move.kind == MoveKind.PROPOSE and move.days is not None:
        prev = [e.debtor_move.days for e in view.exchanges[:i]
                if e.debtor_move.kind == MoveKind.PROPOSE and e.debtor_move.days is not None]
        ours = x.creditor_offer or view.scenario.creditor_target_days
        if prev:
            gap = max(1, prev[-1] - ours)
            reward += float(np.clip((prev[-1] - move.days) / gap, -1.0, 1.0))
    if before is not None:
        rise = negative_mass(x.debtor_probs) - negative_mass(before)
        reward -= 0.5 * max(0.0, rise)  # calming is not itself deal value (see the docstring)
        if _hostility(x.debtor_probs) - _hostility(before) >= 0.2 or rise >= 0.25:
            escalated = True  # into hostility, or into fear/sadness (fearful exits)
    if escalated:
        reward -= 0.5
    return TurnEvidence(x.creditor_persona, tuple(context_of(before)), reward, escalated)


@dataclass(frozen=True)
class LearnerPolicy:
    """Contextual Thompson sampling over personas, with safe exploration."""

    state: LearnerState = field(default_factory=LearnerState)
    payoff: PayoffMatrix = field(default_factory=PayoffMatrix)
    prior_scale: float = 0.0
    prior_precision: float = 2.0
    noise: float = 0.25
    risk_prior: float = 2.0
    max_risk: float = 0.35
    this_debtor_weight: float = 2.0
    breakoff_weight: float = 3.0
    personas: tuple[str, ...] = PROFESSIONAL
    """The personas it may show: :data:`PROFESSIONAL` by default, all seven for research."""
    alpha: float = 0.05
    """Loss budget: the share of the baseline's reward that learning may cost (cumulative
    reward at least ``1 - alpha`` of what the baseline would have earned)."""
    z: float = 1.64
    """Width of the confidence bounds, in posterior standard deviations (one-sided 95%)."""
    min_evidence: float = 5.0
    """Context-weighted turns a persona needs in a context before it may be exploited there."""
    name: str = "eq"
    anchored: bool = True
    """:class:`policies.strategy.CreditorStrategy` decides the deal from the baseline's
    decision and departs from it only on evidence (:mod:`policies.affordability`)."""

    def __post_init__(self) -> None:
        unknown = [c for c in self.personas if c not in EMOTIONS]
        if unknown or BASELINE not in self.personas:
            raise ValueError(f"eq personas must be emotions including {BASELINE!r}, got "
                             f"{self.personas!r}")  # fmt: skip

    # -- posterior ------------------------------------------------------------------------
    def evidence(self, view: NegotiationView) -> list[TurnEvidence]:
        return [turn_reward(view, i) for i in range(len(view.exchanges))]

    def _stats(self, view: NegotiationView) -> tuple[np.ndarray, ...]:
        xx, xr, esc, seen = (a.copy() for a in self.state.arrays())
        esc_here, seen_here = np.zeros_like(esc), np.zeros_like(seen)
        for ev in self.evidence(view):
            c, x = INDEX[ev.persona], np.asarray(ev.context)
            xx[c] += np.outer(x, x)
            xr[c] += x * ev.reward
            esc_here[c] += x * ev.escalated
            seen_here[c] += x
        return xx, xr, esc, seen, esc_here, seen_here

    def posterior(self, xx: np.ndarray, xr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per persona mean (7x7) and covariance (7x7x7) of the reward weights."""
        prior_mean = self.prior_scale * self.payoff.array  # [persona, debtor emotion]
        lam = self.prior_precision
        means, covs = np.zeros((N_EMOTIONS, N_EMOTIONS)), np.zeros((N_EMOTIONS,) * 3)
        for c in range(N_EMOTIONS):
            precision = lam * np.eye(N_EMOTIONS) + xx[c] / self.noise
            # PD by construction (a validated xx[c] is PSD, lam > 0): invert via Cholesky
            chol_inv = np.linalg.inv(np.linalg.cholesky(precision))
            cov = chol_inv.T @ chol_inv
            means[c] = cov @ (lam * prior_mean[c] + xr[c] / self.noise)
            covs[c] = (cov + cov.T) / 2
        return means, covs

    def prior_risk(self) -> np.ndarray:
        """Prior escalation risk ``[persona, debtor emotion]``: 0.3 for displayed anger,
        disgust and fear (contempt, anger and alarm escalate conflict: Friedman et al. 2004;
        Van Kleef et al. 2004), 0.1 otherwise, lowered by 0.05 per payoff point of the table."""
        harsh = np.array([0.3 if e in ("anger", "disgust", "fear") else 0.1 for e in EMOTIONS])
        return np.clip(harsh[:, None] - 0.05 * self.payoff.array, 0.05, 0.6)

    def risk(self, x: np.ndarray, esc: np.ndarray, seen: np.ndarray,
             esc_here: np.ndarray, seen_here: np.ndarray) -> np.ndarray:  # fmt: skip
        """Estimated escalation / break-off probability of each persona in context ``x``."""
        p0 = self.prior_risk()
        w = self.this_debtor_weight
        a = self.risk_prior * p0 @ x + esc @ x + w * (esc_here @ x)
        n = self.risk_prior + seen @ x + w * (seen_here @ x)
        return a / n

    # -- the persona policy ---------------------------------------------------------------
    def budget(self, view: NegotiationView | None = None) -> dict[str, float]:
        """The conservative constraint's ledger. The allowance comes from the device's state
        only (this dialogue cannot fund its own exploration); the losses also count this
        dialogue's own non-baseline turns so far (``view``), measured the same way, so a
        dialogue that starts with budget cannot spend it once per turn: the constraint is on
        the cumulative reward, and without them every turn of a dialogue passed alone.
        ``lost_here`` is floored at 0: this dialogue's wins offset its own losses, but a net
        gain is no allowance (else a state with none, e.g. a resumed session's priors,
        explored once a non-baseline turn won).

        ``lost``: the reward every non-baseline turn is estimated to have lost against what the
        baseline earns *in the same contexts* (the baseline's posterior weights applied to
        those turns' contexts, minus their measured rewards; negative when they did better).
        ``allowance``: ``alpha`` times the baseline's mean reward per turn times every turn
        played, the conservative-bandit constraint (cumulative reward at least ``1 - alpha``
        of the baseline's). ``left`` = allowance - lost: what one more exploratory turn's worst
        case must fit in. A baseline that earns nothing on average gives nothing away."""
        xx, xr, _, seen = self.state.arrays()
        b = INDEX[BASELINE]
        means, _ = self.posterior(xx, xr)
        n = seen.sum(axis=1)
        mu_b = float(xr[b].sum() / n[b]) if n[b] > 0 else 0.0
        lost = float(sum(means[b] @ seen[c] - xr[c].sum()
                         for c in range(N_EMOTIONS) if c != b))  # fmt: skip
        here = [ev for ev in (self.evidence(view) if view is not None else [])
                if ev.persona != BASELINE]  # fmt: skip
        # a net gain here is not allowance: the dialogue's wins may offset its own losses but
        # never fund exploration beyond the stored budget (a resumed session, which restarts
        # from the priors with allowance 0, explored on its restored wins)
        lost_here = max(0.0, float(sum(means[b] @ np.asarray(ev.context) - ev.reward
                                       for ev in here)))  # fmt: skip
        turns = float(n.sum())
        allowance = self.alpha * max(0.0, mu_b) * turns
        return {"turns": turns, "baseline_mean": mu_b, "lost": lost + lost_here,
                "lost_here": lost_here, "allowance": allowance,
                "left": allowance - lost - lost_here}  # fmt: skip

    def candidates(self, view: NegotiationView, x: np.ndarray) -> list[str]:
        """Personas allowed now: the configured set, only caring ones for a vulnerable
        debtor, and never firm toward distress."""
        allowed = [c for c in EMOTIONS if c in self.personas]
        if view.vulnerabilities:
            allowed = [c for c in allowed if c in SUPPORTIVE]
        cues = view.debtor_cues[-1] if view.debtor_cues else frozenset()
        distressed = x[INDEX["fear"]] + x[INDEX["sadness"]] >= 0.5 or "hardship" in cues
        if distressed:
            allowed = [c for c in allowed if c != "anger"]
        return allowed

    def choose(self, view: NegotiationView, rng: np.random.Generator) -> PersonaChoice:
        xx, xr, esc, seen, esc_here, seen_here = self._stats(view)
        means, covs = self.posterior(xx, xr)
        x = context_of(view.belief if view.belief is not None
                       else (view.last.debtor_probs if view.last else None))
        risk = self.risk(x, esc, seen, esc_here, seen_here)
        mean = {c: float(means[INDEX[c]] @ x) for c in EMOTIONS}
        sd = {c: math.sqrt(max(0.0, float(x @ covs[INDEX[c]] @ x))) for c in EMOTIONS}
        evidence = {c: float((seen[INDEX[c]] + seen_here[INDEX[c]]) @ x) for c in EMOTIONS}
        allowed = [c for c in self.candidates(view, x) if risk[INDEX[c]] <= self.max_risk
                   or c == BASELINE]  # fmt: skip
        ledger = self.budget(view)
        base = mean[BASELINE]
        reason: dict[str, Any] = {
            "mean": {c: round(v, 4) for c, v in mean.items()},
            "lcb": {c: round(mean[c] - self.z * sd[c], 4) for c in EMOTIONS},
            "ucb": {c: round(mean[c] + self.z * sd[c], 4) for c in EMOTIONS},
            "evidence": {c: round(v, 2) for c, v in evidence.items()},
            "risk": {c: round(float(risk[INDEX[c]]), 4) for c in EMOTIONS},
            "allowed": allowed, "budget": {k: round(v, 4) for k, v in ledger.items()},
            "dialogues_learned": self.state.dialogues,
        }  # fmt: skip
        proven = [c for c in allowed if c != BASELINE and evidence[c] >= self.min_evidence
                  and mean[c] - self.z * sd[c] > base]  # fmt: skip
        if proven:
            best = max(proven, key=lambda c: (mean[c] - self.z * sd[c], -EMOTIONS.index(c)))
            return PersonaChoice(best, "eq:proven", {**reason, "why": f"{best} beats the "
                                 "baseline at its lower confidence bound"})  # fmt: skip
        # the pessimistic loss of this turn (never counted as a gain) must fit what is left
        hopeful = [c for c in allowed if c in EXPLORABLE and c != BASELINE
                   and mean[c] + self.z * sd[c] > base and ledger["left"] > 0
                   and max(0.0, base - (mean[c] - self.z * sd[c])) <= ledger["left"]]  # fmt: skip
        if hopeful:
            best = max(hopeful, key=lambda c: (mean[c] + self.z * sd[c], -EMOTIONS.index(c)))
            return PersonaChoice(best, "eq:explore", {**reason, "why": f"{best} may beat the "
                                 "baseline and its worst case fits the loss budget"})  # fmt: skip
        why = "no evidence that a departure from the baseline is better"
        return PersonaChoice(BASELINE, "eq:baseline", {**reason, "why": why}, instructed=False)

    # -- across dialogues -----------------------------------------------------------------
    def learn(
        self, view: NegotiationView, outcome: str, last_persona: str | None = None
    ) -> LearnerState:
        """The state after a finished dialogue: this dialogue's evidence added, plus the
        terminal reward of ``last_persona``, the last persona shown, which the debtor never
        answered (break-off -1, message limit -0.3)."""
        xx, xr, esc, seen = (a.copy() for a in self.state.arrays())
        evidence = self.evidence(view)
        terminal = {"breakoff": -1.0, "limit": -0.3}.get(outcome)
        if terminal is not None and last_persona is not None:
            probs = view.last.debtor_probs if view.last else None
            evidence.append(TurnEvidence(last_persona, tuple(context_of(probs)), terminal,
                                         outcome == "breakoff"))  # fmt: skip
        for k, ev in enumerate(evidence):
            c, x = INDEX[ev.persona], np.asarray(ev.context)
            # a break-off is the costliest escalation: it counts breakoff_weight times
            weight = self.breakoff_weight if outcome == "breakoff" and k == len(evidence) - 1 \
                and terminal is not None and last_persona is not None else 1.0
            xx[c] += np.outer(x, x)
            xr[c] += x * ev.reward
            esc[c] += weight * x * ev.escalated
            seen[c] += weight * x
        return LearnerState.from_arrays(xx, xr, esc, seen, self.state.dialogues + 1,
                                        self.state.turns + len(evidence), base=self.state)

    def with_state(self, state: LearnerState) -> LearnerPolicy:
        if not isinstance(state, LearnerState):
            raise TypeError(f"the eq policy takes a LearnerState, got {type(state).__name__}")
        state.validate()  # a state built by hand (dataclasses.replace) is checked again
        return replace(self, state=state)
