"""What every guard check reads and what it returns.

A check is a small function ``check(g: GuardInput) -> list[Violation]``: it reads the one
prepared input and reports what it found. Keeping both types here, apart from
:mod:`edge_agent.verify.guard`, lets the check modules (``rules``, ``figures``, ``surface``,
``obligations``, ``identity``) import them without importing the guard that runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from edge_core import Decision, Scenario
from edge_core.jurisdictions import Jurisdiction


@dataclass(frozen=True, slots=True)
class Violation:
    """One problem: the rule id (public: it is in every trace) and what was seen."""

    rule: str
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "detail": self.detail}


@dataclass(frozen=True)
class GuardInput:
    """What every check reads: the NFKC-normalised text, the decision, the scenario, the
    jurisdiction's rulebook."""

    text: str
    """The normalised text with the parties' names masked: what the word rules read."""
    decision: Decision
    scenario: Scenario
    jurisdiction: Jurisdiction
    named: str = ""
    """The normalised text with the names as written: what identity checks read."""
    hidden: tuple[str, ...] = ()
    """Invisible characters the text carried (removed from ``text`` and ``named``)."""

    @property
    def lowered(self) -> str:
        return self.text.lower()


Check = Callable[[GuardInput], list[Violation]]
"""One step of the guard; :data:`edge_agent.verify.guard.CHECKS` runs them in order."""
