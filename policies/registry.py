"""Persona policies by name: the one list of names, and the one place that builds them.

Every other list of policy names (the CLI's ``--policy`` help, the TUI's policy menu, the
simulator's ``PolicySpec``) derives from :data:`BUILDERS`, so a policy added here is offered
everywhere at once; the TUI's hand-kept copy once lacked three of them.

The registry lives apart from :mod:`policies.persona` because it must import the learning
policies (:mod:`policies.learner`, :mod:`policies.paper`), which import
:class:`policies.persona.PersonaChoice`: kept beside the base classes it forced
function-local imports to break that cycle. Here every import is at the top, one way:
registry -> persona, learner, paper.
"""

from __future__ import annotations

from collections.abc import Callable

from edge_core.emotions import EMOTIONS
from policies.learner import LearnerPolicy
from policies.paper import PaperPolicy
from policies.payoff import PayoffMatrix
from policies.persona import (
    PERSONA_SETS,
    EQPolicy,
    FixedPolicy,
    HMMPolicy,
    PayoffPolicy,
    PersonaPolicy,
    RandomPolicy,
    VanillaPolicy,
    WSLSPolicy,
)

FIXED_PREFIX = "fixed:"
"""``fixed:<emotion>`` displays one emotion throughout (one name per emotion)."""

BUILDERS: dict[str, Callable[[PayoffMatrix], PersonaPolicy]] = {
    "eq": lambda matrix: LearnerPolicy(payoff=matrix),
    "eq-paper": lambda matrix: PaperPolicy(),  # the published method keeps its own table
    "eq-switch": lambda matrix: EQPolicy(matrix, name="eq-switch"),
    "payoff": PayoffPolicy,
    "wsls": WSLSPolicy,
    "hmm": HMMPolicy,
    "vanilla": lambda matrix: VanillaPolicy(),
    "vanilla-adaptive": lambda matrix: VanillaPolicy("vanilla-adaptive", emotion_blind=False),
    "random": lambda matrix: RandomPolicy(),
    # eq on every persona, the three a creditor does not show included: research runs only.
    "eq-research": lambda matrix: LearnerPolicy(
        payoff=matrix, personas=tuple(PERSONA_SETS["research"].values())),
}
"""Each named policy from the payoff matrix it plays on, in the order help texts list them."""

POLICY_NAMES: tuple[str, ...] = (*BUILDERS, f"{FIXED_PREFIX}<emotion>")
"""The names :func:`make_persona_policy` accepts, as documentation and error messages show
them (``fixed:<emotion>`` stands for one name per emotion)."""


def policy_choices() -> tuple[str, ...]:
    """Every concrete policy name, for a menu: the named ones, then ``fixed:`` per emotion."""
    return (*BUILDERS, *(f"{FIXED_PREFIX}{e}" for e in EMOTIONS))


def make_persona_policy(name: str, payoff: PayoffMatrix | None = None) -> PersonaPolicy:
    """Build a persona policy from its name (see :data:`POLICY_NAMES`); names are read
    case-blind and without surrounding spaces. ``payoff`` defaults to the project's matrix."""
    key = name.strip().lower()
    if key.startswith(FIXED_PREFIX):
        return FixedPolicy(key.removeprefix(FIXED_PREFIX))
    if key not in BUILDERS:
        raise ValueError(f"unknown policy {name!r}; expected one of {', '.join(POLICY_NAMES)}")
    return BUILDERS[key](payoff or PayoffMatrix())
