"""The realiser stage: turn a structured :class:`Decision` into the creditor's words.

A realiser never decides. It receives the decision (persona, tactic, offer) and the dialogue so
far, and returns text. ``RealiserContext.validate`` lets a generative realiser check its own
draft (the numbers it states, the compliance guard) and retry before giving up; the
negotiator still runs the guard on whatever comes back and falls back to the template
realiser if it fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from edge_agent.text.sentences import sentence_key, split_sentences
from edge_core import DebtorMove, Decision, Scenario

Role = Literal["creditor", "debtor"]
TokenCallback = Callable[[str], None]
"""Called with each piece of text as a streaming realiser produces it."""


@dataclass(frozen=True, slots=True)
class DialogueTurn:
    role: Role
    text: str


def _no_problems(text: str) -> list[str]:
    return []


@dataclass(frozen=True)
class RealiserContext:
    """What a realiser may use besides the decision.

    ``history`` holds every message so far, oldest first, ending with the debtor message being
    answered (empty for the opening). ``turn`` counts creditor messages from 0 (the opening).
    ``validate`` returns the problems of a draft reply (empty when it may be sent).
    ``move`` and ``emotion`` are what the parser and the emotion sensor read in the debtor
    message being answered (None for the opening), so a reply can answer it specifically.
    """

    scenario: Scenario
    history: tuple[DialogueTurn, ...]
    turn: int
    seed: int
    validate: Callable[[str], list[str]] = _no_problems
    move: DebtorMove | None = None
    emotion: str | None = None

    @property
    def debtor_text(self) -> str:
        """The debtor message being answered ("" for the opening)."""
        last = self.history[-1] if self.history else None
        return last.text if last is not None and last.role == "debtor" else ""

    def used_sentences(self) -> frozenset[str]:
        """Every sentence the creditor has already sent, normalised for comparison."""
        return frozenset(
            sentence_key(s) for t in self.history if t.role == "creditor"
            for s in split_sentences(t.text)
        )  # fmt: skip


@dataclass
class Realisation:
    """A realiser's reply and how it was produced.

    ``path`` says which route produced ``text``: ``template``, ``llm`` (first draft passed),
    ``llm_retry`` (the retry passed) or ``fallback`` (the template after failed drafts).
    ``stats`` carries backend figures for the trace (prompt tokens, tokens re-evaluated,
    tokens generated, time to first token, total time); ``rejected`` the failed drafts and
    their problems.
    """

    text: str
    backend: str
    path: str
    stats: dict[str, Any] = field(default_factory=dict)
    rejected: list[dict[str, Any]] = field(default_factory=list)


@runtime_checkable
class Realiser(Protocol):
    """Phrases decisions. Implementations: ``TemplateRealiser``, ``LlamaRealiser``."""

    name: str

    def realise(
        self,
        decision: Decision,
        ctx: RealiserContext,
        on_token: TokenCallback | None = None,
    ) -> Realisation: ...


__all__ = [
    "DialogueTurn",
    "Realisation",
    "Realiser",
    "RealiserContext",
    "Role",
    "TokenCallback",
]
