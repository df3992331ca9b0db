"""Realisers: the stage that turns a decision into words."""

from edge_agent.realisers.base import DialogueTurn, Realisation, Realiser, RealiserContext
from edge_agent.realisers.template import TemplateRealiser

__all__ = ["DialogueTurn", "Realisation", "Realiser", "RealiserContext", "TemplateRealiser"]
