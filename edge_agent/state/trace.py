"""The trace of one turn: what each stage read, decided and said, as one type.

Every reply carries a trace (``Reply.trace``, ``TurnRecord.trace``), and tools outside the
repository read its keys, so its dict form is public and must not drift. It used to be
written in two places in the negotiator, shape-checked in the session checks, rebuilt in the
session and read as raw dicts by the CLI and the TUI. Here it has one home:

- :class:`Trace` is built once per turn (by :mod:`edge_agent.turn`) and
  :meth:`Trace.to_dict` writes the dict every save holds, key for key and value for value;
- :func:`check_shape` is the one shape check a saved trace passes before anything reads it,
  and :func:`trusted` rebuilds the figures a display shows from the validated turn (a stored
  trace is not trusted);
- :class:`TraceView` is how a display or an exporter reads a trace dict, live or saved, old
  or new, without crashing on an entry an older save lacks.

Key order in :meth:`Trace.to_dict` is the order saves always had: ``turn``; for a turn that
answers a debtor message ``move reading debtor_ask sensor belief predicted_next signals
vulnerability``; then ``policy decision offer status awaiting_confirmation restrictions
realiser guard timings``, then the entries added since, at the end: ``display`` (early
display: ``first_shown_ms``, the time from the start of the turn to the first sentence shown,
or that would have been shown with nobody watching; ``early_sentences``, how many were shown
before the whole reply was judged; ``held``, the piece that stopped early display and why).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from edge_agent.state.status import status_of
from edge_agent.state.validate import SessionFormatError, check_probabilities, printable
from edge_agent.state.validate import _is_number as is_number
from edge_core import Action, DebtorMove, Decision, Tactic
from edge_core.emotions import EMOTIONS, top
from edge_core.emotions import to_dict as probs_dict

if TYPE_CHECKING:
    from edge_agent.state.session import NegotiatorConfig, TurnRecord

SUPPORT_TACTICS = (Tactic.SUPPORT, Tactic.CRISIS)
"""Tactics that offer the debtor a human follow-up (``vulnerability.human_followup_offered``)."""
TIMING_KEYS = ("parse_ms", "sensor_ms", "vulnerability_ms", "tracker_ms", "policy_ms", "plan_ms",
               "realiser_ms", "guard_ms")
"""The stages a turn times, in the order a trace lists them (the opening has the last three)."""


@dataclass(frozen=True)
class Answered:
    """The entries only a turn that answers a debtor message has: how the message was read,
    sensed and tracked, and the signals and disclosures the policy saw."""

    move: DebtorMove
    debtor_ask: int | None
    sensor: str
    """The sensor's name."""
    probs: tuple[float, ...]
    """The sensor's reading, in ``EMOTIONS`` order."""
    belief: tuple[float, ...]
    predicted_next: tuple[float, ...]
    """The tracker's predicted next emotion for the persona decided."""
    signals: Mapping[str, Any]
    """``policies.signals.read`` of the policy's view."""
    cues: frozenset[str]
    """Cues in the message answered."""
    signals_used: bool
    """Whether the concession curve adapts to the signals (else they are shown only)."""
    disclosed_now: frozenset[str]
    disclosed: frozenset[str]

    def to_dict(self, decision: Decision) -> dict[str, Any]:
        m = self.move
        return {
            "move": m.to_dict(),
            "reading": {"kind": m.kind.value, "days": m.days, "consent": m.consent.value,
                        "unsure": m.unsure, "reason": m.reason, "flags": list(m.flags)},
            "debtor_ask": self.debtor_ask,
            "sensor": {"name": self.sensor, "probs": probs_dict(self.probs),
                       "top": top(self.probs)},
            "belief": probs_dict(self.belief),
            "predicted_next": probs_dict(self.predicted_next),
            "signals": {**self.signals, "cues": sorted(self.cues), "used": self.signals_used},
            "vulnerability": {"now": sorted(self.disclosed_now),
                              "disclosed": sorted(self.disclosed),
                              "supportive": decision.supportive,
                              "human_followup_offered": decision.tactic in SUPPORT_TACTICS},
        }


@dataclass(frozen=True)
class Spoken:
    """How the reply was produced (``realiser``) and judged (``guard``).

    ``verdict`` is the guard's verdict (``GuardResult.to_dict()``) on the text the realise
    stage offered; ``replaced`` says the template's text was sent in its place."""

    backend: str
    path: str
    stats: Mapping[str, Any]
    rejected: list[dict[str, Any]]
    verdict: Mapping[str, Any]
    replaced: bool


