"""The options ``chat`` and ``tui`` share, and :func:`open_agent`, the one place they are
checked and turned into what either command starts from.

The two commands once carried copies of this block, and the copies drifted: ``tui`` did not
refuse ``--crad`` with ``--resume``, so it silently dropped it where ``chat`` refused it. Now
each option is declared once here, the options a stored session fixes are listed once
(:data:`RESUME_FIXED`), and both commands call :func:`open_agent`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from edge_agent.agent import Negotiator
from edge_agent.llm.models import resolve_model
from edge_agent.sense.registry import SENSOR_NAMES
from edge_agent.state.learned_store import LearnedStore
from edge_agent.state.store import SessionStore
from edge_core import Scenario, ScenarioError
from policies.registry import POLICY_NAMES

DEFAULT_BALANCE = 15700.0


def plain(text: str) -> str:
    """Help text shown as written: Typer renders help through Rich markup, which takes any
    ``[word]`` for a style tag and drops it, so the defaults in brackets (``[eq]``,
    ``[template; ...]``) vanished from ``--help``."""
    return escape(text)


def spoken_list(names: Iterable[str], last: str = "or") -> str:
    """``a, b or c``: how the help texts list names taken from a registry."""
    items = list(names)
    return f"{', '.join(items[:-1])} {last} {items[-1]}" if len(items) > 1 else "".join(items)


ScenarioOpt = Annotated[int | None, typer.Option(help="A CRAD scenario row (1-100).")]
CradOpt = Annotated[
    Path | None,
    typer.Option(help="CRAD CSV (default: ../shared/datasets/crad or $EDGE_AGENT_CRAD)."),
]
TargetOpt = Annotated[
    int | None, typer.Option("--target", help=plain("Creditor target days [12]."))
]
MaxDaysOpt = Annotated[
    int | None,
    typer.Option("--max-days", help=plain("Mandate: longest timeline allowed [5 x target].")),
]
BalanceOpt = Annotated[float | None, typer.Option(help=plain("Outstanding balance [15700]."))]
PolicyOpt = Annotated[str | None, typer.Option(help=plain(f"{spoken_list(POLICY_NAMES)} [eq]."))]
SeedOpt = Annotated[int | None, typer.Option(help=plain("Seed: the same seed gives the same "
                                                        "dialogue [0]."))]
BackendOpt = Annotated[
    str | None, typer.Option(help=plain("Realiser: template, llama (embedded GGUF) or a path to "
                                        "a .gguf [template; a resumed session keeps its own]."))
]
SensorOpt = Annotated[
    str, typer.Option(help=f"Emotion sensor: {spoken_list(('default', *SENSOR_NAMES))}.")
]
ModelOpt = Annotated[
    Path | None, typer.Option("--model", help="Any GGUF file: the same as --backend PATH."),
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help=plain("Session database [$EDGE_AGENT_DB or "
                                    "~/.local/share/edge-agent/sessions.db].")),
]
ResumeOpt = Annotated[
    str | None, typer.Option("--resume", help="Continue a stored session (see `sessions list`).")
]
SaveOpt = Annotated[
    bool, typer.Option("--save/--no-save", help="Commit every turn to the session database.")
]


@dataclass(frozen=True)
class AgentOptions:
    """The options ``chat`` and ``tui`` share, as given (None: not given)."""

    scenario: int | None = None
    crad: Path | None = None
    target: int | None = None
    max_days: int | None = None
    balance: float | None = None
    policy: str | None = None
    seed: int | None = None
    backend: str | None = None
    sensor: str = "default"
    resume: str | None = None
    db: Path | None = None
    save: bool = True
    model: Path | None = None


RESUME_FIXED = ("scenario", "crad", "target", "max_days", "balance", "policy", "seed")
"""Options a stored session already fixed: given with --resume they are refused, never
silently ignored."""


def refuse_with_resume(**given: object) -> None:
    """Refuse every option in ``given`` that was given (not None): a resumed session keeps
    what it was saved with."""
    named = [f"--{k.replace('_', '-')}" for k, v in given.items() if v is not None]
    if named:
        raise ScenarioError(f"{', '.join(named)} cannot change a stored session; --resume "
                            f"continues it as it was saved (only --backend and --sensor "
                            f"may be changed)")


def choose_backend(backend: str | None, model: Path | None, resume: str | None,
                   save: bool) -> str | None:
    """The realiser the options name; contradictory or empty choices are refused, never
    resolved silently (``--model`` and ``--backend`` together, ``--backend ''``, and
    ``--resume`` with ``--no-save``, since a resumed session is saved turn by turn)."""
    if model is not None and backend is not None:
        raise ScenarioError("give --model or --backend, not both (--model PATH is the same as "
                            "--backend PATH)")
    if backend is not None and not backend.strip():
        raise ScenarioError("--backend is empty; give template, llama, llama:<model> or a "
                            "path to a .gguf file")
    if resume and not save:
        raise ScenarioError("--resume continues a stored session and saves every new turn "
                            "to it; it cannot be combined with --no-save")
    return str(model) if model is not None else backend


def resolve_scenario(
    scenario: int | None,
    crad: Path | None,
    target: int | None,
    max_days: int | None,
    balance: float | None,
) -> Scenario:
    """A CRAD row (1-based) or a custom scenario from the target/mandate/balance options."""
    if scenario is not None:
        rows = Scenario.load_crad(crad)
        if not 1 <= scenario <= len(rows):
            raise ScenarioError(f"--scenario must be between 1 and {len(rows)}, got {scenario}")
        chosen = rows[scenario - 1]
        if balance is not None or target is not None:
            raise ScenarioError("--scenario takes the target and balance from CRAD; "
                                "drop --target/--balance or drop --scenario")
        # --max-days applies to the chosen row only: an error names that row, not row 1
        return chosen if max_days is None else chosen.with_mandate(max_days)
    return Scenario.custom(12 if target is None else target, max_days,
                           DEFAULT_BALANCE if balance is None else balance)


def check_model(backend: str | None) -> None:
    """A missing or non-GGUF model file is an error now, before a long start-up, not later."""
    if backend not in (None, "template"):
        resolve_model(backend)


@dataclass
class OpenedAgent:
    """What ``chat`` and ``tui`` start from once every shared option is checked."""

    scenario: Scenario
    """The chosen scenario; when resuming, the stored session's own replaces it."""
    label: str
    """``CRAD <row>`` or ``custom``."""
    policy: str
    backend: str | None
    """None: the template realiser for a new session, the saved backend when resuming."""
    seed: int
    sensor: str
    crad: Path | None
    resume: str | None
    store: SessionStore | None
    """The session database, open and checked (None with ``--no-save``)."""

    def negotiator(self) -> Negotiator:
        """The agent itself: the stored session continued, or a new one that learns into
        the session database when there is one."""
        if self.resume:
            assert self.store is not None  # --resume with --no-save is refused
            return Negotiator.resume(self.store, self.resume, self.backend,
                                     sensor=None if self.sensor == "default" else self.sensor)
        learning = LearnedStore(self.store.path) if self.store is not None else None
        return Negotiator(self.scenario, policy=self.policy, backend=self.backend or "template",
                          seed=self.seed, sensor=self.sensor, store=self.store,
                          learning=learning)

    def saved_backend(self) -> str:
        """The backend the resumed session was held on."""
        assert self.resume is not None and self.store is not None
        return self.store.load(self.resume).config.backend

    def release_store(self) -> Path | None:
        """Close the checked database and give its path, for a caller that opens its own
        (the TUI reopens it in its worker thread)."""
        if self.store is None:
            return None
        self.store.close()
        return self.store.path


def open_agent(given: AgentOptions) -> OpenedAgent:
    """Check the shared options and open the session database: every refusal comes from
    here, the same for ``chat`` and ``tui``, before anything is written."""
    backend = choose_backend(given.backend, given.model, given.resume, given.save)
    if given.resume:
        refuse_with_resume(**{name: getattr(given, name) for name in RESUME_FIXED})
    scenario = resolve_scenario(given.scenario, given.crad, given.target, given.max_days,
                                given.balance)
    store = SessionStore(given.db) if (given.save or given.resume) else None
    return OpenedAgent(
        scenario=scenario,
        label=f"CRAD {given.scenario}" if given.scenario is not None else "custom",
        policy=given.policy or "eq", backend=backend,
        seed=0 if given.seed is None else given.seed, sensor=given.sensor, crad=given.crad,
        resume=given.resume, store=store,
    )
