"""Realising a reply plan: the plan's own wording (the template voice) and the helpers every
voice shares.

Until the turn runs the plan stage itself, a realiser builds the plan from its context: the
reader's outputs (the move, the sensor's top label) and the dialogue so far, exactly as the
plan stage will (:func:`plan_for`). :class:`PlanTemplateRealiser` sends the plan as worded;
the model voice (:mod:`edge_agent.realise.voice`) rewords only the slots the plan marks
``voiced`` and sends every other slot as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from edge_agent.plan import Heard, ReplyPlan, plan_reply, sentence_key, split_sentences
from edge_agent.plan.tone import Reader, ToneReader
from edge_agent.realise.base import Realisation, RealiserContext, TokenCallback
from edge_core import Action, Decision, Tactic

_STATED_DAYS = re.compile(r"\b(\d{1,4})\s+days\b")


def heard_from(ctx: RealiserContext) -> Heard:
    """What the planner hears from a realiser context: the reader's outputs, the debtor's
    earlier messages, and our standing offer (the context's when the turn gives one, else the
    days our own last message stated: the code wrote that figure)."""
    earlier = tuple(t.text for t in ctx.history[:-1] if t.role == "debtor")
    standing = getattr(ctx, "standing", None)
    if standing is None:
        ours = [t.text for t in ctx.history if t.role == "creditor"]
        found = _STATED_DAYS.findall(ours[-1]) if ours else []
        standing = int(found[-1]) if found else None
    return Heard(ctx.debtor_text, ctx.move, ctx.emotion, earlier, standing)


def plan_for(decision: Decision, ctx: RealiserContext,
             tone: ToneReader | None = None) -> ReplyPlan:  # fmt: skip
    """The context's plan when the turn made one, else the plan built the same way."""
    given = getattr(ctx, "plan", None)
    if isinstance(given, ReplyPlan):
        return given
    return plan_reply(decision, ctx.scenario, heard_from(ctx), used=ctx.used_sentences(),
                      seed=ctx.seed, turn=ctx.turn, tone=tone)  # fmt: skip


def sentence_probe(decision: Decision) -> Decision:
    """The decision a single sentence is guarded against: it states no days, carries no
    agreement and no disclosure duty, and keeps the persona, the supportive mode and whether
    the offer is final, so every rule that can judge one sentence does."""
    return Decision(Action.CLOSE_FAILED, Tactic.CLOSE, decision.persona, None,
                    supportive=decision.supportive, final=decision.final)  # fmt: skip


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

    def __init__(self, reader: Reader | None = None) -> None:
        self.tone = ToneReader(reader) if reader is not None else None

    def realise(self, decision: Decision, ctx: RealiserContext,
                on_token: TokenCallback | None = None) -> Realisation:  # fmt: skip
        plan = plan_for(decision, ctx, self.tone)
        shower = Shower(on_token)
        for item in plan.items:
            shower.show(item.text)
        stats: dict[str, Any] = {
            "plan": list(plan.slot_keys()), "act": plan.act, "unanswered": list(plan.unanswered),
            "slots": [{"key": i.key, "source": "plan", "text": i.text} for i in plan.voiced],
        }  # fmt: skip
        return Realisation(plan.text(), self.name, "template", stats)


__all__ = ["PlanTemplateRealiser", "Shower", "heard_from", "no_repeats", "plan_for",
           "sentence_probe"]
