"""Transcript export from the TUI: Markdown for people, JSON for tools.

Both are :mod:`edge_agent.state.export` (the one exporter) applied to the agent's session;
this module only names the agent's backend and spells policy modes for people.
"""

from __future__ import annotations

from typing import Any

from edge_agent.agent import Negotiator
from edge_agent.state import export
from edge_agent.tui.formatting import mode_name

EXPORT_FORMAT = export.EXPORT_FORMAT


def transcript_messages(agent: Negotiator) -> list[dict[str, Any]]:
    """Every message in order; creditor messages carry persona, offer and trace."""
    return export.messages(agent.session)


def to_json(agent: Negotiator) -> str:
    """The transcript as JSON: scenario, configuration, outcome and every message."""
    return export.to_json(agent.session, session_id=agent.session_id, backend=agent.backend)


def to_markdown(agent: Negotiator) -> str:
    """The transcript as Markdown: a scenario table, then the dialogue with a trace line a
    creditor message."""
    return export.transcript_markdown(agent.session, agent.backend, mode_name)