@dataclass(frozen=True)
class Trace:
    """One turn's trace. Built once per turn; :meth:`to_dict` is what every save holds."""

    turn: int
    policy: str
    decision: Decision
    restrictions: tuple[str, ...]
    spoken: Spoken
    timings: Mapping[str, float] = field(default_factory=dict)
    answered: Answered | None = None
    display: Mapping[str, Any] | None = None
    """The early display's figures (``realise.display.EarlyDisplay.to_dict``)."""

    def to_dict(self) -> dict[str, Any]:
        d, said = self.decision, self.spoken
        out: dict[str, Any] = {"turn": self.turn}
        if self.answered is not None:
            out.update(self.answered.to_dict(d))
        out.update({
            "policy": {"name": self.policy, "mode": d.mode, "persona": d.persona,
                       "reason": d.reason},
            "decision": d.to_dict(),
            "offer": d.offer_days,
            "status": status_of(d.action),
            "awaiting_confirmation": d.offer_days if d.action == Action.CONFIRM else None,
            "restrictions": list(self.restrictions),
            "realiser": {"backend": said.backend, "path": said.path, "stats": said.stats,
                         "rejected": said.rejected},
            "guard": {**said.verdict, "replaced": said.replaced},
            "timings": {k: round(self.timings[k], 4) for k in _timing_order(self.timings)},
        })  # fmt: skip
        if self.display is not None:
            out["display"] = dict(self.display)
        return out


def _timing_order(timings: Mapping[str, float]) -> list[str]:
    return [k for k in TIMING_KEYS if k in timings] + [k for k in timings if k not in TIMING_KEYS]


# -- a saved trace: its shape, and what a display may trust in it -------------------------------
_OBJECTS = {"guard": {"ok": bool, "replaced": bool, "violations": list},
            "display": {"first_shown_ms": (int, float, type(None)), "early_sentences": int,
                        "held": list},
            "realiser": {"backend": str, "path": str, "stats": dict, "rejected": list},
            "vulnerability": {"now": list, "disclosed": list, "supportive": bool,
                              "human_followup_offered": bool}}


def check_shape(where: str, trace: Any, answers: bool) -> None:
    """The trace entries a display reads have the shapes the pipeline writes (the figures in
    them are rebuilt from the turn by :func:`trusted`): a panel that reads an edited trace
    must not crash. ``answers``: the turn answers a debtor message (the tracker panel reads
    its belief and prediction). Raises :class:`SessionFormatError`."""
    if not isinstance(trace, dict):
        raise SessionFormatError(f"{where}: trace must be an object")
    for key, shape in _OBJECTS.items():
        entry = trace.get(key)
        if entry is None:
            continue
        if not isinstance(entry, dict) or any(
                name in entry and not isinstance(entry[name], kind)
                for name, kind in shape.items()):
            raise SessionFormatError(f"{where}: trace.{key} is not what the pipeline writes")
    timings = trace.get("timings")
    if timings is not None and (not isinstance(timings, dict)
                                or not all(is_number(v) for v in timings.values())):
        raise SessionFormatError(f"{where}: trace.timings must map stages to numbers")
    if answers:
        for key in ("belief", "predicted_next"):
            value = trace.get(key)
            if not isinstance(value, dict) or set(value) != set(EMOTIONS):
                raise SessionFormatError(f"{where}: trace.{key} must give a probability for "
                                         f"each emotion")
            check_probabilities(f"{where} trace.{key}", [value[e] for e in EMOTIONS])


