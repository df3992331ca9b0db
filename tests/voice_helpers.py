"""Driving the plan-based voices outside a negotiator's turn (tests and bench/bench_voice.py).

What the turn's plan stage does, as a planner a realiser can be given: hear the message
through the read stage, plan the reply with the scenario's facts and the dialogue's used
sentences, and narrow voiced variants to the persona when a reader is given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from edge_agent.realise.planned import Planner, PlanTemplateRealiser
from edge_agent.turn import context_planner
from edge_agent.verify.faithful import SentenceJudge


def planner_for(reader: Callable[[str], Mapping[str, float]] | None = None) -> Planner:
    """The pipeline's planner for a context built outside a turn."""
    return context_planner(reader)


def template_voice(reader=None) -> PlanTemplateRealiser:
    return PlanTemplateRealiser(planner_for(reader))


def model_voice(backend: str = "llama", *, reader=None, **opts: Any):
    from edge_agent.realise.voice import make_voice_realiser

    return make_voice_realiser(backend, judge=SentenceJudge(), planner=planner_for(reader),
                               **opts)
