"""The plan stage, between decide and realise: what a reply must contain, in order.

:mod:`edge_agent.plan.planner` builds a :class:`~edge_core.reply_plan.ReplyPlan` from the
decision, the scenario and what the read stage heard (:class:`~edge_core.reply_plan.Heard`);
:mod:`edge_agent.plan.wording` holds every reviewed text a plan may carry;
:mod:`edge_agent.plan.tone` narrows voiced variants to those that carry the persona.
"""

from edge_agent.plan.planner import plan_reply, sentence_key, split_sentences
from edge_agent.plan.tone import ToneReader
from edge_core.reply_plan import Allowance, Heard, Part, PlanItem, ReplyPlan

__all__ = ["Allowance", "Heard", "Part", "PlanItem", "ReplyPlan", "ToneReader", "plan_reply",
           "sentence_key", "split_sentences"]
