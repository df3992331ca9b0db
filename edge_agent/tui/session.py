"""What the app negotiates with: the settings of a session and the agent they build.

Everything here runs without Textual, so it can be tested directly and called from worker
threads. :class:`TurnView` is a snapshot taken in the worker, so the UI thread never reads
an agent that a worker may be changing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from edge_agent.agent import Negotiator, Reply
from edge_agent.state.store import SessionStore
from edge_core import Scenario
from edge_core.moves import MoveKind
from policies.registry import policy_choices

POLICIES = policy_choices()
"""The policy menu of the new-session screen: every registered policy, then ``fixed:`` per
emotion (derived, so a policy added to the registry appears here too)."""


@dataclass(frozen=True)
class SessionSettings:
    """How to build a negotiator: scenario, policy, backend, seed and sensor."""

    scenario: Scenario
    policy: str = "eq"
    backend: str = "template"
    seed: int = 0
    sensor: str = "default"
    label: str = "custom"
    crad: Path | None = None
    store: Path | None = None
    """Session database: every turn is committed there (None: nothing is stored)."""
    resume_id: str | None = None
    """A stored session to continue at start-up instead of opening a new one."""

    def with_backend(self, backend: str) -> SessionSettings:
        return replace(self, backend=backend)

    def summary(self) -> str:
        s = self.scenario
        return (f"{self.label} · ${s.balance:,.0f} · target {s.creditor_target_days}d · "
                f"mandate {s.max_days}d · {self.policy} · {backend_label(self.backend)} · "
                f"seed {self.seed}")


def backend_label(backend: str) -> str:
    """``template``, ``llama`` or a model file's name."""
    return backend if backend in ("template", "llama") else Path(backend).name


def custom_scenario(target: int, max_days: int | None, balance: float) -> Scenario:
    """A scenario from the custom form (mandate defaults to 5 x target, as the CLI)."""
    return Scenario.custom(target, max_days, balance)


def build_negotiator(settings: SessionSettings, on_reset: Callable[[], None] | None = None
                     ) -> tuple[Negotiator, str | None]:
    """The agent for ``settings`` and a warning, or the template agent when a model fails.

    A model that cannot be loaded (missing, corrupt, llama.cpp absent, too little memory) must
    not end the session: the agent falls back to the template realiser and the warning says
    why. Errors of the settings themselves (an unknown policy) propagate. ``on_reset`` is
    called (in the worker) when the model's streamed draft is rejected and a new one follows.
    """
    store = SessionStore(settings.store) if settings.store else None

    def make(backend: str) -> Negotiator:
        return Negotiator(settings.scenario, policy=settings.policy, backend=backend,
                          seed=settings.seed, sensor=settings.sensor,
                          backend_options=_options(backend, on_reset), store=store)

    if settings.backend == "template":
        return make("template"), None
    try:
        return make(settings.backend), None
    except Exception as exc:  # any loading failure: show it and keep negotiating
        agent = make("template")
        return agent, f"Model {backend_label(settings.backend)!r} failed to load: {exc}. " \
                      "Using the template realiser."


def resume_negotiator(saved: str, backend: str, sensor: str | None = None,
                      on_reset: Callable[[], None] | None = None,
                      stored: tuple[SessionStore, str] | None = None,
                      ) -> tuple[Negotiator, str | None]:
    """A saved session on ``backend``, falling back to the template realiser like
    :func:`build_negotiator`. Format errors propagate. ``stored`` (a store and the session's
    id there) makes new turns keep being committed to that store."""
    agent, warning = _resume(saved, backend, sensor, on_reset)
    if stored is not None:
        agent.store, agent.session_id = stored
    return agent, warning


def _resume(saved: str, backend: str, sensor: str | None,
            on_reset: Callable[[], None] | None) -> tuple[Negotiator, str | None]:
    if backend == "template":
        return Negotiator.from_json(saved, backend="template", sensor=sensor), None
    Negotiator.from_json(saved, backend="template", sensor=sensor)  # format errors first
    try:
        return Negotiator.from_json(saved, backend=backend, sensor=sensor,
                                    backend_options=_options(backend, on_reset)), None
    except Exception as exc:
        agent = Negotiator.from_json(saved, backend="template", sensor=sensor)
        return agent, f"Model {backend_label(backend)!r} failed to load: {exc}. " \
                      "Using the template realiser."


def _options(backend: str, on_reset: Callable[[], None] | None) -> dict[str, Any] | None:
    return {"on_reset": on_reset} if backend != "template" and on_reset else None


def settings_of(agent: Negotiator, backend: str, label: str = "loaded",
                store: Path | None = None) -> SessionSettings:
    """The settings that describe a (loaded) agent; new sessions keep using ``store``."""
    cfg = agent.session.config
    return SessionSettings(agent.scenario, cfg.policy, backend, cfg.seed, cfg.sensor, label,
                           store=store)


@dataclass(frozen=True)
class TurnView:
    """Everything the side panels show after one creditor message."""

    trace: dict[str, Any]
    scenario: Scenario
    creditor_offers: list[int | None]
    debtor_offers: list[int | None]
    messages_used: int
    max_messages: int
    status: str
    agreed_days: int | None
    backend: str
    sensor_trace: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def messages_left(self) -> int:
        return max(0, self.max_messages - self.messages_used)

    @property
    def gap(self) -> int | None:
        """Days between the debtor's latest proposal and our standing offer."""
        mine = next((o for o in reversed(self.creditor_offers) if o is not None), None)
        theirs = next((o for o in reversed(self.debtor_offers) if o is not None), None)
        if mine is None or theirs is None:
            return None
        return theirs - mine


def turn_view(agent: Negotiator, reply: Reply | None = None) -> TurnView:
    """A snapshot of ``agent`` after its latest reply (call it where the agent is used)."""
    s = agent.session
    turns = s.turns
    trace = reply.trace if reply is not None else (turns[-1].trace if turns else {})
    debtor: list[int | None] = []
    for t in turns:
        if t.move is not None and t.move.kind == MoveKind.PROPOSE:
            debtor.append(t.move.days)
    sensed = next((t.trace for t in reversed(turns) if "sensor" in t.trace), None)
    return TurnView(
        trace=trace, scenario=s.scenario,
        creditor_offers=[t.decision.offer_days for t in turns], debtor_offers=debtor,
        messages_used=s.messages_used, max_messages=s.config.max_messages, status=s.status,
        agreed_days=s.agreed_days, backend=agent.backend, sensor_trace=sensed,
    )  # fmt: skip
