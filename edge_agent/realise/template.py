"""The deterministic template realiser: the reply plan exactly as the plan stage worded it.

A first-class backend, not a stub: it runs on the tiniest device, it is the fallback whenever
a generated reply fails validation, and its output always passes the compliance guard. It
holds no wording of its own: every text a reply may carry lives in
:mod:`edge_agent.plan.wording`, and the plan stage (:mod:`edge_agent.plan`) chooses among
them, so the template voice and every backend's fallback can never drift apart (issue 20).

A turn puts its plan on the context (``RealiserContext.plan``). A caller that drives the
realiser directly (a benchmark, a test) gives it a planner when building it
(:func:`edge_agent.turn.context_planner`): the realise stage may not import the plan stage,
so it is handed the plan, or the means to make one, and never plans itself.
"""

from __future__ import annotations

from edge_agent.realise.base import Realisation, RealiserContext, TokenCallback
from edge_agent.realise.planned import Planner, plan_for
from edge_core import Decision, Scenario


class TemplateRealiser:
    """Sends the reply plan as worded: the turn's plan, else the one its planner makes."""

    name = "template"

    def __init__(self, planner: Planner | None = None) -> None:
        self.planner = planner

    def realise(
        self,
        decision: Decision,
        ctx: RealiserContext,
        on_token: TokenCallback | None = None,
    ) -> Realisation:
        text = self.phrase(decision, ctx.scenario, seed=ctx.seed, turn=ctx.turn, ctx=ctx)
        if on_token is not None:
            on_token(text)
        return Realisation(text=text, backend=self.name, path="template")

    def phrase(self, decision: Decision, scenario: Scenario, *, seed: int, turn: int,
               ctx: RealiserContext | None = None) -> str:  # fmt: skip
        """The reply: the plan's text, the one reviewed wording every backend falls back to,
        duty texts included. Without ``ctx`` it answers an unknown message at ``turn`` of a
        dialogue with no history. Raises ValueError when there is no plan and no planner
        (the old word banks are gone: there is no second wording to fall back to)."""
        if ctx is None:
            ctx = RealiserContext(scenario, (), turn, seed)
        return plan_for(decision, ctx, self.planner).text()


__all__ = ["TemplateRealiser"]
