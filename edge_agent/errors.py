"""The negotiator's own errors, in one family a caller can catch as :class:`NegotiationError`.

A module of their own so every layer that raises or catches them (the facade, the turn, the
interfaces) imports them from one place without importing the facade itself. They are public
(``from edge_agent import NegotiationError, SessionClosed...``), re-exported by
:mod:`edge_agent.agent` where they used to live.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edge_agent.agent import Reply


class NegotiationError(RuntimeError):
    """Base class of the negotiator's own errors."""


class SessionClosed(NegotiationError):
    """``respond`` was called after the dialogue ended (agreed or failed)."""


class InvalidMessage(NegotiationError, ValueError):
    """A debtor message the negotiator refuses (empty, too long, not text). Nothing changes."""


class ConcurrentTurn(NegotiationError):
    """``open``/``respond`` was called while another call on the same negotiator was still
    running (another thread). Turns are strictly sequential; nothing changes."""


class TokenCallbackError(NegotiationError):
    """The caller's ``on_token`` raised after the turn was committed. The session, the tracker
    and any store agree on the committed turn, ``reply`` (also :meth:`Negotiator.last_reply`)
    is what was decided and said: show it, and do not send the debtor's message again (a
    retry would record it twice). The callback's exception is the ``__cause__``."""

    def __init__(self, message: str, reply: Reply) -> None:
        super().__init__(message)
        self.reply = reply


class SentenceCallbackError(TokenCallbackError):
    """The caller's ``on_sentence`` raised during the turn. It was not called again in that
    turn; the turn went on and was committed, ``reply`` is what was sent (show it whole, do
    not resend the message). The callback's exception is the ``__cause__``."""


class ReplyWithdrawn(NegotiationError):
    """The turn failed after ``on_sentence`` had shown part of its reply: nothing was sent
    or committed, and ``shown`` (the text already handed to ``on_sentence``) must be taken
    off the screen or marked as not sent. The turn's own error is the ``__cause__``;
    retrying the message is safe, as after any failed turn."""

    def __init__(self, message: str, shown: str) -> None:
        super().__init__(message)
        self.shown = shown


__all__ = ["ConcurrentTurn", "InvalidMessage", "NegotiationError", "ReplyWithdrawn",
           "SentenceCallbackError", "SessionClosed", "TokenCallbackError"]
