"""The per-dialogue state, in one serialisable object.

Everything a dialogue needs to continue lives in :class:`Session`: the scenario, the
configuration that built the pipeline, one :class:`TurnRecord` per creditor message, and the
tracker's learned state. Derived facts (messages used, the standing offer, the exchanges a
policy sees) are computed from the turns, never stored twice, so a session loaded from JSON
cannot disagree with itself.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from edge_agent.realisers.base import DialogueTurn
from edge_core import Action, DebtorMove, Decision, Exchange, Scenario

FORMAT_VERSION = 1


class SessionFormatError(ValueError):
    """A saved session that cannot be loaded."""


@dataclass(frozen=True)
class NegotiatorConfig:
    """How the pipeline was built; saved with the session so a resume rebuilds it."""

    policy: str = "eq"
    seed: int = 0
    sensor: str = "default"
    tracker: str = "hmm"
    max_messages: int = 30
    concession_exponent: float = 0.5
    concession_adaptive: bool = True
    tolerance: int = 5
    eq_k: int = 4
    eq_n: int = 5

    def __post_init__(self) -> None:
        if self.max_messages < 3:
            raise ValueError(f"max_messages must be at least 3, got {self.max_messages}")
        if self.tolerance < 0:
            raise ValueError(f"tolerance must be non-negative, got {self.tolerance}")


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
        return cls(
            index=int(d["index"]),
            decision=Decision.from_dict(d["decision"]),
            reply=d["reply"],
            debtor_text=d.get("debtor_text"),
            move=None if d.get("move") is None else DebtorMove.from_dict(d["move"]),
            reading=None if d.get("reading") is None else tuple(d["reading"]),
            trace=d.get("trace", {}),
        )


_CLOSING = {Action.ACCEPT: "agreed", Action.CLOSE_FAILED: "failed", Action.CLOSE_STOP: "failed",
            Action.CONFIRM: "awaiting_confirmation", Action.PAUSE_DISPUTE: "disputed"}
ACTIVE_STATUSES = ("open", "awaiting_confirmation")
"""Statuses in which the dialogue goes on (the debtor may write again)."""


def status_of(action: Action) -> str:
    """The session status once a decision with ``action`` is the latest turn."""
    return _CLOSING.get(action, "open")


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
    def from_json(cls, text: str) -> Session:
        try:
            d = json.loads(text)
        except (TypeError, json.JSONDecodeError) as exc:
            raise SessionFormatError(f"not a saved session (invalid JSON: {exc})") from None
        return cls.from_dict(d)

    @classmethod
    def from_dict(cls, d: Any) -> Session:
        """The inverse of :meth:`to_dict`; a clear ``SessionFormatError`` for anything else."""
        if not isinstance(d, dict) or d.get("format") != FORMAT_VERSION:
            raise SessionFormatError(
                f"not a saved session of format {FORMAT_VERSION} (got {type(d).__name__} "
                f"with format {d.get('format') if isinstance(d, dict) else None!r})"
            )
        try:
            return cls(
                scenario=Scenario.from_dict(d["scenario"]),
                config=NegotiatorConfig(**d["config"]),
                turns=[TurnRecord.from_dict(t) for t in d["turns"]],
                tracker_state=d.get("tracker"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise SessionFormatError(f"saved session is incomplete or invalid: {exc}") from None
