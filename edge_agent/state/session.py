"""The per-dialogue state, in one serialisable object.

Everything a dialogue needs to continue lives in :class:`Session`: the scenario, the
configuration that built the pipeline, one :class:`TurnRecord` per creditor message, and the
tracker's learned state. Derived facts (messages used, the standing offer, the exchanges a
policy sees) are computed from the turns, never stored twice, so a session loaded from JSON
cannot disagree with itself.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from edge_agent.state import trace as turn_trace
from edge_agent.state.status import ACTIVE_STATUSES, status_of
from edge_agent.state.validate import (
    SessionFormatError,
    check_depth,
    check_document_shape,
    check_scenario_fields,
    check_session,
    check_size,
    check_tracker_state,
    load_json,
)
from edge_core import LAST_MOVERS, Action, DebtorMove, Decision, Exchange, Scenario
from edge_core.dialogue import DialogueTurn

FORMAT_VERSION = 1
MAX_MESSAGES_LIMIT = 1000

__all__ = ["ACTIVE_STATUSES", "FORMAT_VERSION", "DialogueTurn", "NegotiatorConfig", "Session",
           "SessionFormatError", "TurnRecord", "status_of"]


LEGACY_CONFIG_FIELDS = frozenset({"backend", "payoff", "concession_name",
                                  "concession_distress_gain", "concession_hostility_brake",
                                  "deadline_messages", "last_mover"})
"""Config fields added after format 1 was first written: a document lacking some of them is
an older save and loads with their defaults (what it used); any other missing field is
refused."""


@dataclass(frozen=True)
class NegotiatorConfig:
    """How the pipeline was built; saved with the session so a resume rebuilds it exactly.

    Every parameter a decision depends on is here (policy, concession curve, acceptance
    tolerance, EQ window, payoff table), so a resumed dialogue decides what the original
    would have. ``payoff`` is None for the default table, else its 7x7 rows. ``backend`` is
    the realiser it was built with; a resume keeps it unless the caller names another.
    """

    policy: str = "eq"
    seed: int = 0
    sensor: str = "default"
    tracker: str = "hmm"
    max_messages: int = 30
    concession_exponent: float = 0.5
    concession_adaptive: bool = True
    tolerance: int = 0
    """The protocol's agreement zone in days (CRAD's is 5, set by sims.protocol); 0 = none."""
    eq_k: int = 4
    eq_n: int = 5
    concession_distress_gain: float = 0.5
    concession_hostility_brake: float = 0.3
    concession_name: str = "eq-boulware"
    payoff: tuple[tuple[float, ...], ...] | None = None
    backend: str = "template"
    deadline_messages: int | None = None
    """The protocol's message deadline, when it declares one; it replaces ``max_messages`` as
    the agent's clock (a NegMAS SAO game of n rounds has 2n messages)."""
    last_mover: str = "creditor"
    """Who sends the protocol's final message: ``creditor`` or ``debtor``."""

    def __post_init__(self) -> None:
        def whole(name: str, low: int, high: int) -> None:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(f"{name} must be a whole number in {low}..{high}, got {value!r}")

        def number(name: str, positive: bool = False) -> None:
            value = getattr(self, name)
            if (isinstance(value, bool) or not isinstance(value, int | float)
                    or (isinstance(value, int) and value.bit_length() > 1023)
                    or not math.isfinite(value) or value < 0 or (positive and value <= 0)):
                kind = "positive" if positive else "non-negative"
                raise ValueError(f"{name} must be a finite {kind} number, got {value!r:.40}")

        for name in ("policy", "sensor", "tracker", "concession_name", "backend"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value or len(value) > 4096:
                raise ValueError(f"{name} must be a non-empty name, got {value!r:.80}")
        whole("seed", -(2**63), 2**64 - 1)
        whole("max_messages", 3, MAX_MESSAGES_LIMIT)
        whole("tolerance", 0, 3650)
        whole("eq_k", 1, 1000)
        whole("eq_n", 1, 1000)
        if self.deadline_messages is not None:
            whole("deadline_messages", 3, MAX_MESSAGES_LIMIT)
        if self.last_mover not in LAST_MOVERS:
            raise ValueError(
                f"last_mover must be one of {', '.join(LAST_MOVERS)}, got {self.last_mover!r}"
            )
        if self.eq_k > self.eq_n:
            raise ValueError(f"eq_k ({self.eq_k}) must not exceed eq_n ({self.eq_n})")
        number("concession_exponent", positive=True)
        number("concession_distress_gain")
        number("concession_hostility_brake")
        if not isinstance(self.concession_adaptive, bool):
            raise ValueError(f"concession_adaptive must be true or false, got "
                             f"{self.concession_adaptive!r}")
        if self.payoff is not None:
            rows = self.payoff
            if (not isinstance(rows, list | tuple) or len(rows) != 7
                    or any(not isinstance(r, list | tuple) or len(r) != 7 for r in rows)
                    or any(isinstance(x, bool) or not isinstance(x, int | float)
                           or (isinstance(x, int) and x.bit_length() > 1023)
                           or not math.isfinite(x) for r in rows for x in r)):
                raise ValueError("payoff must be 7 rows of 7 finite numbers")
            object.__setattr__(self, "payoff", tuple(tuple(float(x) for x in r) for r in rows))

    @classmethod
    def from_dict(cls, d: Any) -> NegotiatorConfig:
        if not isinstance(d, dict):
            raise SessionFormatError("config must be an object")
        names = {f.name for f in fields(cls)}
        unknown, missing = set(d) - names, names - set(d)
        if unknown:
            raise SessionFormatError(f"unknown config field(s): {', '.join(sorted(unknown))}")
        if missing == LEGACY_CONFIG_FIELDS:
            missing = set()  # written before they existed: their defaults are what it used
        if missing:  # a default would silently replace the saved value
            raise SessionFormatError(f"missing config field(s): {', '.join(sorted(missing))}")
        try:
            return cls(**d)
        except (ValueError, OverflowError) as exc:  # OverflowError: 10**400 as a float
            raise SessionFormatError(f"config: {exc}") from None


@dataclass
class TurnRecord:
    """One creditor message and the debtor message it answers (none for the opening)."""

    index: int
    decision: Decision
    reply: str
    debtor_text: str | None = None
    move: DebtorMove | None = None
    reading: tuple[float, ...] | None = None
    trace: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "debtor_text": self.debtor_text,
            "move": None if self.move is None else self.move.to_dict(),
            "reading": None if self.reading is None else list(self.reading),
            "decision": self.decision.to_dict(),
            "reply": self.reply,
            "trace": self.trace,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TurnRecord:
        """Build a record from its dict; types are checked by ``check_session``."""
        if not isinstance(d, dict) or not isinstance(d.get("decision"), dict):
            raise SessionFormatError("a turn must be an object with a decision")
        move, reading = d.get("move"), d.get("reading")
        if move is not None and not isinstance(move, dict):
            raise SessionFormatError("a turn's move must be an object")
        if reading is not None and not isinstance(reading, list):
            raise SessionFormatError("a turn's reading must be a list")
        return cls(
            index=d["index"],
            decision=Decision.from_dict(d["decision"]),
            reply=d["reply"],
            debtor_text=d.get("debtor_text"),
            move=None if move is None else DebtorMove.from_dict(move),
            reading=None if reading is None else tuple(reading),
            trace=d["trace"],
        )

    def trusted_trace(self, config: NegotiatorConfig) -> dict[str, Any]:
        """The trace with every figure a display reads rebuilt from the validated record
        (see :func:`edge_agent.state.trace.trusted`)."""
        return turn_trace.trusted(self, config)


@dataclass
class Session:
    scenario: Scenario
    config: NegotiatorConfig
    turns: list[TurnRecord] = field(default_factory=list)
    tracker_state: dict[str, Any] | None = None

    @property
    def status(self) -> str:
        """``open`` while negotiating, ``awaiting_confirmation`` after terms were restated for
        the debtor's yes; ends ``agreed`` (confirmed), ``failed`` (limit or stop contact) or
        ``disputed`` (collection paused until the debt is validated)."""
        return status_of(self.turns[-1].decision.action) if self.turns else "open"

    @property
    def awaiting_days(self) -> int | None:
        """The restated terms awaiting the debtor's yes, if the last message was a CONFIRM."""
        last = self.turns[-1].decision if self.turns else None
        return last.offer_days if last is not None and last.action == Action.CONFIRM else None

    @property
    def restrictions(self) -> tuple[str, ...]:
        """Contact restrictions the debtor asked for so far, in the order first read."""
        seen = [r for t in self.turns if t.move is not None for r in t.move.restrictions]
        return tuple(dict.fromkeys(seen))

    @property
    def agreed_days(self) -> int | None:
        return self.turns[-1].decision.agreed_days if self.turns else None

    @property
    def standing_offer(self) -> int | None:
        return self.turns[-1].decision.offer_days if self.turns else None

    @property
    def messages_used(self) -> int:
        """Messages exchanged so far, both sides."""
        return sum(1 + (t.debtor_text is not None) for t in self.turns)

    def exchanges(self) -> tuple[Exchange, ...]:
        """(creditor message, debtor answer) pairs, from the turn records."""
        out = []
        for prev, cur in zip(self.turns, self.turns[1:], strict=False):
            if cur.move is None or cur.reading is None:
                continue
            out.append(Exchange(prev.decision.persona, prev.decision.offer_days, cur.move,
                                cur.reading, prev.decision.action.value))
        return tuple(out)

    def history(self) -> tuple[DialogueTurn, ...]:
        msgs: list[DialogueTurn] = []
        for t in self.turns:
            if t.debtor_text is not None:
                msgs.append(DialogueTurn("debtor", t.debtor_text))
            msgs.append(DialogueTurn("creditor", t.reply))
        return tuple(msgs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "scenario": self.scenario.to_dict(),
            "config": asdict(self.config),
            "turns": [t.to_dict() for t in self.turns],
            "tracker": self.tracker_state,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> Session:
        """Parse and validate a saved session (size, nesting, every invariant)."""
        if not isinstance(text, str | bytes):
            raise SessionFormatError(f"a saved session is text, got {type(text).__name__}")
        check_size(text)
        try:
            d = load_json(text)
        except SessionFormatError as exc:
            raise SessionFormatError(f"not a saved session: {exc}") from None
        return cls.from_dict(d)

    @classmethod
    def from_dict(cls, d: Any) -> Session:
        """The inverse of :meth:`to_dict`; a clear ``SessionFormatError`` for anything else,
        including any turn that breaks the mandate or the pipeline's invariants."""
        fmt = d.get("format") if isinstance(d, dict) else None
        if type(fmt) is not int or fmt != FORMAT_VERSION:  # not true, not 1.0
            raise SessionFormatError(
                f"not a saved session of format {FORMAT_VERSION} (got {type(d).__name__} "
                f"with format {d.get('format') if isinstance(d, dict) else None!r})"
            )
        check_depth(d)
        check_document_shape(d)
        try:
            if not isinstance(d["scenario"], dict) or not isinstance(d["turns"], list):
                raise SessionFormatError("scenario must be an object and turns a list")
            check_scenario_fields(d["scenario"])
            session = cls(
                scenario=Scenario.from_dict(d["scenario"]),
                config=NegotiatorConfig.from_dict(d["config"]),
                turns=[TurnRecord.from_dict(t) for t in d["turns"]],
                tracker_state=d.get("tracker"),
            )
            check_tracker_state(session.tracker_state, session.config.tracker)
            check_session(session)
            for t in session.turns:
                turn_trace.check_shape(f"turn {t.index}", t.trace, answers=t.index > 0)
                t.trace = turn_trace.trusted(t, session.config)
        except SessionFormatError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            raise SessionFormatError(f"saved session is incomplete or invalid: {exc}") from None
        return session