def trusted(record: TurnRecord, config: NegotiatorConfig) -> dict[str, Any]:
    """A saved turn's trace with every figure a display reads rebuilt from the validated
    record (call after :func:`check_shape` and the session checks).

    A stored trace is not trusted: its decision, offer, policy, move and sensor reading are
    replaced by the ones the checks passed, so a panel or an export can never show "accept,
    500 days" for a turn that countered at 30; any other entry that is not an object is
    dropped, so a display that reads it cannot crash, and control characters in its texts
    become U+FFFD (they would reach the terminal). Keys keep their saved order."""
    d, saved = record.decision, record.trace
    out: dict[str, Any] = {k: printable(v) for k, v in saved.items() if isinstance(v, dict)}
    out["turn"] = record.index
    if record.move is not None and record.reading is not None:
        sensor = saved.get("sensor")
        name = sensor.get("name") if isinstance(sensor, dict) else None
        out["move"] = record.move.to_dict()
        out["sensor"] = {"name": name if isinstance(name, str) else config.sensor,
                         "probs": probs_dict(record.reading), "top": top(record.reading)}
    else:
        out.pop("move", None)
        out.pop("sensor", None)
    # The consent protocol's entries, rebuilt from the decision where they are known.
    if "status" in saved:
        out["status"] = status_of(d.action)
    if "awaiting_confirmation" in saved:
        out["awaiting_confirmation"] = d.offer_days if d.action == Action.CONFIRM else None
    restrictions = saved.get("restrictions")
    if isinstance(restrictions, list) and all(isinstance(r, str) for r in restrictions):
        out["restrictions"] = printable(restrictions)
    ask = saved.get("debtor_ask")
    valid_ask = ask is None or (isinstance(ask, int) and not isinstance(ask, bool)
                                and 0 <= ask <= 100_000)
    if valid_ask and "debtor_ask" in saved:
        out["debtor_ask"] = ask
    out["policy"] = {"name": config.policy, "mode": d.mode, "persona": d.persona,
                     "reason": d.reason}
    out["decision"] = d.to_dict()
    out["offer"] = d.offer_days
    order = [k for k in saved if k in out] + [k for k in out if k not in saved]
    return {k: out[k] for k in order}


# -- reading a trace ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TraceView:
    """A trace dict as a display reads it: every entry with a safe default.

    For live traces and for saved ones (which passed :func:`check_shape` and
    :func:`trusted`), including saves older than some entries: a missing entry reads as
    empty, never as an error."""

    raw: Mapping[str, Any]

    @classmethod
    def of(cls, trace: Mapping[str, Any] | None) -> TraceView:
        return cls(trace if isinstance(trace, Mapping) else {})

    def _entry(self, key: str) -> Mapping[str, Any]:
        value = self.raw.get(key)
        return value if isinstance(value, Mapping) else {}

    @property
    def answered(self) -> bool:
        """The turn answers a debtor message (it has the sensor's reading)."""
        return bool(self._entry("sensor"))

    @property
    def sensor(self) -> Mapping[str, Any]:
        return self._entry("sensor")

    @property
    def sensor_top(self) -> str | None:
        return self.sensor.get("top")

    @property
    def sensor_probs(self) -> Mapping[str, float]:
        probs = self.sensor.get("probs")
        return probs if isinstance(probs, Mapping) else {}

    @property
    def policy(self) -> Mapping[str, Any]:
        return self._entry("policy")

    @property
    def mode(self) -> str | None:
        return self.policy.get("mode")

    @property
    def decision(self) -> Mapping[str, Any]:
        return self._entry("decision")

    @property
    def reading(self) -> Mapping[str, Any]:
        """How the debtor's message was read (``kind days consent unsure reason flags``)."""
        return self._entry("reading")

    @property
    def restrictions(self) -> list[str]:
        value = self.raw.get("restrictions")
        return list(value) if isinstance(value, list) else []

    @property
    def guard(self) -> Mapping[str, Any]:
        return self._entry("guard")

    @property
    def replaced(self) -> bool:
        """The guard replaced the realiser's text with the template's."""
        return bool(self.guard.get("replaced"))

    @property
    def realiser(self) -> Mapping[str, Any]:
        return self._entry("realiser")

    @property
    def path(self) -> str | None:
        """Which route produced the text (``template``, ``llm``, ``llm_retry``,
        ``fallback``, ``guard_fallback``)."""
        return self.realiser.get("path")

    @property
    def rejected(self) -> list[Any]:
        value = self.realiser.get("rejected")
        return value if isinstance(value, list) else []

    @property
    def timings(self) -> Mapping[str, float]:
        return self._entry("timings")

    @property
    def display(self) -> Mapping[str, Any]:
        """The early display's figures (empty in saves older than it)."""
        return self._entry("display")

    @property
    def first_shown_ms(self) -> float | None:
        """Time from the start of the turn to the first sentence shown."""
        value = self.display.get("first_shown_ms")
        return float(value) if is_number(value) else None

    @property
    def awaiting_confirmation(self) -> int | None:
        return self.raw.get("awaiting_confirmation")

    @property
    def debtor_ask(self) -> int | None:
        return self.raw.get("debtor_ask")


__all__ = ["SUPPORT_TACTICS", "TIMING_KEYS", "Answered", "Spoken", "Trace", "TraceView",
           "check_shape", "trusted"]
