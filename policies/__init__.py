"""Policies: pure functions of observable negotiation state.

Split as NegMAS splits a negotiator: a persona policy picks the emotion the creditor displays
(:mod:`policies.persona`, built by name in :mod:`policies.registry`), an offering strategy
picks the offer (:mod:`policies.concession`), an acceptance strategy judges the debtor's
offers (:mod:`policies.acceptance`), and :mod:`policies.strategy` composes them into one
:class:`edge_core.Decision` per turn. The opponent model (the HMM tracker) lives in
``edge_agent`` and reaches policies only through the belief and predictions in
:class:`edge_core.NegotiationView`.
"""

from policies.acceptance import AcceptanceStrategy
from policies.concession import ConcessionCurve
from policies.payoff import DEFAULT_PAYOFF, PayoffMatrix
from policies.persona import PersonaChoice, PersonaPolicy
from policies.registry import POLICY_NAMES, make_persona_policy
from policies.strategy import CreditorStrategy

__all__ = [
    "DEFAULT_PAYOFF",
    "POLICY_NAMES",
    "AcceptanceStrategy",
    "ConcessionCurve",
    "CreditorStrategy",
    "PayoffMatrix",
    "PersonaChoice",
    "PersonaPolicy",
    "make_persona_policy",
]
