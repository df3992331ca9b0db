"""Reading debtor messages: normalisation, duties, figures and consent (see :mod:`.reader`)."""

from edge_agent.reading.normalise import normalise
from edge_agent.reading.reader import read

__all__ = ["normalise", "read"]
