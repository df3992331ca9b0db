"""The plan stage, between decide and realise: what a reply must contain, in order.

See :mod:`edge_agent.plan.types` for the plan and :mod:`edge_agent.plan.planner` for how it is
built; :mod:`edge_agent.plan.wording` holds every reviewed text a plan may carry.
"""

from edge_agent.plan.planner import Heard, plan_reply, sentence_key, split_sentences
from edge_agent.plan.types import Allowance, Part, PlanItem, ReplyPlan

__all__ = ["Allowance", "Heard", "Part", "PlanItem", "ReplyPlan", "plan_reply", "sentence_key",
           "split_sentences"]
