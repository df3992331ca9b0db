"""A dialogue's status, read from its latest decision.

Its own module because the session (whose status it is) and the trace (which records it for
every turn) both need it, and the trace must not import the session that holds traces.
"""

from __future__ import annotations

from edge_core import Action

_CLOSING = {Action.ACCEPT: "agreed", Action.CLOSE_FAILED: "failed", Action.CLOSE_STOP: "failed",
            Action.CONFIRM: "awaiting_confirmation", Action.PAUSE_DISPUTE: "disputed"}
ACTIVE_STATUSES = ("open", "awaiting_confirmation")
"""Statuses in which the dialogue goes on (the debtor may write again)."""
STATUSES = frozenset({"open", *_CLOSING.values()})
"""Every status a dialogue can reach: the store's listing checks rows against this set, so a
status added here is never reported as a damaged row."""


def status_of(action: Action) -> str:
    """The session status once a decision with ``action`` is the latest turn."""
    return _CLOSING.get(action, "open")


__all__ = ["ACTIVE_STATUSES", "STATUSES", "status_of"]
