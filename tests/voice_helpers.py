"""Driving the plan-based voices outside a negotiator's turn (tests and bench/bench_voice.py).

What the turn's plan stage does, as a planner a realiser can be given: hear the message
through the read stage, plan the reply with the scenario's facts and the dialogue's used
sentences, and narrow voiced variants to the persona when a reader is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from edge_agent.plan import ToneReader, plan_reply
from edge_agent.read.heard import hear
from edge_agent.realise.base import RealiserContext
from edge_agent.realise.planned import Planner, PlanTemplateRealiser
from edge_agent.verify.faithful import SentenceJudge
from edge_core import Decision
from edge_core.reply_plan import ReplyPlan

_STATED_DAYS = re.compile(r"\b(\d{1,4})\s+days\b")


def standing_of(ctx: RealiserContext) -> int | None:
    """Our offer before this reply: the days our own last message stated (code-written)."""
    ours = [t.text for t in ctx.history if t.role == "creditor"]
    found = _STATED_DAYS.findall(ours[-1]) if ours else []
    return int(found[-1]) if found else None


def planner_for(reader: Callable[[str], Mapping[str, float]] | None = None) -> Planner:
    tone = ToneReader(reader) if reader is not None else None

    def planner(decision: Decision, ctx: RealiserContext) -> ReplyPlan:
        earlier = [t.text for t in ctx.history[:-1] if t.role == "debtor"]
        heard = hear(ctx.debtor_text, ctx.move, ctx.emotion, earlier, standing_of(ctx))
        return plan_reply(decision, ctx.scenario, heard, used=ctx.used_sentences(),
                          seed=ctx.seed, turn=ctx.turn, tone=tone)  # fmt: skip

    return planner


def template_voice(reader=None) -> PlanTemplateRealiser:
    return PlanTemplateRealiser(planner_for(reader))


def model_voice(backend: str = "llama", *, reader=None, **opts: Any):
    from edge_agent.realise.voice import make_voice_realiser

    return make_voice_realiser(backend, judge=SentenceJudge(), planner=planner_for(reader),
                               **opts)
