"""The realiser stage: turn a structured :class:`Decision` into the creditor's words.

A realiser never decides, and it does not judge its text against the rules either: that is
the verify stage's (:mod:`edge_agent.verify.resolve`, which also decides what is sent when a
text fails). There are two kinds:

- a **replying** realiser (:class:`Realiser`: the template realiser, or any object with
  ``realise``) returns one finished :class:`Realisation`;
- a **drafting** realiser (:class:`Drafter`: the llama realiser) offers drafts (:class:`Draft`)
  one at a time, each judged before the next is drawn, and may decline a decision it must not
  phrase (:meth:`Drafter.speaks`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from edge_agent.text.sentences import sentence_key, split_sentences
from edge_core import DebtorMove, Decision, Scenario
from edge_core.dialogue import Cue, DialogueTurn, Role

TokenCallback = Callable[[str], None]
"""Called with each piece of text as a streaming realiser produces it."""
NO_CUE = Cue("none")
"""Nothing specific to acknowledge (the opening, or a context built without a reading)."""


def _no_problems(text: str) -> list[str]:
    return []


@dataclass(frozen=True)
class RealiserContext:
    """What a realiser may use besides the decision.

    ``history`` holds every message so far, oldest first, ending with the debtor message being
    answered (empty for the opening). ``turn`` counts creditor messages from 0 (the opening).
    ``validate`` returns the guard's problems with a text (empty when it may be sent), for a
    custom realiser that wants to check itself; the negotiator judges every text anyway.
    ``move`` and ``emotion`` are what the parser and the emotion sensor read in the debtor
    message being answered (None for the opening); ``ack`` is what the reply should
    acknowledge first, as the read stage found it and the sensor's feeling completed it
    (:mod:`edge_agent.read.acknowledge`), so a reply answers the message without reading it.
    """

    scenario: Scenario
    history: tuple[DialogueTurn, ...]
    turn: int
    seed: int
    validate: Callable[[str], list[str]] = _no_problems
    move: DebtorMove | None = None
    emotion: str | None = None
    ack: Cue = NO_CUE

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
    """Phrases decisions in one finished reply. Implementation: ``TemplateRealiser``."""

    name: str

    def realise(
        self,
        decision: Decision,
        ctx: RealiserContext,
        on_token: TokenCallback | None = None,
    ) -> Realisation: ...


@dataclass(frozen=True)
class Draft:
    """One attempt of a drafting realiser, not yet judged.

    ``path`` is the route if this draft is sent (``llm``, ``llm_retry``). ``problems`` are
    what the realiser itself found (its voice, a repeated sentence, a prompt too long): a
    draft with any is rejected without asking the guard. ``record`` is what a rejected
    draft adds to its trace entry besides ``attempt``, ``text`` and ``problems`` (the model's
    words). ``stats`` are the trace's figures if this draft is sent; ``spent`` the figures
    of every attempt so far, reported if the template speaks after it."""

    text: str
    path: str
    attempt: int
    problems: tuple[str, ...] = ()
    record: Mapping[str, Any] = field(default_factory=dict)
    stats: Mapping[str, Any] = field(default_factory=dict)
    spent: Mapping[str, Any] = field(default_factory=dict)


@runtime_checkable
class Drafter(Protocol):
    """Phrases decisions in drafts, judged one at a time (``LlamaRealiser``).

    A decision it declines (``speaks`` false) is spoken by the template realiser and traced
    under this realiser's name with the stats ``{"model": name}``."""

    name: str

    def speaks(self, decision: Decision) -> bool: ...

    def drafts(self, decision: Decision, ctx: RealiserContext) -> Iterator[Draft]: ...


__all__ = [
    "DialogueTurn",
    "Draft",
    "Drafter",
    "Realisation",
    "Realiser",
    "RealiserContext",
    "Role",
    "TokenCallback",
]
