"""The terminal UI (Textual): negotiate with the agent and watch its reasoning live.

Start it with ``edge-agent tui``; :class:`edge_agent.tui.app.EdgeAgentApp` is the app. Textual is
imported only by this package, never by the rest of ``edge_agent``.
"""
