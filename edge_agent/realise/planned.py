"""Realising a reply plan: the plan's own wording (the template voice) and the helpers every
voice shares.

The turn's plan stage puts the plan on the context (``RealiserContext.plan``); a realiser
driven directly (a benchmark, a test) is given a planner instead (:func:`plan_for`).
:class:`PlanTemplateRealiser` sends the plan as worded; the model voice
(:mod:`edge_agent.realise.voice`) rewords only the slots the plan marks ``voiced`` and sends
every other slot as written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from edge_agent.realise.base import (
    Realisation,
    RealiserContext,
    TokenCallback,
    sentence_key,
    split_sentences,
)
from edge_core import Decision
from edge_core.reply_plan import ReplyPlan

Planner = Callable[[Decision, RealiserContext], ReplyPlan]
"""Builds a context's plan when the turn did not (benchmarks and tests that drive a realiser
directly); the realise stage never plans itself."""


def plan_for(decision: Decision, ctx: RealiserContext,
             planner: Planner | None = None) -> ReplyPlan:  # fmt: skip
    """The plan the turn put on the context, else the one ``planner`` builds."""
    given = getattr(ctx, "plan", None)
    if isinstance(given, ReplyPlan):
        return given
    if planner is None:
        raise ValueError("no reply plan: the turn's plan stage sets RealiserContext.plan, or "
                         "give the realiser a planner")
    return planner(decision, ctx)


class Shower:
    """Hands sentences to ``on_token`` in order, as soon as each is safe: fixed slots at once,
    voiced slots once their checks passed. Pieces after the first carry a leading space, so
    they join to the reply exactly."""

    def __init__(self, on_token: TokenCallback | None,
                 clock: Callable[[], float] | None = None) -> None:  # fmt: skip
        self.on_token = on_token
        self.shown: list[str] = []
        self.first_at: float | None = None
        self._clock = clock

    def show(self, text: str) -> None:
        if not text:
            return
        piece = text if not self.shown else " " + text
        self.shown.append(text)
        if self.first_at is None and self._clock is not None:
            self.first_at = self._clock()
        if self.on_token is not None:
            self.on_token(piece)

    @property
    def text(self) -> str:
        return " ".join(self.shown)


def no_repeats(text: str, used: frozenset[str]) -> list[str]:
    """Sentences of ``text`` the dialogue already sent (a reply never repeats one)."""
    return [s for s in split_sentences(text) if sentence_key(s) in used]


class PlanTemplateRealiser:
    """The template voice: the plan exactly as worded (every slot reviewed text)."""

    name = "template"

    def __init__(self, planner: Planner | None = None) -> None:
        self.planner = planner

    def realise(self, decision: Decision, ctx: RealiserContext,
                on_token: TokenCallback | None = None) -> Realisation:  # fmt: skip
        plan = plan_for(decision, ctx, self.planner)
        shower = Shower(on_token)
        for item in plan.items:
            shower.show(item.text)
        stats: dict[str, Any] = {
            "plan": list(plan.slot_keys()), "act": plan.act, "unanswered": list(plan.unanswered),
            "slots": [{"key": i.key, "source": "plan", "text": i.text} for i in plan.voiced],
        }  # fmt: skip
        return Realisation(plan.text(), self.name, "template", stats)


__all__ = ["PlanTemplateRealiser", "Planner", "Shower", "no_repeats", "plan_for"]
