"""The small core of domain types every layer shares.

Nothing here knows about models, text generation or I/O beyond reading a scenario file:
``policies`` builds on it, ``edge_agent`` builds on ``policies``, ``sims`` on ``edge_agent``.
"""

from edge_core.decision import Action, Decision, Tactic
from edge_core.emotions import EMOTIONS, NEGATIVE, EmotionProbs
from edge_core.moves import Consent, DebtorMove, MoveKind
from edge_core.offers import Offer
from edge_core.scenario import Scenario, ScenarioError
from edge_core.view import LAST_MOVERS, Exchange, NegotiationView

__all__ = [
    "EMOTIONS",
    "LAST_MOVERS",
    "NEGATIVE",
    "Action",
    "Consent",
    "DebtorMove",
    "Decision",
    "EmotionProbs",
    "Exchange",
    "MoveKind",
    "NegotiationView",
    "Offer",
    "Scenario",
    "ScenarioError",
    "Tactic",
]
