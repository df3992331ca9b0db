"""Reading debtor messages: normalisation, duties, figures and consent (see :mod:`.reader`)."""

from edge_agent.read.reader import read
from edge_agent.text.normalise import normalise

__all__ = ["normalise", "read"]
