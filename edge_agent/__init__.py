"""edge-agent: an on-device credit-negotiation agent.

The public contract::

    from edge_agent import Negotiator, Scenario, EmotionSensor, EMOTIONS, SessionClosed
    from edge_agent import SessionStore, StoreError, SessionFormatError, ConcurrentTurn
"""

from edge_agent._support import offline as _offline  # noqa: F401  (must run before onnxruntime can load)
from edge_agent.agent import (
    ConcurrentTurn,
    InvalidMessage,
    NegotiationError,
    Negotiator,
    Reply,
    ReplyWithdrawn,
    SentenceCallbackError,
    SessionClosed,
)
from edge_agent.sense import EmotionSensor
from edge_agent.state.session import SessionFormatError
from edge_agent.state.store import SessionStore, StoreError
from edge_core import EMOTIONS, NEGATIVE, Scenario, ScenarioError

__all__ = [
    "EMOTIONS",
    "NEGATIVE",
    "ConcurrentTurn",
    "EmotionSensor",
    "InvalidMessage",
    "NegotiationError",
    "Negotiator",
    "Reply",
    "ReplyWithdrawn",
    "Scenario",
    "ScenarioError",
    "SentenceCallbackError",
    "SessionClosed",
    "SessionFormatError",
    "SessionStore",
    "StoreError",
]
__version__ = "0.1.0"
