"""The chat pane: one bordered message per turn, the creditor's reply streaming into place."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static


class ChatMessage(Static):
    """One message. ``role`` is ``creditor``, ``debtor`` or ``system``."""

    def __init__(self, role: str, text: str = "", title: str | None = None) -> None:
        super().__init__(Text(text), classes=role)
        self.role = role
        self.text = text
        self.border_title = title or role

    def set_text(self, text: str) -> None:
        self.text = text
        self.update(Text(text))

    def append(self, piece: str) -> None:
        self.set_text(self.text + piece)

    def withdraw(self, shown: str) -> None:
        """Mark the partly shown reply of a failed turn as not sent (struck through): the
        debtor must not read it as said."""
        self.text = shown
        self.update(Text(shown, style="strike"))
        self.add_class("withdrawn")
        self.border_subtitle = "not sent: the turn failed"


class ChatLog(VerticalScroll):
    """The conversation, newest at the bottom; follows new messages."""

    can_focus = False

    def add(self, role: str, text: str = "", title: str | None = None) -> ChatMessage:
        message = ChatMessage(role, text, title)
        self.mount(message)
        self.call_after_refresh(self.scroll_end, animate=False)
        return message

    def follow(self) -> None:
        """Keep the newest line in view while a reply streams in."""
        self.scroll_end(animate=False)

    def clear(self) -> None:
        self.remove_children()

    @property
    def messages(self) -> list[ChatMessage]:
        return list(self.query(ChatMessage))
