"""Debtor simulators and the agent-to-agent evaluation harness (CRAD protocol).

``sims`` sits on top of the stack (``sims -> edge_agent -> policies -> edge_core``): it may
import the agent, nothing imports it. Entry points: :class:`sims.debtor.RuleDebtor`,
:func:`sims.protocol.run_dialogue`, :func:`sims.runner.run` and the ``edge-agent sim`` CLI.
"""

from sims.debtor import CreditorMessage, DebtorTurn, RuleDebtor
from sims.personas import PERSONAS
from sims.protocol import PolicySpec, run_dialogue
from sims.response import ResponseParams

__all__ = [
    "PERSONAS",
    "CreditorMessage",
    "DebtorTurn",
    "PolicySpec",
    "ResponseParams",
    "RuleDebtor",
    "run_dialogue",
]
