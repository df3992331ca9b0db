"""The ``edge-agent`` command line (Typer).

``edge_agent.cli:main`` is the console script and ``app`` the Typer app that the
``edge_agent.cli`` entry-point group extends: both stay importable here. The commands live
in :mod:`.app` (root, ``chat``, ``tui``), :mod:`.sessions` and :mod:`.learned`; the options
``chat`` and ``tui`` share, and the one function that checks them, in :mod:`.options`.
"""

from edge_agent.cli.app import PLUGIN_GROUP, app, load_plugins, main, trace_line
from edge_agent.cli.errors import fail, user_errors
from edge_agent.cli.options import (
    DEFAULT_BALANCE,
    AgentOptions,
    OpenedAgent,
    choose_backend,
    open_agent,
    refuse_with_resume,
    resolve_scenario,
)

__all__ = [
    "DEFAULT_BALANCE",
    "PLUGIN_GROUP",
    "AgentOptions",
    "OpenedAgent",
    "app",
    "choose_backend",
    "fail",
    "load_plugins",
    "main",
    "open_agent",
    "refuse_with_resume",
    "resolve_scenario",
    "trace_line",
    "user_errors",
]
