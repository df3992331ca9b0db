"""The one adapter between the TUI and the debtor simulators (``sims``, issue 5).

``edge_agent`` must never import ``sims`` at module level (sims depends on edge_agent), so the
simulators are imported here, lazily, by name. Everything the TUI needs from them goes through
:func:`list_personas`, :func:`make_debtor` and :class:`SimDebtor`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from edge_agent.agent import Reply
from edge_core import Scenario


class SpectatorUnavailable(RuntimeError):
    """The simulators are not installed, or could not be imported."""


def _sims(module: str) -> ModuleType:
    try:
        return importlib.import_module(f"sims.{module}")
    except ModuleNotFoundError as exc:
        if exc.name in ("sims", f"sims.{module}"):
            raise SpectatorUnavailable(
                "Spectator mode needs the debtor simulators (the sims package), which are "
                "not installed here."
            ) from None
        raise SpectatorUnavailable(f"The debtor simulators could not be imported: {exc}") from None
    except Exception as exc:  # a broken simulator must not take the TUI down
        raise SpectatorUnavailable(f"The debtor simulators could not be imported: {exc}") from None


def list_personas() -> tuple[str, ...]:
    """The simulated debtor personas (``vanilla``, ``angry``, ``cheating``...)."""
    return tuple(_sims("personas").PERSONAS)


@dataclass(frozen=True)
class SimTurn:
    """What the simulated debtor said, and whether it broke off."""

    text: str
    leave: bool = False
    emotion: str | None = None
    intent: str | None = None


class SimDebtor:
    """A rules debtor of one persona, fed the creditor's structured replies."""

    def __init__(self, persona: str, debtor: Any, message_type: Any) -> None:
        self.persona = persona
        self._debtor = debtor
        self._message = message_type

    def respond(self, reply: Reply, time: float) -> SimTurn:
        """The debtor's answer to ``reply``; ``time`` is the share of messages used (0-1)."""
        instructed = bool(reply.trace.get("decision", {}).get("instructed", True))
        msg = self._message(reply.text, reply.emotion, reply.offer_days, instructed)
        turn = self._debtor.respond(msg, min(max(time, 0.0), 1.0))
        return SimTurn(turn.text, bool(turn.leave), getattr(turn, "emotion", None),
                       getattr(turn, "intent", None))


def make_debtor(persona: str, scenario: Scenario, seed: int = 0) -> SimDebtor:
    """A simulated debtor; ``ValueError`` for an unknown persona."""
    if persona not in list_personas():
        raise ValueError(f"unknown debtor persona {persona!r}")
    module = _sims("debtor")
    return SimDebtor(persona, module.RuleDebtor(scenario, persona, seed=seed),
                     module.CreditorMessage)
