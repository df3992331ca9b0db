"""Realisers: the stage that turns a decision into words."""

from edge_agent.realise.base import DialogueTurn, Realisation, Realiser, RealiserContext
from edge_agent.realise.template import TemplateRealiser

__all__ = ["DialogueTurn", "Realisation", "Realiser", "RealiserContext", "TemplateRealiser"]
